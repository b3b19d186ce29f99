"""Full-text search over the corpus's report texts (Chinese), in the database itself — no search server.

What is searched, per reading: the preamble, the six sections (headings and prose) and the tables' row labels as
printed (`body_of`), kept in corpus_search. SQLite looks terms of 3 characters or more up in an FTS5 table with the
trigram tokenizer (it matches any substring, which is what Chinese without word breaks needs); PostgreSQL in a
pg_trgm GIN index with ILIKE. A term shorter than 3 characters has no trigram: it is matched with LIKE (a scan of
the texts, still exact). Several terms separated by spaces must all occur. Only current readings are found.
"""

from __future__ import annotations

import json
import re
import zlib
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Connection, Integer, and_, func, select, text, true

from ogi.corpus.records import Reading, SearchText

__all__ = ["MAX_QUERY", "SearchHit", "SearchPage", "body_of", "search", "search_terms",
           "segments"]

MAX_QUERY = 100  # characters of a query
MAX_TERMS = 5
SNIPPET_BEFORE, SNIPPET_AFTER = 40, 100
TRIGRAM = 3
_ESCAPE = "/"


def body_of(text_: str | None, model: bytes | None) -> str:
    """Given a reading's stored text (preamble and sections, as ogi.corpus.work stores it) and its model (zlib
    JSON), return what search looks in: that text, then the tables' row labels as printed, one a line."""
    labels: list[str] = []
    if model:
        data = json.loads(zlib.decompress(model))
        for table in (data.get("tables") or {}).values():
            for row in [*(table.get("rows") or {}).values(), *(table.get("groups") or {}).values()]:
                label = row.get("printed_label")
                if label and label not in labels:
                    labels.append(label)
    return "\n".join(part for part in [text_ or "", "\n".join(labels)] if part)


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def search_terms(query: str) -> list[str]:
    """Given what a person typed, return the terms searched for: split on spaces and control characters (a NUL
    is in no stored text, and FTS5 takes it for the end of the query), duplicates dropped, at most MAX_TERMS, the
    whole cut to MAX_QUERY characters."""
    terms: list[str] = []
    for term in _CONTROL.sub(" ", query[:MAX_QUERY]).split():
        if term not in terms:
            terms.append(term)
    return terms[:MAX_TERMS]


def _like(term: str) -> str:
    return "%" + term.replace(_ESCAPE, _ESCAPE * 2).replace("%", _ESCAPE + "%").replace("_", _ESCAPE + "_") + "%"


def _term_condition(conn: Connection, terms: list[str]) -> ColumnElement[bool]:
    conds: list[ColumnElement[bool]] = []
    if conn.dialect.name == "sqlite":
        long = [t for t in terms if len(t) >= TRIGRAM]
        if long:  # an FTS5 phrase per term ("" doubles a quote): the trigram index finds the substring
            phrase = " ".join('"' + t.replace('"', '""') + '"' for t in long)
            conds.append(SearchText.reading_id.in_(
                text("SELECT rowid FROM corpus_search_fts WHERE corpus_search_fts MATCH :phrase")
                .bindparams(phrase=phrase).columns(rowid=Integer)))
        conds += [SearchText.body.like(_like(t), escape=_ESCAPE) for t in terms if len(t) < TRIGRAM]
    else:  # PostgreSQL: through the GIN trigram index for 3 characters and more; ILIKE only for a term with
        # letters that have a case (LIKE is several times faster on Chinese, which has none)
        conds += [SearchText.body.ilike(_like(t), escape=_ESCAPE) if t.lower() != t.upper()
                  else SearchText.body.like(_like(t), escape=_ESCAPE) for t in terms]
    return and_(true(), *conds)


@dataclass(frozen=True)
class SearchHit:
    sha256: str
    agency: str | None
    year: int | None
    division_code: str | None
    snippet: list[tuple[str, bool]]  # the passage around the first hit: (text, is a hit)


@dataclass(frozen=True)
class SearchPage:
    items: list[SearchHit]
    total: int
    page: int
    pages: int
    terms: list[str]


def search(conn: Connection, query: str, *, where: ColumnElement[bool] | None = None, page: int = 1,
           per_page: int = 20, **filters: Any) -> SearchPage:
    """Given a query, return one page of the current readings whose text holds every term (within `where`, e.g.
    a user's scope, and the filters of ogi.corpus.query.filtered), newest year first, each with its passage."""
    from ogi.corpus.query import filtered

    terms = search_terms(query)
    if not terms:
        return SearchPage([], 0, 1, 1, [])
    base = filtered(select(Reading.sha256, Reading.agency, Reading.year, Reading.division_code, SearchText.body)
                    .join(SearchText, SearchText.reading_id == Reading.id), where=where, **filters)
    base = base.where(_term_condition(conn, terms))
    total = conn.execute(select(func.count()).select_from(base.subquery())).scalar_one()
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    rows = conn.execute(base.order_by(Reading.year.desc(), Reading.agency, Reading.sha256)
                        .offset((page - 1) * per_page).limit(per_page)).all()
    items = [SearchHit(sha, agency, year, code, segments(body, terms)) for sha, agency, year, code, body in rows]
    return SearchPage(items, total, page, pages, terms)


def segments(body: str, terms: list[str], before: int = SNIPPET_BEFORE, after: int = SNIPPET_AFTER,
             ) -> list[tuple[str, bool]]:
    """Given a text and the terms, return the passage around the first occurrence of the first term as pieces
    (text, is a hit), every occurrence of any term in it a hit; the text is left as it is (the page escapes it)."""
    pattern = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)), re.IGNORECASE)
    first = re.search(re.escape(terms[0]), body, re.IGNORECASE) if terms else None
    if first is None:
        first = pattern.search(body)
    if first is None:
        return [(body[:before + after], False)]
    start, end = max(0, first.start() - before), min(len(body), first.end() + after)
    window = body[start:end]
    out: list[tuple[str, bool]] = [("…", False)] if start > 0 else []
    pos = 0
    for m in pattern.finditer(window):
        if m.start() > pos:
            out.append((window[pos:m.start()], False))
        out.append((m.group(0), True))
        pos = m.end()
    if pos < len(window):
        out.append((window[pos:], False))
    if end < len(body):
        out.append(("…", False))
    return out
