"""Batch uploads: many files or zip archives taken in at once, then read one by one in the background, each file
stored as a corpus report exactly as a single upload is (ogi.corpus.work.read_task, ogi.corpus.store).

The progress lives in the database, not in memory: a batch row and one row per file, its bytes kept until it is
read. Several server processes may run behind a proxy; whichever holds a batch writes a heartbeat, and a batch
whose heartbeat stopped (the server was restarted mid-batch) is shown as interrupted: what was read is kept (each
file is stored in one transaction with its status), and "继续" resumes with the files not read yet.

Scans (image-only PDF pages, page images) are read by OCR here (WebSettings.ocr, the `ocr` extra), one at a time
in a server process (the OCR models loaded once, some 0.75 GB); while a scan is read its pending row holds the
pages done ("扫描件正在进行文字识别…已完成 2/5 页"), shown live. A single upload of a scan comes here as a batch
of one (queue_scan), so that no request waits for the seconds each page takes."""

from __future__ import annotations

import datetime as dt
import threading
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

from sqlalchemy import Engine, func, select, true, update

from ogi.web.batch_records import Batch, BatchItem
from ogi.web.reports import SCANNING, InputRefused, Queued, TooLarge, mb, read_file
from ogi.web.settings import WebSettings, as_utc, ocr_mode

__all__ = ["SCANNING", "STALE", "STATE_ZH", "STATUS_ZH", "Batch", "BatchItem", "BatchView", "Incoming", "create_batch",
           "list_batches", "load_batch", "queue_scan", "resume", "run_batch", "start"]

STALE = dt.timedelta(seconds=60)  # no heartbeat for this long: the process holding the batch is gone
BEAT = 5.0  # seconds between heartbeats while a file is being read
STATUS_ZH = {"pending": "等待读取", "read": "已读取", "unreadable": "无法读取", "failed": "未接收"}
STATE_ZH = {"running": "正在读取", "done": "已完成", "interrupted": "已中断"}


@dataclass(frozen=True)
class Incoming:
    """One uploaded file of a batch: its name (a label) and its contents."""

    name: str
    file: BinaryIO


def _open_archive(file: BinaryIO) -> zipfile.ZipFile | None:
    """The upload as an archive of reports, opened where it lies (not read into memory); None for anything else,
    a DOCX (a zip too) included. The file is left at its start."""
    from ogi.corpus.sources import is_package

    head = file.read(4)
    file.seek(0)
    if head != b"PK\x03\x04":
        return None
    try:
        z = zipfile.ZipFile(file)
        names = set(z.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        file.seek(0)
        return None
    if is_package(names):
        file.seek(0)
        return None
    return z


def _expand(files: Iterable[Incoming], settings: WebSettings) -> Iterator[tuple[str, bytes | None, str | None]]:
    """Every file to read, one at a time, as (name, bytes or None, reason it was refused); archives opened,
    members checked with the limits of ogi.corpus.sources. Raises InputRefused when the batch as a whole goes over
    its limits (the caller's transaction then leaves nothing behind)."""
    from ogi.corpus.sources import members, read_member
    from ogi.errors import OgiError

    limit = settings.max_upload_bytes
    for incoming in files:
        archive = _open_archive(incoming.file)
        if archive is None:
            data = incoming.file.read(limit + 1)
            if len(data) > limit:
                yield incoming.name, None, f"文件过大：超过 {mb(limit)} 的上限，未接收"
            else:
                yield incoming.name, data, None
            continue
        with archive:  # an archive may be larger than one file may: its members are held to that limit
            for info, shown in members(archive):
                name = f"{incoming.name}/{shown}"
                try:
                    yield name, read_member(archive, info, name, limit), None
                except OgiError as exc:
                    yield name, None, exc.message()


def create_batch(engine: Engine, settings: WebSettings, owner: str, files: Iterable[Incoming]) -> int:
    """Take the files in (checked, archives opened), record the batch and its files in one transaction (each file
    written as it is unpacked: a batch is never held in memory whole), return its id. Reading is left to
    run_batch. The batch's row is in the audit log; the files' bytes are not copied there."""
    from ogi.storage.base import AuditEntry

    files = list(files)
    now = settings.clock()
    sent = [f.name for f in files]
    count = total = 0
    with engine.begin() as conn:
        batch_id = conn.execute(Batch.__table__.insert().returning(Batch.id), {
            "owner": owner, "label": "", "state": "running", "total": 0, "created_at": now,
            "heartbeat": now}).scalar_one()
        for count, (name, data, reason) in enumerate(_expand(files, settings), 1):
            total += len(data or b"")
            if count > settings.batch_max_files:
                raise InputRefused(None, f"文件过多：一批至多 {settings.batch_max_files} 个文件（压缩包内的文件逐个计）。")
            if total > settings.batch_max_bytes:
                raise TooLarge(None, f"文件总大小（解压后）超过 {mb(settings.batch_max_bytes)} 的上限，未接收。")
            conn.execute(BatchItem.__table__.insert(), {
                "batch_id": batch_id, "position": count - 1, "name": name[:1000], "size": len(data or b""),
                "status": "pending" if reason is None else "failed", "error": reason, "data": data})
        if count == 0:
            raise InputRefused(None, "请选择要上传的文件或压缩包（压缩包中没有可读取的文件）。")
        label = ("、".join(sent[:3]) + ("等" if len(sent) > 3 else "") + f"（共 {count} 个文件）")[:500]
        conn.execute(update(Batch).where(Batch.id == batch_id).values(label=label, total=count))
        conn.execute(AuditEntry.__table__.insert(), {
            "at": now, "actor": owner, "entity": Batch.__tablename__, "entity_id": batch_id, "action": "insert",
            "before": None, "after": {"owner": owner, "label": label, "total": count, "bytes": total}})
    return batch_id


def _claim(engine: Engine, settings: WebSettings, batch_id: int) -> bool:
    """Take an interrupted batch for this process, only when its holder's heartbeat stopped (one conditional
    update, so two server processes never read the same batch; a new batch is held by the process making it)."""
    now = settings.clock()
    with engine.begin() as conn:
        return conn.execute(update(Batch).where(Batch.id == batch_id, Batch.state == "running",
                                                Batch.heartbeat < now - STALE)
                            .values(heartbeat=now)).rowcount == 1


def _beat(engine: Engine, settings: WebSettings, batch_id: int, stop: threading.Event) -> None:
    while not stop.wait(BEAT):
        with engine.begin() as conn:
            conn.execute(update(Batch).where(Batch.id == batch_id).values(heartbeat=settings.clock()))


def run_batch(engine: Engine, settings: WebSettings, batch_id: int) -> None:
    """Read the batch's pending files in order, each stored with its status in one transaction; one bad file never
    stops the batch (its error is its status). The caller holds the claim."""
    stop = threading.Event()
    beat = threading.Thread(target=_beat, args=(engine, settings, batch_id, stop), daemon=True)
    beat.start()
    try:
        while _read_next(engine, settings, batch_id):
            pass
        with engine.begin() as conn:
            conn.execute(update(Batch).where(Batch.id == batch_id).values(state="done",
                                                                          finished_at=settings.clock()))
    finally:
        stop.set()


def _read_next(engine: Engine, settings: WebSettings, batch_id: int) -> bool:
    """Read and store the next pending file; False when none is left."""
    from ogi.batch import internal_error
    from ogi.corpus.work import Task, sha256
    from ogi.web.reports import save_read

    with engine.connect() as conn:
        row = conn.execute(select(BatchItem.id, BatchItem.name, BatchItem.data, Batch.owner)
                           .join(Batch, Batch.id == BatchItem.batch_id)
                           .where(BatchItem.batch_id == batch_id, BatchItem.status == "pending")
                           .order_by(BatchItem.position).limit(1)).first()
    if row is None:
        return False
    done = {"data": None}
    try:
        data = row.data or b""
        sha = sha256(data)
        short = row.name.rsplit("/", 1)[-1]
        out = read_file(Task(location=f"upload:{row.owner}/batch{batch_id}/{sha}/{short}", name=row.name,
                             kind="upload", data=data, sha256=sha, ocr=ocr_mode(settings)),
                        note=lambda text: _note(engine, BatchItem.id == row.id, text))
        with engine.begin() as conn:
            save_read(conn, out, data)
            conn.execute(update(BatchItem).where(BatchItem.id == row.id).values(
                status=out.status, sha256=sha, error=out.error, **done))
            conn.execute(update(Batch).where(Batch.id == batch_id).values(heartbeat=settings.clock()))
    except Exception as exc:  # noqa: BLE001 - one file's failure (the database's included) never stops the batch
        with engine.begin() as conn:
            conn.execute(update(BatchItem).where(BatchItem.id == row.id).values(
                status="failed", error=internal_error(row.name, exc).message(), **done))
    return True


def _note(engine: Engine, which: Any, text: str) -> None:
    """Write the OCR progress on the pending rows chosen (a read row's column holds its reason instead)."""
    with engine.begin() as conn:
        conn.execute(update(BatchItem).where(which, BatchItem.status == "pending").values(error=text))


def queue_scan(engine: Engine, settings: WebSettings, owner: str, name: str, data: bytes) -> Queued | None:
    """A single upload with pages to read by OCR, taken in as a batch of one and read in the background (None
    when it has none, or scans are not read here: it is then read in the request as any other file)."""
    import io

    from ogi.corpus.work import ocr_used
    from ogi.read.ocr.scan import scan_pages

    if not ocr_used(ocr_mode(settings)) or not data.strip():
        return None
    pages = scan_pages(data)
    if not pages:
        return None
    batch_id = create_batch(engine, settings, owner, [Incoming(name, io.BytesIO(data))])
    _note(engine, BatchItem.batch_id == batch_id, f"{SCANNING}共 {pages} 页")  # said from the first view on
    start(engine, settings, batch_id)
    return Queued(batch_id, pages)


def start(engine: Engine, settings: WebSettings, batch_id: int) -> threading.Thread:
    """Read the batch in a thread of this server process."""
    thread = threading.Thread(target=run_batch, args=(engine, settings, batch_id), name=f"ogi-batch-{batch_id}",
                              daemon=True)
    thread.start()
    return thread


def resume(engine: Engine, settings: WebSettings, batch_id: int) -> bool:
    """Resume an interrupted batch here (False when another process holds it or it is done)."""
    if not _claim(engine, settings, batch_id):
        return False
    start(engine, settings, batch_id)
    return True


# -- reading back ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BatchView:
    batch: Batch
    state: str  # running / done / interrupted
    counts: dict[str, int]  # by item status
    items: list[BatchItem]

    @property
    def done(self) -> int:
        return self.batch.total - self.counts.get("pending", 0)


def _state(batch: Batch, now: dt.datetime) -> str:
    if batch.state == "running" and as_utc(batch.heartbeat) < now - STALE:
        return "interrupted"
    return batch.state


def load_batch(engine: Engine, settings: WebSettings, batch_id: int, viewer: str, admin: bool,
               with_items: bool = True) -> BatchView | None:
    """A batch its owner (or an administrator) may see, with its counts and files; None otherwise."""
    from sqlalchemy.orm import Session, defer

    with Session(engine, expire_on_commit=False) as sess:
        batch = sess.get(Batch, batch_id)
        if batch is None or not (admin or batch.owner == viewer):
            return None
        counts = dict(sess.execute(select(BatchItem.status, func.count()).where(BatchItem.batch_id == batch_id)
                                   .group_by(BatchItem.status)).all())
        items = list(sess.scalars(select(BatchItem).options(defer(BatchItem.data))
                                  .where(BatchItem.batch_id == batch_id).order_by(BatchItem.position))) \
            if with_items else []
    return BatchView(batch, _state(batch, settings.clock()), counts, items)


def list_batches(engine: Engine, settings: WebSettings, viewer: str, admin: bool) -> list[BatchView]:
    """The viewer's batches (an administrator's: everyone's), newest first, with their counts."""
    from sqlalchemy.orm import Session

    with Session(engine, expire_on_commit=False) as sess:
        cond = true() if admin else Batch.owner == viewer
        batches = list(sess.scalars(select(Batch).where(cond).order_by(Batch.id.desc()).limit(200)))
        rows = sess.execute(select(BatchItem.batch_id, BatchItem.status, func.count())
                            .where(BatchItem.batch_id.in_([b.id for b in batches]))
                            .group_by(BatchItem.batch_id, BatchItem.status)).all()
    counts: dict[int, dict[str, int]] = {}
    for batch_id, status, n in rows:
        counts.setdefault(batch_id, {})[status] = n
    now = settings.clock()
    return [BatchView(b, _state(b, now), counts.get(b.id, {}), []) for b in batches]
