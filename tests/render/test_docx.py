"""render_docx on the seed reports, read back with python-docx: tables in their sections, merged cells from the
XML (gridSpan / vMerge), every table 三 value in its row, fonts, page number field, A4; and one PDF through
LibreOffice, read with pdftotext."""

from __future__ import annotations

import shutil
import subprocess
from io import BytesIO
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

from lo import soffice_convert
from ogi.api import parse_file
from ogi.model.layout import TableKey, layout_for
from ogi.model.report import Cell, CellKind, Report, RowStatus
from ogi.render.docx import BODY_FONT, HEADING_FONT, TITLE_FONT, render_docx

from conftest import SEED_IDS, seed_path

NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
TABLE_SECTIONS = ["二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况"]


def _report(seed_id: str) -> Report:
    return parse_file(seed_path(seed_id))


def _open(report: Report):
    return docx.Document(BytesIO(render_docx(report)))


def _grid(table: Table) -> dict[tuple[int, int], dict]:
    """Each cell that starts at (row, col): its text, gridSpan and rowspan, computed from the XML."""
    out: dict[tuple[int, int], dict] = {}
    for r, tr in enumerate(table._tbl.tr_lst):
        c = 0
        for tc in tr.tc_lst:
            span = tc.grid_span
            merge = tc.vMerge  # None, "restart" or "continue"
            if merge == "continue":
                out[_above(out, r, c)]["rowspan"] += 1
            else:
                text = "".join(t.text or "" for t in tc.iter(qn("w:t")))
                out[(r, c)] = {"text": text, "colspan": span, "rowspan": 1, "vmerge": merge}
            c += span
    return out


def _above(cells: dict, r: int, c: int) -> tuple[int, int]:
    return max((key for key in cells if key[1] == c and key[0] < r), key=lambda k: k[0])


def _find(grid: dict, text: str) -> dict:
    found = [cell for cell in grid.values() if cell["text"] == text]
    assert len(found) == 1, f"{text!r} found {len(found)} times"
    return found[0]


def _row_texts(grid: dict, label: str) -> list[str]:
    """The texts of the cells right of the label cell, in the label's row."""
    (r, c), = [key for key, cell in grid.items() if cell["text"] == label]
    return [cell["text"] for (rr, cc), cell in sorted(grid.items()) if rr == r and cc > c]


def _body_order(document) -> list[tuple[str, str]]:
    """("heading", text) / ("table", heading above it) in body order."""
    out, heading = [], ""
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph) and item.style.name == "Heading 1":
            heading = item.text
            out.append(("heading", heading))
        elif isinstance(item, Table):
            out.append(("table", heading))
    return out


@pytest.mark.parametrize("seed_id", SEED_IDS)
def test_every_seed_renders_with_three_tables_in_their_sections(seed_id: str) -> None:
    report = _report(seed_id)
    document = _open(report)
    order = _body_order(document)
    assert [h for kind, h in order if kind == "table"] == TABLE_SECTIONS
    headings = [h for kind, h in order if kind == "heading"]
    assert headings == [s.heading for s in report.sections]
    assert document.paragraphs[0].style.name == "Title"
    assert document.paragraphs[0].text.replace("\n", "") == report.metadata.title
    assert document.core_properties.title == report.metadata.title


@pytest.mark.parametrize(("seed_id", "outcome_rows"), [("000", 22), ("002", 20)])
def test_table3_merged_cells(seed_id: str, outcome_rows: int) -> None:
    document = _open(_report(seed_id))
    table = document.tables[1]
    grid = _grid(table)
    assert len(table.rows) == 3 + 2 + outcome_rows + 1
    assert grid[(0, 0)]["text"] == NOTE
    assert (grid[(0, 0)]["rowspan"], grid[(0, 0)]["colspan"], grid[(0, 0)]["vmerge"]) == (3, 3, "restart")
    for r in (1, 2):  # the rows under the note continue its vertical merge over the same 3 grid columns
        first = table._tbl.tr_lst[r].tc_lst[0]
        assert (first.grid_span, first.vMerge) == (3, "continue")
    spans = {"申请人情况": (1, 7), "自然人": (2, 1), "法人或其他组织": (1, 5), "总计": (2, 1),
             "三、本年度办理结果": (outcome_rows, 1), "（三）不予公开": (8, 1), "（四）无法提供": (3, 1),
             "（五）不予处理": (5, 1), "（六）其他处理": (3, 1) if seed_id == "000" else (1, 2),
             "一、本年新收政府信息公开申请数量": (1, 3), "四、结转下年度继续办理": (1, 3), "（七）总计": (1, 2)}
    for text, span in spans.items():
        cell = _find(grid, text)
        assert (cell["rowspan"], cell["colspan"]) == span, text
    outcomes = table._tbl.tr_lst[5].tc_lst[0]
    assert outcomes.tcPr.find(qn("w:textDirection")).get(qn("w:val")) == "tbRlV"
    for r, tr in enumerate(table._tbl.tr_lst):  # the 3 header rows repeat on each page
        assert (tr.trPr.find(qn("w:tblHeader")) is not None) == (r < 3)


def test_table4_and_table2_merged_cells() -> None:
    document = _open(_report("000"))
    grid = _grid(document.tables[2])
    for text, span in {"行政复议": (2, 5), "行政诉讼": (1, 10), "未经复议直接起诉": (1, 5), "复议后起诉": (1, 5)}.items():
        cell = _find(grid, text)
        assert (cell["rowspan"], cell["colspan"]) == span, text
    assert [cell["text"] for (r, _), cell in sorted(grid.items()) if r == 3] == ["0"] * 15
    grid = _grid(document.tables[0])
    captions = [cell["text"] for cell in grid.values() if cell["colspan"] == 4]
    assert captions == ["第二十条第（一）项", "第二十条第（五）项", "第二十条第（六）项", "第二十条第（八）项"]
    assert _row_texts(grid, "行政规范性文件") == ["3", "0", "12"]
    assert _row_texts(grid, "行政事业性收费") == ["11.55"]
    assert _find(grid, "本年收费金额（单位：万元）")["colspan"] == 3


def test_table3_values_of_seed_000_in_their_rows() -> None:
    report = _report("000")
    grid = _grid(_open(report).tables[1])
    layout = layout_for(report.metadata.format_version)
    table = report.tables[TableKey.APPLICATIONS]
    for rd in layout.data_rows(TableKey.APPLICATIONS):
        want = [table.rows[rd.key].cells[c.key].text for c in layout.table3_columns]
        assert _row_texts(grid, rd.label) == want, rd.label
    assert _row_texts(grid, "（四）无法提供")[:2] == ["1.本机关不掌握相关政府信息", "1"]


def test_unreadable_row_spans_the_value_columns() -> None:
    grid = _grid(_open(_report("002")).tables[2])
    (cell,) = [c for (r, _), c in grid.items() if r == 3]
    # the 16 printed cells exactly as seen (so the DOCX reads back as the same unreadable row) ...
    assert cell["colspan"] == 15 and cell["text"] == " ".join(["0"] * 16)
    # ... and the explanation in a note below the table
    notes = [p.text for p in _open(_report("002")).paragraphs if p.text.startswith("注：")]
    assert notes == ["注：表四数据行原文单元格数目与统一格式不符（应有15个数，读到16个），按原样列出，未按列归位。"]


def _east_asia(run) -> str | None:
    fonts = run._r.rPr.rFonts
    return None if fonts is None else fonts.get(qn("w:eastAsia"))


def test_fonts_are_named_on_every_run() -> None:
    document = _open(_report("000"))
    title, *rest = document.paragraphs
    assert {_east_asia(r) for r in title.runs} == {TITLE_FONT}
    assert title.runs[0].font.size.pt == 22
    headings = [p for p in rest if p.style.name == "Heading 1"]
    body = [p for p in rest if p.style.name != "Heading 1" and p.text]
    assert len(headings) == 6 and len(body) > 10
    assert {_east_asia(r) for p in headings for r in p.runs} == {HEADING_FONT}
    assert {_east_asia(r) for p in body for r in p.runs} == {BODY_FONT}
    assert {r.font.size.pt for p in headings + body for r in p.runs} == {16}
    assert all(p.paragraph_format.first_line_indent == Pt(32) for p in body)
    cells = [r for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs for r in p.runs]
    assert cells and {_east_asia(r) for r in cells} == {BODY_FONT}


def test_footer_page_number_and_a4_page() -> None:
    document = _open(_report("000"))
    (section,) = document.sections
    assert abs(section.page_width - Mm(210)) <= Mm(1) and abs(section.page_height - Mm(297)) <= Mm(1)
    footer = section.footer.paragraphs[0]
    instructions = [t.text.strip() for t in footer._p.iter(qn("w:instrText"))]
    assert instructions == ["PAGE"]
    kinds = [f.get(qn("w:fldCharType")) for f in footer._p.iter(qn("w:fldChar"))]
    assert kinds == ["begin", "separate", "end"]
    assert footer.text == "-1-"  # dashes around the field's cached result


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed")
def test_libreoffice_converts_it_to_pdf(tmp_path: Path) -> None:
    src = tmp_path / "report.docx"
    src.write_bytes(render_docx(_report("000")))
    pdf = soffice_convert(src, "pdf", tmp_path)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True, timeout=60,
                          text=True).stdout
    assert "本年新收政府信息公开申请数量" in text
    assert "安阳市科学技术局" in text and "第二十条第（一）项" in text


@pytest.mark.parametrize("seed_id", ["000", "002"])
def test_every_cell_lands_in_its_row_and_column(seed_id: str) -> None:
    report = _report(seed_id)
    layout = layout_for(report.metadata.format_version)
    for key in (TableKey.APPLICATIONS, TableKey.REVIEW_LITIGATION):  # each cell gets its own text r<row>c<column>
        for i, rd in enumerate(layout.data_rows(key)):
            row = report.tables[key].rows[rd.key]
            row.status = RowStatus.OK
            row.cells = {c.key: Cell(text=f"r{i}c{j}", kind=CellKind.TEXT) for j, c in enumerate(rd.columns)}
    document = _open(report)
    grid = _grid(document.tables[1])
    for i, rd in enumerate(layout.data_rows(TableKey.APPLICATIONS)):
        assert _row_texts(grid, rd.label) == [f"r{i}c{j}" for j in range(7)]
    grid = _grid(document.tables[2])
    assert [cell["text"] for (r, _), cell in sorted(grid.items()) if r == 3] == [
        f"r{i}c{j}" for i in range(3) for j in range(5)]
