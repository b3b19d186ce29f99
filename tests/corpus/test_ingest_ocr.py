"""Scans in the corpus, for real (the `ocr` extra, SQLite and PostgreSQL): `ogi ingest` reads an image-only PDF
by OCR in its worker process, each value equal to the born-digital reading of the same page or its row flagged;
a scan stored unreadable without OCR is marked so, and `ogi corpus reparse` with OCR reads it."""

from __future__ import annotations

import sys
import zlib
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from ogi.corpus.ingest import ingest
from ogi.corpus.records import Reading
from ogi.corpus.reparse import outdated, reparse
from ogi.model.report import Report
from ogi.read.ocr import ocr_available
from ogi.versions import NO_OCR, reading_version

from .test_ingest import fresh

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "read"))
from ocr_support import SEED_000, one_page, scan, seed000_pdf  # noqa: E402, F401 - seed000_pdf: the fixture
from test_ocr_corpus import compare  # noqa: E402 - values read against the original's, wrong ones named

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not ocr_available(), reason="未安装文字识别组件（pip install \"ogi[ocr]\"），跳过"),
    pytest.mark.skipif(not SEED_000.is_file(), reason="未找到 ../shared/seeds（种子报告），跳过"),
]


@pytest.fixture(scope="module")
def pages(seed000_pdf: bytes, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:  # noqa: F811
    """Page 3 of seed 000 (table 二 and the head of table 三) born-digital, and the same page scanned at 150 dpi."""
    folder = tmp_path_factory.mktemp("scans")
    born = one_page(seed000_pdf, 2)
    (folder / "原件.pdf").write_bytes(born)
    (folder / "扫描件.pdf").write_bytes(scan(born, 150, "corpus-ingest:150"))
    return folder / "原件.pdf", folder / "扫描件.pdf"


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Engine:
    url = f"sqlite:///{tmp_path / 'c.db'}" if request.param == "sqlite" else request.getfixturevalue("postgres_url")
    e = fresh(url)
    yield e
    e.dispose()


def _current(engine: Engine, path: Path) -> Reading:
    import hashlib

    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    with engine.connect() as conn:
        return conn.execute(select(Reading).where(Reading.sha256 == sha, Reading.current.is_(True))).one()


def _model(reading: Reading) -> Report:
    return Report.from_json(zlib.decompress(reading.model))


def _assert_values_as_the_original(engine: Engine, born: Path, scanned: Path) -> None:
    seen = _current(engine, scanned)
    assert seen.status == "read" and seen.version == reading_version("pdf"), (seen.status, seen.error)
    read, total, wrong = compare(_model(_current(engine, born)), _model(seen))
    assert wrong == []  # never a wrong value: equal to the original's, or its row flagged
    # the page prints 10 values in table 二 and more in the head of table 三; at 150 dpi most are read
    assert total >= 10 and read >= total // 2, (read, total)


def test_ingest_reads_a_scan_by_ocr_in_its_worker(engine: Engine, pages: tuple[Path, Path]) -> None:
    born, scanned = pages
    counts = ingest(engine, [str(born.parent)], jobs=2, ocr="auto")  # two workers: one file each
    assert (counts.read, counts.unreadable) == (2, 0)
    _assert_values_as_the_original(engine, born, scanned)
    assert outdated(engine, ocr="auto") == []


def test_a_scan_stored_without_ocr_is_read_by_reparse_with_it(engine: Engine, pages: tuple[Path, Path]) -> None:
    born, scanned = pages
    counts = ingest(engine, [str(born.parent)], jobs=1, ocr="never")
    assert (counts.read, counts.unreadable) == (2, 1)
    stored = _current(engine, scanned)
    assert (stored.status, stored.error_code) == ("unreadable", "read.no_text_layer")
    assert stored.version == reading_version("pdf") + NO_OCR  # marked: read without OCR
    assert "ogi[ocr]" in stored.error  # the message names the extra
    assert _current(engine, born).version == reading_version("pdf")  # a born-digital PDF is not marked
    assert outdated(engine, ocr="never") == []  # nothing to do while scans cannot be read
    assert ingest(engine, [str(born.parent)], ocr="auto").already == 2  # ingest never reads a file twice
    assert [form for _sha, form in outdated(engine, ocr="auto")] == ["pdf"]  # reparse is what does

    again = reparse(engine, jobs=1, ocr="auto")
    assert (again.total, again.read, again.unreadable) == (1, 1, 0)
    _assert_values_as_the_original(engine, born, scanned)
    with engine.connect() as conn:  # the reading without OCR is kept, no longer current
        kept = conn.execute(select(Reading.version).where(Reading.current.is_(False))).scalars().all()
    assert kept == [reading_version("pdf") + NO_OCR]
    assert reparse(engine, jobs=1, ocr="auto").total == 0
