"""Read DOCX reports (python-docx): paragraphs and tables in body order, merged cells expanded.

A horizontally merged cell (gridSpan) keeps its text in its first grid cell; a vertically merged
continuation (vMerge) is an empty cell, as PDF text gives them. DOC and WPS files are converted to DOCX by
LibreOffice headless when it is installed.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

from ogi.errors import CorruptFileError, TooLargeError
from ogi.read.document import Document, Line
from ogi.read.text import split_cells

__all__ = ["MAX_UNZIPPED", "read_docx"]

MAX_UNZIPPED = 200 * 1024 * 1024  # a real report's DOCX unzips to a few MB
MAX_RATIO = 200  # compression ratio above this is a zip bomb, not a report
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _guard_zip(data: bytes, name: str | None) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except zipfile.BadZipFile as exc:
        raise CorruptFileError(name, "DOCX（zip）结构损坏") from exc
    total = sum(i.file_size for i in infos)
    if total > MAX_UNZIPPED or total > MAX_RATIO * max(len(data), 1):
        raise TooLargeError(name, f"解压后 {total // (1024 * 1024)} MB")
    if not any(i.filename == "word/document.xml" for i in infos):
        raise CorruptFileError(name, "缺少 word/document.xml，不是Word文档")


def _runs_text(el) -> str:  # noqa: ANN001 - an lxml element of the document part
    """Given a paragraph or cell element, return its text; tabs kept (they separate cells in some reports)."""
    parts: list[str] = []
    for node in el.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}p"):
        if node.tag == f"{_W}t":
            parts.append(node.text or "")
        elif node.tag == f"{_W}tab":
            parts.append("\t")
        elif node.tag == f"{_W}br" or (node.tag == f"{_W}p" and parts):
            parts.append("")  # a line break inside a cell joins CJK text without a space
    return "".join(parts).strip()


def _table_rows(tbl) -> Iterator[tuple[tuple[str, ...], frozenset[int]]]:  # noqa: ANN001
    """Yield each row's cells with gridSpan expanded, and the indices of cells that continue a merged cell."""
    for tr in tbl.iterchildren(f"{_W}tr"):
        cells: list[str] = []
        covered: set[int] = set()
        for tc in tr.iterchildren(f"{_W}tc"):
            pr = tc.find(f"{_W}tcPr")
            span, cont = 1, False
            if pr is not None:
                gs = pr.find(f"{_W}gridSpan")
                if gs is not None:
                    try:
                        span = max(1, min(int(gs.get(f"{_W}val", "1")), 64))
                    except ValueError:
                        span = 1  # hostile or broken: one cell
                vm, hm = pr.find(f"{_W}vMerge"), pr.find(f"{_W}hMerge")  # hMerge: Word 97's horizontal merge
                cont = any(m is not None and m.get(f"{_W}val", "continue") == "continue" for m in (vm, hm))
            nested = tc.find(f"{_W}tbl")
            if nested is not None:  # a table inside a cell: its rows come out as rows of their own
                yield from _table_rows(nested)
            if cont:
                covered.update(range(len(cells), len(cells) + span))
            covered.update(range(len(cells) + 1, len(cells) + span))
            # the cell's own paragraphs only: a nested table's text came out as rows of its own above
            own = "" if cont else "".join(_runs_text(child) for child in tc
                                          if child.tag not in (f"{_W}tcPr", f"{_W}tbl"))  # incl. w:sdt
            cells.append(own)
            cells.extend([""] * (span - 1))
        if any(cells):
            yield tuple(cells), frozenset(covered)


def read_docx(data: bytes, *, name: str | None = None) -> Document:
    """Given DOCX bytes, return the document: each paragraph a line, each table row a line of cells."""
    _guard_zip(data, name)
    import docx  # python-docx; imported here so text-only use does not pay for it

    try:
        body = docx.Document(io.BytesIO(data)).element.body
    except Exception as exc:  # python-docx raises several types for broken parts
        raise CorruptFileError(name, f"Word文档无法解析：{exc.__class__.__name__}") from exc
    lines: list[Line] = []
    number = 0
    for child in body.iterchildren():
        if child.tag == f"{_W}p":
            for piece in _runs_text(child).split("\n"):
                cells, _ = split_cells(piece)
                if any(cells):
                    number += 1
                    lines.append(Line(number=number, cells=cells))
        elif child.tag == f"{_W}tbl":
            for row, covered in _table_rows(child):
                number += 1
                lines.append(Line(number=number, cells=row, covered=covered, grid=True))
    return Document(lines=tuple(lines), name=name, form="docx")
