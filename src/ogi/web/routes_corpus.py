"""The corpus pages: the reports filtered by region, level, kind, year, agency and finding; full-text search; an
agency's years compared; a region's figures with charts and rankings (and its unit list); the 雷同 pairs side by
side. Thin: the numbers come from ogi.web.corpus_view, which reads ogi.corpus.query, within the user's scope."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from ogi.web import corpus_view as view
from ogi.web.auth import User, require
from ogi.web.pages import render
from ogi.web.roles import Role
from ogi.web.sessions import Signed

__all__ = ["router"]

router = APIRouter(prefix="/corpus", include_in_schema=False)
Reviewer = Annotated[Signed, Depends(require(Role.ADMIN, Role.REVIEWER))]
MAX_UNIT_LIST = 5 * 1024 * 1024


def _filters(request: Request) -> tuple[view.CorpusFilters, str]:
    """The filters of the request's query string, and the Chinese reason when one is refused (then none)."""
    names = ("year", "division", "level", "kind", "agency", "rule")
    try:
        return view.parse_filters(**{n: request.query_params.get(n, "") for n in names}), ""
    except view.FilterRefused as exc:
        return view.CorpusFilters(), exc.message()


def _int(text: str | None, default: int) -> int:
    return int(text) if text and text.isdigit() and len(text) < 7 else default


@router.get("")
def corpus_page(request: Request, signed: User) -> Response:
    filters, error = _filters(request)
    page = _int(request.query_params.get("page"), 1)
    per_page = _int(request.query_params.get("per_page"), 50)
    found = view.filtered_reports(request.app.state.engine, signed.user.scope, filters, page, per_page)
    return render(request, "corpus.html", signed, status_code=400 if error else 200, title="报告库", found=found,
                  filters=filters, error=error, choices=view.choices(request.app.state.engine, signed.user.scope),
                  query=urlencode(filters.params()), rules=view.rule_names())


@router.get("/search")
def search_page(request: Request, signed: User, q: str = "", page: int = 1) -> Response:
    from ogi.corpus.search import MAX_QUERY, search
    from ogi.web.reports import scope_condition

    q = q.strip()
    found = None
    if q:
        with request.app.state.engine.connect() as conn:
            found = search(conn, q, where=scope_condition(signed.user.scope), page=page)
    return render(request, "corpus_search.html", signed, title=f"全文检索：{q}" if q else "全文检索", q=q,
                  found=found, max_query=MAX_QUERY, query=urlencode({"q": q}))


@router.get("/agency")
def agency_page(request: Request, signed: User, name: str = "") -> Response:
    from starlette.exceptions import HTTPException

    found = view.agency_view(request.app.state.engine, signed.user.scope, name.strip()) if name.strip() else None
    if found is None:
        raise HTTPException(404)
    return render(request, "corpus_agency.html", signed, title=f"{found.agency}：历年比较", found=found,
                  metrics=view.RANK_METRICS, timeliness=view.TIMELINESS_ZH)


def _region(request: Request, signed: Signed, division: str, year: str, by: str) -> view.RegionView:
    from starlette.exceptions import HTTPException

    try:
        filters = view.parse_filters(year=year, division=division)
    except view.FilterRefused as exc:
        raise HTTPException(400, exc.message()) from exc
    return view.region_view(request.app.state.engine, signed.user.scope, filters.division, filters.year, by)


def _region_page(request: Request, signed: Signed, found: view.RegionView, status: int = 200, error: str = "",
                 saved: bool = False) -> Response:
    return render(request, "corpus_region.html", signed, status_code=status, title=f"{found.name}：地区统计",
                  found=found, choices=view.choices(request.app.state.engine, signed.user.scope),
                  metrics=view.RANK_METRICS, may_upload=Role(signed.user.role) in (Role.ADMIN, Role.REVIEWER),
                  error=error, saved=saved, csv=urlencode({"division": found.division}))


@router.get("/region")
def region_page(request: Request, signed: User, division: str = "", year: str = "", by: str = "",
                saved: str = "") -> Response:
    return _region_page(request, signed, _region(request, signed, division, year, by), saved=saved == "1")


@router.get("/region.csv")
def region_csv(request: Request, signed: User, division: str = "") -> Response:
    found = _region(request, signed, division, "", "")
    name = f"region-{found.division or 'all'}.csv"
    return Response(view.region_csv(found.rows), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.post("/region/units")
def upload_units(request: Request, signed: Reviewer, division: Annotated[str, Form()] = "",
                 file: Annotated[UploadFile | None, File()] = None) -> Response:
    from ogi.corpus.units import UnitListError

    division = division.strip()
    back = {"division": division} if division.isdigit() and len(division) in (2, 4, 6) else {}
    data = file.file.read(MAX_UNIT_LIST + 1) if file is not None and file.filename else b""
    try:
        if not back:
            raise UnitListError("单位名单", "请先选择一个行政区划（省、市或县）")
        if not data:
            raise UnitListError("单位名单", "请选择 XLSX 文件")
        if len(data) > MAX_UNIT_LIST:
            raise UnitListError("单位名单", "文件超过 5 MB 的上限")
        name = (file.filename or "units.xlsx").replace("\\", "/").rsplit("/", 1)[-1][:200]
        view.store_unit_list(request.app.state.engine, division, data, name, signed.user.name,
                             request.app.state.settings.clock())
    except UnitListError as exc:
        found = _region(request, signed, back.get("division", ""), "", "")
        return _region_page(request, signed, found, 400, exc.message())
    return RedirectResponse(f"/corpus/region?{urlencode({**back, 'saved': '1'})}", status_code=303)


@router.get("/similar")
def similar_page(request: Request, signed: User) -> Response:
    from ogi.corpus.similar import _SECTION_ZH

    filters, error = _filters(request)
    page = _int(request.query_params.get("page"), 1)
    try:
        found = view.similar_view(request.app.state.engine, signed.user.scope, filters, page)
    except view.TooManyToCompare as exc:
        found, error = view.PairPage([], 0, 1, 1, 20), exc.message()
    return render(request, "corpus_similar.html", signed, status_code=400 if error else 200, title="雷同段落",
                  found=found, filters=filters, error=error, sections=_SECTION_ZH,
                  choices=view.choices(request.app.state.engine, signed.user.scope),
                  query=urlencode(filters.params()))
