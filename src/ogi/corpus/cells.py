"""A report's three tables as flat cells — one record per (table, row key, column key) with its value, status and
source — the shape the store keeps, the export writes and researchers count with.

Every row of the layout appears: a row read as printed gives one record per column; a row that could not be mapped
to columns gives one record with column "" and status "unreadable" (what was seen, as printed, in `text`); a row not
found gives one record with status "missing". A group printed as one row (Table.groups) gives its cells with status
"group". Values are never moved between cells here: this is the model, flattened.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import TypedDict

from ogi.model.report import Report, Row, RowStatus

__all__ = ["FlatCell", "cells_of"]


class FlatCell(TypedDict):
    table: str
    row: str
    column: str
    value: int | Decimal | None
    status: str  # number / blank / dash / text (the cell's kind), or unreadable / missing / group
    text: str | None
    page: int | None
    line: int | None


def cells_of(report: Report) -> list[FlatCell]:
    """Given a report, return its cells in layout order."""
    return [cell for key, table in report.tables.items() for row in table.rows.values()
            for cell in _row_cells(key.value, row, None)] + \
           [cell for key, table in report.tables.items() for row in table.groups.values()
            for cell in _row_cells(key.value, row, "group")]


def _row_cells(table: str, row: Row, status: str | None) -> Iterator[FlatCell]:
    if row.status is RowStatus.OK:
        for column, cell in row.cells.items():
            yield FlatCell(table=table, row=row.key, column=column, value=cell.value,
                           status=status or cell.kind.value, text=cell.text,
                           page=cell.source.page or row.source.page, line=cell.source.line or row.source.line)
        return
    seen = " ".join(c.text for c in row.seen) or None
    yield FlatCell(table=table, row=row.key, column="", value=None, status=row.status.value, text=seen,
                   page=row.source.page, line=row.source.line)
