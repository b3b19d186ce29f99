"""The printable 逾期清单: the open applications of one day with their due dates, as XLSX (A4 landscape, the
header repeated on every page) or PDF (the same table as an A4 landscape DOCX, converted by LibreOffice Writer,
which is what the project installs)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from pathlib import Path

from ogi.office.deadlines import zh_date
from ogi.office.due import DueItem
from ogi.office.vocab import CATEGORY_ZH

__all__ = ["due_list_docx", "due_list_xlsx", "write_due_list"]

HEADER = ("序号", "编号", "申请人类型", "申请内容", "收到申请日期", "答复期限", "状态")
_WIDTHS = (6, 14, 12, 40, 14, 14, 40)


def _title(items: Sequence[DueItem], day: dt.date) -> str:
    overdue = sum(i.status.overdue for i in items)
    return f"政府信息公开申请答复期限清单（截至{zh_date(day)}，共{len(items)}件，其中已逾期{overdue}件）"


def _cells(n: int, i: DueItem) -> list[object]:
    return [n, i.ref, CATEGORY_ZH.get(i.applicant_category, i.applicant_category), i.request,
            i.received_on.isoformat(), i.deadline.due.isoformat() if i.deadline.due else "尚未起算", i.status.text_zh]


def due_list_docx(items: Sequence[DueItem], day: dt.date) -> bytes:
    """Given the due items of a day, return the 逾期清单 as an A4 landscape DOCX table, the header row repeated."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt, RGBColor

    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    style = doc.styles["Normal"]
    style.font.name, style.font.size = "SimSun", Pt(10)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "SimSun")
    heading = doc.add_paragraph()
    run = heading.add_run(_title(items, day))
    run.bold, run.font.size = True, Pt(14)
    table = doc.add_table(rows=1, cols=len(HEADER))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, HEADER, strict=True):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    table.rows[0]._tr.get_or_add_trPr().append(repeat)
    for n, i in enumerate(items, start=1):
        cells = table.add_row().cells
        for cell, value in zip(cells, _cells(n, i), strict=True):
            cell.text = str(value)
            if i.status.overdue:
                cell.paragraphs[0].runs[0].font.color.rgb = RGBColor(0xC0, 0, 0)
    table.autofit = False
    scale = 26.5 / sum(_WIDTHS)  # the printable width of A4 landscape, in cm
    for column, width in zip(table.columns, _WIDTHS, strict=True):
        column.width = Cm(width * scale)
        for cell in column.cells:
            cell.width = Cm(width * scale)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def due_list_xlsx(items: Sequence[DueItem], day: dt.date) -> bytes:
    """Given the due items of a day, return the 逾期清单 workbook."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.title = "逾期清单"
    ws.append([_title(items, day)])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(list(HEADER))
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for n, i in enumerate(items, start=1):
        ws.append(_cells(n, i))
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
    if path.suffix.lower() == ".pdf":
        from ogi.libreoffice import convert

        path.write_bytes(convert(due_list_docx(items, day), ".docx", target="pdf", name=path.name))
    else:
        path.write_bytes(due_list_xlsx(items, day))
