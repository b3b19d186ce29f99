"""Read report text in the forms it really comes in: PDF-extracted text (tab or space separated cells),
web copies (cells joined by " | ", or one cell per line) and markdown-like `| a | b |` rows.

The reader only splits lines into cells and drops what is certainly not content (page footers, markdown
rule lines); deciding which line is which table row is the extractor's job.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from ogi.errors import NotTextError
from ogi.read.document import Document, Line
from ogi.read.encoding import decode
from ogi.read.pipecells import FORM as PIPE_PER_LINE
from ogi.read.pipecells import is_pipe_per_line, regroup

__all__ = ["PAGE_FOOTER", "read_text", "read_text_file", "split_cells"]

# "-3-", "— 3 —", "－ 12 －", "第3页", "第 3 页 共 9 页", "3/9"
PAGE_FOOTER = re.compile(
    r"^\s*(?:[-—–－_~]+\s*\d{1,3}\s*[-—–－_~]+|第\s*\d{1,3}\s*页(?:\s*[,，/]?\s*共\s*\d{1,3}\s*页)?"
    r"|\d{1,3}\s*/\s*\d{1,3}|[Pp]age\s*\d{1,3}(?:\s*of\s*\d{1,3})?)\s*$"
)
# markdown table rules and ASCII separator lines: "|---|:---:|", "--------\t---\t----": only rule characters,
# with a run of three "-". Tested as a character class plus a substring: the single regex backtracked cubically.
_RULE_CHARS = re.compile(r"[\s|:\-—=+]*")


def _is_rule_line(raw: str) -> bool:
    return "---" in raw and _RULE_CHARS.fullmatch(raw) is not None


_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_MULTI_SPACE = re.compile(r"[ \u3000\xa0]{2,}")
_PIPE = re.compile(r"[|｜]")  # the cells are stripped after the split: "\s*[|｜]\s*" is quadratic on spaces


def split_cells(raw: str) -> tuple[tuple[str, ...], str]:
    """Given one line, return its cells and the form that separated them."""
    line = _MD_HEADING.sub("", raw.rstrip("\r\n"))
    stripped = line.strip()
    if "\t" in line:
        return tuple(c.strip() for c in line.split("\t")), "tabs"
    if len(stripped) > 1 and stripped[0] in "|｜" and stripped[-1] in "|｜":
        return tuple(c.strip() for c in _PIPE.split(stripped[1:-1].strip())), "markdown"
    if " | " in line or "｜" in line:
        return tuple(c.strip() for c in _PIPE.split(stripped)), "pipes"
    if _MULTI_SPACE.search(stripped):
        return tuple(_MULTI_SPACE.split(stripped)), "spaces"
    return ((stripped,) if stripped else ()), "plain"


def read_text(text: str, *, name: str | None = None, encoding: str | None = None) -> Document:
    """Given report text, return the document of its lines split into cells.

    Form feeds and page footers advance the page number; footers and rule lines are dropped and noted.
    """
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    paged = "\f" in text or any(PAGE_FOOTER.match(r) for r in raw_lines)
    page = 1 if paged else None
    lines: list[Line] = []
    forms: Counter[str] = Counter()
    dropped = 0
    for number, raw in enumerate(raw_lines, start=1):
        if "\f" in raw:
            breaks = raw.count("\f")
            page = (page or 1) + breaks
            raw = raw.replace("\f", "")
        if PAGE_FOOTER.match(raw):
            dropped += 1
            page = (page or 1) + 1
            continue
        if _is_rule_line(raw):
            dropped += 1
            continue
        cells, form = split_cells(raw)
        if not any(cells):
            continue
        forms[form] += 1
        # a markdown row is closed by pipes on both sides: an empty last cell is a column, not a trailing tab
        lines.append(Line(number=number, cells=cells, page=page, grid=form == "markdown",
                          blank_after_label=form == "markdown"))
    form = _document_form(forms, lines)
    if is_pipe_per_line(lines):  # one cell per line, each ending in " |" (portal copies)
        lines, form = regroup(lines), PIPE_PER_LINE
    notes = (f"已忽略 {dropped} 行页码、页眉或分隔线",) if dropped else ()
    return Document(lines=tuple(lines), name=name, encoding=encoding, form=form, notes=notes)


def _document_form(forms: Counter[str], lines: list[Line]) -> str:
    table_forms = {k: v for k, v in forms.items() if k != "plain"}
    if table_forms:
        return max(table_forms, key=lambda k: table_forms[k])
    return "cell-per-line" if lines else "plain"


def read_text_file(path: str | Path) -> Document:
    """Given a path to a UTF-8 or GBK/GB18030 text file, return its document."""
    p = Path(path)
    data = p.read_bytes()
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise NotTextError(p.name)
    text, enc = decode(data, name=p.name)
    return read_text(text, name=p.name, encoding=enc)
