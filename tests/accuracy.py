"""Score a read report against hand-made truth: every cell right, flagged or silently wrong (test helper, also
used by bench/bench_accuracy.py — put tests/ on sys.path and ``from accuracy import score_report``).

Truth is the shape of tests/fixtures/truth/*.json: ``metadata`` (agency, report_year, format_version, …) and
``table2`` / ``table3`` / ``table4``, each row key → column key → the cell as printed, or ``{"unreadable":
[cells seen]}`` for a row printed with the wrong number of cells (table 四: ``{"unreadable": [...]}`` for the
whole table). `truth_of` makes it from generated values, `values_of` makes generated values from it.

A cell is **right** when its row was placed and the cell's kind and value are the printed ones; **flagged**
when its row is unreadable or missing (a finding says so); **wrong** when its row was placed but the cell
differs, or placed where the document prints no such row — the one outcome that must never happen. A row the truth calls unreadable counts its layout's cells:
right when the report also has it unreadable, wrong when the report placed it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from ogi.extract.values import parse_value
from ogi.model.layout import TableKey, layout_for
from ogi.model.report import CellKind, Report, RowStatus

from textforms import ReportValues

__all__ = ["Score", "score_report", "truth_of", "values_of"]

META_FIELDS = ("agency", "report_year", "format_version")


@dataclass
class Score:
    """Cells right / flagged / silently wrong, and metadata fields right of those compared."""

    right: int = 0
    flagged: int = 0
    wrong: int = 0
    meta_right: int = 0
    meta_total: int = 0
    wrong_cells: list[str] = field(default_factory=list)  # "table3.disclosed.total: 3 ≠ 5", for messages
    meta_wrong: list[str] = field(default_factory=list)

    @property
    def cells(self) -> int:
        return self.right + self.flagged + self.wrong

    def __add__(self, other: Score) -> Score:
        return Score(self.right + other.right, self.flagged + other.flagged, self.wrong + other.wrong,
                     self.meta_right + other.meta_right, self.meta_total + other.meta_total,
                     self.wrong_cells + other.wrong_cells, self.meta_wrong + other.meta_wrong)


def _printed(text: str) -> tuple[CellKind, int | Decimal | None]:
    parsed = parse_value(text)
    assert parsed is not None, f"truth cell {text!r} is not a value"
    return parsed


def _same(kind: CellKind, value: int | Decimal | None, want: str) -> bool:
    wkind, wvalue = _printed(want)
    return kind is wkind and (value is None) == (wvalue is None) and (value is None or value == wvalue)


def score_report(report: Report, truth: dict, meta_fields: Iterable[str] = META_FIELDS) -> Score:
    """Given a read report and its truth (the fixture shape), return how many cells are right, flagged and
    silently wrong, and how many of `meta_fields` (keys of the truth's metadata) are right."""
    score = Score()
    meta = report.metadata
    for name in meta_fields:
        want = truth["metadata"].get(name)
        got = getattr(meta, name)
        got = got.value if hasattr(got, "value") else got
        got = got.isoformat() if hasattr(got, "isoformat") else got
        score.meta_total += 1
        if got == want:
            score.meta_right += 1
        else:
            score.meta_wrong.append(f"{name}: {got!r} ≠ {want!r}")
    layout = layout_for(meta.format_version)
    for key in TableKey:
        want_table = truth.get(key.value, {})
        table = report.tables.get(key)
        if key is TableKey.REVIEW_LITIGATION and "unreadable" in want_table:
            n = sum(len(r.columns) for r in layout.table4)
            placed = table is not None and any(r.status is RowStatus.OK for r in table.rows.values())
            if placed:
                score.wrong += n
                score.wrong_cells.append("table4: placed, but printed with the wrong number of cells")
            else:
                score.right += n
            continue
        groups = getattr(table, "groups", {}) if table is not None else {}
        for row_key, want in want_table.items():
            # a group printed as one row (（六）其他处理 in a 2021-format report) is the table's group row
            row = (table.rows.get(row_key) or groups.get(row_key)) if table is not None else None
            columns = layout.row(key, row_key).columns or next(
                r.columns for r in layout.rows(key) if r.group == row_key)
            if "unreadable" in want:
                if row is not None and row.status is RowStatus.OK:
                    score.wrong += len(columns)
                    score.wrong_cells.append(f"{key.value}.{row_key}: placed, but printed with the wrong cells")
                else:
                    score.right += len(columns)
                continue
            for col_key, text in want.items():
                if row is None or row.status is not RowStatus.OK:
                    score.flagged += 1
                    continue
                cell = row.cells.get(col_key)
                if cell is not None and _same(cell.kind, cell.value, text):
                    score.right += 1
                else:
                    score.wrong += 1
                    score.wrong_cells.append(f"{key.value}.{row_key}.{col_key}: "
                                             f"{None if cell is None else cell.text!r} ≠ {text!r}")
        # a row placed where the truth has nothing printed: cells made up, silently wrong
        if table is not None and want_table:
            for row_key, row in [*table.rows.items(), *groups.items()]:
                if row_key not in want_table and row.status is RowStatus.OK:
                    score.wrong += len(row.cells)
                    score.wrong_cells.append(f"{key.value}.{row_key}: placed, but the document prints no such row")
    return score


def truth_of(values: ReportValues) -> dict:
    """Given generated values, return their truth in the fixture shape."""
    out: dict = {"metadata": {"agency": values.agency, "report_year": values.year,
                              "format_version": values.version}}
    for key, table in (("table2", values.table2), ("table3", values.table3)):
        out[key] = {}
        for row in values.layout.rows(TableKey(key)):
            if row.is_group:
                continue
            raw = values.raw.get((key, row.key))
            if raw is not None:
                out[key][row.key] = ({c.key: t for c, t in zip(row.columns, raw, strict=True)}
                                     if len(raw) == len(row.columns) else {"unreadable": [t for t in raw if t]})
            else:
                out[key][row.key] = {c.key: values.printed.get((row.key, c.key), str(table[row.key][c.key]))
                                     for c in row.columns}
    raw4 = values.raw.get(("table4", ""))
    out["table4"] = {"unreadable": list(raw4)} if raw4 is not None else {
        r.key: {c.key: str(values.table4[r.key][c.key]) for c in r.columns} for r in values.layout.table4}
    return out


def values_of(truth: dict) -> ReportValues:
    """Given a truth file, return values that print the same tables (rows printed with the wrong number of
    cells are printed so again)."""
    meta = truth["metadata"]
    tables: dict[str, dict] = {"table2": {}, "table3": {}, "table4": {}}
    printed: dict[tuple[str, str], str] = {}
    raw: dict[tuple[str, str], tuple[str, ...]] = {}
    for key in ("table2", "table3", "table4"):
        want = truth[key]
        if key == "table4" and "unreadable" in want:
            raw[("table4", "")] = tuple(want["unreadable"])
            continue
        for row_key, cells in want.items():
            if "unreadable" in cells:
                raw[(key, row_key)] = tuple(cells["unreadable"])
                continue
            row: dict = {}
            for col_key, text in cells.items():
                kind, value = _printed(text)
                if kind is not CellKind.NUMBER or str(value) != text:
                    printed[(row_key, col_key)] = text
                row[col_key] = value if value is not None else 0
            tables[key][row_key] = row
    return ReportValues(meta["format_version"], meta["report_year"], meta["agency"], tables["table2"],
                        tables["table3"], tables["table4"], printed, raw)
