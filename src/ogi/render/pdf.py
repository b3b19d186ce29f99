"""Model → PDF, from the DOCX layout through LibreOffice headless (the engine measured and chosen; see
bench/bench_render.py), or from the HTML page through WeasyPrint when it is installed. CJK fonts are embedded:
the government fonts fall back to Noto CJK through the project's fontconfig aliases (ogi/fonts.conf)."""

from __future__ import annotations

import os

from ogi.libreoffice import FONTS_CONF, convert
from ogi.model.report import Report

__all__ = ["render_pdf"]


def render_pdf(report: Report, *, engine: str = "libreoffice") -> bytes:
    """Given a report, return it as a PDF in the national layout; engine is "libreoffice" or "weasyprint"."""
    if engine == "weasyprint":
        os.environ.setdefault("FONTCONFIG_FILE", str(FONTS_CONF))
        from weasyprint import HTML  # optional: pip install weasyprint

        from ogi.render.html import render_html

        return HTML(string=render_html(report)).write_pdf()
    from ogi.render.docx import render_docx

    return convert(render_docx(report), ".docx", target="pdf", name=report.source_name or "report")
