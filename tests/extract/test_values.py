"""Reading one printed cell, and normalising labels."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ogi.extract.normalize import norm, squash_spaces
from ogi.extract.values import parse_value
from ogi.model.report import CellKind


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0", (CellKind.NUMBER, 0)),
        ("１２", (CellKind.NUMBER, 12)),
        ("1,234", (CellKind.NUMBER, 1234)),
        ("11.55", (CellKind.NUMBER, Decimal("11.55"))),
        ("0元", (CellKind.NUMBER, 0)),
        ("251000元", (CellKind.NUMBER, 251000)),
        ("-3", (CellKind.NUMBER, -3)),
        ("－３", (CellKind.NUMBER, -3)),
        ("/", (CellKind.DASH, None)),
        ("—", (CellKind.DASH, None)),
        ("", (CellKind.BLANK, None)),
        ("无", (CellKind.TEXT, None)),
    ],
)
def test_values(text: str, expected: tuple) -> None:
    assert parse_value(text) == expected


@pytest.mark.parametrize("text", ["1.属于国家秘密", "1.", "2023年", "12,34", "结果维持", "（七）总计"])
def test_labels_are_not_values(text: str) -> None:
    assert parse_value(text) is None


def test_norm_makes_printed_variants_equal() -> None:
    assert norm("（三）不予公开") == norm("(三) 不予 公开") == norm("( 三)不予公开")
    assert norm("3. 危及“三安 全一稳定”") == norm("3.危及三安全一稳定")
    assert norm("1、属于国家秘密") == norm("1.属于国家秘密")
    assert norm("⼈⺠") == "人民"  # radicals from Chromium-printed PDFs


def test_squash_spaces_keeps_words_apart_only_where_latin() -> None:
    assert squash_spaces("安阳市科学技术局 2023 年政府信息公开工作年度 报告") == "安阳市科学技术局2023年政府信息公开工作年度报告"


@pytest.mark.parametrize("text", ["0 0 0", "1 2", "12 -3"])
def test_spaced_numbers_are_never_one_number(text: str) -> None:
    assert parse_value(text) is None
