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
# a real report's word/document.xml is well under 5 MB, its text under 1 M characters; parsing XML costs
# about ten times its size in memory, so these bound memory to a few hundred MB whatever the zip holds
MAX_DOCUMENT_XML = 32 * 1024 * 1024
MAX_TEXT = 4_000_000
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
    main = next((i for i in infos if i.filename == "word/document.xml"), None)
    if main is None:
        raise CorruptFileError(name, "缺少 word/document.xml，不是Word文档")
    if main.file_size > MAX_DOCUMENT_XML:
        raise TooLargeError(name, f"正文部分（document.xml）解压后 {main.file_size // (1024 * 1024)} MB，"
                                  f"上限 {MAX_DOCUMENT_XML // (1024 * 1024)} MB")


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
        raise CorruptFileError(name, f"Word文档无法解析：{_docx_reason(exc)}") from exc
    lines: list[Line] = []
    number = 0
    size = 0
    for child in body.iterchildren():
        if size > MAX_TEXT:
            raise TooLargeError(name, f"正文超过 {MAX_TEXT:,} 个字符，远超年度报告的篇幅")
        if child.tag == f"{_W}p":
            for piece in _runs_text(child).split("\n"):
                cells, _ = split_cells(piece)
                if any(cells):
                    number += 1
                    size += len(piece)
                    lines.append(Line(number=number, cells=cells))
        elif child.tag == f"{_W}tbl":
            for row, covered in _table_rows(child):
                number += 1
                size += sum(map(len, row))
                lines.append(Line(number=number, cells=row, covered=covered, grid=True))
    return Document(lines=tuple(lines), name=name, form="docx")


_REASONS = {
    "BadZipFile": "压缩结构损坏",
    "KeyError": "缺少必需的文档部件",
    "XMLSyntaxError": "XML 语法错误",
    "PackageNotFoundError": "不是Word文档包",
    "ValueError": "内容取值异常",
    "error": "解压失败（数据损坏）",
    "EOFError": "文件不完整（被截断）",
    "NotImplementedError": "使用了不支持的压缩方式",
}


def _docx_reason(exc: BaseException) -> str:
    """Given an exception from python-docx or zipfile, return the reason in Chinese."""
    return _REASONS.get(type(exc).__name__, "文档结构异常")
