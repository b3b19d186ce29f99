"""Turn the lines of a table region into model rows: mapped to columns when the cells fit the layout,
recorded as unreadable (with the cells seen) when they do not. Values are never shifted to make a row fit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal
from functools import lru_cache
from typing import Any

from ogi.extract.normalize import norm
from ogi.extract.rows import RowHit, match_rows
from ogi.extract.tokens import Token, is_prose, line_tokens
from ogi.extract.values import ParsedValue, parse_value
from ogi.model.build import cell, source, trusted
from ogi.model.layout import ColumnDef, FormatVersion, Layout, RowDef, TableKey, ValueType, header_cells, layout_for
from ogi.model.report import Cell, Row, RowStatus, Source, Table
from ogi.read.document import Line

__all__ = ["extract_label_table", "extract_table4"]


# The extractor's rows are made of parsed values of the right types: they are built as models directly,
# not validated again (ogi.model.build; validation of ~400 cells cost as much as reading the table).
def _tok_source(tok: Token) -> Source:
    return source(tok.line, tok.page, tok.column)


def _cell(text: str, parsed: ParsedValue, column: ColumnDef | None, line: int | None, page: int | None,
          index: int | None) -> Cell:
    kind, value = parsed
    if value is not None and column is not None and column.value_type is ValueType.AMOUNT:
        value = Decimal(value)
    return cell(text, value, kind, line, page, index)


def _token_cell(tok: Token, column: ColumnDef | None = None) -> Cell:
    assert tok.parsed is not None
    return _cell(tok.text, tok.parsed, column, tok.line, tok.page, tok.column)


def _positional(cells: Sequence[tuple[int, str]], columns: Sequence[ColumnDef], line: int,
                page: int | None) -> list[Cell] | None:
    """Map a row whose cells are explicit on one line (blanks included, as (index, text)) when their number
    fits exactly."""
    if len(cells) != len(columns):
        return None
    parsed = [parse_value(text) for _, text in cells]
    if any(p is None for p in parsed):
        return None
    return [_cell(text, p, col, line, page, index)  # type: ignore[arg-type]
            for col, (index, text), p in zip(columns, cells, parsed, strict=True)]


def _row(row: RowDef, status: RowStatus, expected: int, **fields: Any) -> Row:
    return trusted(Row, {"key": row.key, "label": row.label, "status": status, "expected_cells": expected, **fields})


def _placeable(hit: RowHit) -> bool:
    """Whether a row may be read by position from its label's line: its values are all on that line; and when
    no value was printed there, only if its values cannot have been printed elsewhere (the whole label on this
    line, no values printed after an unmatched fragment of it): a wrapped label's last line is empty beside it
    while its values stand beside its first."""
    line = hit.label[-1].line
    if not hit.values and hit.values_before:
        return False
    return all(t.line == line for t in (hit.values or hit.label))


def _row_from_hit(row: RowDef, hit: RowHit | None) -> Row:
    n = len(row.columns)
    if hit is None:
        return _row(row, RowStatus.MISSING, n)
    found = {"printed_label": hit.printed_label, "source": _tok_source(hit.label[0]), "matched_by_place": hit.by_place}
    cells: list[Cell] | None = None
    if hit.took_next:
        pass  # values printed beside the wrapped label of the next row may be that row's: not placed
    elif len(hit.values) == n:
        cells = [_token_cell(t, c) for c, t in zip(row.columns, hit.values, strict=True)]
    elif _placeable(hit):
        last = hit.label[-1]
        cells = _positional(hit.line_cells, row.columns, last.line, last.page)
    if cells is None:
        return _row(row, RowStatus.UNREADABLE, n, seen=[_token_cell(t) for t in hit.values], **found)
    return _row(row, RowStatus.OK, n, cells={c.key: made for c, made in zip(row.columns, cells, strict=True)},
                **found)


def extract_label_table(key: TableKey, lines: Sequence[Line], layout: Layout) -> Table:
    """Given a table region, return table 二 or 三 with every data row of the layout (and stray values)."""
    rows = layout.rows(key)
    hits, strays = match_rows(lines, rows, _header(layout, key))
    by_key = {h.row.key: h for h in hits}
    table: dict[str, Any] = {"key": key, "found": bool(hits), "rows": {}, "groups": {}}
    if hits:
        table["source"] = _tok_source(hits[0].label[0])
    for row in rows:
        if row.is_data:
            table["rows"][row.key] = _row_from_hit(row, by_key.get(row.key))
    for hit in hits:
        if hit.row.is_group and hit.values:
            members = [r for r in rows if r.group == hit.row.key]
            if _printed_as_row(members, table["rows"]):
                group = replace(hit.row, columns=members[0].columns, is_group=False)
                table["groups"][hit.row.key] = _row_from_hit(group, hit)
            else:
                strays.extend(hit.values)  # numbers beside a group label whose rows are printed: no row's
    strays.sort(key=lambda t: (t.line, t.column))
    table["stray"] = [_token_cell(t) for t in strays]
    return trusted(Table, table)


def _header(layout: Layout, key: TableKey) -> frozenset[str]:
    return _header_of(layout.version, key)


@lru_cache(maxsize=8)
def _header_of(version: FormatVersion, key: TableKey) -> frozenset[str]:
    # keyed by version, not by the layout: hashing a layout's nested tuples costs more than the lookup saves
    return frozenset(norm(c) for c in header_cells(layout_for(version), key))


def _printed_as_row(members: Sequence[RowDef], found: dict[str, Row]) -> bool:
    """Whether a group with numbers beside its label stands for its rows: they are data rows of one shape,
    none of them printed (a 2021-format report printing （六）其他处理 as one row, as the 2019 format did)."""
    return bool(members) and all(r.is_data and r.columns == members[0].columns for r in members) and all(
        found[r.key].status is RowStatus.MISSING for r in members)


def extract_table4(lines: Sequence[Line], layout: Layout) -> Table:
    """Given the region of section 四, return table 四: one printed row of 15 values, 3 blocks × 5."""
    rows = layout.table4
    columns = [(row, col) for row in rows for col in row.columns]
    n = len(columns)  # table 四's cells are printed as one row of 15
    start = next((i for i, ln in enumerate(lines) if not is_prose(ln) and "行政复议" in norm(ln.text)), None)
    if start is None:
        return trusted(Table, {"key": TableKey.REVIEW_LITIGATION, "found": False,
                               "rows": {r.key: _row(r, RowStatus.MISSING, n) for r in rows}})
    values: list[Token] = []
    value_lines: list[Line] = []
    for line in lines[start:]:
        if is_prose(line):
            continue
        found = [t for t in line_tokens(line) if t.is_value]
        if found:
            values.extend(found)
            value_lines.append(line)
    flat: list[Cell] | None = None
    if len(values) == n:
        flat = [_token_cell(tok, col) for (_, col), tok in zip(columns, values, strict=True)]
    elif len(value_lines) == 1:
        ln = value_lines[0]
        flat = _positional(ln.cells_after(-1), [col for _, col in columns], ln.number, ln.page)
    head = lines[start]
    first = values[0] if values else None

    def row_source() -> Source:  # each row its own copy: models are mutable
        return _tok_source(first) if first else source(head.number, head.page)

    out: dict[str, Row] = {}
    for i, row in enumerate(rows):
        if flat is None:
            out[row.key] = _row(row, RowStatus.UNREADABLE, n, seen=[_token_cell(t) for t in values],
                                source=row_source())
        else:
            block = flat[i * len(row.columns) : (i + 1) * len(row.columns)]
            cells = {c.key: made for c, made in zip(row.columns, block, strict=True)}
            out[row.key] = _row(row, RowStatus.OK, n, cells=cells, source=row_source())
    return trusted(Table, {"key": TableKey.REVIEW_LITIGATION, "found": True,
                           "source": source(head.number, head.page), "rows": out})
