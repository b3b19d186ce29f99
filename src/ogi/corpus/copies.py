"""雷同 across the stored corpus: current reports' sections put in one SimilarityIndex (ogi.corpus.similar), and the
pairs of sections copied from another agency or from the agency's own earlier report, with the passages.

What every report shares (the national template's sentences) is learned from the corpus itself, so a question about
one agency still indexes other reports: its own years alone would make its own repeated text look like template."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select

from ogi.corpus.query import filtered, report
from ogi.corpus.records import Reading
from ogi.corpus.similar import SimilarityIndex, SimilarPair

__all__ = ["find_copies"]


def find_copies(conn: Connection, *, involving: set[str] | None = None, others: int = 1000,
                **filters: Any) -> list[SimilarPair]:
    """Given a connection and the filters of ogi.corpus.query (year, agency, division), return the copied
    sections among the reports they select, each pair once, most copied first; a report is known by its sha256.

    With `involving` (sha256s): only pairs with one of those reports, which are indexed together with up to
    `others` other reports of the corpus (for the template, and for copies from other agencies)."""
    shas = [sha for (sha,) in conn.execute(filtered(select(Reading.sha256), status="read", **filters)
                                           .order_by(Reading.sha256))]
    if involving is not None:
        shas = sorted(involving) + [s for s in shas if s not in involving][:others]
    index = SimilarityIndex()
    for sha in shas:
        found = report(conn, sha)
        if found is not None:
            index.add(sha, found)
    pairs = index.pairs()
    if involving is not None:
        pairs = [p for p in pairs if p.a.report_id in involving or p.b.report_id in involving]
    return sorted(pairs, key=lambda p: (-p.copied_chars, p.a.report_id, p.b.report_id))
