"""Issue 10: the defects that put wrong numbers in a published report, each written to fail on the code before
the fix — a 0 元 fee notice, a second notice on one application, a notice after the reply, lapse of a 0 元
case, part 六's fee income, the export round trip of an application with several notices, lapse's closing date.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from ogi.errors import OgiError
from ogi.model.report import SectionKey
from ogi.office.actions import issue_fee_notice, lapse
from ogi.office.compile import compile_report
from ogi.office.ledger import COLUMNS, export_ledger, import_ledger
from ogi.office.records import Application, Event, EventKind
from ogi.storage.db import connect, migrate, session

from .register_factory import application

D = dt.date


_app = application


def _get(s, ref: str) -> Application:  # noqa: ANN001
    return s.scalars(select(Application).where(Application.ref == ref)).one()


def _notices(engine: Engine, ref: str) -> list[int | None]:
    with session(engine) as s:
        return [e.amount for e in _get(s, ref).events if e.kind == EventKind.FEE_NOTICE]


def test_a_fee_of_0_yuan_records_no_notice(engine: Engine) -> None:
    with session(engine) as s:
        s.add(_app("Z-1", D(2024, 5, 6)))  # the applicant's first application this month: free (第四条（一）)
    with pytest.raises(OgiError) as info, session(engine) as s:
        issue_fee_notice(s, _get(s, "Z-1"), D(2024, 5, 8), "piece")
    assert "0元" in info.value.message()
    assert _notices(engine, "Z-1") == []


def test_a_second_notice_on_one_application_is_refused(engine: Engine) -> None:
    with session(engine) as s:
        s.add_all([_app(f"P-{i:02d}", D(2024, 5, 1 + i)) for i in range(11)])  # the 11th costs 100元
    with session(engine) as s:
        assert issue_fee_notice(s, _get(s, "P-10"), D(2024, 5, 20), "piece").amount == 100
    for method, pages in (("volume", 250), ("piece", None)):  # 109号第三条: one standard; and no repeat
        with pytest.raises(OgiError), session(engine) as s:
            issue_fee_notice(s, _get(s, "P-10"), D(2024, 5, 21), method, pages)
    assert _notices(engine, "P-10") == [100]


def test_no_notice_after_the_reply(engine: Engine) -> None:
    with session(engine) as s:
        done = _app("R-1", D(2024, 5, 6))
        done.outcome, done.replied_on = "disclosed", D(2024, 5, 10)
        s.add(done)
    with pytest.raises(OgiError), session(engine) as s:
        issue_fee_notice(s, _get(s, "R-1"), D(2024, 5, 13), "volume", 250)
    assert _notices(engine, "R-1") == []


def test_lapse_does_not_close_a_0_yuan_case_as_unpaid(engine: Engine) -> None:
    # a 0 元 notice as the old `fee` command recorded it: there was nothing to pay, so nothing can be unpaid
    with session(engine) as s:
        s.add(_app("Z-2", D(2024, 3, 25), events=[Event(kind=EventKind.FEE_NOTICE, on=D(2024, 4, 1), amount=0)]))
    with session(engine) as s:
        assert lapse(s, D(2024, 6, 3)) == []
    with session(engine) as s:
        assert _get(s, "Z-2").outcome is None


def test_lapse_closes_on_the_day_the_period_ran_out(engine: Engine) -> None:
    with session(engine) as s:
        # 补正 asked Fri 3-1, 15 working days: Mar 4-8 (5), 11-15 (10), 18-22 (15) → ran out on 3-22
        s.add(_app("C-1", D(2024, 2, 26), events=[Event(kind=EventKind.CORRECTION_REQUESTED, on=D(2024, 3, 1))]))
        # fee notice Mon 4-1, 20 working days → ran out on 4-29 (worked in test_actions.py)
        s.add(_app("F-1", D(2024, 3, 25), events=[Event(kind=EventKind.FEE_NOTICE, on=D(2024, 4, 1), amount=100)]))
    with session(engine) as s:
        assert sorted(a.ref for a in lapse(s, D(2024, 6, 3))) == ["C-1", "F-1"]
    with session(engine) as s:
        got = {a.ref: a.replied_on for a in s.scalars(select(Application))}
        closures = {a.ref: [e.on for e in a.events if e.kind == EventKind.CLOSURE] for a in s.scalars(select(Application))}
    assert got == {"C-1": D(2024, 3, 22), "F-1": D(2024, 4, 29)}
    assert closures == {"C-1": [D(2024, 3, 22)], "F-1": [D(2024, 4, 29)]}


def test_part_6_states_the_fee_income_of_an_imported_payment(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "台账.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS)
        w.writeheader()
        w.writerow({"编号": "2024-001", "申请人类型": "自然人", "申请人姓名或名称": "甲", "申请方式": "网络",
                    "收到申请日期": "2024-05-06", "收费通知日期": "2024-05-13", "收费金额（元）": "100",
                    "缴费日期": "2024-05-20", "答复日期": "2024-05-27", "办理结果": "予以公开"})
    with session(engine) as s:
        import_ledger(s, path)
    with session(engine) as s:
        text = compile_report(s, 2024, agency="某县某局").section(SectionKey.OTHER).text
    assert "发出收费通知1件" in text
    assert "实际收取信息处理费100元" in text


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_export_of_several_notices_reimports_all_of_them(engine: Engine, tmp_path: Path, suffix: str) -> None:
    first = Event(kind=EventKind.FEE_NOTICE, on=D(2024, 4, 1), amount=700, note="按量收费：100页")
    first.withdrawn_reason = "页数计算有误，重新通知"
    events = [first, Event(kind=EventKind.FEE_NOTICE, on=D(2024, 4, 3), amount=720, note="按量收费：101页"),
              Event(kind=EventKind.FEE_PAID, on=D(2024, 4, 10), amount=720),
              Event(kind=EventKind.CONSULTATION_SENT, on=D(2024, 3, 26)),
              Event(kind=EventKind.CONSULTATION_ANSWERED, on=D(2024, 3, 28)),
              Event(kind=EventKind.CONSULTATION_SENT, on=D(2024, 3, 27)),
              Event(kind=EventKind.CONSULTATION_ANSWERED, on=D(2024, 4, 2))]
    with session(engine) as s:
        s.add(_app("M-1", D(2024, 3, 25), events=events))
    with session(engine) as s:
        path = tmp_path / f"台账{suffix}"
        export_ledger([_get(s, "M-1")], path)
    fresh = connect(f"sqlite:///{tmp_path / 'fresh.db'}")
    migrate(fresh)
    with session(fresh) as s:
        import_ledger(s, path)
    with session(fresh) as s:
        got = sorted((e.kind, e.on, e.amount, e.withdrawn_reason) for e in _get(s, "M-1").events)
    assert got == sorted([
        (EventKind.FEE_NOTICE, D(2024, 4, 1), 700, "页数计算有误，重新通知"),
        (EventKind.FEE_NOTICE, D(2024, 4, 3), 720, None),
        (EventKind.FEE_PAID, D(2024, 4, 10), 720, None),
        (EventKind.CONSULTATION_SENT, D(2024, 3, 26), None, None),
        (EventKind.CONSULTATION_SENT, D(2024, 3, 27), None, None),
        (EventKind.CONSULTATION_ANSWERED, D(2024, 3, 28), None, None),
        (EventKind.CONSULTATION_ANSWERED, D(2024, 4, 2), None, None),
    ])
