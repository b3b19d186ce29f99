"""Turn the lines of a table region into model rows: mapped to columns when the cells fit the layout,
recorded as unreadable (with the cells seen) when they do not. Values are never shifted to make a row fit.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from ogi.extract.normalize import norm
from ogi.extract.rows import RowHit, match_rows
from ogi.extract.tokens import Token, is_prose, line_tokens
from ogi.extract.values import parse_value
from ogi.model.layout import ColumnDef, Layout, RowDef, TableKey, ValueType
from ogi.model.report import Cell, Row, RowStatus, Source, Table
from ogi.read.document import Line

__all__ = ["extract_label_table", "extract_table4"]


def _cell(text: str, parsed: tuple, column: ColumnDef, source: Source) -> Cell:
    kind, value = parsed
    if value is not None and column.value_type is ValueType.AMOUNT and not isinstance(value, Decimal):
        value = Decimal(value)
    return Cell(text=text, value=value, kind=kind, source=source)


def _token_cell(tok: Token, column: ColumnDef) -> Cell:
    assert tok.parsed is not None
    return _cell(tok.text, tok.parsed, column, tok.source())


def _seen(tokens: Sequence[Token]) -> list[Cell]:
    out = []
    for t in tokens:
        assert t.parsed is not None
        kind, value = t.parsed
        out.append(Cell(text=t.text, value=value, kind=kind, source=t.source()))
    return out


def _positional(cells_after: Sequence[str], columns: Sequence[ColumnDef], line: int, page: int | None,
                first_col: int) -> dict[str, Cell] | None:
    """Map a row whose cells are explicit on one line (blanks included) when their number fits exactly."""
    cells = list(cells_after)
    while cells and not cells[-1].strip():
        cells.pop()
    if len(cells) != len(columns):
        return None
    parsed = [parse_value(c) for c in cells]
    if any(p is None for p in parsed):
        return None
    return {
        col.key: _cell(text, p, col, Source(line=line, page=page, column=first_col + i))  # type: ignore[arg-type]
        for i, (col, text, p) in enumerate(zip(columns, cells, parsed, strict=True))
    }


def _row_from_hit(row: RowDef, hit: RowHit | None) -> Row:
    n = len(row.columns)
    if hit is None:
        return Row(key=row.key, label=row.label, status=RowStatus.MISSING, expected_cells=n)
    head = hit.label[0]
    base = dict(key=row.key, label=row.label, printed_label=hit.printed_label, expected_cells=n,
                source=head.source())
    if len(hit.values) == n:
        cells = {c.key: _token_cell(t, c) for c, t in zip(row.columns, hit.values, strict=True)}
        return Row(status=RowStatus.OK, cells=cells, **base)
    on_label_line = all(t.line == hit.label[-1].line for t in hit.values)
    if on_label_line:
        last = hit.label[-1]
        cells = _positional(hit.line_cells, row.columns, last.line, last.page, last.column + 1)
        if cells is not None:
            return Row(status=RowStatus.OK, cells=cells, **base)
    return Row(status=RowStatus.UNREADABLE, seen=_seen(hit.values), **base)


def extract_label_table(key: TableKey, lines: Sequence[Line], layout: Layout) -> tuple[Table, list[Token]]:
    """Given a table region, return table 二 or 三 with every data row of the layout, and stray values."""
    rows = layout.rows(key)
    hits, strays = match_rows(lines, rows)
    by_key = {h.row.key: h for h in hits}
    table = Table(key=key, found=bool(hits))
    if hits:
        table.source = hits[0].label[0].source()
    for row in rows:
        if row.is_data:
            table.rows[row.key] = _row_from_hit(row, by_key.get(row.key))
    return table, strays


def extract_table4(lines: Sequence[Line], layout: Layout) -> Table:
    """Given the region of section 四, return table 四: one printed row of 15 values, 3 blocks × 5."""
    rows = layout.table4
    table = Table(key=TableKey.REVIEW_LITIGATION, found=False)
    start = next((i for i, ln in enumerate(lines) if not is_prose(ln) and "行政复议" in norm(ln.text)), None)
    if start is None:
        for row in rows:
            table.rows[row.key] = Row(key=row.key, label=row.label, status=RowStatus.MISSING,
                                      expected_cells=sum(len(r.columns) for r in rows))
        return table
    table.found = True
    table.source = Source(line=lines[start].number, page=lines[start].page)
    values: list[Token] = []
    value_lines: list[Line] = []
    for line in lines[start:]:
        if is_prose(line):
            continue
        found = [t for t in line_tokens(line) if t.is_value]
        if found:
            values.extend(found)
            value_lines.append(line)
    columns = [(row, col) for row in rows for col in row.columns]
    mapped: dict[str, dict[str, Cell]] | None = None
    if len(values) == len(columns):
        mapped = {}
        for (row, col), tok in zip(columns, values, strict=True):
            mapped.setdefault(row.key, {})[col.key] = _token_cell(tok, col)
    elif len(value_lines) == 1:
        flat_cols = [col for _, col in columns]
        ln = value_lines[0]
        flat = _positional(ln.cells, flat_cols, ln.number, ln.page, 0)
        if flat is not None:
            cells_list = list(flat.values())
            mapped = {}
            for (row, col), cell in zip(columns, cells_list, strict=True):
                mapped.setdefault(row.key, {})[col.key] = cell
    n = len(columns)  # table 四's cells are printed as one row of 15
    for row in rows:
        src = values[0].source() if values else table.source
        if mapped is not None:
            table.rows[row.key] = Row(key=row.key, label=row.label, status=RowStatus.OK, cells=mapped[row.key],
                                      expected_cells=n, source=src)
        else:
            table.rows[row.key] = Row(key=row.key, label=row.label, status=RowStatus.UNREADABLE,
                                      seen=_seen(values), expected_cells=n, source=src)
    return table
