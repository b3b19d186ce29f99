"""Import and export of the 依申请公开台账: round trip, row-by-row validation, all or nothing."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from ogi.model.layout import TableKey
from ogi.office.compile import compile_report
from ogi.office.ledger import COLUMNS, LedgerImportError, export_ledger, import_ledger
from ogi.office.records import Application, Event
from ogi.storage.db import connect, migrate, session

from .register_factory import generate


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_export_then_import_gives_the_same_report(engine: Engine, tmp_path: Path, suffix: str) -> None:
    with session(engine) as s:
        s.add_all(generate(300, 2023, seed=11))
    with session(engine) as s:
        apps = s.scalars(select(Application)).all()
        for a in apps:
            _ = a.events
        path = tmp_path / f"ledger{suffix}"
        assert export_ledger(apps, path) == 300
        before = compile_report(s, 2023, agency="某局")
    fresh = connect(f"sqlite:///{tmp_path / 'fresh.db'}")
    migrate(fresh)
    with session(fresh) as s:
        assert len(import_ledger(s, path)) == 300
    with session(fresh) as s:
        after = compile_report(s, 2023, agency="某局")
    for key in TableKey:
        assert after.tables[key].model_dump() == before.tables[key].model_dump()


def _write_csv(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS)
        w.writeheader()
        for r in rows:
            w.writerow(r)


GOOD = {"编号": "A-1", "申请人类型": "自然人", "申请人姓名或名称": "王五", "申请方式": "网络",
        "收到申请日期": "2024-03-01", "答复日期": "2024年3月20日", "办理结果": "予以公开"}


def test_bad_rows_are_all_reported_and_nothing_is_imported(engine: Engine, tmp_path: Path) -> None:
    rows = [
        GOOD,
        {**GOOD, "编号": "A-2", "收到申请日期": "2024-13-45"},  # bad date
        {**GOOD, "编号": "A-3", "申请人类型": "个体户"},  # unknown category
        {**GOOD, "编号": "A-4", "答复日期": "2024-02-01"},  # reply before receipt
        {**GOOD, "编号": "A-1"},  # duplicate number
        {**GOOD, "编号": "A-6", "办理结果": "同意公开"},  # not an outcome of the format
        {**GOOD, "编号": "A-7", "延期工作日数": "25"},  # over the statutory 20
    ]
    path = tmp_path / "bad.csv"
    _write_csv(path, rows)
    with pytest.raises(LedgerImportError) as info, session(engine) as s:
        import_ledger(s, path)
    got = {(p.row, p.column) for p in info.value.problems}
    assert got == {(3, "收到申请日期"), (4, "申请人类型"), (5, "答复日期"), (6, "编号"), (7, "办理结果"),
                   (8, "延期工作日数")}
    assert "第5行“答复日期”" in info.value.message()
    with session(engine) as s:
        assert s.scalar(select(func.count()).select_from(Application)) == 0
        assert s.scalar(select(func.count()).select_from(Event)) == 0


def test_gbk_csv_as_excel_saves_it(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "gbk.csv"
    with path.open("w", encoding="gbk", newline="") as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS)
        w.writeheader()
        w.writerow({**GOOD, "办理结果": "不予公开：属于国家秘密", "补正告知日期": "2024/3/4", "收到补正日期": "2024/3/8"})
    with session(engine) as s:
        (app,) = import_ledger(s, path)
        assert app.outcome == "withheld_state_secret"
        assert [e.kind for e in app.events] == ["correction_requested", "correction_received", "reply"]
