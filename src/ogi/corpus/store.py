"""Writing the corpus: every write is idempotent (insert-if-absent on natural keys), so a file stored twice, a run
resumed after a crash, or a task run again on another Dask worker leaves the rows one clean run leaves.

The writes of one file go in one transaction with its reading: a crash leaves a file either fully stored or
not read yet (its bytes and source may be there; the next run reads it).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any

from sqlalchemy import Connection, Engine, select, update
from sqlalchemy.dialects import postgresql, sqlite

from ogi.corpus.records import Blob, CellRecord, Reading, SearchText, SourceRecord
from ogi.corpus.work import Outcome, Task

__all__ = ["Writer", "read_shas", "save_blob", "save_failure", "save_outcome", "save_source", "store_task",
           "stored_urls"]


class Writer:
    """One connection; commits whole files in groups (every 200 writes or every second)."""

    def __init__(self, engine: Engine) -> None:
        self.conn: Connection = engine.connect()
        self.pending, self.last = 0, time.monotonic()
        self.conn.begin()

    def __call__(self, write: Callable[[Connection], None]) -> None:
        write(self.conn)
        self.pending += 1
        if self.pending >= 200 or time.monotonic() - self.last > 1.0:
            self.commit()

    def commit(self) -> None:
        self.conn.commit()
        self.pending, self.last = 0, time.monotonic()
        self.conn.begin()

    def close(self) -> None:
        self.conn.commit()
        self.conn.close()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _insert(conn: Connection, table: Any, rows: list[dict[str, Any]], *, update_columns: Iterable[str] = (),
            keys: list[str] | None = None) -> None:
    """Insert rows, leaving a row whose key (the primary key, or `keys`) is already there as it is (or updating the
    given columns of it)."""
    if not rows:
        return
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    stmt = dialect.insert(table.__table__)
    keys = keys or [c.name for c in table.__table__.primary_key.columns]
    columns = list(update_columns)
    if columns:
        stmt = stmt.on_conflict_do_update(index_elements=keys, set_={c: stmt.excluded[c] for c in columns})
    else:
        stmt = stmt.on_conflict_do_nothing(index_elements=keys)
    conn.execute(stmt, rows)


def save_blob(conn: Connection, sha: str, data: bytes, form: str) -> None:
    _insert(conn, Blob, [{"sha256": sha, "size": len(data), "form": form, "data": data, "first_seen": _now()}])


def save_source(conn: Connection, task: Task, sha: str | None, *, url: str | None = None,
                error_code: str | None = None, error: str | None = None) -> None:
    """Record where a file was found (a path found again with other bytes now points at the new bytes)."""
    _insert(conn, SourceRecord, [{"location": task.location, "kind": task.kind, "name": task.name, "sha256": sha,
                                  "url": url, "error_code": error_code, "error": error, "seen": _now()}],
            update_columns=("kind", "name", "sha256", "url", "error_code", "error", "seen"))


def save_failure(conn: Connection, task: Task, code: str, message: str) -> None:
    """A source that gave no bytes (a path that cannot be opened, a broken archive member, a failed download)."""
    save_source(conn, task, None, error_code=code, error=message)


def save_outcome(conn: Connection, out: Outcome) -> None:
    """Store one file's outcome: its bytes (when downloaded), its source and its reading with the cells, making
    the reading current for its bytes. Run in one transaction."""
    if out.status == "failed" or out.sha256 is None:
        save_failure(conn, out.task, out.error_code or "read.failed", out.error or "")
        return
    if out.data is not None:
        save_blob(conn, out.sha256, out.data, out.form)
        save_source(conn, out.task, out.sha256, url=out.url)
    meta = out.metadata
    identity = out.identity or {}
    reading = {
        "sha256": out.sha256, "version": out.version, "current": True, "status": out.status,
        "error_code": out.error_code, "error": out.error,
        "agency": _found(identity, "agency") or meta.get("agency"),
        "agency_kind": _found(identity, "agency_kind"),  # 人民政府 / 办公室 / 部门 / 街道乡镇 / 开发区管委会 / 其他
        "division_code": (_found(identity, "division") or {}).get("code") if identity else None,
        "year": _found(identity, "year") or meta.get("report_year"),
        "format_version": meta.get("format_version"),
        "date_of_issue": dt.date.fromisoformat(meta["date_of_issue"]) if meta.get("date_of_issue") else None,
        "errors": out.counts.get("error", 0), "warnings": out.counts.get("warning", 0),
        "notices": out.counts.get("notice", 0),
        "timeliness": (out.timeliness or {}).get("status"), "days_late": (out.timeliness or {}).get("days_late"),
        "metrics": out.metrics,
        "model": out.model, "findings": out.findings or None, "identity": out.identity, "text": out.text,
        "read_at": _now(),
    }
    exists = conn.execute(select(Reading.id).where(Reading.sha256 == out.sha256,
                                                   Reading.version == out.version)).first()
    if exists:
        return
    conn.execute(update(Reading).where(Reading.sha256 == out.sha256, Reading.version != out.version)
                 .values(current=False))
    _insert(conn, Reading, [reading], keys=["sha256", "version"])
    reading_id = conn.execute(select(Reading.id).where(Reading.sha256 == out.sha256,
                                                       Reading.version == out.version)).scalar_one()
    if out.cells:  # a reading inserted by another worker a moment ago has its cells already
        _insert(conn, CellRecord, [{**c, "reading_id": reading_id} for c in out.cells])
    from ogi.corpus.search import body_of

    body = body_of(out.text, out.model)
    if body:  # what full-text search looks in (the database's own index follows: migration 0007)
        _insert(conn, SearchText, [{"reading_id": reading_id, "body": body}])


def _found(identity: dict[str, Any], key: str) -> Any:
    found = identity.get(key)
    return found.get("value") if isinstance(found, dict) else None


def read_shas(conn: Connection) -> set[str]:
    """The bytes that have a reading already (any version: `reparse` is what brings old readings up to date)."""
    return set(conn.execute(select(Reading.sha256).distinct()).scalars())


def stored_urls(conn: Connection) -> dict[str, str]:
    """URL sources already downloaded: location → sha256 (a failed download is tried again)."""
    rows = conn.execute(select(SourceRecord.location, SourceRecord.sha256)
                        .where(SourceRecord.kind == "url", SourceRecord.sha256.is_not(None)))
    return {loc: sha for loc, sha in rows}


_engines: dict[str, Engine] = {}


def _worker_engine(url: str) -> Engine:
    """One engine per worker process (the client has migrated the schema already)."""
    if url not in _engines:
        from ogi.storage.db import connect

        _engines[url] = connect(url)
    return _engines[url]


def store_task(url: str, task: Task) -> tuple[str, str | None, str | None, str | None]:
    """On a worker (of a Dask cluster, or of the local pool on PostgreSQL): read one task and store its outcome
    itself. Returns (status, sha256, error code, message)."""
    from ogi.batch import attempt
    from ogi.corpus.work import read_task
    from ogi.errors import OgiError

    engine = _worker_engine(url)
    if task.sha256 and task.data is None:
        with engine.connect() as conn:
            task = replace(task, data=conn.execute(select(Blob.data).where(Blob.sha256 == task.sha256)).scalar_one())
    out = attempt(task.name, lambda: read_task(task))
    if isinstance(out, OgiError):
        return "crashed", task.sha256, out.code, out.message()
    with engine.begin() as conn:
        save_outcome(conn, out)
    return out.status, out.sha256, out.error_code, out.error
