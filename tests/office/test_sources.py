"""Importing the other sources of tables 二 and 四 from a workbook; they reach the compiled report."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import Engine, func, select

from ogi.model.layout import TableKey
from ogi.office.compile import compile_report
from ogi.office.ledger import LedgerImportError
from ogi.office.records import NormativeDocument
from ogi.office.sources import SHEETS, import_sources
from ogi.storage.db import session


def _book(path: Path, rows: dict[str, list[list[object]]]) -> None:
    wb = Workbook()
    wb.remove(wb.active)
    for name, body in rows.items():
        ws = wb.create_sheet(name)
        ws.append(list(SHEETS[name][0]))
        for r in body:
            ws.append(r)
    wb.save(path)


GOOD = {
    "主动公开": [[dt.date(2023, 3, 1), "门户网站", "通知公告", "关于…的通知"], ["2023-04-01", "微信公众号", "", "动态"]],
    "规章和规范性文件": [["行政规范性文件", "甲办法", "某科〔2023〕1号", "2023-02-01", None],
                    ["行政规范性文件", "乙办法", "某科〔2019〕3号", "2019-05-01", "2023-06-30"]],
    "处理决定": [[2023, "行政许可", 12], [2023, "行政处罚", 2]],
    "行政事业性收费": [[2023, "11.55"]],
    "复议诉讼": [["行政复议", "复2023-1", "2023-03-01", "维持", "2023-05-01"], ["复议后起诉", "诉2023-2", "2023-10-01", "", None]],
}


def test_sources_reach_tables_two_and_four(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "sources.xlsx"
    _book(path, GOOD)
    with session(engine) as s:
        assert import_sources(s, path) == {k: len(v) for k, v in GOOD.items()}
    with session(engine) as s:
        report = compile_report(s, 2023, agency="某局")
    t2, t4 = report.tables[TableKey.PROACTIVE].rows, report.tables[TableKey.REVIEW_LITIGATION].rows
    assert [t2["normative_documents"].cells[c].value for c in ("issued", "abolished", "in_force")] == [1, 1, 1]
    assert t2["licensing"].cells["decisions"].value == 12 and t2["penalty"].cells["decisions"].value == 2
    assert t2["fees"].cells["amount"].value == Decimal("11.55")
    assert t4["review"].cells["upheld"].value == 1
    assert t4["litigation_after_review"].cells["pending"].value == 1
    assert "门户网站1条" in report.sections[0].text and "微信公众号1条" in report.sections[0].text


def test_bad_source_rows_import_nothing(engine: Engine, tmp_path: Path) -> None:
    bad = {**GOOD, "处理决定": [[2023, "行政检查", 3], [2023, "行政处罚", -1]],
           "复议诉讼": [["行政复议", "x", "2023-03-01", "维持", None]]}
    path = tmp_path / "bad.xlsx"
    _book(path, bad)
    with pytest.raises(LedgerImportError) as info, session(engine) as s:
        import_sources(s, path)
    assert {(p.row, p.column) for p in info.value.problems} == {
        (2, "处理决定·类别"), (3, "处理决定·数量"), (2, "复议诉讼·结果")}
    with session(engine) as s:
        assert s.scalar(select(func.count()).select_from(NormativeDocument)) == 0
