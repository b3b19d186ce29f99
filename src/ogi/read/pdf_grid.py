"""Find the ruled tables of a PDF page and their cells, as drawn: a cell is the area between its rules.

Offices print their tables from Word or WPS, which draw every cell as a rectangle or as separate rules, and
merge cells freely: the vertical header "三、本年度办理结果" spans 22 rows, the group labels （三）…（六） span
their sub-rows, a long label wraps inside its cell. Reading line by line mixes the characters of such cells
with their neighbours'. Here the rules are collected, joined where they touch into tables, the table is cut
into its finest grid, and neighbouring grid cells with no rule between them are merged back — so every
character is given to exactly the cell it was printed in.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field

__all__ = ["MAX_RULES", "Grid", "Segment", "find_grids", "segments_of_paths"]

_TOL = 2.0  # points: rules this close are one rule (cell rectangles are drawn a hair apart)
_MAX_RECT_SEGMENTS = 6  # a rectangle is a move, four lines and a close; a longer path is a drawing, not a cell
_MAX_LINES = 1_000  # distinct rules each way on a page; a report's tables have a hundred or so
_MAX_GRID_CELLS = 20_000  # a report's tables have a few hundred grid cells; more is a drawing
MAX_RULES = 20_000  # path objects on a page beyond which it is a drawing: no tables are looked for
_MAX_CELL = 200.0  # points: a rectangle this wide and this tall is a page frame or background, not a cell


@dataclass(frozen=True, slots=True)
class Segment:
    """A straight rule: `at` its fixed coordinate (y of a horizontal rule, x of a vertical one), lo–hi its span."""

    at: float
    lo: float
    hi: float

    def covers(self, v: float) -> bool:
        return self.lo - _TOL <= v <= self.hi + _TOL


def segments_of_paths(paths: Iterable[tuple[float, float, float, float, int]],
                      rule_width: float) -> tuple[list[Segment], list[Segment]]:
    """Given path objects as (left, bottom, right, top, segment count), return the horizontal and vertical
    rules they draw: thin paths are rules, small rectangles give their four sides."""
    horizontal: list[Segment] = []
    vertical: list[Segment] = []
    if len(paths) > MAX_RULES:
        return horizontal, vertical
    for left, bottom, right, top, n in paths:
        wide, tall = right - left >= rule_width, top - bottom >= rule_width
        if wide and not tall:
            horizontal.append(Segment((bottom + top) / 2, left, right))
        elif tall and not wide:
            vertical.append(Segment((left + right) / 2, bottom, top))
        elif wide and tall and n <= _MAX_RECT_SEGMENTS and min(right - left, top - bottom) < _MAX_CELL:
            horizontal += [Segment(bottom, left, right), Segment(top, left, right)]
            vertical += [Segment(left, bottom, top), Segment(right, bottom, top)]
    return _merge(horizontal), _merge(vertical)


def _merge(segments: list[Segment]) -> list[Segment]:
    """Join rules on the same line that touch or overlap (a border drawn cell by cell becomes one rule)."""
    out: list[Segment] = []
    for seg in sorted(segments, key=lambda s: (round(s.at / _TOL), s.lo)):
        last = out[-1] if out else None
        if last is not None and abs(last.at - seg.at) <= _TOL and seg.lo <= last.hi + _TOL:
            out[-1] = Segment(last.at, last.lo, max(last.hi, seg.hi))
        else:
            out.append(seg)
    return out


def _cluster(values: Iterable[float]) -> list[float]:
    """Given coordinates, return one per group of coordinates closer than the tolerance, ascending."""
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= _TOL:
            continue
        out.append(v)
    return out


@dataclass(slots=True)
class Grid:
    """One ruled table: its finest grid (xs ascending, ys descending, as PDF y grows upwards) and, for every
    grid cell, the merged cell it belongs to (numbered by its top-left grid cell, in reading order)."""

    xs: list[float]
    ys: list[float]
    cell: list[list[int]]  # [band][column] → cell number
    origin: dict[int, tuple[int, int]] = field(default_factory=dict)  # cell number → its top-left (band, column)

    @property
    def bands(self) -> int:
        return len(self.ys) - 1

    @property
    def columns(self) -> int:
        return len(self.xs) - 1

    def locate(self, x: float, y: float) -> tuple[int, int] | None:
        """Given a point, return its (band, column), or None outside the table."""
        if not (self.xs[0] <= x <= self.xs[-1] and self.ys[-1] <= y <= self.ys[0]):
            return None
        column = min(max(bisect_right(self.xs, x) - 1, 0), self.columns - 1)
        # ys descend: count the band boundaries above the point
        band = sum(1 for b in self.ys[1:-1] if y < b)
        return band, column

    def extent(self, cell: int) -> tuple[float, float, float, float]:
        """Given a merged cell's number, return its left, bottom, right, top: the area of all its grid cells."""
        band, column = self.origin[cell]
        last_col = column
        while last_col + 1 < self.columns and self.cell[band][last_col + 1] == cell:
            last_col += 1
        last_band = band
        while last_band + 1 < self.bands and self.cell[last_band + 1][column] == cell:
            last_band += 1
        return self.xs[column], self.ys[last_band + 1], self.xs[last_col + 1], self.ys[band]

    def band_middle(self, band: int) -> float:
        return (self.ys[band] + self.ys[band + 1]) / 2


def _components(horizontal: list[Segment], vertical: list[Segment]) -> list[tuple[list[Segment], list[Segment]]]:
    """Group rules into tables: horizontal and vertical rules that cross or touch belong together."""
    parent = list(range(len(horizontal) + len(vertical)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    order = sorted(range(len(vertical)), key=lambda b: vertical[b].at)
    xs = [vertical[b].at for b in order]
    for a, h in enumerate(horizontal):
        # only the vertical rules within the horizontal one's span can cross it
        for k in range(bisect_left(xs, h.lo - _TOL), bisect_right(xs, h.hi + _TOL)):
            b = order[k]
            if vertical[b].covers(h.at):
                ra, rb = find(a), find(len(horizontal) + b)
                if ra != rb:
                    parent[ra] = rb
    groups: dict[int, tuple[list[Segment], list[Segment]]] = {}
    for a, h in enumerate(horizontal):
        groups.setdefault(find(a), ([], []))[0].append(h)
    for b, v in enumerate(vertical):
        groups.setdefault(find(len(horizontal) + b), ([], []))[1].append(v)
    return [g for g in groups.values() if g[0] and g[1]]


def _grid(horizontal: list[Segment], vertical: list[Segment]) -> Grid | None:
    # the outer edges count even where a border is not drawn (seen: a WPS table with no left rule)
    xs = _cluster([*(v.at for v in vertical), min(h.lo for h in horizontal), max(h.hi for h in horizontal)])
    ys = _cluster([*(h.at for h in horizontal), min(v.lo for v in vertical), max(v.hi for v in vertical)])[::-1]
    if len(xs) < 3 or len(ys) < 2:
        return None  # a frame or a lone rule, not a table of columns
    if (len(xs) - 1) * (len(ys) - 1) > _MAX_GRID_CELLS:
        return None  # a drawing (a chart, a map, a hostile file), not a form; its text is read as lines
    rows_at = [[h for h in horizontal if abs(h.at - y) <= _TOL] for y in ys]
    cols_at = [[v for v in vertical if abs(v.at - x) <= _TOL] for x in xs]
    bands, columns = len(ys) - 1, len(xs) - 1
    parent = list(range(bands * columns))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)  # the root is the top-left grid cell

    for i in range(bands):
        y = (ys[i] + ys[i + 1]) / 2
        for j in range(columns):
            x = (xs[j] + xs[j + 1]) / 2
            if j + 1 < columns and not any(v.covers(y) for v in cols_at[j + 1]):
                union(i * columns + j, i * columns + j + 1)
            if i + 1 < bands and not any(h.covers(x) for h in rows_at[i + 1]):
                union(i * columns + j, (i + 1) * columns + j)
    cell = [[find(i * columns + j) for j in range(columns)] for i in range(bands)]
    origin: dict[int, tuple[int, int]] = {}
    for i in range(bands):
        for j in range(columns):
            origin.setdefault(cell[i][j], (i, j))
    return Grid(xs, ys, cell, origin)


def find_grids(horizontal: list[Segment], vertical: list[Segment]) -> list[Grid]:
    """Given a page's rules, return its ruled tables, top first."""
    if len(horizontal) > _MAX_LINES or len(vertical) > _MAX_LINES:
        return []  # thousands of distinct rules: a drawing or a hostile page, read as lines of text
    grids = [g for h, v in _components(horizontal, vertical) if (g := _grid(h, v)) is not None]
    # a table drawn inside a cell of another (a layout table round the report's table): the inner one is the
    # table; the outer one is a frame, and its other text is read as lines
    grids = [g for g in grids if not any(o is not g and _inside(o, g) for o in grids)]
    return sorted(grids, key=lambda g: -g.ys[0])


def _inside(inner: Grid, outer: Grid) -> bool:
    """Whether a grid lies within another's bounds."""
    return (outer.xs[0] - _TOL <= inner.xs[0] and inner.xs[-1] <= outer.xs[-1] + _TOL
            and outer.ys[-1] - _TOL <= inner.ys[-1] and inner.ys[0] <= outer.ys[0] + _TOL)
