"""The portal in a real browser (Playwright driving Debian's chromium) against a real `ogi serve`: a citizen
applies, gets the tracking number and code, and sees the status; the 适老化 modes (大字版, 高对比度) switched by
the toolbar, kept from page to page, with no serious accessibility violation; a phone's 375 px width without
sideways scrolling. Takes the portal's screenshots of docs/screenshots/."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from ogi.office.records import Application
from ogi.storage.db import connect

from .server import Server, start
from .test_a11y import serious_violations

sync_api = pytest.importorskip("playwright.sync_api", reason="未安装 playwright（pip install -e '.[dev]'）")
CHROMIUM = shutil.which("chromium")
pytestmark = [pytest.mark.slow, pytest.mark.skipif(CHROMIUM is None, reason="未安装 Debian chromium（scripts/setup --dev）")]
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    return f"sqlite:///{tmp_path_factory.mktemp('portal') / 'web.db'}"


@pytest.fixture(scope="module")
def server(db: str) -> Iterator[Server]:
    running = start(db, env={"OGI_ADMIN_PASSWORD": "Harbour-light-31"})
    yield running
    running.stop()


def _apply(page, server: Server) -> tuple[str, str, str]:  # noqa: ANN001
    page.goto(server.url + "/portal")
    page.get_by_role("navigation", name="门户导航").get_by_role("link", name="在线申请").click()
    page.get_by_label("自然人").check()
    page.get_by_label("姓名或名称").fill("王建国")
    page.get_by_label("证件号码").fill("11010519491231002X")
    page.get_by_label("联系电话").fill("0372-5123456")
    page.get_by_label("通信地址").fill("安阳市北关区红旗路1号")
    page.get_by_label("所需政府信息的描述").fill("2025年本局科技项目立项名单")
    page.get_by_label("获取信息的方式").select_option("邮寄纸质文本")
    page.wait_for_timeout(3200)  # a person takes longer than the 3 seconds the form asks for
    page.get_by_role("button", name="提交申请").click()
    page.wait_for_url(server.url + "/portal/apply")
    received = page.locator("dl.tracking dd").nth(2).inner_text()
    return page.locator("#tracking-ref").inner_text(), page.locator("#tracking-code").inner_text(), received


def test_a_citizen_applies_and_sees_the_status(server: Server, db: str, page) -> None:  # noqa: ANN001
    ref, code, received = _apply(page, server)
    assert re.fullmatch(r"WS-20\d\d-\d{6}", ref) and len(code) == 10
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "portal-applied.png"), full_page=True)
    engine = connect(db)
    with Session(engine) as sess:
        app = sess.scalars(select(Application).where(Application.ref == ref)).one()
    engine.dispose()
    assert app.channel == "网络" and f"{app.received_on.year}年{app.received_on.month}月{app.received_on.day}日" == received

    page.get_by_role("link", name="查询办理情况").click()
    page.get_by_label("查询号").fill(ref)
    page.get_by_label("查询码").fill(code)
    page.get_by_role("button", name="查询").click()
    assert page.locator("#state").inner_text() == "待处理"
    assert page.locator("#received").inner_text() == received
    assert re.fullmatch(r"20\d\d年\d+月\d+日", page.locator("#due").inner_text())
    assert "王建国" not in page.content() and "红旗路" not in page.content()
    assert serious_violations(page) == []


def test_the_elderly_modes_switch_persist_and_stay_accessible(server: Server, page) -> None:  # noqa: ANN001
    page.goto(server.url + "/portal/guide")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "portal.png"))
    size = page.locator("h1").evaluate("h => parseFloat(getComputedStyle(h).fontSize)")
    page.get_by_role("button", name="大字版").click()
    page.wait_for_url(server.url + "/portal/guide")
    assert "a11y-large" in page.locator("body").get_attribute("class")
    assert page.locator("h1").evaluate("h => parseFloat(getComputedStyle(h).fontSize)") >= size * 1.3
    assert page.get_by_role("button", name="大字版：已开启").get_attribute("aria-pressed") == "true"
    page.get_by_role("button", name="高对比度").focus()
    page.keyboard.press("Enter")  # by keyboard alone
    page.wait_for_url(server.url + "/portal/guide")
    background = page.locator("body").evaluate("b => getComputedStyle(b).backgroundColor")
    assert background == "rgb(0, 0, 0)"
    page.screenshot(path=str(SHOTS / "portal-elderly.png"))
    for path in ("/portal", "/portal/apply", "/portal/status", "/portal/published", "/portal/catalogue"):
        page.goto(server.url + path)  # the cookie keeps both modes on every page
        assert {"a11y-large", "a11y-contrast"} <= set(page.locator("body").get_attribute("class").split()), path
        assert serious_violations(page) == [], path
    page.get_by_role("button", name="大字版：已开启").click()
    assert "a11y-large" not in page.locator("body").get_attribute("class")


def test_a_phone_screen_needs_no_sideways_scrolling(browser, server: Server) -> None:  # noqa: ANN001
    context = browser.new_context(viewport={"width": 375, "height": 740}, locale="zh-CN", is_mobile=True,
                                  has_touch=True, device_scale_factor=2)
    page = context.new_page()
    try:
        for large in (False, True):
            if large:
                page.goto(server.url + "/portal")
                page.get_by_role("button", name="大字版").click()
            for path in ("/portal", "/portal/apply", "/portal/status", "/portal/guide", "/portal/published"):
                page.goto(server.url + path)
                width = page.evaluate("document.documentElement.scrollWidth")
                assert width <= 375, f"{path} (大字版 {large}) is {width}px wide"
                toolbar = page.get_by_role("button", name=re.compile("高对比度")).bounding_box()
                assert toolbar["x"] + toolbar["width"] <= 375
        page.goto(server.url + "/portal/apply")
        page.screenshot(path=str(SHOTS / "portal-phone.png"), full_page=True)
    finally:
        context.close()
