"""Read born-digital PDF reports from their text layer (pypdfium2, BSD/Apache: no AGPL in the core).

Every character comes with its box. Characters are grouped into printed lines by their vertical centre and
split into cells where the horizontal gap is wider than a character, so a ruled table row becomes a line of
cells and a wrapped label becomes lines of text, exactly the shape the text extractor reads. Tables that run
across pages need no stitching: rows are matched by label, in order, wherever they are. Page footers ("-3-")
and running headers repeated on every page are dropped.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from ogi.errors import CorruptFileError, EncryptedError, NoTextLayerError
from ogi.extract.normalize import norm
from ogi.read.document import CellBox, Document, Line
from ogi.read.pdf_grid import MAX_RULES, Grid, Segment, find_grids, segments_of_paths
from ogi.read.pdfium_errors import pdfium_zh
from ogi.read.text import PAGE_FOOTER

__all__ = ["PdfSettings", "read_pdf"]


@dataclass(frozen=True, slots=True)
class PdfSettings:
    """Every tolerance of the PDF reader, in units of the line's character height."""

    same_line: float = 0.45  # centres closer than this share a line
    cell_gap: float = 0.9  # without a ruled edge between them, a gap wider than this starts a new cell
    rule_width: float = 3.0  # points: a path this narrow is a vertical rule
    word_gap: float = 0.2  # a gap wider than this (inside a cell) is a space
    header_zone: float = 0.08  # top and bottom fraction of the page where running headers live


@dataclass(slots=True)
class _Char:
    ch: str
    left: float
    right: float
    bottom: float
    top: float
    space_before: bool = False  # the PDF has a space character right before this one

    @property
    def mid(self) -> float:
        return (self.bottom + self.top) / 2

    @property
    def height(self) -> float:
        return max(self.top - self.bottom, 1.0)


_ABSURD = 60.0  # points: a loose character box this big is a font's bogus ascent (seen in WPS vertical text)


def _square(box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    """Given a character's tight box, return a square box around it, the size of a full-width character."""
    left, bottom, right, top = box
    half = max(right - left, top - bottom) / 2
    x, y = (left + right) / 2, (bottom + top) / 2
    return x - half, y - half, x + half, y + half


def _page_chars(page) -> list[_Char]:  # noqa: ANN001 - a pypdfium2 page
    import pypdfium2.raw as raw
    from pypdfium2 import PdfiumError

    textpage = page.get_textpage()
    raw_textpage, rect, loose_box = textpage.raw, raw.FS_RECTF(), raw.FPDFText_GetLooseCharBox
    try:
        n = textpage.count_chars()
        text = textpage.get_text_range(0, n) if n else ""
        chars: list[_Char] = []
        if len(text) != n:  # surrogate pairs or generated characters: read one by one
            text = "".join(textpage.get_text_range(i, 1)[:1] or " " for i in range(n))
        spaced = False
        for i, ch in enumerate(text):
            if ch.isspace() or ch == "\x00":
                spaced = ch in " \u3000\xa0"
                continue
            # the loose box spans the font's ascent and descent: "、" and "。" share the line of their words
            if not loose_box(raw_textpage, i, rect):  # the C function: the helper made a rectangle per call
                raise PdfiumError("Failed to get charbox.")
            left, bottom, right, top = rect.left, rect.bottom, rect.right, rect.top
            if right <= left and top <= bottom:
                continue
            if right - left > _ABSURD or top - bottom > _ABSURD:
                left, bottom, right, top = _square(textpage.get_charbox(i))
            chars.append(_Char(ch, left, right, bottom, top, spaced))
            spaced = False
        return chars
    finally:
        textpage.close()


_Rule = tuple[float, float, float]  # x, bottom, top
# y, cells, a ruled row, covered cells, each cell's box (None for a covered cell)
_PageLine = tuple[float, tuple[str, ...], bool, frozenset[int], tuple[CellBox | None, ...]]


def _box(left: float, bottom: float, right: float, top: float) -> CellBox:
    """A cell's box, to a tenth of a point (finer than any rule is drawn); plain floats (OCR's are numpy's)."""
    return round(float(left), 1), round(float(bottom), 1), round(float(right), 1), round(float(top), 1)


def _chars_box(chars: list[_Char]) -> CellBox | None:
    """The bounding box of some characters (None for none: an empty cell outside a ruled row)."""
    if not chars:
        return None
    return _box(min(c.left for c in chars), min(c.bottom for c in chars), max(c.right for c in chars),
                max(c.top for c in chars))


def _page_paths(page) -> list[tuple[float, float, float, float, int]]:  # noqa: ANN001 - a pypdfium2 page
    """Given a page, return its path objects as (left, bottom, right, top, segment count).

    Walked through PDFium's C functions directly: pypdfium2's page.get_objects() wraps every object of the
    page (every run of text too) in a Python object with a finalizer, a quarter of reading the page. The walk
    is the same: depth first, into forms up to 4 levels, at most 4 × MAX_RULES objects."""
    import ctypes

    import pypdfium2.raw as raw
    from pypdfium2 import PdfiumError

    out: list[tuple[float, float, float, float, int]] = []
    edges = [ctypes.c_float() for _ in range(4)]
    refs = [ctypes.byref(e) for e in edges]
    matrix = raw.FS_MATRIX()
    budget = [4 * MAX_RULES]  # objects still to visit

    def walk(parent, count, get, level: int, space: tuple[float, ...]) -> bool:  # noqa: ANN001
        """Visit the objects of a page or form; True when a limit stopped the walk."""
        n = count(parent)
        if n < 0:
            raise PdfiumError("Failed to get number of pageobjects.")
        for i in range(n):
            if budget[0] <= 0:
                return True
            budget[0] -= 1
            obj = get(parent, i)
            if not obj:
                raise PdfiumError("Failed to get pageobject.")
            kind = raw.FPDFPageObj_GetType(obj)
            if kind == raw.FPDF_PAGEOBJ_FORM:
                # PDFium gives a path inside a form XObject (stamped, watermarked or imposed pages) its bounds
                # in the form's own space, while characters come in page space: the form's matrix is applied
                if not raw.FPDFPageObj_GetMatrix(obj, matrix):
                    raise PdfiumError("Failed to get matrix of pageobject.")
                inner = _compose((matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f), space)
                if level < 3 and walk(obj, raw.FPDFFormObj_CountObjects, raw.FPDFFormObj_GetObject, level + 1, inner):
                    return True
            elif kind == raw.FPDF_PAGEOBJ_PATH:
                if not raw.FPDFPageObj_GetBounds(obj, *refs):
                    raise PdfiumError("Failed to locate pageobject.")
                box = (edges[0].value, edges[1].value, edges[2].value, edges[3].value)
                out.append((*(_transform(box, space) if level else box), raw.FPDFPath_CountSegments(obj)))
                if len(out) > MAX_RULES:
                    return True
        return False

    walk(page.raw, raw.FPDFPage_CountObjects, raw.FPDFPage_GetObject, 0, (1.0, 0.0, 0.0, 1.0, 0.0, 0.0))
    return out


def _compose(inner: tuple[float, ...], outer: tuple[float, ...]) -> tuple[float, ...]:
    """Given two PDF matrices (a b c d e f), return the one applying `inner` first, then `outer`."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer  # noqa: N806 - the PDF specification's names
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _transform(box: tuple[float, float, float, float], m: tuple[float, ...]) -> tuple[float, float, float, float]:
    """Given a box and a PDF matrix, return the bounds of the box's corners mapped by the matrix."""
    left, bottom, right, top = box
    a, b, c, d, e, f = m
    xs, ys = zip(*((a * x + c * y + e, b * x + d * y + f) for x in (left, right) for y in (bottom, top)), strict=True)
    return min(xs), min(ys), max(xs), max(ys)


def _group_lines(chars: list[_Char], s: PdfSettings) -> list[list[_Char]]:
    lines: list[list[_Char]] = []
    for c in sorted(chars, key=lambda c: -c.mid):
        if lines:
            last = lines[-1]
            ref = last[0]
            if abs(ref.mid - c.mid) <= s.same_line * max(ref.height, c.height):
                last.append(c)
                continue
        lines.append([c])
    return [sorted(line, key=lambda c: c.left) for line in lines]


def _ruled_between(a: _Char, b: _Char, rules: list[_Rule], xs: list[float]) -> bool:
    """Whether a vertical rule (rules sorted by x, xs their x) is drawn between two neighbouring characters."""
    y = (a.mid + b.mid) / 2
    lo, hi = a.right - 0.5, b.left + 0.5
    for i in range(bisect_left(xs, lo), bisect_right(xs, hi)):
        if rules[i][1] <= y <= rules[i][2]:
            return True
    return False


def _edges(rules: list[_Rule], y: float, tolerance: float = 2.0) -> list[float]:
    """Given the rules near a line (sorted by x) and its height, return the distinct x of those crossing it
    (the two sides of neighbouring cell boxes, drawn a hair apart, count once)."""
    edges: list[float] = []
    for x, bottom, top in rules:
        if bottom <= y <= top and not (edges and x - edges[-1] <= tolerance):
            edges.append(x)
    return edges


def _join(chars: list[_Char], s: PdfSettings, size: float,
          ruled: Callable[[_Char, _Char], bool] | None = None) -> list[str]:
    """Given the characters of a line (or of one ruled cell) in reading order, return their text split into
    cells at wide gaps (and where `ruled` says a rule is drawn between two neighbours)."""
    return [text for text, _chars in _split(chars, s, size, ruled)]


def _split(chars: list[_Char], s: PdfSettings, size: float,
           ruled: Callable[[_Char, _Char], bool] | None = None) -> list[tuple[str, list[_Char]]]:
    """_join's cells, each with the characters printed in it."""
    cells: list[tuple[str, list[_Char]]] = []
    current: list[str] = []
    members: list[_Char] = []
    prev: _Char | None = None
    for c in chars:
        if prev is not None:
            gap = c.left - prev.right
            if gap > s.cell_gap * size or (ruled is not None and ruled(prev, c)):
                cells.append(("".join(current).strip(), members))
                current, members = [], []
            elif c.ch.isascii() and prev.ch.isascii() and (c.space_before or gap > s.word_gap * size):
                current.append(" ")  # Latin words and numbers keep their spaces; "0 元" and "2023 年" do not
        current.append(c.ch)
        members.append(c)
        prev = c
    cells.append(("".join(current).strip(), members))
    return cells


def _cells(line: list[_Char], s: PdfSettings,
           page_rules: list[_Rule]) -> tuple[tuple[str, ...], bool, frozenset[int], tuple[CellBox | None, ...]]:
    """Given a line's characters, return its cells, whether they are a ruled table row, no covered cells, and
    each cell's box (in a ruled row the space between its rules, the height of the line's characters).

    In a ruled row every space between two drawn rules is a cell, so an empty cell (printed as nothing)
    still takes its column; elsewhere cells are split at wide gaps and at the rules drawn between them."""
    size = sorted(c.height for c in line)[len(line) // 2]
    low, high = min(c.mid for c in line), max(c.mid for c in line)
    rules = sorted(r for r in page_rules if r[1] <= high and r[2] >= low)  # the rules this line crosses
    edges = _edges(rules, (low + high) / 2)
    if len(edges) >= 3 and edges[0] <= line[0].left + 0.5 and edges[-1] >= line[-1].right - 0.5:
        columns: list[list[_Char]] = [[] for _ in range(len(edges) - 1)]
        for c in line:
            k = bisect_right(edges, (c.left + c.right) / 2) - 1
            columns[min(max(k, 0), len(columns) - 1)].append(c)
        bottom, top = min(c.bottom for c in line), max(c.top for c in line)
        texts, boxes = [], []
        for k, chars in enumerate(columns):
            parts = _join(chars, s, size) if chars else [""]
            texts += parts
            boxes += [_box(edges[k], bottom, edges[k + 1], top)] * len(parts)
        return tuple(texts), True, frozenset(), tuple(boxes)
    xs = [r[0] for r in rules]
    ruled = (lambda a, b: _ruled_between(a, b, rules, xs)) if rules else None
    split = _split(line, s, size, ruled)
    return tuple(t for t, _ in split), False, frozenset(), tuple(_chars_box(cs) for _, cs in split)


def _cell_text(chars: list[_Char], s: PdfSettings) -> str:
    """Given the characters printed inside one ruled cell, return its text: its lines joined in reading
    order (a wrapped label, or vertical text of one character per line, reads as one label)."""
    parts: list[str] = []
    for line in _group_lines(chars, s):
        size = sorted(c.height for c in line)[len(line) // 2]
        text = " ".join(p for p in _join(line, s, size) if p)  # a ruled cell is one cell, whatever its gaps
        if parts and parts[-1][-1:].isascii() and parts[-1][-1:].isalnum() and text[:1].isascii() \
                and text[:1].isalnum():
            parts.append(" ")  # "12" over "34" is two numbers, never "1234"
        parts.append(text)
    return "".join(parts)


_PROSE_LINES = 12  # a cell of more lines than this, most of them words, is prose, not a label


def _grid_lines(grid: Grid, chars: dict[int, list[_Char]], s: PdfSettings) -> list[_PageLine]:
    """Given a ruled table and the characters of each of its cells, return one line per grid band that holds
    text: a merged cell's text stands in its top-left grid cell, the grid cells it covers are listed."""
    texts: dict[int, str] = {}
    out: list[_PageLine] = []
    for cell, cs in chars.items():
        lines = _group_lines(cs, s)
        if len(lines) > _PROSE_LINES and sum(len(ln) > 2 for ln in lines) > len(lines) // 2:
            # a page of prose in a frame or a one-cell layout table: its lines stay lines
            out += [(ln[0].mid, (_cell_text(ln, s),), False, frozenset(), (_chars_box(ln),)) for ln in lines]
        else:
            texts[cell] = _cell_text(cs, s)
    for band in range(grid.bands):
        cells: list[str] = []
        covered: set[int] = set()
        boxes: list[CellBox | None] = []
        for column in range(grid.columns):
            cell = grid.cell[band][column]
            if grid.origin[cell] == (band, column):
                cells.append(texts.get(cell, ""))
                boxes.append(_box(*grid.extent(cell)))
            else:
                covered.add(column)
                cells.append("")
                boxes.append(None)
        if any(cells):
            out.append((grid.band_middle(band), tuple(cells), True, frozenset(covered), tuple(boxes)))
    return out


def _page_lines(page, s: PdfSettings) -> list[_PageLine]:  # noqa: ANN001 - a pypdfium2 page
    """Given a page, return its lines top to bottom: the rows of its ruled tables, read cell by cell, and
    the other lines, split into cells at wide gaps and at rules."""
    chars = _page_chars(page)
    if not chars:
        return []
    horizontal, vertical = segments_of_paths(_page_paths(page), s.rule_width)
    return layout(chars, horizontal, vertical, s)


def layout(chars: list[_Char], horizontal: list[Segment], vertical: list[Segment],
           s: PdfSettings) -> list[_PageLine]:
    """Given a page's characters (or OCR text boxes) and its rules, return its lines top to bottom; shared
    by the text layer and the OCR reader, so a scanned table comes out in the same shape."""
    grids = find_grids(horizontal, vertical)
    in_cells: list[dict[int, list[_Char]]] = [{} for _ in grids]
    free: list[_Char] = []
    for c in chars:
        for k, grid in enumerate(grids):
            where = grid.locate((c.left + c.right) / 2, c.mid)
            if where is not None:
                in_cells[k].setdefault(grid.cell[where[0]][where[1]], []).append(c)
                break
        else:
            free.append(c)
    rules = sorted((v.at, v.lo, v.hi) for v in vertical)
    lines: list[_PageLine] = [(line[0].mid, *_cells(line, s, rules)) for line in _group_lines(free, s)]
    for grid, cells in zip(grids, in_cells, strict=True):
        lines += _grid_lines(grid, cells, s)
    return sorted(lines, key=lambda ln: -ln[0])


def _running(pages: list[list[_PageLine]], heights: list[float],
             s: PdfSettings) -> set[str]:
    """Given each page's lines (y, cells, ruled), return texts printed in the header/footer zone of most pages."""
    if len(pages) < 3:
        return set()
    seen: Counter[str] = Counter()
    for lines, h in zip(pages, heights, strict=True):
        texts = {norm(" ".join(cells)) for y, cells, *_ in lines if y > h * (1 - s.header_zone) or y < h * s.header_zone}
        seen.update(t for t in texts if t)
    return {t for t, n in seen.items() if n >= max(2, len(pages) // 2)}


OCR_DPI = 200  # resolution a textless page is rendered at for OCR (provisional, see bench/bench_ocr.py)

# called after each page read by OCR with (pages done, pages to do): progress on a long scan
Progress = Callable[[int, int], None]


def read_pdf(data: bytes, *, name: str | None = None, settings: PdfSettings | None = None,
             ocr: str = "never", jobs: int = 1, progress: Progress | None = None) -> Document:
    """Given PDF bytes, return the document of its printed lines and cells, with page numbers.

    ocr: "never" (a scan is refused), "auto" (pages without a text layer are read by OCR, which needs the
    `ocr` extra) or "always" (every page is read from its image). A mixed PDF is read page by page: a page
    with a text layer from it, a page without by OCR, in page order. jobs: worker processes for the OCR
    pages (1: in this process); progress: called after each OCR page."""
    import pypdfium2 as pdfium

    s = settings or PdfSettings()
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        text = str(exc).lower()
        if "password" in text:
            raise EncryptedError(name) from exc
        raise CorruptFileError(name, f"PDF无法打开：{pdfium_zh(exc)}") from exc
    try:
        pages: list[list[_PageLine]] = []
        heights: list[float] = []
        failed: dict[int, str] = {}  # a page that fails to load or read is noted, the others are read
        scanned: list[int] = []  # the pages to read by OCR
        for index in range(len(pdf)):
            page = None
            try:
                page = pdf[index]
                height = page.get_height()
                page_lines = [] if ocr == "always" else _page_lines(page, s)
                if not page_lines and ocr != "never":
                    scanned.append(index)
                pages.append(page_lines)
                heights.append(height)
            except Exception as exc:  # noqa: BLE001 - PDFium and broken page content raise many kinds
                failed[index] = f"第{index + 1}页无法读取：{pdfium_zh(exc)}"
                pages.append([])
                heights.append(heights[-1] if heights else 842.0)
            finally:
                if page is not None:
                    page.close()
        if failed and len(failed) == len(pages):
            raise CorruptFileError(name, f"全部{len(pages)}页均无法读取（{next(iter(failed.values()))}）")
    finally:
        pdf.close()
    ocr_damage: list[str] = []  # the rows OCR could not read with certainty, with what was seen
    if scanned:
        from ogi.read.ocr.pages import ocr_pdf_pages

        for index, got in zip(scanned, ocr_pdf_pages(data, scanned, OCR_DPI, s, jobs=jobs, progress=progress),
                              strict=True):
            if isinstance(got, str):
                failed[index] = got
            else:
                pages[index], doubts = got
                ocr_damage += doubts
    return assemble(pages, heights, s, name=name, form="pdf",
                    damage=[failed[k] for k in sorted(failed)] + ocr_damage,
                    ocr_pages=len(scanned) - sum(k in failed for k in scanned))


def assemble(pages: list[list[_PageLine]], heights: list[float], s: PdfSettings, *, name: str | None, form: str,
             damage: list[str], ocr_pages: int) -> Document:
    """Given each page's lines and height, return the document: page footers and running headers dropped,
    lines numbered in page order; a document without a line of text is refused as a scan."""
    if pages and not any(pages):
        raise NoTextLayerError(name, f"共{len(pages)}页，均无文字")
    running = _running(pages, heights, s)
    lines: list[Line] = []
    dropped = 0
    for page_no, page_lines in enumerate(pages, start=1):
        for _y, cells, grid, covered, boxes in page_lines:
            text = " ".join(c for c in cells if c)
            if PAGE_FOOTER.match(text) or (norm(text) in running and any(ln.text == text for ln in lines)):
                dropped += 1
                continue
            lines.append(Line(number=len(lines) + 1, cells=cells, page=page_no, grid=grid, covered=covered,
                              boxes=boxes))
    notes = (f"已忽略 {dropped} 行页码或页眉",) if dropped else ()
    if ocr_pages:
        notes += (f"{ocr_pages} 页无文字层，已用文字识别（OCR）读取",)
    return Document(lines=tuple(lines), name=name, form=form, notes=notes, damage=tuple(damage))
