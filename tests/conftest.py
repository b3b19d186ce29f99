"""Shared fixtures: the seed reports (real published reports, as text extracted from their PDFs) and a PostgreSQL
database of the run's own."""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "src" / "ogi" / "samples"
TRUTH = Path(__file__).parent / "fixtures" / "truth"
SEED_IDS = ["000", "001", "002", "003", "004"]


def seed_path(seed_id: str) -> Path:
    return next(SAMPLES.glob(f"{seed_id}_*.txt"))


def truth(seed_id: str) -> dict:
    return json.loads((TRUTH / f"{seed_id}.json").read_text(encoding="utf-8"))


@pytest.fixture(params=SEED_IDS)
def seed_id(request: pytest.FixtureRequest) -> str:
    return request.param


# A real PostgreSQL server (scripts/setup --dev starts it and creates the `ogi` role and the `ogi_test` database;
# OGI_TEST_POSTGRES_URL points elsewhere if needed). Each test run works in a database of its own, created here
# and dropped at the end, so runs side by side (several checkouts, CI) never see each other's tables.
POSTGRES_ADMIN_URL = os.environ.get("OGI_TEST_POSTGRES_URL", "postgresql://ogi:ogi@127.0.0.1:5432/ogi_test")


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    from sqlalchemy import create_engine, text

    name = f"ogi_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(POSTGRES_ADMIN_URL.replace("postgresql://", "postgresql+psycopg://", 1),
                          isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
