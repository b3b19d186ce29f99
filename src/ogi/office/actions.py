"""What the office does to an application beyond recording it: issue a fee notice with the fee computed by
ogi (国办函〔2020〕109号), and close applications whose applicant let a deadline pass — an unanswered 补正
request (条例第三十条 → outcome （六）1) or an unpaid fee notice (109号 → outcome （六）2)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ogi.office.deadlines import fee_payment_due, zh_date
from ogi.office.fees import per_piece_fee_for, per_volume_fee
from ogi.office.records import Application, Event, EventKind
from ogi.office.workdays import WorkdayCalendar

__all__ = ["DEFAULT_CORRECTION_WORKDAYS", "FeeNotice", "issue_fee_notice", "lapse"]

# 条例第三十条 asks for "合理的补正期限" without a number; offices commonly give 15 working days. The period an
# office actually granted is recorded on the 补正 event (Event.workdays) and wins over this default.
DEFAULT_CORRECTION_WORKDAYS = 15


@dataclass(frozen=True, slots=True)
class FeeNotice:
    amount: int  # 元
    basis: str  # how it was computed, in Chinese
    pay_by: dt.date


def _nth_in_month(sess: Session, app: Application) -> int:
    """The rank of this application among the same applicant's in its natural month (按件 counts per month)."""
    start = app.received_on.replace(day=1)
    same = sess.scalars(select(Application).where(
        Application.applicant_name == app.applicant_name, Application.id_document == app.id_document,
        Application.withdrawn_reason.is_(None), Application.received_on >= start,
        Application.received_on <= app.received_on)).all()
    ordered = sorted(same, key=lambda a: (a.received_on, a.id))
    return next(i for i, a in enumerate(ordered, start=1) if a.id == app.id)


def issue_fee_notice(sess: Session, app: Application, on: dt.date, method: Literal["piece", "volume"],
                     pages: int | None = None, calendar: WorkdayCalendar | None = None) -> FeeNotice:
    """Given an application, the day the notice is served and the method, record the notice and return it."""
    if method == "volume":
        if pages is None:
            raise ValueError("按量收费需要页数")
        amount = per_volume_fee(pages)
        basis = f"按量收费：{pages}页（国办函〔2020〕109号第五条）"
    else:
        nth = _nth_in_month(sess, app)
        amount = per_piece_fee_for(nth)
        basis = f"按件收费：该申请人本月第{nth}件申请（国办函〔2020〕109号第四条）"
    pay_by = fee_payment_due(on, calendar)
    app.events.append(Event(kind=EventKind.FEE_NOTICE, on=on, amount=amount,
                            note=f"{basis}；应于{zh_date(pay_by)}前缴纳"))
    return FeeNotice(amount, basis, pay_by)


def lapse(sess: Session, on: dt.date, calendar: WorkdayCalendar | None = None) -> list[Application]:
    """Given a day, close the open applications whose 补正 or fee deadline passed before it; return them."""
    cal = calendar or WorkdayCalendar()
    closed = []
    apps = sess.scalars(select(Application).options(selectinload(Application.events))
                        .where(Application.replied_on.is_(None), Application.withdrawn_reason.is_(None)))
    for app in apps:
        kinds = {e.kind for e in app.events}
        outcome = None
        request = next((e for e in app.events if e.kind == EventKind.CORRECTION_REQUESTED), None)
        if request and EventKind.CORRECTION_RECEIVED not in kinds:
            if cal.add_workdays(request.on, request.workdays or DEFAULT_CORRECTION_WORKDAYS) < on:
                outcome = "other_no_correction"
        notice = next((e for e in app.events if e.kind == EventKind.FEE_NOTICE), None)
        if outcome is None and notice and EventKind.FEE_PAID not in kinds and fee_payment_due(notice.on, cal) < on:
            outcome = "other_unpaid_fee"
        if outcome is not None:
            app.outcome, app.replied_on = outcome, on
            app.outcome_basis = ("条例第三十条：申请人无正当理由逾期不补正，视为放弃申请" if outcome == "other_no_correction"
                                 else "国办函〔2020〕109号：申请人逾期未缴纳信息处理费，视为放弃申请")
            app.events.append(Event(kind=EventKind.CLOSURE, on=on, note=app.outcome_basis))
            closed.append(app)
    return closed
