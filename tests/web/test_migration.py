"""Migrations 0004 (the web application's tables) and 0005 (reviewers' decisions) go down and up again, leaving
the other tables."""

from __future__ import annotations

from sqlalchemy import inspect

from ogi.storage.db import connect

from .support import migrate_step

WEB_TABLES = {"web_user", "web_session", "web_login_attempt", "web_api_token"}




def test_0004_downgrades_and_upgrades(db_url: str) -> None:
    engine = connect(db_url)
    migrate_step(engine, "head", up=True)
    assert WEB_TABLES <= set(inspect(engine).get_table_names())
    migrate_step(engine, "0003", up=False)
    left = set(inspect(engine).get_table_names())
    assert not WEB_TABLES & left and {"audit_entry", "application", "corpus_blob"} <= left
    migrate_step(engine, "head", up=True)
    assert WEB_TABLES <= set(inspect(engine).get_table_names())
    engine.dispose()


def test_0005_downgrades_and_upgrades(db_url: str) -> None:
    engine = connect(db_url)
    migrate_step(engine, "head", up=True)
    assert "web_finding_review" in inspect(engine).get_table_names()
    migrate_step(engine, "0004", up=False)
    left = set(inspect(engine).get_table_names())
    assert "web_finding_review" not in left and WEB_TABLES <= left
    migrate_step(engine, "head", up=True)
    assert "web_finding_review" in inspect(engine).get_table_names()
    engine.dispose()
