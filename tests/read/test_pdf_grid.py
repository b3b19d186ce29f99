"""The geometry of ruled tables (ogi.read.pdf_grid) on rules drawn by hand, in PDF points (y grows upwards)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from ogi.read.pdf_grid import Segment, find_grids, segments_of_paths


def _box(left: float, bottom: float, right: float, top: float) -> tuple[float, float, float, float, int]:
    return (left, bottom, right, top, 5)  # a rectangle: move, four lines, close


def _line(x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float, int]:
    return (min(x0, x1), min(y0, y1) - 0.25, max(x0, x1), max(y0, y1) + 0.25, 2) if y0 == y1 else \
        (x0 - 0.25, min(y0, y1), x0 + 0.25, max(y0, y1), 2)


def test_cells_drawn_as_rectangles_with_a_cell_spanning_rows() -> None:
    """WPS draws each cell as a rectangle a hair apart from its neighbours: a label cell spanning two rows
    (x 0–50, y 0–40) and four value cells (x 50–100, 100–150; rows y 20–40 and 0–20)."""
    paths = [_box(0, 0, 50, 40), _box(50.3, 20.2, 100, 40), _box(100.3, 20.2, 150, 40),
             _box(50.3, 0, 100, 19.8), _box(100.3, 0, 150, 19.8)]
    (grid,) = find_grids(*segments_of_paths(paths, 3.0))
    assert (grid.bands, grid.columns) == (2, 3)
    label = grid.cell[0][0]
    assert grid.cell[1][0] == label and grid.origin[label] == (0, 0), "the label spans both rows"
    assert len({grid.cell[b][c] for b in range(2) for c in range(1, 3)}) == 4, "four separate value cells"
    assert grid.locate(25, 5) == (1, 0) and grid.locate(125, 30) == (0, 2)


def test_outer_rule_not_drawn_still_bounds_the_table() -> None:
    """A table whose left rule is missing (seen in 淮安市洪泽区 2024): the horizontal rules' ends bound it."""
    h = [_line(0, y, 150, y) for y in (0, 20, 40)]
    v = [_line(x, 0, x, 40) for x in (50, 100, 150)]
    (grid,) = find_grids(*segments_of_paths(h + v, 3.0))
    assert grid.xs[0] < 1 and grid.columns == 3
    assert grid.locate(10, 30) == (0, 0), "text left of the first drawn rule is in the first column"


def test_a_frame_or_a_page_background_is_no_table() -> None:
    frame = [_line(0, 0, 500, 0), _line(0, 700, 500, 700), _line(0, 0, 0, 700), _line(500, 0, 500, 700)]
    assert find_grids(*segments_of_paths(frame, 3.0)) == []
    background = [_box(0, 0, 500, 700)]
    assert segments_of_paths(background, 3.0) == ([], []), "a page-sized rectangle draws no rules"


def test_a_drawing_with_many_paths_is_no_table() -> None:
    """A curve path is a drawing (a seal, a logo), not a cell, even when its box is cell-sized."""
    assert segments_of_paths([(0, 0, 40, 40, 30)], 3.0) == ([], [])


def test_rules_that_only_touch_join_into_one_rule() -> None:
    h, _ = segments_of_paths([_line(0, 10, 50, 10), _line(50.5, 10, 100, 10), _line(0, 30, 40, 30)], 3.0)
    assert [(round(s.lo), round(s.hi)) for s in h] == [(0, 100), (0, 40)]


def test_a_dense_mesh_is_bounded() -> None:
    """3,000 × 3,000 crossing rules (a hostile page), each spanning the page: no grid of nine million cells is built, and it
    finishes (in a subprocess with a timeout, so a regression fails instead of hanging the suite)."""
    code = textwrap.dedent("""
        from ogi.read.pdf_grid import Segment, find_grids
        h = [Segment(float(i), 0.0, 9000.0) for i in range(0, 9000, 3)]
        v = [Segment(float(i), 0.0, 9000.0) for i in range(0, 9000, 3)]
        print(len(find_grids(h, v)))
    """)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "0"


def test_segment_tolerance() -> None:
    assert Segment(10, 0, 100).covers(101.5) and not Segment(10, 0, 100).covers(103)
