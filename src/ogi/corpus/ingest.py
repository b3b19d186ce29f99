"""`ogi ingest`: every source read once, on every core, into the store; resumable at any moment.

The parent process lists the sources, reads and hashes local files (fast) and stores their bytes once; worker
processes read and check the files whose bytes have no reading yet (and download URLs); the parent writes each
outcome. Writes are committed in small groups of whole files, so after Ctrl-C, `kill -9` or a power cut the store
holds complete files only, and the same command run again reads just what is left.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace

from sqlalchemy import Engine

from ogi.corpus.sources import expand, load
from ogi.corpus.store import Writer, read_shas, save_blob, save_failure, save_outcome, save_source, stored_urls
from ogi.corpus.work import Task, form_of, read_task, sha256
from ogi.errors import OgiError

__all__ = ["Plan", "Progress", "ingest"]


@dataclass(slots=True)
class Progress:
    """Counts so far, handed to the progress callback after every source."""

    total: int = 0
    done: int = 0
    read: int = 0  # newly read (including files read but found unreadable)
    unreadable: int = 0  # read, but not as a report (their reason is stored)
    failed: int = 0  # no bytes (unopenable path, broken archive member, failed download)
    duplicates: int = 0  # bytes already stored under another name
    already: int = 0  # read in an earlier run
    started: float = field(default_factory=time.monotonic)

    @property
    def errors(self) -> int:
        return self.unreadable + self.failed

    @property
    def rate(self) -> float:
        """Reports read per second so far."""
        return self.read / max(time.monotonic() - self.started, 1e-9)


class Plan:
    """One run's bookkeeping, shared by the local pool and the Dask cluster: the sources listed, what is stored
    already, the counts, and the parent's writer (failures, bytes of local files, and — locally — outcomes)."""

    def __init__(self, engine: Engine, args: Iterable[str], progress: Callable[[Progress], None] | None, *,
                 commit_each: bool = False, ocr: str = "never") -> None:
        self.ocr = ocr  # the OCR mode every task carries (ogi.corpus.work.Task)
        self.found = list(expand(args, skip=_own_files(engine)))
        self.counts = Progress(total=len(self.found))
        with engine.connect() as conn:
            self.done, self.urls = read_shas(conn), stored_urls(conn)
        self.earlier = frozenset(self.done)  # read by an earlier run (`done` grows as this run stores)
        self.write = Writer(engine)
        self.progress = progress
        self.commit_each = commit_each  # workers that write themselves need the bytes committed first

    def tick(self, **kind: int) -> None:
        for k, v in kind.items():
            setattr(self.counts, k, getattr(self.counts, k) + v)
        self.counts.done += 1
        if self.progress:
            self.progress(self.counts)

    def tasks(self) -> Iterator[Task]:
        """The tasks to read, bytes included; a source with no bytes or read before is counted and left out."""
        for task in self._tasks():
            if self.commit_each:
                self.write.commit()
            yield task

    def _tasks(self) -> Iterator[Task]:
        in_flight: set[str] = set()
        for f in self.found:
            t = f.task
            if f.error is not None:
                self.write(lambda c, t=t, e=f.error: save_failure(c, t, e.code, e.message()))
                self.tick(failed=1)
            elif t.kind == "url":
                if self.urls.get(t.location) in self.earlier:
                    self.tick(already=1)
                else:
                    yield replace(t, ocr=self.ocr)
            else:
                yield from self._local(t, in_flight)

    def _local(self, t: Task, in_flight: set[str]) -> Iterator[Task]:
        """A file or archive member: its bytes stored once; yielded when they have no reading yet."""
        from ogi.batch import attempt

        data = attempt(t.name, lambda: load(t))
        if isinstance(data, OgiError):
            self.write(lambda c, e=data: save_failure(c, t, e.code, e.message()))
            self.tick(failed=1)
            return
        sha = sha256(data)
        form = form_of(data, t.name)
        self.write(lambda c: (save_blob(c, sha, data, form), save_source(c, t, sha)))
        if sha in self.earlier:
            self.tick(already=1)
        elif sha in in_flight or sha in self.done:
            self.tick(duplicates=1)
        else:
            in_flight.add(sha)
            yield Task(t.location, t.name, t.kind, data, sha, self.ocr)

    def crashed(self, task: Task, error: OgiError) -> None:
        """The worker itself failed on a task (a crash): said in the errors list, tried again on the next run."""
        self.write(lambda c: save_source(c, task, task.sha256, error_code=error.code, error=error.message()))
        self.tick(failed=1)

    def stored(self, status: str, sha: str | None) -> None:
        """Count one outcome that is stored."""
        if sha:
            self.done.add(sha)
        self.tick(**({"failed": 1} if status == "failed" else
                     {"read": 1, "unreadable": int(status == "unreadable")}))


def _own_files(engine: Engine) -> list[str]:
    """The files of a SQLite store (with its journal), never to be ingested as reports: `ogi ingest .` in the
    folder that holds ogi.db."""
    database = engine.url.database if engine.dialect.name == "sqlite" else None
    if not database or database == ":memory:":
        return []
    return [database + suffix for suffix in ("", "-journal", "-wal", "-shm")]


def ingest(engine: Engine, args: Iterable[str], *, jobs: int = 1,
           progress: Callable[[Progress], None] | None = None, ocr: str = "never") -> Progress:
    """Given a migrated engine and the sources (paths, folders, zip archives, URL lists, URLs), store everything
    not stored yet; return the counts. One bad file never stops it: its reason is stored (`ogi corpus errors`).
    ocr: how scans are read (ogi.api.parse_file; "auto" needs the `ocr` extra), each file's OCR pages in the
    worker reading the file."""
    from ogi.batch import run, tune_gc

    tune_gc()
    if jobs > 1 and engine.dialect.name == "postgresql":
        return _workers_write(engine, Plan(engine, args, progress, commit_each=True, ocr=ocr), jobs)
    plan = Plan(engine, args, progress, ocr=ocr)
    try:
        for task, out in run(read_task, plan.tasks(), jobs=jobs, name=lambda t: t.name, ordered=False):
            if isinstance(out, OgiError):
                plan.crashed(task, out)
                continue
            plan.write(lambda c, o=out: save_outcome(c, o))
            plan.stored(out.status, out.sha256)
    finally:
        plan.write.close()
    return plan.counts


def _workers_write(engine: Engine, plan: Plan, jobs: int) -> Progress:
    """On PostgreSQL each worker writes its own outcomes (as on a Dask cluster): the parent only lists, hashes and
    stores the bytes, and the writes of several workers go in parallel."""
    import functools

    from ogi.batch import run
    from ogi.corpus.store import store_task

    job = functools.partial(store_task, engine.url.render_as_string(hide_password=False))
    try:
        for task, result in run(job, plan.tasks(), jobs=jobs, name=lambda t: t.name, ordered=False):
            if isinstance(result, OgiError):
                plan.crashed(task, result)
                continue
            status, sha, _code, message = result
            if status == "crashed":
                from ogi.errors import InternalError

                plan.crashed(task, InternalError(task.name, message or ""))
            else:
                plan.stored(status, sha)
    finally:
        plan.write.close()
    return plan.counts
