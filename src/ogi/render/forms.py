"""The output forms of `ogi render`, apart from the renderers so the command line can name them cheaply."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["OutputForm"]


class OutputForm(StrEnum):
    DOCX = "docx"
    PDF = "pdf"
    HTML = "html"
    MD = "md"
    JSON = "json"
    XLSX = "xlsx"
