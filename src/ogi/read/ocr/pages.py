"""Scanned pages read in worker processes, in page order, and page images (JPEG/PNG photos or scans) read
as one-page documents.

Each worker opens the PDF itself and renders its page (a rendered page is megabytes, its PDF is not sent back
and forth); onnxruntime runs with one thread per worker, so `jobs` workers use `jobs` cores.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from ogi.errors import NoTextLayerError, OgiError
from ogi.read.ocr.engine import OcrUnavailableError, ocr_available

if TYPE_CHECKING:
    from ogi.read.document import Document
    from ogi.read.pdf import PdfSettings, Progress, _PageLine

    PageResult = tuple[list[_PageLine], list[str]]

__all__ = ["ImageNeedsOcrError", "image_dpi", "image_pages", "ocr_pdf_pages", "read_image"]


class ImageNeedsOcrError(NoTextLayerError):
    """A page image arrived with OCR turned off (the code is that of a scan: the same remedy)."""

    message_zh = "这是一张图片（扫描件或照片），没有文字层，未做文字识别；可用 --ocr auto 读取（需安装 pip install \"ogi[ocr]\"）"


_A4_WIDTH_IN = 210 / 25.4  # a photo without a resolution is taken as a page of this width
_MAX_PIXELS = 60_000_000  # an A4 page at 600 dpi is 35 million pixels


def _ocr_pdf_page(data: bytes, dpi: float, settings: PdfSettings, index: int) -> PageResult:
    """Render one page of a PDF at `dpi` and read it by OCR (in a worker process, or in this one)."""
    import pypdfium2 as pdfium

    from ogi.read.ocr.page import read_page_image

    pdf = pdfium.PdfDocument(data)
    try:
        page = pdf[index]
        image = page.render(scale=dpi / 72).to_pil()  # colour: the red seal is dropped by its channel
        page.close()
    finally:
        pdf.close()
    return read_page_image(image, dpi, index + 1, settings)


def ocr_pdf_pages(data: bytes, indices: list[int], dpi: float, settings: PdfSettings, *, jobs: int = 1,
                  progress: Progress | None = None) -> list[PageResult | str]:
    """Given PDF bytes and the (0-based) pages to read by OCR, return each page's lines and doubts, or a
    Chinese note when the page could not be read, in the order given; `jobs` worker processes share the pages
    and `progress(done, total)` is called as each one is done. Raises OcrUnavailableError without the extra."""
    from ogi.batch import run

    if not ocr_available():
        raise OcrUnavailableError(None, f"第{indices[0] + 1}页")
    out: list[PageResult | str] = []
    work = functools.partial(_ocr_pdf_page, data, dpi, settings)
    for done, (index, got) in enumerate(run(work, indices, jobs=max(1, min(jobs, len(indices))),
                                            name=lambda i: f"第{i + 1}页"), start=1):
        if isinstance(got, OcrUnavailableError):
            raise got
        out.append(f"第{index + 1}页无法识别：{got.message()}" if isinstance(got, OgiError) else got)
        if progress is not None:
            progress(done, len(indices))
    return out


def image_dpi(image: Any) -> float:  # noqa: ANN401 - a PIL image
    """The resolution of a page image: as its file states it when plausible, else that of an A4 page's width
    (a phone photo states 72 dpi or nothing)."""
    stated = image.info.get("dpi")
    try:
        x = float(stated[0]) if stated else 0.0
    except (TypeError, ValueError, IndexError):
        x = 0.0
    if 100 <= x <= 1200 and 5 * 72 <= image.width / x * 72 <= 17 * 72:  # an A5 to A3 page at that resolution
        return x
    return image.width / _A4_WIDTH_IN


def image_pages(data: bytes, *, name: str | None = None, progress: Progress | None = None
                ) -> tuple[list[list[_PageLine]], list[float], list[str]]:
    """Given the bytes of a page image (each frame of a multi-page TIFF a page), return each page's lines read
    by OCR, its height in points and the damage notes (doubtful boxes, frames that failed)."""
    import io

    from PIL import Image, ImageOps, UnidentifiedImageError

    from ogi.errors import CorruptFileError
    from ogi.read.ocr.page import read_page_image
    from ogi.read.pdf import PdfSettings

    if not ocr_available():
        raise OcrUnavailableError(name, "图片")
    try:
        image = Image.open(io.BytesIO(data))
        frames = getattr(image, "n_frames", 1)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise CorruptFileError(name, f"图片无法打开：{type(exc).__name__}") from exc
    if image.width * image.height > _MAX_PIXELS:
        raise CorruptFileError(name, f"图片过大（{image.width}×{image.height} 像素），超出一页扫描件的范围")
    s = PdfSettings()
    pages: list[list[_PageLine]] = []
    heights: list[float] = []
    damage: list[str] = []
    for k in range(frames):
        try:
            image.seek(k)
            frame = ImageOps.exif_transpose(image).convert("RGB")  # a phone's photo is stored turned
            dpi = image_dpi(image)
            lines, doubts = read_page_image(frame, dpi, k + 1, s)
            height = frame.height * 72 / dpi
        except (OSError, ValueError) as exc:
            damage.append(f"第{k + 1}页图片无法读取：{type(exc).__name__}")
            lines, doubts, height = [], [], heights[-1] if heights else 842.0
        pages.append(lines)
        heights.append(height)
        damage += doubts
        if progress is not None:
            progress(k + 1, frames)
    return pages, heights, damage


def read_image(data: bytes, *, name: str | None = None, ocr: str = "never",
               progress: Progress | None = None) -> Document:
    """Given the bytes of a page image (a scan or a photo of a printed page: JPEG, PNG, TIFF, BMP, WebP; each
    frame of a multi-page TIFF a page), return its document, read by OCR. ocr="never" refuses it: an image
    has no text layer."""
    from ogi.read.pdf import PdfSettings, assemble

    if ocr == "never":
        raise ImageNeedsOcrError(name)
    pages, heights, damage = image_pages(data, name=name, progress=progress)
    return assemble(pages, heights, PdfSettings(), name=name, form="image", damage=damage, ocr_pages=len(pages))
