"""The corpus store and `ogi ingest`, for real: SQLite files and the run's PostgreSQL database, worker processes,
`kill -9` in the middle, a Dask cluster of worker processes with one worker killed. The final database is compared
as a dump (every row of every corpus table, timestamps left out) with the one an uninterrupted run leaves."""

from __future__ import annotations

import http.server
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from ogi.corpus.ingest import ingest
from ogi.storage.db import connect, migrate

from conftest import SEED_IDS, seed_path, truth

LEFT_OUT = {"first_seen", "seen", "read_at", "data", "id", "reading_id"}  # when it happened, the bytes (their hash
# and size stay) and the readings' counter (a cell is dumped with its reading's sha256 and version instead)


def dump(engine: Engine) -> dict[str, list[tuple]]:
    """Every row of the corpus tables, typed by the records (dates, decimals, booleans alike in both databases),
    sorted, without timestamps."""
    from sqlalchemy import select

    from ogi.storage.tables import all_tables

    out = {}
    with engine.connect() as conn:
        for name, table in all_tables().tables.items():
            if name.startswith("corpus_"):
                cols = [c for c in table.c if c.name not in LEFT_OUT]
                stmt = select(*cols)
                if name == "corpus_cell":
                    reading = all_tables().tables["corpus_reading"]
                    stmt = select(reading.c.sha256, reading.c.version, *cols).join(
                        reading, reading.c.id == table.c.reading_id)
                out[name] = sorted((tuple(r) for r in conn.execute(stmt)), key=repr)
    return out


def fresh(url: str) -> Engine:
    engine = connect(url)
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    migrate(engine)
    return engine


def variant(seed: str, k: int) -> bytes:
    """A seed report under another name on its title line, so every variant has bytes of its own."""
    first = seed.index("\n")
    return f"{seed[:first]}（第{k}号）{seed[first:]}".encode()


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A city's collection: seeds in sub-folders, byte-identical copies under other names, a zip archive with
    a hostile member name, a nested archive and a broken member, and broken files."""
    root = tmp_path_factory.mktemp("collection")
    seeds = [seed_path(s).read_text(encoding="utf-8") for s in SEED_IDS]
    for k in range(40):
        sub = root / ("区县" if k % 3 else "部门") / f"单位{k % 7}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"report{k}.txt").write_bytes(variant(seeds[k % 5], k))
    (root / "部门" / "副本.txt").write_bytes(seed_path("000").read_bytes())
    (root / "区县" / "另一个副本.txt").write_bytes(seed_path("000").read_bytes())
    (root / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj <<")
    (root / "empty.txt").write_bytes(b"")
    with zipfile.ZipFile(root / "乡镇.zip", "w") as z:
        z.writestr("乡镇/甲镇.txt", variant(seeds[1], 100))
        z.writestr("../../etc/乙镇.txt", variant(seeds[2], 101))
        z.writestr("inner.zip", (root / "empty.txt").read_bytes() or b"PK\x03\x04" + b"\x00" * 30)
        z.writestr("__MACOSX/._甲镇.txt", b"junk")
    (root / "坏压缩包.zip").write_bytes(b"PK\x03\x04 this is not a zip")
    return root


SOURCES = 40 + 2 + 2 + 3 + 1  # files and copies, broken files, archive members, the broken archive


def test_ingest_stores_every_file_once_and_twice_changes_nothing(folder: Path, tmp_path: Path) -> None:
    engine = fresh(f"sqlite:///{tmp_path / 'c.db'}")
    first = ingest(engine, [str(folder)], jobs=2)
    assert first.total == SOURCES
    assert first.duplicates == 1 and first.read == 40 + 1 + 2 + 1 + 1  # one copy of seed 000 read; the other copy
    # is a duplicate; broken.pdf and empty.txt are read (and unreadable); both archive members and the nested one
    assert first.failed == 2  # the nested archive is not opened; the broken archive cannot be listed
    before = dump(engine)
    assert len(before["corpus_blob"]) == 40 + 1 + 2 + 2  # the variants, seed 000 once, the two broken files, the
    # two archive members (the nested archive gave no bytes)
    second = ingest(engine, [str(folder)], jobs=2)
    assert second.read == 0 and second.already == first.read + first.duplicates
    assert dump(engine) == before
    names = {r[2] for r in before["corpus_source"]}  # (location, kind, name, …)
    assert "乡镇.zip/etc/乙镇.txt" in names  # "../" is no way out of the archive: it is dropped from the label
    assert not any("__MACOSX" in n for n in names)


def test_on_postgresql_the_workers_write_and_the_database_is_the_same(folder: Path, tmp_path: Path,
                                                                      postgres_url: str) -> None:
    """On PostgreSQL each worker writes its own outcomes; the rows are those of one process on SQLite."""
    whole = fresh(f"sqlite:///{tmp_path / 'whole.db'}")
    ingest(whole, [str(folder)], jobs=1)
    engine = fresh(postgres_url)
    try:
        counts = ingest(engine, [str(folder)], jobs=2)
        assert (counts.total, counts.read, counts.duplicates) == (SOURCES, 45, 1)
        assert dump(engine) == dump(whole)
        assert ingest(engine, [str(folder)], jobs=2).read == 0
    finally:
        engine.dispose()


def test_the_stores_own_sqlite_file_is_never_ingested(tmp_path: Path) -> None:
    (tmp_path / "r.txt").write_bytes(seed_path("000").read_bytes())
    engine = fresh(f"sqlite:///{tmp_path / 'ogi.db'}")
    counts = ingest(engine, [str(tmp_path)])
    assert (counts.total, counts.read, counts.errors) == (1, 1, 0)


def test_errors_name_each_bad_file_with_its_reason(folder: Path, tmp_path: Path) -> None:
    from ogi.corpus.api import Corpus

    corpus = Corpus(fresh(f"sqlite:///{tmp_path / 'c.db'}"))
    corpus.ingest([str(folder)], jobs=1)
    errors = corpus.errors()
    by_file = dict(zip(errors["file"], errors["reason"], strict=True))
    assert set(by_file) == {"broken.pdf", "empty.txt", "坏压缩包.zip", "乡镇.zip/inner.zip"}
    assert "文件为空" in by_file["empty.txt"]
    assert "压缩包" in by_file["坏压缩包.zip"] and "压缩包中的压缩包" in by_file["乡镇.zip/inner.zip"]
    assert all(reason.startswith(f"{name}：") for name, reason in by_file.items())


def test_values_reach_the_store_and_the_export_as_printed(folder: Path, tmp_path: Path) -> None:
    """Checked against the seed's truth, typed by hand from the published report (tests/fixtures/truth)."""
    import pandas as pd

    from ogi.corpus.api import Corpus
    from ogi.corpus.export import ExportForm, What, export

    corpus = Corpus(fresh(f"sqlite:///{tmp_path / 'c.db'}"))
    corpus.ingest([str(seed_path("000"))])
    want = truth("000")
    cells = corpus.cells(table="table3", row="new_received")
    got = dict(zip(cells["column"], cells["value"], strict=True))
    assert got == {k: float(v) for k, v in want["table3"]["new_received"].items()}
    report = corpus.reports().iloc[0]
    assert (report["agency"], report["year"]) == (want["metadata"]["agency"], want["metadata"]["report_year"])
    for form in ExportForm:
        path = tmp_path / f"r.{form.value}"
        with corpus.engine.connect() as conn:
            assert export(conn, What.REPORTS, form, path) == 1
        frame = {"csv": lambda p: pd.read_csv(p, encoding="utf-8-sig"), "xlsx": pd.read_excel,
                 "parquet": pd.read_parquet}[form.value](path)
        assert frame.loc[0, "table3.new_received.total"] == float(want["table3"]["new_received"]["total"])
        assert frame.loc[0, "agency"] == want["metadata"]["agency"]


def _ogi(*args: str | Path, **kw) -> subprocess.Popen:  # noqa: ANN003
    return subprocess.Popen([sys.executable, "-m", "ogi", *map(str, args)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **kw)


def _readings(url: str) -> int:
    engine = connect(url)
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT count(*) FROM corpus_reading")).scalar() or 0
    except Exception:  # noqa: BLE001 - the schema may not be there yet
        return 0
    finally:
        engine.dispose()


def _kill_midway(url: str, folder: Path, at: int, *extra: str) -> None:
    proc = _ogi("ingest", folder, "--db", url, "-j", "2", *extra, start_new_session=True)
    deadline = time.monotonic() + 240
    while _readings(url) < at and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    if proc.poll() is not None:
        out, err = proc.communicate()
        pytest.fail(f"the ingest ended before it could be killed: {proc.returncode} {err[-2000:]}")
    os.killpg(proc.pid, signal.SIGKILL)  # the parent and its workers, as a power cut would
    proc.communicate()


@pytest.fixture(scope="module")
def big_folder(folder: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The collection and 300 more variants: long enough an ingest to be killed in the middle on any machine."""
    root = tmp_path_factory.mktemp("big")
    seeds = [seed_path(s).read_text(encoding="utf-8") for s in SEED_IDS]
    for k in range(300):
        (root / f"more{k}.txt").write_bytes(variant(seeds[k % 5], 1000 + k))
    shutil.copytree(folder, root / "collection")
    return root


@pytest.mark.slow
@pytest.mark.parametrize("db", ["sqlite", "postgresql"])
def test_kill_9_midway_then_the_same_command_gives_the_same_database(big_folder: Path, tmp_path: Path,
                                                                     request: pytest.FixtureRequest, db: str) -> None:
    whole = fresh(f"sqlite:///{tmp_path / 'whole.db'}")
    ingest(whole, [str(big_folder)], jobs=1)
    url = f"sqlite:///{tmp_path / 'killed.db'}" if db == "sqlite" else request.getfixturevalue("postgres_url")
    fresh(url).dispose()
    _kill_midway(url, big_folder, at=20)
    assert 20 <= _readings(url) < 345
    resumed = _ogi("ingest", big_folder, "--db", url, "--json")
    stdout, stderr = resumed.communicate(timeout=300)
    assert resumed.returncode == 2 and "Traceback" not in stderr  # 2: there are bad files among them
    figures = json.loads(stdout)
    assert figures["read"] + figures["already_stored"] + figures["duplicates"] + figures["failed"] == SOURCES + 300
    killed = connect(url)
    try:
        assert dump(killed) == dump(whole)
    finally:
        killed.dispose()


@pytest.mark.slow
def test_a_dask_worker_killed_midway_loses_nothing(folder: Path, tmp_path: Path, postgres_url: str) -> None:
    from distributed import Client, LocalCluster

    from ogi.corpus.dask_ingest import ingest_on_cluster

    whole = fresh(f"sqlite:///{tmp_path / 'whole.db'}")
    ingest(whole, [str(folder)], jobs=1)
    engine = fresh(postgres_url)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        result: dict = {}
        run = threading.Thread(target=lambda: result.update(
            counts=ingest_on_cluster(engine, [str(folder)], scheduler=cluster.scheduler_address)))
        run.start()
        deadline = time.monotonic() + 240
        while _readings(postgres_url) < 8 and time.monotonic() < deadline:
            time.sleep(0.05)
        killed_at = _readings(postgres_url)
        victim = next(iter(client.run(os.getpid).values()))
        os.kill(victim, signal.SIGKILL)  # the nanny starts another; its tasks run again elsewhere
        run.join(timeout=300)
    assert not run.is_alive()
    try:
        assert killed_at < 45, "the worker was killed after the work was done"
        assert result["counts"].done == SOURCES
        assert dump(engine) == dump(whole)
    finally:
        engine.dispose()


class _Pages(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def test_a_list_of_urls_is_downloaded_and_stored_with_its_source(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "r.txt").write_bytes(seed_path("001").read_bytes())
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), lambda *a: _Pages(*a, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_port}"
        listing = tmp_path / "urls.txt"
        listing.write_text(f"# 一个城市的报告\n{base}/r.txt\n\n{base}/missing.txt\n", encoding="utf-8")
        engine = fresh(f"sqlite:///{tmp_path / 'c.db'}")
        counts = ingest(engine, [str(listing)], jobs=2)
        assert (counts.total, counts.read, counts.failed) == (2, 1, 1)
        with engine.connect() as conn:
            rows = dict(conn.execute(text("SELECT location, coalesce(error, url) FROM corpus_source")).all())
        assert rows[f"{base}/r.txt"] == f"{base}/r.txt"
        assert "404" in rows[f"{base}/missing.txt"]
        again = ingest(engine, [str(listing)], jobs=1)
        assert (again.already, again.failed) == (1, 1)  # a failed download is tried again; a stored one is not
    finally:
        server.shutdown()
        server.server_close()


def test_reparse_reads_again_only_what_a_newer_reader_changes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import ogi.versions
    from ogi.corpus.api import Corpus
    from ogi.corpus.reparse import outdated
    from ogi.render import render

    html = tmp_path / "r.html"
    from ogi.api import parse_file
    html.write_bytes(render(parse_file(seed_path("002")), "html"))
    corpus = Corpus(fresh(f"sqlite:///{tmp_path / 'c.db'}"))
    corpus.ingest([str(seed_path(s)) for s in SEED_IDS] + [str(html)])
    assert outdated(corpus.engine) == []
    old = set(corpus.reports()["version"])
    monkeypatch.setitem(ogi.versions.READERS, "text", 99)  # a newer text reader
    assert len(outdated(corpus.engine)) == 5  # the text reports; not the HTML page
    counts = corpus.reparse(jobs=1)
    assert (counts.total, counts.read) == (5, 5)
    versions = corpus.reports()["version"].value_counts().to_dict()
    rest = f".x{ogi.versions.EXTRACT}.c{ogi.versions.CHECK}"
    assert versions == {f"text99{rest}": 5, f"html1{rest}": 1}
    with corpus.engine.connect() as conn:  # the old readings are kept, no longer current
        kept = conn.execute(text("SELECT count(*) FROM corpus_reading WHERE NOT current")).scalar()
    assert kept == 5 and old == {f"text1{rest}", f"html1{rest}"}
    assert corpus.reparse(jobs=1).total == 0
