"""Choose the reader by content, not by file name: PDF, DOCX, DOC/WPS, HTML or text."""

from __future__ import annotations

import re
from dataclasses import replace
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from ogi.errors import EmptyInputError, NotTextError, TooLargeError
from ogi.fileio import display_name, read_regular
from ogi.read.document import Document

if TYPE_CHECKING:
    from ogi.read.pdf import Progress
    from ogi.read.pictures import ImageSource

__all__ = ["MAX_INPUT", "Form", "is_image", "read_bytes", "read_path", "sniff", "with_note"]

MAX_INPUT = 100 * 1024 * 1024  # a real report is at most a few MB; refuse before reading more
_HTML = re.compile(rb"<\s*(!doctype\s+html|html|head|body|table|meta|div|p)[\s>]", re.I)


class Form(StrEnum):
    PDF = "pdf"
    DOCX = "docx"
    DOC = "doc"  # Word 97-2003 or WPS (OLE compound file)
    HTML = "html"
    TEXT = "text"
    IMAGE = "image"  # a scan or photo of a page: JPEG, PNG, TIFF, BMP, WebP (read by OCR)


def is_image(head: bytes) -> bool:
    """Whether the first bytes are those of a page image (by content: a text file never starts so)."""
    return (head.startswith((b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"II*\x00", b"MM\x00*"))
            or (head.startswith(b"BM") and head[6:10] == b"\x00\x00\x00\x00")
            or (head.startswith(b"RIFF") and head[8:12] == b"WEBP"))


def sniff(data: bytes, name: str | None = None) -> Form:
    """Given the first bytes of a file (and its name, only to tell DOC from WPS), return its form."""
    head = data[:2048]
    stripped = head.lstrip()
    if stripped.startswith(b"%PDF-") or b"%PDF-" in head[:1024]:
        return Form.PDF
    if head.startswith(b"PK\x03\x04"):
        return Form.DOCX
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return Form.DOC
    if is_image(head):
        return Form.IMAGE
    if _HTML.search(stripped[:1024]) and not stripped.startswith((b"|", b"-")):
        return Form.HTML
    return Form.TEXT


def read_bytes(data: bytes, *, name: str | None = None, content_type: str | None = None,
               ocr: str = "never", jobs: int = 1, progress: Progress | None = None,
               images: ImageSource | None = None) -> Document:
    """Given the bytes of a report in any supported form, return its document (ocr, jobs, progress: see
    read_pdf; a page image is read by OCR unless ocr="never"; images: the pictures saved with an HTML page,
    see read_html)."""
    if len(data) > MAX_INPUT:
        raise TooLargeError(name, f"{len(data) // (1024 * 1024)} MB，上限 {MAX_INPUT // (1024 * 1024)} MB")
    if not data.strip():
        raise EmptyInputError(name)
    form = sniff(data, name)
    if form is Form.PDF:
        from ogi.read.pdf import read_pdf

        return read_pdf(data, name=name, ocr=ocr, jobs=jobs, progress=progress)
    if form is Form.IMAGE:
        from ogi.read.ocr.pages import read_image

        return read_image(data, name=name, ocr=ocr, progress=progress)
    if form is Form.DOCX:
        from ogi.read.docx import read_docx

        return read_docx(data, name=name)
    if form is Form.DOC:
        from ogi.libreoffice import convert
        from ogi.read.docx import read_docx

        suffix = Path(name).suffix.lower() if name and Path(name).suffix.lower() in (".doc", ".wps") else ".doc"
        return read_docx(convert(data, suffix, target="docx", name=name), name=name)
    if form is Form.HTML:
        from ogi.read.html import read_html

        return read_html(data, name=name, content_type=content_type, ocr=ocr, images=images)
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")):
        raise NotTextError(name)
    from ogi.read.encoding import decode_report
    from ogi.read.text import read_text

    decoded = decode_report(data, name=name)
    return with_note(read_text(decoded.text, name=name, encoding=decoded.encoding), decoded.note())


def with_note(doc: Document, note: str | None) -> Document:
    """Given a document and a note of damaged bytes (or None), return the document with it added."""
    return doc if note is None else replace(doc, damage=(*doc.damage, note))


def read_path(path: str | Path) -> Document:
    """Given a file path, return its document: only a regular file is read, refused over MAX_INPUT before
    reading; a file name that is not UTF-8 is shown with U+FFFD in its place."""
    p = Path(path)
    return read_bytes(read_regular(p, MAX_INPUT), name=display_name(p.name))
