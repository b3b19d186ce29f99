"""Text copied from portal pages with one table cell per line, each line ending in " |".

A line holding only "|" is an empty cell; a line of two or more pipes ("||", "|||") continues a merged cell
and is no column of its own. `regroup` turns such lines back into table rows: a row starts at a label cell
and holds the value and empty cells after it, each in its place, so an empty cell keeps its column. Empty cells
before the next label may be that row's own label columns; a row given them has more cells than its layout
and is flagged, never shifted.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ogi.extract.values import parse_value
from ogi.read.document import Line

__all__ = ["FORM", "is_pipe_per_line", "regroup"]

FORM = "pipe-per-line"
_MIN_CELLS = 20  # pipe-ended lines a document needs before it is read as one cell per line
_CONTINUATION = re.compile(r"^[|｜]{2,}$")


def _cell(line: Line) -> str | None:
    """The cell a line holds when it is one pipe-ended cell ("0 |", "|"), else None."""
    if len(line.cells) != 1:
        return None
    text = line.cells[0].strip()
    # string methods, not a regex: "^(.*?)\s*[|｜]$" backtracks quadratically on a long run of spaces
    return text[:-1].strip() if text[-1:] in ("|", "｜") else None


def is_pipe_per_line(lines: Sequence[Line]) -> bool:
    """Whether the lines are a table copied one cell per line, each ending in " |"."""
    return sum(1 for ln in lines if _cell(ln) is not None) >= _MIN_CELLS


def regroup(lines: Sequence[Line]) -> list[Line]:
    """Given the lines of a pipe-per-line copy, return one line per table row (label, then its cells) and
    every other line as it was."""
    out: list[Line] = []
    row: list[str] = []
    head: Line | None = None

    def flush() -> None:
        nonlocal row, head
        if head is not None:
            out.append(Line(head.number, tuple(row), head.page, grid=True))
        row, head = [], None

    for line in lines:
        text = _cell(line)
        if text is None or _CONTINUATION.match(line.cells[0].strip()):
            if text is None:
                flush()
                out.append(line)
            continue  # a merged cell's continuation: no column
        parsed = parse_value(text) if text else None
        if text and parsed is None:  # a label starts a row
            flush()
            head, row = line, [text]
        elif head is None:  # values before any label: a row of its own
            head, row = line, [text]
        else:
            row.append(text)
    flush()
    return out
