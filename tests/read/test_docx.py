"""The DOCX reader on Word markup other writers produce: legacy horizontal merges, broken span values."""

from __future__ import annotations

from io import BytesIO

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from ogi.read.docx import read_docx


def _one_row(texts: list[str], marks: dict[int, tuple[str, dict[str, str]]]) -> bytes:
    """A DOCX with one table row of the given cell texts; `marks` adds a tcPr element to a cell by index."""
    document = docx.Document()
    table = document.add_table(rows=1, cols=len(texts))
    for i, (cell, text) in enumerate(zip(table.rows[0].cells, texts, strict=True)):
        cell.text = text
        if i in marks:
            tag, attrs = marks[i]
            cell._tc.get_or_add_tcPr().append(OxmlElement(tag, {qn(k): v for k, v in attrs.items()}))
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def test_word97_horizontal_merge_is_not_an_empty_cell() -> None:
    """<w:hMerge w:val="restart"/> then <w:hMerge/>: the second cell continues the label, it is no column."""
    data = _one_row(["规章", "", "1", "2"], {0: ("w:hMerge", {"w:val": "restart"}), 1: ("w:hMerge", {})})
    (line,) = read_docx(data).lines
    assert line.cells == ("规章", "", "1", "2") and line.covered == {1} and line.grid
    assert line.cells_after(0) == ((2, "1"), (3, "2"))


def test_broken_grid_span_reads_as_one_cell() -> None:
    data = _one_row(["规章", "1"], {0: ("w:gridSpan", {"w:val": "x"})})
    (line,) = read_docx(data).lines
    assert line.cells == ("规章", "1") and line.covered == frozenset()


def test_nested_table_text_is_not_repeated_in_the_outer_cell() -> None:
    document = docx.Document()
    outer = document.add_table(rows=1, cols=2)
    outer.cell(0, 0).text = "外"
    inner = outer.cell(0, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "内", "7"
    out = BytesIO()
    document.save(out)
    lines = read_docx(out.getvalue()).lines
    assert [ln.filled for ln in lines] == [("内", "7"), ("外",)]


def test_cell_text_inside_a_content_control_is_read() -> None:
    """Word templates wrap cell paragraphs in <w:sdt><w:sdtContent>: the text is the cell's."""
    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "规章", "5"
    tc = table.cell(0, 1)._tc
    paragraph = tc.find(qn("w:p"))
    sdt, content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
    paragraph.addprevious(sdt)
    sdt.append(content)
    content.append(paragraph)
    out = BytesIO()
    document.save(out)
    (line,) = read_docx(out.getvalue()).lines
    assert line.cells == ("规章", "5")


def test_grid_span_that_is_a_digit_but_no_number_reads_as_one_cell() -> None:
    (line,) = read_docx(_one_row(["规章", "1"], {0: ("w:gridSpan", {"w:val": "²"})})).lines
    assert line.cells == ("规章", "1")
