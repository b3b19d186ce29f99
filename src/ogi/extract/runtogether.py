"""Crawler text: the whole page on one line, every space collapsed, table cells joined with no separator.

`unjoin` cuts such a line into the lines a report would have had: the title, the section headings, prose
sentences, and one line per table row holding its label and the digit run printed after it
("行政许可3960181" → "行政许可" | "3960181"). Labels are found in layout order, each followed by a value; a label's
own numbering is never taken for a digit of the row above ("00000002.其他法律…" ends the run before "2.").
`split_runs` then splits the runs of the read tables by their arithmetic (see splitter.py): a row is placed
only when exactly one split is consistent with every identity that applies; otherwise it stays unreadable,
with the candidate splits listed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from ogi.extract.normalize import norm
from ogi.extract.sections import find_headings
from ogi.extract.splitter import MAX_CANDIDATES, Shape, Split, TooMany, resolve_table3, row_splits
from ogi.extract.values import parse_value
from ogi.extract.version import detect_version
from ogi.model.layout import ColumnDef, Layout, RowDef, TableKey, ValueType, layout_for, outcome_rows
from ogi.model.report import Cell, CellKind, Row, RowStatus, SectionKey, Source, Table
from ogi.read.document import Document, Line

__all__ = ["FORM", "is_run_together", "split_runs", "unjoin"]

FORM = "run-together"
_MIN_LENGTH = 200  # a line shorter than this is an ordinary line, whatever it holds
_HEADING_START = re.compile(r"[一二三四五六][、.．]")
_HEADING_ENDS = ("情况", "事项")
_HEADING_MAX = 30
_VALUE_RUN = re.compile(r"[0-9０-９.．/／\-—－ \u3000\xa0]*(?:万元|元)?")  # spaces a crawler kept are cell boundaries
_VALUE_START = frozenset("0123456789０１２３４５６７８９/／-—－")
_SPLIT_DASH = re.compile(r"([/／—])|(?<=[0-9０-９])(?=[-－])")  # a sign after a digit starts a cell
# a page footer joined into a run; a delta followed by a dash cell ("-2", "-") is lost with it, and its row
# then has a cell too few: flagged, never misread
# at either end only: a row's first cell is never negative, and its cells end before the footer
_FOOTER_IN_RUN = re.compile(r"^ ?[-—–－]{1,2} ?[0-9]{1,3} ?[-—–－]{1,2}|[-—–－]{1,2} ?[0-9]{1,3} ?[-—–－]{1,2} ?$")
_PAGE_MARK = re.compile(r"第 ?[0-9]{1,3} ?页(?: ?[,，/]? ?共 ?[0-9]{1,3} ?页)?")  # "第3页共9页" joined into the text
_PUNCTUATION = re.compile(r"[，。；,;]")
_TITLE_END = "年度报告"
_SENTENCE = re.compile(r"[^。]*。|[^。]+$")
_MAX_RUN = 200  # characters: table 四's 15 cells of up to 13


def _inline_headings(text: str) -> list[tuple[int, int, SectionKey]]:
    """Given one long line, return (start, end, section) of the six part headings printed inside it, in order."""
    out: list[tuple[int, int, SectionKey]] = []
    seen: set[SectionKey] = set()
    order = list(SectionKey)
    for m in _HEADING_START.finditer(text):
        if out and m.start() < out[-1][1]:
            continue
        window = text[m.start() : m.start() + _HEADING_MAX]
        ends = [window.find(w, 2) for w in _HEADING_ENDS]
        ends = [e + 2 for e in ends if e > 0]
        if not ends:
            continue
        heading = window[: min(ends)]
        if any(c.isdigit() for c in heading):
            continue
        found = find_headings([Line(0, (heading,))])
        if not found or found[0].key in seen:
            continue
        key = found[0].key
        if out and order.index(key) < order.index(out[-1][2]):
            continue
        seen.add(key)
        out.append((m.start(), m.start() + len(heading), key))
    return out


def is_run_together(doc: Document) -> bool:
    """Whether a document holds a report run together on long lines (two part headings inside one line)."""
    return any(len(ln.text) >= _MIN_LENGTH and len(_inline_headings(ln.text)) >= 2 for ln in doc.lines)


def _sentences(text: str) -> list[str]:
    return [s for s in (m.group(0).strip() for m in _SENTENCE.finditer(text)) if s]


class _Normed:
    """A text normalised character by character (NFKC, no spaces or quotes), with each character's origin."""

    def __init__(self, text: str) -> None:
        self.raw = text
        chars: list[str] = []
        origin: list[int] = []
        for i, ch in enumerate(text):
            for c in norm(ch):
                if c in "、，,:：" and chars and chars[-1].isdigit():
                    c = "."  # "1、属于国家秘密" is "1.属于国家秘密", as norm() reads a label
                chars.append(c)
                origin.append(i)
        self.text = "".join(chars)
        self.origin = origin + [len(text)]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of a normalised one, with the quotes and spaces printed after it."""
        stop = self.origin[end - 1] + 1 if end > start else self.origin[start]
        while stop < len(self.raw) and not norm(self.raw[stop]):
            stop += 1
        return self.origin[start], stop


def _label_forms(row: RowDef) -> list[str]:
    forms = [norm(x) for x in (row.label, *row.variants)]
    forms += [f[: f.index("(", 2)] for f in forms if "(" in f[2:]]  # printed without its note
    return sorted(set(forms), key=len, reverse=True)


def _find_label(normed: _Normed, row: RowDef, pos: int, data: bool) -> tuple[int, int] | None:
    best: tuple[int, int] | None = None
    for form in _label_forms(row):
        at = normed.text.find(form, pos)
        while at >= 0 and data and normed.text[at + len(form) : at + len(form) + 1] not in _VALUE_START:
            at = normed.text.find(form, at + 1)
        if at >= 0 and (best is None or at < best[0]):
            best = (at, at + len(form))
    return best


def _table_lines(text: str, rows: Sequence[RowDef], number: int, page: int | None, table4: bool) -> list[Line]:
    """Given a table part's text (prose, then the table run together), return its lines."""
    out: list[Line] = []

    def prose(chunk: str) -> None:
        out.extend(Line(number, (s,), page) for s in _sentences(chunk))

    if table4:  # one data row of 15 values after the last header word "总计"
        at = text.rfind("总计")
        while at >= 0 and text[at + 2 : at + 4].lstrip()[:1] not in _VALUE_START:
            at = text.rfind("总计", 0, at)
        if at < 0:
            prose(text)
            return out
        head = text.rfind("。", 0, at) + 1
        prose(text[:head])
        out.append(Line(number, (text[head : at + 2],), page))
        run = _VALUE_RUN.match(text, at + 2)
        assert run is not None
        out.append(Line(number, _run_cells(run.group(0)), page))
        prose(text[run.end() :])
        return out
    normed = _Normed(text)
    found: list[tuple[int, int, RowDef]] = []
    pos = 0
    for row in rows:
        hit = _find_label(normed, row, pos, row.is_data)
        if hit is not None:
            found.append((*normed.span(*hit), row))
            pos = hit[1]
    if not found:
        prose(text)
        return out
    prose(text[: found[0][0]])
    for k, (start, end, row) in enumerate(found):
        stop = found[k + 1][0] if k + 1 < len(found) else len(text)
        run = _VALUE_RUN.match(text, end, stop)
        assert run is not None
        run_end = _numbering_cut(text, run.end(), end)
        values = _run_cells(text[end:run_end]) if row.is_data else ()
        out.append(Line(number, (text[start:end], *values), page))
        rest = text[run_end if row.is_data else end : stop]
        if rest.strip():
            out.append(Line(number, (rest.strip(),), page))
    return out


def _numbering_cut(text: str, run_end: int, start: int) -> int:
    """Where a run really ends: before the item number of a label printed after it that was not recognised
    ("…00388" + "6、属于…" reads "…003886、属于…"; "6." is swallowed as a decimal point), so that no digit of a
    label's number is taken for a value."""
    if run_end < len(text) and text[run_end] in "、，," and run_end - 1 >= start and text[run_end - 1].isdigit():
        return run_end - 1
    if run_end - 2 >= start and text[run_end - 1] in ".．" and text[run_end - 2].isdigit():
        return run_end - 2
    return run_end


def _run_cells(run: str) -> tuple[str, ...]:
    """A run's cells: cut at the dashes, which are cells of their own, page footers ("-2-", "—3—") left
    out; a run longer than any row is no row's values and is kept as text."""
    run = _FOOTER_IN_RUN.sub("", run)
    if len(run) > _MAX_RUN:
        return (f"（{len(run)}个连续数字）",)
    return tuple(c for piece in run.split() for c in _SPLIT_DASH.split(piece) if c)


def _title(preamble: str) -> tuple[list[str], str]:
    """Given the text before part 一, return the lines before the title (as sentences) and the title."""
    end = preamble.find(_TITLE_END)
    if end < 0:
        return [], preamble
    end += len(_TITLE_END)
    start = max(preamble.rfind(c, 0, end) for c in "：:>》】]。") + 1
    while start < end and (preamble[start].isdigit() or preamble[start] in "-/年月日 "):
        start += 1
    return [*_sentences(preamble[:start]), preamble[start:end]], preamble[end:]


def _unjoin_line(line: Line) -> list[Line]:
    text = line.text
    headings = _inline_headings(text)
    # the signs of the format, read as one table line (punctuation out, so that it is not taken for prose)
    version, _ = detect_version([Line(line.number, (_PUNCTUATION.sub("", text),))], None)
    layout = layout_for(version)
    tables = {SectionKey.PROACTIVE: TableKey.PROACTIVE, SectionKey.APPLICATIONS: TableKey.APPLICATIONS,
              SectionKey.REVIEW_LITIGATION: TableKey.REVIEW_LITIGATION}
    out: list[Line] = []
    head, rest = _title(text[: headings[0][0]])
    out.extend(Line(line.number, (s,), line.page) for s in head)
    out.extend(Line(line.number, (s,), line.page) for s in _sentences(rest))
    for k, (start, end, key) in enumerate(headings):
        body = text[end : headings[k + 1][0] if k + 1 < len(headings) else len(text)]
        out.append(Line(line.number, (text[start:end],), line.page))
        table = tables.get(key)
        if table is None:
            out.extend(Line(line.number, (s,), line.page) for s in _sentences(body))
        else:
            rows = layout.rows(table)
            out.extend(_table_lines(body, rows, line.number, line.page, table is TableKey.REVIEW_LITIGATION))
    return out


def unjoin(doc: Document) -> Document:
    """Given a document whose report is run together on long lines, return it cut into report lines."""
    lines: list[Line] = []
    for line in doc.lines:
        if len(line.text) >= _MIN_LENGTH and len(_inline_headings(line.text)) >= 2:
            text = _PAGE_MARK.sub("", " ".join(line.text.split()))
            lines.extend(_unjoin_line(Line(line.number, (text,), line.page)))
        else:
            lines.append(line)
    note = "各单元格数字连写（网页抓取文本），已按表格行标签拆行，并按核对关系拆分数字"
    return Document(lines=tuple(lines), name=doc.name, encoding=doc.encoding, form=FORM,
                    notes=(*doc.notes, note), meta=doc.meta)


# ---------------------------------------------------------------------------------------------
# splitting the runs of the read tables


def _cells(split: Split, columns: Sequence[ColumnDef], sources: Sequence[Source]) -> list[Cell]:
    out = []
    for col, text, src in zip(columns, split, sources, strict=True):
        kind, value = parse_value(text) or (CellKind.TEXT, None)
        if value is not None and col.value_type is ValueType.AMOUNT:
            value = Decimal(value)
        out.append(Cell(text=text, value=value, kind=kind, source=src))
    return out


def _chunk_sources(row: Row, split: Split) -> list[Source]:
    """Each cell of a split gets the source of the run it was cut from."""
    out: list[Source] = []
    chunks = [(c.text, c.source) for c in row.seen]
    ci, used = 0, 0
    for text in split:
        out.append(chunks[ci][1])
        used += len(text)
        if used >= len(chunks[ci][0]):
            ci, used = ci + 1, 0
    return out


def _note(run: str, outcome: str) -> str:
    return f"各单元格数字连写（“{run}”），{outcome}"


def _accept(row: Row, split: Split, columns: Sequence, note: str) -> Row:
    cells = _cells(split, columns, _chunk_sources(row, split))
    return row.model_copy(update={"status": RowStatus.OK, "cells": {c.key: x for c, x in zip(columns, cells, strict=True)}, "seen": [], "candidates": [],
                                  "split_note": note})


def _decline(row: Row, candidates: list[Split] | None, run: str) -> Row:
    if candidates is None:
        note = _note(run, f"可能的拆分超过{MAX_CANDIDATES}种，未拆分")
        listed: list[list[str]] = []
    elif not candidates:
        note = _note(run, "没有一种拆分符合表格的核对关系（原文数字可能有误或缺少单元格），未拆分")
        listed = []
    else:
        note = _note(run, f"合乎数字写法与核对关系的拆分有{len(candidates)}种，无法唯一确定，未拆分")
        listed = [list(c) for c in candidates]
    return row.model_copy(update={"candidates": listed, "split_note": note})


def _shape(row: RowDef, table: TableKey) -> Shape:
    types = tuple(c.value_type for c in row.columns)
    return Shape(types, ((0, len(types) - 1),) if table is TableKey.APPLICATIONS else ())


def _splittable(row: Row) -> bool:
    return row.status is RowStatus.UNREADABLE and bool(row.seen) and len(row.seen) < row.expected_cells


def _forced(chunks: list[str], shape: Shape) -> Split | None:
    """The only split the number grammar allows, when there is one ("000" → 0 0 0): no arithmetic needed."""
    try:
        splits = row_splits(chunks, shape, arithmetic=False, limit=1)
    except TooMany:
        return None
    return splits[0] if len(splits) == 1 else None


def _candidates(chunks: list[str], shape: Shape) -> list[Split] | None:
    try:
        return row_splits(chunks, shape)
    except TooMany:
        return None


def _split_table2(table: Table, layout: Layout) -> Table:
    rows = dict(table.rows)
    for key, row in table.rows.items():
        if not _splittable(row):
            continue
        rd = layout.row(table.key, key)
        chunks = [c.text for c in row.seen]
        cands = _candidates(chunks, _shape(rd, table.key))
        run = "".join(chunks)
        if cands is not None and len(cands) == 1:
            rows[key] = _accept(row, cands[0], rd.columns, _note(run, "只有一种拆分，已按列归位"))
        else:
            rows[key] = _decline(row, cands, run)
    return table.model_copy(update={"rows": rows})


def _split_table3(table: Table, layout: Layout) -> Table:
    key = TableKey.APPLICATIONS
    domains: dict[str, list[Split]] = {}
    pending: dict[str, list[Split] | None] = {}
    forced: dict[str, Split] = {}
    for rk, row in table.rows.items():
        if row.status is RowStatus.OK:
            cells = [row.cells[c.key] for c in layout.row(key, rk).columns]
            if all(c.kind in (CellKind.NUMBER, CellKind.DASH) for c in cells):
                domains[rk] = [tuple(c.text if c.kind is CellKind.DASH else str(c.value) for c in cells)]
        elif _splittable(row):
            shape = _shape(layout.row(key, rk), key)
            chunks = [c.text for c in row.seen]
            pending[rk] = _candidates(chunks, shape)
            if (f := _forced(chunks, shape)) is not None:
                forced[rk] = f
            if pending[rk]:
                domains[rk] = pending[rk]  # type: ignore[assignment]
    if not pending:
        return table
    try:
        keep: dict[str, list[Split]] | None = resolve_table3(domains, [r.key for r in outcome_rows(layout)])
    except TooMany:
        keep = None
    rows = dict(table.rows)
    for rk, cands in pending.items():
        row = table.rows[rk]
        run = "".join(c.text for c in row.seen)
        columns = layout.row(key, rk).columns
        narrowed = cands if keep is None or cands is None else keep.get(rk, [])
        if rk in forced:
            rows[rk] = _accept(row, forced[rk], columns, _note(run, "只有一种拆分，已按列归位"))
        elif keep is not None and narrowed is not None and len(narrowed) == 1:
            rows[rk] = _accept(row, narrowed[0], columns, _note(run, "只有一种拆分符合行合计与勾稽关系，已按列归位"))
        else:
            rows[rk] = _decline(row, narrowed, run)
    return table.model_copy(update={"rows": rows})


def _split_table4(table: Table, layout: Layout) -> Table:
    rows = list(table.rows.values())
    if not rows or not all(_splittable(r) for r in rows):
        return table
    columns = [c for rd in layout.table4 for c in rd.columns]
    sums, at = [], 0
    for rd in layout.table4:
        sums.append((at, at + len(rd.columns) - 1))
        at += len(rd.columns)
    first = rows[0]
    chunks = [c.text for c in first.seen]
    run = "".join(chunks)
    cands = _candidates(chunks, Shape(tuple(c.value_type for c in columns), tuple(sums)))
    if cands is None or len(cands) != 1:
        return table.model_copy(update={"rows": {r.key: _decline(r, cands, run) for r in rows}})
    cells = _cells(cands[0], columns, _chunk_sources(first, cands[0]))
    out, at = {}, 0
    note = _note(run, "只有一种拆分符合各栏总计，已按列归位")
    for rd, row in zip(layout.table4, rows, strict=True):
        block = cells[at : at + len(rd.columns)]
        at += len(rd.columns)
        out[row.key] = row.model_copy(update={
            "status": RowStatus.OK, "seen": [], "split_note": note,
            "cells": {c.key: cell for c, cell in zip(rd.columns, block, strict=True)}})
    return table.model_copy(update={"rows": out})


def split_runs(tables: dict[TableKey, Table], layout: Layout) -> dict[TableKey, Table]:
    """Given the tables read from run-together text, return them with every run split that the arithmetic
    singles out; every other run stays unreadable, with its candidate splits and a note saying why."""
    out = dict(tables)
    if TableKey.PROACTIVE in out:
        out[TableKey.PROACTIVE] = _split_table2(out[TableKey.PROACTIVE], layout)
    if TableKey.APPLICATIONS in out:
        out[TableKey.APPLICATIONS] = _split_table3(out[TableKey.APPLICATIONS], layout)
    if TableKey.REVIEW_LITIGATION in out:
        out[TableKey.REVIEW_LITIGATION] = _split_table4(out[TableKey.REVIEW_LITIGATION], layout)
    return out
