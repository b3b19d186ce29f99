"""Each PDF cell's box (page points, origin at the page's lower-left corner): read from where the cell was drawn,
carried through the document into the model's sources, and absent (not null) where the input has no positions;
JSON of schema 1.1, written before boxes, still loads."""

from __future__ import annotations

import json

import pytest

from corpus_pdf import chromium_pdfs
from ogi.api import parse_bytes, parse_file
from ogi.model.layout import TableKey
from ogi.model.report import Report, RowStatus
from ogi.read.pdf import read_pdf
from ogi.render import render

from conftest import seed_path

A4_HEIGHT = 297 / 25.4 * 72  # 841.89 pt
PX = 0.75  # a CSS pixel in points

# a two-row table placed on an A4 page at 96 px from the left and 192 px from the top, cells 120 × 40 px
_PLACED = """<!doctype html><meta charset="utf-8"><style>@page{size:A4;margin:0} body{margin:0}
table{position:absolute;left:96px;top:192px;border-collapse:collapse;table-layout:fixed}
td{border:1px solid #000;width:120px;height:40px;padding:0;font-size:14px;box-sizing:border-box}</style>
<table><tr><td>项目</td><td>12</td><td>7</td></tr><tr><td>合计</td><td>3</td><td>45</td></tr></table>"""


@pytest.fixture(scope="module")
def placed() -> bytes:
    return chromium_pdfs([_PLACED.encode()])[0]


def test_a_ruled_cell_box_is_where_it_was_drawn(placed: bytes) -> None:
    doc = read_pdf(placed)
    second = next(ln for ln in doc.lines if ln.cells[:1] == ("合计",))
    x0, y0, x1, y1 = second.boxes[2]
    # the cell "45": third column (96 + 2 × 120 px from the left), second row (192 + 40 px from the top)
    want = ((96 + 240) * PX, A4_HEIGHT - (192 + 80) * PX, (96 + 360) * PX, A4_HEIGHT - (192 + 40) * PX)
    assert second.cells[2] == "45"
    for got, expected in zip((x0, y0, x1, y1), want, strict=True):
        assert abs(got - expected) <= 2.0, (second.boxes[2], want)


@pytest.fixture(scope="module")
def printed() -> tuple[Report, bytes]:
    seed = parse_file(seed_path("002"))
    pdf = chromium_pdfs([render(seed, "html")])[0]
    return parse_bytes(pdf, name="002.pdf"), pdf


def test_every_table_cell_of_a_pdf_has_the_box_its_text_is_printed_in(printed: tuple[Report, bytes]) -> None:
    import pypdfium2 as pdfium

    report, pdf = printed
    doc = pdfium.PdfDocument(pdf)
    checked = 0
    for table in report.tables.values():
        for row in table.rows.values():
            if row.status is not RowStatus.OK:
                continue
            for cell in row.cells.values():
                box = cell.source.box
                assert box is not None and cell.source.page is not None, (row.key, cell)
                assert box.x0 < box.x1 and box.y0 < box.y1
                text = doc[cell.source.page - 1].get_textpage().get_text_bounded(box.x0, box.y0, box.x1, box.y1)
                assert "".join(text.split()) == "".join(cell.text.split()), (row.key, cell.text, text, box)
                checked += 1
    assert checked > 100  # table 三 alone has 26 rows of 7 columns


def test_text_reports_have_no_boxes_and_write_none() -> None:
    report = parse_file(seed_path("000"))
    cell = next(iter(report.tables[TableKey.APPLICATIONS].rows.values())).cells
    assert all(c.source.box is None for c in cell.values())
    assert '"box"' not in report.model_dump_json()


def test_json_of_schema_1_1_without_boxes_loads(printed: tuple[Report, bytes]) -> None:
    report, _pdf = printed
    data = json.loads(report.model_dump_json())
    assert '"box"' in json.dumps(data)

    def strip(node: object) -> None:
        if isinstance(node, dict):
            node.pop("box", None)
            for v in node.values():
                strip(v)
        elif isinstance(node, list):
            for v in node:
                strip(v)

    strip(data)
    data["schema_version"] = "1.1"
    old = Report.from_json(json.dumps(data))
    row = next(iter(old.tables[TableKey.APPLICATIONS].rows.values()))
    first = next(iter(row.cells.values()))
    assert first.source.box is None and first.source.page == next(iter(
        next(iter(report.tables[TableKey.APPLICATIONS].rows.values())).cells.values())).source.page


@pytest.mark.skipif("not __import__('ogi.read.ocr', fromlist=['x']).ocr_available()",
                    reason="未安装文字识别组件（pip install \"ogi[ocr]\"），跳过")
def test_an_ocr_cell_box_is_where_it_was_drawn(placed: bytes) -> None:
    """The same page as a scan (rendered to an image, read by OCR): the cell's box is the ruled cell again."""
    import pypdfium2 as pdfium

    from ogi.read.ocr.page import read_page_image

    dpi = 200
    image = pdfium.PdfDocument(placed)[0].render(scale=dpi / 72).to_pil()
    lines, _doubts = read_page_image(image, dpi, 1)
    # the second ruled row ("合计 3 45"; OCR may flag its small print as doubtful, which does not move the rules)
    _y, cells, grid, _covered, boxes = [ln for ln in lines if ln[2]][1]
    assert grid and cells[2].rstrip("\ufffd") == "45"
    assert all(type(v) is float for v in boxes[2])
    want = ((96 + 240) * PX, A4_HEIGHT - (192 + 80) * PX, (96 + 360) * PX, A4_HEIGHT - (192 + 40) * PX)
    for got, expected in zip(boxes[2], want, strict=True):
        assert abs(got - expected) <= 3.0, (boxes[2], want)  # a rule found in pixels, 0.36 pt each at 200 dpi
