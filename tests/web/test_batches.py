"""Batch uploads on SQLite and PostgreSQL: files and zip archives taken in with their limits (member names only
labels, GBK names shown right, zip bombs and nested archives refused per file), read in the background with the
progress in the database, one bad file never stopping the batch, an interrupted batch resumed without losing
what was read, the pages and the API twins within the owner's reach."""

from __future__ import annotations

import hashlib
import io
import random
import time
import zipfile

from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from ogi.corpus.records import Reading, SourceRecord
from ogi.storage.base import AuditEntry
from ogi.web.app import create_app
from ogi.web.batches import Incoming, _read_next, create_batch
from ogi.web.settings import WebSettings
from ogi.web.users import issue_token

from .reports_support import ANYANG, SHIZUISHAN, broken_anyang
from .support import Clock, add_user, page_token, sign_in


def _token(engine: Engine, name: str, role: str = "reviewer") -> dict[str, str]:
    add_user(engine, name, role)
    return {"Authorization": f"Bearer {issue_token(engine, 'test', name)}"}


def _gbk_member(z: zipfile.ZipFile, name: str, data: bytes) -> bytes:
    """Write a member under an ASCII stand-in of the GBK name's length; the caller swaps the bytes in (zipfile
    itself always writes non-ASCII names as UTF-8 with the flag, as Windows' archivers do not)."""
    raw = name.encode("gbk")
    stand_in = b"G" * (len(raw) - 4) + b".txt"
    z.writestr(stand_in.decode(), data)
    return raw


def _archive() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("2023/安阳.txt", broken_anyang())
        z.writestr("../../etc/evil.txt", SHIZUISHAN.read_bytes())  # a label, never a path
        z.writestr("junk.bin", b"\x00\x01\x02 not a report at all")
        z.writestr("bomb.txt", b"0" * 3_000_000)  # compresses ~1000:1
        z.writestr("inner.zip", _inner_zip())
        z.writestr("__MACOSX/._安阳.txt", b"metadata")
        raw = _gbk_member(z, "年报.txt", ANYANG.read_bytes())
    data = buf.getvalue()
    stand_in = b"G" * (len(raw) - 4) + b".txt"
    assert data.count(stand_in) == 2  # the local header and the central directory
    return data.replace(stand_in, raw)


def _inner_zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("a.txt", ANYANG.read_bytes())
    return buf.getvalue()


def _wait(client: TestClient, auth: dict[str, str], batch_id: int, timeout: float = 120) -> dict:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        batch = client.get(f"/api/v1/batches/{batch_id}", headers=auth).json()
        if batch["state"] != "running":
            return batch
        time.sleep(0.2)
    raise AssertionError("the batch did not finish in time")


def test_a_zip_and_a_file_are_read_each_file_with_its_outcome(client: TestClient, engine: Engine) -> None:
    auth = _token(engine, "li.ming")
    sent = client.post("/api/v1/batches", headers=auth, files=[
        ("files", ("报告.zip", _archive())), ("files", ("石嘴山.txt", SHIZUISHAN.read_bytes()))])
    assert sent.status_code == 202 and sent.json()["total"] == 7
    assert sent.json()["label"] == "报告.zip、石嘴山.txt（共 7 个文件）"
    batch = _wait(client, auth, sent.json()["id"])
    outcome = {i["name"]: (i["status"], i["error"] or "") for i in batch["items"]}
    assert set(outcome) == {"报告.zip/2023/安阳.txt", "报告.zip/etc/evil.txt", "报告.zip/junk.bin",
                            "报告.zip/bomb.txt", "报告.zip/inner.zip", "报告.zip/年报.txt", "石嘴山.txt"}
    assert outcome["报告.zip/2023/安阳.txt"] == ("read", "")
    assert outcome["报告.zip/etc/evil.txt"] == ("read", "") and outcome["报告.zip/年报.txt"] == ("read", "")
    assert outcome["报告.zip/junk.bin"][0] == "unreadable" and outcome["报告.zip/junk.bin"][1]
    assert outcome["报告.zip/bomb.txt"][0] == "failed" and "压缩炸弹" in outcome["报告.zip/bomb.txt"][1]
    assert outcome["报告.zip/inner.zip"][0] == "failed" and "压缩包中的压缩包" in outcome["报告.zip/inner.zip"][1]
    assert (batch["done"], batch["read"], batch["unreadable"], batch["failed"], batch["pending"]) == (7, 4, 1, 2, 0)
    assert batch["state"] == "done" and batch["finished_at"]
    with Session(engine) as sess:
        readings = {r.sha256: r for r in sess.scalars(select(Reading))}
        names = set(sess.scalars(select(SourceRecord.name)))
    # ANYANG and 年报.txt are the same bytes: one report, two sources
    assert set(readings) == {hashlib.sha256(d).hexdigest() for d in (broken_anyang(), SHIZUISHAN.read_bytes(),
                                                                    ANYANG.read_bytes(),
                                                                    b"\x00\x01\x02 not a report at all")}
    assert readings[hashlib.sha256(broken_anyang()).hexdigest()].errors == 3
    assert {"报告.zip/年报.txt", "报告.zip/etc/evil.txt", "石嘴山.txt"} <= names
    with Session(engine) as sess:
        audit = sess.scalars(select(AuditEntry).where(AuditEntry.entity == "web_batch")).one()
    assert audit.actor == "li.ming" and audit.after["total"] == 7 and "data" not in audit.after
    report = next(i["report"] for i in batch["items"] if i["name"] == "石嘴山.txt")
    assert client.get(report, headers=auth).json()["agency"] == "石嘴山市科学技术局"


def test_limits_of_a_batch(db_url: str) -> None:
    settings = WebSettings(clock=Clock(), max_upload_bytes=64 * 1024, batch_max_files=3, batch_max_bytes=100_000,
                           batch_max_upload_bytes=200_000)
    with TestClient(create_app(db_url, settings)) as client:
        auth = _token(client.app.state.engine, "li.ming")
        four = [("files", (f"{i}.txt", b"x")) for i in range(4)]
        many = client.post("/api/v1/batches", headers=auth, files=four)
        assert many.status_code == 400 and "至多 3 个文件" in many.json()["detail"]
        assert client.get("/api/v1/batches", headers=auth).json() == [], "a refused batch leaves nothing behind"
        big = [("files", (f"{i}.txt", b"y" * 60_000)) for i in range(2)]
        too_much = client.post("/api/v1/batches", headers=auth, files=big)
        assert too_much.status_code == 413
        assert "总大小" in too_much.json()["detail"]
        one_big = client.post("/api/v1/batches", headers=auth, files=[("files", ("huge.txt", b"z" * 70_000))])
        batch = _wait(client, auth, one_big.json()["id"])
        assert batch["items"][0]["status"] == "failed" and "64 KB" in batch["items"][0]["error"]
        # a zip larger than one file may be, of members each within the limit, is taken (its own, larger limit)
        noise = random.Random(7)
        bulky = io.BytesIO()
        with zipfile.ZipFile(bulky, "w", zipfile.ZIP_DEFLATED) as z:
            for i in range(3):
                z.writestr(f"{i}.txt", bytes(noise.getrandbits(8) for _ in range(30_000)))
        assert 64 * 1024 < len(bulky.getvalue()) < 200_000
        taken = client.post("/api/v1/batches", headers=auth, files=[("files", ("bulky.zip", bulky.getvalue()))])
        assert taken.status_code == 202 and taken.json()["total"] == 3 and taken.json()["failed"] == 0
        _wait(client, auth, taken.json()["id"])
        over = client.post("/api/v1/batches", headers=auth, files=[("files", ("big.zip", b"P" * 1_300_000))])
        assert over.status_code == 413, "a request over the batch limit (plus 1 MB of form) is refused unread"
        empty_zip = io.BytesIO()
        with zipfile.ZipFile(empty_zip, "w") as z:
            z.writestr("__MACOSX/x", b"")
        nothing = client.post("/api/v1/batches", headers=auth, files=[("files", ("e.zip", empty_zip.getvalue()))])
        assert nothing.status_code == 400 and "请选择" in nothing.json()["detail"]


def test_an_interrupted_batch_keeps_what_was_read_and_resumes(db_url: str) -> None:
    clock = Clock()
    settings = WebSettings(clock=clock)
    with TestClient(create_app(db_url, settings)) as client:
        engine = client.app.state.engine
        auth = _token(engine, "li.ming")
        files = [Incoming(p.name, io.BytesIO(p.read_bytes())) for p in (ANYANG, SHIZUISHAN)]
        batch_id = create_batch(engine, settings, "li.ming", files)  # made, but no thread started: a server
        assert _read_next(engine, settings, batch_id)  # that read one file and then stopped
        assert client.get(f"/api/v1/batches/{batch_id}", headers=auth).json()["state"] == "running"
        assert client.post(f"/api/v1/batches/{batch_id}/resume", headers=auth).status_code == 409, "still held"
        sign_in(client, "li.ming")
        running = client.get(f"/batches/{batch_id}").text
        assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in running, "refreshed without JS"
        assert '<progress id="batch-bar" max="2" value="1">' in running
        clock.advance(minutes=2)
        stopped = client.get(f"/api/v1/batches/{batch_id}", headers=auth).json()
        assert stopped["state"] == "interrupted" and (stopped["read"], stopped["pending"]) == (1, 1)
        page = client.get(f"/batches/{batch_id}").text
        assert "已中断" in page and "继续读取" in page and 'http-equiv="refresh"' not in page
        resumed = client.post(f"/batches/{batch_id}/resume", data={"csrf_token": page_token(client, f"/batches/{batch_id}")},
                              follow_redirects=False)
        assert resumed.status_code == 303
        done = _wait(client, auth, batch_id)
        assert done["state"] == "done" and done["read"] == 2 and done["pending"] == 0
        with Session(engine) as sess:
            assert len(sess.scalars(select(Reading)).all()) == 2


def test_the_pages_and_who_may_see_a_batch(client: TestClient, engine: Engine) -> None:
    add_user(engine, "li.ming", "reviewer")
    other = _token(engine, "wang.wu")
    reader = _token(engine, "du.pian", "reader")
    sign_in(client, "li.ming")
    form = client.get("/batches/new")
    assert form.status_code == 200 and 'type="file" multiple' in form.text
    sent = client.post("/batches/new", data={"csrf_token": page_token(client, "/batches/new")},
                       files=[("files", ("安阳.txt", ANYANG.read_bytes()))], follow_redirects=False)
    assert sent.status_code == 303
    batch_id = int(sent.headers["location"].rsplit("/", 1)[1])
    page = client.get(f"/batches/{batch_id}").text
    assert "<progress" in page and "/static/batch.js" in page and "<script>" not in page
    assert client.get("/static/batch.js").status_code == 200
    assert client.get(f"/api/v1/batches/{batch_id}", headers=other).status_code == 404
    assert client.get(f"/api/v1/batches/{batch_id}", headers=reader).status_code == 403
    assert client.post("/api/v1/batches", headers=reader,
                       files=[("files", ("a.txt", b"x"))]).status_code == 403
    listed = client.get("/batches").text
    assert f"/batches/{batch_id}" in listed and "安阳.txt（共 1 个文件）" in listed
    mine = _token(engine, "li.ming.bot")
    assert client.get(f"/api/v1/batches/{batch_id}", headers=mine).status_code == 404
    boss = _token(engine, "boss", "admin")
    assert _wait(client, boss, batch_id)["read"] == 1, "an administrator sees every batch"


def test_0008_downgrades_and_upgrades(db_url: str) -> None:
    from sqlalchemy import inspect

    from ogi.storage.db import connect

    from .support import migrate_step

    engine = connect(db_url)
    migrate_step(engine, "head", up=True)
    assert {"web_batch", "web_batch_item"} <= set(inspect(engine).get_table_names())
    migrate_step(engine, "0008-1", up=False)  # the revision before 0008 (the later ones go down first)
    left = set(inspect(engine).get_table_names())
    assert not {"web_batch", "web_batch_item"} & left and {"web_user", "corpus_blob"} <= left
    migrate_step(engine, "head", up=True)
    assert {"web_batch", "web_batch_item"} <= set(inspect(engine).get_table_names())
    engine.dispose()
