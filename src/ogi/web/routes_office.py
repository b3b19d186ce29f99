"""The disclosure office's back office: the register of applications (list, intake, one application with its
timeline, due date and steps) and the 台账 XLSX import and export. 经办人 and 管理员 change it, 只读 reads it with
applicants' personal data masked. Thin: every check and count is ogi.office's, as on the command line; every
change goes through an audited session naming the user."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Annotated
from urllib.parse import quote, urlencode

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.exceptions import HTTPException

from ogi.errors import OgiError
from ogi.model.layout import LAYOUT_2021, outcome_rows
from ogi.office.intake import FORMATS, RECEIPT_RULES, ROUTES, IntakeRefused, check_intake, register_intake
from ogi.office.lifecycle import STATUS_ZH, NotFoundError, find
from ogi.office.records import Application
from ogi.office.register_view import DEFAULT_WITHIN, Filters, detail, register_rows
from ogi.office.vocab import CATEGORY_ZH, CHANNELS, outcome_label
from ogi.storage.db import session
from ogi.web.auth import Clerk, Office
from ogi.web.downloads import XLSX, attachment
from ogi.web.pages import BEIJING, render
from ogi.web.paging import list_window
from ogi.web.routes_notices import issued_text
from ogi.web.routes_notices import panel as notices_panel
from ogi.web.sessions import Signed

__all__ = ["Office", "filters_of", "router", "sees_personal_data", "today_of"]

FormText = Annotated[str, Form()]
router = APIRouter(prefix="/office")
PER_PAGE = 50
# what the page says after a step (fixed texts, never a query string echoed)
DONE = {"added": "已登记申请", "correction": "已记录补正告知", "correction_received": "已记录收到补正，答复期限重新起算",
        "consult": "已记录征求意见", "consult_answer": "已记录收到意见", "extend": "已记录延长答复期限",
        "fee_notice": "已记录收费通知", "fee_paid": "已记录缴费", "fee_withdraw": "已撤回收费通知",
        "reply": "已记录答复", "close": "已办结", "withdraw": "已撤销该申请"}
REPLY_OUTCOMES = [(r.key, outcome_label(r.key)) for r in outcome_rows(LAYOUT_2021) if not r.key.startswith("other_")]
CLOSE_OUTCOMES = [(r.key, outcome_label(r.key)) for r in outcome_rows(LAYOUT_2021) if r.key.startswith("other_")]


def today_of(request: Request) -> dt.date:
    """Today in Beijing by the application's clock (tests move it)."""
    return request.app.state.settings.clock().astimezone(BEIJING).date()


def _pairs(values: tuple[str, ...]) -> list[tuple[str, str]]:
    """Options whose value is their label."""
    return [(v, v) for v in values]


def sees_personal_data(signed: Signed) -> bool:
    return signed.role.sees_personal_data()



def filters_of(status: str, channel: str, category: str, year: str) -> tuple[Filters, dict[str, str]]:
    status = {v: k for k, v in STATUS_ZH.items()}.get(status.strip(), status.strip())
    year_text = year.strip()
    filters = Filters(status, channel.strip(), category.strip(),
                      int(year_text) if year_text.isdigit() and len(year_text) == 4 else None)
    problems = filters.problems()
    if year_text and filters.year is None:
        problems["year"] = "年度应为四位数字，如 2025"
    return filters, problems


@router.get("/applications", include_in_schema=False)
def application_list(request: Request, signed: Office, status: str = "", channel: str = "", category: str = "",
                     year: str = "", within: int = DEFAULT_WITHIN, page: int = 1) -> Response:
    filters, problems = filters_of(status, channel, category, year)
    within = min(max(0, within), 40)
    with Session(request.app.state.engine) as sess:
        rows = [] if problems else register_rows(sess, filters, today=today_of(request), within=within,
                                                 sees_personal_data=sees_personal_data(signed))
    shown = list_window(rows, page=page, per_page=PER_PAGE)
    query = {k: v for k, v in (("status", filters.status), ("channel", filters.channel),
                               ("category", filters.category), ("year", year.strip())) if v}
    if within != DEFAULT_WITHIN:
        query["within"] = str(within)
    return render(request, "office_list.html", signed, status_code=400 if problems else 200, title="申请登记",
                  rows=shown.rows, total=shown.total, page=shown.page, pages=shown.pages,
                  filters=filters, year=year.strip(), within=within, problems=problems, query=urlencode(query),
                  statuses=STATUS_ZH, channels=_pairs(CHANNELS), categories=CATEGORY_ZH,
                  may_change=signed.role.may_keep_register(),
                  today=today_of(request), sees=sees_personal_data(signed))


def _intake_page(request: Request, signed: Signed, values: dict[str, str], errors: dict[str, str],
                 receipt: str = "", status_code: int = 200) -> Response:
    return render(request, "office_new.html", signed, status_code=status_code, title="登记申请", values=values,
                  errors=errors, receipt=receipt, categories=CATEGORY_ZH, channels=_pairs(CHANNELS),
                  formats=_pairs(FORMATS), routes=_pairs(ROUTES), rules=RECEIPT_RULES)


@router.get("/applications/new", include_in_schema=False)
def new_application(request: Request, signed: Clerk) -> Response:
    values = {"applicant_category": "natural_person", "channel": "网络", "format": FORMATS[1], "route": ROUTES[1],
              "confirmed_on": today_of(request).isoformat()}
    return _intake_page(request, signed, values, {})


@router.post("/applications/new", include_in_schema=False)
async def add_application(request: Request, signed: Clerk) -> Response:
    form = await request.form()
    values = {k: str(v) for k, v in form.items() if k != "csrf_token" and isinstance(v, str)}
    today = today_of(request)
    if values.get("preview"):
        checked = check_intake(values, today)
        return _intake_page(request, signed, checked.values, checked.errors, checked.receipt_text,
                            400 if checked.errors else 200)
    try:
        with session(request.app.state.engine, actor=signed.user.name) as sess:
            ref = register_intake(sess, values, today).ref
    except IntakeRefused as exc:
        checked = check_intake(values, today)
        return _intake_page(request, signed, checked.values, exc.errors, checked.receipt_text, 400)
    return RedirectResponse(f"/office/applications/{quote(ref, safe='')}?done=added", status_code=303)


def _detail_page(request: Request, signed: Signed, ref: str, *, done: str = "", notice: str = "", error: str = "",
                 step: str = "",
                 values: dict[str, str] | None = None, status_code: int = 200) -> Response:
    today = today_of(request)
    with Session(request.app.state.engine) as sess:
        try:
            shown = detail(sess, ref, today=today, sees_personal_data=sees_personal_data(signed))
        except NotFoundError:
            raise HTTPException(404, "台账中没有该编号的申请") from None
        notices = notices_panel(sess, find(sess, ref), signed)
        page = render(request, "office_application.html", signed, status_code=status_code,
                      title=f"申请 {shown.row.ref}", d=shown,
                      href=f"/office/applications/{quote(shown.row.ref, safe='')}", done=DONE.get(done, "") or issued_text(notice), error=error, step=step, notices=notices,
                      values=values or {}, today=today.isoformat(), may_change=signed.role.may_keep_register(),
                      reply_outcomes=REPLY_OUTCOMES, close_outcomes=CLOSE_OUTCOMES,
                      rule=RECEIPT_RULES.get(shown.row.channel, ""))
    return page


@router.get("/applications/{ref}", include_in_schema=False)
def application_page(request: Request, signed: Office, ref: str, done: str = "", notice: str = "") -> Response:
    return _detail_page(request, signed, ref, done=done, notice=notice)


class _Bad(Exception):
    """A form value that cannot be read (a date, a number): the message is shown next to the step's form."""


def _day(text: str, what: str = "日期") -> dt.date:
    if not text.strip():
        raise _Bad(f"请填写{what}")
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise _Bad(f"{what}“{text}”无法识别，应为 2025-01-20 这样的日期") from None


def _int(text: str, what: str, *, optional: bool = False) -> int | None:
    text = text.strip()
    if optional and not text:
        return None
    if not text.isdigit():
        raise _Bad(f"{what}应为正整数")
    return int(text)


def _do_step(sess: Session, app: Application, step: str, f: dict[str, str], today: dt.date, actor: str) -> None:
    """Run one lifecycle step with the form's values (the functions the CLI calls)."""
    from ogi.office import actions, lifecycle
    from ogi.office.due import calendar_for

    if step == "correction":
        lifecycle.request_correction(app, _day(f.get("on", "")), workdays=_int(f.get("workdays", ""), "补正期限"),
                                     actor=actor, today=today)
    elif step == "correction_received":
        lifecycle.receive_correction(app, _day(f.get("on", "")), today=today)
    elif step == "consult":
        lifecycle.consult(app, _day(f.get("on", "")), party=f.get("party", ""), note=f.get("note", "").strip(),
                          today=today)
    elif step == "consult_answer":
        lifecycle.answer_consultation(app, _day(f.get("on", "")), today=today)
    elif step == "extend":
        lifecycle.extend(app, _day(f.get("on", "")), workdays=_int(f.get("workdays", ""), "延长的工作日数"),
                         approver=f.get("approver", ""), today=today)
    elif step == "fee_notice":
        on = _day(f.get("on", ""))
        if on > today:
            raise _Bad("收费通知日期在今天之后")
        actions.issue_fee_notice(sess, app, on, f.get("method", ""), _int(f.get("pages", ""), "页数", optional=True),
                                 calendar_for(sess), actor=actor)
    elif step == "fee_paid":
        on = _day(f.get("on", ""))
        if on > today:
            raise _Bad("缴费日期在今天之后")
        actions.record_payment(app, on, _int(f.get("amount", ""), "缴费金额", optional=True), actor=actor)
    elif step == "fee_withdraw":
        actions.withdraw_fee_notice(app, f.get("reason", ""))
    elif step in ("reply", "close") and not f.get("outcome", "").strip():
        raise _Bad("请选择办理结果（统一格式表三中的一行）")
    elif step == "reply":
        lifecycle.reply(app, _day(f.get("on", "")), outcome=f.get("outcome", ""), basis=f.get("basis", ""),
                        actor=actor, today=today)
    elif step == "close":
        lifecycle.close(app, _day(f.get("on", "")), outcome=f.get("outcome", ""), basis=f.get("basis", ""),
                        calendar=calendar_for(sess), today=today)
    elif step == "withdraw":
        lifecycle.withdraw(app, f.get("reason", ""))
    else:
        raise HTTPException(404)


@router.post("/applications/{ref}/{step}", include_in_schema=False)
async def application_step(request: Request, signed: Clerk, ref: str, step: str) -> Response:
    from ogi.office.lifecycle import find

    if step not in DONE or step == "added":
        raise HTTPException(404)
    form = await request.form()
    values = {k: str(v) for k, v in form.items() if k != "csrf_token" and isinstance(v, str)}
    try:
        with session(request.app.state.engine, actor=signed.user.name) as sess:
            try:
                app = find(sess, ref)
            except NotFoundError:
                raise HTTPException(404, "台账中没有该编号的申请") from None
            _do_step(sess, app, step, values, today_of(request), signed.user.name)
    except _Bad as exc:
        return _detail_page(request, signed, ref, error=str(exc), step=step, values=values, status_code=400)
    except OgiError as exc:
        return _detail_page(request, signed, ref, error=exc.detail or exc.message(), step=step, values=values,
                            status_code=400)
    return RedirectResponse(f"/office/applications/{quote(ref, safe='')}?done={step}#timeline", status_code=303)


def _uploaded_suffix(name: str | None) -> str | None:
    suffix = Path(name or "").suffix.lower()
    return suffix if suffix in (".xlsx", ".csv") else None


@router.get("/ledger", include_in_schema=False)
def ledger_page(request: Request, signed: Office, done: str = "", added: int = 0) -> Response:
    return render(request, "office_ledger.html", signed, title="台账导入导出", problems=[], warnings=[],
                  done="已导入" if done == "imported" else "", added=added, may_change=signed.role.may_keep_register())


@router.get("/ledger.xlsx", include_in_schema=False)
def ledger_export(request: Request, signed: Office) -> Response:
    from ogi.office.register_view import export_register

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "台账.xlsx"
        with Session(request.app.state.engine) as sess:
            export_register(sess, path, sees_personal_data=sees_personal_data(signed))
        data = path.read_bytes()
    name = f"依申请公开台账-{today_of(request).isoformat()}.xlsx"
    return attachment(data, XLSX, "ledger.xlsx", name)


@router.post("/ledger", include_in_schema=False)
def ledger_import(request: Request, signed: Clerk, file: Annotated[UploadFile | None, File()] = None,
                  update: FormText = "") -> Response:
    from ogi.office.ledger import LedgerImportError, RowProblem, import_ledger

    def page(status: int, problems: list, warnings: list | None = None) -> Response:  # noqa: ANN001
        return render(request, "office_ledger.html", signed, status_code=status, title="台账导入导出",
                      problems=problems, warnings=warnings or [], done="", added=0, may_change=True,
                      update=update == "1")

    suffix = _uploaded_suffix(file.filename if file else None)
    if file is None or not file.filename:
        return page(400, [RowProblem(0, "", "请选择要导入的台账文件（XLSX 或 CSV）")])
    if suffix is None:
        return page(400, [RowProblem(0, "", "台账文件应为 .xlsx 或 .csv 格式（可先导出一份作为模板）")])
    warnings: list = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"upload{suffix}"
        path.write_bytes(file.file.read())
        try:
            with session(request.app.state.engine, actor=signed.user.name) as sess:
                added = len(import_ledger(sess, path, warnings=warnings, update=update == "1",
                                          today=today_of(request)))
        except LedgerImportError as exc:
            return page(400, exc.problems, warnings)
        except OgiError as exc:
            return page(400, [RowProblem(0, "", exc.message())], warnings)
        except Exception:  # noqa: BLE001 - a file openpyxl cannot open is the user's input, not our failure
            return page(400, [RowProblem(0, "", "无法读取该文件：不是有效的 XLSX 或 CSV 台账")], warnings)
    if warnings:
        return render(request, "office_ledger.html", signed, title="台账导入导出", problems=[], warnings=warnings,
                      done="已导入", added=added, may_change=True)
    return RedirectResponse(f"/office/ledger?{urlencode({'done': 'imported', 'added': added})}", status_code=303)
