"""The JSON twins of the corpus pages under /api/v1/corpus: the same numbers (ogi.web.corpus_view), the same
roles and data scope; lists paged with `page` / `per_page` and answered as {items, total, page, pages}."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException

from ogi.corpus.similar import Passage
from ogi.web import corpus_view as view
from ogi.web.auth import User

__all__ = ["router"]

router = APIRouter(prefix="/api/v1/corpus", tags=["报告库"])
_ERRORS: dict[int | str, dict[str, Any]] = {401: {"description": "未登录，或令牌无效、已停用"},
                                            422: {"description": "筛选条件有误（中文说明）"}}
Page = Query(1, ge=1, le=100000, description="页码，从 1 开始")


class CorpusReport(BaseModel):
    sha256: str = Field(description="原文件的 SHA-256，亦即 /reports/{sha256} 与 /api/v1/reports/{sha256}")
    agency: str | None
    agency_kind: str | None = Field(description="机关类别：人民政府、办公室、部门、街道乡镇、开发区管委会、其他")
    division_code: str | None = Field(description="GB/T 2260 行政区划代码")
    year: int | None
    status: str = Field(description="read（已读取）或 unreadable（无法作为报告读取）")
    errors: int
    warnings: int
    notices: int
    file: str | None


class ReportPage(BaseModel):
    items: list[CorpusReport]
    total: int
    page: int
    pages: int


class SearchItem(BaseModel):
    sha256: str
    agency: str | None
    year: int | None
    division_code: str | None
    passage: str = Field(description="命中处前后的原文（纯文本）")
    hits: list[list[int]] = Field(description="passage 中命中词的 [起, 止) 字符位置")


class SearchResults(BaseModel):
    items: list[SearchItem]
    total: int
    page: int
    pages: int
    terms: list[str]


class Continuity(BaseModel):
    check: str = Field(description="carry_over（上年结转）或 in_force（现行有效件数）")
    status: str = Field(description="ok、break（不衔接）或 unknown（无法核对）")
    year: int
    table: str
    row: str
    column: str
    expected: int | None
    actual: int | None
    difference: int | None
    message_zh: str


class AgencyYears(BaseModel):
    agency: str
    years: list[int]
    missing_years: list[int]
    per_year: list[dict[str, Any]] = Field(description="每年一行：sha256 与主要指标（同 ogi.corpus.query.metric_rows）")
    checks: list[Continuity]
    breaks: int
    summary_zh: str


class RankedAgency(BaseModel):
    rank: int
    agency: str | None
    value: float


class Region(BaseModel):
    division: str = Field(description="行政区划代码（空为全部地区）")
    name: str
    years: list[dict[str, Any]] = Field(description="每年一行，同 ogi.corpus.query.region_years 与本页的 CSV 下载")
    year: int | None
    metric: str
    ranking: list[RankedAgency]
    coverage: list[dict[str, Any]] = Field(description="上传了单位名单时：每年名单单位数、有报告的、未发布的")
    missing_units: list[str] = Field(description="year 年度未发布报告的单位")


class PairSideOut(BaseModel):
    sha256: str
    agency: str | None
    year: int | None
    section: str


class SimilarPair(BaseModel):
    a: PairSideOut
    b: PairSideOut
    jaccard: float
    copied_chars: int
    message_zh: str
    passages: list[Passage] = Field(description="相同段落：在两段章节原文中的 [起, 止) 位置与原文")


class SimilarPage(BaseModel):
    items: list[SimilarPair]
    total: int
    page: int
    pages: int


def _filters(year: str, division: str, level: str, kind: str, agency: str, rule: str) -> view.CorpusFilters:
    try:
        return view.parse_filters(year, division, level, kind, agency, rule)
    except view.FilterRefused as exc:
        raise HTTPException(422, exc.message()) from exc


@router.get("/reports", response_model=ReportPage, summary="按地区、层级、类别、年度、单位、核查发现筛选报告",
            responses=_ERRORS)
def reports(request: Request, signed: User, year: str = "", division: str = "", level: str = "", kind: str = "",
            agency: str = "", rule: str = "", page: int = Page,
            per_page: int = Query(50, ge=1, le=view.MAX_PER_PAGE)) -> ReportPage:
    """数据范围内各报告的当前读取结果。division：行政区划代码（含下辖）；level：province / city / county（按报告所属区划）；
    kind：机关类别；agency：单位名称包含的文字；rule：核查规则编号（如 t3.balance）。"""
    found = view.filtered_reports(request.app.state.engine, signed.user.scope,
                                  _filters(year, division, level, kind, agency, rule), page, per_page)
    return ReportPage(items=[CorpusReport(**row._mapping) for row in found.items], total=found.total,
                      page=found.page, pages=found.pages)


@router.get("/search", response_model=SearchResults, summary="全文检索报告正文与表格行名", responses=_ERRORS)
def search(request: Request, signed: User, q: str = Query("", max_length=200), page: int = Page,
           per_page: int = Query(20, ge=1, le=view.MAX_PER_PAGE)) -> SearchResults:
    """多个词用空格分隔，须同时出现；不足 3 个字的词逐字匹配。只检索数据范围内报告的当前读取结果。"""
    from ogi.corpus.search import search as run
    from ogi.web.reports import scope_condition

    with request.app.state.engine.connect() as conn:
        found = run(conn, q, where=scope_condition(signed.user.scope), page=page, per_page=per_page)
    items = []
    for hit in found.items:
        passage, marks, pos = "", [], 0
        for text, is_hit in hit.snippet:
            if is_hit:
                marks.append([pos, pos + len(text)])
            passage += text
            pos += len(text)
        items.append(SearchItem(sha256=hit.sha256, agency=hit.agency, year=hit.year,
                                division_code=hit.division_code, passage=passage, hits=marks))
    return SearchResults(items=items, total=found.total, page=found.page, pages=found.pages, terms=found.terms)


@router.get("/agency", response_model=AgencyYears, summary="同一单位历年比较：主要指标与逐年衔接",
            responses={**_ERRORS, 404: {"description": "数据范围内没有该单位的报告"}})
def agency(request: Request, signed: User, name: str = Query(..., min_length=1, max_length=200)) -> AgencyYears:
    """name 为单位全称（与报告中的一致）。上年结转与上年“结转下年度继续办理”、现行有效件数是否衔接。"""
    found = view.agency_view(request.app.state.engine, signed.user.scope, name.strip())
    if found is None:
        raise HTTPException(404, "数据范围内没有该单位的报告")
    checks = [Continuity(**{k: v for k, v in c.as_row().items() if k != "previous_year"}) for c in found.checks]
    summary = (f"{found.agency}：{'、'.join(map(str, found.years))}年度报告；逐年衔接核对{len(checks)}项，"
               f"不衔接{len(found.breaks)}项" + (f"；缺少{'、'.join(map(str, found.missing_years))}年度"
                                                 if found.missing_years else ""))
    return AgencyYears(agency=found.agency, years=found.years, missing_years=found.missing_years,
                       per_year=[_plain(r) for r in found.per_year], checks=checks, breaks=len(found.breaks),
                       summary_zh=summary)


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in row.items()}


@router.get("/region", response_model=Region, summary="地区统计：历年申请量、办理结果、比率、错误、按时公布与排名",
            responses=_ERRORS)
def region(request: Request, signed: User, division: str = "", year: str = "",
           by: str = "applications_received") -> Region:
    """division 为行政区划代码（空为数据范围内全部）；year 为排名与名单对照的年度（默认最近一年）；by 为排名指标。"""
    filters = _filters(year, division, "", "", "", "")
    found = view.region_view(request.app.state.engine, signed.user.scope, filters.division, filters.year, by)
    return Region(division=found.division, name=found.name, years=found.rows, year=found.year, metric=found.metric,
                  ranking=[RankedAgency(**r) for r in found.ranking], coverage=found.coverage,
                  missing_units=[u.name for u in found.missing])


@router.get("/similar", response_model=SimilarPage, summary="雷同段落：与其他单位或本单位往年报告相同的段落",
            responses=_ERRORS)
def similar(request: Request, signed: User, year: str = "", division: str = "", agency: str = "",
            page: int = Page, per_page: int = Query(20, ge=1, le=view.MAX_PER_PAGE)) -> SimilarPage:
    """只比较数据范围内的报告；每对给出两段章节的相同段落及其位置。"""
    try:
        found = view.similar_view(request.app.state.engine, signed.user.scope,
                                  _filters(year, division, "", "", agency, ""), page, per_page)
    except view.TooManyToCompare as exc:
        raise HTTPException(422, exc.message()) from exc
    items = [SimilarPair(a=PairSideOut(sha256=p.a.sha256, agency=p.a.agency, year=p.a.year, section=p.a.section),
                         b=PairSideOut(sha256=p.b.sha256, agency=p.b.agency, year=p.b.year, section=p.b.section),
                         jaccard=round(p.jaccard, 4), copied_chars=p.copied_chars, message_zh=p.message,
                         passages=p.passages)
             for p in found.items]
    return SimilarPage(items=items, total=found.total, page=found.page, pages=found.pages)
