"""Find a table's rows by their labels, in layout order, and collect the values printed after each label.

Rows are recognised by label (normalised, prefix-tolerant for labels broken across lines), never by
counting numbers from the top. A label fragment that matches nothing (the rest of a broken label, a running
header) is skipped; the values after a label belong to that label until the next label is recognised.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from ogi.extract.normalize import norm
from ogi.extract.tokens import Token, is_prose, line_tokens
from ogi.model.layout import RowDef
from ogi.read.document import Line

__all__ = ["RowHit", "match_rows"]

_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)|\d{1,2}\.)")
_SHORT_WINDOW = 3  # a weak (short) label may only match this close to the expected position
_BUFFER = 4  # how many unmatched label fragments are kept for joining with the next one


@dataclass(frozen=True, slots=True)
class _LabelKey:
    numbering: str
    fulls: tuple[str, ...]
    bodies: tuple[str, ...]
    cores: tuple[str, ...]  # the label cut before its first parenthesised note
    initials: frozenset[str]  # every match shares its first character with a label or body


@lru_cache(maxsize=512)
def _label_key_of(label: str, variants: tuple[str, ...]) -> _LabelKey:
    fulls = tuple(dict.fromkeys(norm(x) for x in (label, *variants)))
    m = _NUMBERING.match(fulls[0])
    numbering = m.group(0) if m else ""
    bodies = tuple(f[len(numbering) :] if f.startswith(numbering) else f for f in fulls)
    cores = tuple(f[: f.index("(", len(numbering))] for f in fulls if "(" in f[len(numbering) :])
    initials = frozenset(x[0] for x in fulls + bodies if x)
    return _LabelKey(numbering, fulls, bodies, tuple(c for c in cores if len(c) - len(numbering) >= 3), initials)


def _label_key(row: RowDef) -> _LabelKey:
    return _label_key_of(row.label, row.variants)


def _strength(t: str, key: _LabelKey) -> int:
    """Given a normalised label fragment, return 2 (sure), 1 (weak: short label) or 0 (no match)."""
    if not t or t[0] not in key.initials:
        return 0
    if t in key.fulls:
        return 2
    if t in key.bodies:
        return 2 if len(t) >= 3 else 1
    if key.numbering and t.startswith(key.numbering) and len(t) >= len(key.numbering) + 2:
        if any(f.startswith(t) for f in key.fulls):
            return 2
    # a fragment of a broken label: 3 characters suffice for unnumbered labels ("行政许" / "可")
    if len(t) >= (4 if key.numbering else 3) and any(b.startswith(t) for b in key.bodies):
        return 2
    if any(t.startswith(c) for c in key.cores):
        return 2
    # a label with words after it: a note, or the start of the next cell run into it; but a short label
    # ("3.其他") is not a prefix of a longer one that merely shares its first words ("3.其他法律行政…")
    if any(t.startswith(f) and len(f) >= 3 for f in key.fulls):
        return 2 if any(t.startswith(f) and len(f) >= 3 and _tail_ok(t, f) for f in key.fulls) else 1
    if any(t.startswith(b) and len(b) >= 4 for b in key.bodies):
        return 2 if any(t.startswith(b) and len(b) >= 4 and _tail_ok(t, b) for b in key.bodies) else 1
    return 0


def _tail_ok(t: str, label: str) -> bool:
    """Whether what follows a label's full text can be other than more of a different label's words: a
    parenthesised note, or the label being long enough that sharing it all is no coincidence. Otherwise
    ("3.其他情形" for "3.其他") the match is weak: taken only near the row's place in the layout."""
    tail = t[len(label) :]
    return len(label) >= 6 or not tail or tail[0] in "(（"


@dataclass(slots=True)
class RowHit:
    """A row found in the document: its printed label, and the values printed after it."""

    row: RowDef
    label: list[Token]
    values: list[Token] = field(default_factory=list)
    line: Line | None = None  # the line of the label's last token, and that token's cell
    column: int = -1
    # values were printed between an unmatched label fragment and this label: most likely this row's own,
    # printed beside the first line of a label wrapped round them, and already given to the row above
    values_before: bool = False
    # and the row above this one may then hold them: its values are not surely its own
    took_next: bool = False
    by_place: bool = False  # a misprinted label, recognised by its numbering and place in the layout

    @property
    def line_cells(self) -> tuple[tuple[int, str], ...]:
        """(index, text) of the cells after the label on its line (only some rows need them: made on demand)."""
        return () if self.line is None else self.line.cells_after(self.column)

    @property
    def printed_label(self) -> str:
        return " ".join(t.text for t in self.label)


@dataclass(frozen=True, slots=True)
class _Index:
    """A layout's label keys, and for each first character the rows whose label or body starts with it."""

    keys: tuple[_LabelKey, ...]
    by_initial: dict[str, tuple[int, ...]]


_INDEXES: dict[int, tuple[Sequence[RowDef], _Index]] = {}


def _index(rows: Sequence[RowDef]) -> _Index:
    cached = _INDEXES.get(id(rows))
    if cached is not None and cached[0] is rows:
        return cached[1]
    keys = tuple(_label_key(r) for r in rows)
    by_initial: dict[str, list[int]] = {}
    for i, key in enumerate(keys):
        for ch in key.initials:
            by_initial.setdefault(ch, []).append(i)
    index = _Index(keys, {ch: tuple(ix) for ch, ix in by_initial.items()})
    _INDEXES[id(rows)] = (rows, index)
    return index


def _find(t: str, index: _Index, start: int) -> int | None:
    if not t:
        return None
    for i in index.by_initial.get(t[0], ()):
        if i < start:
            continue
        s = _strength(t, index.keys[i])
        if s == 2 or (s == 1 and i - start < _SHORT_WINDOW):
            return i
    return None


def _is_header(line: Line, header: frozenset[str]) -> bool:
    """Whether a line is the table's header row (repeated at the top of a page the table continues on): all
    its cells are header texts, at least two of them, or it is the 勾稽 note. Its "总计" is not a row."""
    if "勾稽" in line.text:  # the cells joined by a space: in the text only when in one of the cells
        return True
    filled = line.filled
    return len(filled) >= 2 and all(norm(c) in header for c in filled)  # stops at the first value or label


def match_rows(lines: Iterable[Line], rows: Sequence[RowDef],
               header: frozenset[str] = frozenset()) -> tuple[list[RowHit], list[Token]]:
    """Given the lines of a table region and the layout's rows, return the rows found and stray values.

    Stray values are values printed before any row label (they belong to no row and are reported). Group
    rows found are returned too, with the values printed right after their label, if any. Lines that are the
    table's header (`header`: its header texts, normalised) are skipped wherever they stand.
    """
    lookup = _index(rows)
    hits: list[RowHit] = []
    strays: list[Token] = []
    pos = 0
    current: RowHit | None = None
    buffer: list[Token] = []
    fenced: set[int] = set()  # the buffered fragments that values were printed after
    for line in lines:
        if is_prose(line) or (header and _is_header(line, header)):
            continue
        tokens = line_tokens(line)
        for i, tok in enumerate(tokens):
            if tok.is_value:
                (current.values if current else strays).append(tok)
                fenced = {id(t) for t in buffer} or fenced  # fragments printed before these values
                continue
            found = _match_with_buffer(tok, buffer, lookup, pos)
            by_place = False
            if found is None and any(t.is_value for t in tokens[i + 1 :]):
                place = _by_place(tok.key, lookup, pos)
                if place is not None:
                    found, by_place = (place, [tok]), True
            if found is None:
                buffer = [*buffer[-(_BUFFER - 1) :], tok]
                if current is not None and current.row.is_group:
                    current = None  # values after words that are not the group's label are not the group's
                elif current is not None and tok.line != current.label[-1].line and i + 1 < len(tokens) \
                        and tokens[i + 1].is_value and not _continues(current, tok):
                    current.took_next = True  # values beside words that are not this row's label: maybe not its own
                continue
            index, label = found
            # a label wrapped round values: its first fragment, then values, then the rest of it
            first = label[0] if len(label) > 1 else (buffer[-1] if buffer else None)
            before = first is not None and bool(first.key) and id(first) in fenced and (
                len(label) > 1 or _find(first.key + tok.key, lookup, pos) == index)  # a lone "”" is no fragment
            if before and current is not None:
                current.took_next = True
            buffer, fenced = [], set()
            pos = index + 1
            # a group row carries no numbers in the layout, but is kept: a report may print its totals on it
            current = RowHit(rows[index], label, line=line, column=tok.column, values_before=before,
                             by_place=by_place)
            hits.append(current)
    return hits, strays


def _continues(hit: RowHit, tok: Token) -> bool:
    """Whether a label fragment on a later line is the rest of the row's own label (wrapped onto the line where
    its values stand), rather than some other row's misprinted label."""
    joined = "".join(t.key for t in hit.label) + tok.key
    fulls = _label_key(hit.row).fulls
    return any(f.startswith(joined) or (len(tok.key) >= 2 and f.endswith(tok.key)) for f in fulls)


_PLACE_SIMILARITY = 0.75  # difflib ratio of a misprinted label's body to the official one


def _by_place(t: str, index: _Index, pos: int) -> int | None:
    """Given a numbered label that matches no row ("2.其他法律行政止公开", characters dropped), return the
    row it stands for when that is unambiguous: the next row of the layout (or the one after a group row)
    has the same numbering and nearly the same words, and no other candidate does."""
    from difflib import SequenceMatcher

    m = _NUMBERING.match(t)
    if m is None or len(t) - m.end() < 3:
        return None
    body = t[m.end() :]
    candidates = [
        i for i in range(pos, min(pos + 2, len(index.keys)))
        if index.keys[i].numbering == m.group(0) and max(
            SequenceMatcher(None, body, b, autojunk=False).ratio() for b in index.keys[i].bodies) >= _PLACE_SIMILARITY
    ]
    return candidates[0] if len(candidates) == 1 else None


def _match_with_buffer(
    tok: Token, buffer: list[Token], index: _Index, pos: int
) -> tuple[int, list[Token]] | None:
    if pos >= len(index.keys):
        return None
    found = _find(tok.key, index, pos)
    if found is not None:
        return found, [tok]
    joined = tok.key
    for back in range(len(buffer) - 1, -1, -1):
        joined = buffer[back].key + joined
        found = _find(joined, index, pos)
        if found is not None:
            return found, [*buffer[back:], tok]
    return None
