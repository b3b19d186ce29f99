"""render_html on the seed reports: structure, merged header cells of both layouts, every cell in its row,
problem rows, escaping and accessibility attributes. The output is parsed with lxml.html."""

from __future__ import annotations

import re

import pytest
from lxml import html as lxml_html

from ogi.api import parse_file
from ogi.model.layout import TableKey, layout_for
from ogi.model.report import Cell, CellKind, Report, RowStatus, SectionKey
from ogi.render.html import render_html

from conftest import SEED_IDS, seed_path

SECTIONS = ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况", "五、存在", "六、其他需要报告的事项"]
NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


def _report(seed_id: str) -> Report:
    return parse_file(seed_path(seed_id))


def _page(report: Report):
    return lxml_html.document_fromstring(render_html(report))


def _text(el) -> str:
    return el.text_content().strip()


def _th(page, table: TableKey, text: str):
    found = [th for th in page.xpath(f'//table[@id="{table.value}"]//th') if _text(th) == text]
    assert found, f"no <th> {text!r} in {table.value}"
    return found[0]


def _span(cell) -> tuple[int, int]:
    return int(cell.get("rowspan", "1")), int(cell.get("colspan", "1"))


def _row_cells(page, table: TableKey, label: str) -> list[str]:
    """The <td> texts of the row whose header cell reads `label`."""
    tr = _th(page, table, label).getparent()
    return [_text(td) for td in tr.xpath("./td")]


def _unique_cells(report: Report) -> Report:
    """A copy of the report whose every table 三/四 cell holds its own text: r<row number>c<column number>."""
    out = report.model_copy(deep=True)
    layout = layout_for(report.metadata.format_version)
    for key in (TableKey.APPLICATIONS, TableKey.REVIEW_LITIGATION):
        for i, rd in enumerate(layout.data_rows(key)):
            row = out.tables[key].rows[rd.key]
            row.status = RowStatus.OK
            row.cells = {c.key: Cell(text=f"r{i}c{j}", kind=CellKind.TEXT) for j, c in enumerate(rd.columns)}
    return out


@pytest.mark.parametrize("seed_id", SEED_IDS)
def test_every_seed_renders_a_standalone_page(seed_id: str) -> None:
    report = _report(seed_id)
    out = render_html(report)
    assert out.startswith("<!DOCTYPE html>")
    page = lxml_html.document_fromstring(out)
    assert page.get("lang") == "zh-CN"
    assert page.xpath("//meta/@charset") == ["utf-8"]
    assert not page.xpath("//script | //link | //img | //iframe | //*[@src] | //*[@href]")
    assert "url(" not in out and "@import" not in out
    assert _text(page.xpath("//h1")[0]) == report.metadata.title == _text(page.xpath("//title")[0])
    headings = [_text(h) for h in page.xpath("//main/section/h2")]
    assert len(headings) == 6
    assert all(h.startswith(want) for h, want in zip(headings, SECTIONS, strict=True))
    assert [t.get("id") for t in page.xpath("//table")] == ["table2", "table3", "table4"]


@pytest.mark.parametrize("seed_id", SEED_IDS)
def test_tables_sit_in_sections_two_three_four(seed_id: str) -> None:
    page = _page(_report(seed_id))
    for table_id, heading in zip(["table2", "table3", "table4"], SECTIONS[1:4], strict=True):
        section = page.xpath(f'//table[@id="{table_id}"]/ancestor::section')[0]
        assert _text(section.xpath("./h2")[0]) == heading


@pytest.mark.parametrize("seed_id", SEED_IDS)
def test_prose_paragraphs(seed_id: str) -> None:
    report = _report(seed_id)
    page = _page(report)
    for number, key in enumerate(SectionKey, start=1):
        want = [p.strip() for p in report.section(key).text.split("\n") if p.strip()]
        assert [_text(p) for p in page.xpath(f'//section[h2[@id="s{number}"]]/p[not(@class="note")]')] == want


@pytest.mark.parametrize("seed_id", SEED_IDS)
def test_every_th_has_a_scope_and_every_headers_id_exists(seed_id: str) -> None:
    page = _page(_report(seed_id))
    ths = page.xpath("//th")
    assert ths and all(th.get("scope") in {"col", "colgroup", "row", "rowgroup"} for th in ths)
    ids = {th.get("id") for th in ths}
    for td in page.xpath("//td[@headers]"):
        assert set(td.get("headers").split()) <= ids


@pytest.mark.parametrize(("seed_id", "outcome_rows"), [("000", 22), ("002", 20)])
def test_table3_header_spans(seed_id: str, outcome_rows: int) -> None:
    page = _page(_report(seed_id))
    t3 = TableKey.APPLICATIONS
    note = _th(page, t3, NOTE)
    assert _span(note) == (3, 3)
    assert note.getparent().getparent().tag == "thead"
    assert _span(_th(page, t3, "申请人情况")) == (1, 7)
    assert _span(_th(page, t3, "自然人")) == (2, 1)
    assert _span(_th(page, t3, "法人或其他组织")) == (1, 5)
    assert _span(_th(page, t3, "总计")) == (2, 1)
    orgs = _th(page, t3, "商业企业").getparent()
    assert [_text(th) for th in orgs] == ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    for label in ("一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量", "四、结转下年度继续办理"):
        assert _span(_th(page, t3, label)) == (1, 3)
    outcomes = _th(page, t3, "三、本年度办理结果")
    assert _span(outcomes) == (outcome_rows, 1)
    assert outcomes.get("scope") == "rowgroup"
    for label in ("（一）予以公开", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "（七）总计"):
        assert _span(_th(page, t3, label)) == (1, 2)
    assert _span(_th(page, t3, "（三）不予公开")) == (8, 1)
    assert _span(_th(page, t3, "（四）无法提供")) == (3, 1)
    assert _span(_th(page, t3, "（五）不予处理")) == (5, 1)
    other = _th(page, t3, "（六）其他处理")
    assert _span(other) == ((3, 1) if seed_id == "000" else (1, 2))
    assert other.get("scope") == ("rowgroup" if seed_id == "000" else "row")
    assert len(page.xpath('//table[@id="table3"]/tbody/tr')) == outcome_rows + 3


@pytest.mark.parametrize("seed_id", ["000", "002"])
def test_table4_header_spans(seed_id: str) -> None:
    page = _page(_report(seed_id))
    t4 = TableKey.REVIEW_LITIGATION
    assert _span(_th(page, t4, "行政复议")) == (2, 5)
    assert _span(_th(page, t4, "行政诉讼")) == (1, 10)
    assert _span(_th(page, t4, "未经复议直接起诉")) == (1, 5)
    assert _span(_th(page, t4, "复议后起诉")) == (1, 5)
    results = page.xpath('//table[@id="table4"]/thead/tr[3]/th')
    assert [_text(th) for th in results] == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 3
    assert all(th.get("scope") == "col" for th in results)


@pytest.mark.parametrize(("seed_id", "blocks"), [("000", ["（一）", "（五）", "（六）", "（八）"]),
                                                 ("002", ["（一）", "（五）", "（六）", "（八）", "（九）"])])
def test_table2_blocks(seed_id: str, blocks: list[str]) -> None:
    report = _report(seed_id)
    page = _page(report)
    bodies = page.xpath('//table[@id="table2"]/tbody')
    assert [_text(b.xpath("./tr[1]/th")[0]) for b in bodies] == [f"第二十条第{b}项" for b in blocks]
    for body in bodies:
        caption = body.xpath("./tr[1]/th")[0]
        assert (caption.get("scope"), _span(caption)) == ("rowgroup", (1, 4))
        head = body.xpath("./tr[2]/th")
        assert _text(head[0]) == "信息内容"
        assert sum(_span(th)[1] for th in head) == 4
    layout = layout_for(report.metadata.format_version)
    for rd in layout.data_rows(TableKey.PROACTIVE):
        row = report.tables[TableKey.PROACTIVE].rows[rd.key]
        assert _row_cells(page, TableKey.PROACTIVE, rd.label) == [row.cells[c.key].text for c in rd.columns]


def test_table3_every_cell_of_seed_000_in_its_row() -> None:
    report = _report("000")
    page = _page(report)
    layout = layout_for(report.metadata.format_version)
    table = report.tables[TableKey.APPLICATIONS]
    for rd in layout.data_rows(TableKey.APPLICATIONS):
        want = [table.rows[rd.key].cells[c.key].text for c in layout.table3_columns]
        assert _row_cells(page, TableKey.APPLICATIONS, rd.label) == want, rd.label
    assert _row_cells(page, TableKey.APPLICATIONS, "（七）总计") == ["1", "0", "0", "0", "0", "0", "1"]


@pytest.mark.parametrize("seed_id", ["000", "002"])
def test_every_cell_lands_in_its_row_and_column(seed_id: str) -> None:
    report = _unique_cells(_report(seed_id))
    page = _page(report)
    layout = layout_for(report.metadata.format_version)
    for i, rd in enumerate(layout.data_rows(TableKey.APPLICATIONS)):
        assert _row_cells(page, TableKey.APPLICATIONS, rd.label) == [f"r{i}c{j}" for j in range(7)]
    cells = [_text(td) for td in page.xpath('//table[@id="table4"]/tbody/tr/td')]
    assert cells == [f"r{i}c{j}" for i in range(3) for j in range(5)]


def test_table4_fifteen_cells_of_seed_000() -> None:
    report = _report("000")
    page = _page(report)
    tds = page.xpath('//table[@id="table4"]/tbody/tr/td')
    layout = layout_for(report.metadata.format_version)
    table = report.tables[TableKey.REVIEW_LITIGATION]
    want = [table.rows[rd.key].cells[c.key].text for rd in layout.table4 for c in layout.table4_columns]
    assert [_text(td) for td in tds] == want
    assert len(tds) == 15


def test_unreadable_rows_are_shown_as_such() -> None:
    report = _report("002")  # its table 四 row has 16 values for 15 cells
    page = _page(report)
    (td,) = page.xpath('//table[@id="table4"]/tbody/tr/td')
    assert (td.get("class"), _span(td)) == ("unreadable", (1, 15))
    assert _text(td) == " ".join(["0"] * 16)  # as printed, so it reads back the same
    (note,) = page.xpath('//section[h2[@id="s4"]]/p[@class="note"]')
    assert _text(note) == "注：表四数据行原文单元格数目与统一格式不符（应有15个数，读到16个），按原样列出，未按列归位。"
    report = _report("001")  # three rows of 不予公开 have 6 values for 7 cells
    page = _page(report)
    (td,) = page.xpath('//table[@id="table3"]//tr[th="1.属于国家秘密"]/td')
    assert (td.get("class"), _span(td)) == ("unreadable", (1, 7))
    assert _text(td) == "0 0 0 0 0 0"


def test_missing_rows_and_tables() -> None:
    report = _report("000")
    del report.tables[TableKey.APPLICATIONS].rows["disclosed"]
    del report.tables[TableKey.REVIEW_LITIGATION]
    page = _page(report)
    (td,) = page.xpath('//table[@id="table3"]//tr[th="（一）予以公开"]/td')
    assert (td.get("class"), _span(td), _text(td)) == ("missing", (1, 7), "未找到")
    (td,) = page.xpath('//table[@id="table4"]/tbody/tr/td')
    assert (td.get("class"), _span(td), _text(td)) == ("missing", (1, 15), "未找到")


def test_title_without_metadata_title() -> None:
    report = _report("000")
    report.metadata.title = None
    assert _text(_page(report).xpath("//h1")[0]) == "安阳市科学技术局2023年政府信息公开工作年度报告"


def test_everything_is_escaped() -> None:
    report = _report("000")
    report.metadata.title = '<script>alert("x")</script>'
    report.sections[0].text = "A & B <b>bold</b>\n<img src=x onerror=alert(1)>"
    report.tables[TableKey.APPLICATIONS].rows["new_received"].cells["natural_person"].text = "<i>1</i>"
    out = render_html(report)
    assert "<script>" not in out and "<b>" not in out and "<img" not in out and "<i>" not in out
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in out
    page = lxml_html.document_fromstring(out)
    assert not page.xpath("//script | //b | //img | //i")
    assert _text(page.xpath("//h1")[0]) == '<script>alert("x")</script>'
    assert [_text(p) for p in page.xpath('//section[h2[@id="s1"]]/p')][:2] == [
        "A & B <b>bold</b>", "<img src=x onerror=alert(1)>"]
    assert _row_cells(page, TableKey.APPLICATIONS, "一、本年新收政府信息公开申请数量")[0] == "<i>1</i>"


def test_print_css() -> None:
    out = render_html(_report("000"))
    assert "@media print" in out and "size: A4" in out and "table-header-group" in out
    css = out.split("<style>")[1].split("</style>")[0]
    sizes = re.findall(r"font-size:\s*([^;]+);", css.split("@media print")[0])
    assert sizes and all(s.endswith("rem") or s.endswith("%") for s in sizes)  # scales with the reader's setting
