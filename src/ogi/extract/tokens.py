"""Split document lines into label and value tokens, each knowing where it was printed.

A cell that holds both words and numbers ("一、本年新收…申请数量 1 0 0", as space-separated PDF text gives
it) becomes one label token followed by value tokens; words split by stray spaces stay one label.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ogi.extract.normalize import norm
from ogi.extract.values import ParsedValue, parse_value
from ogi.model.report import CellKind, Source
from ogi.read.document import Line

__all__ = ["Token", "is_prose", "line_tokens"]

_WS = re.compile(r"[ \u3000\xa0]+")


class Token:
    """One label or value as printed. A plain slotted class: hundreds are made per report."""

    __slots__ = ("column", "is_value", "line", "page", "parsed", "text")

    def __init__(self, text: str, line: int, page: int | None, column: int, parsed: ParsedValue | None = None):
        self.text = text  # as printed
        self.line = line
        self.page = page
        self.column = column  # index of the cell on its line
        self.parsed = parsed  # None for a label token
        self.is_value = parsed is not None and parsed[0] is not CellKind.BLANK

    def __repr__(self) -> str:
        return f"Token({self.text!r}, line={self.line}, page={self.page}, column={self.column})"

    @property
    def is_label(self) -> bool:
        return self.parsed is None

    @property
    def key(self) -> str:
        return norm(self.text)

    def source(self) -> Source:
        return Source(line=self.line, page=self.page, column=self.column)


def line_tokens(line: Line) -> list[Token]:
    """Given a line, return its label and value tokens in reading order (blank cells are skipped: where a
    blank matters, the caller looks at the line's cells)."""
    out: list[Token] = []
    number, page = line.number, line.page
    for col, cell in enumerate(line.cells):
        if cell:
            for text, parsed in _cell_pieces(cell):
                out.append(Token(text, number, page, col, parsed))
    return out


Piece = tuple[str, ParsedValue | None]  # a token's text, and its value (None for label words)


@lru_cache(maxsize=8192)
def _cell_pieces(cell: str) -> tuple[Piece, ...]:
    """Given a non-empty cell, return its tokens' texts and values. Cached: every report prints the same labels."""
    whole = parse_value(cell)
    if whole is not None:
        return ((cell, whole),)
    if not _WS.search(cell):  # one word: a label
        return ((cell, None),)
    pieces = _WS.split(cell.strip())
    parsed = [parse_value(p) for p in pieces]
    for i, p in enumerate(parsed):
        # a lone number between words of one cell belongs to the label: "保留 4 位小数", "2023 年"
        if p is not None and 0 < i < len(pieces) - 1 and parsed[i - 1] is None and parsed[i + 1] is None:
            parsed[i] = None
    out: list[Piece] = []
    words: list[str] = []
    for piece, p in zip(pieces, parsed, strict=True):
        if p is None or p[0] is CellKind.TEXT:
            words.append(piece)
            continue
        if words:
            out.append((" ".join(words), None))
            words = []
        out.append((piece, p))
    if words:
        out.append((" ".join(words), None))
    return tuple(out)


def is_prose(line: Line) -> bool:
    """Given a line, say whether it is running text rather than a table row or heading."""
    return len(line.filled) == 1 and _is_sentence(line.filled[0])


@lru_cache(maxsize=4096)
def _is_sentence(cell: str) -> bool:
    text = cell.rstrip()
    return text.endswith(("。", "；", ";")) or (len(text) > 60 and ("，" in text or "。" in text))
