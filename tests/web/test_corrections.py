"""A reviewer corrects a row the reader could not read (人工更正), on SQLite and PostgreSQL: the correction is kept
and audited, stored as a new current reading checked again, the reader's reading kept; the report page marks the
corrected cells; a reader is offered no form and refused; a reparse reapplies a correction only where the row is
still unreadable.

石嘴山市科学技术局 2023 (sample 001) prints table 三's row （三）1.属于国家秘密 with six cells for seven columns:
the reader leaves it unreadable (as it must: which column is missing is not for it to guess)."""

from __future__ import annotations

import hashlib
import re
import zlib

from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from ogi.corpus.corrections import CellCorrection, apply_corrections
from ogi.corpus.records import CellRecord, Reading
from ogi.model.layout import TableKey
from ogi.model.report import Report, RowStatus
from ogi.storage.base import AuditEntry

from .reports_support import SHIZUISHAN
from .support import add_user, page_token, sign_in

ROW = "withheld_state_secret"
COLUMNS = ["natural_person", "commercial_enterprise", "research_institution", "public_interest_org",
           "legal_service_org", "other_org", "total"]
CELL_PAGE = f"/reports/{{sha}}/cell?table=table3&row={ROW}&column="


def _upload(client: TestClient, engine: Engine, who: str = "li.ming") -> str:
    add_user(engine, who, "reviewer")
    assert sign_in(client, who).status_code == 303
    data = SHIZUISHAN.read_bytes()
    token = page_token(client, "/reports/new")
    done = client.post("/reports/new", data={"csrf_token": token}, files={"file": ("石嘴山.txt", data)},
                       follow_redirects=False)
    assert done.status_code == 303
    return hashlib.sha256(data).hexdigest()


def _post(client: TestClient, sha: str, values: list[str], reason: str, row: str = ROW):  # noqa: ANN202
    token = page_token(client, CELL_PAGE.format(sha=sha).replace(ROW, row))
    return client.post(f"/reports/{sha}/correction", follow_redirects=False,
                       data={"csrf_token": token, "table": "table3", "row": row, "value": values, "reason": reason})


def _readings(engine: Engine, sha: str) -> list[Reading]:
    with Session(engine) as sess:
        return list(sess.scalars(select(Reading).where(Reading.sha256 == sha).order_by(Reading.id)))


def _model(reading: Reading) -> Report:
    return Report.from_json(zlib.decompress(reading.model))


def test_a_reviewer_corrects_an_unreadable_row(client: TestClient, engine: Engine) -> None:
    sha = _upload(client, engine)
    (first,) = _readings(engine, sha)
    assert _model(first).tables[TableKey.APPLICATIONS].rows[ROW].status is RowStatus.UNREADABLE
    before = {(f["location"]["row"], f["location"]["column"]) for f in first.findings if f["severity"] == "error"}
    page = client.get(CELL_PAGE.format(sha=sha)).text
    assert 'action="/reports/' + sha + '/correction"' in page
    assert len(re.findall(r'<input id="value-[a-z_]+" name="value"', page)) == 7, "one field per column"
    assert '<label for="value-natural_person">自然人</label>' in page

    reason = "与盖章原件核对：第一列为 1，其余为 0"
    done = _post(client, sha, ["1", "0", "0", "0", "0", "0", "1"], reason)
    assert done.status_code == 303, done.text
    assert done.headers["location"] == f"/reports/{sha}/cell?table=table3&row={ROW}&column="

    old, new = _readings(engine, sha)
    assert old.id == first.id and not old.current and new.current
    with Session(engine) as sess:
        (fix,) = sess.scalars(select(CellCorrection)).all()
        audit = sess.scalars(select(AuditEntry).where(AuditEntry.entity == "corpus_cell_correction")).all()
        cells = {c.column: c.value for c in sess.scalars(
            select(CellRecord).where(CellRecord.reading_id == new.id, CellRecord.row == ROW))}
    assert new.version == f"{old.version}+m{fix.id}"
    assert fix.by == "li.ming" and fix.reason == reason and fix.reading == old.version and fix.seen == "0 0 0 0 0 0"
    assert fix.values == dict(zip(COLUMNS, ["1", "0", "0", "0", "0", "0", "1"], strict=True))
    assert [(a.actor, a.action) for a in audit] == [("li.ming", "insert")]
    assert cells == {c: (1 if c in ("natural_person", "total") else 0) for c in COLUMNS}, "the corpus counts it"
    # the reader's reading is kept as it was
    assert _model(old).tables[TableKey.APPLICATIONS].rows[ROW].status is RowStatus.UNREADABLE
    corrected = _model(new).tables[TableKey.APPLICATIONS].rows[ROW]
    assert corrected.status is RowStatus.OK and corrected.value("natural_person") == 1
    assert corrected.correction is not None and corrected.correction.by == "li.ming"
    # the checker ran on the corrected model: the error of this unreadable row is gone, those of the three other
    # unreadable rows of 石嘴山's table 三 (（三）2, （三）3 and 四、结转下年度继续办理) stay
    after = {(f["location"]["row"], f["location"]["column"]) for f in new.findings if f["severity"] == "error"}
    assert before - after == {(ROW, None)} and after < before
    assert {("withheld_law_prohibited", None), ("withheld_three_safety_stability", None),
            ("carried_forward", None)} <= after

    report = client.get(f"/reports/{sha}").text
    assert report.count('<span class="corrected-mark">人工更正</span>') == 7, "each corrected cell marked"
    cell = client.get(CELL_PAGE.format(sha=sha)).text
    assert "人工更正" in cell and "li.ming" in cell and reason in cell
    assert old.version in cell and "0 0 0 0 0 0" in cell, "the original reading is named, what it saw shown"
    one = client.get(f"/reports/{sha}/cell?table=table3&row={ROW}&column=natural_person").text
    assert "人工更正" in one and reason in one


def test_a_correction_is_refused_with_the_error_beside_the_form(client: TestClient, engine: Engine) -> None:
    sha = _upload(client, engine)
    no_reason = _post(client, sha, ["0"] * 7, "  ")
    assert no_reason.status_code == 400 and 'id="correction-error"' in no_reason.text and "理由" in no_reason.text
    words = _post(client, sha, ["0", "0", "零", "0", "0", "0", "0"], "核对原件")
    assert words.status_code == 400 and "科研机构" in words.text, "the column named"
    assert 'value="零"' in words.text, "what was typed is kept"
    readable = _post(client, sha, ["0"] * 7, "核对原件", row="new_received")
    assert readable.status_code == 400 and "无法读取" in readable.text
    assert len(_readings(engine, sha)) == 1
    with Session(engine) as sess:
        assert sess.scalars(select(CellCorrection)).all() == []


def test_a_second_correction_replaces_the_first_and_both_are_kept(client: TestClient, engine: Engine) -> None:
    sha = _upload(client, engine)
    assert _post(client, sha, ["1", "0", "0", "0", "0", "0", "1"], "初次核对").status_code == 303
    page = client.get(CELL_PAGE.format(sha=sha)).text
    assert "重新更正此行" in page and 'value="1"' in page
    assert _post(client, sha, ["0"] * 7, "复核：原件此行全为 0").status_code == 303
    readings = _readings(engine, sha)
    assert [r.current for r in readings] == [False, False, True]
    assert _model(readings[2]).tables[TableKey.APPLICATIONS].rows[ROW].value("natural_person") == 0
    with Session(engine) as sess:
        assert [c.reason for c in sess.scalars(select(CellCorrection).order_by(CellCorrection.id))] == \
            ["初次核对", "复核：原件此行全为 0"]
    assert readings[2].version == readings[0].version + "+m2"


def test_a_reader_is_offered_no_form_and_refused(client: TestClient, engine: Engine) -> None:
    sha = _upload(client, engine)
    token = page_token(client)
    client.post("/logout", data={"csrf_token": token})
    add_user(engine, "du.juan", "reader")
    assert sign_in(client, "du.juan").status_code == 303
    page = client.get(CELL_PAGE.format(sha=sha)).text
    assert "correction-form" not in page and "保存人工更正" not in page
    token = page_token(client, CELL_PAGE.format(sha=sha))
    refused = client.post(f"/reports/{sha}/correction", follow_redirects=False,
                          data={"csrf_token": token, "table": "table3", "row": ROW, "value": ["0"] * 7,
                                "reason": "试图更正"})
    assert refused.status_code == 403
    assert len(_readings(engine, sha)) == 1


def test_reparse_reapplies_a_correction_only_where_the_row_is_still_unreadable(client: TestClient,
                                                                               engine: Engine) -> None:
    from ogi.corpus.reparse import _save
    from ogi.corpus.work import Task, read_task

    sha = _upload(client, engine)
    assert _post(client, sha, ["0"] * 7, "核对原件").status_code == 303
    data = SHIZUISHAN.read_bytes()
    # a newer reader of the same bytes (its version told apart), still unable to read the row
    out = read_task(Task(f"sha256:{sha}", "石嘴山.txt", "stored", data, sha))
    out.version += ".next"
    with engine.begin() as conn:
        _save(conn, out)
    readings = _readings(engine, sha)
    current = [r for r in readings if r.current]
    assert len(current) == 1 and current[0].version.startswith(out.version + "+m")
    assert _model(current[0]).tables[TableKey.APPLICATIONS].rows[ROW].correction is not None

    # a reader that reads the row itself (here: the row as read, with its seven cells): its values stand
    with Session(engine) as sess:
        corrections = list(sess.scalars(select(CellCorrection)))
    readable = _model(readings[0])
    readable.tables[TableKey.APPLICATIONS].rows[ROW] = _model(current[0]).tables[TableKey.APPLICATIONS].rows[ROW] \
        .model_copy(update={"correction": None, "cells": {}, "status": RowStatus.OK})
    kept, applied = apply_corrections(readable, corrections)
    assert applied == [] and kept.tables[TableKey.APPLICATIONS].rows[ROW].correction is None
    assert kept.tables[TableKey.APPLICATIONS].rows[ROW].cells == {}, "nothing filled in"


def test_the_api_corrects_a_row_for_a_reviewer_and_refuses_a_reader(client: TestClient, engine: Engine) -> None:
    from ogi.web.users import issue_token

    sha = _upload(client, engine)
    add_user(engine, "du.juan", "reader")
    reviewer = {"Authorization": f"Bearer {issue_token(engine, 'test', 'li.ming')}"}
    reader = {"Authorization": f"Bearer {issue_token(engine, 'test', 'du.juan')}"}
    body = {"table": "table3", "row": ROW, "values": dict.fromkeys(COLUMNS, "0"), "reason": "核对原件"}
    assert client.post(f"/api/v1/reports/{sha}/corrections", headers=reader, json=body).status_code == 403
    missing = client.post(f"/api/v1/reports/{sha}/corrections", headers=reviewer,
                          json={**body, "values": {"natural_person": "0"}})
    assert missing.status_code == 400 and "商业企业" in missing.json()["detail"], "the columns not given named"
    done = client.post(f"/api/v1/reports/{sha}/corrections", headers=reviewer, json=body)
    assert done.status_code == 201, done.text
    got = done.json()
    assert got["by"] == "li.ming" and got["values"] == body["values"] and got["seen"] == "0 0 0 0 0 0"
    listed = client.get(f"/api/v1/reports/{sha}/corrections", headers=reader)
    assert listed.status_code == 200 and [c["id"] for c in listed.json()] == [got["id"]], "readers may read them"
    detail = client.get(f"/api/v1/reports/{sha}", headers=reader).json()
    assert detail["version"].endswith(f"+m{got['id']}")
    assert client.get(f"/api/v1/reports/{'0' * 64}/corrections", headers=reader).status_code == 404


def test_0013_downgrades_and_upgrades(db_url: str) -> None:
    from sqlalchemy import inspect

    from ogi.storage.db import connect

    from .support import migrate_step

    engine = connect(db_url)
    migrate_step(engine, "head", up=True)
    assert "corpus_cell_correction" in inspect(engine).get_table_names()
    migrate_step(engine, "0013-1", up=False)  # the revision before 0013, wherever it is chained
    left = set(inspect(engine).get_table_names())
    assert "corpus_cell_correction" not in left and {"corpus_reading", "corpus_blob"} <= left
    migrate_step(engine, "head", up=True)
    assert "corpus_cell_correction" in inspect(engine).get_table_names()
    engine.dispose()
