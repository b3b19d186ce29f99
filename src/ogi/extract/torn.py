"""Tables torn by PDF-to-markdown converters: the row labels listed first, the number rows after them.

Read by label, such a table has a run of rows with no values followed by one row holding all their values.
`rejoin` gives each row of the run its values back in layout order, only when the counts match, every row
boundary falls on a line boundary of the number rows (a row may wrap over lines, a line never holds two rows)
and the arithmetic that applies holds (row totals of table 三, then its column identities); otherwise the rows
stay unreadable, with a note on the row that collected the values.
"""

from __future__ import annotations

from collections.abc import Sequence

from ogi.model.layout import Layout, TableKey, outcome_rows
from ogi.model.report import Cell, CellKind, Row, RowStatus, Table

__all__ = ["rejoin"]

_JOINED = "表格行标签与数字分开排列（PDF 转换所致），已按统一格式的行序与数字行对齐"
_NOT_JOINED = "表格行标签与数字分开排列（PDF 转换所致），数字个数、换行位置或核对关系不符，未对齐"


def _blocks(table: Table, layout: Layout) -> list[list[str]]:
    """Runs of rows with no values, each ended by the row that holds all their values."""
    out: list[list[str]] = []
    empty: list[str] = []
    for rd in layout.data_rows(table.key):
        row = table.rows.get(rd.key)
        if row is None or row.status is RowStatus.MISSING:
            empty = []
        elif row.status is RowStatus.UNREADABLE and not row.seen:
            empty.append(rd.key)
        elif row.status is RowStatus.UNREADABLE and empty:
            keys = [*empty, rd.key]
            if len(row.seen) == sum(table.rows[k].expected_cells for k in keys):
                out.append(keys)
            empty = []
        else:
            empty = []
    return out


def _aligned(seen: Sequence[Cell], sizes: Sequence[int]) -> bool:
    """Whether each row boundary falls between two number lines."""
    at = 0
    for size in sizes[:-1]:
        at += size
        a, b = seen[at - 1].source, seen[at].source
        if (a.line, a.page) == (b.line, b.page):
            return False
    return True


def _adds_up(cells: Sequence[Cell]) -> bool:
    values = [c.value for c in cells]
    if any(c.kind is not CellKind.NUMBER for c in cells):
        return True  # a dash or blank: the row's sum is checked, not used, by the checker
    return sum(values[:-1]) == values[-1]  # type: ignore[arg-type]


def _columns_hold(rows: dict[str, Row], layout: Layout) -> bool:
    """Table 三's column identities, when every row they use is placed: （七）= Σ outcomes, 一+二 = （七）+四."""
    def vec(key: str) -> list[int] | None:
        row = rows.get(key)
        if row is None or row.status is not RowStatus.OK:
            return None
        values = [row.cells[c.key].value for c in layout.table3_columns]
        return None if any(not isinstance(v, int) for v in values) else values  # type: ignore[return-value]

    total = vec("total_processed")
    parts = [vec(r.key) for r in outcome_rows(layout)]
    if total is not None and all(p is not None for p in parts):
        if [sum(col) for col in zip(*parts, strict=True)] != total:  # type: ignore[misc]
            return False
    ends = [vec(k) for k in ("new_received", "carried_over", "carried_forward")]
    if total is not None and all(e is not None for e in ends):
        new, old, fwd = ends
        if [a + b for a, b in zip(new, old, strict=True)] != [c + d for c, d in zip(total, fwd, strict=True)]:  # type: ignore[arg-type]
            return False
    return True


def rejoin(table: Table, layout: Layout) -> Table:
    """Given table 二 or 三 as read by label, return it with torn blocks re-joined where that is safe."""
    if table.key is TableKey.REVIEW_LITIGATION:
        return table
    blocks = _blocks(table, layout)
    if not blocks:
        return table
    rows = dict(table.rows)
    for keys in blocks:
        holder = table.rows[keys[-1]]
        sizes = [table.rows[k].expected_cells for k in keys]
        seen = holder.seen
        placed: dict[str, Row] = {}
        at = 0
        for key, size in zip(keys, sizes, strict=True):
            columns = layout.row(table.key, key).columns
            cells = seen[at : at + size]
            at += size
            placed[key] = table.rows[key].model_copy(update={
                "status": RowStatus.OK, "seen": [], "split_note": _JOINED,
                "cells": {c.key: cell for c, cell in zip(columns, cells, strict=True)}})
        ok = _aligned(seen, sizes)
        if ok and table.key is TableKey.APPLICATIONS:
            ok = all(_adds_up([r.cells[c.key] for c in layout.table3_columns]) for r in placed.values())
        if ok:
            rows.update(placed)
        else:
            rows[keys[-1]] = holder.model_copy(update={"split_note": _NOT_JOINED})
    if table.key is TableKey.APPLICATIONS and not _columns_hold(rows, layout):
        rows = dict(table.rows)  # re-joined, the table does not add up: nothing is re-joined
        for keys in blocks:
            rows[keys[-1]] = table.rows[keys[-1]].model_copy(update={"split_note": _NOT_JOINED})
    return table.model_copy(update={"rows": rows})
