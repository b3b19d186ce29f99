"""Every table ogi stores, gathered on one metadata: what the migrations and their test compare against."""

from __future__ import annotations

from sqlalchemy import MetaData

__all__ = ["all_tables", "declared"]

# made by migration 0007 in one dialect's own SQL (an FTS5 table and its shadow tables, a pg_trgm index)
_UNDECLARED = ("corpus_search_fts", "ix_corpus_search_trgm")


def all_tables() -> MetaData:
    """Return the metadata holding the office register's, the corpus's and the web application's tables."""
    import ogi.corpus.corrections
    import ogi.corpus.records
    import ogi.office.annual
    import ogi.office.notices
    import ogi.office.portal
    import ogi.office.records
    import ogi.web.batch_records
    import ogi.web.portal_guard
    import ogi.web.records  # noqa: F401 - importing them puts their tables on Base.metadata
    from ogi.storage.base import Base

    return Base.metadata


def declared(name: str | None, _type: str, _parents: object) -> bool:
    """Alembic's include_name: compare every table and index but those no record declares (_UNDECLARED)."""
    return not (name or "").startswith(_UNDECLARED)
