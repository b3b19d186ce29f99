"""What the office does about fees and lapsed deadlines, below the CLI so the web back office calls the same code.

Fees (国办函〔2020〕109号): ``quote_fee`` only computes; ``issue_fee_notice`` records a 收费通知 as a separate,
explicit step and refuses what the 办法 does not allow — a notice of 0 元 (nothing to pay, no notice), a second
notice on one application (第三条: one standard per application, charged once; withdraw the wrong one first with
``withdraw_fee_notice``), a notice after the reply. ``record_payment`` stores the amount actually paid, which part
六 of the compiled report adds up.

Lapse: applications whose applicant let a period run out are closed — an unanswered 补正 request (条例第三十条 →
outcome （六）1) or an unpaid fee notice (109号 → outcome （六）2) — on the day the period ran out (期限届满之日),
not the day the command runs; ``lapse(..., dry_run=True)`` only says what would be closed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ogi.errors import OgiError
from ogi.office.deadlines import fee_payment_due, zh_date
from ogi.office.fees import per_piece_fee_for, per_volume_fee
from ogi.office.records import Application, Event, EventKind
from ogi.office.workdays import WorkdayCalendar

__all__ = [
    "DEFAULT_CORRECTION_WORKDAYS",
    "FeeNotice",
    "FeeQuote",
    "FeeRefusedError",
    "Lapse",
    "active_fee_notice",
    "correction_period_end",
    "issue_fee_notice",
    "lapse",
    "quote_fee",
    "record_payment",
    "withdraw_fee_notice",
]

# 条例第三十条 asks for "合理的补正期限" without a number; offices commonly give 15 working days. The period an
# office actually granted is recorded on the 补正 event (Event.workdays) and wins over this default.
DEFAULT_CORRECTION_WORKDAYS = 15
METHOD_ZH = {"piece": "按件", "volume": "按量"}
NO_CORRECTION_BASIS = "条例第三十条：申请人无正当理由逾期不补正，视为放弃申请"
UNPAID_FEE_BASIS = "国办函〔2020〕109号：申请人逾期未缴纳信息处理费，视为放弃申请"


class FeeRefusedError(OgiError):
    """A fee notice or payment the 办法 does not allow, or one that contradicts the register."""

    code = "office.fee_refused"
    message_zh = "不能记录"


@dataclass(frozen=True, slots=True)
class FeeQuote:
    amount: int  # 元
    basis: str  # how it was computed, in Chinese
    method: str  # "piece" or "volume"
    pages: int | None = None


@dataclass(frozen=True, slots=True)
class FeeNotice:
    amount: int  # 元
    basis: str
    pay_by: dt.date


@dataclass(frozen=True, slots=True)
class Lapse:
    """An application closed, or to be closed, because a period ran out."""

    app: Application
    outcome: str  # other_no_correction or other_unpaid_fee
    closed_on: dt.date  # the last day of the period that ran out
    basis: str

    @property
    def ref(self) -> str:
        return self.app.ref


def _nth_in_month(sess: Session, app: Application) -> int:
    """The rank of this application among the same applicant's in its natural month (按件 counts per month)."""
    start = app.received_on.replace(day=1)
    same = sess.scalars(select(Application).where(
        Application.applicant_name == app.applicant_name, Application.id_document == app.id_document,
        Application.withdrawn_reason.is_(None), Application.received_on >= start,
        Application.received_on <= app.received_on)).all()
    ordered = sorted(same, key=lambda a: (a.received_on, a.id))
    return next(i for i, a in enumerate(ordered, start=1) if a.id == app.id)


def quote_fee(sess: Session, app: Application, method: Literal["piece", "volume"] | str,
              pages: int | None = None) -> FeeQuote:
    """Given an application and a standard, compute the fee without recording anything."""
    if method == "volume":
        if pages is None or pages < 0:
            raise FeeRefusedError(None, "按量收费须填写页数（--pages）")
        return FeeQuote(per_volume_fee(pages), f"按量收费：{pages}页（国办函〔2020〕109号第五条）", "volume", pages)
    if method != "piece":
        raise FeeRefusedError(None, f"收费方式“{method}”应为 piece（按件）或 volume（按量）")
    sess.flush()
    nth = _nth_in_month(sess, app)
    return FeeQuote(per_piece_fee_for(nth), f"按件收费：该申请人本月第{nth}件申请（国办函〔2020〕109号第四条）", "piece")


def active_fee_notice(app: Application) -> Event | None:
    """Return the application's fee notice in force (not withdrawn), if any."""
    return next((e for e in app.events if e.kind == EventKind.FEE_NOTICE and e.withdrawn_reason is None), None)


def _refuse_if_closed(app: Application, what: str) -> None:
    if app.withdrawn_reason is not None:
        raise FeeRefusedError(app.ref, f"该申请已撤销（{app.withdrawn_reason}），不能{what}")
    if app.replied_on is not None:
        raise FeeRefusedError(app.ref, f"该申请已于{zh_date(app.replied_on)}答复或办结，不能{what}")


def issue_fee_notice(sess: Session, app: Application, on: dt.date, method: Literal["piece", "volume"] | str,
                     pages: int | None = None, calendar: WorkdayCalendar | None = None,
                     actor: str = "") -> FeeNotice:
    """Given an application, the day the notice is served and the standard, record the 收费通知 and return it;
    refuse a 0 元 notice, a second notice and a notice after the reply (FeeRefusedError)."""
    _refuse_if_closed(app, "再发收费通知")
    if on < app.received_on:
        raise FeeRefusedError(app.ref, f"收费通知日期{zh_date(on)}早于收到申请日期{zh_date(app.received_on)}")
    current = active_fee_notice(app)
    if current is not None:
        raise FeeRefusedError(app.ref, (
            f"该申请已有{zh_date(current.on)}的收费通知（{METHOD_ZH.get(current.method or '', '')}{current.amount}元）；"
            "同一申请只能选择按件或按量一种标准收费（国办函〔2020〕109号第三条），不能再发通知。"
            "如原通知有误，请先撤回（ogi office fee-withdraw 编号 --reason 原因）"))
    quote = quote_fee(sess, app, method, pages)
    if quote.amount <= 0:
        raise FeeRefusedError(app.ref, f"{quote.basis}，应收0元：无需缴费，不发收费通知")
    pay_by = fee_payment_due(on, calendar)
    app.events.append(Event(kind=EventKind.FEE_NOTICE, on=on, amount=quote.amount, method=quote.method,
                            pages=quote.pages, actor=actor, note=f"{quote.basis}；应于{zh_date(pay_by)}前缴纳"))
    return FeeNotice(quote.amount, quote.basis, pay_by)


def withdraw_fee_notice(app: Application, reason: str) -> Event:
    """Withdraw the fee notice in force, with a reason; it stays in the register and counts nowhere."""
    if not reason.strip():
        raise FeeRefusedError(app.ref, "撤回收费通知须填写原因")
    current = active_fee_notice(app)
    if current is None:
        raise FeeRefusedError(app.ref, "该申请没有可撤回的收费通知")
    if any(e.kind == EventKind.FEE_PAID and e.withdrawn_reason is None and e.on >= current.on for e in app.events):
        raise FeeRefusedError(app.ref, "该收费通知已缴费，不能撤回")
    current.withdrawn_reason = reason.strip()
    return current


def record_payment(app: Application, on: dt.date, amount: int | None = None, actor: str = "") -> Event:
    """Record the payment of the fee notice in force; the amount defaults to the noticed one."""
    notice = active_fee_notice(app)
    if notice is None:
        raise FeeRefusedError(app.ref, "该申请没有收费通知，不能记录缴费")
    if any(e.kind == EventKind.FEE_PAID and e.withdrawn_reason is None for e in app.events):
        raise FeeRefusedError(app.ref, "该申请已记录缴费")
    if on < notice.on:
        raise FeeRefusedError(app.ref, f"缴费日期{zh_date(on)}早于收费通知日期{zh_date(notice.on)}")
    paid = notice.amount if amount is None else amount
    if paid is None or paid <= 0:
        raise FeeRefusedError(app.ref, "缴费金额应为正整数（元）")
    event = Event(kind=EventKind.FEE_PAID, on=on, amount=paid, actor=actor)
    app.events.append(event)
    return event


def correction_period_end(request: Event, calendar: WorkdayCalendar) -> dt.date:
    """Return the last day of the 补正 period a 补正告知书 granted (the default when it recorded none)."""
    return calendar.add_workdays(request.on, request.workdays or DEFAULT_CORRECTION_WORKDAYS)


def lapsed(app: Application, on: dt.date, cal: WorkdayCalendar) -> Lapse | None:
    """Given an open application and a day, return its lapse if a 补正 or payment period ran out before that day."""
    events = [e for e in app.events if e.withdrawn_reason is None]
    request = next((e for e in events if e.kind == EventKind.CORRECTION_REQUESTED), None)
    if request and not any(e.kind == EventKind.CORRECTION_RECEIVED for e in events):
        end = correction_period_end(request, cal)
        if end < on:
            return Lapse(app, "other_no_correction", end, NO_CORRECTION_BASIS)
    notice = next((e for e in events if e.kind == EventKind.FEE_NOTICE and e.amount), None)  # a 0 元 one asks nothing
    if notice and not any(e.kind == EventKind.FEE_PAID and e.on >= notice.on for e in events):
        end = fee_payment_due(notice.on, cal)
        if end < on:
            return Lapse(app, "other_unpaid_fee", end, UNPAID_FEE_BASIS)
    return None


def close_lapsed(item: Lapse) -> None:
    """Close one lapsed application on the day its period ran out."""
    app = item.app
    app.outcome, app.replied_on, app.outcome_basis = item.outcome, item.closed_on, item.basis
    app.events.append(Event(kind=EventKind.CLOSURE, on=item.closed_on, note=item.basis))


def lapse(sess: Session, on: dt.date, calendar: WorkdayCalendar | None = None, *,
          dry_run: bool = False) -> list[Lapse]:
    """Given a day, close the open applications whose 补正 or payment period ran out before it, each on the day
    its period ran out; with dry_run, change nothing and return what would be closed."""
    cal = calendar or WorkdayCalendar()
    apps = sess.scalars(select(Application).options(selectinload(Application.events))
                        .where(Application.replied_on.is_(None), Application.withdrawn_reason.is_(None))
                        .order_by(Application.ref))
    found = [item for app in apps if (item := lapsed(app, on, cal)) is not None]
    if not dry_run:
        for item in found:
            close_lapsed(item)
    return found
