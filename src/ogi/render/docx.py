"""Report → a .docx in the official layout (A4 portrait, 公文 fonts and sizes, merged table cells).

Fonts are named, not embedded: 方正小标宋简体 (title, 2号), 黑体 (headings, 3号), 仿宋_GB2312 (body, 3号).
The East-Asian font is set on every run, since Word and LibreOffice ignore `font.name` for CJK text;
a machine without these fonts substitutes its own (e.g. Noto CJK through fontconfig). The tables come
from the same grid as the HTML page, so their merged cells match.
"""

from __future__ import annotations

from copy import deepcopy
from functools import cache
from io import BytesIO

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Length, Mm, Pt, RGBColor
from docx.table import Table, _Cell
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
    problem_notes,
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

_TABLE_SIZE = {TableKey.PROACTIVE: Pt(12), TableKey.APPLICATIONS: Pt(10), TableKey.REVIEW_LITIGATION: Pt(10.5)}
# column widths in mm for each table; the rest of the text width is shared by the value columns
_LEAD_WIDTHS_MM = {TableKey.PROACTIVE: (40,), TableKey.APPLICATIONS: (9, 16, 61), TableKey.REVIEW_LITIGATION: ()}
_CELL_MARGIN_TWIPS = "57"  # 1 mm left and right, so narrow number columns hold two characters a line
_TITLE_LINE_CHARS = 20  # characters of 2号 text on one line of the text width
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


@cache
def _rpr(font: str, size: Length, color: RGBColor | None) -> BaseOxmlElement:
    """Run properties (fonts, colour, size) built once, copied into each run: python-docx setters are slow."""
    rpr = OxmlElement("w:rPr")
    _set_fonts(rpr, font)
    if color is not None:
        rpr.append(OxmlElement("w:color", {qn("w:val"): str(color)}))
    for tag in ("w:sz", "w:szCs"):
        rpr.append(OxmlElement(tag, {qn("w:val"): str(round(size.pt * 2))}))
    return rpr


def _run(paragraph: Paragraph, text: str, font: str, size: Length, color: RGBColor | None = None) -> None:
    run = paragraph.add_run(text)
    run._r.insert(0, deepcopy(_rpr(font, size, color)))


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
        run._r.append(deepcopy(_rpr(PAGE_NUMBER_FONT, _PAGE_NUMBER_SIZE, None)))
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


def _heading(doc: DocxDocument, text: str, new_page: bool = False) -> None:
    p = doc.add_paragraph(style="Heading 1")
    p.paragraph_format.page_break_before = new_page
    p.paragraph_format.space_before = Pt(6)
    p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    p.paragraph_format.line_spacing = _LINE
    _indent_two_chars(p)
    _run(p, text, HEADING_FONT, _BODY_SIZE)


def _title(doc: DocxDocument, text: str, agency: str | None) -> None:
    """The title, broken after the agency's name when it does not fit on one line."""
    p = doc.add_paragraph(style="Title")
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_after = Pt(28)
    if agency and text.startswith(agency) and len(text) > _TITLE_LINE_CHARS and len(text) > len(agency):
        _run(p, agency, TITLE_FONT, _TITLE_SIZE)
        p.runs[-1].add_break()
        text = text[len(agency) :]
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


def _narrow_margins(table: Table) -> None:
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margins.append(OxmlElement(f"w:{side}", {qn("w:w"): _CELL_MARGIN_TWIPS, qn("w:type"): "dxa"}))
    tblpr = table._tbl.tblPr
    look = tblpr.find(qn("w:tblLook"))  # the schema puts tblCellMar before tblLook
    if look is None:
        tblpr.append(margins)
    else:
        look.addprevious(margins)


@cache
def _cell_ppr(left: bool, keep_with_next: bool, half_points: int) -> BaseOxmlElement:
    ppr = OxmlElement("w:pPr")
    if keep_with_next:
        ppr.append(OxmlElement("w:keepNext"))
    ppr.append(OxmlElement("w:jc", {qn("w:val"): "left" if left else "center"}))
    # the paragraph mark in the table's size: an empty cell's line is as tall as its neighbours', so leaving
    # a cell empty does not move the rows below (and what a PDF reader sees of them)
    mark = OxmlElement("w:rPr")
    mark.append(OxmlElement("w:sz", {qn("w:val"): str(half_points)}))
    mark.append(OxmlElement("w:szCs", {qn("w:val"): str(half_points)}))
    ppr.append(mark)
    return ppr


def _fill(cell: _Cell, spec: GridCell, size: Length, keep_with_next: bool) -> None:
    """Write a cell; keep-with-next on all but the last row keeps a table that fits a page in one piece (Word)."""
    tcpr = cell._tc.get_or_add_tcPr()
    if spec.vertical:  # before vAlign, as the schema orders them
        tcpr.append(OxmlElement("w:textDirection", {qn("w:val"): "tbRlV"}))
    tcpr.append(OxmlElement("w:vAlign", {qn("w:val"): "center"}))
    p = cell.paragraphs[0]
    left = spec.role in {Role.ROW, Role.NOTE, Role.UNREADABLE, Role.MISSING}
    p._p.insert(0, deepcopy(_cell_ppr(left, keep_with_next, round(size.pt * 2))))
    problem = spec.role in {Role.UNREADABLE, Role.MISSING}
    _run(p, spec.text, BODY_FONT, size, _PROBLEM_COLOR if problem else None)


def _table(doc: DocxDocument, grid: Grid) -> None:
    placed = list(place(grid))
    n_rows = max(p.row + p.cell.rowspan for p in placed)
    table = doc.add_table(rows=n_rows, cols=grid.width)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _narrow_margins(table)
    widths = _widths(grid)
    for i, column in enumerate(table.columns):
        column.width = widths[i]
    cells = [list(row.cells) for row in table.rows]  # before merging: one cell per grid slot
    for row in cells:
        for cell, width in zip(row, widths, strict=True):
            cell._tc.tcPr.find(qn("w:tcW")).set(qn("w:w"), str(width.twips))
    head_rows = {p.row for p in placed if grid.groups[p.group].head}
    for i, row in enumerate(table.rows):
        _mark_row(row._tr, i in head_rows)
    size = _TABLE_SIZE[grid.key]
    for p in placed:
        cell = cells[p.row][p.col]
        if p.cell.rowspan > 1 or p.cell.colspan > 1:
            cell = cell.merge(cells[p.row + p.cell.rowspan - 1][p.col + p.cell.colspan - 1])
        _fill(cell, p.cell, size, keep_with_next=p.row + p.cell.rowspan < n_rows)


def _section(doc: DocxDocument, report: Report, key: SectionKey) -> None:
    found = report.section(key)
    # table 三 fits one page; LibreOffice ignores keep-with-next on table rows, so start it on a new page
    _heading(doc, found.heading if found else SECTION_HEADINGS[key], new_page=key is SectionKey.APPLICATIONS)
    if found is None:
        _body(doc, "（原文未找到此部分）", _PROBLEM_COLOR)
    else:
        for text in paragraphs(found.text):
            _body(doc, text)
    table = SECTION_TABLES.get(key)
    if table is not None:
        _table(doc, table_grid(report, table))
        for note in problem_notes(report, table):
            _body(doc, note, _PROBLEM_COLOR)


def render_docx(report: Report) -> bytes:
    """Given a report, return the bytes of a .docx: title, six sections, three tables, page numbers."""
    doc = Document()
    title = report_title(report)
    doc.core_properties.title = title
    doc.core_properties.language = "zh-CN"
    doc.core_properties.author = report.metadata.agency or ""
    _setup_styles(doc)
    _setup_page(doc)
    _title(doc, title, report.metadata.agency)
    for text in paragraphs(report.preamble):
        _body(doc, text)
    for key in SectionKey:
        _section(doc, report, key)
    out = BytesIO()
    doc.save(out)
    return out.getvalue()
