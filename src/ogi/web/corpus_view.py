"""What the corpus pages and their JSON twins show, read once for both: the filtered report list, search, an
agency's years, a region's figures with their charts, and the 雷同 pairs — always within the user's data scope
(ogi.web.reports.scope_condition) and always through ogi.corpus.query, the layer the export and the CLI read."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, func, select

from ogi.corpus import query
from ogi.corpus.records import Reading, SourceRecord, UnitList
from ogi.errors import OgiError
from ogi.web.charts import Chart, bar_chart
from ogi.web.reports import scope_condition
from ogi.web.store_cache import cached

__all__ = ["KINDS", "RANK_METRICS", "CorpusFilters", "FilterRefused", "agency_view", "choices", "filtered_reports",
           "parse_filters", "region_view", "rule_names", "similar_view", "store_unit_list", "TooManyToCompare"]

KINDS = ("人民政府", "办公室", "部门", "街道乡镇", "开发区管委会", "其他")  # ogi.corpus.identify.AgencyKind
RANK_METRICS = {
    "applications_received": "收到申请数", "disclosure_rate": "公开率（予以公开＋部分公开）", "refusal_rate": "不予公开率",
    "unable_rate": "无法提供率", "review_correction_rate": "复议纠错率", "litigation_correction_rate": "诉讼纠错率",
    "findings_errors": "错误数",
}
OUTCOME_ZH = {"disclosed": "予以公开", "partially_disclosed": "部分公开", "withheld": "不予公开", "unable": "无法提供",
              "not_processed": "不予处理", "other_handling": "其他处理"}
TIMELINESS_ZH = {"on_time": "按时", "late": "逾期", "premature": "早于年度结束", "unknown": "日期未知"}
MAX_PER_PAGE = 100
MAX_SIMILAR_REPORTS = 2000  # compared at once on a page (an index of 2,000 reports is built in seconds)


class TooManyToCompare(OgiError):
    """More reports selected than one 雷同 comparison takes: the user narrows the selection first."""

    code = "web.too_many_to_compare"
    message_zh = "所选报告超过一次比对的上限，请按地区、年度或单位缩小范围后再查找雷同段落"


class FilterRefused(OgiError):
    """A filter value that cannot be used (a year that is not a year, an unknown level)."""

    code = "web.filter_refused"
    message_zh = "筛选条件有误"


def rule_names() -> dict[str, str]:
    """Every rule id of ogi.check with its Chinese title."""
    from ogi.check import RULES

    return {rule_id: rule.title for rule_id, rule in RULES.items()}


@dataclass(frozen=True)
class CorpusFilters:
    year: int | None = None
    division: str = ""  # a GB/T 2260 code or prefix
    level: str = ""  # a key of ogi.corpus.query.LEVELS
    kind: str = ""  # one of KINDS
    agency: str = ""  # part of the name
    rule: str = ""  # a rule id of ogi.check

    def query(self) -> dict[str, Any]:
        """The keyword arguments of ogi.corpus.query.filtered."""
        return {"year": self.year, "division": self.division or None, "level": self.level or None,
                "kind": self.kind or None, "agency": self.agency or None, "rule": self.rule or None}

    def params(self) -> dict[str, str]:
        """The filters as URL parameters (the empty ones left out)."""
        values = {"year": str(self.year or ""), "division": self.division, "level": self.level,
                  "kind": self.kind, "agency": self.agency, "rule": self.rule}
        return {k: v for k, v in values.items() if v}


def parse_filters(year: str = "", division: str = "", level: str = "", kind: str = "", agency: str = "",
                  rule: str = "") -> CorpusFilters:
    """Given the filters as typed or chosen, return them checked; FilterRefused (in Chinese) for a bad one."""
    year, division, agency, rule = year.strip(), division.strip(), agency.strip(), rule.strip()
    if year and not (year.isdigit() and 1990 <= int(year) <= 2100):
        raise FilterRefused(year, "年度应为四位数字，如 2024")
    if division and not (division.isdigit() and len(division) in (2, 4, 6)):
        raise FilterRefused(division, "行政区划应为 2、4 或 6 位数字的区划代码（GB/T 2260）")
    if level and level not in query.LEVELS:
        raise FilterRefused(level, f"层级只能是：{'、'.join(query.LEVELS.values())}")
    if kind and kind not in KINDS:
        raise FilterRefused(kind, f"机关类别只能是：{'、'.join(KINDS)}")
    if rule and rule not in rule_names():
        raise FilterRefused(rule, "没有这一核查规则")
    if len(agency) > 100:
        raise FilterRefused(agency[:20], "单位名称过长")
    return CorpusFilters(int(year) if year else None, division, level, kind, agency, rule)


def _pages(total: int, page: int, per_page: int) -> tuple[int, int, int]:
    per_page = min(max(1, per_page), MAX_PER_PAGE)
    pages = max(1, -(-total // per_page))
    return min(max(1, page), pages), pages, per_page


@dataclass(frozen=True)
class ReportRows:
    items: list[Any]
    total: int
    page: int
    pages: int
    per_page: int


def filtered_reports(engine: Engine, scope: list[str], filters: CorpusFilters, page: int = 1,
                     per_page: int = 50) -> ReportRows:
    """One page of the current readings the filters select within the scope, newest year first."""
    name = (select(func.min(SourceRecord.name)).where(SourceRecord.sha256 == Reading.sha256)
            .correlate(Reading).scalar_subquery().label("file"))
    base = query.filtered(select(Reading.sha256, Reading.agency, Reading.agency_kind, Reading.division_code,
                                 Reading.year, Reading.status, Reading.errors, Reading.warnings, Reading.notices,
                                 name), where=scope_condition(scope), **filters.query())
    with engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(base.subquery())).scalar_one()
        page, pages, per_page = _pages(total, page, per_page)
        rows = conn.execute(base.order_by(Reading.year.desc(), Reading.agency, Reading.sha256)
                            .offset((page - 1) * per_page).limit(per_page)).all()
    return ReportRows(list(rows), total, page, pages, per_page)


def choices(engine: Engine, scope: list[str]) -> dict[str, Any]:
    """What the filter form offers: the regions and years present within the scope, the levels, the kinds, and
    the rules (every rule of ogi.check, with how many reports in the scope have a finding of it); computed once
    per store version (ogi.web.store_cache)."""
    return cached(engine, ("choices", tuple(scope)), lambda: _choices(engine, scope))


def _choices(engine: Engine, scope: list[str]) -> dict[str, Any]:
    where = scope_condition(scope)
    with engine.connect() as conn:
        regions = query.regions_present(conn, where)
        years = sorted({y for (y,) in conn.execute(query.filtered(select(Reading.year).distinct(), where=where))
                        if y is not None}, reverse=True)
        counts = query.rules_present(conn, where)
    rules = [(rule_id, title, counts.get(rule_id, 0)) for rule_id, title in rule_names().items()]
    return {"regions": regions, "years": years, "levels": query.LEVELS, "kinds": KINDS, "rules": rules}


# -- an agency's years -------------------------------------------------------------------------------------------


@dataclass
class AgencyView:
    agency: str
    years: list[int]
    missing_years: list[int]
    per_year: list[dict[str, Any]]  # year, sha256 and the headline figures of query.metric_rows
    checks: list[Any]  # ogi.corpus.compare.Continuity
    breaks: list[Any]


def agency_view(engine: Engine, scope: list[str], agency: str) -> AgencyView | None:
    """An agency's reports within the scope compared year by year (ogi.corpus.compare), with the headline
    figures of each year; None when it has no report the user may see."""
    from ogi.corpus.compare import compare_years

    where = scope_condition(scope)
    with engine.connect() as conn:
        chosen = query.agency_readings(conn, agency, where)
        if not chosen:
            return None
        series = [(year, r) for year, sha in chosen if (r := query.report(conn, sha)) is not None]
        shas = {sha: year for year, sha in chosen}
        metrics = {row["sha256"]: row for row in query.metric_rows(conn, where=Reading.sha256.in_(list(shas)))}
    result = compare_years(series)
    per_year = [{"year": year, "sha256": sha, **metrics.get(sha, {})} for year, sha in chosen]
    return AgencyView(agency, result.years, result.missing_years, per_year, result.checks, result.breaks)


# -- a region ----------------------------------------------------------------------------------------------------


@dataclass
class RegionView:
    division: str
    name: str
    rows: list[dict[str, Any]]  # query.region_years
    charts: list[Chart]
    year: int | None  # of the ranking and the missing units
    metric: str
    ranking: list[dict[str, Any]]
    units: UnitList | None = None
    missing: list[Any] = field(default_factory=list)  # the units with no report in `year`
    coverage: list[dict[str, Any]] = field(default_factory=list)  # per year: units, with a report, missing


def region_name(division: str) -> str:
    from ogi.corpus import divisions

    if not division:
        return "全部地区"
    chain = divisions.path(divisions.lookup(division).code) if divisions.lookup(division) else []
    return " / ".join(d.name for d in chain) or division


def latest_unit_list(engine: Engine, division: str) -> UnitList | None:
    if not division:
        return None
    from sqlalchemy.orm import Session

    with Session(engine, expire_on_commit=False) as sess:
        return sess.scalar(select(UnitList).where(UnitList.region == division).order_by(UnitList.id.desc()))


def region_view(engine: Engine, scope: list[str], division: str, year: int | None = None,
                metric: str = "applications_received") -> RegionView:
    """A region's figures by year (query.region_years) and their charts, the ranking of one metric in one year
    (as `ogi corpus rank`), and the units of its uploaded list with no report; computed once per store version
    (ogi.web.store_cache)."""
    return cached(engine, ("region", tuple(scope), division, year, metric),
                  lambda: _region_view(engine, scope, division, year, metric))


def _region_view(engine: Engine, scope: list[str], division: str, year: int | None,
                 metric: str) -> RegionView:
    from ogi.corpus.compare import ranking
    from ogi.corpus.units import Unit

    where = scope_condition(scope)
    metric = metric if metric in RANK_METRICS else "applications_received"
    with engine.connect() as conn:
        rows = query.region_years(conn, division=division or None, where=where)
        year = year or (rows[-1]["year"] if rows else None)
        ranked = ranking(query.metric_rows(conn, year=year, division=division or None, where=where), metric,
                         descending=not metric.endswith("_errors")) if year else []
        units = latest_unit_list(engine, division)
        coverage, missing = [], []
        if units is not None:
            listed = [Unit.model_validate(u) for u in units.units]
            for row in rows:
                absent, matched = query.missing_units(conn, listed, row["year"], division=division, where=where)
                coverage.append({"year": row["year"], "units": len(listed), "with_report": len(listed) - len(absent),
                                 "missing": len(absent), "reports_matched": matched})
                if row["year"] == year:
                    missing = absent
    view = RegionView(division, region_name(division), rows, region_charts(rows, coverage), year, metric,
                      ranked[:50], units, missing, coverage)
    return view


def region_charts(rows: list[dict[str, Any]], coverage: list[dict[str, Any]]) -> list[Chart]:
    """The region page's charts, each from the rows of query.region_years (or the unit coverage) as they are."""
    charts = [
        bar_chart("volume", "申请量（本年新收＋上年结转）", rows, "year", [("applications_received", "收到申请")]),
        bar_chart("outcomes", "办理结果构成", rows, "year", list(OUTCOME_ZH.items()), stacked=True),
        bar_chart("rates", "不予公开率与复议、诉讼纠错率", rows, "year",
                  [("refusal_rate", "不予公开率"), ("review_correction_rate", "复议纠错率"),
                   ("litigation_correction_rate", "诉讼纠错率")], percent=True),
        bar_chart("errors", "有错误的报告", rows, "year", [("reports", "报告数"), ("with_errors", "有错误的报告")]),
        bar_chart("timeliness", "按时公布情况", rows, "year", list(TIMELINESS_ZH.items()), stacked=True),
    ]
    if coverage:
        charts.append(bar_chart("missing", "对照单位名单：未发布报告的单位", coverage, "year",
                                [("with_report", "有报告"), ("missing", "未发布")], stacked=True))
    return charts


def region_csv(rows: list[dict[str, Any]]) -> bytes:
    """The rows of query.region_years as CSV (UTF-8 with BOM, which Excel reads), the columns their stable keys."""
    import csv
    import io

    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=query.REGION_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: ("" if row.get(k) is None else row[k]) for k in query.REGION_COLUMNS} for row in rows)
    return buf.getvalue().encode("utf-8-sig")


def store_unit_list(engine: Engine, division: str, data: bytes, file_name: str, actor: str,
                    now: dt.datetime) -> UnitList:
    """Read an uploaded unit list (XLSX, ogi.corpus.units.load_units) and keep it for the region (audited).
    Raises ogi.corpus.units.UnitListError in Chinese for a file that cannot be used."""
    import tempfile
    from pathlib import Path

    from ogi.corpus.units import UnitListError, load_units
    from ogi.storage.db import session

    if not division:
        raise UnitListError(file_name, "请先选择行政区划")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "units.xlsx"
        path.write_bytes(data)
        try:
            units = load_units(path)
        except UnitListError as exc:
            raise UnitListError(file_name, exc.message().split("：", 1)[-1]) from exc
    record = UnitList(region=division, file_name=file_name, units=[u.model_dump(mode="json") for u in units],
                      uploaded_by=actor, uploaded_at=now)
    with session(engine, actor=actor) as sess:
        sess.add(record)
    return record


# -- 雷同 ----------------------------------------------------------------------------------------------------------


@dataclass
class PairSide:
    sha256: str
    agency: str | None
    year: int | None
    section: str
    pieces: list[tuple[str, bool]]  # the section's text: (text, inside a matching passage)


@dataclass
class PairView:
    message: str
    jaccard: float
    copied_chars: int
    a: PairSide
    b: PairSide
    passages: list[Any]  # ogi.corpus.similar.Passage


@dataclass(frozen=True)
class PairPage:
    items: list[PairView]
    total: int
    page: int
    pages: int
    per_page: int


def marked(text: str, spans: list[tuple[int, int]]) -> list[tuple[str, bool]]:
    """Given a text and [start, end) spans, return it as pieces (text, inside a span), the spans merged."""
    out: list[tuple[str, bool]] = []
    pos = 0
    for start, end in sorted(spans):
        start = max(start, pos)
        if end <= start:
            continue
        if start > pos:
            out.append((text[pos:start], False))
        out.append((text[start:end], True))
        pos = end
    if pos < len(text):
        out.append((text[pos:], False))
    return out


def _similar_pairs(engine: Engine, scope: list[str], filters: CorpusFilters) -> list[Any]:
    from ogi.corpus.copies import find_copies

    where = scope_condition(scope)
    with engine.connect() as conn:
        chosen = {sha for (sha,) in conn.execute(query.filtered(select(Reading.sha256), status="read", where=where,
                                                                **filters.query()))}
        if len(chosen) > MAX_SIMILAR_REPORTS:
            raise TooManyToCompare(detail=f"当前选中 {len(chosen)} 份，上限 {MAX_SIMILAR_REPORTS} 份")
        return find_copies(conn, involving=chosen, where=where) if chosen else []


def similar_view(engine: Engine, scope: list[str], filters: CorpusFilters, page: int = 1,
                 per_page: int = 20) -> PairPage:
    """The 雷同 pairs among the reports the filters select within the scope (ogi.corpus.copies: only reports the
    user may see are indexed, so no text from outside the scope is ever shown), most copied first; the pairs
    found once per store version (ogi.web.store_cache). TooManyToCompare above MAX_SIMILAR_REPORTS."""
    pairs = cached(engine, ("similar", tuple(scope), tuple(sorted(filters.query().items()))),
                   lambda: _similar_pairs(engine, scope, filters))
    with engine.connect() as conn:
        page, pages, per_page = _pages(len(pairs), page, per_page)
        shown_pairs = pairs[(page - 1) * per_page:page * per_page]
        reports = {sha: query.report(conn, sha) for p in shown_pairs for sha in (p.a.report_id, p.b.report_id)}
    items = []
    for p in shown_pairs:
        sides = []
        for ref, spans in ((p.a, [(x.a_start, x.a_end) for x in p.passages]),
                           (p.b, [(x.b_start, x.b_end) for x in p.passages])):
            report = reports.get(ref.report_id)
            section = next((s for s in report.sections if s.key.value == ref.section), None) if report else None
            sides.append(PairSide(ref.report_id, ref.agency, ref.year, ref.section,
                                  marked(section.text if section else "", spans)))
        items.append(PairView(p.message_zh(), p.jaccard, p.copied_chars, sides[0], sides[1], p.passages))
    return PairPage(items, len(pairs), page, pages, per_page)
