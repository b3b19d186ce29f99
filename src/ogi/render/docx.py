"""Report → a .docx in the official layout (A4 portrait, 公文 fonts and sizes, merged table cells).

Fonts are named, not embedded: 方正小标宋简体 (title, 2号), 黑体 (headings, 3号), 仿宋_GB2312 (body, 3号).
The East-Asian font is set on every run, since Word and LibreOffice ignore `font.name` for CJK text;
a machine without these fonts substitutes its own (e.g. Noto CJK through fontconfig). The tables come
from the same grid as the HTML page, so their merged cells match.
"""

from __future__ import annotations

from io import BytesIO

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Length, Mm, Pt, RGBColor
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from ogi.model.layout import TableKey
from ogi.model.report import Report, SectionKey
from ogi.render.layout_text import (
    SECTION_HEADINGS,
    SECTION_TABLES,
    Grid,
    GridCell,
    Role,
    paragraphs,
    place,
    report_title,
    table_grid,
)

__all__ = ["render_docx"]

TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
BODY_FONT = "仿宋_GB2312"
PAGE_NUMBER_FONT = "宋体"
LATIN_FONT = "Times New Roman"

_TITLE_SIZE = Pt(22)  # 2号
_BODY_SIZE = Pt(16)  # 3号
_PAGE_NUMBER_SIZE = Pt(14)  # 4号
_LINE = Pt(28)  # fixed line pitch of the body text
_MARGINS = {"top_margin": Mm(37), "bottom_margin": Mm(35), "left_margin": Mm(28), "right_margin": Mm(26)}
_TEXT_WIDTH_MM = 210 - 28 - 26

_TABLE_SIZE = {TableKey.PROACTIVE: Pt(12), TableKey.APPLICATIONS: Pt(10.5), TableKey.REVIEW_LITIGATION: Pt(10.5)}
# column widths in mm for each table; the rest of the text width is shared by the value columns
_LEAD_WIDTHS_MM = {TableKey.PROACTIVE: (40,), TableKey.APPLICATIONS: (9, 20, 50), TableKey.REVIEW_LITIGATION: ()}
_PROBLEM_COLOR = RGBColor(0xA0, 0x10, 0x10)
_THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


# ---------------------------------------------------------------------------------------------
# fonts and styles


def _set_fonts(rpr, east_asia: str, latin: str = LATIN_FONT) -> None:
    """Name the fonts of a run or style explicitly, dropping theme fonts (which would win)."""
    fonts = rpr.get_or_add_rFonts()
    for attr in _THEME_ATTRS:
        fonts.attrib.pop(qn(attr), None)
    for attr, name in (("w:ascii", latin), ("w:hAnsi", latin), ("w:eastAsia", east_asia), ("w:cs", latin)):
        fonts.set(qn(attr), name)


def _run(paragraph: Paragraph, text: str, font: str, size: Length, color: RGBColor | None = None) -> None:
    run = paragraph.add_run(text)
    run.font.size = size
    if color is not None:
        run.font.color.rgb = color
    _set_fonts(run._r.get_or_add_rPr(), font)


def _plain_style(doc: DocxDocument, name: str, font: str, size: Length) -> None:
    """Make a built-in style black, not bold, with explicit fonts and no border (keeps its outline level)."""
    style = doc.styles[name]
    rpr = style.element.get_or_add_rPr()
    for tag in ("w:color", "w:b", "w:bCs"):
        for el in rpr.findall(qn(tag)):
            rpr.remove(el)
    _set_fonts(rpr, font)
    style.font.size = size
    ppr = style.element.get_or_add_pPr()
    for el in ppr.findall(qn("w:pBdr")):
        ppr.remove(el)


def _setup_styles(doc: DocxDocument) -> None:
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(rpr, BODY_FONT)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "zh-CN")
    lang.set(qn("w:eastAsia"), "zh-CN")
    spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    spacing.set(qn("w:after"), "0")
    doc.styles["Normal"].font.size = _BODY_SIZE
    _plain_style(doc, "Title", TITLE_FONT, _TITLE_SIZE)
    _plain_style(doc, "Heading 1", HEADING_FONT, _BODY_SIZE)


def _setup_page(doc: DocxDocument) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    for attr, length in _MARGINS.items():
        setattr(section, attr, length)
    section.footer_distance = Mm(28)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(footer, "-", PAGE_NUMBER_FONT, _PAGE_NUMBER_SIZE)
    _page_field(footer)
    _run(footer, "-", PAGE_NUMBER_FONT, _PAGE_NUMBER_SIZE)


def _page_field(paragraph: Paragraph) -> None:
    """Append a PAGE field (begin, instruction, separator, cached result, end)."""
    parts = [("fldChar", "begin"), ("instrText", " PAGE "), ("fldChar", "separate"), ("t", "1"), ("fldChar", "end")]
    for tag, value in parts:
        run = paragraph.add_run()
        run.font.size = _PAGE_NUMBER_SIZE
        _set_fonts(run._r.get_or_add_rPr(), PAGE_NUMBER_FONT)
        if tag == "fldChar":
            run._r.append(OxmlElement("w:fldChar", {qn("w:fldCharType"): value}))
        else:
            el = OxmlElement(f"w:{tag}", {qn("xml:space"): "preserve"})
            el.text = value
            run._r.append(el)


# ---------------------------------------------------------------------------------------------
# text


def _indent_two_chars(paragraph: Paragraph) -> None:
    paragraph.paragraph_format.first_line_indent = Pt(32)
    paragraph.paragraph_format.element.get_or_add_pPr().get_or_add_ind().set(qn("w:firstLineChars"), "200")


def _body(doc: DocxDocument, text: str, color: RGBColor | None = None) -> None:
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    p.paragraph_format.line_spacing = _LINE
    _indent_two_chars(p)
    _run(p, text, BODY_FONT, _BODY_SIZE, color)


def _heading(doc: DocxDocument, text: str) -> None:
    p = doc.add_paragraph(style="Heading 1")
    p.paragraph_format.space_before = Pt(6)
    p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    p.paragraph_format.line_spacing = _LINE
    _indent_two_chars(p)
    _run(p, text, HEADING_FONT, _BODY_SIZE)


def _title(doc: DocxDocument, text: str) -> None:
    p = doc.add_paragraph(style="Title")
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_after = Pt(28)
    _run(p, text, TITLE_FONT, _TITLE_SIZE)


# ---------------------------------------------------------------------------------------------
# tables


def _widths(grid: Grid) -> list[Length]:
    lead = _LEAD_WIDTHS_MM.get(grid.key, ())
    rest = (_TEXT_WIDTH_MM - sum(lead)) / (grid.width - len(lead))
    return [Mm(w) for w in lead] + [Mm(rest)] * (grid.width - len(lead))


def _mark_row(tr, head: bool) -> None:
    trpr = tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:cantSplit"))
    if head:  # repeated at the top of each page
        trpr.append(OxmlElement("w:tblHeader"))


def _fill(cell: _Cell, spec: GridCell, size: Length) -> None:
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    p = cell.paragraphs[0]
    left = spec.role in {Role.ROW, Role.NOTE, Role.UNREADABLE, Role.MISSING}
    p.alignment = WD_ALIGN_PARAGRAPH.LEFT if left else WD_ALIGN_PARAGRAPH.CENTER
    problem = spec.role in {Role.UNREADABLE, Role.MISSING}
    _run(p, spec.text, BODY_FONT, size, _PROBLEM_COLOR if problem else None)
    if spec.vertical:
        direction = OxmlElement("w:textDirection", {qn("w:val"): "tbRlV"})
        cell._tc.get_or_add_tcPr().append(direction)


def _table(doc: DocxDocument, grid: Grid) -> None:
    placed = list(place(grid))
    n_rows = max(p.row + p.cell.rowspan for p in placed)
    table = doc.add_table(rows=n_rows, cols=grid.width)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = _widths(grid)
    for i, column in enumerate(table.columns):
        column.width = widths[i]
    cells = [list(row.cells) for row in table.rows]  # before merging: one cell per grid slot
    for row in cells:
        for cell, width in zip(row, widths, strict=True):
            cell.width = width
    head_rows = {p.row for p in placed if grid.groups[p.group].head}
    for i, row in enumerate(table.rows):
        _mark_row(row._tr, i in head_rows)
    size = _TABLE_SIZE[grid.key]
    for p in placed:
        cell = cells[p.row][p.col]
        if p.cell.rowspan > 1 or p.cell.colspan > 1:
            cell = cell.merge(cells[p.row + p.cell.rowspan - 1][p.col + p.cell.colspan - 1])
        _fill(cell, p.cell, size)


def _section(doc: DocxDocument, report: Report, key: SectionKey) -> None:
    found = report.section(key)
    _heading(doc, found.heading if found else SECTION_HEADINGS[key])
    if found is None:
        _body(doc, "（原文未找到此部分）", _PROBLEM_COLOR)
    else:
        for text in paragraphs(found.text):
            _body(doc, text)
    table = SECTION_TABLES.get(key)
    if table is not None:
        _table(doc, table_grid(report, table))


def render_docx(report: Report) -> bytes:
    """Given a report, return the bytes of a .docx: title, six sections, three tables, page numbers."""
    doc = Document()
    title = report_title(report)
    doc.core_properties.title = title
    doc.core_properties.language = "zh-CN"
    doc.core_properties.author = report.metadata.agency or ""
    _setup_styles(doc)
    _setup_page(doc)
    _title(doc, title)
    for key in SectionKey:
        _section(doc, report, key)
    out = BytesIO()
    doc.save(out)
    return out.getvalue()
