"""Scans through the web, for real (the `ocr` extra, SQLite and PostgreSQL): a scanned PDF in a batch upload is
read by OCR in the background with its pages done shown, each value equal to the born-digital reading of the same
page or its row flagged; a single upload of a scan goes to the background as a batch of one (the request never
waits for the OCR) and its page says so in Chinese; with OCR turned off a scan is stored unreadable at once."""

from __future__ import annotations

import dataclasses
import hashlib
import sys
import time
import zlib
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from ogi.corpus.records import Reading
from ogi.model.report import Report
from ogi.read.ocr import ocr_available
from ogi.versions import NO_OCR, reading_version
from ogi.web.app import create_app
from ogi.web.settings import WebSettings

from .support import add_user, page_token, sign_in
from .test_batches import _token

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "read"))
from ocr_support import SEED_000, one_page, scan, seed000_pdf  # noqa: E402, F401 - seed000_pdf: the fixture
from test_ocr_corpus import compare  # noqa: E402 - values read against the original's, wrong ones named

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not ocr_available(), reason="未安装文字识别组件（pip install \"ogi[ocr]\"），跳过"),
    pytest.mark.skipif(not SEED_000.is_file(), reason="未找到 ../shared/seeds（种子报告），跳过"),
]
SCANNING = "扫描件正在进行文字识别…"


@pytest.fixture(scope="module")
def pages(seed000_pdf: bytes) -> tuple[bytes, bytes]:  # noqa: F811 - the fixture imported above
    """Page 3 of seed 000 (table 二 and the head of table 三) born-digital, and the same page scanned at 150 dpi."""
    born = one_page(seed000_pdf, 2)
    return born, scan(born, 150, "web-batch:150")


def _model(engine: Engine, data: bytes) -> tuple[Reading, Report | None]:
    with engine.connect() as conn:
        reading = conn.execute(select(Reading).where(Reading.sha256 == hashlib.sha256(data).hexdigest(),
                                                     Reading.current.is_(True))).one()
    return reading, Report.from_json(zlib.decompress(reading.model)) if reading.model else None


def _as_the_original(engine: Engine, born: bytes, scanned: bytes) -> None:
    from ogi.api import parse_bytes

    reading, seen = _model(engine, scanned)
    assert reading.status == "read" and reading.version == reading_version("pdf"), reading.error
    read, total, wrong = compare(parse_bytes(born, name="原件.pdf"), seen)
    assert wrong == []  # never a wrong value: equal to the original's, or its row flagged
    assert total >= 10 and read >= total // 2, (read, total)


def _watch(client: TestClient, auth: dict[str, str], batch_id: int, timeout: float = 300) -> tuple[dict, set[str]]:
    """Poll the batch until it ends; return it and every OCR progress note seen on the way."""
    seen: set[str] = set()
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        batch = client.get(f"/api/v1/batches/{batch_id}", headers=auth).json()
        seen |= {i["progress"] for i in batch["items"] if i["progress"]}
        if batch["state"] != "running":
            return batch, seen
        time.sleep(0.1)
    raise AssertionError("the batch did not finish in time")


def test_a_scan_in_a_batch_is_read_by_ocr_with_its_pages_shown(client: TestClient, engine: Engine,
                                                               pages: tuple[bytes, bytes]) -> None:
    born, scanned = pages
    auth = _token(engine, "li.ming")
    started = time.monotonic()
    sent = client.post("/api/v1/batches", headers=auth, files=[("files", ("扫描件.pdf", scanned)),
                                                               ("files", ("原件.pdf", born))])
    assert sent.status_code == 202
    batch, notes = _watch(client, auth, sent.json()["id"])
    seconds = time.monotonic() - started
    assert (batch["state"], batch["read"], batch["unreadable"], batch["failed"]) == ("done", 2, 0, 0)
    assert all(i["progress"] is None and i["error"] is None for i in batch["items"])  # read: no note left
    # one page: "共 1 页" while it is read, "已完成 1/1 页" after it (at least one of them is seen while polling)
    assert notes and notes <= {f"{SCANNING}共 1 页", f"{SCANNING}已完成 1/1 页"}, notes
    _as_the_original(engine, born, scanned)
    print(f"\n一页扫描件（150 dpi）经网页批量上传读取：{seconds:.1f} 秒")  # noqa: T201 - the figure of the report


def test_a_single_upload_of_a_scan_becomes_a_batch_of_one(client: TestClient, engine: Engine,
                                                           pages: tuple[bytes, bytes]) -> None:
    born, scanned = pages
    add_user(engine, "li.ming", "reviewer")
    assert sign_in(client, "li.ming").status_code == 303
    assert "扫描件（无文字层的 PDF" in client.get("/reports/new").text
    started = time.monotonic()
    sent = client.post("/reports/new", data={"csrf_token": page_token(client, "/reports/new")},
                       files={"file": ("扫描件.pdf", scanned)}, follow_redirects=False)
    answered = time.monotonic() - started
    assert sent.status_code == 303 and sent.headers["location"].startswith("/batches/")
    assert answered < 5, answered  # the request does not wait for the OCR (a page takes seconds)
    progress = client.get(sent.headers["location"])
    assert progress.status_code == 200 and SCANNING in progress.text and "扫描件.pdf" in progress.text
    batch_id = int(sent.headers["location"].rsplit("/", 1)[1])
    batch, _notes = _watch(client, {}, batch_id)
    assert (batch["total"], batch["read"]) == (1, 1)
    sha = hashlib.sha256(scanned).hexdigest()
    done = client.get(f"/batches/{batch_id}")
    assert f'href="/reports/{sha}">查看报告' in done.text and SCANNING not in done.text
    assert client.get(f"/reports/{sha}").status_code == 200
    _as_the_original(engine, born, scanned)
    # a born-digital PDF is read in the request, as before
    straight = client.post("/reports/new", data={"csrf_token": page_token(client, "/reports/new")},
                           files={"file": ("原件.pdf", born)}, follow_redirects=False)
    assert straight.headers["location"] == f"/reports/{hashlib.sha256(born).hexdigest()}"


def test_with_ocr_off_a_scan_is_stored_unreadable_at_once(db_url: str, settings: WebSettings,
                                                          pages: tuple[bytes, bytes]) -> None:
    _born, scanned = pages
    app = create_app(db_url, dataclasses.replace(settings, ocr=False))
    with TestClient(app) as client:
        engine = app.state.engine
        add_user(engine, "li.ming", "reviewer")
        assert sign_in(client, "li.ming").status_code == 303
        assert "本服务器未开启扫描件的文字识别" in client.get("/reports/new").text
        sent = client.post("/reports/new", data={"csrf_token": page_token(client, "/reports/new")},
                           files={"file": ("扫描件.pdf", scanned)}, follow_redirects=False)
        sha = hashlib.sha256(scanned).hexdigest()
        assert sent.headers["location"] == f"/reports/{sha}"
        reading, _ = _model(engine, scanned)
        assert (reading.status, reading.error_code) == ("unreadable", "read.no_text_layer")
        assert reading.version == reading_version("pdf") + NO_OCR  # `ogi corpus reparse` with OCR reads it


def test_the_apis_single_upload_reads_a_scan_in_the_request(client: TestClient, engine: Engine,
                                                            pages: tuple[bytes, bytes]) -> None:
    born, scanned = pages
    auth = _token(engine, "li.ming")
    sent = client.post("/api/v1/reports", headers=auth, files={"file": ("扫描件.pdf", scanned)})
    assert sent.status_code == 201 and sent.json()["status"] == "read", sent.text
    assert sent.json()["sha256"] == hashlib.sha256(scanned).hexdigest()
    _as_the_original(engine, born, scanned)
