"""The three tables of a report as a neutral grid of merged cells, shared by the HTML and DOCX renderers.

A grid is the national layout (domain.md §1.3-1.5, §2) filled with the report's cells: header rows and
body rows, each cell with its text, role (header scope, data, or a problem marker) and row/column span.
Both renderers draw the same grid, so their merged cells agree.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum

from ogi.model.layout import (
    T2_LABEL_HEADER,
    T3_APPLICANTS,
    T3_NOTE,
    T3_ORGS,
    TABLE_TITLES,
    ColumnDef,
    Layout,
    RowDef,
    TableKey,
    layout_for,
)
from ogi.model.report import SECTION_TITLES, Report, Row, RowStatus, SectionKey, Table

__all__ = [
    "printed_rows",
    "problem_notes",
    "SECTION_HEADINGS",
    "SECTION_TABLES",
    "Grid",
    "GridCell",
    "Placed",
    "Role",
    "RowGroup",
    "paragraphs",
    "place",
    "report_title",
    "table_grid",
]

SECTION_HEADINGS = SECTION_TITLES

SECTION_TABLES: dict[SectionKey, TableKey] = {
    SectionKey.PROACTIVE: TableKey.PROACTIVE,
    SectionKey.APPLICATIONS: TableKey.APPLICATIONS,
    SectionKey.REVIEW_LITIGATION: TableKey.REVIEW_LITIGATION,
}

_TITLE_SUFFIX = "政府信息公开工作年度报告"
_T3_LABEL_COLUMNS = 3


class Role(StrEnum):
    """What a grid cell is: a header (named after its HTML scope), a value, or a marker for a bad row."""

    COLGROUP = "colgroup"
    COL = "col"
    ROWGROUP = "rowgroup"
    ROW = "row"
    NOTE = "note"  # table 三's top-left 勾稽 note, a header over the label columns
    DATA = "data"
    UNREADABLE = "unreadable"
    MISSING = "missing"

    @property
    def is_header(self) -> bool:
        return self in {Role.COLGROUP, Role.COL, Role.ROWGROUP, Role.ROW, Role.NOTE}


@dataclass(frozen=True, slots=True)
class GridCell:
    text: str
    role: Role
    rowspan: int = 1
    colspan: int = 1
    vertical: bool = False  # printed top to bottom (table 三's 三、本年度办理结果)
    key: tuple[str, str] | None = None  # a value cell's (row key, column key); column "" for a whole bad row


@dataclass(frozen=True, slots=True)
class RowGroup:
    """Rows drawn together: the table head (repeated on each page), or one body block."""

    rows: tuple[tuple[GridCell, ...], ...]
    head: bool = False


@dataclass(frozen=True, slots=True)
class Grid:
    key: TableKey
    title: str
    width: int  # number of grid columns
    colgroups: tuple[int, ...]  # spans of the column groups, left to right
    groups: tuple[RowGroup, ...]


@dataclass(frozen=True, slots=True)
class Placed:
    """A grid cell at its absolute position (0-based row and column over the whole table)."""

    row: int
    col: int
    cell: GridCell
    group: int

    def covers_col(self, lo: int, hi: int) -> bool:
        return self.col < hi and lo < self.col + self.cell.colspan

    def covers_row(self, lo: int, hi: int) -> bool:
        return self.row < hi and lo < self.row + self.cell.rowspan


def report_title(report: Report) -> str:
    """Given a report, return its printed title or one built from agency and year."""
    m = report.metadata
    if m.title:
        return m.title
    year = f"{m.report_year}年" if m.report_year else ""
    return f"{m.agency or ''}{year}{_TITLE_SUFFIX}"


def paragraphs(text: str) -> list[str]:
    """Given a section's prose, return its non-empty paragraphs."""
    return [p.strip() for p in text.split("\n") if p.strip()]


def place(grid: Grid) -> Iterator[Placed]:
    """Given a grid, yield every cell at its absolute position, skipping slots taken by row spans."""
    taken: set[tuple[int, int]] = set()
    r = 0
    for g, group in enumerate(grid.groups):
        for cells in group.rows:
            c = 0
            for cell in cells:
                while (r, c) in taken:
                    c += 1
                yield Placed(r, c, cell, g)
                taken.update((r + i, c + j) for i in range(cell.rowspan) for j in range(cell.colspan))
                c += cell.colspan
            r += 1


# ---------------------------------------------------------------------------------------------
# value cells of one row


UNREAD_MARK = "未读到数值"  # never a value, so it reads back as a row with no value seen


def _problem(row: Row | None, width: int) -> GridCell:
    if row is None or row.status is RowStatus.MISSING:
        return GridCell("未找到", Role.MISSING, colspan=width, key=(row.key, "") if row else None)
    # the cells exactly as printed, nothing added: written out, they read back as the same unreadable row;
    # the explanation goes in problem_notes(), printed below the table
    # with no value seen the cell says so: an empty cell would read back as a row left blank
    return GridCell(" ".join(c.text for c in row.seen) or UNREAD_MARK, Role.UNREADABLE, colspan=width,
                    key=(row.key, ""))


def _values(row: Row | None, columns: Sequence[ColumnDef], width: int) -> tuple[GridCell, ...]:
    """The value cells of a row over `width` grid columns; the last cell takes any spare columns."""
    if row is None or row.status is not RowStatus.OK:
        return (_problem(row, width),)
    out = [GridCell(_text(row, col.key), Role.DATA, key=(row.key, col.key)) for col in columns]
    last = out[-1]
    out[-1] = GridCell(last.text, last.role, colspan=width - len(columns) + 1, key=last.key)
    return tuple(out)


def _text(row: Row, column: str) -> str:
    cell = row.cells.get(column)
    return "" if cell is None else cell.text


def _rows(report: Report, key: TableKey) -> dict[str, Row]:
    table: Table | None = report.tables.get(key)
    return {} if table is None else table.rows


# ---------------------------------------------------------------------------------------------
# table 二: one block per 第二十条 item, each with a caption row and a header row


def _t2_blocks(layout: Layout) -> Iterator[tuple[RowDef, list[RowDef]]]:
    block: tuple[RowDef, list[RowDef]] | None = None
    for rd in layout.table2:
        if rd.is_group:
            if block:
                yield block
            block = (rd, [])
        elif block:
            block[1].append(rd)
    if block:
        yield block


def _table2(report: Report, layout: Layout) -> Grid:
    rows = _rows(report, TableKey.PROACTIVE)
    values = max(len(rd.columns) for rd in layout.table2 if rd.is_data)
    groups = []
    for caption, members in _t2_blocks(layout):
        columns = members[0].columns
        head = (GridCell(T2_LABEL_HEADER, Role.COL),) + tuple(
            GridCell(c.label, Role.COL, colspan=1 if i < len(columns) - 1 else values - len(columns) + 1)
            for i, c in enumerate(columns)
        )
        body = tuple((GridCell(rd.label, Role.ROW),) + _values(rows.get(rd.key), rd.columns, values) for rd in members)
        top = (GridCell(caption.label, Role.ROWGROUP, colspan=values + 1),)
        groups.append(RowGroup((top, head) + body))
    return Grid(TableKey.PROACTIVE, TABLE_TITLES[TableKey.PROACTIVE], values + 1, (1, values), tuple(groups))


# ---------------------------------------------------------------------------------------------
# table 三: a 3-row header, then label cells nested up to three columns deep


def _t3_head(layout: Layout) -> RowGroup:
    cols = layout.table3_columns
    first, orgs, last = cols[0], cols[1:-1], cols[-1]
    return RowGroup(
        (
            (
                GridCell(T3_NOTE, Role.NOTE, rowspan=3, colspan=_T3_LABEL_COLUMNS),
                GridCell(T3_APPLICANTS, Role.COLGROUP, colspan=len(cols)),
            ),
            (
                GridCell(first.label, Role.COL, rowspan=2),
                GridCell(T3_ORGS, Role.COLGROUP, colspan=len(orgs)),
                GridCell(last.label, Role.COL, rowspan=2),
            ),
            tuple(GridCell(c.label, Role.COL) for c in orgs),
        ),
        head=True,
    )


def _ancestors(layout: Layout, rd: RowDef) -> list[str]:
    """The keys of the group rows above a table 三 row, innermost first."""
    parents = {r.key: r.group for r in layout.table3 if r.is_group}
    out, group = [], rd.group
    while group is not None:
        out.append(group)
        group = parents.get(group)
    return out


def printed_rows(report: Report, key: TableKey) -> list[tuple[RowDef, Row | None]]:
    """Given a report and a table, return its rows as they are printed, in layout order: a group row with
    no numbers (row None), a data row with its row, and a group printed as one row (with its totals) in
    place of its sub-rows."""
    table = report.tables.get(key)
    groups = table.groups if table is not None else {}
    rows = _rows(report, key)
    out: list[tuple[RowDef, Row | None]] = []
    for rd in layout_for(report.metadata.format_version).rows(key):
        if rd.group in groups:
            continue
        out.append((rd, groups.get(rd.key) if rd.is_group else rows.get(rd.key)))
    return out


def _table3(report: Report, layout: Layout) -> Grid:
    columns = layout.table3_columns
    body: list[tuple[GridCell, ...]] = []
    pending: list[GridCell] = []  # group label cells that open on the next data row
    printed = printed_rows(report, TableKey.APPLICATIONS)
    under = Counter(g for rd, row in printed if row is not None for g in _ancestors(layout, rd))
    for rd, row in printed:
        depth = len(_ancestors(layout, rd))
        if row is None and rd.is_group:
            pending.append(GridCell(rd.label, Role.ROWGROUP, rowspan=under[rd.key], vertical=depth == 0))
            continue
        label = GridCell(rd.label, Role.ROW, colspan=_T3_LABEL_COLUMNS - depth)
        body.append((*pending, label, *_values(row, columns, len(columns))))
        pending = []
    groups = (_t3_head(layout), RowGroup(tuple(body)))
    width = _T3_LABEL_COLUMNS + len(columns)
    colgroups = (_T3_LABEL_COLUMNS, 1, len(columns) - 2, 1)
    return Grid(TableKey.APPLICATIONS, TABLE_TITLES[TableKey.APPLICATIONS], width, colgroups, groups)


# ---------------------------------------------------------------------------------------------
# table 四: 行政复议 | 行政诉讼 (未经复议直接起诉 | 复议后起诉), five results each, one data row


def _block_name(rd: RowDef) -> str:
    return rd.label.split("·")[-1]


def _t4_head(layout: Layout) -> RowGroup:
    review, *litigation = layout.table4
    n = len(layout.table4_columns)
    return RowGroup(
        (
            (
                GridCell(_block_name(review), Role.COLGROUP, rowspan=2, colspan=n),
                GridCell(litigation[0].label.split("·")[0], Role.COLGROUP, colspan=n * len(litigation)),
            ),
            tuple(GridCell(_block_name(rd), Role.COLGROUP, colspan=n) for rd in litigation),
            tuple(GridCell(c.label, Role.COL) for _ in layout.table4 for c in layout.table4_columns),
        ),
        head=True,
    )


def _t4_body(report: Report, layout: Layout) -> tuple[GridCell, ...]:
    rows = _rows(report, TableKey.REVIEW_LITIGATION)
    found = [rows.get(rd.key) for rd in layout.table4]
    columns = layout.table4_columns
    bad = [r for r in found if r is None or r.status is not RowStatus.OK]
    if len(bad) == len(found):  # the 15 cells are one printed row: one problem for all of them
        return (_problem(bad[0], len(columns) * len(found)),)
    return tuple(cell for r in found for cell in _values(r, columns, len(columns)))


def _table4(report: Report, layout: Layout) -> Grid:
    n = len(layout.table4_columns)
    groups = (_t4_head(layout), RowGroup((_t4_body(report, layout),)))
    blocks = len(layout.table4)
    return Grid(TableKey.REVIEW_LITIGATION, TABLE_TITLES[TableKey.REVIEW_LITIGATION], n * blocks, (n,) * blocks, groups)


def problem_notes(report: Report, key: TableKey) -> list[str]:
    """Given a report and a table, return one sentence per row that could not be read or was not found."""
    table = report.tables.get(key)
    if table is None:
        return []
    notes = [f"注：原文“{row.label}”印为一行，未分列其下各子项，按原样列出。" for row in table.groups.values()]
    rows = list(table.rows.values())
    if key is TableKey.REVIEW_LITIGATION:
        rows = rows[:1]  # its three blocks are one printed row
    rows += table.groups.values()
    covered = {rd.key for rd in layout_for(report.metadata.format_version).rows(key) if rd.group in table.groups}
    for row in rows:
        if row.key in covered:
            continue  # said above, with its group
        label = "表四数据行" if key is TableKey.REVIEW_LITIGATION else f"“{row.label}”行"
        if row.status is RowStatus.UNREADABLE:
            notes.append(f"注：{label}原文单元格数目与统一格式不符（应有{row.expected_cells}个数，"
                         f"读到{len(row.seen)}个），按原样列出，未按列归位。")
        elif row.status is RowStatus.MISSING and table.found:
            notes.append(f"注：原文未找到{label}。")
    return notes


def table_grid(report: Report, key: TableKey) -> Grid:
    """Given a report and a table key, return that table in the report's national layout."""
    layout = layout_for(report.metadata.format_version)
    build = {TableKey.PROACTIVE: _table2, TableKey.APPLICATIONS: _table3, TableKey.REVIEW_LITIGATION: _table4}[key]
    return build(report, layout)
