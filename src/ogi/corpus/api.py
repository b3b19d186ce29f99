"""The corpus for researchers, in Python: ``ogi.corpus.open(url).cells(year=2023)`` returns a pandas DataFrame.

    >>> import ogi.corpus
    >>> corpus = ogi.corpus.open("sqlite:///ogi.db")       # or postgresql://…, or none: OGI_DATABASE_URL
    >>> corpus.ingest(["reports/"], jobs=2)                 # files, folders, zip archives, URL lists
    >>> corpus.reports(year=2023)                           # one row per report
    >>> new = corpus.cells(year=2023, table="table3", row="new_received", column="total")
    >>> new.groupby("division_code")["value"].sum()
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd
    from sqlalchemy import Engine

    from ogi.corpus.ingest import Progress

__all__ = ["Corpus", "open"]


class Corpus:
    """A corpus store: reading it gives DataFrames; `ingest` and `reparse` add to it."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def _read(self, fn: Any, **kw: Any) -> pd.DataFrame:
        with self.engine.connect() as conn:
            return fn(conn, **kw)

    def reports(self, **filters: Any) -> pd.DataFrame:
        """One row per report; filters: year, agency (part of the name), division (GB/T 2260 code), status."""
        from ogi.corpus.query import reports
        return self._read(reports, **filters)

    def wide(self, **filters: Any) -> pd.DataFrame:
        """One row per report with every table cell as a column named `table.row.column`."""
        from ogi.corpus.export import wide_reports
        return self._read(wide_reports, **filters)

    def cells(self, **filters: Any) -> pd.DataFrame:
        """One row per cell; filters as `reports`, and table, row, column (the stable keys of docs/keys.md)."""
        from ogi.corpus.query import cells
        return self._read(cells, **filters)

    def errors(self) -> pd.DataFrame:
        """Every file that could not be read, with its reason."""
        from ogi.corpus.query import errors
        return self._read(errors)

    def stats(self, **filters: Any) -> pd.DataFrame:
        """The headline table per report year."""
        from ogi.corpus.query import stats
        return self._read(stats, **filters)

    def ingest(self, sources: list[str], *, jobs: int = 1, ocr: str = "never") -> Progress:
        from ogi.corpus.ingest import ingest
        return ingest(self.engine, sources, jobs=jobs, ocr=ocr)

    def reparse(self, *, jobs: int = 1, ocr: str = "never") -> Progress:
        from ogi.corpus.reparse import reparse
        return reparse(self.engine, jobs=jobs, ocr=ocr)


def open(url: str | None = None) -> Corpus:  # noqa: A001 - ogi.corpus.open, as the docs say
    """Given a database URL (or none: OGI_DATABASE_URL, else sqlite:///ogi.db), return its corpus, migrated."""
    from ogi.storage.db import ready

    return Corpus(ready(url))
