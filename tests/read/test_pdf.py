"""The PDF reader on PDFs LibreOffice prints from the seeds: tables across pages, footers and running headers."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

from lo import soffice_convert
from ogi.api import parse_bytes, parse_file
from ogi.read.pdf import read_pdf
from ogi.render.docx import render_docx
from test_roundtrip import values

from conftest import seed_path


def test_table_continued_on_the_next_page(tmp_path: Path) -> None:
    """Seed 000's plain text printed by LibreOffice: table 二 starts on page 1 and ends on page 2.

    Cells are two tab stops apart: with one, a long label can end right at the stop and the number that
    follows is printed touching it ("行政规范性文件3"), which no reader can split; real tables have rules."""
    src = tmp_path / "s0.txt"
    src.write_text(seed_path("000").read_text(encoding="utf-8").replace("\t", "\t\t"), encoding="utf-8")
    report = parse_bytes(soffice_convert(src, "pdf", tmp_path).read_bytes(), name="s0.pdf")
    t2 = report.tables["table2"]
    assert t2.rows["regulations"].source.page == 1
    assert t2.rows["fees"].source.page == 2
    assert t2.rows["fees"].cells["amount"].value == Decimal("11.55")
    assert values(report) == values(parse_file(seed_path("000")))


def test_running_header_and_page_footer_are_dropped(tmp_path: Path) -> None:
    import docx

    original = parse_file(seed_path("003"))
    d = docx.Document(io.BytesIO(render_docx(original)))
    d.sections[0].header.paragraphs[0].text = "西工区科学技术局政务公开专栏 2022"
    src = tmp_path / "r.docx"
    d.save(str(src))
    pdf = soffice_convert(src, "pdf", tmp_path).read_bytes()
    doc = read_pdf(pdf, name="r.pdf")
    texts = [ln.text for ln in doc.lines]
    assert max(ln.page or 0 for ln in doc.lines) >= 3
    assert sum("政务公开专栏" in t for t in texts) == 1, "the running header is kept once, not on every page"
    assert not any(t.strip("-").isdigit() for t in texts), "the -N- page numbers are dropped"
    assert values(parse_bytes(pdf)) == values(original)
