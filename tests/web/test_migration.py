"""Migrations 0004 (the web application's tables) and 0005 (reviewers' decisions) go down and up again, leaving
the other tables."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import inspect

import ogi.storage.db
from ogi.storage.db import connect

WEB_TABLES = {"web_user", "web_session", "web_login_attempt", "web_api_token"}


def _step(engine, target: str, up: bool) -> None:  # noqa: ANN001
    cfg = Config()
    cfg.set_main_option("script_location", str(Path(ogi.storage.db.__file__).with_name("migrations")))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        (command.upgrade if up else command.downgrade)(cfg, target)


def test_0004_downgrades_and_upgrades(db_url: str) -> None:
    engine = connect(db_url)
    _step(engine, "head", up=True)
    assert WEB_TABLES <= set(inspect(engine).get_table_names())
    _step(engine, "0003", up=False)
    left = set(inspect(engine).get_table_names())
    assert not WEB_TABLES & left and {"audit_entry", "application", "corpus_blob"} <= left
    _step(engine, "head", up=True)
    assert WEB_TABLES <= set(inspect(engine).get_table_names())
    engine.dispose()


def test_0005_downgrades_and_upgrades(db_url: str) -> None:
    engine = connect(db_url)
    _step(engine, "head", up=True)
    assert "web_finding_review" in inspect(engine).get_table_names()
    _step(engine, "0004", up=False)
    left = set(inspect(engine).get_table_names())
    assert "web_finding_review" not in left and WEB_TABLES <= left
    _step(engine, "head", up=True)
    assert "web_finding_review" in inspect(engine).get_table_names()
    engine.dispose()
