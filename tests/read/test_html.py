"""The HTML reader on portal pages built from the real seed reports: encodings, portal chrome, spans,
nested layout tables, tables drawn as <p> text, tables split in two, and attachment-only pages.

Expected values are the seeds' own, as read from their text (checked against the hand-made truth files).
"""

from __future__ import annotations

import html

import pytest

from ogi.api import parse_bytes, parse_file
from ogi.errors import AttachmentOnlyError
from ogi.read.html import read_html, table_grid

from conftest import SEED_IDS, seed_path

CHROME_TOP = ("<div class='header'>某某市人民政府门户网站</div><div class='breadcrumb'>首页 &gt; 政务公开 &gt; 年度报告</div>"
              "<table class='xxgk-meta'><tr><td>索引号：11410500/2024-00012</td><td>发布机构：安阳市科学技术局</td></tr>"
              "<tr><td>发布日期：2024-01-22</td><td>主题分类：政务公开</td></tr></table>")
CHROME_BOTTOM = "<div class='footer'>主办：某某市人民政府办公室 网站标识码4105000001 技术支持：某公司</div>"


def _page_body(text: str, *, as_p: bool = False, split_at: str | None = None) -> str:
    out, rows = [], []

    def close() -> None:
        if rows:
            out.append("<table border='1'>" + "".join(rows) + "</table>")
            rows.clear()

    for line in text.splitlines():
        if "\t" in line and not as_p:
            if split_at and line.startswith(split_at):
                close()  # the table continues in a second <table>, as pages split long tables
            rows.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in line.split("\t")) + "</tr>")
            continue
        close()
        if "\t" in line:  # a table drawn as paragraphs, cells apart by non-breaking spaces
            out.append("<p>" + "&nbsp;&nbsp;&nbsp;".join(html.escape(c) for c in line.split("\t")) + "</p>")
        elif line.strip():
            out.append(f"<p>{html.escape(line)}</p>")
    close()
    return "\n".join(out)


def _page(seed_id: str, charset: str = "utf-8", **kw: object) -> str:
    body = _page_body(seed_path(seed_id).read_text(encoding="utf-8"), **kw)  # type: ignore[arg-type]
    return (f"<!DOCTYPE html><html><head><meta http-equiv='Content-Type' content='text/html; charset={charset}'>"
            f"<title>年度报告</title><script>var a='一、总体情况';</script></head><body>{CHROME_TOP}"
            f"<div class='article'>{body}</div>{CHROME_BOTTOM}</body></html>")


def _values(report) -> dict:  # noqa: ANN001
    return {k: {r: (row.status.value, {c: x.text for c, x in row.cells.items()}, [x.text for x in row.seen])
                for r, row in t.rows.items()} for k, t in report.tables.items()}


@pytest.mark.parametrize("seed_id", SEED_IDS)
@pytest.mark.parametrize("charset", ["utf-8", "gbk", "gb18030"])
def test_portal_page_reads_like_the_text(seed_id: str, charset: str) -> None:
    data = _page(seed_id, charset).encode(charset)
    report = parse_bytes(data, name=f"{seed_id}.html")
    expected = parse_file(seed_path(seed_id))
    assert _values(report) == _values(expected)
    assert report.metadata.agency == expected.metadata.agency
    assert [s.key for s in report.sections] == [s.key for s in expected.sections]


def test_portal_metadata_is_kept_and_chrome_left_out() -> None:
    doc = read_html(_page("000").encode("utf-8"), name="p.html")
    assert doc.meta["发布机构"] == "安阳市科学技术局"
    assert doc.meta["发布日期"] == "2024-01-22"
    text = "\n".join(ln.text for ln in doc.lines)
    assert "网站标识码" not in text and "首页" not in text and "var a" not in text
    report = parse_bytes(_page("000").encode("utf-8"))
    assert report.metadata.date_of_issue is not None and report.metadata.date_of_issue.isoformat() == "2024-01-22"
    assert report.metadata.date_of_issue_from == "网页发布日期"


def test_charset_from_http_header_wins_over_a_wrong_meta_tag() -> None:
    data = _page("001", charset="utf-8").encode("gbk")
    report = parse_bytes(data, content_type="text/html; charset=GBK")
    assert report.metadata.agency == "石嘴山市科学技术局"


def test_table_drawn_as_paragraphs() -> None:
    report = parse_bytes(_page("000", as_p=True).encode("utf-8"))
    assert _values(report) == _values(parse_file(seed_path("000")))


def test_table_split_over_two_tables() -> None:
    report = parse_bytes(_page("000", split_at="\t\t5.属于三类内部事务信息").encode("utf-8"))
    assert _values(report) == _values(parse_file(seed_path("000")))


def test_report_inside_nested_layout_tables() -> None:
    inner = _page_body(seed_path("003").read_text(encoding="utf-8"))
    page = (f"<html><body><table><tr><td>导航</td><td><table><tr><td>{inner}</td></tr></table></td></tr>"
            "</table></body></html>")
    report = parse_bytes(page.encode("utf-8"))
    assert _values(report) == _values(parse_file(seed_path("003")))


def test_rowspan_and_colspan_expand_into_a_grid() -> None:
    import lxml.html

    table = lxml.html.fromstring(
        "<table><tr><td rowspan='3' colspan='3'>注</td><td colspan='2'>申请人情况</td></tr>"
        "<tr><td rowspan='2'>自然人</td><td>法人</td></tr><tr><td>商业企业</td></tr>"
        "<tr><td rowspan='2'>三、本年度办理结果</td><td colspan='2'>（一）予以公开</td><td>1</td><td>2</td></tr>"
        "<tr><td colspan='2'>（二）部分公开</td><td>3</td><td>4</td></tr></table>")
    assert table_grid(table) == [
        (("注", "", "", "申请人情况", ""), {1, 2, 4}),
        (("", "", "", "自然人", "法人"), {0, 1, 2}),
        (("", "", "", "", "商业企业"), {0, 1, 2, 3}),
        (("三、本年度办理结果", "（一）予以公开", "", "1", "2"), {2}),
        (("", "（二）部分公开", "", "3", "4"), {0, 2}),
    ]


def test_hostile_spans_are_capped() -> None:
    import lxml.html

    table = lxml.html.fromstring("<table><tr><td colspan='100000000'>x</td><td rowspan='-5'>y</td></tr></table>")
    assert table_grid(table) == [(("x", "y"), set())]


def test_page_that_only_links_the_report() -> None:
    page = ("<html><body><div class='content'><p>某某局2023年政府信息公开工作年度报告</p>"
            "<p>附件：<a href='/att/2024/report.pdf'>年度报告.pdf</a></p></div></body></html>")
    with pytest.raises(AttachmentOnlyError) as info:
        parse_bytes(page.encode("utf-8"), name="list.html")
    assert info.value.links == ["/att/2024/report.pdf"]


def test_attachment_link_inside_a_table() -> None:
    page = ("<div><h1>某区2023年政府信息公开工作年度报告</h1><table><tr><td>附件：<a href='/f/r.pdf'>年度报告.pdf</a>"
            "</td></tr></table></div>")
    with pytest.raises(AttachmentOnlyError) as info:
        read_html(page.encode("utf-8"), name="table-link.html")
    assert info.value.links == ["/f/r.pdf"]
