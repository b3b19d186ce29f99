"""The web application under test: a fresh migrated database (a SQLite file, and the run's PostgreSQL database
emptied), an app made by the real factory on it with a clock the test moves, and helpers to add users and to
sign in through the real form."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

pytest.importorskip("fastapi", reason="网页组件未安装（pip install -e '.[web]'）")

from fastapi.testclient import TestClient  # noqa: E402

from ogi.storage.db import connect, migrate  # noqa: E402
from ogi.web.app import create_app  # noqa: E402
from ogi.web.settings import WebSettings  # noqa: E402

from .support import Clock  # noqa: E402


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A migrated database, new for each test."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'web.db'}"
        yield url
        return
    yield emptied_postgres(request.getfixturevalue("postgres_url"))


def emptied_postgres(url: str) -> str:
    """The run's PostgreSQL database emptied and migrated afresh (its URL)."""
    eng = connect(url)
    with eng.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    migrate(eng)
    eng.dispose()
    return url


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def settings(clock: Clock) -> WebSettings:
    return WebSettings(clock=clock)


@pytest.fixture
def app(db_url: str, settings: WebSettings):  # noqa: ANN201
    return create_app(db_url, settings)


@pytest.fixture
def engine(app) -> Engine:  # noqa: ANN001
    return app.state.engine


@pytest.fixture
def client(app) -> Iterator[TestClient]:  # noqa: ANN001
    with TestClient(app) as c:
        yield c


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Debian's chromium driven by Playwright (never `playwright install`), for the browser tests."""
    import shutil

    sync_api = pytest.importorskip("playwright.sync_api", reason="未安装 playwright（pip install -e '.[dev]'）")
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.skip("未安装 Debian chromium（scripts/setup --dev）")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, headless=True)
        yield launched
        launched.close()


@pytest.fixture
def page(browser) -> Iterator[object]:  # noqa: ANN001
    """A new page that fails its test on any CSP violation or script error (a wrong password's 400 aside)."""
    context = browser.new_context(viewport={"width": 1000, "height": 640}, locale="zh-CN")
    opened = context.new_page()
    problems: list[str] = []
    expected = "the server responded with a status of 400"  # the wrong password's answer, asserted there
    opened.on("console", lambda m: problems.append(m.text)
              if m.type in ("error", "warning") and expected not in m.text else None)
    opened.on("pageerror", lambda e: problems.append(str(e)))
    opened.problems = problems
    yield opened
    context.close()
    assert problems == [], "no CSP violation or script error on any page"
