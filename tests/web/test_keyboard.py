"""Keyboard only, in a real browser (Playwright driving Debian chromium) against a real `ogi serve`: the skip link
moves to the main content, every focused control shows a visible focus ring, and a reviewer goes from the home page
to a pasted report, to its failing cell, and dismisses that cell's finding with a note — Tab, Shift+Tab, Enter and
typing only, never a click."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from ogi.storage.db import connect
from ogi.web.users import create_user

from .reports_support import broken_anyang
from .server import Server, start
from .support import PASSWORD
from .test_browser import CHROMIUM

pytestmark = [pytest.mark.slow, pytest.mark.skipif(CHROMIUM is None, reason="未安装 Debian chromium（scripts/setup --dev）")]
FOCUSED = "() => { const e = document.activeElement; return e ? e.outerHTML.slice(0, 200) : '' }"
RING = """() => { const s = getComputedStyle(document.activeElement);
  return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== 'none' }"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    db = f"sqlite:///{tmp_path_factory.mktemp('keyboard') / 'web.db'}"
    running = start(db, env={"OGI_ADMIN_PASSWORD": "Harbour-light-31"})
    engine = connect(db)
    create_user(engine, "test", "shen.hui", PASSWORD, "reviewer", "")
    engine.dispose()
    yield running
    running.stop()


def _tab_to(page, matches: str, limit: int = 200, back: bool = False) -> None:  # noqa: ANN001
    """Press Tab (or Shift+Tab) until the focused element matches the CSS selector; each stop must show its ring."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        if page.evaluate(f"() => !!document.activeElement && document.activeElement.matches({matches!r})"):
            assert page.evaluate(RING), f"no visible focus on {page.evaluate(FOCUSED)}"
            return
    raise AssertionError(f"{matches} not reached by keyboard on {page.url}")


def _sign_in_by_keyboard(page, server: Server) -> None:  # noqa: ANN001
    page.goto(server.url + "/login")
    _tab_to(page, "input[name=name]")
    page.keyboard.type("shen.hui")
    _tab_to(page, "input[name=password]")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(server.url + "/")


def test_the_skip_link_comes_first_and_moves_to_the_main_content(server: Server, page) -> None:  # noqa: ANN001
    _sign_in_by_keyboard(page, server)
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent.trim()") == "跳到正文"
    assert page.evaluate(RING), "the skip link shows where the focus is"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"


def test_a_reviewer_pastes_a_report_opens_its_failing_cell_and_dismisses_by_keyboard(server: Server,  # noqa: ANN001
                                                                                       page) -> None:
    _sign_in_by_keyboard(page, server)
    _tab_to(page, "a[href='/reports/new']")
    page.keyboard.press("Enter")
    page.wait_for_url(server.url + "/reports/new")
    _tab_to(page, "textarea[name=text]")
    page.keyboard.insert_text(broken_anyang().decode("utf-8"))  # typing 7,000 characters one by one adds nothing
    _tab_to(page, "button.primary")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/reports/[0-9a-f]{64}$"))
    _tab_to(page, "td.failing a")
    cell = page.evaluate("() => document.activeElement.getAttribute('href')")
    page.keyboard.press("Enter")
    page.wait_for_url(server.url + cell)
    _tab_to(page, "textarea[name=note]")
    page.keyboard.type("经核对原件，印刷数字无误")
    _tab_to(page, "button[value=dismissed]")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    text = page.locator("main").inner_text()
    assert "经核对原件，印刷数字无误" in text and "shen.hui" in text, "the dismissal with its note is shown"
