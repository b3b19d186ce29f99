"""Versions of what ogi reads, kept by every stored reading: `ogi corpus reparse` re-reads only the files whose
reader — or the extraction or the checker behind it — has changed since they were read.

Bump a number in the same commit as a change that can alter what is read from some file of that form (a reader),
what the model holds (extraction), or what is found (checker). A change of speed or of wording only needs none.
"""

from __future__ import annotations

__all__ = ["CHECK", "EXTRACT", "NO_OCR", "READERS", "reading_version"]

READERS = {"pdf": 3, "docx": 1, "doc": 1, "html": 1, "text": 1, "json": 1, "image": 1}  # pdf 2: each cell's box
# (Source.box); pdf 3: scanned pages of a mixed PDF read by OCR page by page
EXTRACT = 2  # 2: a title "2023年政府信息公开工作年度报告" names no agency (was "政府")
CHECK = 1
# added to the version of a reading made without OCR of a file with pages only OCR can read (a scan ingested with
# --ocr never, or before the `ocr` extra was installed): `ogi corpus reparse` with OCR reads it again
NO_OCR = ".o0"


def reading_version(form: str) -> str:
    """Given a file's form ("pdf", "html", …), return the version its reading is stored under, e.g. "pdf1.x1.c1"."""
    return f"{form}{READERS.get(form, 0)}.x{EXTRACT}.c{CHECK}"
