"""The annual report in the browser: the years, one year's report compiled from the register with the checker's
findings, the form for the texts of 一, 五 and 六, the year-end checklist, a preview in the national layout, the
downloads and publishing (经办人 and 管理员 edit and publish; 只读 reads); and the public portal's published
reports by year, without sign-in. Thin: the logic is ogi.office.annual, which the command line can call too."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.exc import IntegrityError
from starlette.exceptions import HTTPException

from ogi.errors import OgiError
from ogi.model.report import SECTION_TITLES, Report
from ogi.office import annual
from ogi.storage.db import session
from ogi.web.auth import Clerk, Office
from ogi.web.downloads import attachment
from ogi.web.pages import BEIJING, render
from ogi.web.roles import Role
from ogi.web.routes_portal import portal_page
from ogi.web.routes_reports import DOWNLOADS
from ogi.web.sessions import Signed

__all__ = ["FORMS", "router"]

router = APIRouter(include_in_schema=False)
FORMS = ("docx", "pdf", "html")  # the downloads offered
_FIELDS = frozenset({"agency", *annual.EDITABLE.values()})
_SENT = frozenset({"csrf_token", *_FIELDS})  # what the form sends; anything else is a table value typed in


def _today(request: Request) -> dt.date:
    return request.app.state.settings.clock().astimezone(BEIJING).date()


def _year(request: Request, year: int) -> int:
    """The year, when the office may compile it (2008, when the first 条例 took effect, to this year)."""
    if not annual.FIRST_YEAR <= year <= _today(request).year:
        raise HTTPException(404)
    return year


@router.get("/office/annual")
def years_page(request: Request, signed: Office) -> Response:
    engine = request.app.state.engine
    with session(engine) as s:
        rows = []
        for year in annual.years(s, _today(request)):
            draft, latest = annual.draft_of(s, year), annual.publication(s, year)
            rows.append({"year": year, "draft": draft, "latest": latest})
    return render(request, "annual_years.html", signed, title="年度报告编制", rows=rows)


def _year_page(request: Request, signed: Signed, year: int, status: int = 200, error: str = "",
               error_field: str = "", values: dict[str, str] | None = None, notice: str = "") -> Response:
    from ogi.check import check
    from ogi.web.report_view import sections

    with session(request.app.state.engine) as s:
        report = annual.compiled(s, year)
        findings = check(report)
        todo = annual.checklist(s, year, report)
        draft = annual.draft_of(s, year)
        versions = annual.publications(s, year)
    parts = sections(report, findings)
    in_tables = {i for part in parts if part.table for i in part.table.findings}
    texts = {col: (report.section(key).text if report.section(key) else "") for key, col in annual.EDITABLE.items()}
    form = {"agency": report.metadata.agency or "", **texts, **(values or {})}
    return render(request, "annual_year.html", signed, status_code=status, title=f"{year}年度报告编制",
                  year=year, report=report, findings=findings, sections=parts, todo=todo,
                  draft=draft, versions=versions, form=form, error=error, error_field=error_field, notice=notice,
                  may_edit=Role(signed.user.role).may_keep_register(), forms=FORMS, downloads=DOWNLOADS,
                  others=[i for i in range(len(findings)) if i not in in_tables],
                  editable=[(col, SECTION_TITLES[key]) for key, col in annual.EDITABLE.items()])


_NOTICES = {"saved": "草稿已保存。", "published": "已发布到公开门户。"}


@router.get("/office/annual/{year}")
def year_page(request: Request, signed: Office, year: int, done: str = "") -> Response:
    return _year_page(request, signed, _year(request, year), notice=_NOTICES.get(done, ""))


@router.post("/office/annual/{year}")
async def edit(request: Request, signed: Clerk, year: int) -> Response:
    year = _year(request, year)
    sent = await request.form()
    values = {k: str(v) for k, v in sent.items() if k in _FIELDS}
    typed = sorted(set(sent.keys()) - _SENT)
    if typed:
        return _year_page(request, signed, year, 400, "只能编辑机关名称和第一、五、六部分的文字；表格由台账计算，不能填写"
                          f"（未保存：{'、'.join(typed[:5])}）", values=values)
    texts = {key: values[col] for key, col in annual.EDITABLE.items() if col in values}
    try:
        with session(request.app.state.engine, actor=signed.user.name) as s:
            annual.save_draft(s, year, signed.user.name, agency=values.get("agency"), texts=texts,
                              now=request.app.state.settings.clock())
    except annual.AnnualError as exc:
        return _year_page(request, signed, year, 400, exc.message(), exc.field, values)
    return RedirectResponse(f"/office/annual/{year}?done=saved", status_code=303)


@router.post("/office/annual/{year}/publish")
def publish(request: Request, signed: Clerk, year: int) -> Response:
    year = _year(request, year)
    try:
        with session(request.app.state.engine, actor=signed.user.name) as s:
            annual.publish(s, year, signed.user.name, now=request.app.state.settings.clock())
    except annual.AnnualError as exc:
        return _year_page(request, signed, year, 400, exc.message(), exc.field)
    except IntegrityError:  # another clerk published the same version number a moment before
        return _year_page(request, signed, year, 409, "另一位用户刚刚发布了该年度报告的新版本，请核对后再发布")
    return RedirectResponse(f"/office/annual/{year}?done=published", status_code=303)


@router.get("/office/annual/{year}/preview")
def preview(request: Request, signed: Office, year: int) -> Response:
    from ogi.web.report_view import sections

    with session(request.app.state.engine) as s:
        report = annual.compiled(s, _year(request, year))
    return render(request, "annual_preview.html", signed, title=f"{year}年度报告预览", year=year, report=report,
                  sections=sections(report, []))


def _file(request: Request, signed: Signed | None, report: Report, form: str, plain: str,
          make: Callable[[], bytes] | None = None) -> Response:
    """The report as a download; a form LibreOffice cannot make here is a 503 page saying why."""
    from ogi.render import render as render_report

    if form not in FORMS:
        raise HTTPException(404)
    try:
        data = make() if make is not None else render_report(report, form)
    except OgiError as exc:
        return render(request, "error.html", signed, status_code=503, title="无法生成文件", status=503,
                      message=exc.message())
    return attachment(data, DOWNLOADS[form][0], f"{plain}.{form}", f"{report.metadata.title or '年度报告'}.{form}")


@router.get("/office/annual/{year}/download/{form}")
def download(request: Request, signed: Office, year: int, form: str) -> Response:
    with session(request.app.state.engine) as s:
        report = annual.compiled(s, _year(request, year))
    return _file(request, signed, report, form, f"ogi-annual-{year}-draft")


# the public portal: published versions only, nobody signed in


@router.get("/portal/reports")
def portal_years(request: Request) -> Response:
    with session(request.app.state.engine) as s:
        latest: dict[int, annual.AnnualPublication] = {}
        for pub in annual.publications(s):
            latest.setdefault(pub.year, pub)
    return portal_page(request, "portal_reports.html", None, title="政府信息公开工作年度报告", latest=list(latest.values()))


@router.get("/portal/reports/{year}")
def portal_year(request: Request, year: int, version: int | None = None) -> Response:
    from ogi.web.report_view import sections

    with session(request.app.state.engine) as s:
        pub = annual.publication(s, year, version)
        if pub is None:
            raise HTTPException(404)
        versions = annual.publications(s, year)
        report = annual.publication_report(pub)
    return portal_page(request, "portal_report.html", None, title=report.metadata.title or f"{year}年度报告", pub=pub,
                  versions=versions, report=report, sections=sections(report, []), forms=FORMS, downloads=DOWNLOADS)


@router.get("/portal/reports/{year}/{version}/download/{form}")
def portal_download(request: Request, year: int, version: int, form: str) -> Response:
    if form not in FORMS:
        raise HTTPException(404)
    with session(request.app.state.engine, actor="portal") as s:
        pub = annual.publication(s, year, version)
        if pub is None:
            raise HTTPException(404)
        report = annual.publication_report(pub)
        return _file(request, None, report, form, f"ogi-annual-{year}-v{version}",
                     lambda: annual.publication_file(s, pub, form))

