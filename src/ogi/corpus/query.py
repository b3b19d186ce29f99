"""The one query layer over the corpus: reports, cells, errors and the headline table, as pandas DataFrames.

The export, `ogi corpus stats`, the Python API and (later) the web pages all read through these functions, so a
number shown anywhere is the same number. Only current readings are counted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, Connection, Select, and_, func, not_, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import Boolean

from ogi.corpus.records import CellRecord, Reading, SourceRecord

if TYPE_CHECKING:
    import pandas as pd

    from ogi.model.report import Report

__all__ = ["LEVELS", "REPORT_COLUMNS", "agency_readings", "agency_reports", "cells", "division_prefix", "errors", "filtered", "metric_rows",
           "metrics", "missing_units", "region_years", "regions_present", "report", "reports", "rules_present", "stats"]

REPORT_COLUMNS = ["sha256", "version", "status", "agency", "agency_kind", "division_code", "year",
                  "format_version", "date_of_issue", "errors", "warnings", "notices", "error"]


LEVELS = {"province": "省级", "city": "市级", "county": "县级"}  # of the report's division (its GB/T 2260 code)


def filtered(stmt: Select, *, year: int | None = None, agency: str | None = None,
             division: str | None = None, status: str | None = None, level: str | None = None,
             kind: str | None = None, rule: str | None = None,
             where: ColumnElement[bool] | None = None) -> Select:
    """Given a select over readings, keep the current readings the filters name (agency: part of the name;
    division: a GB/T 2260 code, its units included; level: of the division, a key of LEVELS; kind: the agency's
    kind as identified, e.g. 部门; rule: a finding's rule id; where: any further condition, e.g. a user's scope)."""
    conds = [Reading.current.is_(True)]
    if year is not None:
        conds.append(Reading.year == year)
    if agency:
        conds.append(Reading.agency.contains(agency, autoescape=True))
    if division:  # a code prefix: "32" the province, "3208" the city, "320813" the county
        conds.append(Reading.division_code.startswith(division_prefix(division), autoescape=True))
    if status:
        conds.append(Reading.status == status)
    if level:
        conds.append(_level(level))
    if kind:
        conds.append(Reading.agency_kind == kind)
    if rule:
        conds.append(_HasRule(Reading.findings, rule))
    if where is not None:
        conds.append(where)
    return stmt.where(and_(*conds))


def _level(level: str) -> ColumnElement[bool]:
    """A division's level from its 6-digit code: 省级 xx0000, 市级 xxxx00, 县级 the rest (a 直辖市's districts
    are 县级, as GB/T 2260 has them); an unknown level matches nothing."""
    code = Reading.division_code
    province, city = code.like("__0000"), code.like("____00")
    six = func.length(code) == 6
    return {"province": and_(six, province), "city": and_(six, city, not_(province)),
            "county": and_(six, not_(city))}.get(level, Reading.id.is_(None))


class _HasRule(FunctionElement[bool]):
    """Whether a reading's findings (a JSON list) hold one of this rule id: the JSON functions of each dialect."""

    type = Boolean()
    inherit_cache = True
    name = "has_rule"


@compiles(_HasRule, "sqlite")
def _has_rule_sqlite(element: _HasRule, compiler: Any, **kw: Any) -> str:
    column, rule = (compiler.process(c, **kw) for c in element.clauses)
    return (f"EXISTS (SELECT 1 FROM json_each(CASE WHEN json_type({column}) = 'array' THEN {column} ELSE '[]' END)"
            f" AS f WHERE json_extract(f.value, '$.rule_id') = {rule})")


@compiles(_HasRule, "postgresql")
def _has_rule_postgresql(element: _HasRule, compiler: Any, **kw: Any) -> str:
    column, rule = (compiler.process(c, **kw) for c in element.clauses)
    return (f"EXISTS (SELECT 1 FROM json_array_elements(CASE WHEN json_typeof({column}) = 'array' THEN {column}"
            f" ELSE '[]'::json END) AS f WHERE f->>'rule_id' = {rule})")


def division_prefix(code: str) -> str:
    """Given a GB/T 2260 code, return the prefix its units share: 320000 → 32, 320800 → 3208, 320830 → 320830."""
    code = code.strip()
    if len(code) == 6 and code.isdigit():
        return code[:2] if code[2:] == "0000" else code[:4] if code[4:] == "00" else code
    return code


def reports(conn: Connection, **filters: Any) -> pd.DataFrame:
    """One row per report (current reading): identification, format, findings per severity, and one file name."""
    import pandas as pd

    name = (select(func.min(SourceRecord.name)).where(SourceRecord.sha256 == Reading.sha256)
            .correlate(Reading).scalar_subquery().label("file"))
    stmt = filtered(select(*(getattr(Reading, c) for c in REPORT_COLUMNS), name), **filters)
    rows = conn.execute(stmt.order_by(Reading.year, Reading.agency, Reading.sha256)).all()
    return pd.DataFrame(rows, columns=[*REPORT_COLUMNS, "file"])


def cells(conn: Connection, *, table: str | None = None, row: str | None = None, column: str | None = None,
          **filters: Any) -> pd.DataFrame:
    """One row per cell of the current readings: report, table, row key, column key, value, status, text as
    printed, page and line — the stable keys of docs/keys.md as values."""
    import pandas as pd

    stmt = select(Reading.sha256, Reading.agency, Reading.year, Reading.division_code, CellRecord.table,
                  CellRecord.row, CellRecord.column, CellRecord.value, CellRecord.status, CellRecord.text,
                  CellRecord.page, CellRecord.line).join(
        CellRecord, CellRecord.reading_id == Reading.id)
    for attr, want in (("table", table), ("row", row), ("column", column)):
        if want:
            stmt = stmt.where(getattr(CellRecord, attr) == want)
    stmt = filtered(stmt, **filters).order_by(Reading.sha256, CellRecord.table)
    names = ["sha256", "agency", "year", "division_code", "table", "row", "column", "value", "status", "text",
             "page", "line"]
    frame = pd.DataFrame(conn.execute(stmt).all(), columns=names)
    frame["value"] = pd.to_numeric(frame["value"], errors="coerce")
    return frame


def metrics(conn: Connection, **filters: Any) -> pd.DataFrame:
    """One row per report read: identification, timeliness and the headline figures of ogi.corpus.metrics
    (application volume, outcome counts and rates, review and litigation, findings)."""
    import pandas as pd

    return pd.DataFrame(metric_rows(conn, **filters))


def metric_rows(conn: Connection, **filters: Any) -> list[dict[str, Any]]:
    """`metrics` as plain rows (None stays None: what ogi.corpus.compare.ranking and distribution take)."""
    stmt = filtered(select(Reading.sha256, Reading.agency, Reading.agency_kind, Reading.division_code,
                            Reading.year, Reading.timeliness, Reading.days_late, Reading.date_of_issue,
                            Reading.metrics), status="read", **filters)
    rows = []
    for sha, agency, kind, code, year, timely, late, issued, figures in conn.execute(stmt):
        extra = {k: v for k, v in (figures or {}).items() if k not in ("agency", "year", "source_sha256")}
        rows.append({"sha256": sha, "agency": agency, "agency_kind": kind, "division_code": code, "year": year,
                     "timeliness": timely, "days_late": late, "date_of_issue": issued, **extra})
    return rows


def agency_readings(conn: Connection, agency: str, where: ColumnElement[bool] | None = None,
                    ) -> list[tuple[int, str]]:
    """The current readings of one agency (its exact name; `where` narrows further, e.g. to a user's scope) as
    (year, sha256), one a year: a year read twice keeps the reading with fewer error findings."""
    stmt = select(Reading.sha256, Reading.year, Reading.errors).where(
        Reading.current.is_(True), Reading.status == "read", Reading.agency == agency, Reading.year.is_not(None))
    if where is not None:
        stmt = stmt.where(where)
    out: list[tuple[int, str]] = []
    for sha, year, _errors in conn.execute(stmt.order_by(Reading.year, Reading.errors, Reading.sha256)):
        if not out or out[-1][0] != year:
            out.append((year, sha))
    return out


def agency_reports(conn: Connection, agency: str, where: ColumnElement[bool] | None = None,
                   ) -> list[tuple[int, Report]]:
    """Every current report of one agency (its exact name), by year, as `agency_readings` chooses them (two
    different files for one year are told apart by the caller)."""
    out: list[tuple[int, Report]] = []
    for year, sha in agency_readings(conn, agency, where):
        found = report(conn, sha)
        if found is not None:
            out.append((year, found))
    return out


def report(conn: Connection, sha: str) -> Report | None:
    """The current reading of one file as the report model (None when it was not read as a report)."""
    import zlib

    from ogi.model.report import Report

    data = conn.execute(select(Reading.model).where(Reading.sha256 == sha, Reading.current.is_(True))).scalar()
    return Report.from_json(zlib.decompress(data)) if data else None


def errors(conn: Connection) -> pd.DataFrame:
    """Every source that could not be read: no bytes (path, archive member, download), or bytes that are not a
    readable report; with the reason in Chinese."""
    import pandas as pd

    failed = conn.execute(select(SourceRecord.location, SourceRecord.name, SourceRecord.error_code,
                                 SourceRecord.error).where(SourceRecord.error_code.is_not(None))).all()
    unreadable = conn.execute(
        select(SourceRecord.location, SourceRecord.name, Reading.error_code, Reading.error)
        .join(Reading, and_(Reading.sha256 == SourceRecord.sha256, Reading.current.is_(True)))
        .where(Reading.status == "unreadable", SourceRecord.error_code.is_(None))).all()
    frame = pd.DataFrame([*failed, *unreadable], columns=["location", "file", "code", "reason"])
    return frame.sort_values("location", kind="stable").reset_index(drop=True)


def stats(conn: Connection, **filters: Any) -> pd.DataFrame:
    """The headline table: per report year, reports read, agencies, reports with error findings, unreadable
    files, and the findings per report."""
    frame = reports(conn, **filters)
    read = frame[frame.status == "read"]
    if read.empty:
        import pandas as pd

        return pd.DataFrame(columns=["year", "reports", "agencies", "with_errors", "errors_per_report"])
    by_year = read.groupby(read["year"].fillna(0).astype(int))
    out = by_year.agg(reports=("sha256", "size"), agencies=("agency", "nunique"),
                      with_errors=("errors", lambda s: int((s > 0).sum())),
                      errors_per_report=("errors", "mean")).reset_index()
    out["errors_per_report"] = out["errors_per_report"].round(2)
    return out


# -- a region's figures by year, and what the filters can choose from --------------------------------------------

OUTCOMES = ("disclosed", "partially_disclosed", "withheld", "unable", "not_processed", "other_handling")
TIMELINESS = ("on_time", "late", "premature", "unknown")
REGION_COLUMNS = ["year", "reports", "with_errors", "applications_received", "applications_reports", *OUTCOMES,
                  "total_processed", "outcome_reports", "refusal_rate", "review_correction_rate",
                  "litigation_correction_rate", "litigations", *TIMELINESS]


def _known_sum(rows: list[dict[str, Any]], keys: tuple[str, ...]) -> tuple[list[float], int]:
    """The sums of `keys` over the rows where every one of them is known, and how many rows those are."""
    known = [r for r in rows if all(r.get(k) is not None for k in keys)]
    return [sum(float(r[k]) for r in known) for k in keys], len(known)


def _ratio(part: float, whole: float) -> float | None:
    return part / whole if whole else None


def _plain_number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else round(value, 4)


def region_years(conn: Connection, **filters: Any) -> list[dict[str, Any]]:
    """Per report year, the headline figures of the reports the filters select (a region: `division`), from
    `metric_rows`: reports read and with error findings; applications received; the outcomes of table 三 and
    （七）总计, summed over the reports where all of them were read (`outcome_reports` of them); the refusal rate
    (不予公开 / 总计) and the correction rates of reviews and litigation (结果纠正 / decided cases) over those
    sums; litigation cases; publication on time / late / dated before the year's end / unknown."""
    by_year: dict[int, list[dict[str, Any]]] = {}
    for row in metric_rows(conn, **filters):
        if row["year"] is not None:
            by_year.setdefault(int(row["year"]), []).append(row)
    out = []
    for year, rows in sorted(by_year.items()):
        (received,), received_n = _known_sum(rows, ("applications_received",))
        outcomes, outcome_n = _known_sum(rows, (*OUTCOMES, "total_processed"))
        withheld, handled = outcomes[OUTCOMES.index("withheld")], outcomes[-1]
        (reviews, corrected, pending), _ = _known_sum(rows, ("reviews", "reviews_corrected", "reviews_pending"))
        (lits, lit_corrected, lit_pending), _ = _known_sum(
            rows, ("litigations", "litigations_corrected", "litigations_pending"))
        (litigations,), _ = _known_sum(rows, ("litigations",))
        record: dict[str, Any] = {
            "year": year, "reports": len(rows), "with_errors": sum(bool(r.get("findings_errors")) for r in rows),
            "applications_received": _plain_number(received), "applications_reports": received_n,
            **{k: _plain_number(v) for k, v in zip((*OUTCOMES, "total_processed"), outcomes, strict=True)},
            "outcome_reports": outcome_n,
            "refusal_rate": _ratio(withheld, handled),
            "review_correction_rate": _ratio(corrected, reviews - pending),
            "litigation_correction_rate": _ratio(lit_corrected, lits - lit_pending),
            "litigations": _plain_number(litigations),
        }
        record |= {t: sum(r.get("timeliness") == t or (t == "unknown" and r.get("timeliness") is None)
                          for r in rows) for t in TIMELINESS}
        out.append(record)
    return out


def regions_present(conn: Connection, where: ColumnElement[bool] | None = None) -> list[tuple[str, str, str]]:
    """The provinces, cities and counties of the current readings (within `where`), with their parents:
    (code, name with its parents, level), in code order; a code GB/T 2260 does not know is shown as it is."""
    from ogi.corpus import divisions

    stmt = filtered(select(Reading.division_code).where(Reading.division_code.is_not(None)).distinct(), where=where)
    found: dict[str, tuple[str, str, str]] = {}
    for (code,) in conn.execute(stmt):
        chain = divisions.path(code)
        if not chain:
            found.setdefault(code, (code, code, "unknown"))
        for n, d in enumerate(chain):
            found.setdefault(d.code, (d.code, " / ".join(x.name for x in chain[:n + 1]), d.level))
    return [found[c] for c in sorted(found)]


def rules_present(conn: Connection, where: ColumnElement[bool] | None = None) -> dict[str, int]:
    """The rule ids of the findings of the current readings (within `where`), with how many reports have each."""
    counts: dict[str, int] = {}
    for (found,) in conn.execute(filtered(select(Reading.findings), status="read", where=where)):
        for rule in {f.get("rule_id") for f in found or [] if isinstance(f, dict)}:
            counts[rule] = counts.get(rule, 0) + 1
    return dict(sorted(counts.items()))


def missing_units(conn: Connection, units: list[Any], year: int, **filters: Any) -> tuple[list[Any], int]:
    """Given a unit list (ogi.corpus.units.Unit) and a year, match the year's reports the filters select to it;
    return the units with no report that year and how many reports matched a unit."""
    from ogi.corpus.identify import Identity
    from ogi.corpus.units import match, missing

    rows = conn.execute(filtered(select(Reading.sha256, Reading.identity), status="read", year=year, **filters))
    matches = match({sha: Identity.model_validate(identity or {}) for sha, identity in rows}, units)
    return missing(units, {year: matches}, year), sum(m.unit is not None for m in matches)
