"""`ogi ingest` of the generated 1,000-file test corpus (tests/corpus_gen.py: seeds, real PDFs, every input form,
zips, duplicates, broken files, URL lists): every file is accounted for against the generator's manifest; ingest
twice stores nothing twice; `kill -9` mid-way and the same command again give the uninterrupted run's database."""

from __future__ import annotations

import hashlib
import http.server
import json
import socket
import threading
from pathlib import Path

import pytest
from sqlalchemy import text

from ogi.corpus.ingest import ingest

from .test_ingest import _kill_midway, _ogi, _readings, dump, fresh
from corpus_gen import make_corpus, read_entry

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    root = tmp_path_factory.mktemp("corpus") / "报告"
    port = _free_port()
    manifest = make_corpus(root, n=1000, pdf_share=0.04, url_port=port)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), lambda *a: _Quiet(*a, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield root, manifest
    server.shutdown()
    server.server_close()


def test_every_file_of_the_corpus_is_stored_once_and_accounted_for(corpus, tmp_path: Path) -> None:  # noqa: ANN001
    root, manifest = corpus
    assert len(manifest.files) >= 1000
    engine = fresh(f"sqlite:///{tmp_path / 'c.db'}")
    first = ingest(engine, [str(root)], jobs=2)
    url_entries = [e for lst in manifest.url_lists for e in lst["entries"]]
    assert first.total == len(manifest.files) + len(url_entries)
    assert first.done == first.total

    with engine.connect() as conn:
        sources = {loc: (sha, code) for loc, sha, code in
                   conn.execute(text("SELECT location, sha256, error_code FROM corpus_source"))}
        readings = {sha: (status, code, agency, year) for sha, status, code, agency, year in conn.execute(
            text("SELECT sha256, status, error_code, agency, year FROM corpus_reading WHERE current"))}
        blobs = conn.execute(text("SELECT count(*) FROM corpus_blob")).scalar()

    wrong, distinct = [], set()
    for entry in manifest.files:
        location = str(root / entry.path) + (f"!{entry.member}" if entry.member else "")
        sha, source_error = sources[location]
        if entry.member and entry.broken and not entry.readable and entry.expected_error is None:
            assert sha is None and source_error == "read.corrupt", entry  # a damaged archive member: no bytes
            continue
        data = read_entry(root, entry)
        assert sha == hashlib.sha256(data).hexdigest(), entry.path
        distinct.add(sha)
        status, code, agency, year = readings[sha]
        if entry.expected_error:
            assert (status, code) == ("unreadable", entry.expected_error), entry.path
        elif entry.report and entry.readable:
            truth = manifest.reports[entry.report]
            if status != "read" or agency != truth["agency"] or year != truth["year"]:
                wrong.append((entry.path, status, agency, year, truth["agency"], truth["year"]))
    assert wrong == []
    assert blobs == len(distinct)  # byte-identical copies stored once
    dups = {e.dup_group for e in manifest.files if e.dup_group}
    assert dups and first.duplicates >= len(dups)

    before = dump(engine)
    second = ingest(engine, [str(root)], jobs=2)
    assert second.read == 0
    after = dump(engine)
    # the URL lists' missing entries are tried again (a failed download is not final); all else is as it was
    assert after == before


def test_kill_9_midway_on_the_corpus_then_resume_gives_the_same_database(corpus, tmp_path: Path) -> None:  # noqa: ANN001
    root, _manifest = corpus
    whole = fresh(f"sqlite:///{tmp_path / 'whole.db'}")
    ingest(whole, [str(root)], jobs=2)
    url = f"sqlite:///{tmp_path / 'killed.db'}"
    fresh(url).dispose()
    # without OCR, as the uninterrupted run above (ingest()'s default): the corpus's image-only PDF stays unread
    _kill_midway(url, root, 200, "--ocr", "never")
    assert 200 <= _readings(url) < 900
    resumed = _ogi("ingest", root, "--db", url, "--json", "--ocr", "never")
    stdout, stderr = resumed.communicate(timeout=900)
    assert "Traceback" not in stderr
    assert json.loads(stdout)["already_stored"] > 0
    from ogi.storage.db import connect

    killed = connect(url)
    try:
        assert dump(killed) == dump(whole)
    finally:
        killed.dispose()
