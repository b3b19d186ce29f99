"""A real browser (Playwright driving Debian's chromium) against a real `ogi serve`: a reviewer uploads a seed
report and a real published PDF (../shared/realdocs, skipped when absent), sees the failing cells highlighted,
opens one, dismisses its finding with a note, and downloads the XLSX; a reader is offered no change at all."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from ogi.storage.db import connect
from ogi.web.reports import store_bytes
from ogi.web.users import create_user

from .reports_support import broken_anyang
from .server import Server, start
from .support import PASSWORD, browser_sign_in
from .test_browser import CHROMIUM, SHOTS

pytestmark = [pytest.mark.slow, pytest.mark.skipif(CHROMIUM is None, reason="未安装 Debian chromium（scripts/setup --dev）")]
REALDOC = Path(__file__).resolve().parents[2].parent / "shared" / "realdocs" / "huaian_hongzequ_gov_2024.pdf"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    db = f"sqlite:///{tmp_path_factory.mktemp('browser-reports') / 'web.db'}"
    running = start(db, env={"OGI_ADMIN_PASSWORD": "Harbour-light-31"})
    engine = connect(db)
    create_user(engine, "test", "shen.hui", PASSWORD, "reviewer", "")
    create_user(engine, "test", "du.juan", PASSWORD, "reader", "")
    store_bytes(engine, broken_anyang(), "安阳.txt", "test")  # one report a reader can open
    engine.dispose()
    yield running
    running.stop()


def _sign_in(page, server: Server, name: str) -> None:  # noqa: ANN001
    browser_sign_in(page, server.url, name)


def _source(kind: str, tmp_path: Path) -> Path:
    if kind == "pdf":
        if not REALDOC.exists():
            pytest.skip(f"真实报告不存在：{REALDOC}")
        return REALDOC
    seed = tmp_path / "安阳市科学技术局2023年报.txt"
    seed.write_bytes(broken_anyang())
    return seed


@pytest.mark.parametrize("kind", ["seed", "pdf"])
def test_a_reviewer_uploads_opens_a_failing_cell_dismisses_and_downloads(server: Server, page, kind: str,  # noqa: ANN001
                                                                          tmp_path: Path) -> None:
    _sign_in(page, server, "shen.hui")
    page.get_by_role("link", name="上传报告").click()
    page.get_by_label("报告文件").set_input_files(str(_source(kind, tmp_path)))
    page.get_by_role("button", name="读取并核查").click()
    page.wait_for_url(f"{server.url}/reports/*")
    failing = page.locator("td.failing")
    assert failing.count() >= 1, "a failing cell is highlighted"
    background = failing.first.evaluate("e => getComputedStyle(e).backgroundColor")
    assert background == "rgb(253, 226, 226)", "and drawn so"
    if kind == "seed":
        assert failing.count() == 2 and failing.first.inner_text().startswith("2")
        SHOTS.mkdir(parents=True, exist_ok=True)
        failing.first.evaluate("e => e.scrollIntoView({block: 'center'})")
        page.screenshot(path=str(SHOTS / "report.png"), full_page=False)
    report_url = page.url

    failing.first.locator("a").first.click()
    page.wait_for_url(f"{server.url}/reports/*/cell?*")
    facts = page.locator("main").inner_text()
    assert "原文所印" in facts and "此单元格的核查发现" in facts
    assert ("第 " in facts and " 页" in facts) if kind == "pdf" else "第 72 行" in facts, "its page (PDF) or line"

    note = "已与原文核对，此数系统计口径不同所致"
    page.locator(".review-form textarea").first.fill(note)
    page.locator(".review-form").first.get_by_role("button", name="驳回").click()
    page.wait_for_load_state()
    first = page.locator(".finding").first
    assert "已驳回" in first.inner_text() and note in first.inner_text()

    page.goto(report_url)
    with page.expect_download() as got:
        page.get_by_role("link", name="Excel（XLSX）").click()
    download = got.value
    assert download.suggested_filename.endswith(".xlsx")
    data = Path(download.path()).read_bytes()
    assert zipfile.ZipFile(io.BytesIO(data)).testzip() is None


def test_a_reader_is_offered_no_change(server: Server, page) -> None:  # noqa: ANN001
    _sign_in(page, server, "du.juan")
    assert page.get_by_role("link", name="上传报告").count() == 0
    page.get_by_role("link", name="报告列表").click()
    page.wait_for_url(server.url + "/reports")
    page.locator("table.reports tbody a").first.click()
    assert page.locator("td.failing").count() >= 1
    assert page.locator(".review-form").count() == 0 and page.get_by_role("button", name="驳回").count() == 0
