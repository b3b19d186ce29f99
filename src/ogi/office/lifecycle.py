"""Every step of one application, as the register models it, for the command line and the web back office alike.

Each function takes the session (or the application found in it), checks the step against the register and the
条例 — a date before receipt or in the future, a step on an application already closed or withdrawn, an answer to
a consultation never sent — and records it as an event; the session's audit trail records who did it and the
values before and after. Nothing is deleted: an application is withdrawn with a reason, a fee notice too.
Refusals raise StepRefusedError with a Chinese message that says what to do instead.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ogi.errors import OgiError
from ogi.office.actions import (
    DEFAULT_CORRECTION_WORKDAYS,
    METHOD_ZH,
    active_fee_notice,
    close_lapsed,
    correction_period_end,
    lapsed,
)
from ogi.office.deadlines import MAX_EXTENSION_WORKDAYS, fee_payment_due, zh_date
from ogi.office.records import Application, Event, EventKind
from ogi.office.vocab import CATEGORY_ZH, VocabError, category_key, channel_value, outcome_key, outcome_label
from ogi.office.workdays import WorkdayCalendar

__all__ = [
    "STATUS_ZH",
    "NotFoundError",
    "StepRefusedError",
    "add_application",
    "answer_consultation",
    "close",
    "consult",
    "extend",
    "find",
    "list_applications",
    "receive_correction",
    "reply",
    "request_correction",
    "status_of",
    "timeline",
    "update_application",
    "withdraw",
]

LAPSE_OUTCOMES = ("other_no_correction", "other_unpaid_fee")
PARTY_NOTE = {"third_party": "征求第三方意见", "agency": "征求其他机关意见"}
STATUS_ZH = {"open": "办理中", "awaiting_correction": "待补正", "consulting": "征求意见中",
             "awaiting_payment": "待缴费", "closed": "已办结", "withdrawn": "已撤销"}
_EVENT_ZH = {EventKind.CORRECTION_REQUESTED: "发出补正告知", EventKind.CORRECTION_RECEIVED: "收到补正后的申请",
             EventKind.CONSULTATION_SENT: "征求意见", EventKind.CONSULTATION_ANSWERED: "收到意见",
             EventKind.EXTENSION: "延长答复期限", EventKind.FEE_NOTICE: "送达收费通知", EventKind.FEE_PAID: "缴费",
             EventKind.REPLY: "答复", EventKind.CLOSURE: "办结"}


class StepRefusedError(OgiError):
    """A step that contradicts the register or the 条例; nothing was recorded."""

    code = "office.step_refused"
    message_zh = "未记录"


class NotFoundError(OgiError):
    """No application with that number."""

    code = "office.not_found"
    message_zh = "台账中没有该编号的申请"


def find(sess: Session, ref: str) -> Application:
    """Given a number, return the application with its events, or raise NotFoundError."""
    app = sess.scalars(select(Application).options(selectinload(Application.events))
                       .where(Application.ref == ref)).first()
    if app is None:
        raise NotFoundError(None, ref)
    return app


def _check_day(app: Application, on: dt.date, what: str, today: dt.date | None) -> None:
    """Refuse a step on a closed or withdrawn application, or dated before receipt or in the future."""
    if app.withdrawn_reason is not None:
        raise StepRefusedError(app.ref, f"该申请已撤销（{app.withdrawn_reason}），不能{what}")
    if app.replied_on is not None:
        raise StepRefusedError(app.ref, f"该申请已于{zh_date(app.replied_on)}答复或办结，不能{what}")
    if on < app.received_on:
        raise StepRefusedError(app.ref, f"{what}日期{zh_date(on)}早于收到申请日期{zh_date(app.received_on)}")
    today = today or dt.date.today()
    if on > today:
        raise StepRefusedError(app.ref, f"{what}日期{zh_date(on)}在今天（{zh_date(today)}）之后")


def _active(app: Application, kind: str) -> list[Event]:
    return [e for e in app.events if e.kind == kind and e.withdrawn_reason is None]


def _vocab(read, text: str) -> str:  # noqa: ANN001
    try:
        return read(text)
    except VocabError as exc:
        raise StepRefusedError(None, str(exc)) from None


def add_application(sess: Session, *, ref: str, applicant_category: str, applicant_name: str, channel: str,
                    received_on: dt.date, request: str = "", form: str = "", contact: str = "",
                    id_document: str = "", today: dt.date | None = None) -> Application:
    """Register one application; the category and channel may be written as offices write them (自然人, 网络 …)."""
    ref = ref.strip()
    if not ref:
        raise StepRefusedError(None, "编号不能为空")
    if sess.scalars(select(Application.id).where(Application.ref == ref)).first() is not None:
        raise StepRefusedError(ref, "台账中已有此编号")
    today = today or dt.date.today()
    if received_on > today:
        raise StepRefusedError(ref, f"收到申请日期{zh_date(received_on)}在今天（{zh_date(today)}）之后")
    category = applicant_category if applicant_category in CATEGORY_ZH else _vocab(category_key, applicant_category)
    app = Application(ref=ref, applicant_category=category, applicant_name=applicant_name.strip(),
                      contact=contact, id_document=id_document, channel=_vocab(channel_value, channel),
                      received_on=received_on, request=request, form=form)
    app.events = []
    sess.add(app)
    sess.flush()
    return app


def request_correction(app: Application, on: dt.date, *, workdays: int = DEFAULT_CORRECTION_WORKDAYS,
                       actor: str = "", today: dt.date | None = None) -> Event:
    """Record a 补正告知书 and the period it grants the applicant (条例第三十条: asked once, for everything)."""
    _check_day(app, on, "发出补正告知", today)
    if _active(app, EventKind.CORRECTION_REQUESTED):
        raise StepRefusedError(app.ref, "已发出过补正告知：条例第三十条要求一次性告知需要补正的事项")
    if workdays < 1:
        raise StepRefusedError(app.ref, "补正期限应为正整数（工作日）")
    event = Event(kind=EventKind.CORRECTION_REQUESTED, on=on, workdays=workdays, actor=actor)
    app.events.append(event)
    return event


def receive_correction(app: Application, on: dt.date, *, today: dt.date | None = None) -> Event:
    """Record the corrected application; the reply period restarts from that day (条例第三十条)."""
    _check_day(app, on, "记录收到补正", today)
    asked = _active(app, EventKind.CORRECTION_REQUESTED)
    if not asked:
        raise StepRefusedError(app.ref, "该申请没有补正告知，不能记录收到补正（请先用 ogi office correction 记录补正告知）")
    if _active(app, EventKind.CORRECTION_RECEIVED):
        raise StepRefusedError(app.ref, "已记录收到补正")
    if on < asked[0].on:
        raise StepRefusedError(app.ref, f"收到补正日期{zh_date(on)}早于补正告知日期{zh_date(asked[0].on)}")
    event = Event(kind=EventKind.CORRECTION_RECEIVED, on=on)
    app.events.append(event)
    return event


def consult(app: Application, on: dt.date, *, party: str = "third_party", note: str = "",
            today: dt.date | None = None) -> Event:
    """Record a consultation of a third party (第三十二条) or another agency (第三十四条); its time is not counted."""
    _check_day(app, on, "征求意见", today)
    if party not in PARTY_NOTE:
        raise StepRefusedError(app.ref, "征求意见对象应为 third_party（第三方）或 agency（其他机关）")
    event = Event(kind=EventKind.CONSULTATION_SENT, on=on, note=PARTY_NOTE[party] + (f"：{note}" if note else ""))
    app.events.append(event)
    return event


def answer_consultation(app: Application, on: dt.date, *, today: dt.date | None = None) -> Event:
    """Record the answer to the earliest consultation still unanswered."""
    _check_day(app, on, "记录收到意见", today)
    sent, answered = _active(app, EventKind.CONSULTATION_SENT), _active(app, EventKind.CONSULTATION_ANSWERED)
    if len(answered) >= len(sent):
        raise StepRefusedError(app.ref, "该申请没有尚未答复的征求意见")
    first_open = sorted(sent, key=lambda e: e.on)[len(answered)]
    if on < first_open.on:
        raise StepRefusedError(app.ref, f"收到意见日期{zh_date(on)}早于征求意见日期{zh_date(first_open.on)}")
    event = Event(kind=EventKind.CONSULTATION_ANSWERED, on=on)
    app.events.append(event)
    return event


def extend(app: Application, on: dt.date, *, workdays: int, approver: str, today: dt.date | None = None) -> Event:
    """Record an extension of the reply period approved by the head of the office (条例第三十三条第二款)."""
    _check_day(app, on, "延长答复期限", today)
    if not approver.strip():
        raise StepRefusedError(app.ref, "延长答复期限须经政府信息公开工作机构负责人同意，请填写批准人（--approver）")
    if not 1 <= workdays <= MAX_EXTENSION_WORKDAYS:
        raise StepRefusedError(app.ref, "延长期限最长不得超过20个工作日（条例第三十三条第二款）")
    if _active(app, EventKind.EXTENSION):
        raise StepRefusedError(app.ref, "该申请已延长过答复期限：延长最长20个工作日，只能延长一次")
    event = Event(kind=EventKind.EXTENSION, on=on, workdays=workdays, actor=approver.strip())
    app.events.append(event)
    return event


def reply(app: Application, on: dt.date, *, outcome: str, basis: str, actor: str = "",
          today: dt.date | None = None) -> Event:
    """Record the reply with its outcome (a table 三 row, in the words offices write) and its legal basis."""
    _check_day(app, on, "答复", today)
    key = outcome if outcome in _all_outcomes() else _vocab(outcome_key, outcome)
    if key in LAPSE_OUTCOMES:
        raise StepRefusedError(app.ref, f"“{outcome_label(key)}”不是答复：期限届满后用 ogi office lapse 或 "
                                        "ogi office unpaid 办结，办结日期为期限届满之日")
    if not basis.strip():
        raise StepRefusedError(app.ref, "请填写答复依据（如 条例第三十六条第（二）项）")
    notice = active_fee_notice(app)
    if notice is not None and not _active(app, EventKind.FEE_PAID) and key != "other_misc":
        raise StepRefusedError(app.ref, f"该申请有{zh_date(notice.on)}的收费通知尚未缴费：请先记录缴费（ogi office pay），"
                                        "或撤回收费通知，或在缴费期限届满后按逾期未缴费办结")
    app.outcome, app.outcome_basis, app.replied_on = key, basis.strip(), on
    event = Event(kind=EventKind.REPLY, on=on, actor=actor, note=basis.strip())
    app.events.append(event)
    return event


def close(app: Application, on: dt.date, *, outcome: str, basis: str = "", calendar: WorkdayCalendar,
          today: dt.date | None = None) -> Event:
    """Close an application without a reply of its own (表三（六）). 逾期不补正 and 逾期未缴费 close on the day the
    补正 or payment period ran out, and only once it has; `on` is then the day the office notes it."""
    key = outcome if outcome in _all_outcomes() else _vocab(outcome_key, outcome)
    if key in LAPSE_OUTCOMES:
        _check_day(app, on, "办结", today)
        item = lapsed(app, on, calendar)
        if item is None or item.outcome != key:
            raise StepRefusedError(app.ref, _not_lapsed(app, key, calendar))
        close_lapsed(item)
        return app.events[-1]
    if not key.startswith("other_"):
        raise StepRefusedError(app.ref, "予以公开、不予公开等结果请用 ogi office reply 记录答复")
    _check_day(app, on, "办结", today)
    app.outcome, app.outcome_basis, app.replied_on = key, basis.strip() or None, on
    event = Event(kind=EventKind.CLOSURE, on=on, note=basis.strip())
    app.events.append(event)
    return event


def _not_lapsed(app: Application, key: str, cal: WorkdayCalendar) -> str:
    if key == "other_no_correction":
        asked = _active(app, EventKind.CORRECTION_REQUESTED)
        if not asked or _active(app, EventKind.CORRECTION_RECEIVED):
            return "该申请没有未补正的补正告知，不能按逾期不补正办结"
        return f"补正期限至{zh_date(correction_period_end(asked[0], cal))}，尚未届满"
    notice = active_fee_notice(app)
    if notice is None or _active(app, EventKind.FEE_PAID):
        return "该申请没有未缴费的收费通知，不能按逾期未缴费办结"
    return f"缴费期限至{zh_date(fee_payment_due(notice.on, cal))}，尚未届满"


def withdraw(app: Application, reason: str) -> None:
    """Withdraw an application entered by mistake; it stays in the register and counts nowhere."""
    if not reason.strip():
        raise StepRefusedError(app.ref, "撤销须填写原因")
    if app.withdrawn_reason is not None:
        raise StepRefusedError(app.ref, f"该申请已撤销（{app.withdrawn_reason}）")
    app.withdrawn_reason = reason.strip()


def _all_outcomes() -> set[str]:
    from ogi.office.vocab import _FORMS

    return set(_FORMS)


def status_of(app: Application) -> str:
    """Return where the application stands, one of STATUS_ZH's keys."""
    if app.withdrawn_reason is not None:
        return "withdrawn"
    if app.replied_on is not None:
        return "closed"
    if _active(app, EventKind.CORRECTION_REQUESTED) and not _active(app, EventKind.CORRECTION_RECEIVED):
        return "awaiting_correction"
    if active_fee_notice(app) is not None and not _active(app, EventKind.FEE_PAID):
        return "awaiting_payment"
    if len(_active(app, EventKind.CONSULTATION_ANSWERED)) < len(_active(app, EventKind.CONSULTATION_SENT)):
        return "consulting"
    return "open"


def list_applications(sess: Session, status: str | None = None) -> list[Application]:
    """Return the applications in number order, only those in `status` (a STATUS_ZH key or its Chinese) if given."""
    if status is not None:
        wanted = {v: k for k, v in STATUS_ZH.items()}.get(status, status)
        if wanted not in STATUS_ZH:
            raise StepRefusedError(None, f"状态“{status}”应为：{'、'.join(STATUS_ZH.values())}")
        status = wanted
    apps = sess.scalars(select(Application).options(selectinload(Application.events)).order_by(Application.ref))
    return [a for a in apps if status is None or status_of(a) == status]


@dataclass(frozen=True, slots=True)
class TimelineLine:
    on: dt.date
    text: str


def _event_text(e: Event, cal: WorkdayCalendar) -> str:
    text = _EVENT_ZH.get(e.kind, e.kind)
    if e.kind == EventKind.CORRECTION_REQUESTED:
        period = (f"补正期限{e.workdays}个工作日" if e.workdays
                  else f"补正期限{DEFAULT_CORRECTION_WORKDAYS}个工作日（告知书未载明，按默认）")
        text += f"，{period}，至{zh_date(correction_period_end(e, cal))}"
    elif e.kind == EventKind.CONSULTATION_SENT:
        text = e.note or text
    elif e.kind == EventKind.EXTENSION:
        text += f"{e.workdays}个工作日（经{e.actor or '（未记录）'}批准）"
    elif e.kind == EventKind.FEE_NOTICE:
        text += f"：{METHOD_ZH.get(e.method or '', '')}{e.amount}元，缴费期限至{zh_date(fee_payment_due(e.on, cal))}"
    elif e.kind == EventKind.FEE_PAID:
        text += f"{e.amount}元" if e.amount is not None else ""
    elif e.kind in (EventKind.REPLY, EventKind.CLOSURE) and e.note:
        text += f"（{e.note}）"
    if e.withdrawn_reason:
        text += f"〔已撤回：{e.withdrawn_reason}〕"
    return text


def timeline(app: Application, cal: WorkdayCalendar) -> list[TimelineLine]:
    """Return the application's steps in date order, in Chinese, from receipt to reply or closure."""
    lines = [TimelineLine(app.received_on, f"收到申请（{app.channel}）")]
    for e in sorted(app.events, key=lambda e: (e.on, e.id or 0)):
        lines.append(TimelineLine(e.on, _event_text(e, cal)))
    if app.outcome:
        lines.append(TimelineLine(app.replied_on or app.received_on, f"办理结果：{outcome_label(app.outcome)}"))
    return lines


def _event_key(e: Event) -> tuple[object, ...]:
    """What a ledger row says about an event: who did it is kept only where the ledger has it (the approver)."""
    return (e.kind, e.on, e.workdays, e.amount, e.method, e.pages,
            e.actor or "" if e.kind == EventKind.EXTENSION else "")


_FIELDS = ("applicant_category", "applicant_name", "contact", "id_document", "channel", "received_on", "request",
           "form", "outcome", "outcome_basis", "replied_on", "withdrawn_reason")


def update_application(sess: Session, new: Application, *, reason: str) -> Application:
    """Correct an application already in the register from a corrected ledger row: changed fields are updated,
    new events added, and events the row no longer has are withdrawn with `reason` (nothing is deleted)."""
    app = find(sess, new.ref)
    for f in _FIELDS:
        if f == "withdrawn_reason" and new.withdrawn_reason is None:
            continue  # a withdrawal is undone only on purpose, never by a row that leaves 撤销原因 empty
        if getattr(app, f) != getattr(new, f):
            setattr(app, f, getattr(new, f))
    have = {_event_key(e): e for e in app.events if e.withdrawn_reason is None}
    wanted = {_event_key(e): e for e in new.events if e.withdrawn_reason is None}
    for key, e in have.items():
        if key not in wanted:
            e.withdrawn_reason = reason
    for key, e in wanted.items():
        if key not in have:
            app.events.append(Event(kind=e.kind, on=e.on, workdays=e.workdays, amount=e.amount, method=e.method,
                                    pages=e.pages, actor=e.actor or "", note=e.note or ""))
    return app
