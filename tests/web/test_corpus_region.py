"""The region page's charts drawn from the very numbers of the query layer and the CSV download, the unit list
uploaded and its missing units, an agency's years with the planted carry-over breaks, and the 雷同 pairs side by
side — on SQLite and PostgreSQL, on ingested sample reports and the generated series."""

from __future__ import annotations

import csv
import html
import io
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from ogi.corpus import query

from .corpus_support import ANYANG, LUOHE, SAMPLES, XIGONG, ingest_files, series_folder, unit_list
from .support import add_user, page_token, sign_in


def _as(client: TestClient, engine: Engine, name: str, role: str = "reader", scope: str = "") -> None:
    add_user(engine, name, role, scope)
    assert sign_in(client, name).status_code == 303


def _bars(page: str) -> dict[tuple[str, str, str], float]:
    """Every bar of every chart: (chart, year, column) → its data-value."""
    out = {}
    for svg in re.findall(r'<svg class="chart-svg".*?</svg>', page, flags=re.S):
        chart = re.search(r'data-chart="(\w+)"', svg).group(1)
        for key, year, value in re.findall(r'data-key="(\w+)" data-category="(\d+)" data-value="([^"]+)"', svg):
            out[(chart, year, key)] = float(value)
    return out


CHART_COLUMNS = {"volume": ["applications_received"],
                 "outcomes": list(query.OUTCOMES),
                 "rates": ["refusal_rate", "review_correction_rate", "litigation_correction_rate"],
                 "errors": ["reports", "with_errors"], "timeliness": list(query.TIMELINESS)}


def test_the_charts_draw_the_numbers_of_the_query_and_of_the_csv(client: TestClient, engine: Engine, db_url: str,
                                                                 tmp_path: Path) -> None:
    folder, _series = series_folder(tmp_path)
    ingest_files(db_url, SAMPLES, folder)
    _as(client, engine, "zhao.lei")
    page = client.get("/corpus/region", params={"division": "410000"})
    assert page.status_code == 200
    bars = _bars(page.text)
    with engine.connect() as conn:
        rows = query.region_years(conn, division="410000")
    expected = {(chart, str(row["year"]), key): float(row[key]) for chart, keys in CHART_COLUMNS.items()
                for row in rows for key in keys if row[key] is not None}
    assert bars == expected, "one bar per known number, of the query's value"
    download = client.get("/corpus/region.csv", params={"division": "410000"})
    assert download.status_code == 200 and download.content.startswith(b"\xef\xbb\xbf")
    exported = list(csv.DictReader(io.StringIO(download.content.decode("utf-8-sig"))))
    from_csv = {(chart, r["year"], key): float(r[key]) for chart, keys in CHART_COLUMNS.items()
                for r in exported for key in keys if r[key] != ""}
    assert from_csv == bars
    # by hand from the files: 2023 in 河南 is 安阳 (seed: 1 new application, answered 本机关不掌握; the series'
    # 2023: 本年新收 1, 上年结转 3 + 1) and 博爱县 (none); 漯河's 2021 report is signed before its year ended
    assert bars[("volume", "2023", "applications_received")] == 1 + 1 + 4
    # 2021: 漯河 (a row unreadable) and the series' 2021 (its 规章 row made unreadable) have error findings
    assert bars[("errors", "2021", "with_errors")] == 2 and bars[("timeliness", "2021", "premature")] == 1
    assert bars[("errors", "2022", "reports")] == 2  # 西工区 and the series' 2022
    api = client.get("/api/v1/corpus/region", params={"division": "410000"}).json()
    assert api["years"] == rows
    assert 'aria-describedby="chart-volume-table"' in page.text and 'id="chart-volume-table"' in page.text


def test_rankings_are_those_of_ogi_corpus_rank(client: TestClient, engine: Engine, db_url: str) -> None:
    ingest_files(db_url, SAMPLES)
    _as(client, engine, "zhao.lei")
    data = client.get("/api/v1/corpus/region", params={"division": "410000", "year": "2023",
                                                        "by": "applications_received"}).json()
    assert [(r["rank"], r["agency"], r["value"]) for r in data["ranking"]] == [
        (1, ANYANG, 1), (2, "博爱县科技和工业信息化局", 0)]
    page = client.get("/corpus/region", params={"division": "410000", "year": "2023"}).text
    assert re.search(r"<td>1</td><td><a [^>]*>安阳市科学技术局</a></td>\s*<td>1</td>", page)


def test_a_reviewer_uploads_a_unit_list_and_the_units_without_a_report_are_listed(
        client: TestClient, engine: Engine, db_url: str, tmp_path: Path) -> None:
    ingest_files(db_url, SAMPLES)
    units = unit_list(tmp_path / "units.xlsx", [(ANYANG, "安阳市"), (LUOHE, "漯河市"), (XIGONG, "410303"),
                                                ("洛阳市西工区教育局", "410303")])
    _as(client, engine, "li.ming", "reviewer")
    token = page_token(client, "/corpus/region?division=410000")
    done = client.post("/corpus/region/units", data={"csrf_token": token, "division": "410000"},
                       files={"file": ("所辖单位.xlsx", units.read_bytes())}, follow_redirects=False)
    assert done.status_code == 303
    page = client.get("/corpus/region", params={"division": "410000", "year": "2023"}).text
    missing = re.findall(r"<li>([^<（]+)（", page.split('class="missing-units"', 1)[1].split("</ul>", 1)[0])
    assert missing == [LUOHE, XIGONG, "洛阳市西工区教育局"], "2023: only 安阳 of the list published"
    data = client.get("/api/v1/corpus/region", params={"division": "410000", "year": "2022"}).json()
    assert data["missing_units"] == [ANYANG, LUOHE, "洛阳市西工区教育局"]
    by_year = {c["year"]: (c["units"], c["with_report"], c["missing"]) for c in data["coverage"]}
    assert by_year == {2021: (4, 1, 3), 2022: (4, 1, 3), 2023: (4, 1, 3)}
    bars = _bars(page)
    assert bars[("missing", "2023", "missing")] == 3 and bars[("missing", "2023", "with_report")] == 1
    bad = client.post("/corpus/region/units", data={"csrf_token": token, "division": "410000"},
                      files={"file": ("x.xlsx", b"not a workbook")})
    assert bad.status_code == 400 and "不是可读取的XLSX文件" in bad.text


def test_a_reader_cannot_upload_a_unit_list(client: TestClient, engine: Engine, db_url: str, tmp_path: Path) -> None:
    _as(client, engine, "du.juan")
    page = client.get("/corpus/region", params={"division": "410000"}).text
    assert 'action="/corpus/region/units"' not in page
    token = page_token(client, "/corpus")
    units = unit_list(tmp_path / "u.xlsx", [(ANYANG, "安阳市")])
    refused = client.post("/corpus/region/units", data={"csrf_token": token, "division": "410000"},
                          files={"file": ("u.xlsx", units.read_bytes())})
    assert refused.status_code == 403


@pytest.fixture
def series(db_url: str, engine: Engine, tmp_path: Path):  # noqa: ANN201
    folder, planted = series_folder(tmp_path)
    ingest_files(db_url, folder, *sorted(p for p in SAMPLES.iterdir() if not p.name.startswith("000_")))
    return planted


def test_the_agency_page_shows_the_planted_breaks_and_the_missing_year(client: TestClient, engine: Engine,
                                                                        series) -> None:  # noqa: ANN001
    _as(client, engine, "zhao.lei")
    page = client.get("/corpus/agency", params={"name": ANYANG})
    assert page.status_code == 200
    text = html.unescape(page.text)
    assert "缺少 2024 年度" in text and f"不衔接 {len(series.breaks)} 项" in text
    data = client.get("/api/v1/corpus/agency", params={"name": ANYANG}).json()
    assert data["years"] == [2020, 2021, 2022, 2023, 2025] and data["missing_years"] == [2024]
    found = {(c["check"], c["year"], c["row"], c["column"], c["expected"], c["actual"])
             for c in data["checks"] if c["status"] == "break"}
    assert found == {(b.check, b.year, b.row, b.column, b.expected, b.actual) for b in series.breaks}
    for c in data["checks"]:
        if c["status"] == "break":
            assert c["message_zh"] in text
    assert [r["year"] for r in data["per_year"]] == data["years"]
    # the series' 2022 prints 上年结转 3 (natural persons) + 本年新收 1 (the seed's)
    assert next(r for r in data["per_year"] if r["year"] == 2022)["applications_received"] == 4


def test_the_copied_passages_are_shown_side_by_side_and_marked(client: TestClient, engine: Engine,
                                                               series) -> None:  # noqa: ANN001
    _as(client, engine, "zhao.lei")
    page = client.get("/corpus/similar").text
    own = next(c for c in series.copies if c.copy == "anyang-2023")
    marks = [html.unescape(m) for m in re.findall(r"<mark>(.*?)</mark>", page, flags=re.S)]
    assert any(own.source_text[60:120] in m for m in marks), "2022's passage marked"
    assert any(own.copy_text[60:120] in m for m in marks), "and 2023's beside it"
    assert "石嘴山市科学技术局" in page, "the copy from another agency"
    data = client.get("/api/v1/corpus/similar").json()
    assert data["total"] >= 2
    pair = next(p for p in data["items"] if {p["a"]["year"], p["b"]["year"]} == {2022, 2023})
    assert {pair["a"]["section"], pair["b"]["section"]} == {"problems"}
    assert all(x["a_end"] > x["a_start"] for x in pair["passages"])


def test_similar_pairs_never_show_text_outside_the_scope(client: TestClient, engine: Engine,
                                                         series) -> None:  # noqa: ANN001
    _as(client, engine, "ma.ning", scope="64")  # 宁夏: 石嘴山 only, whose text 安阳's 2021 copied
    page = client.get("/corpus/similar").text
    assert "找到 0 对雷同章节" in page and ANYANG not in page
    assert client.get("/api/v1/corpus/similar").json()["total"] == 0
