"""How many pages of a file would be read by OCR (ocr="auto"), told quickly and without the OCR extra: the pages
of a PDF without a text layer, every frame of a page image. The corpus uses it to mark a reading made without
OCR (ogi.versions.NO_OCR), the web to send a scan to the background instead of reading it in the request."""

from __future__ import annotations

__all__ = ["scan_pages"]


def scan_pages(data: bytes) -> int:
    """Given a file's bytes, return how many of its pages have no text to read but their image (0 for a
    born-digital PDF and every other form; a broken file is the reader's to report, here 0)."""
    from ogi.read.forms import Form, sniff

    form = sniff(data)
    if form is Form.PDF:
        return _pdf_scan_pages(data)
    if form is Form.IMAGE:
        return _frames(data)
    return 0


def _pdf_scan_pages(data: bytes) -> int:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return 0
    count = 0
    try:
        for index in range(len(pdf)):
            try:
                page = pdf[index]
                textpage = page.get_textpage()
                try:
                    count += not textpage.get_text_range().strip()
                finally:
                    textpage.close()
                    page.close()
            except Exception:  # noqa: BLE001, S112 - a page that fails to load is the reader's to note
                continue
    finally:
        pdf.close()
    return count


def _frames(data: bytes) -> int:
    import io

    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            return max(1, int(getattr(image, "n_frames", 1)))
    except Exception:  # noqa: BLE001 - a broken picture is still one page to the reader (which says why)
        return 1
