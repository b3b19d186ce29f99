"""The supervisor's unit list: read from real XLSX files, matched to identified reports, missing units listed."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from ogi.api import parse_text
from ogi.corpus.identify import identify
from ogi.corpus.units import UnitListError, load_units, match, missing

HEADINGS = "一、总体情况\n二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n"


def _xlsx(path: Path, rows: list[list[object]]) -> Path:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def _identity(title: str, url: str | None = None):
    return identify(parse_text(f"{title}\n\n{HEADINGS}"), url=url)


UNITS = [["单位名称 *", "所属区划（名称或代码）", "上级单位"],
         ["淮安市洪泽区人民政府", "320813", "淮安市人民政府"],
         ["洪泽区教育局", "洪泽区", "淮安市洪泽区人民政府"],
         ["洪泽区财政局", "江苏省淮安市洪泽区", "淮安市洪泽区人民政府"],
         [None, None, None],
         ["鼓楼区教育局", "鼓楼区", "南京市教育局"]]


def test_load_tolerates_header_words_and_resolves_names_and_codes(tmp_path: Path) -> None:
    units = load_units(_xlsx(tmp_path / "名单.xlsx", UNITS))
    assert [u.name for u in units] == ["淮安市洪泽区人民政府", "洪泽区教育局", "洪泽区财政局", "鼓楼区教育局"]
    assert [u.division.code for u in units] == ["320813", "320813", "320813", "320106"]  # 南京市 narrows 鼓楼区
    assert units[1].parent == "淮安市洪泽区人民政府" and units[3].row == 6


def test_a_missing_column_names_the_file_and_the_column(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "名单.xlsx", [["单位", "备注"], ["洪泽区教育局", ""]])
    with pytest.raises(UnitListError) as err:
        load_units(path)
    assert "名单.xlsx" in err.value.message() and "“所属区划”" in err.value.message()


def test_a_wrong_division_names_the_row(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "u.xlsx", [["单位名称", "所属区划"], ["甲局", "火星市"], ["乙局", "999999"], ["丙局", "朝阳区"]])
    with pytest.raises(UnitListError) as err:
        load_units(path)
    text = err.value.message()
    assert "第2行" in text and "火星市" in text and "第3行" in text and "999999" in text
    assert "第4行" in text and "多个同名区划" in text and "110105" in text


def test_a_file_that_is_not_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "名单.xlsx"
    path.write_text("单位名称,所属区划\n", encoding="utf-8")
    with pytest.raises(UnitListError) as err:
        load_units(path)
    assert "名单.xlsx" in err.value.message() and "XLSX" in err.value.message()


def test_match_each_report_to_at_most_one_unit_and_list_the_missing(tmp_path: Path) -> None:
    units = load_units(_xlsx(tmp_path / "名单.xlsx", UNITS))
    reports = {
        "a": _identity("淮安市洪泽区人民政府2024年政府信息公开工作年度报告"),
        "b": _identity("淮安市洪泽区教育局2024年政府信息公开工作年度报告"),
        "c": _identity("福州市鼓楼区教育局2024年政府信息公开工作年度报告"),  # 福州, not 南京
        "d": _identity("市教育局2024年政府信息公开工作年度报告"),
    }
    got = {m.report: m for m in match(reports, units)}
    assert got["a"].unit.name == "淮安市洪泽区人民政府" and "相同" in got["a"].why
    assert got["b"].unit.name == "洪泽区教育局" and "去掉地名" in got["b"].why
    assert got["c"].unit is None and got["d"].unit is None
    absent = missing(units, {2024: got.values()}, 2024)
    assert [u.name for u in absent] == ["洪泽区财政局", "鼓楼区教育局"]
    assert [u.name for u in missing(units, {2024: got.values()}, 2023)] == [u.name for u in units]


def test_two_units_fitting_equally_match_neither(tmp_path: Path) -> None:
    units = load_units(_xlsx(tmp_path / "u.xlsx", [["单位名称", "所属区划"], ["洪泽区教育局", "320813"],
                                                   ["洪泽区教育局", "洪泽区"]]))
    [m] = match({"x": _identity("洪泽区教育局2024年政府信息公开工作年度报告")}, units)
    assert m.unit is None and "多个单位" in m.why
