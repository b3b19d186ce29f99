"""Filling the store for the corpus-page tests by really ingesting files: the five sample reports shipped with ogi,
the generated series of one agency (tests/corpus/series.py: planted carry-over breaks and copied passages), and a
unit list as an XLSX file.

What the samples are, read by hand from src/ogi/samples (title, table rows, signature date):
- 000 安阳市科学技术局, 安阳市 410500, 2023: 一、本年新收 1, 二、上年结转 0, that one answered 本机关不掌握
- 001 石嘴山市科学技术局, 石嘴山市 640200 (宁夏), 2023: rows of table 三 printed without their columns
- 002 漯河市科学技术局, 漯河市 411100, 2021: signed 2021年12月30日, before its year ended
- 003 西工区科学技术局, 洛阳市西工区 410303, 2022
- 004 博爱县科技和工业信息化局, 焦作市博爱县 410822, 2023
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from corpus.series import Series, agency_series
from ogi.corpus.ingest import ingest
from ogi.render import render
from ogi.storage.db import connect

SAMPLES = Path(__file__).resolve().parents[2] / "src" / "ogi" / "samples"
ANYANG, SHIZUISHAN, LUOHE = "安阳市科学技术局", "石嘴山市科学技术局", "漯河市科学技术局"
XIGONG, BOAI = "西工区科学技术局", "博爱县科技和工业信息化局"
ALL_SAMPLES = {ANYANG, SHIZUISHAN, LUOHE, XIGONG, BOAI}


def ingest_files(url: str, *sources: Path) -> None:
    """`ogi ingest` of the given files and folders into the database (one process)."""
    engine = connect(url)
    done = ingest(engine, [str(s) for s in sources], jobs=1)
    engine.dispose()
    assert done.failed == 0 and done.unreadable == 0, "every file is read"


def series_folder(tmp: Path) -> tuple[Path, Series]:
    """The series of 安阳市科学技术局 2020–2023 and 2025 as ogi's JSON files (not seed 000: it is the same agency
    and year as the series' 2023)."""
    series = agency_series()
    folder = tmp / "series"
    folder.mkdir()
    for rid, report in series.reports.items():
        if rid.startswith("anyang-"):
            (folder / f"{rid}.json").write_bytes(render(report, "json"))
    return folder, series


def unit_list(path: Path, rows: list[tuple[str, str]]) -> Path:
    """An XLSX unit list with the columns 单位名称 and 所属区划."""
    book = Workbook()
    sheet = book.active
    sheet.append(["单位名称", "所属区划"])
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path
