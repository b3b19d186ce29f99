"""The façade: a file, bytes or text in, a report model out."""

from __future__ import annotations

from pathlib import Path

from ogi.extract.report import extract_report
from ogi.model.report import Report
from ogi.read.forms import read_bytes, read_path
from ogi.read.text import read_text

__all__ = ["parse_bytes", "parse_file", "parse_text"]


def parse_text(text: str, *, name: str | None = None) -> Report:
    """Given report text, return its model. Example: ``parse_text(Path("r.txt").read_text()).metadata.agency``."""
    return extract_report(read_text(text, name=name))


def parse_bytes(data: bytes, *, name: str | None = None, content_type: str | None = None) -> Report:
    """Given a report's bytes in any form ogi reads (PDF, DOCX, DOC, HTML, text), return its model."""
    return extract_report(read_bytes(data, name=name, content_type=content_type))


def parse_file(path: str | Path) -> Report:
    """Given a report file in any form ogi reads, chosen by content, return its model; raises a ReadError."""
    return extract_report(read_path(path))
