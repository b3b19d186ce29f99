"""Rules about what could not be read: unreadable rows, missing rows, missing tables."""

from __future__ import annotations

from collections.abc import Iterator

from ogi.check.finding import Finding, Location, Severity
from ogi.check.rule import Rule, rule
from ogi.check.rules.common import TABLE_NAMES, covered_by_group, location
from ogi.extract.values import value_problem
from ogi.model.layout import TableKey, layout_for
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
        covered = covered_by_group(report, table)  # reported by read.group_as_row
        missing = [row for row in table.rows.values() if row.status is RowStatus.MISSING and row.key not in covered]
        for row in missing:
            yield r.finding(
                f"{TABLE_NAMES[key]}中未找到“{row.label}”行（{report.metadata.format_version.value}年格式要求有此行）",
                location=location(report, key, row.key),
            )


@rule("read.group_as_row", "分组行印为一行、未列子项", Severity.NOTICE,
      "统一格式要求分列子项的分组（如2021年格式的（六）其他处理）印为一行：其数值作为该组合计保留并参与核对，子项缺失")
def group_as_row(report: Report, r: Rule) -> Iterator[Finding]:
    """A group printed as one row with numbers instead of its sub-rows: kept as the group's totals."""
    layout = layout_for(report.metadata.format_version)
    for key, table in report.tables.items():
        for group_key, row in table.groups.items():
            subs = [rd.label for rd in layout.rows(key) if rd.group == group_key]
            state = "其数值作为该组合计保留，参与合计与勾稽关系核对" if row.status is RowStatus.OK else "该行数目不符，未按列归位"
            yield r.finding(
                f"{TABLE_NAMES[key]}“{row.label}”印为一行，未分列其下{len(subs)}个子项（{'；'.join(subs)}），"
                f"与{layout.version.value}年格式不符；{state}",
                location=location(report, key, group_key), source=row.source,
            )


@rule("read.label_by_place", "行标签印错，按位置认定", Severity.NOTICE,
      "某行标签与统一格式不一致（缺字、错字），按其序号和在表中的位置认定为哪一行，请对照原文核实")
def label_by_place(report: Report, r: Rule) -> Iterator[Finding]:
    """A misprinted label recognised by its numbering and place: said, so that a reader can confirm it."""
    for key, table in report.tables.items():
        for row in table.rows.values():
            if row.matched_by_place:
                yield r.finding(
                    f"{TABLE_NAMES[key]}中的行标签印为“{row.printed_label}”，与统一格式的“{row.label}”不一致，"
                    "按其序号和所在位置认定为该行",
                    location=location(report, key, row.key), actual=row.printed_label, source=row.source,
                )


@rule("read.input_damaged", "原文件部分损坏", Severity.WARNING,
      "文件中有损坏的字节或无法载入的页面：其余部分照常读取，受影响的单元格另行标出，请核对原文件")
def input_damaged(report: Report, r: Rule) -> Iterator[Finding]:
    """Damaged bytes replaced, pages that failed to load: said, so that the rest is not taken as complete."""
    for damage in report.damage:
        yield r.finding(f"读取时发现：{damage}", location=Location(label_zh="原文件"), actual=damage)


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


@rule("read.cell_damaged", "单元格内容无法作为数字读取", Severity.ERROR,
      "单元格含有损坏的字节、上标或其他文字的数字、或位数异常多的数字：不作为数值读取，相关核对未进行")
def cell_damaged(report: Report, r: Rule) -> Iterator[Finding]:
    """A cell that looks like a number but is not one ogi may trust: never read silently as a value."""
    for key, table in report.tables.items():
        for row in table.rows.values():
            cells = list(row.cells.items()) if row.status is RowStatus.OK else [(None, c) for c in row.seen]
            for column, cell in cells:
                problem = value_problem(cell.text)
                if problem:
                    where = location(report, key, row.key, column)
                    yield r.finding(f"{where.label_zh}为“{cell.text[:40]}”：{problem}，请对照原文核实",
                                    location=where, actual=cell.text[:200], source=cell.source)
        for cell in table.stray:
            problem = value_problem(cell.text)
            if problem:
                yield r.finding(f"{TABLE_NAMES[key]}中的“{cell.text[:40]}”：{problem}，请对照原文核实",
                                location=Location(table=key.value, label_zh=TABLE_NAMES[key]),
                                actual=cell.text[:200], source=cell.source)
