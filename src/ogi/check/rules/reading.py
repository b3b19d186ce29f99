"""Rules about what could not be read: unreadable rows, missing rows, missing tables."""

from __future__ import annotations

from collections.abc import Iterator

from ogi.check.finding import Finding, Location, Severity
from ogi.check.rule import Rule, rule
from ogi.check.rules.common import TABLE_NAMES, location
from ogi.model.layout import TableKey
from ogi.model.report import Report, Row, RowStatus


@rule("read.row_unreadable", "单元格无法读取", Severity.ERROR,
      "某行读到的数字个数与统一格式不符（单元格丢失或重复），该行不按列归位，保留读到的原值")
def row_unreadable(report: Report, r: Rule) -> Iterator[Finding]:
    """A row whose number of cells does not fit the layout: its values are kept but not put in columns."""
    for key, table in report.tables.items():
        rows = [row for row in table.rows.values() if row.status is RowStatus.UNREADABLE]
        if key is TableKey.REVIEW_LITIGATION and rows:
            seen = rows[0].seen
            expected = rows[0].expected_cells
            yield r.finding(
                f"表四数据行应有{expected}个数，实际读到{len(seen)}个：{' '.join(c.text for c in seen) or '（无）'}。"
                "数目不符，未按列归位，相关核对未进行，请对照原文核实" + _split_detail(rows[0]),
                location=Location(table=key.value, label_zh="表四数据行"),
                expected=expected, actual=len(seen), source=rows[0].source,
            )
            continue
        for row in rows:
            yield r.finding(
                f"{location(report, key, row.key).label_zh}应有{row.expected_cells}个数，实际读到{len(row.seen)}个："
                f"{' '.join(c.text for c in row.seen) or '（无）'}。数目不符，未按列归位，请对照原文核实{_split_detail(row)}",
                location=location(report, key, row.key),
                expected=row.expected_cells, actual=len(row.seen), source=row.source,
            )


_LISTED = 5  # candidate splits quoted in a finding


def _split_detail(row: Row) -> str:
    """For cells printed run together: why they were not split, and the candidate splits."""
    if not row.split_note:
        return ""
    listed = "；".join(" | ".join(c) for c in row.candidates[:_LISTED])
    more = f"等{len(row.candidates)}种" if len(row.candidates) > _LISTED else ""
    return f"。{row.split_note}" + (f"。可能的拆分：{listed}{more}" if listed else "")


@rule("read.row_missing", "表格行缺失", Severity.ERROR,
      "表格已找到，但缺少统一格式规定的某一行")
def row_missing(report: Report, r: Rule) -> Iterator[Finding]:
    """A row of the national layout that the table, though found, does not contain."""
    for key, table in report.tables.items():
        if not table.found:
            continue
        missing = [row for row in table.rows.values() if row.status is RowStatus.MISSING]
        for row in missing:
            yield r.finding(
                f"{TABLE_NAMES[key]}中未找到“{row.label}”行（{report.metadata.format_version.value}年格式要求有此行）",
                location=location(report, key, row.key),
            )


@rule("read.stray_values", "表格中有无法归属的数字", Severity.ERROR,
      "表格中出现不属于任何一行的数字（例如分组标题行后直接填数、表头中的数字），已保留原样，请对照原文核实")
def stray_values(report: Report, r: Rule) -> Iterator[Finding]:
    """Values printed in a table before any row label, or after a group label that carries no numbers."""
    for key, table in report.tables.items():
        if table.stray:
            texts = " ".join(c.text for c in table.stray)
            yield r.finding(
                f"{TABLE_NAMES[key]}中有{len(table.stray)}个数字不属于任何一行：{texts}。未计入任何单元格，请对照原文核实",
                location=Location(table=key.value, label_zh=TABLE_NAMES[key]),
                actual=texts, source=table.stray[0].source,
            )


@rule("structure.table_missing", "统计表缺失", Severity.ERROR,
      "未找到统一格式规定的三张统计表之一")
def table_missing(report: Report, r: Rule) -> Iterator[Finding]:
    """One of the three statistics tables of the national format is absent."""
    for key, table in report.tables.items():
        if not table.found:
            yield r.finding(f"未找到{TABLE_NAMES[key]}", location=Location(table=key.value, label_zh=TABLE_NAMES[key]))
