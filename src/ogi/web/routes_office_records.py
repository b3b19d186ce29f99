"""The back office's other records, from which tables 二 and 四 of the annual report are compiled: proactive
disclosure, 规章 and 行政规范性文件, the year's decision counts and fee income, review and litigation cases; the
来源 XLSX import and its blank template; and the back office's home page. 经办人 and 管理员 add, withdraw (with a
reason: nothing is deleted), abolish and close; 只读 reads. Thin: the checks and counts are
ogi.office.records_view's and ogi.office.sources'; every change goes through an audited session naming the user."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, File, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.exceptions import HTTPException

from ogi.office import records_view as rv
from ogi.office.sources import CASE_KIND_ZH, DECISION_ZH, DOC_KIND_ZH, RESULT_ZH
from ogi.storage.db import session
from ogi.web.auth import Clerk
from ogi.web.downloads import XLSX, attachment
from ogi.web.pages import render
from ogi.web.paging import list_window
from ogi.web.routes_office import Office, today_of
from ogi.web.sessions import Signed

__all__ = ["router"]

router = APIRouter(prefix="/office", include_in_schema=False)
PER_PAGE = 50
# what the page says after a change (fixed texts, never a query string echoed)
DONE = {"added": "已添加记录", "withdrawn": "已撤销该记录（仍保留，不再计入统计）", "abolished": "已记录废止",
        "closed": "已记录结案", "saved": "已保存", "unchanged": "数字未变，未作更改"}
LABELS = {"doc_kinds": DOC_KIND_ZH, "case_kinds": CASE_KIND_ZH, "results": RESULT_ZH, "decisions": DECISION_ZH}



def _year(request: Request, text: str) -> tuple[int, str | None]:
    """The year asked for (this year when none), or this year and a message next to the year field."""
    this = today_of(request).year
    text = text.strip()
    if not text:
        return this, None
    if text.isdigit() and len(text) == 4 and rv.FIRST_YEAR <= int(text) <= this:
        return int(text), None
    return this, f"年度应为{rv.FIRST_YEAR}年至{this}年之间的四位数字，如 {this}"


async def _form(request: Request) -> dict[str, str]:
    form = await request.form()
    return {k: str(v) for k, v in form.items() if k != "csrf_token" and isinstance(v, str)}


def _list_page(request: Request, signed: Signed, kind: str, *, year: str = "", page: int = 1, done: str = "",
               values: dict[str, str] | None = None, errors: dict[str, str] | None = None, row_id: int | None = None,
               status_code: int = 200) -> Response:
    shown_year, year_error = _year(request, year)
    with Session(request.app.state.engine) as sess:
        rows = rv.records_of(sess, kind, shown_year)
        numbers = rv.year_numbers(sess, shown_year)
    window = list_window(rows, page=page, per_page=PER_PAGE)
    return render(request, f"office_{kind}.html", signed, status_code=400 if year_error else status_code,
                  title=rv.KINDS[kind].title, kind=kind, year=shown_year, year_text=year.strip() or str(shown_year),
                  year_error=year_error, rows=window.rows, total=window.total, page=window.page, pages=window.pages,
                  query=urlencode({"year": shown_year}), numbers=numbers, done=DONE.get(done, ""),
                  values=values or {}, errors=errors or {}, row_id=row_id, may_change=signed.role.may_keep_register(),
                  today=today_of(request).isoformat(), channels=[(c, c) for c in rv.CHANNELS],
                  case_choices=[(c, c) for c in rv.CASE_KINDS], **LABELS)


def _back(kind: str, done: str, year: int) -> Response:
    return RedirectResponse(f"/office/{kind}?{urlencode({'year': year, 'done': done})}", status_code=303)


async def _add(request: Request, signed: Signed, kind: str) -> Response:
    values = await _form(request)
    try:
        with session(request.app.state.engine, actor=signed.user.name) as sess:
            rec = rv.add_record(sess, kind, values, today_of(request))
            year = max(getattr(rec, rv.KINDS[kind].day).year, rv.FIRST_YEAR)  # a 规章 of 1995 still in force is listed then
    except rv.RecordError as exc:
        return _list_page(request, signed, kind, year=values.get("year", ""), values=values, errors=exc.errors,
                          status_code=400)
    return _back(kind, "added", year)


async def _change(request: Request, signed: Signed, kind: str, rid: int, what: str) -> Response:
    """Withdraw, abolish or close one record; an error is shown next to that record's field."""
    values = await _form(request)
    today = today_of(request)
    try:
        with session(request.app.state.engine, actor=signed.user.name) as sess:
            if what == "withdrawn":
                rv.withdraw(sess, kind, rid, values.get("reason", ""))
            elif what == "abolished":
                rv.abolish(sess, rid, values.get("on", ""), today)
            else:
                rv.close_case(sess, rid, values.get("result", ""), values.get("on", ""), today)
    except LookupError:
        raise HTTPException(404, "没有该记录") from None
    except rv.RecordError as exc:
        return _list_page(request, signed, kind, year=values.get("year", ""), values=values, errors=exc.errors,
                          row_id=rid, status_code=400)
    return _back(kind, what, _year(request, values.get("year", ""))[0])


def _kind_routes(kind: str) -> None:
    """The list with its add form, the add and the withdraw of one kind of record."""
    def list_page(request: Request, signed: Office, year: str = "", page: int = 1, done: str = "") -> Response:
        return _list_page(request, signed, kind, year=year, page=page, done=done)

    async def add(request: Request, signed: Clerk) -> Response:
        return await _add(request, signed, kind)

    async def withdraw(request: Request, signed: Clerk, rid: int) -> Response:
        return await _change(request, signed, kind, rid, "withdrawn")

    router.add_api_route(f"/{kind}", list_page, methods=["GET"])
    router.add_api_route(f"/{kind}", add, methods=["POST"])
    router.add_api_route(f"/{kind}/{{rid}}/withdraw", withdraw, methods=["POST"])


for _kind in rv.KINDS:
    _kind_routes(_kind)


@router.post("/documents/{rid}/abolish")
async def documents_abolish(request: Request, signed: Clerk, rid: int) -> Response:
    return await _change(request, signed, "documents", rid, "abolished")


@router.post("/cases/{rid}/close")
async def cases_close(request: Request, signed: Clerk, rid: int) -> Response:
    return await _change(request, signed, "cases", rid, "closed")


def _decisions_page(request: Request, signed: Signed, year: str, *, done: str = "",
                    values: dict[str, str] | None = None, errors: dict[str, str] | None = None,
                    status_code: int = 200) -> Response:
    shown_year, year_error = _year(request, year)
    with Session(request.app.state.engine) as sess:
        kept = rv.decisions_of(sess, shown_year)
        numbers = rv.year_numbers(sess, shown_year)
    return render(request, "office_decisions.html", signed, status_code=400 if year_error else status_code,
                  title="处理决定和收费", year=shown_year, year_text=year.strip() or str(shown_year),
                  year_error=year_error, kept=kept, values={**kept, **(values or {})}, errors=errors or {},
                  numbers=numbers, done=DONE.get(done, ""), may_change=signed.role.may_keep_register(), **LABELS)


@router.get("/decisions")
def decisions_page(request: Request, signed: Office, year: str = "", done: str = "") -> Response:
    return _decisions_page(request, signed, year, done=done)


@router.post("/decisions")
async def decisions_save(request: Request, signed: Clerk) -> Response:
    values = await _form(request)
    year, year_error = _year(request, values.get("year", ""))
    if year_error or not values.get("year", "").strip():
        return _decisions_page(request, signed, values.get("year", ""), values=values,
                               errors={"year": year_error or "请填写年度"}, status_code=400)
    try:
        with session(request.app.state.engine, actor=signed.user.name) as sess:
            changed = rv.save_decisions(sess, year, values)
    except rv.RecordError as exc:
        return _decisions_page(request, signed, str(year), values=values, errors=exc.errors, status_code=400)
    return RedirectResponse(f"/office/decisions?{urlencode({'year': year, 'done': 'saved' if changed else 'unchanged'})}",
                            status_code=303)


# ------------------------------------------------------------------------------------------------------------
# The 来源 workbook: its blank template, and its import from the browser

def _sources_page(request: Request, signed: Signed, *, problems: list | None = None, warnings: list | None = None,
                  counts: dict[str, int] | None = None, status_code: int = 200) -> Response:
    return render(request, "office_sources.html", signed, status_code=status_code, title="来源导入",
                  problems=problems or [], warnings=warnings or [],
                  counts=None if counts is None else {name: n for name, n in counts.items() if n},
                  may_change=signed.role.may_keep_register())


@router.get("/sources")
def sources_page(request: Request, signed: Office, imported: str = "") -> Response:
    from ogi.office.sources import SHEETS

    # after an import: the count per sheet, in the sheets' order (numbers only, never a text echoed)
    numbers = [int(n) for n in imported.split(",") if n.isdigit()] if imported else []
    counts = dict(zip(SHEETS, numbers, strict=False)) if len(numbers) == len(SHEETS) else None
    return _sources_page(request, signed, counts=counts)


@router.get("/sources-template.xlsx")
def sources_template(request: Request, signed: Office) -> Response:
    from ogi.office.templates import write_sources_template

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "来源.xlsx"
        write_sources_template(path)
        data = path.read_bytes()
    return attachment(data, XLSX, "sources-template.xlsx", "来源模板.xlsx")


@router.post("/sources")
def sources_import(request: Request, signed: Clerk, file: Annotated[UploadFile | None, File()] = None) -> Response:
    from ogi.office.ledger import LedgerImportError, RowProblem
    from ogi.office.sources import import_sources

    if file is None or not file.filename:
        return _sources_page(request, signed, problems=[RowProblem(0, "", "请选择要导入的来源工作簿（XLSX）")],
                             status_code=400)
    if Path(file.filename).suffix.lower() != ".xlsx":
        return _sources_page(request, signed, problems=[RowProblem(0, "", "来源工作簿应为 .xlsx 格式（可先下载空白模板）")],
                             status_code=400)
    warnings: list = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "upload.xlsx"
        path.write_bytes(file.file.read())
        try:
            with session(request.app.state.engine, actor=signed.user.name) as sess:
                counts = import_sources(sess, path, warnings=warnings)
        except LedgerImportError as exc:
            return _sources_page(request, signed, problems=exc.problems, warnings=warnings, status_code=400)
        except Exception:  # noqa: BLE001 - a file openpyxl cannot open is the user's input, not our failure
            return _sources_page(request, signed, problems=[RowProblem(0, "", "无法读取该文件：不是有效的 XLSX 工作簿")],
                                 warnings=warnings, status_code=400)
    if warnings:
        return _sources_page(request, signed, warnings=warnings, counts=counts)
    from ogi.office.sources import SHEETS

    imported = ",".join(str(counts.get(name, 0)) for name in SHEETS)
    return RedirectResponse(f"/office/sources?{urlencode({'imported': imported})}", status_code=303)


# ------------------------------------------------------------------------------------------------------------
# The back office's home

@router.get("")
def office_home(request: Request, signed: Office) -> Response:
    year = today_of(request).year
    with Session(request.app.state.engine) as sess:
        counts = rv.home_counts(sess, year)
    return render(request, "office_home.html", signed, title="办公室", year=year, counts=counts,
                  may_change=signed.role.may_keep_register())
