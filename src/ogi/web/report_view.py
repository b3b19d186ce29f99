"""A report's three tables for the report page: the national layout of ogi.render.layout_text (the grid the
HTML and DOCX renderers draw), each value cell linked to its own page and marked when a finding names it:
"failing" for an error or a warning, "noted" for a notice only.
Plain data for the templates; the templates escape every text."""

from __future__ import annotations

from dataclasses import dataclass, field

from ogi.check import Finding, Severity
from ogi.model.layout import TableKey, layout_for
from ogi.model.report import Box, Cell, Report, Row
from ogi.render.layout_text import SECTION_HEADINGS, SECTION_TABLES, paragraphs, place, table_grid

__all__ = ["CellView", "Mark", "SectionView", "TableView", "cell_findings", "cell_labels", "cell_mark", "find_cell",
           "sections"]


@dataclass
class CellView:
    text: str
    header: bool
    rowspan: int = 1
    colspan: int = 1
    css: str = ""
    scope: str | None = None
    key: tuple[str, str] | None = None  # (row, column) of a value cell
    findings: list[int] = field(default_factory=list)  # indices into the report's findings
    corrected: bool = False  # the row's values were entered by a reviewer (人工更正), not read


@dataclass
class TableView:
    key: str
    title: str
    head: list[list[CellView]]
    body: list[list[CellView]]
    findings: list[int]  # every finding of this table, for the list beside it


@dataclass
class SectionView:
    number: int
    heading: str
    paragraphs: list[str]
    found: bool
    table: TableView | None


def cell_findings(findings: list[Finding], table: str, row: str, column: str) -> list[int]:
    """The findings that name this cell, or its whole row (a finding without a column, or a row read as one
    cell, column "")."""
    return [i for i, f in enumerate(findings)
            if f.location.table == table and f.location.row == row
            and (column == "" or f.location.column in (None, column))]


def _table(report: Report, key: TableKey, findings: list[Finding]) -> TableView:
    grid = table_grid(report, key)
    head_groups = {g for g, group in enumerate(grid.groups) if group.head}
    head: dict[int, list[CellView]] = {}
    body: dict[int, list[CellView]] = {}
    for p in place(grid):
        c = p.cell
        view = CellView(c.text, c.role.is_header, c.rowspan, c.colspan, key=c.key)
        if c.role.is_header:
            view.scope = "colgroup" if c.role.value == "note" else c.role.value
            view.css = " ".join(n for n, on in (("note", c.role.value == "note"), ("vertical", c.vertical)) if on)
        else:
            view.css = c.role.value if c.role.value != "data" else ""
            if c.key:
                got = report.tables[key].rows.get(c.key[0]) if key in report.tables else None
                view.corrected = got is not None and got.correction is not None
                view.findings = cell_findings(findings, key.value, *c.key)
                if view.findings:
                    failing = any(findings[i].severity is not Severity.NOTICE for i in view.findings)
                    view.css = (view.css + (" failing" if failing else " noted")).strip()
                if view.corrected:
                    view.css = (view.css + " corrected").strip()
        (head if p.group in head_groups else body).setdefault(p.row, []).append(view)
    mine = [i for i, f in enumerate(findings) if f.location.table == key.value]
    return TableView(key.value, grid.title, list(head.values()), list(body.values()), mine)


def sections(report: Report, findings: list[Finding]) -> list[SectionView]:
    """The six sections in the national order, each with its prose and (for 二, 三, 四) its table."""
    out = []
    for number, (key, heading) in enumerate(SECTION_HEADINGS.items(), start=1):
        found = report.section(key)
        table = SECTION_TABLES.get(key)
        out.append(SectionView(number, found.heading if found else heading,
                               paragraphs(found.text) if found else [], found is not None,
                               _table(report, table, findings) if table is not None else None))
    return out


def find_cell(report: Report, table: str, row: str, column: str) -> tuple[Row, Cell | None] | None:
    """The row (in the table's rows or its groups) and, unless column is "", its cell; None when absent."""
    try:
        found = report.tables.get(TableKey(table))
    except ValueError:
        return None
    if found is None:
        return None
    got = found.rows.get(row) or found.groups.get(row)
    if got is None:
        return None
    if column == "":
        return got, None
    cell = got.cells.get(column)
    return (got, cell) if cell is not None else None


def cell_labels(report: Report, table: str, row: str, column: str) -> tuple[str, str]:
    """The layout's labels of a row and a column (the keys themselves when the layout has no such label)."""
    from ogi.corpus.corrections import row_columns

    layout = layout_for(report.metadata.format_version)
    for rd in layout.rows(TableKey(table)):
        if rd.key == row:
            label = next((c.label for c in row_columns(report, table, row) if c.key == column), column)
            return rd.label, label if column else "整行"
    return row, column or "整行"


@dataclass(frozen=True)
class Mark:
    """Where to draw a cell's mark over its page image: an SVG viewBox the size of the page in points and the
    cell's rectangle in it (SVG's y grows downwards, the PDF's upwards: y is measured from the page's top)."""

    view_box: str
    x: float
    y: float
    width: float
    height: float


def _marked_box(row: Row, cell: Cell | None, page: int) -> Box | None:
    """A cell's box; for a whole row (read without columns), the box round its label and the cells seen on
    the page shown."""
    if cell is not None:
        return cell.source.box
    boxes = [s.box for s in (row.source, *(c.source for c in row.seen))
             if s.box is not None and (s.page or row.source.page) == page]
    if not boxes:
        return None
    return Box(x0=min(b.x0 for b in boxes), y0=min(b.y0 for b in boxes), x1=max(b.x1 for b in boxes),
               y1=max(b.y1 for b in boxes))


def cell_mark(row: Row, cell: Cell | None, page: int, bounds: tuple[float, float, float, float]) -> Mark | None:
    """Given a row, its cell (None for the whole row), the page shown and the page's bounds in points (left,
    bottom, right, top: ogi.web.page_images.page_bounds), return the mark to draw, or None without a box."""
    box = _marked_box(row, cell, page)
    if box is None:
        return None
    left, bottom, right, top = bounds
    return Mark(f"0 0 {right - left:.1f} {top - bottom:.1f}", round(box.x0 - left, 1), round(top - box.y1, 1),
                round(box.x1 - box.x0, 1), round(box.y1 - box.y0, 1))
