"""The printable 逾期清单: the open applications of one day with their due dates, as XLSX (A4 landscape, the
header repeated on every page) or PDF (that workbook converted by LibreOffice)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from pathlib import Path

from ogi.office.deadlines import zh_date
from ogi.office.due import DueItem
from ogi.office.vocab import CATEGORY_ZH

__all__ = ["due_list_xlsx", "write_due_list"]

HEADER = ("序号", "编号", "申请人类型", "申请内容", "收到申请日期", "答复期限", "状态")
_WIDTHS = (6, 14, 12, 40, 14, 14, 40)


def due_list_xlsx(items: Sequence[DueItem], day: dt.date) -> bytes:
    """Given the due items of a day, return the 逾期清单 workbook."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.title = "逾期清单"
    overdue = sum(i.status.overdue for i in items)
    ws.append([f"政府信息公开申请答复期限清单（截至{zh_date(day)}，共{len(items)}件，其中已逾期{overdue}件）"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(list(HEADER))
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for n, i in enumerate(items, start=1):
        ws.append([n, i.ref, CATEGORY_ZH.get(i.applicant_category, i.applicant_category), i.request,
                   i.received_on.isoformat(), i.deadline.due.isoformat() if i.deadline.due else "尚未起算",
                   i.status.text_zh])
        if i.status.overdue:
            for cell in ws[ws.max_row]:
                cell.font = Font(color="C00000")
    for col, width in zip("ABCDEFG", _WIDTHS, strict=True):
        ws.column_dimensions[col].width = width
    for row in ws.iter_rows(min_row=3):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "2:2"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def write_due_list(items: Sequence[DueItem], day: dt.date, path: str | Path) -> None:
    """Write the 逾期清单 to a .xlsx or .pdf file (PDF through LibreOffice, which must be installed)."""
    path = Path(path)
    data = due_list_xlsx(items, day)
    if path.suffix.lower() == ".pdf":
        from ogi.libreoffice import convert

        data = convert(data, ".xlsx", target="pdf", name=path.name)
    path.write_bytes(data)
