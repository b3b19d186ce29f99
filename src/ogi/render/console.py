"""Model → Rich renderables for the terminal: the three tables as the national format lays them out,
and findings grouped by severity."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from rich.console import Group, RenderableType
from rich.table import Table as RichTable
from rich.text import Text

from ogi.check.finding import Finding, Severity
from ogi.model.layout import TABLE_TITLES, Layout, RowDef, TableKey, layout_for
from ogi.model.report import Report, Row, RowStatus
from ogi.render.layout_text import printed_rows

__all__ = ["findings_view", "report_view"]

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.NOTICE: "cyan"}


def _cells(row: Row, columns: Iterable[str]) -> list[Text]:
    cols = list(columns)
    if row.status is RowStatus.OK:
        return [Text(row.cells[c].text or "（空）", style="" if row.cells[c].text else "dim") for c in cols]
    mark = "？" if row.status is RowStatus.UNREADABLE else "—"
    return [Text(mark, style="red")] * len(cols)


def _row_label(label: str, row: Row) -> Text:
    out = Text(label)
    if row.status is RowStatus.UNREADABLE:
        seen = " ".join(c.text for c in row.seen) or "无"
        out.append(f"\n无法读取：应有{row.expected_cells}个数，读到{len(row.seen)}个（{seen}）", style="red")
    elif row.status is RowStatus.MISSING:
        out.append("\n未找到此行", style="red")
    return out


def _label(layout: Layout, table: TableKey, row: RowDef) -> str:
    if row.group and table is TableKey.APPLICATIONS and row.group != "outcomes":
        return f"  {row.label}"
    return row.label


def _table2(report: Report, layout: Layout) -> Iterator[RenderableType]:
    t = report.tables[TableKey.PROACTIVE]
    block: RichTable | None = None
    for row in layout.table2:
        if row.is_group:
            if block is not None:
                yield block
            block = None
            caption = row.label
            continue
        if block is None:
            block = RichTable(title=caption, title_justify="left", show_lines=False)
            block.add_column("信息内容")
            for col in row.columns:
                block.add_column(col.label, justify="right")
        r = t.rows[row.key]
        block.add_row(_row_label(row.label, r), *_cells(r, [c.key for c in row.columns]))
    if block is not None:
        yield block


def _table3(report: Report, layout: Layout) -> RichTable:
    out = RichTable(title=TABLE_TITLES[TableKey.APPLICATIONS], title_justify="left")
    out.add_column("（勾稽关系：第一项加第二项之和，等于第三项加第四项之和）", min_width=26, overflow="fold")
    for col in layout.table3_columns:
        out.add_column(col.label, justify="right", overflow="fold")
    for row, r in printed_rows(report, TableKey.APPLICATIONS):
        if r is None:
            out.add_row(Text(_label(layout, TableKey.APPLICATIONS, row), style="bold"))
            continue
        out.add_row(_row_label(_label(layout, TableKey.APPLICATIONS, row), r),
                    *_cells(r, [c.key for c in layout.table3_columns]))
    return out


def _table4(report: Report, layout: Layout) -> RichTable:
    t = report.tables[TableKey.REVIEW_LITIGATION]
    out = RichTable(title=TABLE_TITLES[TableKey.REVIEW_LITIGATION], title_justify="left")
    out.add_column("")
    for col in layout.table4_columns:
        out.add_column(col.label, justify="right")
    for i, row in enumerate(layout.table4):
        r = t.rows[row.key]
        label = _row_label(row.label, r) if i == 0 else Text(row.label)  # the 15 cells are one printed row
        out.add_row(label, *_cells(r, [c.key for c in layout.table4_columns]))
    return out


def report_view(report: Report) -> Group:
    """Given a report, return a renderable with its metadata and three tables."""
    m = report.metadata
    layout = layout_for(m.format_version)
    head = Text()
    head.append(f"{m.title or report.source_name or '（无标题）'}\n", style="bold")
    head.append(f"机关：{m.agency or '未识别'}　年度：{m.report_year or '未识别'}　"
                f"格式：{m.format_version.value}年格式（{m.format_evidence}）\n")
    if m.period_start or m.date_of_issue:
        head.append(f"统计期间：{m.period_start or '?'} 至 {m.period_end or '?'}　落款日期：{m.date_of_issue or '未写明'}\n")
    head.append("章节：" + "、".join(s.heading for s in report.sections) + "\n")
    for note in report.reader_notes:
        head.append(f"说明：{note}\n", style="dim")
    for damage in report.damage:
        head.append(f"读取问题：{damage}\n", style="red")
    parts: list[RenderableType] = [head]
    if report.tables[TableKey.PROACTIVE].found:
        parts.append(Text(TABLE_TITLES[TableKey.PROACTIVE], style="bold"))
        parts.extend(_table2(report, layout))
    else:
        parts.append(Text(f"{TABLE_TITLES[TableKey.PROACTIVE]}：未找到表格", style="red"))
    for key, build in ((TableKey.APPLICATIONS, _table3), (TableKey.REVIEW_LITIGATION, _table4)):
        if report.tables[key].found:
            parts.append(build(report, layout))
        else:
            parts.append(Text(f"{TABLE_TITLES[key]}：未找到表格", style="red"))
    return Group(*parts)


def findings_view(findings: list[Finding]) -> RenderableType:
    """Given findings, return one readable entry per finding: severity, message, where in the source, rule."""
    if not findings:
        return Text("未发现问题。", style="green")
    out = Text()
    for f in findings:
        out.append(f"{f.severity.label} ", style=_STYLE[f.severity])
        out.append(f.message)
        if f.source and f.source.line:
            page = f"，第{f.source.page}页" if f.source.page else ""
            out.append(f"（原文第{f.source.line}行{page}）", style="dim")
        out.append(f"  [{f.rule_id}]\n", style="dim")
    return out
