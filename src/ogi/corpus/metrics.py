"""The headline figures of one report, read from its tables: one flat row per report, for a DataFrame.

A figure is None when any cell it needs could not be read (a missing table, an unreadable row, a damaged cell) —
never 0 for unknown. A blank, "/" or "无" in a row that was read counts as 0, as the checker counts it.
A rate is None when its denominator is None or 0.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal

from ogi.check.finding import Finding, Severity
from ogi.check.rules.common import number
from ogi.model.layout import TableKey, layout_for
from ogi.model.report import Report, Table

__all__ = ["METRIC_KEYS", "OUTCOME_GROUPS", "RATE_KEYS", "report_metrics"]

Value = int | Decimal | None

# the outcome blocks of table 三 (三、本年度办理结果), each a group of rows or, in the 2019 layout, one row
OUTCOME_GROUPS: tuple[str, ...] = ("withheld", "unable", "not_processed", "other_handling")
_SINGLE_OUTCOMES = ("disclosed", "partially_disclosed", "total_processed", "carried_forward")

RATE_KEYS: tuple[str, ...] = (
    "disclosure_rate", "refusal_rate", "unable_rate", "review_correction_rate", "litigation_correction_rate",
)
METRIC_KEYS: tuple[str, ...] = (
    "applications_new", "applications_carried_over", "applications_received",
    *_SINGLE_OUTCOMES, *OUTCOME_GROUPS,
    "reviews", "reviews_corrected", "reviews_pending",
    "litigations", "litigations_corrected", "litigations_pending",
    *RATE_KEYS,
    "findings", "findings_errors", "findings_warnings",
)


def _cell(table: Table | None, row: str, column: str = "total") -> Value:
    if table is None or not table.found or row not in table.rows:
        return None
    return number(table.rows[row], column)


def _sum(values: Iterable[Value]) -> Value:
    total: int | Decimal = 0
    for v in values:
        if v is None:
            return None
        total += v
    return total


def _group(report: Report, table: Table | None, group: str) -> Value:
    """The total of an outcome block: its own row when it has numbers (the 2019 （六）, or a group printed as
    one row), else the sum of its rows."""
    if table is None or not table.found:
        return None
    if group in table.groups:
        return number(table.groups[group], "total")
    layout = layout_for(report.metadata.format_version)
    members = [r.key for r in layout.rows(TableKey.APPLICATIONS) if r.group == group and r.is_data]
    if not members:  # a data row of its own (2019: （六）其他处理)
        return _cell(table, group)
    return _sum(_cell(table, key) for key in members)


def _rate(part: Value, whole: Value) -> float | None:
    if part is None or whole is None or whole == 0:
        return None
    return float(part) / float(whole)


def _decided(total: Value, pending: Value) -> Value:
    return None if total is None or pending is None else total - pending


def _plain(value: Value) -> int | float | None:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def report_metrics(report: Report, findings: Sequence[Finding] | None = None) -> dict[str, object]:
    """Given a report (and the checker's findings on it, if known), return its headline figures by stable key.

    Rates: disclosure = (予以公开 + 部分公开) / （七）总计; refusal = 不予公开 / 总计; unable = 无法提供 / 总计;
    correction = 结果纠正 / (总计 − 尚未审结), i.e. over the cases decided, for reviews and for both kinds of
    litigation together.
    """
    t3 = report.tables.get(TableKey.APPLICATIONS)
    t4 = report.tables.get(TableKey.REVIEW_LITIGATION)
    row: dict[str, object] = {
        "agency": report.metadata.agency,
        "year": report.metadata.report_year,
        "format_version": report.metadata.format_version.value,
        "source_sha256": report.source_sha256,
    }
    new, carried = _cell(t3, "new_received"), _cell(t3, "carried_over")
    values: dict[str, Value] = {
        "applications_new": new,
        "applications_carried_over": carried,
        "applications_received": _sum((new, carried)),
    }
    values |= {key: _cell(t3, key) for key in _SINGLE_OUTCOMES}
    values |= {group: _group(report, t3, group) for group in OUTCOME_GROUPS}

    values["reviews"] = _cell(t4, "review")
    values["reviews_corrected"] = _cell(t4, "review", "corrected")
    values["reviews_pending"] = _cell(t4, "review", "pending")
    lit = ("litigation_direct", "litigation_after_review")
    values["litigations"] = _sum(_cell(t4, r) for r in lit)
    values["litigations_corrected"] = _sum(_cell(t4, r, "corrected") for r in lit)
    values["litigations_pending"] = _sum(_cell(t4, r, "pending") for r in lit)

    handled = values["total_processed"]
    disclosed = _sum((values["disclosed"], values["partially_disclosed"]))
    row |= {key: _plain(v) for key, v in values.items()}
    row["disclosure_rate"] = _rate(disclosed, handled)
    row["refusal_rate"] = _rate(values["withheld"], handled)
    row["unable_rate"] = _rate(values["unable"], handled)
    row["review_correction_rate"] = _rate(values["reviews_corrected"],
                                          _decided(values["reviews"], values["reviews_pending"]))
    row["litigation_correction_rate"] = _rate(values["litigations_corrected"],
                                              _decided(values["litigations"], values["litigations_pending"]))
    if findings is None:
        row |= {"findings": None, "findings_errors": None, "findings_warnings": None}
    else:
        row["findings"] = len(findings)
        row["findings_errors"] = sum(f.severity is Severity.ERROR for f in findings)
        row["findings_warnings"] = sum(f.severity is Severity.WARNING for f in findings)
    return row
