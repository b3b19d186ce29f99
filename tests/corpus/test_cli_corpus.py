"""`ogi corpus compare / rank / similar / late / units / stats / errors / export` on a real store, as a user runs
them (whole process, --json), against what was planted in a generated series or typed by hand from the real PDFs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook

from ogi.render import render

from .series import AGENCY, agency_series

REALDOCS = Path(__file__).resolve().parents[3] / "shared" / "realdocs"
TRUTH = Path(__file__).resolve().parents[1] / "fixtures" / "truth" / "realdocs"


def ogi(*args: str | Path) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([sys.executable, "-m", "ogi", *map(str, args)], capture_output=True, text=True, timeout=300)
    assert "Traceback" not in done.stderr, done.stderr
    return done


@pytest.fixture(scope="module")
def series_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, object]:
    """The generated series of one agency (with planted breaks and copies) and the other seeds, as ogi's JSON."""
    tmp = tmp_path_factory.mktemp("series")
    series = agency_series()
    for rid, report in series.reports.items():
        if rid != "seed-000":  # the same agency and year as the series' 2023
            (tmp / f"{rid}.json").write_bytes(render(report, "json"))
    db = f"sqlite:///{tmp / 'c.db'}"
    done = ogi("ingest", tmp, "--db", db, "-j", "2", "--json")
    assert done.returncode == 0 and json.loads(done.stdout)["read"] == len(series.reports) - 1
    return db, series


def test_compare_finds_every_planted_break_and_the_text_copied_from_last_year(series_db) -> None:  # noqa: ANN001
    db, series = series_db
    data = json.loads(ogi("corpus", "compare", AGENCY, "--db", db, "--json").stdout)
    assert data["years"] == [2020, 2021, 2022, 2023, 2025] and data["missing_years"] == [2024]
    found = {(c["check"], c["year"], c["row"], c["column"], c["expected"], c["actual"])
             for c in data["checks"] if c["status"] == "break"}
    assert found == {(b.check, b.year, b.row, b.column, b.expected, b.actual) for b in series.breaks}
    own = next(c for c in series.copies if c.copy == "anyang-2023")
    passages = "".join(x for r in data["reused"] for x in r["passages"])
    assert own.source_text[60:120] in passages, data["reused"]  # the passage as 2022 printed it
    assert any("石嘴山市科学技术局" in r["message"] for r in data["reused"])  # the copy from another agency


def test_similar_pairs_the_planted_copies_and_no_unrelated_seeds(series_db) -> None:  # noqa: ANN001
    db, _series = series_db
    pairs = json.loads(ogi("corpus", "similar", "--db", db, "--json").stdout)
    sections = {(p["a_section"], p["b_section"]) for p in pairs}
    assert ("problems", "problems") in sections and ("general", "general") in sections
    assert all(AGENCY in p["message"] for p in pairs)  # every pair involves the series: the other seeds stand apart


def test_unknown_agency_is_said_in_chinese(series_db) -> None:  # noqa: ANN001
    db, _ = series_db
    done = ogi("corpus", "compare", "不存在的机关", "--db", db)
    assert done.returncode == 2 and "报告库中没有" in done.stderr


@pytest.fixture(scope="module")
def real_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    if not REALDOCS.is_dir():
        pytest.skip("../shared/realdocs（真实报告 PDF）不在本机，跳过")
    db = f"sqlite:///{tmp_path_factory.mktemp('real') / 'c.db'}"
    assert ogi("ingest", REALDOCS, "--db", db).returncode == 0
    return db


def _truth(name: str) -> dict:
    return json.loads((TRUTH / f"{name}.json").read_text(encoding="utf-8"))


def test_rank_of_the_real_reports_by_applications_received(real_db: str) -> None:
    """Applications received = 新收 + 上年结转 (总计 column), from the truth typed by hand from the two PDFs."""
    data = json.loads(ogi("corpus", "rank", "--year", "2024", "--by", "applications_received", "--db", real_db,
                          "--json").stdout)
    want = {}
    for name in ("huaian_city_gov_2024", "huaian_hongzequ_gov_2024"):
        t = _truth(name)
        want[t["metadata"]["agency"]] = sum(int(t["table3"][r]["total"]) for r in ("new_received", "carried_over"))
    assert [(r["agency"], r["value"]) for r in data["ranking"]] == sorted(want.items(), key=lambda kv: -kv[1])
    assert data["distribution"]["count"] == 2 and data["distribution"]["max"] == max(want.values())


def test_units_lists_the_unit_that_published_nothing(real_db: str, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["单位名称", "所属区划", "上级单位"])
    sheet.append(["淮安市人民政府", "320800", ""])
    sheet.append(["淮安市洪泽区人民政府", "320813", "淮安市人民政府"])
    sheet.append(["淮安市清江浦区人民政府", "320812", "淮安市人民政府"])
    book.save(tmp_path / "units.xlsx")
    data = json.loads(ogi("corpus", "units", tmp_path / "units.xlsx", "--year", "2024", "--db", real_db,
                          "--json").stdout)
    assert sorted(m["unit"] for m in data["matches"]) == ["淮安市人民政府", "淮安市洪泽区人民政府"]
    assert data["missing"] == [{"unit": "淮安市清江浦区人民政府", "division": "320812"}]


def test_stats_errors_and_late_speak_json(real_db: str) -> None:
    stats = json.loads(ogi("corpus", "stats", "--db", real_db, "--json").stdout)
    assert stats == [{"year": 2024, "reports": 2, "agencies": 2, "with_errors": stats[0]["with_errors"],
                      "errors_per_report": stats[0]["errors_per_report"]}]
    assert json.loads(ogi("corpus", "errors", "--db", real_db, "--json").stdout) == []
    late = json.loads(ogi("corpus", "late", "--year", "2024", "--db", real_db, "--json").stdout)
    assert {r["agency"] for r in late} == {"淮安市人民政府", "淮安市洪泽区人民政府"}
