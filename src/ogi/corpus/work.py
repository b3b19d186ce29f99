"""The work of one file in a worker process: bytes in (or a URL to fetch), everything the store keeps out.

No database here: the same function runs in ogi's own worker pool (whose parent writes the results) and on a Dask
cluster (whose workers write them, see ogi.corpus.dask_ingest). Failures come back as values naming the file.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ogi.corpus.cells import FlatCell

__all__ = ["Outcome", "Task", "fill", "ocr_mode", "ocr_used", "read_task", "sha256"]


@dataclass(frozen=True, slots=True)
class Task:
    """One file to read: its bytes and their hash when the parent has them, or a URL for the worker to fetch."""

    location: str
    name: str
    kind: str  # file / zip / url
    data: bytes | None = None
    sha256: str | None = None
    ocr: str = "never"  # never / auto / always (ogi.api.parse_file); the file's OCR pages run in its worker


@dataclass(slots=True)
class Outcome:
    """What reading one file gave. `data` is set only for a download (the parent has the bytes of the others)."""

    task: Task
    sha256: str | None = None
    size: int = 0
    form: str = ""
    version: str = ""
    data: bytes | None = None
    url: str | None = None
    status: str = "read"  # read / unreadable / failed (no bytes at all: a download that failed)
    error_code: str | None = None
    error: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    model: bytes | None = None  # the report's JSON, zlib-compressed
    findings: list[dict[str, Any]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    identity: dict[str, Any] | None = None
    metrics: dict[str, Any] | None = None
    timeliness: dict[str, Any] | None = None
    text: str | None = None
    cells: list[FlatCell] = field(default_factory=list)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def ocr_mode(requested: str | None = None) -> str:
    """The OCR mode of a corpus run: the one asked for, else "auto" when the `ocr` extra is installed and
    "never" when it is not (a scan is then stored unreadable with the message naming the extra)."""
    from ogi.read.ocr import ocr_available

    return requested or ("auto" if ocr_available() else "never")


def ocr_used(mode: str) -> bool:
    """Whether a reading in this mode reads scanned pages (the mode allows it and the extra is installed)."""
    from ogi.read.ocr import ocr_available

    return mode != "never" and ocr_available()


def read_task(task: Task, progress: Callable[[int, int], None] | None = None) -> Outcome:
    """Given a task, return its outcome; never raises for a bad file (its error is in the outcome).
    progress(pages done, pages to do) is called after each page read by OCR."""
    from ogi.batch import attempt
    from ogi.errors import OgiError

    out = Outcome(task)
    data = task.data
    if data is None:
        fetched = attempt(task.location, lambda: _download(task.location))
        if isinstance(fetched, OgiError):
            out.status, out.error_code, out.error = "failed", fetched.code, fetched.message()
            return out
        data, out.url = fetched
        out.data = data
    out.sha256, out.size = task.sha256 or sha256(data), len(data)
    out.form = form_of(data, task.name)
    from ogi.versions import reading_version

    out.version = reading_version(out.form) + _no_ocr_mark(data, out.form, task.ocr)
    result = attempt(task.name, lambda: _read(data, task.name, out.url, task.ocr, progress))
    if isinstance(result, OgiError):
        out.status, out.error_code, out.error = "unreadable", result.code, result.message()
    else:
        fill(out, *result)
    return out


def form_of(data: bytes, name: str) -> str:
    """Given a file's bytes, return its form as the version table names it (ogi's own JSON model is "json")."""
    from ogi.api import is_model_json
    from ogi.read.forms import sniff

    return "json" if is_model_json(data) else sniff(data, name).value


def _download(url: str) -> tuple[bytes, str]:
    from ogi.read.fetch import Fetcher

    with Fetcher() as fetcher:
        data, _type, final = fetcher.download(url)
    return data, final


def _no_ocr_mark(data: bytes, form: str, mode: str) -> str:
    """ogi.versions.NO_OCR when this reading leaves pages unread that OCR would read, else ""."""
    if form not in ("pdf", "image") or ocr_used(mode):
        return ""
    from ogi.read.ocr.scan import scan_pages
    from ogi.versions import NO_OCR

    return NO_OCR if scan_pages(data) else ""


def _read(data: bytes, name: str, url: str | None, ocr: str,  # noqa: ANN202 - (Report, findings)
          progress: Callable[[int, int], None] | None):
    from ogi.api import parse_bytes
    from ogi.check import check

    # one OCR page worker, this process: the files are what run in parallel (ogi.batch, a Dask cluster)
    report = parse_bytes(data, name=name, ocr=ocr, jobs=1, progress=progress)
    report.source_sha256 = report.source_sha256 or sha256(data)
    if url:
        report.source_url = url
    return report, check(report)


def fill(out: Outcome, report, findings) -> None:  # noqa: ANN001 - Report, list[Finding]
    """Fill an outcome from a report and its findings: everything the store keeps of a reading."""
    from ogi.check import Severity
    from ogi.corpus.cells import cells_of

    out.metadata = report.metadata.model_dump(mode="json")
    out.model = zlib.compress(report.model_dump_json().encode(), 6)
    out.findings = [f.model_dump(mode="json") for f in findings]
    out.counts = {s.value: sum(f.severity is s for f in findings) for s in Severity}
    out.text = "\n\n".join(t for t in [report.preamble, *(f"{s.heading}\n{s.text}" for s in report.sections)] if t)
    out.cells = cells_of(report)
    out.identity = _identify(report, out).model_dump(mode="json")
    from ogi.corpus.metrics import report_metrics
    from ogi.corpus.timeliness import timeliness

    out.metrics = report_metrics(report, findings)
    out.timeliness = timeliness(report).as_row()


def _identify(report, out: Outcome):  # noqa: ANN001, ANN202 - Report -> Identity
    """The agency, its kind, division and year, each with its evidence (title, text, URL, file name)."""
    from pathlib import PurePosixPath

    from ogi.corpus.identify import identify

    url = out.url or (out.task.location if out.task.kind == "url" else None)
    return identify(report, url=url, file_name=PurePosixPath(out.task.name).name)
