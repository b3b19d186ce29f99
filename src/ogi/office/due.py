"""Which open applications are due or overdue: each application's reply deadline from its recorded events,
counted in working days with the national holidays, 调休 and the office's own holiday overrides."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ogi.office.deadlines import Consultation, Correction, Deadline, DeadlineStatus, Extension, reply_deadline
from ogi.office.records import Application, EventKind, HolidayOverride
from ogi.office.workdays import WorkdayCalendar

__all__ = ["DueItem", "calendar_for", "deadline_of", "due_items"]


@dataclass(frozen=True, slots=True)
class DueItem:
    ref: str
    received_on: dt.date
    deadline: Deadline
    status: DeadlineStatus


def calendar_for(sess: Session) -> WorkdayCalendar:
    """Given a session, return the working-day calendar with the office's holiday overrides."""
    overrides = {o.day: o.is_workday for o in sess.scalars(select(HolidayOverride))}
    # a year the packaged calendar lacks is taken as entered by the office once it has any entry for it
    covered = {y for y in {d.year for d in overrides} if not _packaged(y)}
    return WorkdayCalendar(overrides, covered_years=covered)


def _packaged(year: int) -> bool:
    import chinese_calendar

    try:
        chinese_calendar.is_workday(dt.date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


def deadline_of(app: Application, calendar: WorkdayCalendar) -> Deadline:
    """Given an application and a calendar, return its reply deadline computed from its events."""
    events = sorted(app.events, key=lambda e: (e.on, e.id or 0))
    sent = next((e for e in events if e.kind == EventKind.CORRECTION_REQUESTED), None)
    back = next((e for e in events if e.kind == EventKind.CORRECTION_RECEIVED), None)
    correction = Correction(sent.on, back.on if back else None) if sent else None
    consultations: list[Consultation] = []
    answers = [e for e in events if e.kind == EventKind.CONSULTATION_ANSWERED]
    for e in (e for e in events if e.kind == EventKind.CONSULTATION_SENT):
        answer = next((a for a in answers if a.on >= e.on), None)
        if answer is not None:
            answers.remove(answer)
        consultations.append(Consultation(e.on, answer.on if answer else None))
    ext = next((e for e in events if e.kind == EventKind.EXTENSION and e.workdays), None)
    extension = Extension(ext.workdays, ext.actor or "（未记录）") if ext and ext.workdays else None
    return reply_deadline(app.received_on, correction=correction, consultations=consultations,
                          extension=extension, calendar=calendar)


def due_items(sess: Session, on: dt.date, within: int | None = None) -> list[DueItem]:
    """Given a day and a horizon in working days, return open applications overdue or due within it, most
    urgent first (all open applications when `within` is None)."""
    cal = calendar_for(sess)
    apps = sess.scalars(select(Application).options(selectinload(Application.events))
                        .where(Application.replied_on.is_(None), Application.withdrawn_reason.is_(None)))
    items = []
    for app in apps:
        deadline = deadline_of(app, cal)
        status = deadline.status_on(on)
        if within is None or status.overdue or (status.remaining_workdays is not None
                                                and status.remaining_workdays <= within):
            items.append(DueItem(app.ref, app.received_on, deadline, status))
    return sorted(items, key=lambda i: (i.deadline.due or dt.date.max, i.ref))
