"""The neutral document every reader produces: printed lines, each split into cells, with positions.

Text, HTML, PDF and DOCX readers all flatten what they read into this one shape (a table grid row becomes
one line of cells), so the extractor has a single input to understand.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["CellBox", "Document", "Line"]

# a cell's rectangle on its PDF page: (x0, y0, x1, y1) in points, origin at the page's lower-left corner, y up
CellBox = tuple[float, float, float, float]


@dataclass(frozen=True, slots=True)
class Line:
    """One printed line (or table row) of the input."""

    number: int  # 1-based line of the input
    cells: tuple[str, ...]
    page: int | None = None
    # indices of cells that continue a merged cell (colspan/rowspan, gridSpan/vMerge): they hold "" like an
    # empty cell, but nothing was printed there, so they never count as a column of their own
    covered: frozenset[int] = frozenset()
    # the cells are a drawn table row (an HTML or Word table, a ruled PDF row): an empty cell at the end is a
    # column too, where text split at separators may end in an empty cell that is only a trailing tab
    grid: bool = False
    # the empty cells right after a label may be the rest of the label's columns, printed as empty cells
    # because the form has no colspan (markdown): they are not counted as value columns
    blank_after_label: bool = False
    # PDF only (text layer and OCR): each cell's box on the page, None for a covered cell; () where the input
    # has no positions
    boxes: tuple[CellBox | None, ...] = ()
    filled: tuple[str, ...] = field(init=False, repr=False, compare=False)  # the non-empty cells
    text: str = field(init=False, repr=False, compare=False)  # the non-empty cells joined by a space

    def __post_init__(self) -> None:
        # computed once: every extraction pass reads them
        filled = tuple(c for c in self.cells if c)
        object.__setattr__(self, "filled", filled)
        object.__setattr__(self, "text", " ".join(filled))

    def cells_after(self, column: int) -> tuple[tuple[int, str], ...]:
        """Given a cell index, return (index, text) of the cells printed after it, empty ones included.

        Where the input cannot draw a label over several columns (markdown), the empty cells right after the
        label are ambiguous too and left out. Outside a drawn table row an empty cell at either end is ambiguous — the rest of a label spanning two
        columns ("（七）总计\t\t0…"), or a trailing tab — so it is left out, and a row missing a value
        then no longer fits its columns instead of being shifted."""
        after = [(i, c) for i, c in enumerate(self.cells) if i > column and i not in self.covered]
        if self.blank_after_label:
            while after and not after[0][1].strip():
                after.pop(0)
        if not self.grid:
            while after and not after[-1][1].strip():
                after.pop()
            while after and not after[0][1].strip():
                after.pop(0)
        return tuple(after)


@dataclass(frozen=True, slots=True)
class Document:
    """What a reader saw: its lines in order, and how it read them."""

    lines: tuple[Line, ...]
    name: str | None = None
    encoding: str | None = None
    form: str = "text"  # how cells were separated, or the input form: tabs, pipes, html, pdf, docx …
    notes: tuple[str, ...] = ()  # what the reader dropped or guessed, for the user
    damage: tuple[str, ...] = ()  # what could not be read as it is: damaged bytes, pages that failed to load
    meta: dict[str, str] = field(default_factory=dict)  # what the page says about itself: 发布日期, 发布机构
