"""Read scanned pages (image-only PDF pages, table images, photos) offline with a local OCR engine.

Optional: it needs the `ocr` extra (rapidocr, whose wheel ships the PP-OCR models, run by onnxruntime on the
CPU). The page image is deskewed, its ruled lines found, and the recognised text boxes placed into the same
layout as a born-digital page's characters (ogi.read.pdf.layout), so extraction needs no change. Never silent:
an uncertain box makes its row unreadable, with what was seen, in the document's damage notes.
"""

# the page reader (ogi.read.ocr.page) builds on ogi.read.pdf, which imports this package: import it from there
from ogi.read.ocr.engine import OcrUnavailableError, ocr_available

__all__ = ["OcrUnavailableError", "ocr_available"]
