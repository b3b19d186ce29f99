"""Databases for the office tests: a fresh SQLite file and a fresh PostgreSQL schema, both migrated by Alembic.

PostgreSQL runs for real, in the run's own database (the `postgres_url` fixture of tests/conftest.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from ogi.storage.db import connect, migrate


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A migrated database, new for each test: a SQLite file, or the run's PostgreSQL database emptied."""
    if request.param == "sqlite":
        eng = connect(f"sqlite:///{tmp_path / 'office.db'}")
    else:
        eng = connect(request.getfixturevalue("postgres_url"))
        with eng.begin() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    migrate(eng)
    yield eng
    eng.dispose()
