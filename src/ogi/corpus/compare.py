"""Comparisons: one agency across years (tables side by side and the figures that must carry over), and many
agencies in one year (rankings and distributions of the headline figures of ogi.corpus.metrics).

Each check across years is a `Continuity` record with the numbers involved and a Chinese message; a break is one
whose numbers are all known and disagree. Where a number is missing the record says so and gives no verdict.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from decimal import Decimal
from enum import StrEnum

from ogi.check.rules.common import TABLE_NAMES, number
from ogi.errors import OgiError
from ogi.model.layout import APPLICANT_COLUMNS, FormatVersion, TableKey, layout_for
from ogi.model.report import Report

__all__ = [
    "Continuity",
    "ContinuityStatus",
    "DuplicateYearError",
    "YearComparison",
    "carry_over",
    "compare_years",
    "distribution",
    "in_force_continuity",
    "missing_years",
    "ranking",
    "side_by_side",
]

Value = int | Decimal | None
_T3 = TableKey.APPLICATIONS
_T2 = TableKey.PROACTIVE
_IN_FORCE_ROWS = ("regulations", "normative_documents")  # 2021 layout: 本年制发 / 本年废止 / 现行有效


class DuplicateYearError(OgiError):
    """Two reports of one agency for the same year were given."""

    code = "corpus.duplicate_year"
    message_zh = "同一机关同一年度有两份报告，无法逐年比较"


class ContinuityStatus(StrEnum):
    OK = "ok"
    BREAK = "break"  # every number known, and they disagree
    UNKNOWN = "unknown"  # a number is missing or unreadable, or the layouts differ: no verdict


@dataclass(frozen=True, slots=True)
class Continuity:
    """One check of a figure that must carry from year Y−1 to year Y."""

    check: str  # "carry_over" or "in_force"
    status: ContinuityStatus
    year: int
    previous_year: int
    table: str
    row: str  # the row of year Y checked
    column: str
    expected: int | None  # what year Y should print, from Y−1 (and Y's own flows)
    actual: int | None  # what year Y prints
    difference: int | None  # actual − expected
    message_zh: str

    def as_row(self) -> dict[str, object]:
        row = asdict(self)
        row["status"] = self.status.value
        return row


@dataclass(frozen=True, slots=True)
class YearComparison:
    years: list[int]
    missing_years: list[int]
    tables: list[dict[str, object]]  # side_by_side
    checks: list[Continuity]

    @property
    def breaks(self) -> list[Continuity]:
        return [c for c in self.checks if c.status is ContinuityStatus.BREAK]


def _by_year(series: Iterable[tuple[int, Report]]) -> dict[int, Report]:
    out: dict[int, Report] = {}
    for year, report in series:
        if year in out:
            raise DuplicateYearError(report.metadata.agency or report.source_name, f"{year}年")
        out[year] = report
    return dict(sorted(out.items()))


def _value(report: Report, table: TableKey, row: str, column: str) -> Value:
    t = report.tables.get(table)
    if t is None or not t.found or row not in t.rows:
        return None
    return number(t.rows[row], column)


def _int(v: Value) -> int | None:
    return None if v is None else int(v)


def side_by_side(series: Iterable[tuple[int, Report]]) -> list[dict[str, object]]:
    """Given one agency's reports by year, return every cell of tables 二, 三 and 四 as one record per
    (table, row, column) with the value of each year under the year's number (None where not readable; a row
    or column absent from a year's layout is None too). Rows follow the layout of the latest year."""
    by_year = _by_year(series)
    if not by_year:
        return []
    keys: list[tuple[TableKey, str, str]] = []
    seen: set[tuple[TableKey, str, str]] = set()
    for report in reversed(by_year.values()):  # the latest layout first, then what older ones add
        layout = layout_for(report.metadata.format_version)
        for table in TableKey:
            for rdef in layout.data_rows(table):
                for col in rdef.columns:
                    key = (table, rdef.key, col.key)
                    if key not in seen:
                        seen.add(key)
                        keys.append(key)
    records: list[dict[str, object]] = []
    for table, row, column in keys:
        record: dict[str, object] = {"table": table.value, "row": row, "column": column}
        for year, report in by_year.items():
            v = _value(report, table, row, column)
            record[year] = float(v) if isinstance(v, Decimal) and v != v.to_integral_value() else _int(v)
        records.append(record)
    return records


def missing_years(years: Iterable[int]) -> list[int]:
    """Given the years an agency has reports for, return the years between the first and last with none."""
    have = sorted(set(years))
    return [] if not have else [y for y in range(have[0], have[-1] + 1) if y not in have]


def _record(check: str, year: int, table: TableKey, row: str, column: str, expected: int | None,
            actual: int | None, what: str, unknown_why: str | None) -> Continuity:
    where = f"{TABLE_NAMES[table][:2]}“{layout_for(FormatVersion.V2021).row(table, row).label}”行"
    where += f"“{_column_label(table, row, column)}”列"
    if unknown_why is not None or expected is None or actual is None:
        why = unknown_why or "有数值无法读取"
        return Continuity(check, ContinuityStatus.UNKNOWN, year, year - 1, table.value, row, column, expected,
                          actual, None, f"{year}年{where}：{why}，无法核对{what}")
    diff = actual - expected
    if diff == 0:
        return Continuity(check, ContinuityStatus.OK, year, year - 1, table.value, row, column, expected, actual,
                          0, f"{year}年{where}为{actual}，与{what}一致")
    return Continuity(check, ContinuityStatus.BREAK, year, year - 1, table.value, row, column, expected, actual,
                      diff, f"{year}年{where}为{actual}，按{what}应为{expected}，相差{diff:+d}")


def _column_label(table: TableKey, row: str, column: str) -> str:
    rdef = layout_for(FormatVersion.V2021).row(table, row)
    return next(c.label for c in rdef.columns if c.key == column)


def carry_over(previous: Report, current: Report, year: int) -> list[Continuity]:
    """Given the reports of years Y−1 and Y, check per applicant column that Y's 二、上年结转 equals Y−1's
    四、结转下年度继续办理."""
    out = []
    for col in APPLICANT_COLUMNS:
        before = _int(_value(previous, _T3, "carried_forward", col.key))
        now = _int(_value(current, _T3, "carried_over", col.key))
        why = None if before is not None else f"{year - 1}年“四、结转下年度继续办理”无法读取"
        out.append(_record("carry_over", year, _T3, "carried_over", col.key, before, now,
                           f"{year - 1}年“四、结转下年度继续办理”", why))
    return out


def in_force_continuity(previous: Report, current: Report, year: int) -> list[Continuity]:
    """Given the reports of years Y−1 and Y, check for 规章 and 行政规范性文件 that 现行有效件数(Y) =
    现行有效件数(Y−1) + 本年制发件数(Y) − 本年废止件数(Y). Only the 2021 layout prints these columns."""
    out = []
    both_2021 = all(r.metadata.format_version is FormatVersion.V2021 for r in (previous, current))
    for row in _IN_FORCE_ROWS:
        valid_before = _int(_value(previous, _T2, row, "in_force")) if both_2021 else None
        issued = _int(_value(current, _T2, row, "issued")) if both_2021 else None
        abolished = _int(_value(current, _T2, row, "abolished")) if both_2021 else None
        valid_now = _int(_value(current, _T2, row, "in_force")) if both_2021 else None
        parts = (valid_before, issued, abolished)
        expected = None if None in parts else valid_before + issued - abolished
        why = None
        if not both_2021:
            why = "两年报告格式不同（2019年格式无“现行有效件数”）"
        elif valid_before is None:
            why = f"{year - 1}年“现行有效件数”无法读取"
        elif None in parts:
            why = f"{year}年“本年制发件数”或“本年废止件数”无法读取"
        what = f"{year - 1}年现行有效件数{_show(valid_before)}＋本年制发{_show(issued)}－本年废止{_show(abolished)}"
        out.append(_record("in_force", year, _T2, row, "in_force", expected, valid_now, what, why))
    return out


def _show(v: int | None) -> str:
    return "—" if v is None else str(v)


def compare_years(series: Iterable[tuple[int, Report]]) -> YearComparison:
    """Given one agency's reports as (year, report), return the tables side by side, the years missing, and the
    carry-over and 现行有效件数 checks of every pair of consecutive years both present."""
    by_year = _by_year(series)
    checks: list[Continuity] = []
    for year, report in by_year.items():
        previous = by_year.get(year - 1)
        if previous is not None:
            checks += carry_over(previous, report, year)
            checks += in_force_continuity(previous, report, year)
    return YearComparison(list(by_year), missing_years(by_year), side_by_side(by_year.items()), checks)


# ---------------------------------------------------------------------------------------------
# many agencies in one year


def ranking(rows: Sequence[Mapping[str, object]], metric: str, *, descending: bool = True,
            label: str = "agency") -> list[dict[str, object]]:
    """Given metric rows (ogi.corpus.metrics.report_metrics), return them ranked by one metric: rank (ties share
    the best rank: 1, 2, 2, 4), the label and the value. Rows whose value is None are left out, not ranked last."""
    known = [(row[metric], row.get(label)) for row in rows if row.get(metric) is not None]
    known.sort(key=lambda pair: pair[0], reverse=descending)
    out: list[dict[str, object]] = []
    for i, (value, name) in enumerate(known):
        rank = out[-1]["rank"] if out and out[-1]["value"] == value else i + 1
        out.append({"rank": rank, label: name, "value": value})
    return out


def _quantile(ordered: Sequence[float], q: float) -> float:
    """Linear interpolation between the closest ranks (numpy's and pandas' default)."""
    pos = (len(ordered) - 1) * q
    lo, hi = math.floor(pos), math.ceil(pos)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def distribution(rows: Sequence[Mapping[str, object]], metrics: Iterable[str]) -> dict[str, dict[str, object]]:
    """Given metric rows, return per metric: how many reports have it, how many do not, min, quartiles, max, mean
    (None when no report has it)."""
    out: dict[str, dict[str, object]] = {}
    for metric in metrics:
        values = sorted(float(v) for row in rows if (v := row.get(metric)) is not None)
        stats: dict[str, object] = {"count": len(values), "missing": len(rows) - len(values)}
        for name, q in (("min", 0.0), ("q25", 0.25), ("median", 0.5), ("q75", 0.75), ("max", 1.0)):
            stats[name] = _quantile(values, q) if values else None
        stats["mean"] = sum(values) / len(values) if values else None
        out[metric] = stats
    return out
