"""Every rule of ogi.check on hand-made broken reports.

Each test takes the correct base report (seed 000, 安阳市科学技术局 2023, a 部门, 2021 layout; see conftest.py),
breaks it in one place by editing the text, and states by hand the complete list of findings the checker must
return: rule, severity, location, expected and actual value, and the numbers the Chinese message must show.
Because the list is complete, every test also shows that the edit makes no unrelated rule fire.

Table 三 columns, in printed order: 自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计.
Base table 三: 一 = 1 0 0 0 0 0 1; 二 = 0…0; （四）1.本机关不掌握 = 1 0 0 0 0 0 1; （七）总计 = 1 0 0 0 0 0 1;
四、结转下年度 = 0…0; every other row 0…0. Base table 四: fifteen 0. Base table 二: 规章 0 0 0, 行政规范性文件 3 0 12,
行政许可 0, 行政处罚 0, 行政强制 0, 行政事业性收费 11.55.

Builders decorated with ``@breaks(rule_id)`` are the broken cases; test_every_rule_fires_in_some_case runs them
all and checks that together they make every rule of ogi.check.RULES fire.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from ogi.api import parse_bytes, parse_text
from ogi.check import RULES, Finding, Severity, check

ERROR, WARNING, NOTICE = Severity.ERROR, Severity.WARNING, Severity.NOTICE


# ---------------------------------------------------------------------------------------------------
# Text editing helpers


def tab(*cells: str) -> str:
    """One printed table line: cells separated by tabs, as in the seed texts."""
    return "\t".join(cells)


def replace_line(text: str, old: str, new: str | None) -> str:
    """Replace the one line that is exactly `old` (several lines when `new` holds newlines; none when None)."""
    lines = text.split("\n")
    hits = [i for i, line in enumerate(lines) if line == old]
    assert len(hits) == 1, f"expected one line {old!r}, found {len(hits)}"
    lines[hits[0] : hits[0] + 1] = [] if new is None else new.split("\n")
    return "\n".join(lines)


def delete_line(text: str, old: str) -> str:
    return replace_line(text, old, None)


def sub_once(text: str, old: str, new: str) -> str:
    """Replace a substring that occurs exactly once."""
    assert text.count(old) == 1, f"expected {old!r} once, found {text.count(old)}"
    return text.replace(old, new)


def _line_index(lines: list[str], prefix: str) -> int:
    hits = [i for i, line in enumerate(lines) if line.startswith(prefix)]
    assert len(hits) == 1, f"expected one line starting {prefix!r}, found {len(hits)}"
    return hits[0]


def block(text: str, start: str, stop: str | None) -> tuple[int, int]:
    """Line range [from the line starting `start`, to the line starting `stop`) (to the end when stop is None)."""
    lines = text.split("\n")
    a = _line_index(lines, start)
    b = len(lines) if stop is None else _line_index(lines, stop)
    assert a < b
    return a, b


def drop_block(text: str, start: str, stop: str | None) -> str:
    lines = text.split("\n")
    a, b = block(text, start, stop)
    return "\n".join(lines[:a] + lines[b:])


def replace_block(text: str, start: str, stop: str | None, new: str) -> str:
    lines = text.split("\n")
    a, b = block(text, start, stop)
    return "\n".join(lines[:a] + new.split("\n") + lines[b:])


def swap_blocks(text: str, first: str, second: str, stop: str | None) -> str:
    """Swap two adjacent blocks: [first, second) and [second, stop)."""
    lines = text.split("\n")
    a, b = block(text, first, second)
    _, c = block(text, second, stop)
    tail = lines[b:c]
    if tail and tail[-1] != "":
        tail.append("")
    return "\n".join(lines[:a] + tail + lines[a:b] + lines[c:])


def signed(text: str, date_line: str, signer: str = "安阳市科学技术局") -> str:
    """Append a signature (agency and date) after part 六, as printed reports end."""
    return text.rstrip("\n") + f"\n\n{signer}\n\n{date_line}\n"


def as_government(text: str) -> str:
    """The same report, but by a 人民政府 (due 3月31日 instead of 1月31日)."""
    return sub_once(text, "安阳市科学技术局 2023 年政府信息公开", "安阳市人民政府 2023 年政府信息公开")


# Table 二 in the 2019 trial layout (国办公开办函〔2019〕60号, domain.md §2), filled with values consistent with
# the base; “本年增/减” −1 is allowed there.
TABLE2_2019 = "\n".join(
    [
        tab("第二十条第（一）项", "", "", ""),
        tab("信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"),
        tab("规章", "0", "0", "0"),
        tab("规范性文件", "3", "3", "12"),
        tab("第二十条第（五）项", "", "", ""),
        tab("信息内容", "上一年项目数量", "本年增/减", "处理决定数量"),
        tab("行政许可", "0", "0", "0"),
        tab("其他对外管理服务事项", "0", "0", "0"),
        tab("第二十条第（六）项", "", "", ""),
        tab("信息内容", "上一年项目数量", "本年增/减", "处理决定数量"),
        tab("行政处罚", "2", "0", "0"),
        tab("行政强制", "0", "0", "0"),
        tab("第二十条第（八）项", "", "", ""),
        tab("信息内容", "上一年项目数量", "本年增/减", ""),
        tab("行政事业性收费", "5", "-1", ""),
        tab("第二十条第（九）项", "", "", ""),
        tab("信息内容", "采购项目数量", "采购总金额", ""),
        tab("政府集中采购", "0", "0元", ""),
        "",
    ]
)
# 2019 layout: （六）其他处理 is one data row (domain.md §2).
OTHER_HANDLING_2019 = tab("", "(六) 其他处理", "0", "0", "0", "0", "0", "0", "0")


def in_2019_layout(text: str, year: int) -> str:
    """The base report rewritten in the 2019 layout (table 二 and table 三（六）), for report year `year`."""
    text = replace_block(text, "第二十条第（一）项", "三、收到和处理政府信息公开申请情况", TABLE2_2019)
    text = replace_block(text, "\t(六) 其他处理", "(七) 总计", OTHER_HANDLING_2019)
    return sub_once(text, "安阳市科学技术局 2023 年", f"安阳市科学技术局 {year} 年")


def base_2019(base: str) -> str:
    """A correct 2020 report in the 2019 layout."""
    return in_2019_layout(base, 2020)


# ---------------------------------------------------------------------------------------------------
# Expected findings


@dataclass(frozen=True)
class E:
    """One expected finding. `says` lists substrings the Chinese message must contain."""

    rule_id: str
    severity: Severity
    table: str | None = None
    row: str | None = None
    column: str | None = None
    section: str | None = None
    expected: str | None = None
    actual: str | None = None
    says: tuple[str, ...] = ()
    label_zh: str | None = None

    @property
    def key(self) -> tuple:
        return (self.rule_id, self.severity.value, self.table, self.row, self.column, self.section)


def _key(f: Finding) -> tuple:
    loc = f.location
    return (f.rule_id, f.severity.value, loc.table, loc.row, loc.column, loc.section)


def run(text: str | bytes) -> list[Finding]:
    """Check a report given as text, or as the bytes of a file (for what only bytes can carry: damage)."""
    return check(parse_bytes(text, name="r.txt") if isinstance(text, bytes) else parse_text(text))


def _show(found: list[Finding]) -> str:
    return "\n".join(f"  {_key(f)} expected={f.expected!r} actual={f.actual!r} {f.message}" for f in found)


def assert_findings(found: list[Finding], *expected: E) -> None:
    """The findings are exactly `expected` (no more, no fewer), each with its values and message."""
    assert sorted(_key(f) for f in found) == sorted(e.key for e in expected), "findings were:\n" + _show(found)
    for e in expected:
        (f,) = [f for f in found if _key(f) == e.key]
        assert f.title == RULES[e.rule_id].title
        assert (f.expected, f.actual) == (e.expected, e.actual), _show([f])
        for part in e.says:
            assert part in f.message, f"{part!r} not in {f.message!r}"
        if e.label_zh is not None:
            assert f.location.label_zh == e.label_zh


def fired(text: str) -> set[str]:
    return {f.rule_id for f in run(text)}


# ---------------------------------------------------------------------------------------------------
# Registry of broken cases (for the coverage test)

CASES: dict[str, tuple[str, Callable[[str], str]]] = {}


def breaks(rule_id: str) -> Callable[[Callable[[str], str]], Callable[[str], str]]:
    """Register a builder (base text → broken text) as a case meant to make `rule_id` fire."""
    assert rule_id in RULES, rule_id

    def register(fn: Callable[[str], str]) -> Callable[[str], str]:
        CASES[fn.__name__] = (rule_id, fn)
        return fn

    return register


# Lines of the base text that the cases edit.
T3_CARRIED = tab("二、上年结转政府信息公开申请数量", "", "0", "0", "0", "0", "0", "0", "0", "")
T3_DISCLOSED = tab("三、本年度办理结果", "(一) 予以公开", "0", "0", "0", "0", "0", "0", "0", "")
T3_REPEAT = tab("", "", "2.重复申请", "0", "0", "0", "0", "0", "0", "0")
T3_TOTAL = tab("(七) 总计", "1", "0", "0", "0", "0", "0", "1", "", "")
T3_FORWARD = tab("四、结转下年度继续办理", "", "0", "0", "0", "0", "0", "0", "0", "")
T4_ROW = tab(*["0"] * 15)
T2_NORMATIVE = tab("行政规范性文件", "3", "0", "12")
T2_REGULATIONS = tab("规章", "0", "0", "0")
T2_LICENSING = tab("行政许可", "0", "", "")
T2_COMPULSION = tab("行政强制", "0", "", "")
T2_FEES = tab("行政事业性收费", "11.55", "", "")
GENERAL_APPLICATIONS = "全年收到依申请公开件 1 件"
GENERAL_REVIEW = "2023 年，市科技局没有被申请行政复议或被提起行政诉讼、行政申诉情况。"


# ---------------------------------------------------------------------------------------------------
# The correct bases


def test_base_gives_no_error_or_warning(base: str) -> None:
    found = run(base)
    assert [f for f in found if f.severity in (ERROR, WARNING)] == [], _show(found)
    assert found == []  # not even a notice: every cell is a printed number and every row is read


def test_base_in_2019_layout_is_clean(base: str) -> None:
    # Derived base for 2019-layout cases: a 2020 report in the 2019 layout, “本年增/减” = −1 (allowed).
    report = parse_text(base_2019(base))
    assert report.metadata.format_version.value == "2019"
    assert report.metadata.report_year == 2020
    assert run(base_2019(base)) == []


# ---------------------------------------------------------------------------------------------------
# t3.balance: 一 + 二 = （七）总计 + 四 per column


@breaks("t3.balance")
def balance_forward_cell(base: str) -> str:
    # 四、结转下年度 自然人 0 → 2 (only that cell).
    return replace_line(base, T3_FORWARD, tab("四、结转下年度继续办理", "", "2", "0", "0", "0", "0", "0", "0", ""))


def test_balance_one_cell_of_row_four(base: str) -> None:
    # 自然人 column: 一 1 + 二 0 = 1; （七）1 + 四 2 = 3 → 1 ≠ 3.
    # 总计 column unchanged: 1 + 0 = 1 + 0. The edited row 四: 2+0+0+0+0+0 = 2 ≠ 总计 0 → t3.row_total too.
    assert_findings(
        run(balance_forward_cell(base)),
        E("t3.balance", ERROR, "table3", "total_processed", "natural_person", expected="1", actual="3",
          says=("“自然人”列", "（1）", "（0）", "= 1", "（2）", "= 3"),
          label_zh="表三“（七）总计”行“自然人”列"),
        E("t3.row_total", ERROR, "table3", "carried_forward", "total", expected="2", actual="0",
          says=("之和为2", "总计栏为0")),
    )


@breaks("t3.balance")
def balance_carried_row(base: str) -> str:
    # 二、上年结转 0 0 0 0 0 0 0 → 1 0 0 0 0 0 1 (row total still right).
    return replace_line(base, T3_CARRIED, tab("二、上年结转政府信息公开申请数量", "", "1", "0", "0", "0", "0", "0", "1", ""))


def test_balance_in_two_columns_only(base: str) -> None:
    # 自然人: 1 + 1 = 2 vs （七）1 + 四 0 = 1.  总计: 1 + 1 = 2 vs 1 + 0 = 1.  Other columns 0 + 0 = 0 + 0.
    # Row 二: 1 = 1 → no t3.row_total; no outcome row changed → no t3.outcome_total.
    assert_findings(
        run(balance_carried_row(base)),
        E("t3.balance", ERROR, "table3", "total_processed", "natural_person", expected="2", actual="1",
          says=("“自然人”列", "= 2", "= 1")),
        E("t3.balance", ERROR, "table3", "total_processed", "total", expected="2", actual="1",
          says=("“总计”列", "= 2", "= 1")),
    )


# ---------------------------------------------------------------------------------------------------
# t3.row_total: 总计 = sum of the six applicant columns, per row


@breaks("t3.row_total")
def row_total_carried(base: str) -> str:
    # 二、上年结转 总计 0 → 4.
    return replace_line(base, T3_CARRIED, tab("二、上年结转政府信息公开申请数量", "", "0", "0", "0", "0", "0", "0", "4", ""))


def test_row_total_differs_from_six_columns(base: str) -> None:
    # Row 二: 0+0+0+0+0+0 = 0 ≠ 总计 4.
    # 总计 column balance: 一 1 + 二 4 = 5 vs （七）1 + 四 0 = 1 → t3.balance in 总计 (unavoidable: row 二 is in it).
    assert_findings(
        run(row_total_carried(base)),
        E("t3.row_total", ERROR, "table3", "carried_over", "total", expected="0", actual="4",
          says=("二、上年结转政府信息公开申请数量", "之和为0", "总计栏为4"),
          label_zh="表三“二、上年结转政府信息公开申请数量”行“总计”列"),
        E("t3.balance", ERROR, "table3", "total_processed", "total", expected="5", actual="1",
          says=("（4）", "= 5", "= 1")),
    )


def test_row_total_in_an_outcome_row(base: str) -> None:
    # （四）1.本机关不掌握: 1 0 0 0 0 0 1 → 1 0 0 0 0 0 2. Row: 1 ≠ 2.
    # （七）总计 column 总计: outcome rows add up to 2 (this row) but （七）总计 says 1 → t3.outcome_total in 总计.
    old = tab("", "(四) 无法提供", "1.本机关不掌握相关政府信息", "1", "0", "0", "0", "0", "0", "1")
    text = replace_line(base, old, old[:-1] + "2")
    assert_findings(
        run(text),
        E("t3.row_total", ERROR, "table3", "unable_not_held", "total", expected="1", actual="2",
          says=("（四）无法提供1.本机关不掌握相关政府信息", "之和为1", "总计栏为2")),
        E("t3.outcome_total", ERROR, "table3", "total_processed", "total", expected="2", actual="1",
          says=("之和为2", "（七）总计为1")),
    )


# ---------------------------------------------------------------------------------------------------
# t3.outcome_total: （七）总计 = sum of the outcome rows, per column


@breaks("t3.outcome_total")
def outcome_disclosed(base: str) -> str:
    # （一）予以公开 0 0 0 0 0 0 0 → 1 0 0 0 0 0 1.
    return replace_line(base, T3_DISCLOSED, tab("三、本年度办理结果", "(一) 予以公开", "1", "0", "0", "0", "0", "0", "1", ""))


def test_outcome_total_differs_from_outcome_rows(base: str) -> None:
    # 自然人: （一）1 + （四）1 1 = 2 ≠ （七）1.  总计: the same, 2 ≠ 1.  Row （一）: 1 = 1.  Balance untouched.
    assert_findings(
        run(outcome_disclosed(base)),
        E("t3.outcome_total", ERROR, "table3", "total_processed", "natural_person", expected="2", actual="1",
          says=("“自然人”列", "之和为2", "（七）总计为1"), label_zh="表三“（七）总计”行“自然人”列"),
        E("t3.outcome_total", ERROR, "table3", "total_processed", "total", expected="2", actual="1",
          says=("“总计”列", "之和为2", "（七）总计为1")),
    )


def test_outcome_total_row_itself_changed(base: str) -> None:
    # （七）总计 1 0 0 0 0 0 1 → 2 0 0 0 0 0 2.
    # 自然人 and 总计: outcome rows add up to 1 ≠ 2 (t3.outcome_total); 一 1 + 二 0 = 1 ≠ （七）2 + 四 0 = 2 (t3.balance).
    text = replace_line(base, T3_TOTAL, tab("(七) 总计", "2", "0", "0", "0", "0", "0", "2", "", ""))
    assert_findings(
        run(text),
        E("t3.outcome_total", ERROR, "table3", "total_processed", "natural_person", expected="1", actual="2",
          says=("之和为1", "（七）总计为2")),
        E("t3.outcome_total", ERROR, "table3", "total_processed", "total", expected="1", actual="2",
          says=("之和为1", "（七）总计为2")),
        E("t3.balance", ERROR, "table3", "total_processed", "natural_person", expected="1", actual="2",
          says=("= 1", "（2）", "= 2")),
        E("t3.balance", ERROR, "table3", "total_processed", "total", expected="1", actual="2",
          says=("= 1", "（2）", "= 2")),
    )


@breaks("t3.outcome_total")
def outcome_other_handling_2019(base: str) -> str:
    # 2020 report, 2019 layout: the single （六）其他处理 row 0…0 → 1 0 0 0 0 0 1.
    return replace_line(base_2019(base), OTHER_HANDLING_2019, tab("", "(六) 其他处理", "1", "0", "0", "0", "0", "0", "1"))


def test_outcome_total_2019_layout_counts_single_other_handling_row(base: str) -> None:
    # 自然人: （四）1 1 + （六）1 = 2 ≠ （七）1; 总计 the same.
    assert_findings(
        run(outcome_other_handling_2019(base)),
        E("t3.outcome_total", ERROR, "table3", "total_processed", "natural_person", expected="2", actual="1",
          says=("之和为2", "（七）总计为1")),
        E("t3.outcome_total", ERROR, "table3", "total_processed", "total", expected="2", actual="1",
          says=("之和为2", "（七）总计为1")),
    )


# ---------------------------------------------------------------------------------------------------
# t4.block_total: 总计 = 维持 + 纠正 + 其他 + 尚未审结 in each block of table 四


@breaks("t4.block_total")
def t4_direct_corrected(base: str) -> str:
    # Value 7 of 15 (未经复议直接起诉 · 结果纠正) 0 → 2.
    cells = ["0"] * 15
    cells[6] = "2"
    return replace_line(base, T4_ROW, tab(*cells))


def test_t4_block_total(base: str) -> None:
    # 未经复议直接起诉: 0 + 2 + 0 + 0 = 2 ≠ 总计 0. 行政复议 and 复议后起诉 still 0 = 0.
    assert_findings(
        run(t4_direct_corrected(base)),
        E("t4.block_total", ERROR, "table4", "litigation_direct", "total", expected="2", actual="0",
          says=("未经复议直接起诉", "之和为2", "总计为0"), label_zh="表四“行政诉讼·未经复议直接起诉”行“总计”列"),
    )


def test_t4_block_total_review_block(base: str) -> None:
    # Value 5 (行政复议 · 总计) 0 → 3: 0 + 0 + 0 + 0 = 0 ≠ 3.
    cells = ["0"] * 15
    cells[4] = "3"
    assert_findings(
        run(replace_line(base, T4_ROW, tab(*cells))),
        E("t4.block_total", ERROR, "table4", "review", "total", expected="0", actual="3",
          says=("行政复议", "之和为0", "总计为3")),
    )


# ---------------------------------------------------------------------------------------------------
# read.row_unreadable and check.skipped


@breaks("read.row_unreadable")
def t3_row_six_values(base: str) -> str:
    # （五）2.重复申请 prints 6 values instead of 7 (one “0” deleted).
    return replace_line(base, T3_REPEAT, tab("", "", "2.重复申请", *["0"] * 6))


def test_row_with_six_values_is_unreadable(base: str) -> None:
    # 7 columns expected, 6 values read. The row is not mapped, so no arithmetic runs on it (no t3.* finding)
    # and check.skipped says so.
    assert_findings(
        run(t3_row_six_values(base)),
        E("read.row_unreadable", ERROR, "table3", "not_processed_repeat", expected="7", actual="6",
          says=("（五）不予处理2.重复申请", "应有7个数", "实际读到6个", "0 0 0 0 0 0")),
        E("check.skipped", NOTICE, "table3", says=("表三中1行", "2.重复申请")),
    )


@breaks("check.skipped")
def t3_row_eight_values(base: str) -> str:
    # （五）2.重复申请 prints 8 values (one “0” added).
    return replace_line(base, T3_REPEAT, tab("", "", "2.重复申请", *["0"] * 8))


def test_row_with_eight_values_is_unreadable_and_skipped(base: str) -> None:
    assert_findings(
        run(t3_row_eight_values(base)),
        E("read.row_unreadable", ERROR, "table3", "not_processed_repeat", expected="7", actual="8",
          says=("应有7个数", "实际读到8个")),
        E("check.skipped", NOTICE, "table3", says=("表三中1行未能读取或缺失（2.重复申请）", "未核对")),
    )


def test_unreadable_outcome_row_stops_the_identities_it_is_in(base: str) -> None:
    # （四）1.本机关不掌握 1 0 0 0 0 0 1 → 1 0 0 0 0 1 (a 0 lost): 6 values. Without the row the outcome sum would be
    # 0 ≠ （七）1, but the identity must not be checked on a guess: no t3.outcome_total.
    old = tab("", "(四) 无法提供", "1.本机关不掌握相关政府信息", "1", "0", "0", "0", "0", "0", "1")
    new = tab("", "(四) 无法提供", "1.本机关不掌握相关政府信息", "1", "0", "0", "0", "0", "1")
    assert_findings(
        run(replace_line(base, old, new)),
        E("read.row_unreadable", ERROR, "table3", "unable_not_held", expected="7", actual="6",
          says=("实际读到6个", "1 0 0 0 0 1")),
        E("check.skipped", NOTICE, "table3", says=("1.本机关不掌握相关政府信息",)),
    )


def test_table2_row_with_two_values_is_unreadable(base: str) -> None:
    # 行政规范性文件 3 0 12 → 3 12: 3 columns expected, 2 read. Table 二 has no identity: no check.skipped.
    assert_findings(
        run(replace_line(base, T2_NORMATIVE, tab("行政规范性文件", "3", "12"))),
        E("read.row_unreadable", ERROR, "table2", "normative_documents", expected="3", actual="2",
          says=("行政规范性文件", "应有3个数", "实际读到2个", "3 12")),
    )


@breaks("read.row_unreadable")
def t4_fourteen_values(base: str) -> str:
    return replace_line(base, T4_ROW, tab(*["0"] * 14))


def test_table4_with_fourteen_values_is_unreadable(base: str) -> None:
    # 3 blocks × 5 = 15 expected, 14 read: one finding for the data line, all three blocks skipped.
    assert_findings(
        run(t4_fourteen_values(base)),
        E("read.row_unreadable", ERROR, "table4", expected="15", actual="14",
          says=("表四数据行应有15个数", "实际读到14个")),
        E("check.skipped", NOTICE, "table4", says=("表四中3行", "行政复议", "复议后起诉")),
    )


def test_skipped_names_five_rows_then_etc(base: str) -> None:
    # Rows （三）2 to 7 deleted: 6 rows missing; the notice names the first five and ends with “等”.
    text = base
    for label in ["2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”", "4.保护第三方合法权益", "5.属于三类内部事务信息",
                  "6.属于四类过程性信息", "7.属于行政执法案卷"]:
        text = delete_line(text, tab("", "", label, *["0"] * 7))
    missing = ["withheld_law_prohibited", "withheld_three_safety_stability", "withheld_third_party",
               "withheld_internal_affairs", "withheld_process_info", "withheld_enforcement_file"]
    assert_findings(
        run(text),
        *[E("read.row_missing", ERROR, "table3", key) for key in missing],
        E("check.skipped", NOTICE, "table3",
          says=("表三中6行未能读取或缺失（2.其他法律行政法规禁止公开、3.危及“三安全一稳定”、4.保护第三方合法权益、"
                "5.属于三类内部事务信息、6.属于四类过程性信息等）",)),
    )


# ---------------------------------------------------------------------------------------------------
# read.row_missing


@breaks("read.row_missing")
def t3_repeat_row_deleted(base: str) -> str:
    return delete_line(base, T3_REPEAT)


def test_deleted_table3_row_is_missing(base: str) -> None:
    assert_findings(
        run(t3_repeat_row_deleted(base)),
        E("read.row_missing", ERROR, "table3", "not_processed_repeat",
          says=("表三", "未找到“2.重复申请”行", "2021年格式"), label_zh="表三“（五）不予处理2.重复申请”行"),
        E("check.skipped", NOTICE, "table3", says=("2.重复申请",)),
    )


def test_deleted_total_row_is_missing_and_not_guessed(base: str) -> None:
    # Without （七）总计 neither t3.balance nor t3.outcome_total can be checked; neither may fire.
    assert_findings(
        run(delete_line(base, T3_TOTAL)),
        E("read.row_missing", ERROR, "table3", "total_processed", says=("未找到“（七）总计”行",)),
        E("check.skipped", NOTICE, "table3", says=("（七）总计",)),
    )


def test_deleted_table2_row_is_missing(base: str) -> None:
    assert_findings(
        run(delete_line(base, T2_COMPULSION)),
        E("read.row_missing", ERROR, "table2", "compulsion", says=("表二", "未找到“行政强制”行")),
    )


# ---------------------------------------------------------------------------------------------------
# read.stray_values


@breaks("read.stray_values")
def t2_value_on_group_line(base: str) -> str:
    # “7” printed on the block caption line 第二十条第（五）项, which carries no numbers.
    return replace_line(base, tab("第二十条第（五）项", "", "", ""), tab("第二十条第（五）项", "7", "", ""))


def test_value_after_a_table2_group_label_is_stray(base: str) -> None:
    # The 7 belongs to no row: it is reported and not put into 行政许可 (still 1 value: no read.row_unreadable).
    report = parse_text(t2_value_on_group_line(base))
    assert report.tables["table2"].rows["licensing"].cells["decisions"].value == 0
    assert_findings(
        run(t2_value_on_group_line(base)),
        E("read.stray_values", ERROR, "table2", actual="7", says=("表二", "1个数字不属于任何一行", "：7")),
    )


def test_value_after_a_table3_group_label_is_stray(base: str) -> None:
    # “9” between （三）不予公开 and 1.属于国家秘密: not counted in any row, so every identity still holds.
    text = sub_once(base, "\t(三) 不予公开\t1.属于国家秘密", "\t(三) 不予公开\t9\t1.属于国家秘密")
    assert_findings(run(text), E("read.stray_values", ERROR, "table3", actual="9", says=("表三", "：9")))


def test_values_before_any_table3_row_are_stray(base: str) -> None:
    # A line “1 2 3” under the header, before 一、本年新收: three stray values.
    header = tab("", "", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "", "")
    text = replace_line(base, header, header + "\n" + tab("", "", "1", "2", "3"))
    assert_findings(run(text), E("read.stray_values", ERROR, "table3", actual="1 2 3", says=("3个数字", "1 2 3")))


# ---------------------------------------------------------------------------------------------------
# read.group_as_row, read.label_by_place: layout variants of real offices (淮安市洪泽区 2024)

T3_OTHER_ROWS = (
    tab("", "(六) 其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", *["0"] * 7),
    tab("", "", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", *["0"] * 7),
    tab("3.其他", "", *["0"] * 7, ""),
)


@breaks("read.group_as_row")
def t3_other_handling_as_one_row(base: str) -> str:
    # （六）其他处理 printed with its 7 numbers and no sub-rows, as the 2019 format had it; its 1 is in 自然人,
    # and （七）总计 is raised to match: 1 + 1 = 2
    text = replace_line(base, T3_OTHER_ROWS[0], tab("", "(六) 其他处理", "1", "0", "0", "0", "0", "0", "1"))
    text = delete_line(delete_line(text, T3_OTHER_ROWS[1]), T3_OTHER_ROWS[2])
    text = replace_line(text, T3_TOTAL, tab("(七) 总计", "2", "0", "0", "0", "0", "0", "2", "", ""))
    return replace_line(text, T3_FORWARD, tab("四、结转下年度继续办理", "", "-1", "0", "0", "0", "0", "0", "-1", ""))


def test_group_printed_as_one_row_keeps_its_numbers(base: str) -> None:
    # Its numbers are the group's totals: （七）总计 = 1 (（四）1) + 1 (（六)) = 2 holds, so t3.outcome_total is
    # silent, and the sub-rows are not reported missing one by one. The 2 in 总计 breaks 一 + 二 = 总计 + 四 only
    # if 四 did not take -1: it does (a printed -1 is a value.invalid count), which shows the group is summed.
    report = parse_text(t3_other_handling_as_one_row(base))
    t3 = report.tables["table3"]
    group = t3.groups["other_handling"]
    assert group.status.value == "ok" and group.cells["natural_person"].value == 1 and group.cells["total"].value == 1
    assert {t3.rows[k].status.value for k in ("other_no_correction", "other_unpaid_fee", "other_misc")} == {"missing"}
    ids = sorted(f.rule_id for f in check(report))
    assert "t3.outcome_total" not in ids and "read.row_missing" not in ids
    assert_findings(
        [f for f in check(report) if f.rule_id == "read.group_as_row"],
        E("read.group_as_row", NOTICE, "table3", "other_handling",
          says=("（六）其他处理", "印为一行", "3个子项", "3.其他", "作为该组合计")),
    )


def test_group_row_wrong_total_is_found(base: str) -> None:
    # the same, but （七）总计 left at 1: the group's 1 makes the outcomes 2, and the checker says so
    text = replace_line(base, T3_OTHER_ROWS[0], tab("", "(六) 其他处理", "1", "0", "0", "0", "0", "0", "1"))
    text = delete_line(delete_line(text, T3_OTHER_ROWS[1]), T3_OTHER_ROWS[2])
    found = [f for f in run(text) if f.rule_id == "t3.outcome_total"]
    assert sorted((f.location.column, f.expected, f.actual) for f in found) == [
        ("natural_person", "2", "1"), ("total", "2", "1")]


def test_group_numbers_beside_printed_sub_rows_stay_stray(base: str) -> None:
    # numbers beside （六）其他处理 while its sub-rows are printed too: no row's, reported as before
    text = replace_line(base, T3_OTHER_ROWS[0], tab("", "(六) 其他处理", "5") + "\n" + tab(
        "", "", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", *["0"] * 7))
    report = parse_text(text)
    assert report.tables["table3"].groups == {}
    assert_findings(run(text), E("read.stray_values", ERROR, "table3", actual="5", says=("：5",)))


@breaks("read.label_by_place")
def t3_label_with_characters_missing(base: str) -> str:
    # as printed by 淮安市洪泽区 2024: 法规禁 missing
    return sub_once(base, "2.其他法律行政法规禁止公开", "2.其他法律行政止公开")


def test_misprinted_label_is_matched_by_place(base: str) -> None:
    report = parse_text(t3_label_with_characters_missing(base))
    row = report.tables["table3"].rows["withheld_law_prohibited"]
    assert row.status.value == "ok" and row.matched_by_place and row.printed_label == "2.其他法律行政止公开"
    assert_findings(
        run(t3_label_with_characters_missing(base)),
        E("read.label_by_place", NOTICE, "table3", "withheld_law_prohibited", actual="2.其他法律行政止公开",
          says=("印为“2.其他法律行政止公开”", "“2.其他法律行政法规禁止公开”", "按其序号和所在位置")),
    )


def test_misprinted_label_with_the_wrong_number_is_not_matched(base: str) -> None:
    # numbered 3. where the next row is 2.: not this row by place (nor "3.其他" far below, whose label it only
    # starts with), so its numbers are not placed anywhere
    text = sub_once(base, "2.其他法律行政法规禁止公开", "3.其他法律行政止公开")
    report = parse_text(text)
    assert report.tables["table3"].rows["withheld_law_prohibited"].status.value == "missing"
    assert report.tables["table3"].rows["withheld_state_secret"].status.value == "unreadable"


def test_spaced_label_is_the_label(base: str) -> None:
    text = sub_once(base, "4.无正当理由大量反复申请", "4.无正当理由大量反复 申请")
    row = parse_text(text).tables["table3"].rows["not_processed_excessive"]
    assert row.status.value == "ok" and not row.matched_by_place


@breaks("read.input_damaged")
def damaged_byte_in_prose(base: str) -> bytes:
    # one byte of a character in part 五's prose flipped: the file is read, the damage said
    data = base.encode()
    at = data.index("存在的主要问题".encode()) + 40
    while data[at] & 0xC0 == 0x80:  # at the first byte of a character
        at += 1
    return data[:at] + b"\xff" + data[at + 1 :]


def test_damaged_byte_is_said_and_the_rest_read(base: str) -> None:
    found = run(damaged_byte_in_prose(base))
    assert_findings(found, E("read.input_damaged", WARNING, actual=found[0].actual if found else None,
                             says=("读取时发现", "损坏")))
    report = parse_bytes(damaged_byte_in_prose(base), name="r.txt")
    assert report.damage and "第" in report.damage[0], "the damage names where it is"
    assert report.tables["table3"].rows["new_received"].cells["total"].value == 1


# ---------------------------------------------------------------------------------------------------
# structure.table_missing


@breaks("structure.table_missing")
def table3_removed(base: str) -> str:
    # Heading 三 kept; the whole table (header note to 四、结转下年度) deleted.
    return drop_block(base, "(本列数据的勾稽关系", "四、政府信息公开行政复议、行政诉讼情况")


def test_table3_removed(base: str) -> None:
    # No row of a table that is not there is reported missing, and no identity or narrative check runs.
    assert_findings(
        run(table3_removed(base)),
        E("structure.table_missing", ERROR, "table3", says=("未找到表三（收到和处理政府信息公开申请情况）",)),
    )


def test_table3_removed_with_its_section(base: str) -> None:
    text = drop_block(base, "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况")
    assert_findings(
        run(text),
        E("structure.table_missing", ERROR, "table3"),
        E("structure.section_missing", ERROR, section="applications", says=("第3部分", "三、收到和处理政府信息公开申请情况")),
    )


def test_table2_removed(base: str) -> None:
    text = drop_block(base, "第二十条第（一）项", "三、收到和处理政府信息公开申请情况")
    assert_findings(run(text), E("structure.table_missing", ERROR, "table2", says=("未找到表二",)))


def test_table4_removed_with_its_section(base: str) -> None:
    text = drop_block(base, "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况")
    assert_findings(
        run(text),
        E("structure.table_missing", ERROR, "table4", says=("未找到表四",)),
        E("structure.section_missing", ERROR, section="review_litigation", says=("第4部分",)),
    )


def test_table4_removed_under_its_heading(base: str) -> None:
    text = drop_block(base, "行政复议\t", "五、存在的主要问题及改进情况")
    assert_findings(run(text), E("structure.table_missing", ERROR, "table4", says=("未找到表四",)))


# ---------------------------------------------------------------------------------------------------
# structure.section_missing and structure.section_order


@breaks("structure.section_missing")
def section5_removed(base: str) -> str:
    return drop_block(base, "五、存在的主要问题及改进情况", "六、其他需要报告的事项")


def test_section_removed(base: str) -> None:
    assert_findings(
        run(section5_removed(base)),
        E("structure.section_missing", ERROR, section="problems",
          says=("第5部分", "五、存在的主要问题及改进情况"), label_zh="五、存在的主要问题及改进情况"),
    )


def test_section_one_removed(base: str) -> None:
    # Part 一 with its prose gone: the narrative check has no text to read, so it says nothing.
    text = drop_block(base, "一、总体情况", "二、主动公开政府信息情况")
    assert_findings(run(text), E("structure.section_missing", ERROR, section="general", says=("第1部分", "一、总体情况")))


def test_last_section_removed(base: str) -> None:
    text = drop_block(base, "六、其他需要报告的事项", None)
    assert_findings(run(text), E("structure.section_missing", ERROR, section="other", says=("第6部分",)))


def test_section_missing_in_2019_layout_does_not_cite_the_2021_format(base: str) -> None:
    text = section5_removed(base_2019(base))
    assert_findings(run(text), E("structure.section_missing", ERROR, section="problems", says=("第5部分",)))
    (f,) = run(text)
    assert "〔2021〕30号" not in f.message


@breaks("structure.section_order")
def sections_5_6_swapped(base: str) -> str:
    return swap_blocks(base, "五、存在的主要问题及改进情况", "六、其他需要报告的事项", None)


def test_sections_swapped(base: str) -> None:
    report = parse_text(sections_5_6_swapped(base))
    assert [s.key.value for s in report.sections][-2:] == ["other", "problems"]
    assert_findings(
        run(sections_5_6_swapped(base)),
        E("structure.section_order", WARNING, expected="一→二→三→四→五→六", actual="一→二→三→四→六→五",
          says=("应为一→二→三→四→五→六", "实际为一→二→三→四→六→五")),
    )


def test_sections_with_tables_swapped(base: str) -> None:
    # 三 (with table 三) printed before 二 (with table 二): both tables are still read; only the order is reported.
    text = swap_blocks(base, "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                       "四、政府信息公开行政复议、行政诉讼情况")
    assert_findings(
        run(text),
        E("structure.section_order", WARNING, expected="一→二→三→四→五→六", actual="一→三→二→四→五→六"),
    )


# ---------------------------------------------------------------------------------------------------
# format.version_year


@breaks("format.version_year")
def year_2020_in_2021_layout(base: str) -> str:
    return sub_once(base, "安阳市科学技术局 2023 年", "安阳市科学技术局 2020 年")


def test_2020_report_in_2021_layout(base: str) -> None:
    assert_findings(
        run(year_2020_in_2021_layout(base)),
        E("format.version_year", WARNING, expected="2019", actual="2021",
          says=("2020年度报告", "2019年试行格式", "60号", "2021年格式", "本年制发件数")),
    )


@pytest.mark.parametrize("year", [2021, 2022])
def test_2021_layout_from_2021_on_is_not_a_version_finding(base: str, year: int) -> None:
    # Boundary: 2021 is the first report year of the 2021 layout.
    assert run(sub_once(base, "安阳市科学技术局 2023 年", f"安阳市科学技术局 {year} 年")) == []


@breaks("format.version_year")
def year_2023_in_2019_layout(base: str) -> str:
    return in_2019_layout(base, 2023)


def test_2023_report_in_2019_layout(base: str) -> None:
    # A consistent 2019-layout report (table 二 and table 三（六）) for 2023: only the format is wrong.
    assert_findings(
        run(year_2023_in_2019_layout(base)),
        E("format.version_year", WARNING, expected="2021", actual="2019",
          says=("2023年度报告", "2021年格式", "30号", "2019年试行格式", "本年新制作数量")),
    )


def test_2023_report_with_only_a_2019_table2_header(base: str) -> None:
    # Only table 二's first header line is the 2019 one. The format is taken from it (2019), and the rest of the
    # report, printed in 2021 columns, then does not fit the 2019 layout: in table 二 行政许可/处罚/强制 have 1 value
    # where 2019 has 3 and 收费 has 1 where 2019 has 2; 其他对外管理服务事项 and 政府集中采购 are absent; in table 三
    # the 2019 single （六）其他处理 row collects the three printed sub-rows, 3 × 7 = 21 values.
    text = replace_line(
        base,
        tab("信息内容", "本年制发件数", "本年废止件数", "现行有效件数"),
        tab("信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"),
    )
    assert_findings(
        run(text),
        E("format.version_year", WARNING, expected="2021", actual="2019", says=("2023年度报告", "本年新制作数量")),
        E("read.row_unreadable", ERROR, "table2", "licensing", expected="3", actual="1"),
        E("read.row_unreadable", ERROR, "table2", "penalty", expected="3", actual="1"),
        E("read.row_unreadable", ERROR, "table2", "compulsion", expected="3", actual="1"),
        E("read.row_unreadable", ERROR, "table2", "fees", expected="2", actual="1"),
        E("read.row_unreadable", ERROR, "table3", "other_handling", expected="7", actual="21"),
        E("read.row_missing", ERROR, "table2", "other_admin_services", says=("2019年格式",)),
        E("read.row_missing", ERROR, "table2", "procurement"),
        E("check.skipped", NOTICE, "table3"),
    )


def test_2020_report_in_2019_layout_is_not_a_version_finding(base: str) -> None:
    assert "format.version_year" not in fired(base_2019(base))


# ---------------------------------------------------------------------------------------------------
# narrative.applications


@breaks("narrative.fee_notices")
def unpaid_fee_but_no_notice(base: str) -> str:
    # part 六 of the base says "没有发出收费通知"; （六）2 becomes 1 for a natural person (the sums break too)
    row = "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请\t0\t0\t0\t0\t0\t0\t0"
    return sub_once(base, row, row.replace("\t0\t0\t0\t0\t0\t0\t0", "\t1\t0\t0\t0\t0\t0\t1"))


@breaks("narrative.applications")
def narrative_three(base: str) -> str:
    return sub_once(base, GENERAL_APPLICATIONS, "全年收到依申请公开件 3 件")


def test_narrative_count_differs_from_table3(base: str) -> None:
    # Text: 3; table 三 一 总计 = 1, 二 总计 = 0 → accepted 1 (or 1 + 0 = 1); 3 is neither.
    assert_findings(
        run(narrative_three(base)),
        E("narrative.applications", WARNING, "table3", "new_received", "total", expected="1", actual="3",
          says=("收到依申请公开件3件", "（3件）", "总计为1件")),
    )


def test_narrative_says_none_but_table_has_one(base: str) -> None:
    text = sub_once(base, GENERAL_APPLICATIONS, "全年未收到政府信息公开申请")
    assert_findings(
        run(text),
        E("narrative.applications", WARNING, "table3", "new_received", "total", expected="1", actual="0",
          says=("未收到政府信息公开申请", "（0件）", "总计为1件")),
    )


def test_narrative_may_count_carried_over_applications(base: str) -> None:
    # Text 2; table 三 now 一 = 1, 二 = 1 (自然人), 四 = 1 (自然人) so that 1 + 1 = 1 + 1 holds. 2 = 一 + 二 is accepted.
    text = sub_once(base, GENERAL_APPLICATIONS, "全年收到依申请公开件 2 件")
    text = replace_line(text, T3_CARRIED, tab("二、上年结转政府信息公开申请数量", "", "1", "0", "0", "0", "0", "0", "1", ""))
    text = replace_line(text, T3_FORWARD, tab("四、结转下年度继续办理", "", "1", "0", "0", "0", "0", "0", "1", ""))
    assert run(text) == []


@pytest.mark.parametrize(
    "sentence",
    ["2023 年，市科技局未收到行政复议申请，未被提起行政诉讼。", "2023 年，市科技局收到行政复议申请0件，行政诉讼0件。"],
    ids=["none-received", "zero-count"],
)
def test_narrative_ignores_review_applications(base: str, sentence: str) -> None:
    assert run(sub_once(base, GENERAL_REVIEW, sentence)) == []


# ---------------------------------------------------------------------------------------------------
# deadline.publication (条例第四十九条)


@breaks("deadline.publication")
def department_signed_feb_1(base: str) -> str:
    return signed(base, "2024年2月1日")


def test_department_after_january_31(base: str) -> None:
    # 部门, 2023 report: due 2024-01-31; signed 2024-02-01, one day late.
    assert parse_text(department_signed_feb_1(base)).metadata.agency_kind == "department"
    assert_findings(
        run(department_signed_feb_1(base)),
        E("deadline.publication", WARNING, expected="2024-01-31", actual="2024-02-01",
          says=("县级以上人民政府部门", "2024年1月31日", "第四十九条", "2024年2月1日"), label_zh="发布日期"),
    )


@pytest.mark.parametrize(
    "date_line",
    ["2024年1月31日", "2024年1月1日", "2024-01-31", "二〇二四年一月三十一日"],
    ids=["jan-31", "jan-1", "iso-jan-31", "chinese-numerals-jan-31"],
)
def test_department_on_time(base: str, date_line: str) -> None:
    # Boundary: 1月31日 itself is on time; so is the first day after the year.
    report = parse_text(signed(base, date_line))
    assert report.metadata.date_of_issue is not None
    assert run(signed(base, date_line)) == []


def test_department_chinese_numeral_date_late(base: str) -> None:
    assert_findings(
        run(signed(base, "二〇二四年二月一日")),
        E("deadline.publication", WARNING, expected="2024-01-31", actual="2024-02-01"),
    )


@breaks("deadline.publication")
def government_signed_april_1(base: str) -> str:
    return signed(as_government(base), "2024年4月1日", signer="安阳市人民政府")


def test_government_after_march_31(base: str) -> None:
    # 人民政府, 2023 report: due 2024-03-31; signed 2024-04-01.
    assert parse_text(government_signed_april_1(base)).metadata.agency_kind == "government"
    assert_findings(
        run(government_signed_april_1(base)),
        E("deadline.publication", WARNING, expected="2024-03-31", actual="2024-04-01",
          says=("县级以上人民政府应于", "2024年3月31日", "2024年4月1日")),
    )


@pytest.mark.parametrize("date_line", ["2024年3月31日", "2024年2月1日"], ids=["mar-31", "feb-1"])
def test_government_on_time(base: str, date_line: str) -> None:
    # Boundary: 3月31日 is on time for a 人民政府, and 2月1日 (late for a 部门) is not late for it.
    assert run(signed(as_government(base), date_line, signer="安阳市人民政府")) == []


@breaks("deadline.publication")
def department_signed_before_year_end(base: str) -> str:
    return signed(base, "2023年12月30日")


@pytest.mark.parametrize(
    ("builder", "date_line"),
    [
        (department_signed_before_year_end, "2023年12月30日"),
        (lambda b: signed(b, "2023年12月31日"), "2023年12月31日"),
        (lambda b: signed(as_government(b), "2023年6月1日", signer="安阳市人民政府"), "2023年6月1日"),
    ],
    ids=["department-dec-30", "department-dec-31", "government-jun-1"],
)
def test_signed_before_the_year_ended(base: str, builder: Callable[[str], str], date_line: str) -> None:
    # A 2023 report dated in 2023 (even on 12月31日) was signed before its statistics could be complete.
    text = builder(base)
    actual = parse_text(text).metadata.date_of_issue
    assert actual is not None and actual.year == 2023
    assert_findings(
        run(text),
        E("deadline.publication", WARNING, expected="2024-01-01之后", actual=actual.isoformat(),
          says=(date_line, "早于2023年度结束")),
    )


# ---------------------------------------------------------------------------------------------------
# read.cell_damaged, metadata.year_implausible


@breaks("read.cell_damaged")
def table2_superscript_digit(base: str) -> str:
    return replace_line(base, T2_REGULATIONS, tab("规章", "¹", "0", "0"))


def test_superscript_digit_is_never_a_value(base: str) -> None:
    # NFKC would make "¹" a 1: it is kept as text in its column and flagged, not counted as 0
    assert_findings(
        run(table2_superscript_digit(base)),
        E("read.cell_damaged", ERROR, "table2", "regulations", "issued", actual="¹",
          says=("规章", "本年制发件数", "“¹”", "非常规数字")),
    )


@breaks("metadata.year_implausible")
def year_9999(base: str) -> str:
    return base.replace("2023", "9999")


def test_year_9999_is_implausible(base: str) -> None:
    found = [f for f in run(year_9999(base)) if f.rule_id == "metadata.year_implausible"]
    assert len(found) == 1 and found[0].actual == "9999" and "2008" in found[0].message


# ---------------------------------------------------------------------------------------------------
# value.invalid


@breaks("value.invalid")
def table2_negative_count(base: str) -> str:
    return replace_line(base, T2_REGULATIONS, tab("规章", "-1", "0", "0"))


def test_negative_count_in_table2(base: str) -> None:
    # Table 二 has no identity, so the only finding is the value itself.
    assert_findings(
        run(table2_negative_count(base)),
        E("value.invalid", ERROR, "table2", "regulations", "issued", actual="-1",
          says=("规章", "本年制发件数", "“-1”", "件数应为非负整数")),
    )


def test_fractional_count_in_table2(base: str) -> None:
    assert_findings(
        run(replace_line(base, T2_LICENSING, tab("行政许可", "1.5", "", ""))),
        E("value.invalid", ERROR, "table2", "licensing", "decisions", actual="1.5",
          says=("行政许可", "“1.5”", "件数应为非负整数")),
    )


def test_negative_fee_amount(base: str) -> None:
    assert_findings(
        run(replace_line(base, T2_FEES, tab("行政事业性收费", "-11.55", "", ""))),
        E("value.invalid", ERROR, "table2", "fees", "amount", actual="-11.55", says=("“-11.55”", "金额不应为负数")),
    )


def test_negative_count_in_table3(base: str) -> None:
    # （五）2.重复申请 自然人 0 → -1.
    # Row: -1+0+0+0+0+0 = -1 ≠ 总计 0 (t3.row_total). 自然人 outcomes: （四）1 1 + (-1) = 0 ≠ （七）1 (t3.outcome_total).
    # 总计 column unchanged: no outcome_total there; balance unchanged.
    text = replace_line(base, T3_REPEAT, tab("", "", "2.重复申请", "-1", "0", "0", "0", "0", "0", "0"))
    assert_findings(
        run(text),
        E("value.invalid", ERROR, "table3", "not_processed_repeat", "natural_person", actual="-1",
          says=("2.重复申请", "自然人", "“-1”")),
        E("t3.row_total", ERROR, "table3", "not_processed_repeat", "total", expected="-1", actual="0",
          says=("之和为-1", "总计栏为0")),
        E("t3.outcome_total", ERROR, "table3", "total_processed", "natural_person", expected="0", actual="1",
          says=("之和为0", "（七）总计为1")),
    )


def test_fractional_count_in_table3(base: str) -> None:
    # Same row, 自然人 1.5: row 1.5 ≠ 0; 自然人 outcomes 1 + 1.5 = 2.5 ≠ 1.
    text = replace_line(base, T3_REPEAT, tab("", "", "2.重复申请", "1.5", "0", "0", "0", "0", "0", "0"))
    assert_findings(
        run(text),
        E("value.invalid", ERROR, "table3", "not_processed_repeat", "natural_person", actual="1.5", says=("“1.5”",)),
        E("t3.row_total", ERROR, "table3", "not_processed_repeat", "total", expected="1.5", actual="0"),
        E("t3.outcome_total", ERROR, "table3", "total_processed", "natural_person", expected="2.5", actual="1",
          says=("之和为2.5",)),
    )


def test_negative_count_in_table4(base: str) -> None:
    # 复议后起诉 总计 (value 15) 0 → -1: 0+0+0+0 = 0 ≠ -1.
    cells = ["0"] * 15
    cells[14] = "-1"
    assert_findings(
        run(replace_line(base, T4_ROW, tab(*cells))),
        E("value.invalid", ERROR, "table4", "litigation_after_review", "total", actual="-1", says=("“-1”",)),
        E("t4.block_total", ERROR, "table4", "litigation_after_review", "total", expected="0", actual="-1",
          says=("之和为0", "总计为-1")),
    )


def test_fractional_change_in_2019_layout(base: str) -> None:
    # 2019 “本年增/减” may be negative (the base has −1) but must be whole: 1.5 is not.
    text = replace_line(base_2019(base), tab("行政事业性收费", "5", "-1", ""), tab("行政事业性收费", "5", "1.5", ""))
    assert_findings(
        run(text),
        E("value.invalid", ERROR, "table2", "fees", "change", actual="1.5", says=("本年增/减", "增减数应为整数")),
    )


def test_negative_procurement_amount_in_2019_layout(base: str) -> None:
    text = replace_line(base_2019(base), tab("政府集中采购", "0", "0元", ""), tab("政府集中采购", "0", "-5元", ""))
    assert_findings(
        run(text),
        E("value.invalid", ERROR, "table2", "procurement", "amount", actual="-5元", says=("采购总金额", "金额不应为负数")),
    )


# ---------------------------------------------------------------------------------------------------
# value.blank


@breaks("value.blank")
def t3_blank_cell(base: str) -> str:
    # （五）2.重复申请 商业企业 printed blank (the tab stays, the 0 is gone).
    return replace_line(base, T3_REPEAT, tab("", "", "2.重复申请", "0", "", "0", "0", "0", "0", "0"))


def test_blank_cell_in_table3(base: str) -> None:
    # Counted as 0, so every identity still holds: only the notice.
    assert_findings(
        run(t3_blank_cell(base)),
        E("value.blank", NOTICE, "table3", "not_processed_repeat", "commercial_enterprise", actual="",
          says=("2.重复申请", "商业企业", "空白", "按0计")),
    )


@pytest.mark.parametrize("printed", ["/", "无", "—"], ids=["slash", "wu", "dash"])
def test_dash_or_word_in_table3(base: str, printed: str) -> None:
    text = replace_line(base, T3_REPEAT, tab("", "", "2.重复申请", "0", printed, "0", "0", "0", "0", "0"))
    assert_findings(
        run(text),
        E("value.blank", NOTICE, "table3", "not_processed_repeat", "commercial_enterprise", actual=printed,
          says=(f"“{printed}”", "按0计")),
    )


def test_blank_cell_in_table2(base: str) -> None:
    assert_findings(
        run(replace_line(base, T2_NORMATIVE, tab("行政规范性文件", "3", "", "12"))),
        E("value.blank", NOTICE, "table2", "normative_documents", "abolished", actual="", says=("本年废止件数", "空白")),
    )


def test_slash_in_table4(base: str) -> None:
    cells = ["0"] * 15
    cells[2] = "/"
    assert_findings(
        run(replace_line(base, T4_ROW, tab(*cells))),
        E("value.blank", NOTICE, "table4", "review", "other", actual="/", says=("行政复议", "其他结果", "“/”")),
    )


def test_blank_cell_in_table4(base: str) -> None:
    # 行政复议 · 其他结果 printed blank on the single 15-cell data line (the tab stays). Counted as 0: only the notice.
    # (Up to 594314d this crashed parse_text with ValueError in extract_table4; fixed in 2793857.)
    cells = ["0"] * 15
    cells[2] = ""
    assert_findings(
        run(replace_line(base, T4_ROW, tab(*cells))),
        E("value.blank", NOTICE, "table4", "review", "other", actual="", says=("空白",)),
    )


# ---------------------------------------------------------------------------------------------------
# Coverage: together the cases make every rule fire


def test_every_rule_fires_in_some_case(base: str) -> None:
    covered = set()
    for name, (rule_id, build) in CASES.items():
        ids = fired(build(base))
        assert rule_id in ids, f"case {name} does not make {rule_id} fire (fired: {sorted(ids)})"
        covered.add(rule_id)
    assert covered == set(RULES)
