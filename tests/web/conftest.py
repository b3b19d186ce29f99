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
    url = request.getfixturevalue("postgres_url")
    eng = connect(url)
    with eng.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    migrate(eng)
    eng.dispose()
    yield url


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
