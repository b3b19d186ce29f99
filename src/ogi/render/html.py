"""Report → one standalone, accessible, printable HTML5 page in the national layout.

No scripts and no external resources: the CSS is embedded. Every table cell carries the text as printed;
header cells have a scope, and data cells list their headers explicitly (the tables have several header
levels). Rows that could not be read are shown as such, never as numbers.
"""

from __future__ import annotations

from html import escape

from ogi.model.report import Report, Section, SectionKey
from ogi.render.layout_text import (
    SECTION_HEADINGS,
    SECTION_TABLES,
    Grid,
    Placed,
    Role,
    paragraphs,
    place,
    problem_notes,
    report_title,
    table_grid,
)

__all__ = ["render_html"]

_CSS = """
:root { color-scheme: light; }
html { font-size: 100%; }
body {
  margin: 0 auto; padding: 1.5rem 1rem 3rem; max-width: 50rem;
  font-family: "仿宋_GB2312", "仿宋", FangSong, STFangsong, "Noto Serif CJK SC", "Source Han Serif SC", serif;
  font-size: 1.125rem; line-height: 1.8; color: #1a1a1a; background: #fff;
}
h1 {
  font-family: "方正小标宋简体", "方正小标宋_GBK", "Noto Serif CJK SC", "Source Han Serif SC", serif;
  font-size: 1.75rem; line-height: 1.4; text-align: center; margin: 1rem 0 2rem;
}
h2 {
  font-family: "黑体", SimHei, "Noto Sans CJK SC", "Source Han Sans SC", sans-serif;
  font-size: 1.25rem; font-weight: normal; margin: 1.75rem 0 0.75rem; text-indent: 2em;
}
p { margin: 0 0 0.5rem; text-indent: 2em; text-align: justify; }
p.absent { color: #8a1c1c; }
.table-wrap { overflow-x: auto; margin: 1rem 0 1.5rem; }
.table-wrap:focus { outline: 0.2rem solid #1a4f9c; outline-offset: 0.15rem; }
table { border-collapse: collapse; width: 100%; font-size: 0.9375rem; line-height: 1.5; }
caption {
  position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap;
}
th, td { border: 1px solid #333; padding: 0.3rem 0.4rem; text-align: center; vertical-align: middle; }
th { font-weight: normal; background: #f2f2f2; }
th[scope="row"] { text-align: left; background: #fafafa; min-width: 9em; }
th.note { font-size: 0.8125rem; text-align: left; }
th.vertical { writing-mode: vertical-rl; letter-spacing: 0.1em; }
td { font-variant-numeric: tabular-nums; min-width: 2.5rem; }
td.unreadable, td.missing { text-align: left; color: #8a1c1c; background: #fdeeee;
  border-left: 0.25rem solid #8a1c1c; }
@media print {
  @page { size: A4 portrait; margin: 2.5cm 2cm; }
  body { max-width: none; padding: 0; font-size: 12pt; }
  h1 { font-size: 22pt; }
  h2 { font-size: 16pt; break-after: avoid; }
  p { orphans: 2; widows: 2; }
  .table-wrap { overflow: visible; }
  table { font-size: 9pt; line-height: 1.3; }
  th, td { padding: 1.5pt 3pt; }
  thead { display: table-header-group; }
  tr, th, td { break-inside: avoid; }
  th, td { border-color: #000; background: none; }
  td { min-width: 0; width: 2.8em; }
  td.unreadable, td.missing { color: #000; }
}
"""

_DOC = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>{css}</style>
</head>
<body>
<main>
<h1>{title}</h1>
{body}
</main>
</body>
</html>
"""


def _e(text: str) -> str:
    return escape(text, quote=True)


def _attrs(pairs: dict[str, str | int | None]) -> str:
    return "".join(f' {k}="{_e(str(v))}"' for k, v in pairs.items() if v not in (None, ""))


def _headers_of(cell: Placed, placed: list[Placed], ids: dict[int, str], head: set[int]) -> str:
    """The ids of the header cells above (in the head or the same block) and left of a data cell.

    A cell standing for a whole unreadable or missing row names only its row headers."""
    top, left = cell.row + cell.cell.rowspan, cell.col + cell.cell.colspan
    out = []
    for h in placed:
        if id(h) not in ids or (h.group != cell.group and h.group not in head):
            continue
        above = h.row < cell.row and h.covers_col(cell.col, left) and cell.cell.role is Role.DATA
        beside = h.col < cell.col and h.covers_row(cell.row, top)
        if above or beside:
            out.append(ids[id(h)])
    return " ".join(out)


def _cell(p: Placed, ids: dict[int, str], headers: str) -> str:
    c = p.cell
    span = {k: v for k, v in (("rowspan", c.rowspan), ("colspan", c.colspan)) if v > 1}
    if c.role.is_header:
        scope = "colgroup" if c.role is Role.NOTE else c.role.value
        cls = " ".join(n for n, on in (("note", c.role is Role.NOTE), ("vertical", c.vertical)) if on)
        return f"<th{_attrs({'id': ids[id(p)], 'scope': scope, **span, 'class': cls})}>{_e(c.text)}</th>"
    cls = c.role.value if c.role is not Role.DATA else None
    return f"<td{_attrs({**span, 'class': cls, 'headers': headers})}>{_e(c.text)}</td>"


def _table(grid: Grid) -> str:
    prefix = grid.key.value
    placed = list(place(grid))
    ids = {id(p): f"{prefix}-h{i}" for i, p in enumerate(p for p in placed if p.cell.role.is_header)}
    head = {g for g, group in enumerate(grid.groups) if group.head}
    rows: dict[tuple[int, int], list[str]] = {}
    for p in placed:
        headers = "" if p.cell.role.is_header else _headers_of(p, placed, ids, head)
        rows.setdefault((p.group, p.row), []).append(_cell(p, ids, headers))
    parts = [f'<table id="{prefix}">', f'<caption id="{prefix}-caption">{_e(grid.title)}</caption>']
    parts += [f'<colgroup span="{n}"></colgroup>' if n > 1 else "<colgroup></colgroup>" for n in grid.colgroups]
    for g, group in enumerate(grid.groups):
        tag = "thead" if group.head else "tbody"
        trs = [f"<tr>{''.join(cells)}</tr>" for (rg, _), cells in rows.items() if rg == g]
        parts.append(f"<{tag}>\n" + "\n".join(trs) + f"\n</{tag}>")
    parts.append("</table>")
    wrap = f'<div class="table-wrap" role="region" aria-labelledby="{prefix}-caption" tabindex="0">'
    return wrap + "\n" + "\n".join(parts) + "\n</div>"


def _section(report: Report, key: SectionKey, number: int) -> str:
    found: Section | None = report.section(key)
    heading = found.heading if found else SECTION_HEADINGS[key]
    out = [f'<section aria-labelledby="s{number}">', f'<h2 id="s{number}">{_e(heading)}</h2>']
    if found is None:
        out.append('<p class="absent">（原文未找到此部分）</p>')
    else:
        out += [f"<p>{_e(p)}</p>" for p in paragraphs(found.text)]
    table = SECTION_TABLES.get(key)
    if table is not None:
        out.append(_table(table_grid(report, table)))
        out += [f'<p class="note">{_e(n)}</p>' for n in problem_notes(report, table)]
    out.append("</section>")
    return "\n".join(out)


def render_html(report: Report) -> str:
    """Given a report, return a standalone HTML page (UTF-8 text): title, six sections, three tables."""
    preamble = [f"<p>{_e(p)}</p>" for p in paragraphs(report.preamble)]
    body = "\n".join(preamble + [_section(report, key, i) for i, key in enumerate(SectionKey, start=1)])
    return _DOC.format(title=_e(report_title(report)), css=_CSS, body=body)
