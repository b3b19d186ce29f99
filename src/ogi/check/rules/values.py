"""Rules about single cells: counts are whole numbers ≥ 0, amounts ≥ 0, blanks noted."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from functools import lru_cache

from ogi.check.finding import Finding, Severity
from ogi.check.rule import Rule, rule
from ogi.check.rules.common import location
from ogi.extract.values import value_problem
from ogi.model.layout import ColumnDef, FormatVersion, TableKey, ValueType, layout_for
from ogi.model.report import CellKind, Report, RowStatus


def _cells(report: Report):
    version = report.metadata.format_version
    for key, table in report.tables.items():
        for row in table.rows.values():
            if row.status is not RowStatus.OK:
                continue
            columns = _columns(version, key, row.key)
            for col_key, cell in row.cells.items():
                yield key, row, columns[col_key], cell


@lru_cache(maxsize=256)
def _columns(version: FormatVersion, table: TableKey, row: str) -> dict[str, ColumnDef]:
    return {c.key: c for c in layout_for(version).row(table, row).columns}


@rule("value.invalid", "数值不符合要求", Severity.ERROR,
      "件数应为非负整数，“本年增/减”应为整数，金额不应为负数")
def invalid(report: Report, r: Rule) -> Iterator[Finding]:
    """Counts are whole numbers ≥ 0; 本年增/减 is a whole number; amounts are ≥ 0."""
    for key, row, col, cell in _cells(report):
        v = cell.value
        if v is None:
            continue
        problem = None
        if col.value_type is ValueType.COUNT and (isinstance(v, Decimal) or v < 0):
            problem = "件数应为非负整数"
        elif col.value_type is ValueType.DELTA and isinstance(v, Decimal) and v != v.to_integral_value():
            problem = "增减数应为整数"
        elif col.value_type is ValueType.AMOUNT and v < 0:
            problem = "金额不应为负数"
        if problem:
            where = location(report, key, row.key, col.key)
            yield r.finding(f"{where.label_zh}为“{cell.text}”：{problem}", location=where,
                            actual=cell.text, source=cell.source)


@rule("value.blank", "统计单元格未填数字", Severity.NOTICE,
      "单元格为空白、“/”或文字；核对时按0计，统一格式要求填写数字")
def blank(report: Report, r: Rule) -> Iterator[Finding]:
    """A table cell left blank or holding "/" or words: the checker counts it as 0; the format expects a number."""
    for key, row, col, cell in _cells(report):
        if cell.kind is CellKind.NUMBER or value_problem(cell.text):
            continue  # a damaged cell is read.cell_damaged's, not a blank
        where = location(report, key, row.key, col.key)
        shown = "空白" if cell.kind is CellKind.BLANK else f"“{cell.text}”"
        yield r.finding(f"{where.label_zh}为{shown}，核对时按0计；统一格式要求填写数字（无则填0）",
                        location=where, actual=cell.text, source=cell.source)


__all__ = ["TableKey"]
