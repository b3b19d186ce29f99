"""The one query layer over the corpus: reports, cells, errors and the headline table, as pandas DataFrames.

The export, `ogi corpus stats`, the Python API and (later) the web pages all read through these functions, so a
number shown anywhere is the same number. Only current readings are counted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Select, and_, func, select

from ogi.corpus.records import CellRecord, Reading, SourceRecord

if TYPE_CHECKING:
    import pandas as pd

    from ogi.model.report import Report

__all__ = ["REPORT_COLUMNS", "agency_reports", "cells", "division_prefix", "errors", "metric_rows", "metrics", "report", "reports",
           "stats"]

REPORT_COLUMNS = ["sha256", "version", "status", "agency", "agency_kind", "division_code", "year",
                  "format_version", "date_of_issue", "errors", "warnings", "notices", "error"]


def filtered(stmt: Select, *, year: int | None = None, agency: str | None = None,
             division: str | None = None, status: str | None = None) -> Select:
    """Given a select over readings, keep the current readings the filters name (agency: part of the name;
    division: a GB/T 2260 code, its units included)."""
    conds = [Reading.current.is_(True)]
    if year is not None:
        conds.append(Reading.year == year)
    if agency:
        conds.append(Reading.agency.contains(agency, autoescape=True))
    if division:  # a code prefix: "32" the province, "3208" the city, "320813" the county
        conds.append(Reading.division_code.startswith(division_prefix(division), autoescape=True))
    if status:
        conds.append(Reading.status == status)
    return stmt.where(and_(*conds))


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


def agency_reports(conn: Connection, agency: str) -> list[tuple[int, Report]]:
    """Every current report of one agency (its exact name), by year; a year read twice keeps the report with
    fewer error findings (two different files for one year are told apart by the caller)."""
    rows = conn.execute(select(Reading.sha256, Reading.year, Reading.errors).where(
        Reading.current.is_(True), Reading.status == "read", Reading.agency == agency,
        Reading.year.is_not(None)).order_by(Reading.year, Reading.errors, Reading.sha256)).all()
    out: list[tuple[int, Report]] = []
    for sha, year, _errors in rows:
        if out and out[-1][0] == year:
            continue
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
