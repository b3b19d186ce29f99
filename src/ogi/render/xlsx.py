"""Model → XLSX (openpyxl): the three tables laid out as the national format draws them (the grid the DOCX and
HTML renderers draw, merged cells included), and one sheet of findings — the form supervisors collect reports in."""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.worksheet import Worksheet

from ogi.check.finding import Finding
from ogi.extract.values import parse_value
from ogi.model.layout import TABLE_TITLES, TableKey
from ogi.model.report import CellKind, Report
from ogi.render.layout_text import Role, place, problem_notes, table_grid

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


def _typed(text: str) -> object:
    """Numbers go into the sheet as numbers (supervisors sum them); everything else as printed."""
    parsed = parse_value(text)
    if parsed is not None and parsed[0] is CellKind.NUMBER:
        return parsed[1] if isinstance(parsed[1], int) else float(parsed[1])
    return text


def _sheet(ws: Worksheet, report: Report, key: TableKey) -> None:
    """Draw one table from the shared national-layout grid (the one DOCX and HTML draw), merges included."""
    grid = table_grid(report, key)
    last = 0
    for p in place(grid):
        cell = p.cell
        align = _VERTICAL if cell.vertical else (_LEFT if cell.role in (Role.ROW, Role.UNREADABLE, Role.MISSING)
                                                 else _CENTER)
        value = _typed(cell.text) if cell.role is Role.DATA else cell.text
        _put(ws, p.row + 1, p.col + 1, value, rows=cell.rowspan, cols=cell.colspan, align=align,
             bold=cell.role.is_header)
        if cell.role in (Role.UNREADABLE, Role.MISSING):
            ws.cell(row=p.row + 1, column=p.col + 1).fill = _BAD
        last = max(last, p.row + cell.rowspan)
    for i, note in enumerate(problem_notes(report, key), start=last + 2):
        ws.cell(row=i, column=1, value=note)
    ws.column_dimensions["A"].width = 12 if key is TableKey.APPLICATIONS else 24
    if key is TableKey.APPLICATIONS:
        ws.column_dimensions["B"].width = 14
        ws.column_dimensions["C"].width = 36


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
    wb = Workbook()
    first = wb.active
    first.title = "表二"
    _sheet(first, report, TableKey.PROACTIVE)
    _sheet(wb.create_sheet("表三"), report, TableKey.APPLICATIONS)
    _sheet(wb.create_sheet("表四"), report, TableKey.REVIEW_LITIGATION)
    _findings(wb.create_sheet("核对结果"), findings)
    m = report.metadata
    wb.properties.title = m.title or TABLE_TITLES[TableKey.APPLICATIONS]
    wb.properties.creator = "ogi"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
