"""The annual report in a real browser (Playwright driving Debian's chromium) against a real `ogi serve`: a clerk
reads the compiled table 三 and the year-end checklist, writes 一 and 五, publishes; a visitor without an account
finds the report on the portal and downloads its Word file; a reader sees no form and no button. Takes the
screenshots docs/screenshots/annual.png and portal-report.png."""

from __future__ import annotations

import datetime as dt
import io
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from ogi.office.records import Application
from ogi.storage.db import connect, migrate, session
from ogi.web.users import create_user

from .server import Server, start
from .support import PASSWORD, browser_sign_in

sync_api = pytest.importorskip("playwright.sync_api", reason="未安装 playwright（pip install -e '.[dev]'）")
CHROMIUM = shutil.which("chromium")
pytestmark = [pytest.mark.slow, pytest.mark.skipif(CHROMIUM is None, reason="未安装 Debian chromium（scripts/setup --dev）")]
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
AGENCY = "某某市科学技术局"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    db = f"sqlite:///{tmp_path_factory.mktemp('annual') / 'web.db'}"
    engine = connect(db)
    migrate(engine)
    create_user(engine, "test", "wang.fang", PASSWORD, "clerk", "")
    create_user(engine, "test", "zhao.du", PASSWORD, "reader", "")
    with session(engine, actor="测试") as s:
        s.add_all([
            Application(ref="2025-0001", applicant_category="natural_person", applicant_name="张三", channel="网络",
                        received_on=dt.date(2025, 3, 3), outcome="disclosed", replied_on=dt.date(2025, 3, 17)),
            Application(ref="2025-1220", applicant_category="commercial_enterprise", applicant_name="某公司",
                        channel="网络", received_on=dt.date(2025, 12, 20)),
        ])
    engine.dispose()
    running = start(db, env={"OGI_ADMIN_PASSWORD": "Harbour-light-31"})
    yield running
    running.stop()


def _sign_in(page, server: Server, name: str) -> None:  # noqa: ANN001
    browser_sign_in(page, server.url, name)


def test_a_clerk_writes_and_publishes_and_a_visitor_reads_it_on_the_portal(server: Server, page,  # noqa: ANN001
                                                                           browser) -> None:  # noqa: ANN001
    from docx import Document

    _sign_in(page, server, "wang.fang")
    page.get_by_role("link", name="年度报告编制").click()
    page.get_by_role("link", name="2025年度").click()
    cell = page.locator("#table3 [data-cell='disclosed.total']")
    assert cell.inner_text() == "1", "the one application answered 予以公开 in 2025"
    assert page.locator("#table3 [data-cell='carried_forward.commercial_enterprise']").inner_text() == "1"
    # received Saturday 2025-12-20: 20 working days after it, 元旦 2026 off and Sunday 1月4日 worked → 2026-01-19
    assert page.locator("#january").inner_text() == "2025-1220：2026-01-19"
    page.get_by_label("机关名称").fill(AGENCY)
    page.get_by_label("一、总体情况（正文）").fill("2025年，本局依法做好政府信息公开工作。")
    page.get_by_label("五、存在的主要问题及改进情况（正文）").fill("网上申请渠道宣传不够，将加强宣传。")
    page.get_by_role("button", name="保存草稿").click()
    assert page.get_by_role("status").inner_text() == "草稿已保存。"
    assert page.get_by_label("五、存在的主要问题及改进情况（正文）").input_value() == "网上申请渠道宣传不够，将加强宣传。"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "annual.png"), full_page=False)
    page.get_by_role("button", name="发布第 1 版到公开门户").click()
    assert page.get_by_role("status").inner_text() == "已发布到公开门户。"

    visitor = browser.new_context(base_url=server.url, locale="zh-CN", accept_downloads=True)
    public = visitor.new_page()
    try:
        public.goto("/portal/reports")
        public.get_by_role("link", name=f"{AGENCY}2025年政府信息公开工作年度报告").click()
        assert "网上申请渠道宣传不够，将加强宣传。" in public.locator("main").inner_text()
        assert public.locator("#table3 [data-cell='disclosed.total']").inner_text() == "1"
        public.screenshot(path=str(SHOTS / "portal-report.png"), full_page=False)
        with public.expect_download() as got:
            public.get_by_role("link", name="Word（DOCX）").click()
        words = "\n".join(p.text for p in Document(io.BytesIO(Path(got.value.path()).read_bytes())).paragraphs)
        assert "2025年，本局依法做好政府信息公开工作。" in words
    finally:
        visitor.close()


def test_a_reader_sees_neither_the_form_nor_the_publish_button(server: Server, page) -> None:  # noqa: ANN001
    _sign_in(page, server, "zhao.du")
    page.goto(server.url + "/office/annual/2025")
    assert page.locator("#table3").is_visible()
    assert page.locator("textarea").count() == 0
    assert page.get_by_role("button", name="保存草稿").count() == 0
    assert page.locator("button", has_text="发布第").count() == 0
