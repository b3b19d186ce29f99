"""The report pages: upload (a file, pasted text or a URL), the list of the corpus's current readings, one report
with its tables, findings and section texts, one cell as printed, the downloads, and the reviewers' decisions.
Thin: reading, checking, storing and rendering are the functions the command line uses."""

from __future__ import annotations

import re
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from ogi.errors import OgiError
from ogi.model.layout import TableKey
from ogi.web.auth import User, require
from ogi.web.downloads import attachment
from ogi.web.pages import render
from ogi.web.reports import InputRefused, Queued, ReportPage, TooLarge, list_reports, load_report, mb, receive
from ogi.web.roles import Role
from ogi.web.scope import visible
from ogi.web.sessions import Signed

__all__ = ["DOWNLOADS", "attachment", "router", "upload_name", "visible_report"]

FormText = Annotated[str, Form()]
router = APIRouter(prefix="/reports")
Reviewer = Annotated[Signed, Depends(require(Role.ADMIN, Role.REVIEWER))]
SHA = re.compile(r"[0-9a-f]{64}")
DOWNLOADS = {  # form → (content type, label)
    "json": ("application/json", "JSON"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel（XLSX）"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word（DOCX）"),
    "html": ("text/html; charset=utf-8", "网页（HTML）"),
    "pdf": ("application/pdf", "PDF"),
}
_NAME_JUNK = re.compile(r"[\x00-\x1f\x7f]")


def _form(request: Request, signed: Signed, status: int = 200, error: str = "", **values: str) -> Response:
    from ogi.corpus.work import ocr_used
    from ogi.web.settings import ocr_mode

    settings = request.app.state.settings
    return render(request, "report_new.html", signed, status_code=status, title="上传报告", error=error,
                  limit=mb(settings.max_upload_bytes), ocr=ocr_used(ocr_mode(settings)),
                  values={"text": "", "url": "", **values})


@router.get("/new", include_in_schema=False)
def new_report(request: Request, signed: Reviewer) -> Response:
    return _form(request, signed)


def upload_name(name: str | None) -> str:
    """An uploaded file's name as a label only (never a path, never trusted): its last part, no controls."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    return _NAME_JUNK.sub("", base).strip()[:200] or "上传的文件"


@router.post("/new", include_in_schema=False)
def upload_report(request: Request, signed: Reviewer, file: Annotated[UploadFile | None, File()] = None,
                  text: FormText = "", url: FormText = "") -> Response:
    given = file is not None and bool(file.filename)
    try:
        stored = receive(request.app.state.engine, request.app.state.settings, signed.user.name,
                         file=file.file if given else None, name=upload_name(file.filename) if given else "",
                         text=text, url=url, background=True)
    except TooLarge as exc:
        return _form(request, signed, 413, exc.detail, text="")
    except InputRefused as exc:
        return _form(request, signed, 400, exc.detail if exc.name is None else exc.message(), text=text, url=url)
    if isinstance(stored, Queued):  # a scan: read by OCR in the background, its progress on the batch's page
        return RedirectResponse(f"/batches/{stored.batch_id}", status_code=303)
    return RedirectResponse(f"/reports/{stored.sha256}", status_code=303)


@router.get("", include_in_schema=False)
def report_list(request: Request, signed: User, year: str = "", agency: str = "", page: int = 1) -> Response:
    year_number = int(year) if year.strip().isdigit() else None
    found = list_reports(request.app.state.engine, signed.user.scope, year=year_number, agency=agency.strip(),
                         page=page)
    query = {k: v for k, v in (("year", year.strip()), ("agency", agency.strip())) if v}
    return render(request, "reports.html", signed, title="报告列表", found=found, year=year.strip(),
                  agency=agency.strip(), query=urlencode(query))


def visible_report(request: Request, signed: Signed, sha: str) -> ReportPage:
    """The report, when it exists and is within the user's scope (else 404: its existence is not told)."""
    from starlette.exceptions import HTTPException

    page = load_report(request.app.state.engine, sha) if SHA.fullmatch(sha) else None
    if page is None or not visible(signed.user, page.reading.division_code, page.reading.agency):
        raise HTTPException(404)
    return page


def _may_review(signed: Signed) -> bool:
    return Role(signed.user.role) in (Role.ADMIN, Role.REVIEWER)


@router.get("/{sha}", include_in_schema=False)
def report_page(request: Request, signed: User, sha: str) -> Response:
    from ogi.web.report_view import sections
    from ogi.web.reviews import DECISIONS, latest_reviews

    page = visible_report(request, signed, sha)
    reviews = latest_reviews(request.app.state.engine, sha, page.reading.version)
    parts = sections(page.report, page.findings) if page.report else []
    in_tables = {i for s in parts if s.table for i in s.table.findings}
    others = [i for i in range(len(page.findings)) if i not in in_tables]
    return render(request, "report.html", signed, title=page.file_name, page=page, sha=sha, sections=parts,
                  others=others, reviews=reviews, decisions=DECISIONS, may_review=_may_review(signed),
                  downloads=DOWNLOADS, identity=page.reading.identity or {})


@router.get("/{sha}/cell", include_in_schema=False)
def cell_page(request: Request, signed: User, sha: str, table: str = "", row: str = "",
              column: str = "") -> Response:
    return _cell_response(request, signed, sha, table, row, column)


def _cell_response(request: Request, signed: Signed, sha: str, table: str, row: str, column: str, *,
                   status: int = 200, error: str = "", entered: list[str] | None = None,
                   reason: str = "") -> Response:
    from starlette.exceptions import HTTPException

    from ogi.corpus.corrections import row_columns
    from ogi.model.report import RowStatus
    from ogi.web.report_view import cell_findings, cell_labels, find_cell
    from ogi.web.reviews import DECISIONS, latest_reviews

    page = visible_report(request, signed, sha)
    found = find_cell(page.report, table, row, column) if page.report else None
    if found is None:
        raise HTTPException(404)
    row_model, cell = found
    row_label, column_label = cell_labels(page.report, table, row, column)
    shown = (cell.source.page if cell else None) or row_model.source.page
    pdf = shown is not None and _stored_form(request, sha) == "pdf"
    # a whole row the reader could not read, or one corrected by hand, may be corrected (again) by a reviewer
    correctable = column == "" and row in page.report.tables[TableKey(table)].rows and (
        row_model.status is RowStatus.UNREADABLE or row_model.correction is not None)
    columns = row_columns(page.report, table, row) if correctable else ()
    if entered is None:
        entered = [row_model.cells[c.key].text if c.key in row_model.cells else "" for c in columns]
    return render(request, "report_cell.html", signed, status_code=status, title=f"{row_label} · {column_label}",
                  page=page, sha=sha, row=row_model, cell=cell, row_label=row_label, column_label=column_label,
                  table=table, column=column, indices=cell_findings(page.findings, table, row, column),
                  reviews=latest_reviews(request.app.state.engine, sha, page.reading.version),
                  decisions=DECISIONS, may_review=_may_review(signed), page_image=pdf,
                  mark=_mark(request, sha, row_model, cell, shown) if pdf and shown else None,
                  may_correct=correctable and bool(columns) and _may_review(signed), columns=columns,
                  entered=entered, reason=reason, correction_error=error)


@router.post("/{sha}/correction", include_in_schema=False)
def correct_row(request: Request, signed: Reviewer, sha: str, table: FormText = "", row: FormText = "",
                value: Annotated[list[str] | None, Form()] = None, reason: FormText = "") -> Response:
    """A reviewer's values for a row the reader could not read (ogi.corpus.corrections): a new reading, current."""
    from ogi.corpus.corrections import CorrectionRefused, correct, row_columns

    page = visible_report(request, signed, sha)
    if page.report is None:
        from starlette.exceptions import HTTPException

        raise HTTPException(404)
    values = value or []
    columns = row_columns(page.report, table, row)
    try:
        correct(request.app.state.engine, sha=sha, table=table, row=row,
                values={c.key: v for c, v in zip(columns, values, strict=False)}, reason=reason,
                by=signed.user.name, at=request.app.state.settings.clock())
    except CorrectionRefused as exc:
        return _cell_response(request, signed, sha, table, row, "", status=400, error=exc.detail,
                              entered=[*values, *[""] * (len(columns) - len(values))][:len(columns)],
                              reason=reason)
    return RedirectResponse(f"/reports/{sha}/cell?{urlencode({'table': table, 'row': row, 'column': ''})}",
                            status_code=303)


def _stored_form(request: Request, sha: str) -> str | None:
    """The stored file's form: a PDF's pages can be shown as images."""
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from ogi.corpus.records import Blob

    with Session(request.app.state.engine) as sess:
        return sess.scalar(select(Blob.form).where(Blob.sha256 == sha))


def _mark(request: Request, sha: str, row, cell, page: int):  # noqa: ANN001, ANN202 - Row, Cell | None -> Mark | None
    """The mark of the cell over its page image (None when the reading has no box for it)."""
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from ogi.corpus.records import Blob
    from ogi.web.page_images import PageNotFound, page_bounds
    from ogi.web.report_view import cell_mark

    def data() -> bytes:
        with Session(request.app.state.engine) as sess:
            return sess.scalar(select(Blob.data).where(Blob.sha256 == sha)) or b""

    try:
        return cell_mark(row, cell, page, page_bounds(sha, data, page))
    except PageNotFound:
        return None


@router.get("/{sha}/download/{form}", include_in_schema=False)
def download(request: Request, signed: User, sha: str, form: str) -> Response:
    from starlette.exceptions import HTTPException

    from ogi.render import render as render_report

    page = visible_report(request, signed, sha)
    if form not in DOWNLOADS or page.report is None:
        raise HTTPException(404)
    try:
        data = render_report(page.report, form)
    except OgiError as exc:
        return render(request, "error.html", signed, status_code=503, title="无法生成文件", status=503,
                      message=exc.message())
    meta = page.report.metadata
    nice = f"{meta.agency or '报告'}{meta.report_year or ''}年度报告.{form}"
    return attachment(data, DOWNLOADS[form][0], f"ogi-{sha[:12]}.{form}", nice)


@router.post("/{sha}/findings/{index}", include_in_schema=False)
def review_finding(request: Request, signed: Reviewer, sha: str, index: int, decision: FormText = "",
                   note: FormText = "", back: FormText = "") -> Response:
    from starlette.exceptions import HTTPException

    from ogi.web.reviews import ReviewRefused, add_review

    page = visible_report(request, signed, sha)
    if not 0 <= index < len(page.findings):
        raise HTTPException(404)
    try:
        add_review(request.app.state.engine, request.app.state.settings, sha=sha, version=page.reading.version,
                   index=index, rule_id=page.findings[index].rule_id, decision=decision, note=note,
                   reviewer=signed.user.name)
    except ReviewRefused as exc:
        return render(request, "error.html", signed, status_code=400, title="未能保存审核意见", status=400,
                      message=exc.message())
    target = back if back.startswith(f"/reports/{sha}") and "//" not in back else f"/reports/{sha}"
    return RedirectResponse(f"{target}#f{index}", status_code=303)
