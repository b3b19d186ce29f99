"""The façade: a file or text in, a report model out."""

from __future__ import annotations

from pathlib import Path

from ogi.extract.report import extract_report
from ogi.model.report import Report
from ogi.read.text import read_text, read_text_file

__all__ = ["parse_file", "parse_text"]


def parse_text(text: str, *, name: str | None = None) -> Report:
    """Given report text, return its model. Example: ``parse_text(Path("r.txt").read_text()).metadata.agency``."""
    return extract_report(read_text(text, name=name))


def parse_file(path: str | Path) -> Report:
    """Given a text file (UTF-8 or GBK/GB18030), return its report model; raises a ReadError if unreadable."""
    return extract_report(read_text_file(path))
