"""Model → Markdown: the title, six sections and three tables as pipe tables, readable back by ogi."""

from __future__ import annotations

from ogi.model.layout import TABLE_TITLES, RowDef, TableKey, layout_for
from ogi.model.report import SECTION_TITLES, Report, Row, RowStatus, SectionKey
from ogi.render.layout_text import UNREAD_MARK, printed_rows

__all__ = ["render_markdown"]

_TABLE_IN = {SectionKey.PROACTIVE: TableKey.PROACTIVE, SectionKey.APPLICATIONS: TableKey.APPLICATIONS,
             SectionKey.REVIEW_LITIGATION: TableKey.REVIEW_LITIGATION}


def _esc(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _md_row(cells: list[str]) -> str:
    return "| " + " | ".join(_esc(c) for c in cells) + " |"


def _values(row: Row, columns: list[str]) -> list[str] | None:
    """The row's cells as printed; an unreadable row keeps exactly the cells seen (so it reads back the same;
    a mark when none was seen), a missing row is not written."""
    if row.status is RowStatus.OK:
        return [row.cells[c].text for c in columns]
    if row.status is RowStatus.UNREADABLE:
        return [c.text for c in row.seen] or [UNREAD_MARK]
    return None


def _table2(report: Report) -> list[str]:
    layout = layout_for(report.metadata.format_version)
    table = report.tables[TableKey.PROACTIVE]
    out: list[str] = []
    width = 1 + max(len(r.columns) for r in layout.table2)
    block: list[RowDef] = []
    for row in layout.table2:
        if row.is_group:
            out.append(_md_row([row.label] + [""] * (width - 1)))
            if not block:
                out.append(_md_row(["---"] * width))
            block = [row]
            continue
        if len(block) == 1:
            out.append(_md_row(["信息内容", *[c.label for c in row.columns]] + [""] * (width - 1 - len(row.columns))))
        block.append(row)
        vals = _values(table.rows[row.key], [c.key for c in row.columns])
        if vals is not None:  # not padded to the table's width: an empty cell in a markdown row is a column
            out.append(_md_row([row.label, *vals]))
    return out


def _table3(report: Report) -> list[str]:
    layout = layout_for(report.metadata.format_version)
    cols = [c.key for c in layout.table3_columns]
    out = [
        _md_row(["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况", "", "", "", "", "", ""]),
        _md_row(["---"] * 8),
        _md_row(["", "自然人", "法人或其他组织", "", "", "", "", "总计"]),
        _md_row(["", "", *[c.label for c in layout.table3_columns[1:6]], ""]),
    ]
    for rd, row in printed_rows(report, TableKey.APPLICATIONS):
        if row is None:
            out.append(_md_row([rd.label] + [""] * 7))
            continue
        vals = _values(row, cols)
        if vals is not None:
            out.append(_md_row([rd.label, *vals]))
    return out


def _table4(report: Report) -> list[str]:
    layout = layout_for(report.metadata.format_version)
    table = report.tables[TableKey.REVIEW_LITIGATION]
    results = [c.label for c in layout.table4_columns]
    out = [
        _md_row(["行政复议", "", "", "", "", "行政诉讼"] + [""] * 9),
        _md_row(["---"] * 15),
        _md_row(["", "", "", "", "", "未经复议直接起诉", "", "", "", "", "复议后起诉", "", "", "", ""]),
        _md_row(results * 3),
    ]
    rows = [table.rows[r.key] for r in layout.table4]
    if all(r.status is RowStatus.OK for r in rows):
        out.append(_md_row([r.cells[c.key].text for r in rows for c in layout.table4_columns]))
    elif rows[0].status is RowStatus.UNREADABLE and rows[0].seen:
        out.append(_md_row([c.text for c in rows[0].seen]))  # the printed row as it was, cells dropped or doubled
    return out


_BUILDERS = {TableKey.PROACTIVE: _table2, TableKey.APPLICATIONS: _table3, TableKey.REVIEW_LITIGATION: _table4}


def render_markdown(report: Report) -> str:
    """Given a report, return it as Markdown: headings, prose, and the three tables as pipe tables."""
    m = report.metadata
    title = m.title or f"{m.agency or ''}{m.report_year or ''}年政府信息公开工作年度报告"
    out = [f"# {title}", ""]
    if report.preamble:
        out += [p for para in report.preamble.split("\n") for p in (para, "")]
    sections = {s.key: s for s in report.sections}
    for key in SectionKey:
        section = sections.get(key)
        if section is None and key not in _TABLE_IN:
            continue
        out += [f"## {section.heading if section else SECTION_TITLES[key]}", ""]
        if section and section.text:
            out += [p for para in section.text.split("\n") for p in (para, "")]
        table_key = _TABLE_IN.get(key)
        if table_key is not None and report.tables[table_key].found:
            out += _BUILDERS[table_key](report) + [""]
        elif table_key is not None:
            out += [f"（未找到{TABLE_TITLES[table_key]}的表格）", ""]
    if m.date_of_issue and m.date_of_issue_from == "落款":
        out += [f"{m.date_of_issue.year}年{m.date_of_issue.month}月{m.date_of_issue.day}日", ""]
    return "\n".join(out)
