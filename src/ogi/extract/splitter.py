"""Split digit runs into cells by the table's arithmetic: crawler text prints "330000033" for 33 0 0 0 0 0 33.

The cell boundaries are not in the text, so a split is only a candidate: `row_splits` lists every split of a
row that the number grammar (no leading zero: "0" is a cell, "05" is none) and the row's own sums allow, and
`resolve_table3` narrows the rows of table 三 by its column identities. A caller accepts a split only when it is
the only one left; otherwise the row stays unreadable with the candidates listed. The search is bounded (steps
and candidates): a run that admits too many splits is declined, never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from ogi.model.layout import ValueType

__all__ = ["MAX_CANDIDATES", "Shape", "Split", "TooMany", "row_splits", "resolve_table3"]

MAX_CANDIDATES = 24  # more splits than this and the row is declined as too ambiguous to list
MAX_STEPS = 50_000  # search nodes per row; a run that needs more is declined
MAX_STATES = 20_000  # reachable column-sum vectors kept while combining rows of table 三
_MAX_DIGITS = 7  # a count of ten million or more is not a plausible cell
_MAX_CELL = 13  # the longest cell text: an amount "123456789.123456" is cut off before this matters

_COUNT = re.compile(rf"0|[1-9][0-9]{{0,{_MAX_DIGITS - 1}}}")
_DELTA = re.compile(rf"-?(?:0|[1-9][0-9]{{0,{_MAX_DIGITS - 1}}})")
_AMOUNT = re.compile(r"(?:0|[1-9][0-9]{0,8})(?:\.[0-9]{1,6})?(?:万元|元)?")
# full-width digits and signs, read as their ASCII forms one for one (so a split maps back to the printed text)
_WIDE = str.maketrans("０１２３４５６７８９．－", "0123456789.-")
_DASH = frozenset("/-—–－／")
_PATTERN = {ValueType.COUNT: _COUNT, ValueType.DELTA: _DELTA, ValueType.AMOUNT: _AMOUNT}

Split = tuple[str, ...]


class TooMany(Exception):
    """The run admits more splits than can be searched or listed."""


@dataclass(frozen=True, slots=True)
class Shape:
    """The cells of a printed row: each cell's value type, and the sums it obeys — (first, last) index pairs
    where cell `last` is the sum of the cells first..last-1 (table 三's 总计, table 四's block totals)."""

    types: tuple[ValueType, ...]
    sums: tuple[tuple[int, int], ...] = ()


def _value(text: str) -> int | Decimal:
    digits = text.removesuffix("万元").removesuffix("元")
    return Decimal(digits) if "." in digits else int(digits)


def _prefixes(chunk: str, off: int, kind: ValueType) -> list[str]:
    """Every way a cell of this kind can start the rest of a chunk: "0" alone, or digits without a leading 0."""
    if chunk[off] in _DASH and (kind is not ValueType.DELTA or off + 1 >= len(chunk) or not chunk[off + 1].isdigit()):
        return [chunk[off]]  # "/" or "—": a cell of its own
    pattern = _PATTERN[kind]
    out = []
    for end in range(off + 1, min(len(chunk), off + _MAX_CELL) + 1):
        if pattern.fullmatch(chunk, off, end):
            out.append(chunk[off:end])
    return out


def row_splits(chunks: Sequence[str], shape: Shape, *, arithmetic: bool = True,
               limit: int = MAX_CANDIDATES) -> list[Split]:
    """Given the value texts seen for a row (cell boundaries between them are certain) and the row's shape,
    return every split into its cells that the grammar and (with `arithmetic`) its sums allow.

    Raises TooMany when there are more than `limit` splits or the search exceeds MAX_STEPS."""
    n = len(shape.types)
    printed = tuple(chunks)
    chunks = tuple(c.translate(_WIDE) for c in printed)
    total_of = {last: first for first, last in shape.sums} if arithmetic else {}
    in_group = {i: last for first, last in shape.sums for i in range(first, last)} if arithmetic else {}
    steps = 0

    @cache
    def rest(i: int, ci: int, off: int, partial: int | Decimal) -> tuple[Split, ...]:
        nonlocal steps
        steps += 1
        if steps > MAX_STEPS:
            raise TooMany
        if ci == len(chunks):
            return ((),) if i == n else ()
        if i == n:
            return ()
        chars_left = len(chunks[ci]) - off + sum(len(c) for c in chunks[ci + 1 :])
        if chars_left < n - i or chars_left > (n - i) * _MAX_CELL or len(chunks) - ci > n - i:
            return ()
        chunk = chunks[ci]
        if i in total_of:
            want = str(partial) if not isinstance(partial, Decimal) else None
            options = [want] if want is not None and chunk.startswith(want, off) else []
            if isinstance(partial, Decimal):
                options = [p for p in _prefixes(chunk, off, shape.types[i]) if _value(p) == partial]
        else:
            options = _prefixes(chunk, off, shape.types[i])
        out: list[Split] = []
        for text in options:
            end = off + len(text)
            if end < len(chunk) and i + 1 == n:
                continue
            value = 0 if text in _DASH else _value(text)
            nxt: int | Decimal = partial
            if i in total_of:
                nxt = 0  # the group is closed
            elif i in in_group:
                nxt = partial + value
                # the group's total, still to come, is at least this long
                last = in_group[i]
                if len(str(nxt)) + (last - i - 1) > chars_left - len(text):
                    continue
            ni, nci, noff = (i + 1, ci + 1, 0) if end == len(chunk) else (i + 1, ci, end)
            for tail in rest(ni, nci, noff, nxt):
                out.append((text, *tail))
                if len(out) > limit:
                    raise TooMany
        return tuple(out)

    return [_as_printed(split, printed) for split in rest(0, 0, 0, 0)]


def _as_printed(split: Split, printed: Sequence[str]) -> Split:
    """Given a split of the normalised chunks, return the same cuts of the chunks as printed."""
    out, ci, off = [], 0, 0
    for text in split:
        out.append(printed[ci][off : off + len(text)])
        off += len(text)
        if off == len(printed[ci]):
            ci, off = ci + 1, 0
    return tuple(out)


Vector = tuple[int, ...]


def _vec(split: Split) -> Vector:
    return tuple(0 if t in _DASH else int(_value(t.translate(_WIDE))) for t in split)


def _add(a: Vector, b: Vector) -> Vector:
    return tuple(x + y for x, y in zip(a, b, strict=True))


def _reachable(domains: Sequence[Sequence[Vector]], width: int) -> list[set[Vector]]:
    """Given the candidate vectors of rows in order, return the sums reachable after each prefix of rows."""
    states = [{(0,) * width}]
    for domain in domains:
        nxt = {_add(s, v) for s in states[-1] for v in domain}
        if len(nxt) > MAX_STATES:
            raise TooMany
        states.append(nxt)
    return states


def _sum_feasible(parts: Sequence[Sequence[Vector]], targets: set[Vector], width: int) -> list[set[Vector]]:
    """Given rows that must add up to one of `targets`, return for each row the candidates that can."""
    forward = _reachable(parts, width)
    backward = _reachable(list(reversed(parts)), width)[::-1]
    out = []
    for k, domain in enumerate(parts):
        before, after = forward[k], backward[k + 1]
        ok = {v for v in domain if any(_add(_add(s, v), t) in targets for s in before for t in after)} \
            if len(before) * len(after) <= MAX_STATES else None
        if ok is None:
            raise TooMany
        out.append(ok)
    return out


def resolve_table3(domains: Mapping[str, Sequence[Split]], outcome_keys: Sequence[str],
                   width: int = 7) -> dict[str, list[Split]]:
    """Given candidate splits per row of table 三 (rows read as printed have one), return the candidates each
    row keeps under the column identities that apply: （七）总计 = Σ outcome rows, and 一 + 二 = （七）总计 + 四.

    An identity applies when all its rows have candidates; rows outside every applicable identity keep theirs.
    Raises TooMany when combining the rows would need too many states."""
    vecs = {k: {_vec(s): s for s in v} for k, v in domains.items() if v}
    keep: dict[str, set[Vector]] = {k: set(v) for k, v in vecs.items()}
    total = "total_processed"
    balance = ("new_received", "carried_over", total, "carried_forward")
    applies_b = total in vecs and all(k in vecs for k in outcome_keys)
    applies_a = all(k in vecs for k in balance)
    if applies_a:
        new, old, tot, fwd = (list(vecs[k]) for k in balance)
        if len(new) * len(old) * len(tot) * len(fwd) > MAX_STATES:
            raise TooMany
        combos = [(a, b, c, d) for a in new for b in old for c in tot for d in fwd if _add(a, b) == _add(c, d)]
        for k, pos in zip(balance, range(4), strict=True):
            keep[k] = {combo[pos] for combo in combos}
    if applies_b:
        parts = [sorted(vecs[k]) for k in outcome_keys]
        ok = _sum_feasible(parts, keep[total], width)
        for k, v in zip(outcome_keys, ok, strict=True):
            keep[k] = v
        reached = _reachable(parts, width)[-1]
        keep[total] = {t for t in keep[total] if t in reached}
        if applies_a:  # the balance rows must agree with the totals still possible
            new, old, fwd = (list(keep[k]) for k in ("new_received", "carried_over", "carried_forward"))
            combos = [(a, b, c, d) for a in new for b in old for c in keep[total] for d in fwd
                      if _add(a, b) == _add(c, d)]
            for k, pos in zip(balance, range(4), strict=True):
                keep[k] = {combo[pos] for combo in combos}
    return {k: [vecs[k][v] for v in sorted(keep[k])] for k in vecs}
