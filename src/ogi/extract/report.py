"""Document → Report: find the parts, detect the format, read the three tables and the metadata."""

from __future__ import annotations

from collections.abc import Sequence

from ogi.errors import NotAReportError, TableTooLargeError
from ogi.extract.boxes import place_boxes
from ogi.extract.metadata import (
    agency_kind,
    find_date_of_issue,
    find_period,
    find_title,
    parse_title,
    portal_date,
)
from ogi.extract.metatext import agency_from_text, year_from_text
from ogi.extract.normalize import squash_spaces
from ogi.extract.runtogether import is_run_together, split_runs, unjoin
from ogi.extract.sections import Heading, find_headings, table_anchors
from ogi.extract.tables import extract_label_table, extract_table4
from ogi.extract.tokens import is_prose
from ogi.extract.torn import rejoin
from ogi.extract.version import detect_version
from ogi.model.layout import TableKey, layout_for
from ogi.model.report import Metadata, Report, Section, SectionKey, Source
from ogi.read.document import Document, Line

__all__ = ["extract_report"]

# A document with no statistics table is still read as a report (each missing table a finding) when it has
# at least this many of the six part headings; with fewer, nothing of a report is there.
MIN_HEADINGS_WITHOUT_TABLES = 3
# Bounds that keep memory a small multiple of the input: table 四's printed row has 15 cells and table 三
# about 40 rows; a line or a table region far beyond them is not a report's table.
MAX_CELLS_PER_LINE = 300
MAX_LINES_PER_TABLE = 3000

_TABLE_SECTION = {
    SectionKey.PROACTIVE: TableKey.PROACTIVE,
    SectionKey.APPLICATIONS: TableKey.APPLICATIONS,
    SectionKey.REVIEW_LITIGATION: TableKey.REVIEW_LITIGATION,
}


def _region_end(start: int, stops: Sequence[int], n: int) -> int:
    return min((s for s in stops if s > start), default=n)


def _section_text(lines: Sequence[Line], start: int, end: int, skip: set[int]) -> str:
    parts = [squash_spaces(ln.text) for i, ln in enumerate(lines[start:end], start) if i not in skip]
    return "\n".join(p for p in parts if p)


def extract_report(doc: Document) -> Report:
    """Given a read document, return the report model. Raises NotAReportError when nothing of a report is found."""
    run_together = is_run_together(doc)  # crawler text: one long line, cells joined with no separator
    if run_together:
        doc = unjoin(doc)
    lines = doc.lines
    _guard_cells(doc)
    headings = find_headings(lines)
    anchors = table_anchors(lines, headings)
    if not headings and not anchors:
        raise NotAReportError(doc.name, "未找到“一、总体情况”等章节标题，也未找到三张统计表")
    first = min([h.index for h in headings] + list(anchors.values()))
    title = find_title(lines, first) or _page_title(doc)
    agency, year = parse_title(title)
    agency_evidence = year_evidence = f"标题“{title}”" if title else ""
    if agency is None and doc.meta.get("发布机构"):
        agency, agency_evidence = doc.meta["发布机构"], "网页“发布机构”"
    period_start, period_end = find_period("".join(ln.text for ln in lines))  # wrapped lines joined
    if year is None and period_start is not None:
        year, year_evidence = period_start.year, "统计期间"
    if agency is None:
        agency, agency_evidence = agency_from_text(lines)
    if year is None:
        year, year_evidence = year_from_text(lines, agency)  # "现公布…2023年…年度报告", "截至2023年12月31日"
    version, evidence = detect_version(lines, year)
    layout = layout_for(version)
    last_heading = headings[-1].index if headings else len(lines)
    issued, issued_from = find_date_of_issue(lines, last_heading)
    if issued is None:
        issued = portal_date(doc.meta.get("发布日期") or doc.meta.get("成文日期"))
        issued_from = "网页发布日期" if issued else None

    stops = sorted({h.index for h in headings} | set(anchors.values()))
    tables = {}
    table_lines: set[int] = set()
    heading_at = {h.index for h in headings}
    for section, start in anchors.items():
        end = _region_end(start, stops, len(lines))
        region = lines[start + 1 if start in heading_at else start : end]  # the heading is not part of the table
        if len(region) > MAX_LINES_PER_TABLE:
            raise TableTooLargeError(doc.name, f"第{lines[start].number}行起的表格有{len(region)}行，上限{MAX_LINES_PER_TABLE}行")
        key = _TABLE_SECTION[section]
        if key is TableKey.REVIEW_LITIGATION:
            tables[key] = extract_table4(region, layout)
        else:
            tables[key] = extract_label_table(key, region, layout)
        table_lines.update(i for i in range(start + 1, end) if not is_prose(lines[i]))
    for key in (TableKey.PROACTIVE, TableKey.APPLICATIONS):
        if key in tables:  # labels listed first, numbers after (PDF-to-markdown converters)
            tables[key] = rejoin(tables[key], layout)
    if run_together:
        tables = split_runs(tables, layout)
    if not any(t.found for t in tables.values()) and len({h.key for h in headings}) < MIN_HEADINGS_WITHOUT_TABLES:
        found = "、".join(squash_spaces(h.text)[:20] for h in headings) or "无"
        raise NotAReportError(doc.name, f"没有任何统计表，章节标题只找到{len(headings)}个（{found}）")
    for key in TableKey:  # tables not found: every row recorded as missing
        if key not in tables:
            tables[key] = extract_table4([], layout) if key is TableKey.REVIEW_LITIGATION else \
                extract_label_table(key, [], layout)

    meta = Metadata(
        agency=agency,
        agency_evidence=agency_evidence if agency else "",
        agency_kind=agency_kind(agency),
        report_year=year,
        report_year_evidence=year_evidence if year else "",
        format_version=version,
        format_evidence=evidence,
        title=title,
        date_of_issue=issued,
        date_of_issue_from=issued_from,
        period_start=period_start,
        period_end=period_end,
    )
    place_boxes(tables, doc)
    sections = _sections(lines, headings, table_lines)
    preamble = "\n".join(t for ln in lines[:first] if is_prose(ln) and (t := squash_spaces(ln.text)))
    return Report(source_name=doc.name, metadata=meta, preamble=preamble, sections=sections, tables=tables,
                  reader_notes=list(doc.notes), damage=list(doc.damage))


def _guard_cells(doc: Document) -> None:
    for line in doc.lines:
        if len(line.cells) > MAX_CELLS_PER_LINE:
            raise TableTooLargeError(doc.name, f"第{line.number}行有{len(line.cells)}个单元格，上限{MAX_CELLS_PER_LINE}个")


def _page_title(doc: Document) -> str | None:
    title = doc.meta.get("页面标题", "")
    return title if "报告" in title else None


def _sections(lines: Sequence[Line], headings: Sequence[Heading], skip: set[int]) -> list[Section]:
    out = []
    for n, h in enumerate(headings):
        end = headings[n + 1].index if n + 1 < len(headings) else len(lines)
        line = lines[h.index]
        out.append(
            Section(
                key=h.key,
                heading=squash_spaces(h.text),
                text=_section_text(lines, h.index + 1, end, skip),
                source=Source(line=line.number, page=line.page),
            )
        )
    return out
