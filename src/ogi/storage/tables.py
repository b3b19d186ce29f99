"""Every table ogi stores, gathered on one metadata: what the migrations and their test compare against."""

from __future__ import annotations

from sqlalchemy import MetaData

__all__ = ["all_tables"]


def all_tables() -> MetaData:
    """Return the metadata holding the office register's, the corpus's and the web application's tables."""
    import ogi.corpus.records
    import ogi.office.records
    import ogi.web.batch_records
    import ogi.web.records  # noqa: F401 - importing them puts their tables on Base.metadata
    from ogi.storage.base import Base

    return Base.metadata
