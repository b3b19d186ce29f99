"""Bar charts drawn on the server as SVG geometry, from the very rows the table beside each chart shows (and the
CSV export writes): the chart reads its numbers from those rows and computes nothing but positions.

No script and no inline style (the CSP forbids both): colours come from classes of ogi.css (.series-0 …), every
bar carries its value in data-value and a <title>, and the page puts the rows in a table as the text alternative.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Bar", "Chart", "bar_chart", "shown"]

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 64, 12, 14, 34


@dataclass(frozen=True)
class Bar:
    key: str  # the series' column in the rows
    category: str  # the row's label, e.g. the year
    value: float
    x: float
    y: float
    width: float
    height: float
    series: int  # index of the series: its colour class


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    series: list[tuple[str, str]]  # (column, label)
    rows: list[Mapping[str, Any]]
    category: str  # the column naming each row
    percent: bool
    bars: list[Bar] = field(default_factory=list)
    ticks: list[tuple[float, str]] = field(default_factory=list)  # (y, label)
    labels: list[tuple[float, str]] = field(default_factory=list)  # (x of the middle, category)
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def baseline(self) -> float:
        return self.height - BOTTOM

    @property
    def left(self) -> int:
        return LEFT

    @property
    def right(self) -> int:
        return self.width - RIGHT

    def cell(self, row: Mapping[str, Any], key: str) -> str:
        return shown(row.get(key), percent=self.percent)

    def show(self, value: Any) -> str:
        return shown(value, percent=self.percent)


def shown(value: Any, *, percent: bool) -> str:
    """A value as the table and the bar's title show it: a rate as a percentage with one decimal, a count as an
    integer, an unknown as —."""
    if value is None:
        return "—"
    if percent:
        return f"{float(value) * 100:.1f}%"
    number = float(value)
    return f"{int(number):,}" if number.is_integer() else f"{number:,.2f}"


def _nice_top(value: float, percent: bool) -> float:
    """The axis' top: 1, 2 or 5 times a power of ten at or above the largest value (a rate axis stops at 100%)."""
    if value <= 0:
        return 1.0
    if percent and value <= 1:
        for top in (0.05, 0.1, 0.2, 0.5, 1.0):
            if value <= top:
                return top
    power = 10 ** math.floor(math.log10(value))
    return next(m * power for m in (1, 2, 5, 10) if value <= m * power)


def bar_chart(chart_id: str, title: str, rows: Sequence[Mapping[str, Any]], category: str,
              series: Sequence[tuple[str, str]], *, stacked: bool = False, percent: bool = False) -> Chart:
    """Given rows and the columns to draw, return the chart: one group of bars per row (side by side, or stacked
    into one bar), heights in proportion to the values; a None value draws no bar (the table says —)."""
    rows = list(rows)
    series = list(series)
    values = [[float(v) if (v := row.get(key)) is not None else None for key, _ in series] for row in rows]
    peak = max((sum(v for v in vs if v) if stacked else max((v for v in vs if v is not None), default=0))
                for vs in values) if values else 0
    top = _nice_top(peak, percent)
    chart = Chart(chart_id, title, series, rows, category, percent)
    plot_w, plot_h = chart.right - chart.left, chart.baseline - TOP
    group = plot_w / max(1, len(rows))
    inner = group * 0.7
    bar_w = inner if stacked else inner / max(1, len(series))
    for r, (row, vs) in enumerate(zip(rows, values, strict=True)):
        x0 = chart.left + r * group + (group - inner) / 2
        stack = 0.0
        for s, v in enumerate(vs):
            if v is None:
                continue
            h = plot_h * v / top
            base = stack if stacked else 0.0
            x = x0 if stacked else x0 + s * bar_w
            y = chart.baseline - plot_h * base / top - h
            chart.bars.append(Bar(series[s][0], str(row.get(category)), v, round(x, 2), round(y, 2),
                                  round(bar_w, 2), round(h, 2), s))
            if stacked:
                stack += v
        chart.labels.append((round(chart.left + r * group + group / 2, 2), str(row.get(category))))
    steps = 4 if percent else next(n for n in (4, 5, 2, 1) if float(top / n).is_integer() or n == 1)
    for i in range(steps + 1):  # a count axis steps by whole numbers: 0–5 by 1, not by 1.25
        chart.ticks.append((round(chart.baseline - plot_h * i / steps, 2), shown(top * i / steps, percent=percent)))
    return chart
