"""`ogi corpus reparse`: read again only the files whose reader (or extraction, or checker) has changed since
they were read — their stored reading's version is not the current one for their form — from the stored bytes.

A reading made without OCR of a file with scanned pages (its version marked ogi.versions.NO_OCR) is outdated too
when this run reads scans (ocr "auto" or "always", the `ocr` extra installed).

The old reading stays, current, until the new one is stored; then the new one becomes current in the same
transaction. Interrupted, it is resumed by running it again. Reviewers' corrections of unreadable rows are kept and reapplied
to the new reading where the row is still unreadable (ogi.corpus.corrections).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from sqlalchemy import Connection, Engine, func, select

from ogi.corpus.corrections import base_version, reapply
from ogi.corpus.ingest import Progress
from ogi.corpus.records import Blob, Reading, SourceRecord
from ogi.corpus.store import Writer, save_outcome
from ogi.corpus.work import Outcome, Task, ocr_used, read_task
from ogi.errors import OgiError
from ogi.versions import NO_OCR, reading_version

__all__ = ["outdated", "reparse"]


def outdated(engine: Engine, *, ocr: str = "never") -> list[tuple[str, str]]:
    """The (sha256, form) of every stored file whose current reading is not of the current version (a reading
    without OCR of a scan is current only while scans cannot be read: `ocr` "never" or the extra missing)."""
    with engine.connect() as conn:
        rows = conn.execute(select(Blob.sha256, Blob.form, Reading.version)
                            .join(Reading, (Reading.sha256 == Blob.sha256) & Reading.current.is_(True))).all()
    scans = ocr_used(ocr)

    def current(version: str, form: str) -> bool:
        # a reading corrected by hand ("pdf2.x2.c1+m7") is of its reader's version (ogi.corpus.corrections)
        base, now = base_version(version), reading_version(form)
        return base == now or (base == now + NO_OCR and not scans)

    return [(sha, form) for sha, form, version in rows if not current(version, form)]


def _save(conn: Connection, out: Outcome) -> None:
    """The new reading, and the reviewers' corrections of the rows it still cannot read (ogi.corpus.corrections:
    a correction is reapplied only where the new reader still fails; where it reads the row, its values stand)."""
    save_outcome(conn, out)
    if out.sha256 is not None:
        reapply(conn, out.sha256, out.model)


def reparse(engine: Engine, *, jobs: int = 1, progress: Callable[[Progress], None] | None = None,
            ocr: str = "never") -> Progress:
    """Re-read the outdated files on `jobs` worker processes; return the counts. ocr: how scans are read
    (ogi.corpus.ingest): with OCR, the scans stored unreadable for want of it are read now."""
    from ogi.batch import run

    todo = outdated(engine, ocr=ocr)
    counts = Progress(total=len(todo))
    write = Writer(engine)

    def tasks() -> Iterator[Task]:
        for sha, _form in todo:
            with engine.connect() as conn:
                data = conn.execute(select(Blob.data).where(Blob.sha256 == sha)).scalar_one()
                name = conn.execute(select(func.min(SourceRecord.name))
                                    .where(SourceRecord.sha256 == sha)).scalar() or sha[:12]
            yield Task(f"sha256:{sha}", name, "stored", data, sha, ocr)

    try:
        for _task, out in run(read_task, tasks(), jobs=jobs, name=lambda t: t.name, ordered=False):
            counts.done += 1
            if isinstance(out, OgiError):  # a worker crash: the old reading stays current
                counts.failed += 1
            else:
                write(lambda c, o=out: _save(c, o))
                counts.read += 1
                counts.unreadable += out.status == "unreadable"
            if progress:
                progress(counts)
    finally:
        write.close()
    return counts
