"""The database layer of the office register and the corpus. SQLite file by default, PostgreSQL when OGI_DATABASE_URL says
so; the schema is created and upgraded only by Alembic migrations; every insert and update leaves an audit entry,
and deletes are refused (records are withdrawn with a reason instead)."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.orm import Session, sessionmaker

from ogi.errors import OgiError
from ogi.storage.base import AuditEntry

__all__ = ["DEFAULT_URL", "DeleteRefusedError", "connect", "database_url", "migrate", "ready", "session"]

DEFAULT_URL = "sqlite:///ogi.db"
_PERSONAL = {"applicant_name", "contact", "id_document"}  # kept out of the audit trail's values


class DeleteRefusedError(OgiError):
    """Records are never deleted."""

    code = "office.delete_refused"
    message_zh = "台账记录不能删除；如系误录，请填写原因后作“撤销”处理"


def database_url(url: str | None = None) -> str:
    """Given an explicit URL or none, return it, or OGI_DATABASE_URL, or the SQLite default."""
    url = url or os.environ.get("OGI_DATABASE_URL") or DEFAULT_URL
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def connect(url: str | None = None) -> Engine:
    """Given a database URL (or none: the configured one), return an engine for it. A SQLite file is put in
    write-ahead-log mode: readers (the web pages) no longer wait for a writer (an online application, an ingest
    worker) nor it for them, and a writer waits up to 30 s for another instead of failing at once."""
    engine = create_engine(database_url(url), future=True)
    if engine.dialect.name == "sqlite" and (engine.url.database or ":memory:") != ":memory:":
        event.listen(engine, "connect", _sqlite_wal)
    return engine


def _sqlite_wal(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")  # kept in the file: every later connection is in WAL mode too
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


_ready: dict[str, Engine] = {}


def ready(url: str | None = None) -> Engine:
    """Given a database URL (or none: the configured one), return its engine with the schema brought up to date,
    made once per process (commands run one after another in one process reuse it and its statement cache)."""
    key = database_url(url)
    if key not in _ready:
        engine = connect(url)
        migrate(engine)
        _ready[key] = engine
    return _ready[key]


def migrate(engine: Engine) -> None:
    """Bring the database schema to the newest migration (Alembic upgrade head)."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).with_name("migrations")))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _snapshot(obj: Any, *, before: bool) -> dict[str, Any]:
    state = inspect(obj)
    masked = _PERSONAL | set(getattr(obj, "__audit_masked__", ()))  # a record's secrets (password hashes)
    out = {}
    for attr in state.mapper.column_attrs:
        hist = state.attrs[attr.key].history
        if before:
            value = hist.deleted[0] if hist.deleted else (hist.unchanged[0] if hist.unchanged else None)
        else:
            value = getattr(obj, attr.key)
        out[attr.key] = "***" if attr.key in masked and value else _plain(value)
    return out


def _audit(sess: Session, _ctx: Any, _instances: Any) -> None:
    if sess.deleted:
        raise DeleteRefusedError(None, ", ".join(type(o).__name__ for o in sess.deleted))
    actor = sess.info.get("actor", "system")
    now = dt.datetime.now(dt.UTC)
    for obj in list(sess.new):
        if not isinstance(obj, AuditEntry):
            sess.info.setdefault("pending_inserts", []).append(obj)
    for obj in list(sess.dirty):
        if isinstance(obj, AuditEntry) or not sess.is_modified(obj, include_collections=False):  # its own columns
            continue
        sess.add(AuditEntry(at=now, actor=actor, entity=type(obj).__tablename__, entity_id=getattr(obj, "id", None), action="update",
                            before=_snapshot(obj, before=True), after=_snapshot(obj, before=False)))


def _audit_inserts(sess: Session, _ctx: Any) -> None:
    pending = sess.info.pop("pending_inserts", [])
    if not pending:
        return
    actor = sess.info.get("actor", "system")
    now = dt.datetime.now(dt.UTC)
    for obj in pending:
        sess.add(AuditEntry(at=now, actor=actor, entity=type(obj).__tablename__, entity_id=getattr(obj, "id", None),
                            action="insert", before=None, after=_snapshot(obj, before=False)))


@contextmanager
def session(engine: Engine, actor: str = "system") -> Iterator[Session]:
    """Given an engine and who acts, yield a session that commits on success and rolls back on error."""
    factory = sessionmaker(engine, expire_on_commit=False)
    sess = factory(info={"actor": actor})
    event.listen(sess, "before_flush", _audit)
    event.listen(sess, "after_flush_postexec", _audit_inserts)
    try:
        yield sess
        sess.commit()
    except BaseException:
        sess.rollback()
        raise
    finally:
        sess.close()
