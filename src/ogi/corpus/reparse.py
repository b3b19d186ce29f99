"""`ogi corpus reparse`: read again only the files whose reader (or extraction, or checker) has changed since
they were read — their stored reading's version is not the current one for their form — from the stored bytes.

The old reading stays, current, until the new one is stored; then the new one becomes current in the same
transaction. Interrupted, it is resumed by running it again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from sqlalchemy import Engine, func, select

from ogi.corpus.ingest import Progress
from ogi.corpus.records import Blob, Reading, SourceRecord
from ogi.corpus.store import Writer, save_outcome
from ogi.corpus.work import Task, read_task
from ogi.errors import OgiError
from ogi.versions import reading_version

__all__ = ["outdated", "reparse"]


def outdated(engine: Engine) -> list[tuple[str, str]]:
    """The (sha256, form) of every stored file whose current reading is not of the current version."""
    with engine.connect() as conn:
        rows = conn.execute(select(Blob.sha256, Blob.form, Reading.version)
                            .join(Reading, (Reading.sha256 == Blob.sha256) & Reading.current.is_(True))).all()
    return [(sha, form) for sha, form, version in rows if version != reading_version(form)]


def reparse(engine: Engine, *, jobs: int = 1, progress: Callable[[Progress], None] | None = None) -> Progress:
    """Re-read the outdated files on `jobs` worker processes; return the counts."""
    from ogi.batch import run

    todo = outdated(engine)
    counts = Progress(total=len(todo))
    write = Writer(engine)

    def tasks() -> Iterator[Task]:
        for sha, _form in todo:
            with engine.connect() as conn:
                data = conn.execute(select(Blob.data).where(Blob.sha256 == sha)).scalar_one()
                name = conn.execute(select(func.min(SourceRecord.name))
                                    .where(SourceRecord.sha256 == sha)).scalar() or sha[:12]
            yield Task(f"sha256:{sha}", name, "stored", data, sha)

    try:
        for _task, out in run(read_task, tasks(), jobs=jobs, name=lambda t: t.name, ordered=False):
            counts.done += 1
            if isinstance(out, OgiError):  # a worker crash: the old reading stays current
                counts.failed += 1
            else:
                write(lambda c, o=out: save_outcome(c, o))
                counts.read += 1
                counts.unreadable += out.status == "unreadable"
            if progress:
                progress(counts)
    finally:
        write.close()
    return counts
