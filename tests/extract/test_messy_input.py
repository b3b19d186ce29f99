"""Messy inputs seen in real reports: truncated reports, vertical headers, web copies, stray numbers."""

from __future__ import annotations

from ogi.api import parse_text
from ogi.check import check
from ogi.extract.report import extract_report
from ogi.model.layout import TableKey
from ogi.model.report import RowStatus, SectionKey, Table
from ogi.read.document import Document, Line
from ogi.read.text import read_text

from conftest import seed_path

SEED0 = seed_path("000").read_text(encoding="utf-8")


def test_report_that_ends_in_table_three() -> None:
    """Cut seed 000 right after row （三）3 of table 三: the rows read keep their values, the rest are missing."""
    cut = SEED0[: SEED0.index("4.保护第三方合法权益")]
    report = parse_text(cut)
    t3 = report.tables[TableKey.APPLICATIONS]
    assert t3.rows["new_received"].cells["total"].value == 1
    assert t3.rows["withheld_three_safety_stability"].status is RowStatus.OK
    assert t3.rows["withheld_third_party"].status is RowStatus.MISSING
    assert t3.rows["carried_forward"].status is RowStatus.MISSING
    assert not report.tables[TableKey.REVIEW_LITIGATION].found
    assert [s.key for s in report.sections][-1] is SectionKey.APPLICATIONS
    ids = {f.rule_id for f in check(report)}
    assert {"read.row_missing", "structure.table_missing", "structure.section_missing", "check.skipped"} <= ids
    assert "t3.balance" not in ids, "an identity with missing rows is not checked, not reported as broken"


def test_vertical_group_header_one_character_per_line() -> None:
    """The vertical 三、本年度办理结果 cell printed one character per line between rows."""
    text = SEED0.replace("三、本年度办理结果\t", "三\n、\n本\n年\n度\n办\n理\n结\n果\n\t")
    t3 = parse_text(text).tables[TableKey.APPLICATIONS]
    assert all(row.status is RowStatus.OK for row in t3.rows.values())
    assert t3.rows["unable_not_held"].cells["natural_person"].value == 1


def test_web_copy_one_cell_per_line() -> None:
    """Table 四 copied from a web page: every cell on its own line."""
    head = SEED0[: SEED0.index("四、政府信息公开行政复议")]
    tail = SEED0[SEED0.index("五、存在的主要问题"):]
    cells = ["行政复议", "行政诉讼", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉",
             "复议后起诉"] + ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2 + [str(i) for i in
                                                                                     (1, 0, 2, 0, 3, 0, 1, 0, 0, 1, 4, 0, 0, 0, 4)]
    text = head + "四、政府信息公开行政复议、行政诉讼情况\n" + "\n".join(cells) + "\n\n" + tail
    t4 = parse_text(text).tables[TableKey.REVIEW_LITIGATION]
    assert {c: t4.rows["review"].cells[c].value for c in ("upheld", "corrected", "other", "pending", "total")} == {
        "upheld": 1, "corrected": 0, "other": 2, "pending": 0, "total": 3}
    assert t4.rows["litigation_after_review"].cells["total"].value == 4
    assert [f.rule_id for f in check(parse_text(text)) if f.severity.value == "error"] == []


def test_values_after_a_group_label_are_kept_as_stray() -> None:
    """A 2021 report printing numbers on the （三）不予公开 group line: they belong to no row."""
    text = SEED0.replace("\t(三) 不予公开\t1.属于国家秘密", "\t(三) 不予公开\t9\t9\n\t\t1.属于国家秘密")
    report = parse_text(text)
    t3 = report.tables[TableKey.APPLICATIONS]
    assert [c.text for c in t3.stray] == ["9", "9"]
    assert t3.rows["withheld_state_secret"].status is RowStatus.OK
    finding = next(f for f in check(report) if f.rule_id == "read.stray_values")
    assert finding.actual == "9 9"


def test_blank_cells_in_markdown_row_map_by_position() -> None:
    """| 规章 | 1 |  | 3 |: the middle cell is blank, explicitly; it is not shifted."""
    text = SEED0.replace("规章\t0\t0\t0", "| 规章 | 1 |  | 3 |")
    row = parse_text(text).tables[TableKey.PROACTIVE].rows["regulations"]
    assert row.status is RowStatus.OK
    assert [row.cells[c].value for c in ("issued", "abolished", "in_force")] == [1, None, 3]
    assert row.cells["abolished"].kind.value == "blank"


def test_text_with_no_report_is_refused() -> None:
    import pytest

    from ogi.errors import NotAReportError

    with pytest.raises(NotAReportError):
        parse_text("这是一份会议通知。\n请各单位准时参加。")


SEED3 = seed_path("003").read_text(encoding="utf-8")
TOTAL_ROW = "(七) 总计\t\t0\t0\t0\t0\t0\t0\t0\t"  # as printed in seed 003: the label spans two columns


def test_tab_row_missing_its_last_value_is_not_shifted() -> None:
    """"（七）总计\\t\\t0…0\\t\\t" has 6 values: the empty cell after the label is the rest of the label's two
    columns and the last one may be a trailing tab, so no column can be told; the row stays unreadable."""
    assert TOTAL_ROW in SEED3
    report = parse_text(SEED3.replace(TOTAL_ROW, "(七) 总计\t\t0\t0\t0\t0\t0\t0\t\t"))
    row = report.tables[TableKey.APPLICATIONS].rows["total_processed"]
    assert row.status is RowStatus.UNREADABLE
    assert [c.text for c in row.seen] == ["0"] * 6


def test_tab_row_with_an_empty_cell_inside_maps_by_position() -> None:
    """An empty cell between two values is a cell: the values keep their columns."""
    report = parse_text(SEED3.replace(TOTAL_ROW, "(七) 总计\t\t0\t0\t\t0\t0\t0\t0\t"))
    row = report.tables[TableKey.APPLICATIONS].rows["total_processed"]
    assert row.status is RowStatus.OK
    assert row.cells["research_institution"].text == "" and row.cells["public_interest_org"].text == "0"
    assert row.cells["total"].value == 0


def _with_wrapped_normative_row(text: str) -> Table:
    """Seed text read, with table 二's 行政规范性文件 row replaced by a ruled PDF row whose label wraps round its
    values: "行政" / 3 0 12 / "规范性文件", empty grid cells beside each label line; returns table 二."""
    doc = read_text(text)
    at = next(i for i, ln in enumerate(doc.lines) if ln.cells[0] == "行政规范性文件")
    n = doc.lines[at].number
    wrapped = (Line(n, ("行政", "", "", ""), grid=True), Line(n, ("", "3", "0", "12"), grid=True),
               Line(n, ("规范性文件", "", "", ""), grid=True))
    lines = doc.lines[:at] + wrapped + doc.lines[at + 1 :]
    return extract_report(Document(lines=lines, name="wrapped")).tables[TableKey.PROACTIVE]


def test_wrapped_label_beside_empty_ruled_cells_is_not_read_as_blanks() -> None:
    """The values go to the row above (which becomes unreadable); the label's last line has only empty cells
    beside it, and they are not the row's values: it stays unreadable rather than ok with three made-up
    blanks."""
    table = _with_wrapped_normative_row(SEED0)
    assert table.rows["regulations"].status is RowStatus.UNREADABLE
    assert table.rows["normative_documents"].status is RowStatus.UNREADABLE


def test_values_beside_a_wrapped_label_are_not_given_to_a_blank_row_above() -> None:
    """As above, with 规章 printed blank: 3 0 12 would fit it exactly, but they stand beside the first line of
    the next label, so 规章 is not read as 3 0 12; both rows are unreadable."""
    table = _with_wrapped_normative_row(SEED0.replace("规章\t0\t0\t0", "规章\t\t\t"))
    assert table.rows["regulations"].status is RowStatus.UNREADABLE
    assert [c.text for c in table.rows["regulations"].seen] == ["3", "0", "12"]
    assert table.rows["normative_documents"].status is RowStatus.UNREADABLE


def _markdown_table3_row(label: str, cells: list[str]) -> str:
    return "| " + " | ".join([label, "", "", *cells]) + " |"  # the label's two other columns printed empty


def test_markdown_row_with_a_lost_cell_after_empty_label_columns_is_not_shifted() -> None:
    """Markdown has no colspan: a label over three columns is printed with two empty cells after it. With a
    value lost, those empties would make up the count and every value would move two columns right (found by
    the text-form generator on seed 001's 四、结转下年度继续办理, 5 values printed); the row stays unreadable."""
    row = _markdown_table3_row("四、结转下年度继续办理", ["0", "0", "0", "0", "0"])
    text = SEED0.replace(next(ln for ln in SEED0.splitlines() if ln.startswith("四、结转下年度继续办理")), row)
    got = parse_text(text).tables[TableKey.APPLICATIONS].rows["carried_forward"]
    assert got.status is RowStatus.UNREADABLE and [c.text for c in got.seen] == ["0"] * 5


def test_markdown_row_after_empty_label_columns_reads_when_complete() -> None:
    row = _markdown_table3_row("四、结转下年度继续办理", ["2", "0", "0", "0", "0", "0", "2"])
    text = SEED0.replace(next(ln for ln in SEED0.splitlines() if ln.startswith("四、结转下年度继续办理")), row)
    got = parse_text(text).tables[TableKey.APPLICATIONS].rows["carried_forward"]
    assert got.status is RowStatus.OK
    assert (got.cells["natural_person"].value, got.cells["total"].value) == (2, 2)


def test_short_label_with_a_word_after_it_matches_at_its_place() -> None:
    """"3.其他情形" for "3.其他" (found in review): the short label followed by a word matches at its own place;
    only far from its place (a longer label that merely starts with it) is it no match."""
    old = next(ln for ln in SEED0.splitlines() if ln.startswith("3.其他\t"))
    text = SEED0.replace(old, "3.其他情形\t\t1\t2\t3\t0\t0\t0\t6\t")
    row = parse_text(text).tables[TableKey.APPLICATIONS].rows["other_misc"]
    assert row.status is RowStatus.OK and row.printed_label == "3.其他情形"
    assert [c.text for c in row.cells.values()] == ["1", "2", "3", "0", "0", "0", "6"]


def test_values_beside_an_unknown_label_are_not_given_to_a_blank_row_above() -> None:
    """Table 二 as a drawn table: 行政处罚 printed blank, then a row whose label is nothing of the layout with
    a 5 beside it (found in review): the 5 is not 行政处罚's — that row is unreadable, never ok with 5."""
    doc = read_text(SEED0)
    at = next(i for i, ln in enumerate(doc.lines) if ln.cells[0] == "行政处罚")
    n = doc.lines[at].number
    lines = (*doc.lines[:at], Line(n, ("行政处罚", ""), grid=True), Line(n + 1, ("其他处分类", "5"), grid=True),
             *doc.lines[at + 1 :])
    rows = extract_report(Document(lines=lines, name="unknown")).tables[TableKey.PROACTIVE].rows
    assert rows["penalty"].status is RowStatus.UNREADABLE and [c.text for c in rows["penalty"].seen] == ["5"]
