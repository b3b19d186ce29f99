"""Due dates of open applications computed from the events stored in the register (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine

from ogi.office.due import due_items
from ogi.office.records import Application, Event, EventKind, HolidayOverride, HolidayYear
from ogi.office.workdays import CalendarNotCoveredError
from ogi.storage.db import session

D = dt.date


def _app(ref: str, received: dt.date, events: list[Event]) -> Application:
    a = Application(ref=ref, applicant_category="natural_person", applicant_name="某", channel="网络",
                    received_on=received)
    a.events = events
    return a


def test_stored_events_give_the_hand_worked_due_date(engine: Engine) -> None:
    # the facts of tests/office/test_deadlines.py::test_correction_consultation_and_extension, worked by hand
    # there to 2024-04-26: 补正 sent 2-7, back 2-20; third party consulted 2-21..3-1; extended 20 working days
    events = [Event(kind=EventKind.CORRECTION_REQUESTED, on=D(2024, 2, 7)),
              Event(kind=EventKind.CORRECTION_RECEIVED, on=D(2024, 2, 20)),
              Event(kind=EventKind.CONSULTATION_SENT, on=D(2024, 2, 21)),
              Event(kind=EventKind.CONSULTATION_ANSWERED, on=D(2024, 3, 1)),
              Event(kind=EventKind.EXTENSION, on=D(2024, 3, 20), workdays=20, actor="张主任")]
    with session(engine) as s:
        s.add(_app("X-1", D(2024, 2, 5), events))
        s.add(_app("X-2", D(2024, 4, 1), []))  # plain: 20 working days after 4-1 (清明 4-4..6, 4-7 make-up)
        done = _app("X-3", D(2024, 1, 2), [])
        done.replied_on, done.outcome = D(2024, 1, 5), "disclosed"
        s.add(done)
    with session(engine) as s:
        items = due_items(s, D(2024, 4, 25))
    assert [i.ref for i in items] == ["X-1", "X-2"]  # replied ones are not listed
    first = items[0]
    assert first.deadline.due == D(2024, 4, 26)
    assert first.status.remaining_workdays == 1 and not first.status.overdue
    assert any("延长20个工作日（经张主任批准" in step for step in first.deadline.steps)
    with session(engine) as s:
        assert [i.ref for i in due_items(s, D(2024, 4, 25), within=0)] == []
        on_29 = due_items(s, D(2024, 4, 29), within=0)
    # X-1 is overdue on 4-29; X-2 falls due that day. By hand after Mon 4-1: Apr 2,3 (2); 4-6 清明 holiday;
    # Sun 4-7 make-up workday (3); 8-12 (8); 15-19 (13); 22-26 (18); Sun 4-28 make-up workday for 劳动节 (19); 29 (20)
    assert [(i.ref, i.status.overdue, i.deadline.due) for i in on_29] == [
        ("X-1", True, D(2024, 4, 26)), ("X-2", False, D(2024, 4, 29))]


def test_year_not_covered_needs_overrides(engine: Engine) -> None:
    with session(engine) as s:
        s.add(_app("Y-1", D(2026, 12, 28), []))
    with pytest.raises(CalendarNotCoveredError), session(engine) as s:
        due_items(s, D(2027, 1, 4))
    with session(engine, actor="管理员") as s:  # the office enters 2027's 元旦 by hand
        s.add(HolidayOverride(day=D(2027, 1, 1), is_workday=False, note="元旦"))
    with pytest.raises(CalendarNotCoveredError), session(engine) as s:  # one day entered is not a whole year
        due_items(s, D(2027, 1, 4))
    with session(engine, actor="管理员") as s:  # the office says its 2027 list is complete
        s.add(HolidayYear(year=2027, note="已按国务院办公厅通知录入"))
    with session(engine) as s:
        (item,) = due_items(s, D(2027, 1, 4))
    # after Mon 12-28: Dec 29,30,31 (3); 2027: Jan 1 holiday; Jan 4-8 (8), 11-15 (13), 18-22 (18), 25, 26 (20)
    assert item.deadline.due == D(2027, 1, 26)
