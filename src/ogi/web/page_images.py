"""The page images of stored PDF reports: one page rendered to PNG with pypdfium2, so the cell page can show
where a cell was printed.

Cached in memory, per process, keyed by (sha, page, scale): a blob never changes under its sha, so an entry
never goes stale, and a bounded LRU keeps a worker's memory flat (a readable page is ~100-300 KB). Not on
disk: several workers behind a proxy would each need a writable shared directory and a cleanup rule, for
images that take some tens of milliseconds to render again.
"""

from __future__ import annotations

import io
import threading
from collections import OrderedDict
from collections.abc import Callable

__all__ = ["MAX_PIXELS", "SCALE", "PageNotFound", "page_bounds", "page_png"]

SCALE = 1.5  # 108 dpi: Chinese text of a printed table is readable at this size
MAX_PIXELS = 2400  # the longer side is bounded, whatever the page's size: a poster-sized page is scaled down
_CACHE_SIZE = 64
_cache: OrderedDict[tuple[str, int, float], bytes] = OrderedDict()
_lock = threading.Lock()
_bounds: OrderedDict[tuple[str, int], tuple[float, float, float, float]] = OrderedDict()


class PageNotFound(Exception):
    """The file is not a PDF, cannot be opened, or has no such page."""


def _scale_for(width: float, height: float) -> float:
    """The render scale: SCALE, lowered so the longer side stays within MAX_PIXELS."""
    longest = max(width, height, 1.0)
    return min(SCALE, MAX_PIXELS / longest)


def _render(data: bytes, page: int) -> bytes:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise PageNotFound(str(exc)) from exc
    try:
        if not 1 <= page <= len(pdf):
            raise PageNotFound(f"no page {page}")
        p = pdf[page - 1]
        width, height = p.get_size()
        image = p.render(scale=_scale_for(width, height)).to_pil()
        out = io.BytesIO()
        image.save(out, format="PNG", optimize=False)
        return out.getvalue()
    finally:
        pdf.close()


def page_png(sha: str, data: bytes, page: int) -> bytes:
    """Given a PDF's sha, bytes and a 1-based page number, return that page as PNG (cached)."""
    key = (sha, page, SCALE)
    with _lock:
        hit = _cache.get(key)
        if hit is not None:
            _cache.move_to_end(key)
            return hit
    png = _render(data, page)
    with _lock:
        _cache[key] = png
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return png


def page_bounds(sha: str, data: Callable[[], bytes], page: int) -> tuple[float, float, float, float]:
    """Given a PDF's sha, a function giving its bytes (called only when not cached) and a 1-based page number,
    return the part of the page its image shows, in
    points of the page's own coordinates (left, bottom, right, top; the crop box): where a cell's box
    (ogi.model.report.Box) falls on the image. Cached like the images."""
    key = (sha, page)
    with _lock:
        hit = _bounds.get(key)
        if hit is not None:
            return hit
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data())
    except pdfium.PdfiumError as exc:
        raise PageNotFound(str(exc)) from exc
    try:
        if not 1 <= page <= len(pdf):
            raise PageNotFound(f"no page {page}")
        left, bottom, right, top = pdf[page - 1].get_bbox()
    finally:
        pdf.close()
    found = (float(left), float(bottom), float(right), float(top))
    with _lock:
        _bounds[key] = found
        while len(_bounds) > 16 * _CACHE_SIZE:
            _bounds.popitem(last=False)
    return found
