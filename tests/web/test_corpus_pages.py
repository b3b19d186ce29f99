"""The corpus pages and their JSON twins on SQLite and PostgreSQL, on a store filled by really ingesting the
sample reports (and the generated series of one agency): the filters select exactly the reports read by hand
from the files, search finds Chinese phrases of 2 and 5 characters, the scope hides other units' reports from
every page, search and the API, and report text is shown as text."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from .corpus_support import (
    ALL_SAMPLES,
    ANYANG,
    BOAI,
    LUOHE,
    SAMPLES,
    SHIZUISHAN,
    XIGONG,
    ingest_files,
)
from .reports_support import hostile_html
from .support import add_user, sign_in


@pytest.fixture
def samples(db_url: str, engine: Engine) -> str:  # engine: the app has migrated the database first
    ingest_files(db_url, SAMPLES)
    return db_url


def _as(client: TestClient, engine: Engine, name: str, role: str = "reader", scope: str = "") -> None:
    add_user(engine, name, role, scope)
    assert sign_in(client, name).status_code == 303


def _listed(page: str) -> set[str]:
    """The agencies of the result table of /corpus."""
    body = page.split('<table class="reports corpus-reports">', 1)[1].split("</table>", 1)[0]
    return {html.unescape(a) for a in re.findall(r'<td><a href="/reports/[0-9a-f]{64}">([^<]+)</a></td>', body)}


def _api(client: TestClient, path: str, **params: str) -> dict:
    got = client.get(path, params=params)
    assert got.status_code == 200, got.text
    return got.json()


@pytest.mark.parametrize(("params", "expected"), [
    ({}, ALL_SAMPLES),
    ({"division": "410000"}, {ANYANG, LUOHE, XIGONG, BOAI}),  # 河南省 and its cities and counties
    ({"division": "410300"}, {XIGONG}),  # 洛阳市
    ({"division": "640200"}, {SHIZUISHAN}),
    ({"level": "county"}, {XIGONG, BOAI}),
    ({"level": "city"}, {ANYANG, SHIZUISHAN, LUOHE}),
    ({"level": "province"}, set()),
    ({"kind": "部门"}, ALL_SAMPLES),
    ({"kind": "人民政府"}, set()),
    ({"year": "2023"}, {ANYANG, SHIZUISHAN, BOAI}),
    ({"year": "2021"}, {LUOHE}),
    ({"agency": "科学技术局", "division": "410000", "level": "city"}, {ANYANG, LUOHE}),
    ({"rule": "deadline.publication"}, {LUOHE}),  # signed 2021年12月30日: before its year ended
    ({"rule": "read.row_unreadable"}, {SHIZUISHAN, LUOHE}),
    ({"rule": "t3.balance"}, set()),
])
def test_filters_select_exactly_the_expected_reports(client: TestClient, engine: Engine, samples: str,
                                                     params: dict[str, str], expected: set[str]) -> None:
    _as(client, engine, "zhao.lei")
    page = client.get("/corpus", params=params)
    assert page.status_code == 200
    assert _listed(page.text) == expected
    assert f"共 {len(expected)} 份报告" in page.text
    data = _api(client, "/api/v1/corpus/reports", **params)
    assert {r["agency"] for r in data["items"]} == expected and data["total"] == len(expected)


def test_the_filter_form_offers_the_regions_present_with_names_and_the_rules_by_name(
        client: TestClient, engine: Engine, samples: str) -> None:
    _as(client, engine, "zhao.lei")
    page = client.get("/corpus").text
    for option in ("河南省（410000）", "河南省 / 洛阳市 / 西工区（410303）", "宁夏回族自治区 / 石嘴山市（640200）"):
        assert option in page
    assert "北京市" not in page, "only the regions present in the store"
    assert "发布日期不符合法定时限（deadline.publication，1 份）" in page
    assert "表三勾稽关系不成立（t3.balance，0 份）" in page


def test_a_bad_filter_is_told_in_chinese(client: TestClient, engine: Engine, samples: str) -> None:
    _as(client, engine, "zhao.lei")
    page = client.get("/corpus", params={"year": "二〇二三"})
    assert page.status_code == 400 and "年度应为四位数字" in page.text
    api = client.get("/api/v1/corpus/reports", params={"level": "village"})
    assert api.status_code == 422 and "层级只能是" in api.json()["detail"]


def test_paging_uses_page_and_per_page(client: TestClient, engine: Engine, samples: str) -> None:
    _as(client, engine, "zhao.lei")
    first = _api(client, "/api/v1/corpus/reports", per_page="2", page="1")
    last = _api(client, "/api/v1/corpus/reports", per_page="2", page="3")
    assert (first["total"], first["pages"], len(first["items"]), len(last["items"])) == (5, 3, 2, 1)
    seen = {r["sha256"] for p in ("1", "2", "3") for r in _api(client, "/api/v1/corpus/reports", per_page="2",
                                                                 page=p)["items"]}
    assert len(seen) == 5
    assert "第 2 / 3 页" in client.get("/corpus", params={"per_page": "2", "page": "2"}).text


def _hits(page: str) -> set[str]:
    return {html.unescape(a) for a in re.findall(r'<h2><a href="/reports/[0-9a-f]{64}">([^<]+)</a>', page)}


@pytest.mark.parametrize(("phrase", "expected"), [
    ("漯河", {LUOHE}),  # 2 characters: below the trigram, matched with LIKE
    ("安阳科技网", {ANYANG}),  # 5 characters: the trigram index (the portal 安阳's report names)
    ("政府信息公开", ALL_SAMPLES),
    ("安阳 深入贯彻", {ANYANG}),  # both terms must occur
    ("没有这句话的报告", set()),
])
def test_search_finds_chinese_phrases_on_both_databases(client: TestClient, engine: Engine, samples: str,
                                                        phrase: str, expected: set[str]) -> None:
    _as(client, engine, "zhao.lei")
    page = client.get("/corpus/search", params={"q": phrase}).text
    assert _hits(page) == expected
    for term in phrase.split() if expected else ():
        assert f"<mark>{term}</mark>" in page
    data = _api(client, "/api/v1/corpus/search", q=phrase)
    assert {h["agency"] for h in data["items"]} == expected and data["total"] == len(expected)
    for hit in data["items"]:
        assert {hit["passage"][a:b] for a, b in hit["hits"]} <= set(phrase.split())


def test_search_finds_the_tables_printed_row_labels_too(client: TestClient, engine: Engine, samples: str) -> None:
    _as(client, engine, "zhao.lei")
    assert _hits(client.get("/corpus/search", params={"q": "本年新收政府信息公开申请数量"}).text) == ALL_SAMPLES


def test_the_scope_hides_other_units_from_pages_search_and_the_api(client: TestClient, engine: Engine,
                                                                   samples: str) -> None:
    _as(client, engine, "ma.ning", scope="64")  # 宁夏 only
    assert _listed(client.get("/corpus").text) == {SHIZUISHAN}
    assert "河南省" not in client.get("/corpus").text, "regions outside the scope are not offered"
    assert _hits(client.get("/corpus/search", params={"q": "科学技术局"}).text) == {SHIZUISHAN}
    assert _hits(client.get("/corpus/search", params={"q": "安阳科技网"}).text) == set()
    common = client.get("/corpus/search", params={"q": "政府信息公开"}).text  # in every report
    assert _hits(common) == {SHIZUISHAN} and not {"安阳", "漯河", "西工区", "博爱"} & set(re.findall(r"安阳|漯河|西工区|博爱", common))
    assert _api(client, "/api/v1/corpus/search", q="漯河")["total"] == 0
    assert {r["agency"] for r in _api(client, "/api/v1/corpus/reports")["items"]} == {SHIZUISHAN}
    assert client.get("/corpus/agency", params={"name": ANYANG}).status_code == 404
    assert client.get("/api/v1/corpus/agency", params={"name": ANYANG}).status_code == 404
    assert client.get("/corpus/agency", params={"name": SHIZUISHAN}).status_code == 200
    region = _api(client, "/api/v1/corpus/region", division="410000")
    assert region["years"] == [] and region["ranking"] == []
    everything = _api(client, "/api/v1/corpus/region")
    assert [(y["year"], y["reports"]) for y in everything["years"]] == [(2023, 1)]


def test_an_agency_name_in_the_scope_sees_that_unit_only(client: TestClient, engine: Engine, samples: str) -> None:
    _as(client, engine, "he.yun", scope=LUOHE)
    assert _listed(client.get("/corpus").text) == {LUOHE}
    assert _hits(client.get("/corpus/search", params={"q": "科学技术局"}).text) == {LUOHE}


def test_script_in_a_report_shows_as_text_in_the_search_results(client: TestClient, engine: Engine, db_url: str,
                                                                 tmp_path: Path) -> None:
    page_file = tmp_path / "hostile.html"
    page_file.write_bytes(hostile_html())
    ingest_files(db_url, page_file)
    _as(client, engine, "zhao.lei")
    page = client.get("/corpus/search", params={"q": "<script>alert(2)"}).text
    assert _hits(page) == {ANYANG}
    assert "备注：<mark>&lt;script&gt;alert(2)</mark>&lt;/script&gt;&lt;img src=x onerror=alert(3)&gt;" in page
    assert "<script" not in page and "<img" not in page
    data = _api(client, "/api/v1/corpus/search", q="onerror")
    assert "<img src=x onerror=alert(3)>" in data["items"][0]["passage"], "the API gives the text as printed"
