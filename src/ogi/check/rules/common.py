"""Shared helpers for rules: reading a cell as a number, and naming a place in Chinese."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from ogi.check.finding import Location
from ogi.extract.values import value_problem
from ogi.model.layout import TABLE_TITLES, TableKey, layout_for
from ogi.model.report import Report, Row, RowStatus, Table

__all__ = ["TABLE_NAMES", "covered_by_group", "fmt", "location", "number", "numbers"]

_SHORT = {TableKey.PROACTIVE: "表二", TableKey.APPLICATIONS: "表三", TableKey.REVIEW_LITIGATION: "表四"}
TABLE_NAMES = {k: f"{_SHORT[k]}（{TABLE_TITLES[k][2:]}）" for k in TableKey}


_OK = RowStatus.OK


def number(row: Row, column: str) -> int | Decimal | None:
    """Given a row and column, return the value for arithmetic: blanks, "/" and "无" count as 0; None when
    the row or the cell could not be read (the identity is then not checked)."""
    if row.status is not _OK:
        return None
    cell = row.cells.get(column)
    if cell is None or value_problem(cell.text):
        return None  # a damaged cell is not 0: the identities through it are not checked
    value = cell.value
    return 0 if value is None else value


def numbers(row: Row, columns: Sequence[str]) -> list[int | Decimal | None]:
    """Given a row and columns, return number(row, c) for each: one call per row, the rules sum hundreds."""
    if row.status is not _OK:
        return [None] * len(columns)
    cells = row.cells
    out: list[int | Decimal | None] = []
    for column in columns:
        cell = cells.get(column)
        if cell is None or value_problem(cell.text):
            out.append(None)
        else:
            value = cell.value
            out.append(0 if value is None else value)
    return out


def covered_by_group(report: Report, table: Table) -> set[str]:
    """Given a table, return the keys of the rows whose group was printed as one row in their place."""
    if not table.groups:
        return set()
    layout = layout_for(report.metadata.format_version)
    return {r.key for r in layout.rows(table.key) if r.group in table.groups}


def fmt(value: int | Decimal | None) -> str:
    return "—" if value is None else str(value)


def location(report: Report, table: TableKey, row: str | None = None, column: str | None = None) -> Location:
    """Given a place in a table, return its Location with a Chinese description."""
    layout = layout_for(report.metadata.format_version)
    words = _SHORT[table]
    if row is not None:
        rdef = layout.row(table, row)
        label = rdef.label
        if table is TableKey.APPLICATIONS and rdef.group not in (None, "outcomes"):
            label = layout.row(table, rdef.group).label + label  # "（三）不予公开1.属于国家秘密"
        words += f"“{label}”行"
        if column is not None:
            # a group row printed with numbers has the columns of its rows
            columns = rdef.columns or next(r.columns for r in layout.rows(table) if r.group == rdef.key)
            col = next(c for c in columns if c.key == column)
            words += f"“{col.label}”列"
    return Location(table=table.value, row=row, column=column, label_zh=words)
