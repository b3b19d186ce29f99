"""A real browser (Playwright driving Debian's chromium) against a real `ogi serve`: a reviewer uploads a zip of
200 generated reports (tests/corpus_gen.py: every form but PDF, byte-identical copies and broken files among
them), watches the progress bar move to the end, and every file's outcome is what the generator says it made."""

from __future__ import annotations

import hashlib
import sys
import time
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text

from ogi.read.ocr import ocr_available
from ogi.storage.db import connect
from ogi.web.users import create_user, issue_token

from .server import Server, start
from .support import PASSWORD
from .test_browser import CHROMIUM, SHOTS
from .test_browser_reports import _sign_in

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/ holds corpus_gen and its helpers
from corpus_gen import FileEntry, make_corpus, read_entry  # noqa: E402

pytestmark = [pytest.mark.slow, pytest.mark.skipif(CHROMIUM is None, reason="未安装 Debian chromium（scripts/setup --dev）")]
FILES = 200


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    db = f"sqlite:///{tmp_path_factory.mktemp('browser-batches') / 'web.db'}"
    running = start(db, env={"OGI_ADMIN_PASSWORD": "Harbour-light-31"})
    engine = connect(db)
    create_user(engine, "test", "shen.hui", PASSWORD, "reviewer", "")
    running.db = db
    running.token = issue_token(engine, "test", "shen.hui")
    engine.dispose()
    yield running
    running.stop()


def _corpus_zip(tmp: Path) -> tuple[Path, dict[str, tuple[FileEntry, bytes]], dict[str, dict]]:
    """200 files of a generated corpus packed into one zip (members of its own archives taken out first: an
    archive in an archive is not opened), each under its path; name in the batch → (entry, bytes)."""
    root = tmp / "报告"
    manifest = make_corpus(root, n=FILES + 20, seed=13, pdf_share=0.0, shared=None)
    readable: dict[str, tuple[FileEntry, bytes]] = {}
    for entry in manifest.files:
        try:
            data = read_entry(root, entry)
        except (zipfile.BadZipFile, zlib.error, KeyError, OSError, EOFError):
            continue  # a member of a damaged archive: no bytes to send
        readable[entry.path + (f"/{entry.member}" if entry.member else "")] = (entry, data)
    broken = [name for name, (e, _) in readable.items() if e.broken]  # the generator writes them last
    sound = [name for name in readable if name not in broken]
    chosen = {name: readable[name] for name in sorted(sound[:FILES - len(broken)] + broken)}
    assert len(chosen) == FILES
    assert sum(e.expected_error is not None for e, _ in chosen.values()) >= 3, "a few broken files among them"
    out = tmp / "二百份年报.zip"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, (_, data) in chosen.items():
            z.writestr(name, data)
    return out, {f"{out.name}/{name}": value for name, value in chosen.items()}, manifest.reports


def test_a_200_file_zip_upload_completes_with_its_progress_shown(server: Server, page,  # noqa: ANN001
                                                                 tmp_path: Path) -> None:
    archive, expected, truths = _corpus_zip(tmp_path)
    _sign_in(page, server, "shen.hui")
    page.get_by_role("link", name="批量上传").click()
    page.get_by_role("link", name="新的批量上传").click()
    page.get_by_label("报告文件或压缩包").set_input_files(str(archive))
    page.get_by_role("button", name="上传并读取").click()
    page.wait_for_url(f"{server.url}/batches/*")
    batch_id = int(page.url.rsplit("/", 1)[1])
    bar = page.locator("progress#batch-bar")
    assert bar.get_attribute("max") == str(FILES)

    seen, shot, deadline = [], False, time.monotonic() + 600
    while time.monotonic() < deadline:
        try:
            value = int(float(bar.evaluate("e => e.value")))
            state = page.locator("#batch-state-text").inner_text()
        except Exception:  # noqa: BLE001 - the page reloads itself once when the batch is done
            page.wait_for_load_state()
            continue
        seen.append(value)
        if not shot and FILES * 0.3 <= value <= FILES * 0.8:
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / "batch.png"), full_page=False)
            shot = True
        if state == "已完成" and value == FILES:
            break
        time.sleep(0.3)
    assert seen and seen[-1] == FILES, "the bar reached the end"
    assert any(0 < v < FILES for v in seen), "and was seen moving on the way, updated without a reload"
    assert seen == sorted(seen), "never going back"
    page.wait_for_load_state()
    counts = page.locator("#batch-counts").inner_text()
    assert f"已处理 {FILES} / {FILES}" in counts and "等待 0" in counts

    batch = httpx.get(f"{server.url}/api/v1/batches/{batch_id}",
                      headers={"Authorization": f"Bearer {server.token}"}, timeout=30).json()
    engine = connect(server.db)
    with engine.connect() as conn:
        readings = {sha: (status, code, agency, year) for sha, status, code, agency, year in conn.execute(
            text("SELECT sha256, status, error_code, agency, year FROM corpus_reading WHERE current"))}
    engine.dispose()
    assert {i["name"] for i in batch["items"]} == set(expected)
    wrong = []
    for item in batch["items"]:
        entry, data = expected[item["name"]]
        assert item["sha256"] == hashlib.sha256(data).hexdigest(), item["name"]
        status, code, agency, year = readings[item["sha256"]]
        assert item["status"] == status, "the batch says what the corpus holds"
        expected_error = entry.expected_error
        if entry.broken == "image-only-pdf" and ocr_available():
            # read by OCR (WebSettings.ocr): a picture of the title and the first part's lines, no table
            expected_error = "read.not_a_report"
        if expected_error:
            if (status, code) != ("unreadable", expected_error) or not item["error"]:
                wrong.append((item["name"], status, code, expected_error))
        elif entry.report and entry.readable:
            truth = (truths[entry.report]["agency"], truths[entry.report]["year"])
            if status != "read" or (agency, year) != truth:
                wrong.append((item["name"], status, agency, year, truth))
        else:
            assert status in ("read", "unreadable"), item["name"]
    assert wrong == []
    assert batch["failed"] == 0 and batch["read"] + batch["unreadable"] == FILES


