"""A real browser (Playwright driving Debian's chromium) against a real `ogi serve` on a store filled by `ogi
ingest` of the sample reports and the generated series: a reader filters the corpus by region and level,
searches a phrase, opens the region page with its charts and the 雷同 pairs; screenshots for docs/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ogi.storage.db import connect
from ogi.web.users import create_user

from .corpus_support import SAMPLES, ingest_files, series_folder
from .server import Server, start
from .support import PASSWORD
from .test_browser import CHROMIUM, SHOTS

pytestmark = [pytest.mark.slow, pytest.mark.skipif(CHROMIUM is None, reason="未安装 Debian chromium（scripts/setup --dev）")]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp("browser-corpus")
    db = f"sqlite:///{tmp / 'web.db'}"
    running = start(db, env={"OGI_ADMIN_PASSWORD": "Harbour-light-31"})
    folder, _series = series_folder(tmp)
    ingest_files(db, folder, *sorted(p for p in SAMPLES.iterdir() if not p.name.startswith("000_")))
    engine = connect(db)
    create_user(engine, "test", "du.juan", PASSWORD, "reader", "")
    engine.dispose()
    yield running
    running.stop()


def test_a_reader_filters_searches_and_opens_a_region(server: Server, page) -> None:  # noqa: ANN001
    page.goto(server.url + "/login")
    page.get_by_label("用户名").fill("du.juan")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(server.url + "/")
    page.get_by_role("link", name="报告库").click()
    page.wait_for_url(server.url + "/corpus")

    page.get_by_label("行政区划", exact=True).select_option("410000")
    page.get_by_label("层级（按报告所属行政区划）").select_option("county")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url(f"{server.url}/corpus?*")
    agencies = page.locator("table.corpus-reports tbody tr td:first-child a").all_inner_texts()
    assert sorted(agencies) == ["博爱县科技和工业信息化局", "西工区科学技术局"]
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "corpus.png"), full_page=False)

    page.get_by_label("全文检索（报告正文与表格行名，多个词用空格分隔）").fill("西工区科学技术局")
    page.get_by_role("button", name="检索").click()
    page.wait_for_url(f"{server.url}/corpus/search?*")
    assert page.locator(".search-results h2").all_inner_texts() == ["西工区科学技术局 · 2022 年度"]
    assert page.locator(".search-results mark").first.inner_text() == "西工区科学技术局"

    page.goto(server.url + "/corpus/region")
    page.get_by_label("行政区划", exact=True).select_option("410000")
    page.get_by_role("button", name="查看").click()
    page.wait_for_url(f"{server.url}/corpus/region?*")
    assert page.locator("h1").inner_text() == "河南省：地区统计"
    assert page.locator("svg.chart-svg").count() == 5
    bar = page.locator('#chart-volume rect.bar[data-category="2023"]')
    assert bar.get_attribute("data-value") == "5.0"  # 安阳's series 2023 (1 + 3 + 1) and 博爱县 (0): by hand
    fill = bar.evaluate("e => getComputedStyle(e).fill")
    assert fill == "rgb(11, 79, 138)", "coloured by the style sheet's class, no inline style"
    page.locator(".charts").evaluate("e => e.scrollIntoView({block: 'start'})")
    page.screenshot(path=str(SHOTS / "region.png"), full_page=False)

    page.get_by_role("link", name="雷同段落").click()
    page.wait_for_url(f"{server.url}/corpus/similar")
    assert page.locator("section.pair").count() >= 2
    assert page.locator("section.pair mark").count() >= 2
    page.locator("section.pair").first.evaluate("e => e.scrollIntoView({block: 'start'})")
    page.screenshot(path=str(SHOTS / "similar.png"), full_page=False)
    assert Path(SHOTS / "similar.png").stat().st_size > 0
