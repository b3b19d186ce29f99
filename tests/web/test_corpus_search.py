"""Full-text search in the database: migration 0007 goes down and up and, on the way up, indexes the readings
stored before it; a reading that is no longer current (after `ogi corpus reparse`) is not found; on SQLite and
PostgreSQL."""

from __future__ import annotations

from sqlalchemy import inspect, update

from ogi.corpus.records import Reading
from ogi.corpus.search import search
from ogi.storage.db import connect

from .corpus_support import ANYANG, SAMPLES, ingest_files
from .support import migrate_step


def _found(engine, phrase: str) -> set[str]:  # noqa: ANN001
    with engine.connect() as conn:
        return {hit.agency for hit in search(conn, phrase, per_page=100).items}


def test_0007_downgrades_and_upgrades_and_indexes_what_was_stored_before(db_url: str) -> None:
    engine = connect(db_url)
    migrate_step(engine, "head", up=True)
    ingest_files(db_url, SAMPLES)
    assert _found(engine, "安阳科技网") == {ANYANG}
    migrate_step(engine, "0005", up=False)
    tables = set(inspect(engine).get_table_names())
    assert not {"corpus_search", "corpus_search_fts", "corpus_unit_list"} & tables and "corpus_reading" in tables
    migrate_step(engine, "head", up=True)
    assert _found(engine, "安阳科技网") == {ANYANG}, "the readings stored before 0007 are indexed by it"
    assert _found(engine, "科技网") == {ANYANG} and len(_found(engine, "公开")) == 5
    engine.dispose()


def test_only_current_readings_are_found(db_url: str) -> None:
    engine = connect(db_url)
    migrate_step(engine, "head", up=True)
    ingest_files(db_url, SAMPLES)
    with engine.begin() as conn:  # what reparse does to the older reading once the newer one is stored
        conn.execute(update(Reading).where(Reading.agency == ANYANG).values(current=False))
    assert _found(engine, "安阳科技网") == set() and ANYANG not in _found(engine, "公开")
    engine.dispose()


def test_control_characters_in_a_query_separate_terms(db_url: str) -> None:
    """A NUL typed (or fuzzed) into the box once ended SQLite's FTS5 query mid-string: a 500."""
    engine = connect(db_url)
    migrate_step(engine, "head", up=True)
    ingest_files(db_url, SAMPLES)
    assert _found(engine, "安阳科技网\x00") == _found(engine, "安阳科技网") == {ANYANG}
    assert _found(engine, "00\x00") == _found(engine, "00")
    engine.dispose()
