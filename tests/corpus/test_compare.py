"""Cross-year comparison on a generated series with known breaks, and rankings/distributions by hand."""

from __future__ import annotations

import pytest

from corpus.series import agency_series, seed
from ogi.corpus.compare import (
    ContinuityStatus,
    DuplicateYearError,
    compare_years,
    distribution,
    missing_years,
    ranking,
    side_by_side,
)


@pytest.fixture(scope="module")
def series():
    return agency_series()


def test_every_planted_break_is_found_with_its_numbers(series):
    found = compare_years(series.by_year()).breaks
    got = {(b.check, b.year, b.table, b.row, b.column, b.expected, b.actual, b.difference) for b in found}
    want = {(p.check, p.year, p.table, p.row, p.column, p.expected, p.actual, p.actual - p.expected)
            for p in series.breaks}
    assert got == want  # every planted break, and nothing else


def test_break_messages_state_the_numbers(series):
    by_key = {(b.check, b.column): b for b in compare_years(series.by_year()).breaks}
    assert by_key["carry_over", "natural_person"].message_zh == (
        "2022年表三“二、上年结转政府信息公开申请数量”行“自然人”列为3，按2021年“四、结转下年度继续办理”应为2，相差+1")
    assert "按2022年现行有效件数18＋本年制发3－本年废止1应为20，相差-3" in by_key["in_force", "in_force"].message_zh


def test_unreadable_row_gives_no_verdict(series):
    checks = compare_years(series.by_year()).checks
    regulations = [c for c in checks if c.check == "in_force" and c.row == "regulations" and c.year in (2021, 2022)]
    assert [c.status for c in regulations] == [ContinuityStatus.UNKNOWN, ContinuityStatus.UNKNOWN]
    assert all(c.difference is None for c in regulations)
    assert "2021年“现行有效件数”无法读取" in regulations[1].message_zh


def test_missing_year_and_no_check_across_the_gap(series):
    result = compare_years(series.by_year())
    assert result.missing_years == series.missing_years == [2024]
    assert {c.year for c in result.checks} == {2021, 2022, 2023}  # 2025 has no 2024 to compare with
    assert missing_years([2019, 2023, 2021]) == [2020, 2022]


def test_side_by_side_holds_each_years_cell(series):
    table = side_by_side(series.by_year())
    row = next(r for r in table if (r["table"], r["row"], r["column"]) == ("table2", "normative_documents", "in_force"))
    assert [row[y] for y in (2020, 2021, 2022, 2023, 2025)] == [14, 16, 18, 17, 22]
    regulations = next(r for r in table if (r["table"], r["row"], r["column"]) == ("table2", "regulations", "issued"))
    assert regulations[2021] is None and regulations[2022] == 0


def test_two_reports_for_one_year_is_a_chinese_error():
    r = seed("000")
    with pytest.raises(DuplicateYearError) as info:
        compare_years([(2023, r), (2023, r)])
    assert "同一机关同一年度有两份报告" in info.value.message()


def test_carry_over_of_the_2019_layout_is_compared_but_in_force_is_not():
    old, new = seed("002"), seed("000")  # 漯河 2021 in the 2019 layout, 安阳 2023 in the 2021 layout
    checks = compare_years([(2022, old), (2023, new)]).checks
    assert all(c.status is ContinuityStatus.OK for c in checks if c.check == "carry_over")  # 0 carried, 0 carried
    assert all(c.status is ContinuityStatus.UNKNOWN and "格式不同" in c.message_zh
               for c in checks if c.check == "in_force")


ROWS = [
    {"agency": "甲", "disclosure_rate": 0.5, "applications_received": 10},
    {"agency": "乙", "disclosure_rate": 0.8, "applications_received": 3},
    {"agency": "丙", "disclosure_rate": None, "applications_received": 3},
    {"agency": "丁", "disclosure_rate": 0.5, "applications_received": 0},
]


def test_ranking_shares_ties_and_leaves_unknowns_out():
    assert ranking(ROWS, "disclosure_rate") == [
        {"rank": 1, "agency": "乙", "value": 0.8},
        {"rank": 2, "agency": "甲", "value": 0.5},
        {"rank": 2, "agency": "丁", "value": 0.5},
    ]
    assert [r["agency"] for r in ranking(ROWS, "applications_received", descending=False)] == ["丁", "乙", "丙", "甲"]


def test_distribution_quantiles_by_hand():
    d = distribution(ROWS, ["applications_received", "disclosure_rate"])
    # 0, 3, 3, 10: q25 at position 0.75 → 0 + 0.75·3 = 2.25; median 3; q75 at 2.25 → 3 + 0.25·7 = 4.75
    assert d["applications_received"] == {"count": 4, "missing": 0, "min": 0.0, "q25": 2.25, "median": 3.0,
                                          "q75": 4.75, "max": 10.0, "mean": 4.0}
    assert d["disclosure_rate"]["count"] == 3 and d["disclosure_rate"]["missing"] == 1
    assert d["disclosure_rate"]["median"] == 0.5
