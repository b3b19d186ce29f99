"""Model → the forms offices publish and supervisors collect: DOCX, PDF, HTML, Markdown, JSON, XLSX."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from ogi.render.forms import OutputForm

if TYPE_CHECKING:
    from ogi.model.report import Report

__all__ = ["OutputForm", "render", "xml_safe"]

# characters XML 1.0 forbids (Word and Excel files are XML): C0 controls other than tab/newline, lone surrogates
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")




def render(report: Report, form: OutputForm | str) -> bytes:
    """Given a report and an output form, return the rendered file's bytes."""
    form = OutputForm(form)
    if form in (OutputForm.DOCX, OutputForm.PDF, OutputForm.XLSX):
        report = xml_safe(report)
    if form is OutputForm.JSON:
        return report.model_dump_json(indent=2).encode("utf-8")
    if form is OutputForm.MD:
        from ogi.render.markdown import render_markdown

        return render_markdown(report).encode("utf-8")
    if form is OutputForm.XLSX:
        from ogi.check import check
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


def xml_safe(report: Report) -> Report:
    """Given a report, return it with every character XML cannot hold (\\x0b, \\x00 …, as ordinary text input
    carries them) replaced by a space, so the DOCX, PDF and XLSX writers can write it; the report is unchanged
    when it holds none."""
    data = report.model_dump()
    if not _has_bad(data):
        return report
    return type(report).model_validate(_clean(data))


def _has_bad(value: Any) -> bool:
    if isinstance(value, str):
        return _NOT_XML.search(value) is not None
    if isinstance(value, dict):
        return any(_has_bad(k) or _has_bad(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_bad(v) for v in value)
    return False


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return _NOT_XML.sub(" ", value)
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value
