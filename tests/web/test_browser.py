"""A real browser (Playwright driving Debian's chromium) against a real `ogi serve`: sign in, the home page, a
wrong password told next to the field, sign out; sign-in by keyboard alone; a phone's width; no CSP violation
or script error on any page. Takes the screenshots of docs/screenshots/."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from .server import Server, start

sync_api = pytest.importorskip("playwright.sync_api", reason="未安装 playwright（pip install -e '.[dev]'）")
CHROMIUM = shutil.which("chromium")
pytestmark = [pytest.mark.slow, pytest.mark.skipif(CHROMIUM is None, reason="未安装 Debian chromium（scripts/setup --dev）")]
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
ADMIN_PASSWORD = "Harbour-light-31"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    db = f"sqlite:///{tmp_path_factory.mktemp('browser') / 'web.db'}"
    running = start(db, env={"OGI_ADMIN_PASSWORD": ADMIN_PASSWORD})
    yield running
    running.stop()


def test_sign_in_wrong_password_home_and_sign_out(server: Server, page) -> None:  # noqa: ANN001
    page.goto(server.url + "/")
    assert page.url == server.url + "/login?next=/"
    assert page.title() == "登录 · ogi 年报核查"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "signin.png"))

    page.get_by_label("用户名").fill("admin")
    page.get_by_label("密码").fill("not-the-password")
    page.get_by_role("button", name="登录").click()
    error = page.locator("#password-error")
    assert error.inner_text() == "用户名或密码不正确"
    field = page.get_by_label("密码")
    assert field.get_attribute("aria-invalid") == "true"
    assert field.get_attribute("aria-describedby") == "password-error"
    below, box = error.bounding_box(), field.bounding_box()
    assert 0 <= below["y"] - (box["y"] + box["height"]) < 24 and abs(below["x"] - box["x"]) < 4, "right under the field"
    assert page.get_by_label("用户名").input_value() == "admin"

    page.get_by_label("密码").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(server.url + "/")
    main = page.locator("main").inner_text()
    assert "admin" in main and "管理员" in main and "全部单位" in main
    page.screenshot(path=str(SHOTS / "home.png"))

    page.get_by_role("button", name="退出登录").click()
    page.wait_for_url(server.url + "/login")
    page.goto(server.url + "/")
    assert "/login" in page.url, "signed out: the home page asks to sign in again"


def test_sign_in_by_keyboard_alone(server: Server, page) -> None:  # noqa: ANN001
    page.goto(server.url + "/login")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "跳到正文", "the skip link comes first"
    assert page.locator(".skip").bounding_box()["x"] >= 0, "and shows when focused"
    while page.evaluate("document.activeElement.id") != "name":
        page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none"), "focus is visible"
    page.keyboard.type("admin")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "password"
    page.keyboard.type(ADMIN_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(server.url + "/")
    assert "管理员" in page.locator("main").inner_text()


def test_the_pages_fit_a_phone(server: Server, browser) -> None:  # noqa: ANN001
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN")
    phone = context.new_page()
    phone.goto(server.url + "/login")
    phone.get_by_label("用户名").fill("admin")
    phone.get_by_label("密码").fill(ADMIN_PASSWORD)
    phone.get_by_role("button", name="登录").click()
    phone.wait_for_url(server.url + "/")
    for path in ("/", "/admin/users", "/admin/audit", "/login"):
        phone.goto(server.url + path)
        assert phone.evaluate("document.documentElement.scrollWidth") <= 360, f"{path}: no sideways scrolling"
    context.close()
