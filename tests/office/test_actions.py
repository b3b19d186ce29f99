"""Fee notices computed by ogi, and applications closed when the applicant lets a deadline pass."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, select

from ogi.office.actions import issue_fee_notice, lapse, quote_fee
from ogi.office.records import Application, Event, EventKind
from ogi.storage.db import session

from .register_factory import application

D = dt.date


_app = application


def test_per_piece_fee_counts_the_applicants_month(engine: Engine) -> None:
    with session(engine) as s:
        s.add_all([_app(f"P-{i:02d}", D(2024, 5, 1 + i)) for i in range(11)])  # 11 in May by one applicant
        s.add(_app("Q-01", D(2024, 5, 20), name="某乙"))
        s.add(_app("P-99", D(2024, 6, 1)))  # June starts a new count
    with session(engine) as s:
        get = {a.ref: a for a in s.scalars(select(Application))}
        tenth = quote_fee(s, get["P-09"], "piece")  # computing records nothing
        eleventh = issue_fee_notice(s, get["P-10"], D(2024, 6, 3), "piece")
        other = quote_fee(s, get["Q-01"], "piece")
        june = quote_fee(s, get["P-99"], "piece")
        pages = issue_fee_notice(s, get["P-00"], D(2024, 6, 3), "volume", pages=250)
    assert (tenth.amount, eleventh.amount, other.amount, june.amount) == (0, 100, 0, 0)  # 第四条: 11th costs 100
    assert pages.amount == 4700  # 70×10 + 100×20 + 50×40 (domain.md §4)
    # 20 working days after Mon 6-3: Jun 4-7 (4), 11-14 (8; 6-10 端午), 17-21 (13), 24-28 (18), Jul 1, 2 (20)
    assert eleventh.pay_by == D(2024, 7, 2)
    with session(engine) as s:
        notice = s.scalars(select(Event).where(Event.kind == EventKind.FEE_NOTICE, Event.amount == 4700)).one()
        assert "250页" in notice.note and (notice.method, notice.pages) == ("volume", 250)
        assert s.scalars(select(Event.amount).where(Event.kind == EventKind.FEE_NOTICE)).all() == [100, 4700]


def test_lapse_closes_unanswered_correction_and_unpaid_fee(engine: Engine) -> None:
    with session(engine) as s:
        # 补正 asked Fri 3-1, 15 working days: Mar 4-8 (5), 11-15 (10), 18-22 (15) → lapses after 3-22
        s.add(_app("C-1", D(2024, 2, 26), events=[Event(kind=EventKind.CORRECTION_REQUESTED, on=D(2024, 3, 1))]))
        # fee notice Mon 4-1, 20 working days: Apr 2,3 (2); 4-6 清明; Sun 4-7 (3); 8-12 (8); 15-19 (13);
        # 22-26 (18); Sun 4-28 make-up (19); 29 (20) → lapses after 4-29
        s.add(_app("F-1", D(2024, 3, 25), events=[Event(kind=EventKind.FEE_NOTICE, on=D(2024, 4, 1), amount=100)]))
        s.add(_app("F-2", D(2024, 3, 25), events=[Event(kind=EventKind.FEE_NOTICE, on=D(2024, 4, 1), amount=100),
                                                  Event(kind=EventKind.FEE_PAID, on=D(2024, 4, 10), amount=100)]))
    with session(engine) as s:
        assert [a.ref for a in lapse(s, D(2024, 3, 22))] == []
    with session(engine) as s:
        assert [a.ref for a in lapse(s, D(2024, 3, 25))] == ["C-1"]
    with session(engine) as s:
        assert [a.ref for a in lapse(s, D(2024, 4, 29))] == []
        assert [a.ref for a in lapse(s, D(2024, 4, 30))] == ["F-1"]
    with session(engine) as s:
        got = {a.ref: (a.outcome, a.replied_on) for a in s.scalars(select(Application))}
    # closed on the day each period ran out (期限届满之日), not the day lapse ran
    assert got == {"C-1": ("other_no_correction", D(2024, 3, 22)), "F-1": ("other_unpaid_fee", D(2024, 4, 29)),
                   "F-2": (None, None)}


def test_lapse_uses_the_period_of_each_notice_and_previews(engine: Engine) -> None:
    from ogi.office.actions import record_payment, withdraw_fee_notice

    with session(engine) as s:
        # 补正 asked Fri 3-1 with 5 working days: Mar 4-8 → ran out 3-8; the default 15 would run to 3-22
        s.add(_app("C-5", D(2024, 2, 26), events=[Event(kind=EventKind.CORRECTION_REQUESTED, on=D(2024, 3, 1),
                                                        workdays=5)]))
        s.add(_app("C-15", D(2024, 2, 26), events=[Event(kind=EventKind.CORRECTION_REQUESTED, on=D(2024, 3, 1))]))
    with session(engine) as s:
        preview = lapse(s, D(2024, 3, 11), dry_run=True)
        assert [(i.ref, i.outcome, i.closed_on) for i in preview] == [("C-5", "other_no_correction", D(2024, 3, 8))]
    with session(engine) as s:  # the preview changed nothing
        assert all(a.outcome is None for a in s.scalars(select(Application)))
        assert [i.ref for i in lapse(s, D(2024, 3, 11))] == ["C-5"]
    with session(engine) as s:
        s.add_all([_app(f"W-{i:02d}", D(2024, 5, 1 + i), name="某丙") for i in range(11)])
    with session(engine) as s:  # a notice withdrawn with a reason; a new one; paid: nothing lapses
        app = s.scalars(select(Application).where(Application.ref == "W-10")).one()
        issue_fee_notice(s, app, D(2024, 5, 20), "volume", pages=100)
        withdraw_fee_notice(app, "应按件收费")
        issue_fee_notice(s, app, D(2024, 5, 21), "piece")
        record_payment(app, D(2024, 5, 24))
    with session(engine) as s:
        app = s.scalars(select(Application).where(Application.ref == "W-10")).one()
        assert [(e.amount, e.withdrawn_reason) for e in app.events if e.kind == EventKind.FEE_NOTICE] == [
            (700, "应按件收费"), (100, None)]
        assert [e.amount for e in app.events if e.kind == EventKind.FEE_PAID] == [100]
        assert "W-10" not in [i.ref for i in lapse(s, D(2024, 9, 2), dry_run=True)]
