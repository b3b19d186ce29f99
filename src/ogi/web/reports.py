"""Reports in the web application: an upload, pasted text or a URL read and stored exactly as `ogi ingest` stores
a file (ogi.corpus.work.read_task, then ogi.corpus.store), so an uploaded report is a corpus report like any
other; and the current readings read back for the pages, within the user's data scope."""

from __future__ import annotations

import ipaddress
import socket
import threading
import zlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, BinaryIO
from urllib.parse import urlparse

from sqlalchemy import Engine, false, func, or_, select, true

from ogi.check import Finding
from ogi.corpus.records import Reading, SourceRecord
from ogi.errors import OgiError
from ogi.model.report import Report
from ogi.web.paging import Window, window

if TYPE_CHECKING:
    from collections.abc import Callable

    from ogi.corpus.work import Outcome, Task

__all__ = ["SCANNING", "InputRefused", "Queued", "ReportPage", "StoredReport", "TooLarge", "list_reports", "load_report",
           "mb", "read_file", "receive", "save_read", "scope_condition", "store_bytes", "store_url"]

PASTED_NAME = "粘贴的文本.txt"
SCANNING = "扫描件正在进行文字识别…"
_OCR = threading.Lock()  # one scan at a time in a server process: one OCR engine, and a core left for the requests


class InputRefused(OgiError):
    """An upload, text or URL refused before reading: too large, empty, or a URL ogi will not fetch."""

    code = "web.input_refused"
    message_zh = "无法接收该报告"


@dataclass(frozen=True)
class StoredReport:
    sha256: str
    status: str  # read / unreadable (as ogi.corpus stores it)
    error: str | None


@dataclass(frozen=True)
class Queued:
    """A scan handed to the background instead (ogi.web.batches.queue_scan): read by OCR as a batch of one,
    its progress at /batches/{batch_id}."""

    batch_id: int
    pages: int  # the pages to read by OCR


def store_bytes(engine: Engine, data: bytes, name: str, actor: str, ocr: str = "never") -> StoredReport:
    """Read bytes of any form ogi reads (by content; the name only labels them) and store them in the corpus:
    the blob, the source (an upload by this user) and the reading with its cells and findings. ocr: how a scan
    is read (ogi.corpus.work.Task.ocr), here in the caller's thread."""
    from ogi.corpus.work import Task, sha256

    if not data.strip():
        raise InputRefused(name, "内容为空")
    sha = sha256(data)
    task = Task(location=f"upload:{actor}/{sha}/{name}", name=name, kind="upload", data=data, sha256=sha, ocr=ocr)
    return _save(engine, read_file(task), data)


def read_file(task: Task, note: Callable[[str], None] | None = None) -> Outcome:
    """Read one file in this server process (ogi.corpus.work.read_task); a scan by OCR, one at a time in the
    process, note(text) told its pages done as they are read ("扫描件正在进行文字识别…已完成 2/5 页")."""
    from ogi.corpus.work import ocr_used, read_task
    from ogi.read.ocr.scan import scan_pages

    pages = scan_pages(task.data or b"") if ocr_used(task.ocr) else 0
    if not pages:
        return read_task(task)
    with _OCR:
        if note is None:
            return read_task(task)
        note(f"{SCANNING}共 {pages} 页")
        return read_task(task, progress=lambda done, total: note(f"{SCANNING}已完成 {done}/{total} 页"))


class TooLarge(InputRefused):
    """An upload or pasted text over the size limit (413)."""

    code = "web.too_large"


def mb(size: int) -> str:
    """A size limit in words: 50 MB, or 4 KB below one megabyte."""
    return f"{size / (1024 * 1024):g} MB" if size >= 1024 * 1024 else f"{size / 1024:g} KB"


def receive(engine: Engine, settings: Any, actor: str, *, file: BinaryIO | None = None, name: str = "",
            text: str = "", url: str = "", background: bool = False) -> StoredReport | Queued:
    """One report as the upload page and the API take it: a file, else pasted text, else a URL; the same limits
    and refusals for both (TooLarge over the size limit, InputRefused for the rest, in Chinese). background: a
    file with pages to read by OCR goes to the background as a batch of one (Queued) rather than keeping the
    request for the seconds a page takes (the page does so; the API reads it in the request)."""
    from ogi.web.settings import ocr_mode

    limit = settings.max_upload_bytes
    if file is not None:
        data = file.read(limit + 1)
        if len(data) > limit:
            raise TooLarge(name, f"文件“{name}”过大：超过 {mb(limit)} 的上限，未接收。")
        if background:
            from ogi.web.batches import queue_scan

            queued = queue_scan(engine, settings, actor, name, data)
            if queued is not None:
                return queued
        return store_bytes(engine, data, name, actor, ocr=ocr_mode(settings))
    if text.strip():
        data = text.encode("utf-8")
        if len(data) > limit:
            raise TooLarge(PASTED_NAME, f"粘贴的文本过大：超过 {mb(limit)} 的上限，未接收。")
        return store_bytes(engine, data, PASTED_NAME, actor)
    if url.strip():
        return store_url(engine, url, actor, allow_private=settings.allow_private_urls, ocr=ocr_mode(settings))
    raise InputRefused(None, "请选择一个文件、粘贴报告全文，或填写报告网址。")


def store_url(engine: Engine, url: str, actor: str, allow_private: bool = False, ocr: str = "never") -> StoredReport:
    """Download a report (ogi.read.fetch, through read_task, as `ogi ingest` does for a URL) and store it. Only
    http(s) to public addresses: the server must not be made to reach into its own network. A scan downloaded
    is read by OCR (`ocr`) in the request: its pages are not known before the download."""
    from ogi.corpus.work import Task, read_task

    url = url.strip()
    _check_url(url, allow_private)
    out = read_task(Task(location=url, name=url, kind="url", ocr=ocr))
    if out.status == "failed" or out.data is None:
        raise InputRefused(url, out.error or "下载失败")
    return _save(engine, out, out.data)


def _save(engine: Engine, out: Any, data: bytes) -> StoredReport:
    with engine.begin() as conn:
        save_read(conn, out, data)
    return StoredReport(out.sha256, out.status, out.error)


def save_read(conn: Any, out: Any, data: bytes) -> None:
    """Store one read file as `ogi ingest` does: the blob, its source, its reading (in the caller's transaction)."""
    from ogi.corpus.store import save_blob, save_outcome, save_source

    save_blob(conn, out.sha256, data, out.form)
    save_source(conn, out.task, out.sha256, url=out.url)
    save_outcome(conn, out)


def _check_url(url: str, allow_private: bool) -> None:
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise InputRefused(url, "网址应以 http:// 或 https:// 开头")
    if allow_private:
        return
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(parsed.hostname, parsed.port or 80)}
    except (OSError, UnicodeError) as exc:
        raise InputRefused(url, "无法解析该网址的主机名") from exc
    if not all(ipaddress.ip_address(a.split("%")[0]).is_global for a in addresses):
        raise InputRefused(url, "该网址指向本机或内部网络地址，出于安全原因不予下载")


# -- reading back ------------------------------------------------------------------------------------------------


@dataclass
class ReportPage:
    """One current reading as a page shows it."""

    reading: Reading
    file_name: str
    report: Report | None
    findings: list[Finding] = field(default_factory=list)


def scope_condition(scope: list[str]) -> Any:
    """The SQL form of ogi.web.scope.visible over readings: a code entry a prefix of the division code, a name
    entry the agency's exact name; an empty scope sees all (visible() is the rule; tests hold them equal)."""
    if not scope:
        return true()
    conds = [Reading.division_code.startswith(e, autoescape=True) if e.isdigit() else Reading.agency == e
             for e in scope]
    return or_(false(), *conds)


def load_report(engine: Engine, sha: str) -> ReportPage | None:
    """The current reading of one file, its report model and findings (None when there is no such reading)."""
    from sqlalchemy.orm import Session

    with Session(engine, expire_on_commit=False) as sess:
        reading = sess.scalar(select(Reading).where(Reading.sha256 == sha, Reading.current.is_(True)))
        if reading is None:
            return None
        name = sess.scalar(select(func.min(SourceRecord.name)).where(SourceRecord.sha256 == sha))
    report = Report.from_json(zlib.decompress(reading.model)) if reading.model else None
    findings = [Finding.model_validate(f) for f in reading.findings or []]
    return ReportPage(reading, name or sha[:12], report, findings)


def list_reports(engine: Engine, scope: list[str], *, year: int | None, agency: str, page: int,
                 per_page: int = 50, division: str | None = None, status: str | None = None) -> Window:
    """The current readings the user may see, filtered by year, part of the agency's name, division and status,
    a page of them."""
    from ogi.corpus.query import filtered

    name = (select(func.min(SourceRecord.name)).where(SourceRecord.sha256 == Reading.sha256)
            .correlate(Reading).scalar_subquery().label("file"))
    base = filtered(select(Reading.sha256, Reading.agency, Reading.year, Reading.division_code, Reading.status,
                           Reading.errors, Reading.warnings, Reading.notices, Reading.version, name),
                    year=year, agency=agency or None, division=division or None, status=status or None)
    base = base.where(scope_condition(scope))
    with engine.connect() as conn:
        return window(conn, base, Reading.year.desc(), Reading.agency, Reading.sha256, page=page,
                      per_page=per_page)
