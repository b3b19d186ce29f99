"""The register as the back office shows it: one line per application with its status and its due date, overdue
and soon-due ones marked, filtered by status, channel, applicant category and year; one application with its
timeline, its due date explained, and the steps its state allows; applicants' personal data masked for those who
may not see it. Built on lifecycle, due and masking: nothing is computed twice."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from ogi.office.actions import active_fee_notice
from ogi.office.deadlines import Deadline, DeadlineStatus, zh_date
from ogi.office.due import calendar_for, deadline_of
from ogi.office.lifecycle import STATUS_ZH, TimelineLine, find, list_applications, status_of, timeline
from ogi.office.masking import mask_contact, mask_id_document, mask_name
from ogi.office.records import Application, EventKind
from ogi.office.settings import get_flag
from ogi.office.vocab import CATEGORY_ZH, CHANNELS, outcome_label

__all__ = ["DEFAULT_WITHIN", "Detail", "Filters", "RegisterRow", "Urgency", "detail", "export_register", "register_rows",
           "steps_allowed", "urgency_of"]

DEFAULT_WITHIN = 5  # working days: "due soon" in the list


@dataclass(frozen=True, slots=True)
class Filters:
    status: str = ""
    channel: str = ""
    category: str = ""
    year: int | None = None

    def problems(self) -> dict[str, str]:
        """The filters that are none of the allowed values, with a Chinese message each."""
        out = {}
        if self.status and self.status not in STATUS_ZH:
            out["status"] = f"状态应为：{'、'.join(STATUS_ZH.values())}"
        if self.channel and self.channel not in CHANNELS:
            out["channel"] = f"申请方式应为：{'、'.join(CHANNELS)}"
        if self.category and self.category not in CATEGORY_ZH:
            out["category"] = f"申请人类型应为：{'、'.join(CATEGORY_ZH.values())}"
        return out


@dataclass(frozen=True, slots=True)
class Urgency:
    css: str  # "overdue", "due-soon" or ""
    text: str  # 已逾期 / 5个工作日内到期 / ""


@dataclass(frozen=True, slots=True)
class Applicant:
    name: str
    contact: str
    id_document: str


@dataclass(frozen=True, slots=True)
class RegisterRow:
    ref: str
    status: str
    status_zh: str
    channel: str
    category_zh: str
    received_on: dt.date
    due: dt.date | None
    due_text: str
    urgency: Urgency
    applicant: Applicant
    request: str
    outcome: str


@dataclass(frozen=True, slots=True)
class Detail:
    row: RegisterRow
    app: Application
    deadline: Deadline | None
    timeline: list[TimelineLine]
    steps: frozenset[str]
    form: str
    basis: str
    replied_on: dt.date | None
    withdrawn_reason: str | None


def applicant_of(app: Application, *, sees_personal_data: bool) -> Applicant:
    if sees_personal_data:
        return Applicant(app.applicant_name, app.contact or "", app.id_document or "")
    return Applicant(mask_name(app.applicant_name), mask_contact(app.contact or ""),
                     mask_id_document(app.id_document or ""))


def urgency_of(status: DeadlineStatus | None, within: int) -> Urgency:
    """Overdue, or due within `within` working days (the last day counts as 0 left), or neither."""
    if status is None or status.due is None:
        return Urgency("", "")
    if status.overdue:
        return Urgency("overdue", "已逾期")
    if status.remaining_workdays is not None and status.remaining_workdays <= within:
        return Urgency("due-soon", f"{within}个工作日内到期")
    return Urgency("", "")


def _row(app: Application, deadline: Deadline | None, today: dt.date, within: int, sees: bool) -> RegisterRow:
    status = status_of(app)
    open_ = status not in ("closed", "withdrawn")
    day = deadline.status_on(today) if deadline is not None and open_ else None
    if status == "withdrawn":
        due_text = f"已撤销：{app.withdrawn_reason}"
    elif status == "closed":
        due_text = f"已于{zh_date(app.replied_on)}办结" if app.replied_on else "已办结"
        late = deadline.status_on(app.replied_on) if deadline is not None and app.replied_on else None
        if late is not None and late.overdue:
            due_text += f"，晚于答复期限{late.overdue_workdays}个工作日"
    else:
        due_text = day.text_zh if day is not None else ""
    return RegisterRow(app.ref, status, STATUS_ZH[status], app.channel,
                       CATEGORY_ZH.get(app.applicant_category, app.applicant_category), app.received_on,
                       deadline.due if deadline is not None else None, due_text, urgency_of(day, within),
                       applicant_of(app, sees_personal_data=sees), app.request or "",
                       outcome_label(app.outcome) if app.outcome else "")


def _deadline(app: Application, cal, pause: bool) -> Deadline | None:  # noqa: ANN001
    return None if app.withdrawn_reason is not None else deadline_of(app, cal, pause_fees=pause)


def register_rows(sess: Session, filters: Filters, *, today: dt.date, within: int = DEFAULT_WITHIN,
                  sees_personal_data: bool = False) -> list[RegisterRow]:
    """The applications that pass the filters, in number order, each with its due date as of `today`."""
    cal, pause = calendar_for(sess), get_flag(sess, "fee_pause")
    rows = []
    for app in list_applications(sess, filters.status or None):
        if filters.channel and app.channel != filters.channel:
            continue
        if filters.category and app.applicant_category != filters.category:
            continue
        if filters.year is not None and app.received_on.year != filters.year:
            continue
        rows.append(_row(app, _deadline(app, cal, pause), today, within, sees_personal_data))
    return rows


def steps_allowed(app: Application) -> frozenset[str]:
    """The lifecycle steps that make sense in the application's state (the step itself still checks)."""
    if app.withdrawn_reason is not None:
        return frozenset()
    if app.replied_on is not None:
        return frozenset({"withdraw"})
    active = [e for e in app.events if e.withdrawn_reason is None]
    kinds = {e.kind for e in active}
    status = status_of(app)
    steps = {"consult", "reply", "close", "withdraw"}
    if EventKind.CORRECTION_REQUESTED not in kinds:
        steps.add("correction")
    elif EventKind.CORRECTION_RECEIVED not in kinds:
        steps.add("correction_received")
    if status == "consulting":
        steps.add("consult_answer")
    if EventKind.EXTENSION not in kinds:
        steps.add("extend")
    if active_fee_notice(app) is None:
        steps.add("fee_notice")
    elif EventKind.FEE_PAID not in kinds:
        steps |= {"fee_paid", "fee_withdraw"}
    return frozenset(steps)


def detail(sess: Session, ref: str, *, today: dt.date, within: int = DEFAULT_WITHIN,
           sees_personal_data: bool = False) -> Detail:
    """One application as its page shows it; NotFoundError when the register has no such number."""
    app = find(sess, ref)
    cal, pause = calendar_for(sess), get_flag(sess, "fee_pause")
    deadline = _deadline(app, cal, pause)
    return Detail(_row(app, deadline, today, within, sees_personal_data), app, deadline, timeline(app, cal),
                  steps_allowed(app), app.form or "", app.outcome_basis or "", app.replied_on, app.withdrawn_reason)


_MASKED_COLUMNS = {"申请人姓名或名称": mask_name, "联系方式": mask_contact, "证件号码": mask_id_document}


def export_register(sess: Session, path, *, sees_personal_data: bool) -> int:  # noqa: ANN001
    """Write the whole register as a 台账 XLSX (ledger.export_ledger); for those who may not see personal data,
    the applicant's name, contact and identity document are masked in the file. Return the rows written."""
    from openpyxl import load_workbook

    from ogi.office.ledger import export_ledger

    count = export_ledger(list_applications(sess), path)
    if not sees_personal_data:
        wb = load_workbook(path)
        ws = wb.active
        header = [c.value for c in ws[1]]
        for col, mask in _MASKED_COLUMNS.items():
            at = header.index(col) + 1
            for (cell,) in ws.iter_rows(min_row=2, min_col=at, max_col=at):
                cell.value = mask(str(cell.value)) if cell.value not in (None, "") else cell.value
        wb.save(path)
    return count
