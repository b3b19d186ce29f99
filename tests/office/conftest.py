"""Databases for the office tests: a fresh SQLite file and a fresh PostgreSQL schema, both migrated by Alembic.

PostgreSQL runs for real: scripts/setup --dev (and so CI) installs and starts it and creates the `ogi` role and
the `ogi_test` database; OGI_TEST_POSTGRES_URL points elsewhere if needed.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from ogi.office.db import connect, migrate

POSTGRES_URL = os.environ.get("OGI_TEST_POSTGRES_URL", "postgresql://ogi:ogi@127.0.0.1:5432/ogi_test")


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    if request.param == "sqlite":
        eng = connect(f"sqlite:///{tmp_path / 'office.db'}")
    else:
        eng = connect(POSTGRES_URL)
        with eng.begin() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    migrate(eng)
    yield eng
    eng.dispose()
