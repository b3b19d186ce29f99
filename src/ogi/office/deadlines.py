"""The reply deadline of one disclosure application under the 条例, with every step explained in Chinese.

Counting conventions (all periods in 工作日, see ogi.office.workdays):

- Start. Every period starts the day after its event: the day of receipt (第三十一条), of receiving the corrected
  application, of sending a consultation or of receiving a fee notice is day 0, and day 1 is the next working
  day. Basis: 《民法典》第二百零一条第一款 (“开始的当日不计入，自下一日开始计算”), which practice applies to the 条例
  (“自收到申请次日起算”); the 条例 itself does not say.
- Reply: 20 working days (第三十三条第二款), plus an extension of at most 20 working days approved by the head of
  the disclosure office (同款). More than 20 raises ExtensionTooLongError.
- 补正 (第三十条): the request must go out within 7 working days of receipt (``correction_request_due`` is the last
  day; a later request is flagged ``correction_request_late``). The reply period then restarts from the day the
  corrected application is received (“答复期限自行政机关收到补正的申请之日起计算”), late request or not, because the
  article states no exception; while the corrected application has not arrived there is no due date.
- Consultation (第三十三条第三款: “征求第三方和其他机关意见所需时间不计算在前款规定的期限内”): the paused working days
  of one consultation are those after the day it was sent, up to and including the day the answer was received:
  (sent, answered]. The sending day is the office's own working day, like every other start day. The pause ends at
  the latest when the consulted party's own 15 working days run out (第三十二条 third party, 第三十四条 other agency):
  after that the office decides without the answer, so an unanswered or late-answered consultation pauses the
  clock for at most 15 working days. Those 15 days are counted from the day the request was *sent*, because the
  office seldom knows when it arrived; this can only make the due date earlier, never later. Paused days are a set:
  overlapping consultations pause a day once, and only days inside the running reply period count.
- Fee payment: 20 working days counted from the day after the fee notice is received (国办函〔2020〕109号 as
  restated by provincial notices). Whether the payment time is excluded from the reply period is not settled in
  the texts found: it is the office setting ``fee_pause`` (ogi.office.settings), off by default. When on, the
  working days (notice, payment] — at most up to the last day to pay — are paused like a consultation's; either
  way the explanation says how the setting stands.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from ogi.errors import OgiError
from ogi.office.workdays import ONE_DAY, WorkdayCalendar, days_between

__all__ = [
    "CORRECTION_REQUEST_WORKDAYS",
    "CONSULTATION_ANSWER_WORKDAYS",
    "FEE_PAYMENT_WORKDAYS",
    "MAX_EXTENSION_WORKDAYS",
    "REPLY_WORKDAYS",
    "Consultation",
    "Correction",
    "Deadline",
    "DeadlineStatus",
    "Extension",
    "ExtensionTooLongError",
    "FeePeriod",
    "InvalidFactsError",
    "fee_payment_due",
    "reply_deadline",
    "third_party_answer_due",
    "zh_date",
]

REPLY_WORKDAYS = 20  # 第三十三条第二款
MAX_EXTENSION_WORKDAYS = 20  # 第三十三条第二款
CORRECTION_REQUEST_WORKDAYS = 7  # 第三十条
CONSULTATION_ANSWER_WORKDAYS = 15  # 第三十二条、第三十四条
FEE_PAYMENT_WORKDAYS = 20  # 国办函〔2020〕109号

PARTY_ZH = {"third_party": ("第三方", "第三十二条"), "agency": ("其他机关", "第三十四条")}


class InvalidFactsError(OgiError, ValueError):
    """The dates or figures given for an application contradict each other or the 条例."""

    code = "office.invalid_facts"
    message_zh = "申请办理情况的日期或天数有误"

    def __init__(self, detail_zh: str, detail_en: str) -> None:
        self.detail_en = detail_en
        super().__init__(None, detail_zh)

    def __str__(self) -> str:
        return f"{self.code}: {self.detail_en}"


class ExtensionTooLongError(InvalidFactsError):
    """An extension of the reply period longer than the 20 working days the 条例 allows."""

    code = "office.extension_too_long"
    message_zh = "延长答复期限最长不得超过20个工作日（条例第三十三条第二款）"


@dataclass(frozen=True)
class Correction:
    """A 补正 request (第三十条): when it was sent, and when the corrected application came back (None: not yet)."""

    sent: date
    received: date | None = None


@dataclass(frozen=True)
class Consultation:
    """A consultation of a third party (第三十二条) or another agency (第三十四条) whose time is not counted."""

    sent: date
    answered: date | None = None
    party: Literal["third_party", "agency"] = "third_party"


@dataclass(frozen=True)
class Extension:
    """An extension of the reply period and who approved it (第三十三条第二款: the office's head)."""

    workdays: int
    approved_by: str


@dataclass(frozen=True)
class FeePeriod:
    """A 收费通知 (served on `noticed`) and the day it was paid (None: not yet)."""

    noticed: date
    paid: date | None = None


@dataclass(frozen=True)
class DeadlineStatus:
    """Where an application stands on one day: working days left, or working days overdue."""

    day: date
    due: date | None
    remaining_workdays: int | None  # working days after `day` up to and including `due`; None without a due date
    overdue_workdays: int | None  # working days after `due` up to and including `day`; None without a due date

    @property
    def overdue(self) -> bool:
        """Say whether the due date has passed, even when only non-working days have passed since."""
        return self.due is not None and self.day > self.due

    @property
    def text_zh(self) -> str:
        """Describe the status in one Chinese sentence for the register."""
        if self.due is None:
            return "等待申请人补正，答复期限尚未起算"
        if self.overdue:
            return f"已超过答复期限（{zh_date(self.due)}）{self.overdue_workdays}个工作日"
        if self.remaining_workdays == 0:
            return f"今日（{zh_date(self.due)}）为答复期限最后一日"
        return f"距答复期限（{zh_date(self.due)}）还有{self.remaining_workdays}个工作日（不含当日）"


@dataclass(frozen=True)
class Deadline:
    """The reply deadline of one application and the steps that lead to it."""

    received: date
    clock_start: date | None  # day 0 of the reply period: receipt, or receipt of the corrected application
    due: date | None  # None while the corrected application is awaited
    correction_request_due: date
    correction_request_late: bool
    paused_workdays: int
    extension_workdays: int
    steps: tuple[str, ...]
    calendar: WorkdayCalendar = field(repr=False, compare=False)

    def status_on(self, day: date) -> DeadlineStatus:
        """Count working days left or overdue on a day, so the office sees what needs a reply first."""
        if self.due is None:
            return DeadlineStatus(day, None, None, None)
        remaining = self.calendar.count_workdays(day, self.due)
        overdue = self.calendar.count_workdays(self.due, day)
        return DeadlineStatus(day, self.due, remaining, overdue)


def zh_date(d: date) -> str:
    """Write a date the way Chinese official documents do, e.g. 2024年2月5日."""
    return f"{d.year}年{d.month}月{d.day}日"


def _zh_span(first: date, last: date) -> str:
    """Write a span of days, dropping the repeated year, e.g. 2024年2月21日至3月1日."""
    end = zh_date(last) if last.year != first.year else f"{last.month}月{last.day}日"
    return f"{zh_date(first)}至{end}"


def third_party_answer_due(sent: date, calendar: WorkdayCalendar | None = None) -> date:
    """Return the last day of a consulted party's 15 working days (第三十二条、第三十四条), counted from the day after sending."""
    return (calendar or WorkdayCalendar()).add_workdays(sent, CONSULTATION_ANSWER_WORKDAYS)


def fee_payment_due(notice_received: date, calendar: WorkdayCalendar | None = None) -> date:
    """Return the last day to pay a 信息处理费: 20 working days from the day after the notice is received (109号)."""
    return (calendar or WorkdayCalendar()).add_workdays(notice_received, FEE_PAYMENT_WORKDAYS)


def reply_deadline(
    received: date,
    *,
    correction: Correction | None = None,
    consultations: Sequence[Consultation] = (),
    extension: Extension | None = None,
    fees: Sequence[FeePeriod] = (),
    pause_fees: bool = False,
    calendar: WorkdayCalendar | None = None,
) -> Deadline:
    """Compute the reply due date from the facts of one application, explaining each step in Chinese.

    `pause_fees` is the office setting ``fee_pause``: whether the time from a fee notice to its payment is left
    out of the reply period (see the module docstring)."""
    cal = calendar or WorkdayCalendar()
    _check_facts(received, correction, consultations, extension)
    request_due = cal.add_workdays(received, CORRECTION_REQUEST_WORKDAYS)
    late = correction is not None and correction.sent > request_due
    steps = [f"{zh_date(received)}收到申请，次日起算（条例第三十三条第二款：{REPLY_WORKDAYS}个工作日）"]
    start: date | None = received
    if correction is not None:
        steps.append(_correction_step(correction, request_due, late))
        start = correction.received
    ext = extension.workdays if extension else 0
    if start is None:
        return Deadline(received, None, None, request_due, late, 0, ext, tuple(steps), cal)
    paused = [_paused_days(cal, c) for c in consultations]
    fee_paused = [_fee_days(cal, f) if pause_fees else set() for f in fees]
    due = _walk(cal, start, REPLY_WORKDAYS + ext, set().union(*paused, *fee_paused))
    used = [{d for d in days if start < d <= due} for days in paused]
    steps += [_consultation_step(cal, c, len(days)) for c, days in zip(consultations, used, strict=True)]
    fee_used = [{d for d in days if start < d <= due} for days in fee_paused]
    steps += [_fee_step(f, len(days), pause_fees) for f, days in zip(fees, fee_used, strict=True)]
    total = len(set().union(*used, *fee_used))
    if pause_fees and fees and consultations:
        steps.append(f"征求意见与收费期间合计不计入{total}个工作日（重叠的日期只计一次）")
    elif len(consultations) > 1 or (pause_fees and len(fees) > 1):
        steps.append(f"{'征求意见' if consultations else '收费'}期间合计不计入{total}个工作日（重叠的日期只计一次）")
    if extension is not None and ext:
        steps.append(f"延长{ext}个工作日（经{extension.approved_by}批准，条例第三十三条第二款）")
    steps.append(f"答复期限：{zh_date(due)}")
    return Deadline(received, start, due, request_due, late, total, ext, tuple(steps), cal)


def _walk(cal: WorkdayCalendar, start: date, n: int, paused: set[date]) -> date:
    """Return the day on which n unpaused working days after start have run, because paused days do not count."""
    d = start
    while n:
        d += ONE_DAY
        if d not in paused and cal.is_workday(d):
            n -= 1
    return d


def _pause_end(cal: WorkdayCalendar, c: Consultation) -> date:
    """Return the last paused day: the answer day, but no later than the end of the party's 15 working days."""
    limit = third_party_answer_due(c.sent, cal)
    return limit if c.answered is None else min(c.answered, limit)


def _paused_days(cal: WorkdayCalendar, c: Consultation) -> set[date]:
    """Return the working days a consultation pauses, (sent, end], as a set so overlaps count once."""
    return {d for d in days_between(c.sent, _pause_end(cal, c)) if cal.is_workday(d)}


def _fee_days(cal: WorkdayCalendar, f: FeePeriod) -> set[date]:
    """Return the working days from the day after a fee notice to its payment, at most to the last day to pay."""
    limit = fee_payment_due(f.noticed, cal)
    end = limit if f.paid is None else min(f.paid, limit)
    return {d for d in days_between(f.noticed, end) if cal.is_workday(d)}


def _fee_step(f: FeePeriod, days: int, paused: bool) -> str:
    """Explain in Chinese how a fee notice's payment time was treated, naming the office setting."""
    paid = "尚未缴费" if f.paid is None else f"{zh_date(f.paid)}缴费"
    head = f"收费通知：{zh_date(f.noticed)}送达，{paid}"
    if not paused:
        return (f"{head}；收费期间计入答复期限（本机关设置“收费通知至缴费期间不计入答复期限”为关闭，"
                "国办函〔2020〕109号未明确规定；可用 ogi office setting fee_pause on 更改）")
    return (f"{head}；收费期间不计入答复期限（{days}个工作日，本机关设置“收费通知至缴费期间不计入答复期限”为开启，"
            "最长至缴费期限届满）")


def _consultation_step(cal: WorkdayCalendar, c: Consultation, days: int) -> str:
    """Explain one consultation's pause in Chinese, including when its answer was missing or late."""
    who, article = PARTY_ZH[c.party]
    limit = third_party_answer_due(c.sent, cal)
    if c.answered is not None and c.answered <= limit:
        head = f"征求{who}意见{_zh_span(c.sent, c.answered)}"
    else:
        state = "尚未收到答复" if c.answered is None else f"{zh_date(c.answered)}收到答复，已超过答复期限"
        head = (
            f"征求{who}意见：{zh_date(c.sent)}发出，{state}；"
            f"按{who}{CONSULTATION_ANSWER_WORKDAYS}个工作日答复期限（至{zh_date(limit)}，条例{article}）计"
        )
    if days == 0:
        return f"{head}，该期间不在答复期限内，不影响答复期限"
    return f"{head}，期间不计入（发出次日起{days}个工作日，条例第三十三条第三款）"


def _correction_step(c: Correction, request_due: date, late: bool) -> str:
    """Explain a 补正 in Chinese: when it went out, whether on time, and whether the clock has restarted."""
    text = f"补正：{zh_date(c.sent)}发出补正告知"
    if late:
        text += f"，晚于法定期限（最迟应于{zh_date(request_due)}发出，条例第三十条）"
    if c.received is None:
        return text + "，尚未收到补正后的申请；答复期限自收到补正后的申请之日起计算"
    return text + f"，{zh_date(c.received)}收到补正后的申请，答复期限自该日重新计算（条例第三十条）"


def _check_facts(
    received: date, correction: Correction | None, consultations: Iterable[Consultation], extension: Extension | None
) -> None:
    """Reject facts whose dates run backwards or whose extension the 条例 forbids, rather than compute nonsense."""
    if correction is not None:
        _not_before(correction.sent, received, "补正告知的发出日期早于收到申请的日期", "correction sent before receipt")
        if correction.received is not None:
            _not_before(
                correction.received,
                correction.sent,
                "收到补正的日期早于补正告知的发出日期",
                "correction back before sent",
            )
    for c in consultations:
        if c.answered is not None:
            _not_before(c.answered, c.sent, "收到意见的日期早于征求意见的发出日期", "consultation answered before sent")
    if extension is not None:
        _check_extension(extension)


def _check_extension(extension: Extension) -> None:
    """Enforce 第三十三条第二款: at most 20 working days, approved by someone named."""
    n = extension.workdays
    if n > MAX_EXTENSION_WORKDAYS:
        raise ExtensionTooLongError(f"拟延长{n}个工作日", f"extension of {n} working days exceeds 20")
    if n < 0:
        raise InvalidFactsError(f"延长天数为{n}", f"negative extension {n}")
    if n and not extension.approved_by.strip():
        raise InvalidFactsError(
            "延长答复期限须经政府信息公开工作机构负责人同意，请填写批准人", "extension without approver"
        )


def _not_before(later: date, earlier: date, zh: str, en: str) -> None:
    """Raise InvalidFactsError when two dates of one application are in the wrong order."""
    if later < earlier:
        raise InvalidFactsError(f"{zh}：{zh_date(later)}早于{zh_date(earlier)}", f"{en}: {later} < {earlier}")
