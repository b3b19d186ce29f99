"""The boxes of a PDF's cells carried into the model: every cell (and every row's label) read from a line that
knows where its cells were printed (ogi.read.pdf, the text layer and OCR) gets its cell's box in its source.

One pass after extraction, from each source's (line, column): the extractor's many ways of making cells
(positional rows, tokens, split runs, re-joined tables) keep the line and the cell index, so none of them needs
to know about boxes. A token is one of several in a cell ("一、本年新收申请 1 0 0" printed unruled as one
cell) shares its cell's box.
"""

from __future__ import annotations

from collections.abc import Iterator

from ogi.model.build import trusted
from ogi.model.report import Box, Source, Table
from ogi.read.document import Document

__all__ = ["place_boxes"]


def _sources(table: Table) -> Iterator[Source]:
    yield table.source
    for row in (*table.rows.values(), *table.groups.values()):
        yield row.source
        for cell in (*row.cells.values(), *row.seen):
            yield cell.source
    for cell in table.stray:
        yield cell.source


def place_boxes(tables: dict, doc: Document) -> None:  # noqa: ANN001 - dict[TableKey, Table]
    """Given the extracted tables and the document they were read from, set the box of every source whose
    line has boxes (PDF lines only; a document without positions is left as it is)."""
    lines = {ln.number: ln for ln in doc.lines if ln.boxes}
    if not lines:
        return
    made: dict[tuple[int, int], Box | None] = {}
    for table in tables.values():
        for src in _sources(table):
            line = lines.get(src.line) if src.line is not None else None
            if line is None or src.column is None or not 0 <= src.column < len(line.boxes):
                continue
            key = (src.line, src.column)
            if key not in made:
                box = line.boxes[src.column]
                made[key] = None if box is None else trusted(Box, dict(zip(("x0", "y0", "x1", "y1"), box, strict=True)))
            if made[key] is not None:
                src.box = made[key]
