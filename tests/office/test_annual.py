"""The annual report's draft, its published versions and the year-end checklist, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from sqlalchemy import Engine, select

from ogi.model.layout import TableKey
from ogi.model.report import Report, SectionKey
from ogi.office import annual
from ogi.office.records import Application
from ogi.storage.base import AuditEntry
from ogi.storage.db import session

from .register_factory import application, generate

AGENCY = "某某市科学技术局"
GENERAL = "2025年，本局认真贯彻落实《中华人民共和国政府信息公开条例》。"
PROBLEMS = "一是主动公开的及时性有待提高。二是将加强培训。"


def _cells(report: Report) -> dict[tuple[str, str], object]:
    """Every value cell of table 三, by (row, column)."""
    rows = report.tables[TableKey.APPLICATIONS].rows
    return {(r, c): cell.value for r, row in rows.items() for c, cell in row.cells.items()}


def test_one_application_replied_disclosed_changes_table_three_by_exactly_one(engine: Engine) -> None:
    with session(engine, actor="测试") as s:
        s.add_all(generate(400, 2025, seed=11))
    with session(engine) as s:
        before = _cells(annual.compiled(s, 2025))
    # received 2025-06-02 and answered 予以公开 on 2025-06-16, by a natural person
    one = application("2025-new-1", dt.date(2025, 6, 2))
    one.outcome, one.replied_on = "disclosed", dt.date(2025, 6, 16)
    with session(engine, actor="测试") as s:
        s.add(one)
    with session(engine) as s:
        after = _cells(annual.compiled(s, 2025))
    changed = {k: after[k] - before[k] for k in before if after[k] != before[k]}
    # worked out from the rule of domain.md §1.6: 一 (received in the year), （一）予以公开 and （七）总计 (answered in
    # the year), each in its 自然人 column and in the 总计 column — nothing else, 二 and 四 untouched
    assert changed == {(row, col): 1 for row in ("new_received", "disclosed", "total_processed")
                       for col in ("natural_person", "total")}
    assert before.keys() == after.keys() and len(before) == 25 * 7  # 一, 二, 21 outcome rows, （七）总计, 四


def test_the_texts_of_one_and_five_are_kept_and_the_tables_cannot_be_written(engine: Engine) -> None:
    with session(engine, actor="测试") as s:
        s.add(application("A-1", dt.date(2025, 3, 3)))
    now = dt.datetime(2025, 12, 1, 2, 0, tzinfo=dt.UTC)
    with session(engine, actor="经办人甲") as s:
        annual.save_draft(s, 2025, "经办人甲", agency=AGENCY,
                          texts={SectionKey.GENERAL: GENERAL, SectionKey.PROBLEMS: PROBLEMS}, now=now)
    with session(engine) as s:
        report = annual.compiled(s, 2025)
        draft = annual.draft_of(s, 2025)
    assert report.section(SectionKey.GENERAL).text == GENERAL
    assert report.section(SectionKey.PROBLEMS).text == PROBLEMS
    assert report.metadata.agency == AGENCY and report.metadata.title == f"{AGENCY}2025年政府信息公开工作年度报告"
    assert draft.updated_by == "经办人甲" and draft.other == ""  # 六 never written: it still follows the register
    assert report.tables[TableKey.APPLICATIONS].rows["carried_forward"].cells["total"].value == 1
    with pytest.raises(annual.AnnualError, match="表格由台账计算"), session(engine) as s:
        annual.save_draft(s, 2025, "经办人甲", texts={SectionKey.APPLICATIONS: "一、本年新收 99"})
    with session(engine) as s:
        again = annual.compiled(s, 2025)
    assert _cells(again) == _cells(report), "the refused edit changed nothing"
    assert not hasattr(annual.AnnualDraft, "tables") and set(annual.EDITABLE) == {
        SectionKey.GENERAL, SectionKey.PROBLEMS, SectionKey.OTHER}


def test_a_text_left_as_compiled_stays_unwritten_and_too_long_a_text_is_refused(engine: Engine) -> None:
    with session(engine) as s:
        compiled_other = annual.compiled(s, 2025).section(SectionKey.OTHER).text
        annual.save_draft(s, 2025, "甲", agency=AGENCY, texts={SectionKey.OTHER: compiled_other + "\r\n"})
        assert annual.draft_of(s, 2025).other == ""
        with pytest.raises(annual.AnnualError, match="不能超过50000字"):
            annual.save_draft(s, 2025, "甲", texts={SectionKey.PROBLEMS: "字" * 50_001})


def test_publishing_keeps_version_one_and_two_as_published(engine: Engine) -> None:
    from docx import Document

    with session(engine, actor="测试") as s:
        s.add(application("A-1", dt.date(2025, 3, 3)))
        annual.save_draft(s, 2025, "甲", agency=AGENCY, texts={SectionKey.PROBLEMS: "第一版的问题。"})
    # 2026-01-19 17:30 UTC is 2026-01-20 01:30 in Beijing: the 落款 says 1月20日
    with session(engine, actor="甲") as s:
        first = annual.publish(s, 2025, "甲", now=dt.datetime(2026, 1, 19, 17, 30, tzinfo=dt.UTC))
    with session(engine, actor="甲") as s:
        annual.save_draft(s, 2025, "甲", texts={SectionKey.PROBLEMS: "第二版的问题。"})
        second = annual.publish(s, 2025, "甲", now=dt.datetime(2026, 1, 22, 1, 0, tzinfo=dt.UTC))
    assert (first.version, second.version) == (1, 2)
    with session(engine) as s:
        kept = annual.publications(s, 2025)
        assert [p.version for p in kept] == [2, 1]
        assert annual.publication(s, 2025).version == 2
        v1 = annual.publication_report(annual.publication(s, 2025, 1))
        v2 = annual.publication_report(annual.publication(s, 2025, 2))
        docx_v1 = annual.publication_file(s, annual.publication(s, 2025, 1), "docx")
    assert v1.section(SectionKey.PROBLEMS).text == "第一版的问题。"
    assert v2.section(SectionKey.PROBLEMS).text == "第二版的问题。"
    assert v1.section(SectionKey.OTHER).text.endswith(f"{AGENCY}\n2026年1月20日")
    assert v2.section(SectionKey.OTHER).text.endswith("2026年1月22日")
    words = "\n".join(p.text for p in Document(io.BytesIO(docx_v1)).paragraphs)
    assert "第一版的问题。" in words and "第二版的问题。" not in words


def test_a_published_version_cannot_be_changed(engine: Engine) -> None:
    with session(engine, actor="甲") as s:
        annual.save_draft(s, 2025, "甲", agency=AGENCY)
        annual.publish(s, 2025, "甲")
    with pytest.raises(annual.AnnualError, match="不能修改"), session(engine) as s:
        annual.publication(s, 2025).model_json = "{}"
        s.flush()
    with session(engine) as s:
        pub = annual.publication(s, 2025)
        assert annual.publication_report(pub).metadata.agency == AGENCY
        audit = s.scalars(select(AuditEntry).where(AuditEntry.entity == "annual_publication")).all()
    assert [a.action for a in audit] == ["insert"]
    assert audit[0].after["model_json"] == "***" and audit[0].after["sha256"] == pub.sha256


def test_publishing_needs_the_agency_name(engine: Engine) -> None:
    with pytest.raises(annual.AnnualError, match="机关名称"), session(engine) as s:
        annual.publish(s, 2025, "甲")


def test_the_checklist_names_an_application_still_open_and_its_january_due_date(engine: Engine) -> None:
    with session(engine, actor="测试") as s:
        late = application("2025-1220", dt.date(2025, 12, 20))  # a Saturday, online: received that day (第三十一条)
        november = application("2025-1103", dt.date(2025, 11, 3))
        answered = application("2025-1201", dt.date(2025, 12, 1))
        answered.outcome, answered.replied_on = "disclosed", dt.date(2025, 12, 10)
        next_year = application("2026-0105", dt.date(2026, 1, 5))
        s.add_all([late, november, answered, next_year])
    with session(engine) as s:
        found = annual.checklist(s, 2025)
    # 20 working days from the day after 2025-12-20: 12-22…26 (5), 12-29…31 (8); 元旦 2026 1月1日–3日 off;
    # 1月4日 (Sunday) a 调休 working day (9); 1-5…9 (14); 1-12…16 (19); Monday 1月19日 the 20th.
    # 2025-11-03 (Monday): 11-4…7 (4), 11-10…14 (9), 17…21 (14), 24…28 (19), Monday 12月1日 the 20th.
    assert [(i.ref, i.received_on, i.due) for i in found.carry_over] == [
        ("2025-1103", dt.date(2025, 11, 3), dt.date(2025, 12, 1)),
        ("2025-1220", dt.date(2025, 12, 20), dt.date(2026, 1, 19))]
    assert [i.ref for i in found.january] == ["2025-1220"]
    assert found.unedited == ["一、总体情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]
    assert not found.done
    with session(engine) as s:
        annual.save_draft(s, 2025, "甲", agency=AGENCY, texts={SectionKey.GENERAL: GENERAL,
                                                               SectionKey.PROBLEMS: PROBLEMS})
        report = annual.compiled(s, 2025)
        assert annual.checklist(s, 2025).unedited == ["六、其他需要报告的事项"]  # its compiled text says （请填写）
    assert report.tables[TableKey.APPLICATIONS].rows["carried_forward"].cells["total"].value == 2


def test_the_years_run_from_the_first_application_to_this_year(engine: Engine) -> None:
    with session(engine) as s:
        assert annual.years(s, dt.date(2026, 3, 1)) == [2026]
        s.add(Application(ref="x", applicant_category="natural_person", applicant_name="甲", channel="网络",
                          received_on=dt.date(2023, 12, 30)))
        s.flush()
        assert annual.years(s, dt.date(2026, 3, 1)) == [2026, 2025, 2024, 2023]


def test_the_checklist_on_the_command_line(tmp_path) -> None:  # noqa: ANN001
    import json
    import subprocess
    import sys

    from ogi.storage.db import connect, migrate

    url = f"sqlite:///{tmp_path / 'office.db'}"
    engine = connect(url)
    migrate(engine)
    with session(engine, actor="测试") as s:
        s.add(application("2025-1220", dt.date(2025, 12, 20)))
    engine.dispose()
    run = subprocess.run([sys.executable, "-m", "ogi", "office", "checklist", "--year", "2025", "--db", url, "--json"],
                         capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert run.returncode == 0, run.stderr
    got = json.loads(run.stdout)
    assert got["carry_over"] == [{"ref": "2025-1220", "received_on": "2025-12-20", "due": "2026-01-19",
                                  "due_in_january": True}]
    assert len(got["unedited"]) == 3
    text = subprocess.run([sys.executable, "-m", "ogi", "office", "checklist", "--year", "2025", "--db", url],
                          capture_output=True, text=True, encoding="utf-8", timeout=120).stdout
    assert "2025-1220  收到 2025-12-20  答复期限 2026-01-19（2026年1月）" in text


def test_0012_downgrades_and_upgrades(engine: Engine) -> None:
    from sqlalchemy import inspect

    from web.support import migrate_step  # tests/ is on the path (tests/conftest.py)

    mine = {"annual_draft", "annual_publication"}
    assert mine <= set(inspect(engine).get_table_names())
    migrate_step(engine, "0012-1", up=False)  # the revision before 0012, whichever the merge makes it
    left = set(inspect(engine).get_table_names())
    assert not mine & left and {"application", "web_batch"} <= left
    migrate_step(engine, "head", up=True)
    assert mine <= set(inspect(engine).get_table_names())


def test_a_year_is_published_only_once_it_has_ended(engine: Engine) -> None:
    """A clerk once put the 2026 report on the portal on 3 December 2026, its figures not final."""
    with session(engine, actor="甲") as s:
        annual.save_draft(s, 2026, "甲", agency=AGENCY)
    # 2026-12-31 15:59 UTC is 23:59 on 31 December in Beijing: still the year; 16:00 UTC is 1 January 2027
    with pytest.raises(annual.AnnualError, match="2026年度尚未结束"), session(engine, actor="甲") as s:
        annual.publish(s, 2026, "甲", now=dt.datetime(2026, 12, 31, 15, 59, tzinfo=dt.UTC))
    with session(engine, actor="甲") as s:
        assert annual.publish(s, 2026, "甲", now=dt.datetime(2026, 12, 31, 16, 0, tzinfo=dt.UTC)).version == 1
