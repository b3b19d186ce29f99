"""Which open applications are due or overdue: each application's reply deadline from its recorded events,
counted in working days with the national holidays, 调休 and the office's own holiday overrides."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from ogi.office.deadlines import (
    Consultation,
    Correction,
    Deadline,
    DeadlineStatus,
    Extension,
    FeePeriod,
    reply_deadline,
)
from ogi.office.records import Application, EventKind, HolidayOverride, HolidayYear
from ogi.office.settings import get_flag
from ogi.office.workdays import WorkdayCalendar

__all__ = ["DueItem", "calendar_for", "deadline_of", "due_items"]


@dataclass(frozen=True, slots=True)
class DueItem:
    ref: str
    received_on: dt.date
    deadline: Deadline
    status: DeadlineStatus
    applicant_category: str = ""
    request: str = ""


def calendar_for(sess: Session) -> WorkdayCalendar:
    """Given a session, return the working-day calendar with the office's holiday overrides. A year the packaged
    calendar lacks counts as covered only once the office has said its list for that year is complete
    (`ogi office holiday --complete YEAR`): a few entered days do not make a year."""
    overrides = {o.day: o.is_workday for o in sess.scalars(select(HolidayOverride))}
    covered = set(sess.scalars(select(HolidayYear.year)))
    return WorkdayCalendar(overrides, covered_years=covered)


def deadline_of(app: Application, calendar: WorkdayCalendar, *, pause_fees: bool = False) -> Deadline:
    """Given an application and a calendar, return its reply deadline computed from its events (withdrawn events
    left out); `pause_fees` is the office setting ``fee_pause``."""
    events = sorted((e for e in app.events if e.withdrawn_reason is None), key=lambda e: (e.on, e.id or 0))
    sent = next((e for e in events if e.kind == EventKind.CORRECTION_REQUESTED), None)
    back = next((e for e in events if e.kind == EventKind.CORRECTION_RECEIVED), None)
    correction = Correction(sent.on, back.on if back else None) if sent else None
    consultations: list[Consultation] = []
    answers = [e for e in events if e.kind == EventKind.CONSULTATION_ANSWERED]
    for e in (e for e in events if e.kind == EventKind.CONSULTATION_SENT):
        answer = next((a for a in answers if a.on >= e.on), None)
        if answer is not None:
            answers.remove(answer)
        party = "agency" if "其他机关" in (e.note or "") else "third_party"
        consultations.append(Consultation(e.on, answer.on if answer else None, party))
    ext = next((e for e in events if e.kind == EventKind.EXTENSION and e.workdays), None)
    extension = Extension(ext.workdays, ext.actor or "（未记录）") if ext and ext.workdays else None
    paid = [e for e in events if e.kind == EventKind.FEE_PAID]
    fees = []
    for n in (e for e in events if e.kind == EventKind.FEE_NOTICE and e.amount):
        payment = next((p for p in paid if p.on >= n.on), None)
        fees.append(FeePeriod(n.on, payment.on if payment else None))
    return reply_deadline(app.received_on, correction=correction, consultations=consultations,
                          extension=extension, fees=fees, pause_fees=pause_fees, calendar=calendar)


def due_items(sess: Session, on: dt.date, within: int | None = None) -> list[DueItem]:
    """Given a day and a horizon in working days, return the applications open on that day (received by then,
    not yet replied or closed) overdue or due within it, most urgent first (all of them when `within` is None)."""
    cal = calendar_for(sess)
    pause = get_flag(sess, "fee_pause")
    apps = sess.scalars(select(Application).options(selectinload(Application.events))
                        .where(Application.withdrawn_reason.is_(None), Application.received_on <= on,
                               or_(Application.replied_on.is_(None), Application.replied_on > on)))
    items = []
    for app in apps:
        deadline = deadline_of(app, cal, pause_fees=pause)
        status = deadline.status_on(on)
        if within is None or status.overdue or (status.remaining_workdays is not None
                                                and status.remaining_workdays <= within):
            items.append(DueItem(app.ref, app.received_on, deadline, status, app.applicant_category, app.request))
    return sorted(items, key=lambda i: (i.deadline.due or dt.date.max, i.ref))
