"""The Alembic migrations make exactly the schema the records declare, and 0002 goes down and up again."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect

import ogi.storage.db
from ogi.storage.tables import all_tables, declared


def _config(conn) -> Config:  # noqa: ANN001
    cfg = Config()
    cfg.set_main_option("script_location", str(Path(ogi.storage.db.__file__).with_name("migrations")))
    cfg.attributes["connection"] = conn
    return cfg


def test_migrations_match_the_records(engine: Engine) -> None:
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"include_name": declared}), all_tables())
    assert diff == []


def test_0002_downgrades_and_upgrades(engine: Engine) -> None:
    with engine.begin() as conn:
        command.downgrade(_config(conn), "0001")
    columns = {c["name"] for c in inspect(engine).get_columns("application_event")}
    assert "withdrawn_reason" not in columns and not inspect(engine).has_table("office_setting")
    with engine.begin() as conn:
        command.upgrade(_config(conn), "head")
    columns = {c["name"] for c in inspect(engine).get_columns("application_event")}
    assert {"withdrawn_reason", "method", "pages"} <= columns and inspect(engine).has_table("holiday_year")
