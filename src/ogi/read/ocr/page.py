"""One page image → the lines of a page: deskew, find the ruled grid, place the OCR boxes, flag doubt.

The recognised boxes become the "characters" of the born-digital layout (ogi.read.pdf.layout) and the ruled
lines found by morphology become its rules, so a scanned table is cut into cells exactly as a drawn one is.
A box that is doubtful — a digit read below the confidence threshold, a number read differently when its box is
cut out and read again alone (a 9 read as 6 with 0.96 confidence in a page, as 6 with 1.00 alone), two boxes
overlapping in one cell, a box lying across a rule — makes its row unreadable: each value-like cell of that row gets U+FFFD, which the
extractor never reads as a number (ogi.extract.values.value_problem), and the page's damage note says what was
seen, with confidence and box. Nothing is guessed or corrected.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ogi.read.pdf import PdfSettings, _Char, _PageLine, layout
from ogi.read.pdf_grid import segments_of_paths

__all__ = ["MIN_DIGIT_CONFIDENCE", "OcrBox", "read_page_image"]

# a box holding a digit read with less confidence than this is not trusted (provisional: clean 150-300 dpi
# renders of the seeds score ≥0.93 on every box; to be set from the scan corpus measurement)
MIN_DIGIT_CONFIDENCE = 0.90
_OVERLAP = 0.3  # two boxes in one cell sharing this much of the smaller one's area are one thing read twice
_MARK = "\ufffd"
_MIN_TABLE_WIDTH = 100.0  # points (1.4 inch)


@dataclass(frozen=True, slots=True)
class OcrBox:
    """One recognised text box, in page points (y up, as PDF), with its recognition confidence."""

    text: str
    confidence: float
    left: float
    bottom: float
    right: float
    top: float
    recheck: str | None = None  # a number box read again alone, cut out of the page (None: not a number box)


def _deskew(gray: Any) -> tuple[Any, float]:  # noqa: ANN401 - numpy arrays
    """Given a grey page image, return it rotated level and the angle (degrees) it was turned by, measured
    from its long near-horizontal rules (a table page) or, without them, left as is."""
    import cv2
    import numpy as np

    h, w = gray.shape
    ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)[1]
    lines = cv2.HoughLinesP(ink, 1, np.pi / 1800, threshold=w // 4, minLineLength=w // 3, maxLineGap=w // 100)
    if lines is None:
        return gray, 0.0
    angles = [np.degrees(np.arctan2(y2 - y1, x2 - x1)) for x1, y1, x2, y2 in lines.reshape(-1, 4).tolist()]
    angles = [a for a in angles if abs(a) < 10]  # a photo turned by up to 10°
    if not angles:
        return gray, 0.0
    angle = float(np.median(angles))
    if abs(angle) < 0.05:
        return gray, 0.0
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=255), angle


def _rule_paths(gray: Any, dpi: float) -> list[tuple[float, float, float, float, int]]:  # noqa: ANN401
    """Given a level grey page, return its ruled lines as thin path boxes in points (left, bottom, right,
    top, 2), found by opening the ink with long thin kernels: text strokes are shorter than the kernel."""
    import cv2

    h = gray.shape[0]
    ink = cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 25, 15)
    reach = max(int(dpi / 4), 10)  # a quarter inch: longer than any character's stroke
    pt = 72.0 / dpi
    paths: list[tuple[float, float, float, float, int]] = []
    for kernel in ((reach, 1), (1, reach)):
        mask = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, kernel))
        n, _labels, stats, _c = cv2.connectedComponentsWithStats(mask, connectivity=8)
        for x, y, bw, bh, _area in stats[1:n]:
            paths.append((x * pt, (h - y - bh) * pt, (x + bw) * pt, (h - y) * pt, 2))
    return paths


def _recognise(gray: Any, dpi: float) -> list[OcrBox]:  # noqa: ANN401
    """Given a level grey page, return its recognised text boxes in points."""
    import cv2
    import numpy as np

    from ogi.read.ocr.engine import engine

    # each step named on every call: rapidocr keeps the steps of the last call as its own (the number boxes
    # below are read by recognition alone)
    result = engine()(cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR), use_det=True, use_cls=True, use_rec=True)
    if result.boxes is None:
        return []
    h, w = gray.shape[:2]
    pt = 72.0 / dpi
    out: list[OcrBox] = []
    for box, text, score in zip(result.boxes, result.txts, result.scores, strict=True):
        xs, ys = [float(p[0]) for p in box], [float(p[1]) for p in box]
        again = None
        if _is_number(str(text)):
            x0, x1 = max(int(min(xs)) - _PAD, 0), min(int(max(xs)) + _PAD, w)
            y0, y1 = max(int(min(ys)) - _PAD, 0), min(int(max(ys)) + _PAD, h)
            alone = engine()(cv2.cvtColor(np.ascontiguousarray(gray[y0:y1, x0:x1]), cv2.COLOR_GRAY2BGR),
                             use_det=False, use_cls=False, use_rec=True)
            again = "".join(str(t) for t in (alone.txts or ()))
        out.append(OcrBox(str(text), float(score), min(xs) * pt, (h - max(ys)) * pt, max(xs) * pt,
                          (h - min(ys)) * pt, again))
    return out


_PAD = 4  # pixels of paper kept around a number box read again alone


def _is_number(text: str) -> bool:
    """Whether a box reads as a number alone (digits with a decimal point, separators or a per cent sign)."""
    text = text.strip()
    return any(c.isdigit() for c in text) and all(c.isdigit() or c in ".,%" for c in text)


# a number box's width, in box heights: a digit is about half a box high wide (0.44–0.82 per character measured
# on the seeds at 200 dpi, clean and aged, the narrowest "11.55", the widest a lone "0" with its margins)
_DIGIT_WIDTH = {".": 0.4, ",": 0.4, "%": 1.6}
_MARGIN = 0.45  # a box's margins, in box heights (a lone "0" at 150 dpi: 0.96 box heights wide)
_PER_DIGIT = (0.25, 0.6)  # least and most width of one digit, in box heights


def _width_misfit(box: OcrBox) -> str | None:
    """Given a box read as a number, return why its width does not fit the characters read (a digit lost: the
    box is wider than its digits; a digit read twice: narrower), or None."""
    text = box.text.strip()
    if not _is_number(text):
        return None
    h, w = box.top - box.bottom, box.right - box.left
    units = sum(_DIGIT_WIDTH.get(c, 1.0) for c in text)
    if w > h * (_MARGIN + _PER_DIGIT[1] * units):
        return f"文字框宽度可容约 {(w / h - _MARGIN) / _PER_DIGIT[1]:.0f} 个数字，仅识别出“{text}”（可能漏识数字）"
    if w < h * _PER_DIGIT[0] * units:
        return f"文字框宽度容不下识别出的“{text}”（可能重复识别）"
    return None


def _doubt(box: OcrBox, others: list[OcrBox], locate: Any) -> str | None:  # noqa: ANN401
    """Given a box, the other boxes and a function giving the grid cell of a point (or None), return why
    the box cannot be trusted, in Chinese, or None."""
    if any(c.isdigit() for c in box.text) and box.confidence < MIN_DIGIT_CONFIDENCE:
        return f"数字识别置信度 {box.confidence:.2f} 低于 {MIN_DIGIT_CONFIDENCE:.2f}"
    if box.recheck is not None and box.recheck.replace(" ", "") != box.text.replace(" ", ""):
        return f"同一文字框两次识别结果不同（“{box.text}”与单独识别的“{box.recheck}”）"
    if (misfit := _width_misfit(box)) is not None:
        return misfit
    inset_x = min((box.right - box.left) * 0.25, (box.top - box.bottom) * 0.5)
    inset_y = (box.top - box.bottom) * 0.25
    mid_x, mid_y = (box.left + box.right) / 2, (box.bottom + box.top) / 2
    home = locate(mid_x, mid_y)
    if home is not None:
        ends = {locate(box.left + inset_x, mid_y), locate(box.right - inset_x, mid_y),
                locate(mid_x, box.bottom + inset_y), locate(mid_x, box.top - inset_y)}
        if ends != {home}:
            return "文字框跨越表格线"
        for o in others:
            if o is box or locate((o.left + o.right) / 2, (o.bottom + o.top) / 2) != home:
                continue
            w = min(box.right, o.right) - max(box.left, o.left)
            hh = min(box.top, o.top) - max(box.bottom, o.bottom)
            smaller = min((box.right - box.left) * (box.top - box.bottom), (o.right - o.left) * (o.top - o.bottom))
            if w > 0 and hh > 0 and w * hh > _OVERLAP * smaller:
                return f"同一单元格内文字框重叠（“{o.text}”）"
    return None


def read_page_image(image: Any, dpi: float, page: int, settings: PdfSettings | None = None  # noqa: ANN401
                    ) -> tuple[list[_PageLine], list[str]]:
    """Given a page image (a PIL image or an RGB/grey numpy array) rendered at `dpi`, return its lines (as
    the PDF reader's page lines) and the damage notes of the rows made unreadable by doubtful boxes."""
    import numpy as np

    from ogi.read.pdf_grid import Grid, find_grids

    s = settings or PdfSettings()
    arr = np.asarray(image)
    # the red channel drops the red seal out (red is bright there) and keeps black print dark
    gray = arr if arr.ndim == 2 else arr[:, :, 0]
    gray, _angle = _deskew(np.ascontiguousarray(gray))
    horizontal, vertical = segments_of_paths(_rule_paths(gray, dpi), s.rule_width)
    boxes = _recognise(gray, dpi)
    # bold title strokes open into tiny "tables" of a character or two: a table is wider than that
    grids: list[Grid] = [g for g in find_grids(horizontal, vertical) if g.xs[-1] - g.xs[0] >= _MIN_TABLE_WIDTH]
    if grids:
        horizontal = [r for r in horizontal if any(g.xs[0] - 3 <= r.lo and r.hi <= g.xs[-1] + 3 for g in grids)]
        vertical = [r for r in vertical if any(g.ys[-1] - 3 <= r.lo and r.hi <= g.ys[0] + 3 for g in grids)]
    else:
        horizontal, vertical = [], []

    def locate(x: float, y: float) -> tuple[int, int] | None:
        """The (table, merged cell) a point falls in: a merged cell spans grid cells with no rule between."""
        for k, g in enumerate(grids):
            where = g.locate(x, y)
            if where is not None:
                return k, g.cell[where[0]][where[1]]
        return None

    chars: list[_Char] = []
    doubts: list[tuple[float, str]] = []
    for b in boxes:
        why = _doubt(b, boxes, locate)
        text = b.text + _MARK if why else b.text
        if why:
            doubts.append(((b.bottom + b.top) / 2, f"第{page}页识别存疑：“{b.text}”（置信度 {b.confidence:.2f}，"
                           f"位置 {b.left:.0f},{b.bottom:.0f}–{b.right:.0f},{b.top:.0f}）：{why}"))
        chars.append(_Char(text, b.left, b.right, b.bottom, b.top))
    chars += _unread_ink(gray, dpi, grids, chars, doubts, page)
    lines = layout(chars, horizontal, vertical, s)
    return [_unreadable_row(ln) for ln in lines], [d for _y, d in sorted(doubts, key=lambda d: -d[0])]


_INK = 5.0  # square points of dark pixels in a cell read as empty above which something is printed there (the
# digit "1" at 10.5 pt has about 7)
# in the red channel paper is ~255, a red seal's ground ~240, black print ~0 and black under a seal ~120
_DARK = 180


def _unread_ink(gray: Any, dpi: float, grids: list[Any], chars: list[_Char],  # noqa: ANN401
                doubts: list[tuple[float, str]], page: int) -> list[_Char]:
    """A grid cell where no text was recognised but ink is printed (a digit under a stamp, a faint digit)
    must not read as blank: return a mark for each such cell, and note it."""
    h = gray.shape[0]
    px = dpi / 72.0
    taken = set()
    for c in chars:
        for k, g in enumerate(grids):
            where = g.locate((c.left + c.right) / 2, (c.bottom + c.top) / 2)
            if where is not None:
                taken.add((k, g.cell[where[0]][where[1]]))
                break
    marks: list[_Char] = []
    for k, g in enumerate(grids):
        for band in range(g.bands):
            for column in range(g.columns):
                cell = g.cell[band][column]
                if g.origin[cell] != (band, column) or (k, cell) in taken:
                    continue
                left, bottom, right, top = g.extent(cell)
                pad = 3 * px  # stay clear of the rules
                x0, x1 = int(left * px + pad), int(right * px - pad)
                y0, y1 = int((h / px - top) * px + pad), int((h / px - bottom) * px - pad)
                if x1 - x0 < 4 or y1 - y0 < 4:
                    continue
                inside = gray[y0:y1, x0:x1]
                ink = int((inside < _DARK).sum())
                if ink > _INK * px * px:
                    y = (bottom + top) / 2
                    doubts.append((y, f"第{page}页识别存疑：位置 {left:.0f},{bottom:.0f}–{right:.0f},{top:.0f} 的单元格"
                                      f"有笔迹（{ink / px / px:.0f} 平方点）但未能识别出文字"))
                    marks.append(_Char(_MARK, (left + right) / 2 - 1, (left + right) / 2 + 1, y - 1, y + 1))
    return marks


def _unreadable_row(line: _PageLine) -> _PageLine:
    """A row holding a doubtful box is unreadable as a whole: every cell of it with a digit is marked too, so
    no value of that row is taken (the row's other values might be shifted or misassigned)."""
    y, cells, grid, covered, boxes = line
    if not any(_MARK in c for c in cells):
        return line
    marked = tuple(c + _MARK if c and _MARK not in c and any(ch.isdigit() for ch in c) else c for c in cells)
    return y, marked, grid, covered, boxes
