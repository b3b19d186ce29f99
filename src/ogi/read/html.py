"""Read report pages as saved from government portals.

The encoding comes from the HTTP header, then the page's meta tag, then detection (UTF-8, GBK, GB18030).
The report body is found inside the portal page (menus, breadcrumbs and footers left out); the portal's
metadata table (索引号 / 发布机构 / 发布日期 …) is kept as metadata. Tables become lines of cells with
rowspan/colspan expanded into a grid: a merged cell's text stands in its first grid cell only, as PDF text
extraction gives it. Pages that only link the report as a PDF/DOCX attachment raise AttachmentOnlyError.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from functools import lru_cache

from lxml import etree

from ogi.errors import AttachmentOnlyError, CorruptFileError, EmptyInputError, OgiError
from ogi.read.document import Document, Line
from ogi.read.encoding import decode_report
from ogi.read.pictures import MAX_PICTURE, ImageSource
from ogi.read.text import split_cells

__all__ = ["read_html"]

_META_CHARSET = re.compile(rb"""<meta[^>]{1,500}?charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*([A-Za-z0-9_\-]+)", re.I)
_DROP_TAGS = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "head", "nav",
              "header", "footer", "form", "button", "select")
_BLOCKS = frozenset({"p", "div", "section", "article", "li", "h1", "h2", "h3", "h4", "h5", "h6", "br", "tr",
                     "table", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "center", "hr"})
_PORTAL_FIELDS = ("索引号", "发布机构", "发文机关", "发布日期", "成文日期", "发文日期", "主题分类", "文号", "生成日期")
_HEADING_WORDS = ("总体情况", "主动公开政府信息", "收到和处理政府信息公开申请", "行政复议", "存在的主要问题",
                  "其他需要报告")
_CHROME = re.compile(r"(^|[\s_-])(nav|menu|footer|foot|header|head|crumbs?|breadcrumbs?|position|location|"
                     r"copyright|share|sidebar|side|toolbar|search|login|banner)([\s_-]|$)", re.I)
_PORTAL_LINE = re.compile(r"^(?:当前位置|您的位置|首页\s*[>›»/])|(?:索引号|发布机构|主题分类|生成日期)\s*[:：]")
_ATTACHMENT = re.compile(r"\.(pdf|docx?|wps)(\?|#|$)", re.I)
_WS = re.compile(r"[ \t\r\n\u3000\xa0]+")
_NEEDS_CLEAN = re.compile(r"^\s|\s$|[\t\r\n\u3000\xa0]|  ")
_XML_DECL = re.compile(r"\A\s{0,64}<\?xml[^>]{0,500}\?>")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_MAX_SPAN = 200  # colspan/rowspan beyond this are treated as 1 (hostile or broken markup)


def _charset(data: bytes, content_type: str | None) -> str | None:
    if content_type:
        m = _HEADER_CHARSET.search(content_type)
        if m:
            return m.group(1)
    m = _META_CHARSET.search(data[:4096])
    return m.group(1).decode("ascii") if m else None


def _xml(text: str | None) -> str | None:
    """Given text from the tree (character references may have put control characters in it), return text
    lxml accepts back."""
    return _CONTROL.sub(" ", text) if text else text


def _clean(text: str) -> str:
    return _WS.sub(" ", text).strip()


def _text(el: etree._Element) -> str:
    """All the text inside an element, joined as printed (serialised in C: far faster than itertext)."""
    if len(el) == 0:
        return el.text or ""
    return etree.tostring(el, method="text", encoding=str, with_tail=False)


def _cell_text(el: etree._Element) -> str:
    # words broken by <br> inside one cell stay one cell; CJK text needs no space at the join
    text = _text(el)
    return _clean(text) if _NEEDS_CLEAN.search(text) else text


def _span(value: str | None) -> int:
    if value is None:
        return 1
    try:
        n = int(value.strip() or 1)
    except ValueError:
        return 1
    return n if 1 <= n <= _MAX_SPAN else 1


_ROWS = etree.XPath("./tr|./thead/tr|./tbody/tr|./tfoot/tr")


GridRow = tuple[tuple[str, ...], frozenset[int]]  # the cells, and which of them continue a merged cell


def table_grid(table: etree._Element) -> list[GridRow]:
    """Given a <table>, return its rows as a grid with spans expanded: a merged cell's text stands in its
    first grid cell, the cells it covers are "" and listed as covered."""
    grid: list[GridRow] = []
    covered: list[int] = []  # per column: rows still covered by a rowspan from above
    for tr in _ROWS(table):
        row: list[str] = []
        spanned: set[int] = set()
        col = 0
        for cell in tr.iterchildren("td", "th"):
            while col < len(covered) and covered[col] > 0:
                spanned.add(col)
                row.append("")
                covered[col] -= 1
                col += 1
            colspan, rowspan = _span(cell.get("colspan")), _span(cell.get("rowspan"))
            row.append(_cell_text(cell))
            if colspan > 1:
                spanned.update(range(col + 1, col + colspan))
                row.extend([""] * (colspan - 1))
            if len(covered) < col + colspan:
                covered.extend([0] * (col + colspan - len(covered)))
            if rowspan > 1:
                covered[col : col + colspan] = [rowspan - 1] * colspan
            col += colspan
        while col < len(covered) and any(covered[col:]):  # columns on the right still covered from above
            if covered[col] > 0:
                covered[col] -= 1
                spanned.add(col)
            row.append("")
            col += 1
        grid.append((tuple(row), frozenset(spanned)))
    return grid


def _has_nested_table(table: etree._Element) -> bool:
    return any(True for _ in table.iterdescendants("table"))


def _common_ancestor(elements: list[etree._Element]) -> etree._Element:
    chains = [[e, *e.iterancestors()][::-1] for e in elements]
    common = chains[0][0]
    for level in zip(*chains, strict=False):
        if all(x is level[0] for x in level):
            common = level[0]
        else:
            break
    return common


_MARKED = re.compile("|".join((*_HEADING_WORDS, "年度报告")))


_ALL_TEXT = etree.XPath("//text()")


def _marked_text(root: etree._Element) -> Iterator[tuple[str, etree._Element]]:
    """Yield (text, element) for each text node holding a heading word or the title, in page order."""
    for node in _ALL_TEXT(root):  # collected in C; one regex per node keeps the Python loop short
        if _MARKED.search(node):
            parent = node.getparent()
            if parent is not None and node.is_tail:
                parent = parent.getparent()  # a tail is printed after its element, inside the parent
            if parent is not None:
                yield str(node), parent


def _report_root(root: etree._Element) -> etree._Element:
    """Given the page, return the smallest element that holds the report's title and part headings."""
    marked = list(_marked_text(root))
    found: list[etree._Element] = []
    for word in _HEADING_WORDS:
        el = next((e for text, e in marked if word in text), None)
        if el is not None:
            found.append(el)
    if not found:
        return root
    title = next((e for text, e in marked if "年度报告" in text and len(_clean(text)) <= 60), None)
    if title is not None:
        found.append(title)  # the title, often above the content box
    return _common_ancestor(found)


def _drop_chrome(root: etree._Element) -> None:
    """Remove menus, breadcrumbs, headers and footers marked by class or id, unless they hold the report."""
    doomed = []
    for el in root.iter("div", "ul", "span", "p", "table", "section"):
        marks = f"{el.get('class', '')} {el.get('id', '')}"
        if marks.strip() and _CHROME.search(marks):
            text = "".join(el.itertext())
            if not any(w in text for w in _HEADING_WORDS):
                doomed.append(el)
    for el in doomed:
        parent = el.getparent()
        if parent is not None:
            parent.remove(el)  # the tail goes too: chrome rarely has report text after it


def _portal_meta(root: etree._Element) -> dict[str, str]:
    meta: dict[str, str] = {}
    whole = _text(root)
    if not any(field in whole for field in _PORTAL_FIELDS):
        return meta
    text = _clean(" ".join(root.itertext()))  # a space between nodes: the value ends where its cell does
    for field in _PORTAL_FIELDS:
        m = re.search(field + r"\s*[:：]\s*([^\s:：]{1,40}(?:\s\d{1,2}:\d{2}(?::\d{2})?)?)", text)
        if m:
            meta[field] = m.group(1).strip()
    return meta


@lru_cache(maxsize=1)
def _marker() -> tuple[str, re.Pattern[str]]:
    """The marker that stands for a table in the page's text, and its pattern: a page cannot forge a marker it
    cannot predict, and the nonce never leaves the process. One per process: compiling a pattern per page
    cost a tenth of reading it."""
    nonce = secrets.token_hex(8)
    return nonce, re.compile(f"\ue000{nonce}:(\\d+)\ue000")


Row = tuple[tuple[str, ...], frozenset[int], bool]  # cells, covered cells, is a table row


def _lines(root: etree._Element, pictures: dict[etree._Element, list[Row]] | None = None) -> Iterator[Row]:
    """Yield the report body's lines in page order, as (cells, covered cells, is a table row): table rows,
    the rows read from its pictures (an <img> table read by OCR, in the picture's place), and the text
    between blocks.

    Done in three sweeps that leave the walking to lxml's C code: each innermost table becomes a grid and is
    replaced by a marker; every block element gets a line break before and after it; the whole body is
    then serialised as text once and split at the markers. The tree is changed on the way.
    """
    nonce, marker = _marker()
    grids: list[list[Row]] = []
    pictured = {id(t) for img in (pictures or {}) for t in img.iterancestors("table")}  # layout tables
    for table in [t for t in root.iter("table") if not _has_nested_table(t) and id(t) not in pictured]:
        grids.append([(cells, covered, True) for cells, covered in table_grid(table)])
        tail = table.tail
        table.clear()
        table.text, table.tail = f"\n\ue000{nonce}:{len(grids) - 1}\ue000\n", _xml(tail)
    for img, rows in (pictures or {}).items():
        grids.append(rows)
        tail = img.tail
        img.clear()
        img.tag = "div"
        img.text, img.tail = f"\n\ue000{nonce}:{len(grids) - 1}\ue000\n", _xml(tail)
    for el in root.iter(*_BLOCKS):
        el.text = "\n" + _xml(el.text) if el.text else "\n"
        if el is not root:
            el.tail = "\n" + _xml(el.tail) if el.tail else "\n"
    pieces = marker.split(_text(root))
    for i, piece in enumerate(pieces):
        if i % 2:  # a marker's number
            yield from (row for row in grids[int(piece)] if any(row[0]))
            continue
        for raw in piece.split("\n"):
            cells, _ = split_cells(raw.replace("\xa0", " ").strip())
            if any(cells):
                yield cells, frozenset(), False


def read_html(data: bytes, *, name: str | None = None, content_type: str | None = None, ocr: str = "never",
              images: ImageSource | None = None) -> Document:
    """Given the bytes of a saved page, return the document of its report body. With ocr "auto" or "always"
    the pictures of the body (a table published as an <img>) are read by OCR in their place: a data: URI, or
    the bytes `images(src)` gives (the files saved with the page); nothing is fetched."""
    if not data.strip():
        raise EmptyInputError(name)
    decoded = decode_report(data, name=name, declared=_charset(data, content_type))
    text, encoding = decoded.text, decoded.encoding
    # lxml refuses str input with an encoding declaration; bounded, so a page of "<?xml" cannot backtrack
    text = _XML_DECL.sub("", text, count=1)
    text = _CONTROL.sub(" ", text)  # control characters are not allowed in XML text; lxml would refuse them
    try:
        # plain etree elements: lxml.html's element classes cost a lookup on every node visited
        root = etree.fromstring(text, etree.HTMLParser(remove_comments=True, remove_pis=True))
    except (etree.ParserError, ValueError) as exc:
        raise CorruptFileError(name, "HTML结构无法解析") from exc
    if root is None:
        raise CorruptFileError(name, "HTML中没有可读的内容")
    page_title = root.findtext(".//title")
    etree.strip_elements(root, *_DROP_TAGS, with_tail=False)
    meta = _portal_meta(root)
    _drop_chrome(root)
    if page_title and page_title.strip():
        meta["页面标题"] = _clean(page_title)
    body = _report_root(root)
    links = [a.get("href", "") for a in root.iter("a") if _ATTACHMENT.search(a.get("href", ""))]  # before _lines
    pictures, picture_notes, picture_damage = _pictures(body, images) if ocr != "never" else ({}, [], [])
    kept = (row for row in _lines(body, pictures) if not _PORTAL_LINE.search(" ".join(row[0])))
    lines = tuple(Line(number=i, cells=cells, covered=covered, grid=grid)
                  for i, (cells, covered, grid) in enumerate(kept, start=1))
    if not any(w in "".join(ln.text for ln in lines) for w in _HEADING_WORDS):
        if links:
            raise AttachmentOnlyError(name, links)
    damage = ((note,) if (note := decoded.note()) else ()) + tuple(picture_damage)
    return Document(lines=lines, name=name, encoding=encoding, form="html", meta=meta, damage=damage,
                    notes=tuple(picture_notes))


_DATA_URI = re.compile(r"data:image/[a-z+.-]{1,20};base64,", re.I)
_MIN_PICTURE = (200, 60)  # pixels: smaller pictures are icons, emblems and buttons, not tables


def _picture_bytes(src: str, images: ImageSource | None) -> bytes | None:
    """Given an <img>'s src, return the picture's bytes: a data: URI decoded, else what `images` gives."""
    import base64
    import binascii

    if (m := _DATA_URI.match(src.strip())) is not None:
        body = src.strip()[m.end():]
        if len(body) > MAX_PICTURE * 4 // 3 + 4:
            return None
        try:
            return base64.b64decode(re.sub(r"\s+", "", body), validate=True)
        except (binascii.Error, ValueError):
            return None
    return images(src) if images is not None and src else None


def _pictures(body: etree._Element, images: ImageSource | None
              ) -> tuple[dict[etree._Element, list[Row]], list[str], list[str]]:
    """Read the pictures of the report body by OCR: return each read picture's rows, the notes (pictures read,
    pictures left unread for want of the OCR extra) and the damage (doubtful boxes, with the picture named)."""
    from ogi.read.forms import is_image

    found: list[tuple[etree._Element, str, bytes]] = []
    for img in body.iter("img"):
        src = img.get("src") or ""
        blob = _picture_bytes(src, images)
        if blob and is_image(blob[:16]) and _big_enough(blob):
            found.append((img, src, blob))
    if not found:
        return {}, [], []
    from ogi.read.ocr import ocr_available

    if not ocr_available():
        return {}, [f"网页中有 {len(found)} 张图片未识别：需要文字识别组件 pip install \"ogi[ocr]\""], []
    from ogi.read.ocr.pages import image_pages

    out: dict[etree._Element, list[Row]] = {}
    damage: list[str] = []
    for k, (img, src, blob) in enumerate(found, start=1):
        shown = src if not src.startswith("data:") else "内嵌图片"
        try:
            pages, _heights, doubts = image_pages(blob)
        except OgiError as exc:
            damage.append(f"网页第{k}张图片（{shown[:60]}）无法识别：{exc.message()}")
            continue
        out[img] = [(cells, covered, grid) for lines in pages for _y, cells, grid, covered, _boxes in lines]
        damage += [f"网页第{k}张图片（{shown[:60]}）{d}" for d in doubts]
    return out, ([f"网页中 {len(out)} 张图片已用文字识别（OCR）读取"] if out else []), damage


def _big_enough(blob: bytes) -> bool:
    import io

    from PIL import Image, UnidentifiedImageError

    try:
        w, h = Image.open(io.BytesIO(blob)).size
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return False
    return w >= _MIN_PICTURE[0] and h >= _MIN_PICTURE[1]
