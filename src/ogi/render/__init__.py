"""Model → the forms offices publish and supervisors collect: DOCX, PDF, HTML, Markdown, JSON, XLSX."""

from __future__ import annotations

from enum import StrEnum

from ogi.check import check
from ogi.model.report import Report

__all__ = ["OutputForm", "render"]


class OutputForm(StrEnum):
    DOCX = "docx"
    PDF = "pdf"
    HTML = "html"
    MD = "md"
    JSON = "json"
    XLSX = "xlsx"


def render(report: Report, form: OutputForm | str) -> bytes:
    """Given a report and an output form, return the rendered file's bytes."""
    form = OutputForm(form)
    if form is OutputForm.JSON:
        return report.model_dump_json(indent=2).encode("utf-8")
    if form is OutputForm.MD:
        from ogi.render.markdown import render_markdown

        return render_markdown(report).encode("utf-8")
    if form is OutputForm.XLSX:
        from ogi.render.xlsx import render_xlsx

        return render_xlsx(report, check(report))
    if form is OutputForm.HTML:
        from ogi.render.html import render_html

        return render_html(report).encode("utf-8")
    if form is OutputForm.DOCX:
        from ogi.render.docx import render_docx

        return render_docx(report)
    from ogi.render.pdf import render_pdf

    return render_pdf(report)
