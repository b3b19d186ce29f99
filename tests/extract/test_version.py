"""Format version detection, including headers whose narrow columns wrap over several printed lines."""

from __future__ import annotations

import pytest

from ogi.extract.version import detect_version
from ogi.model.layout import FormatVersion
from ogi.read.document import Line


def _lines(*rows: tuple[str, ...]) -> list[Line]:
    return [Line(number=i, cells=cells) for i, cells in enumerate(rows, start=1)]


def test_header_on_one_line() -> None:
    lines = _lines(("信息内容", "本年制发件数", "本年废止件数", "现行有效件数"), ("规章", "0", "0", "5"))
    assert detect_version(lines, 2023) == (FormatVersion.V2021, "表二表头“本年制发件数”")


def test_header_wrapped_over_three_lines_as_chromium_prints_it() -> None:
    """What pdftotext and ogi both read from a Chromium-printed table 二: 本年/制发/件数 stacked, the wide
    first column on the middle line only."""
    lines = _lines(("本年", "本年", "现行"), ("信息内容", "制发", "废止", "有效"), ("件数", "件数", "件数"),
                   ("规章", "0", "0", "5"))
    assert detect_version(lines, 2023) == (FormatVersion.V2021, "表二表头“本年制发件数”")


def test_2019_header_wrapped_over_four_lines_with_the_first_column_alone() -> None:
    """Chromium's print of seed 002's table 二: four columns wrapped, 信息内容 on a line of its own."""
    lines = _lines(("第二十条第（一）项",), ("本年", "本年", "对外"), ("新制", "新公", "公开"), ("信息内容",),
                   ("作数", "开数", "总数"), ("量", "量", "量"), ("规章", "0", "0", "0"))
    assert detect_version(lines, 2021) == (FormatVersion.V2019, "表二表头“本年新制作数量”")


def test_a_caption_line_is_not_joined_to_the_header_below() -> None:
    """Seed 000 prints 第二十条第（一）项 above a one-line header: the caption joined with the last column would
    read "…项现行有效件数" and give the wrong column as evidence."""
    lines = _lines(("第二十条第（一）项", "", "", ""), ("信息内容", "本年制发件数", "本年废止件数", "现行有效件数"))
    assert detect_version(lines, 2022) == (FormatVersion.V2021, "表二表头“本年制发件数”")


def test_2019_header_wrapped_over_two_lines() -> None:
    lines = _lines(("本年新", "本年新", "对外公"), ("信息内容", "制作数量", "公开数量", "开总数量"))
    assert detect_version(lines, 2019) == (FormatVersion.V2019, "表二表头“本年新制作数量”")


@pytest.mark.parametrize("year, version", [(2022, FormatVersion.V2021), (2020, FormatVersion.V2019)])
def test_no_sign_falls_back_to_the_year(year: int, version: FormatVersion) -> None:
    lines = _lines(("本年", "其他"), ("数量", "情况"))  # stacked, but no sign of either format
    assert detect_version(lines, year) == (version, f"表格中未见格式特征，按报告年度{year}年推定")


def test_prose_is_never_joined_into_a_header() -> None:
    lines = _lines(("本年制发",), ("件数共计十件，较上年有所增加，现将有关情况报告如下。",))
    assert detect_version(lines, 2022)[1].startswith("表格中未见格式特征")
