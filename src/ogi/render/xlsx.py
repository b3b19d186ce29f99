"""Model → XLSX (openpyxl): the three tables laid out as the national format draws them, merged header cells
included, and one sheet of findings — the form supervisors collect reports in."""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.worksheet import Worksheet

from ogi.check.finding import Finding
from ogi.model.layout import TABLE_TITLES, Layout, RowDef, TableKey, layout_for
from ogi.model.report import Cell, Report, Row, RowStatus

__all__ = ["render_xlsx"]

_THIN = Side(style="thin")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_VERTICAL = Alignment(horizontal="center", vertical="center", wrap_text=True, text_rotation=255)
_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
_BAD = PatternFill("solid", fgColor="F8D7DA")
_HEAD = Font(bold=True)


def _put(ws: Worksheet, row: int, col: int, value: object, *, rows: int = 1, cols: int = 1,
         align: Alignment = _CENTER, bold: bool = False) -> None:
    ws.cell(row=row, column=col, value=value)
    if rows > 1 or cols > 1:
        ws.merge_cells(start_row=row, start_column=col, end_row=row + rows - 1, end_column=col + cols - 1)
    for r in range(row, row + rows):
        for c in range(col, col + cols):
            cell = ws.cell(row=r, column=c)
            cell.border = _BORDER
            cell.alignment = align
            if bold:
                cell.font = _HEAD


def _cell_value(cell: Cell) -> object:
    return cell.value if cell.value is not None else cell.text


def _values(ws: Worksheet, row_no: int, first_col: int, row: Row, columns: Sequence[str]) -> None:
    if row.status is RowStatus.OK:
        for i, key in enumerate(columns):
            _put(ws, row_no, first_col + i, _cell_value(row.cells[key]))
        return
    seen = [c.text for c in row.seen] if row.status is RowStatus.UNREADABLE else []
    note = f"无法读取：应有{row.expected_cells}个数，读到{len(seen)}个（{' '.join(seen)}）" if seen or \
        row.status is RowStatus.UNREADABLE else "未找到此行"
    _put(ws, row_no, first_col, note, cols=len(columns), align=_LEFT)
    ws.cell(row=row_no, column=first_col).fill = _BAD


def _sheet2(ws: Worksheet, report: Report, layout: Layout) -> None:
    table = report.tables[TableKey.PROACTIVE]
    width = max(len(r.columns) for r in layout.table2)
    r = 1
    pending_header = False
    for row in layout.table2:
        if row.is_group:
            _put(ws, r, 1, row.label, cols=width + 1, bold=True)
            r += 1
            pending_header = True
            continue
        if pending_header:
            _put(ws, r, 1, "信息内容", bold=True)
            for i, col in enumerate(row.columns):
                _put(ws, r, 2 + i, col.label, bold=True)
            r += 1
            pending_header = False
        _put(ws, r, 1, row.label)
        _values(ws, r, 2, table.rows[row.key], [c.key for c in row.columns])
        r += 1
    ws.column_dimensions["A"].width = 24
    for letter in "BCD":
        ws.column_dimensions[letter].width = 18


def _group_span(layout: Layout, group: str) -> int:
    return sum(1 for r in layout.table3 if r.group == group and r.is_data)


def _sheet3(ws: Worksheet, report: Report, layout: Layout) -> None:
    table = report.tables[TableKey.APPLICATIONS]
    cols = [c.key for c in layout.table3_columns]
    _put(ws, 1, 1, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", rows=3, cols=3)
    _put(ws, 1, 4, "申请人情况", cols=7, bold=True)
    _put(ws, 2, 4, "自然人", rows=2, bold=True)
    _put(ws, 2, 5, "法人或其他组织", cols=5, bold=True)
    _put(ws, 2, 10, "总计", rows=2, bold=True)
    for i, col in enumerate(layout.table3_columns[1:6]):
        _put(ws, 3, 5 + i, col.label, bold=True)
    r = 4
    outcomes_span = sum(1 for x in layout.table3 if x.is_data and x.group is not None and x.key != "carried_forward"
                        ) + 0
    for row in layout.table3:
        if row.key == "outcomes":
            _put(ws, r, 1, row.label, rows=outcomes_span, align=_VERTICAL)
            continue
        if row.is_group:
            _put(ws, r, 2, row.label, rows=_group_span(layout, row.key))
            continue
        if row.group is None:
            _put(ws, r, 1, row.label, cols=3, align=_LEFT)
        elif row.group == "outcomes":
            _put(ws, r, 2, row.label, cols=2, align=_LEFT)
        else:
            _put(ws, r, 3, row.label, align=_LEFT)
        _values(ws, r, 4, table.rows[row.key], cols)
        r += 1
    ws.column_dimensions["A"].width = 8
    ws.column_dimensions["B"].width = 16
    ws.column_dimensions["C"].width = 36


def _sheet4(ws: Worksheet, report: Report, layout: Layout) -> None:
    table = report.tables[TableKey.REVIEW_LITIGATION]
    _put(ws, 1, 1, "行政复议", rows=2, cols=5, bold=True)
    _put(ws, 1, 6, "行政诉讼", cols=10, bold=True)
    _put(ws, 2, 6, "未经复议直接起诉", cols=5, bold=True)
    _put(ws, 2, 11, "复议后起诉", cols=5, bold=True)
    rows: list[RowDef] = list(layout.table4)
    for b, _ in enumerate(rows):
        for i, col in enumerate(layout.table4_columns):
            _put(ws, 3, 1 + b * 5 + i, col.label, bold=True)
    first = table.rows[rows[0].key]
    if all(table.rows[r.key].status is RowStatus.OK for r in rows):
        for b, rdef in enumerate(rows):
            _values(ws, 4, 1 + b * 5, table.rows[rdef.key], [c.key for c in layout.table4_columns])
    else:
        _values(ws, 4, 1, first, [f"c{i}" for i in range(15)])


def _findings(ws: Worksheet, findings: Sequence[Finding]) -> None:
    headers = ("级别", "规则", "名称", "位置", "说明", "应为", "实为", "原文行", "原文页")
    for i, h in enumerate(headers, start=1):
        _put(ws, 1, i, h, bold=True)
    for r, f in enumerate(findings, start=2):
        values = (f.severity.label, f.rule_id, f.title, f.location.label_zh, f.message, f.expected, f.actual,
                  f.source.line if f.source else None, f.source.page if f.source else None)
        for c, v in enumerate(values, start=1):
            _put(ws, r, c, v, align=_LEFT)
    ws.column_dimensions["E"].width = 80
    ws.freeze_panes = "A2"


def render_xlsx(report: Report, findings: Sequence[Finding] = ()) -> bytes:
    """Given a report (and its findings), return an XLSX workbook: sheets 表二, 表三, 表四 and 核对结果."""
    layout = layout_for(report.metadata.format_version)
    wb = Workbook()
    ws2 = wb.active
    ws2.title = "表二"
    _sheet2(ws2, report, layout)
    _sheet3(wb.create_sheet("表三"), report, layout)
    _sheet4(wb.create_sheet("表四"), report, layout)
    _findings(wb.create_sheet("核对结果"), findings)
    m = report.metadata
    wb.properties.title = m.title or TABLE_TITLES[TableKey.APPLICATIONS]
    wb.properties.creator = "ogi"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
