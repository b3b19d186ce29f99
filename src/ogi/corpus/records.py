"""The corpus's tables: original files stored once by content, where each came from, what each reading of it gave.

Every identity is natural (the SHA-256 of the bytes, the source's location, the reader version), so two ingests of
the same files — in any order, interrupted or not, by one process or a cluster — leave the same rows; the one
counter, a reading's id, only keys its cells compactly and is never shown as an identity.
A reading is never overwritten: `ogi corpus reparse` adds the reading of a newer reader beside the old one and
then marks it current, in one transaction.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from ogi.storage.base import Base

__all__ = ["Blob", "CellRecord", "Reading", "SearchText", "SourceRecord", "UnitList"]


class Blob(Base):
    """The bytes of one original file, stored once whatever its names."""

    __tablename__ = "corpus_blob"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    form: Mapped[str] = mapped_column(String(16))  # pdf / docx / doc / html / text, by content
    data: Mapped[bytes] = mapped_column(LargeBinary)
    first_seen: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class SourceRecord(Base):
    """One place a file was found: a path, a member of a zip archive, or a URL. A source that gave no bytes
    (unreadable path, failed download, broken archive member) keeps its error and no blob."""

    __tablename__ = "corpus_source"

    location: Mapped[str] = mapped_column(Text, primary_key=True)  # path, "archive.zip!member" or URL
    kind: Mapped[str] = mapped_column(String(8))  # file / zip / url
    name: Mapped[str] = mapped_column(Text)  # the file name shown to people
    sha256: Mapped[str | None] = mapped_column(ForeignKey("corpus_blob.sha256"), index=True, default=None)
    url: Mapped[str | None] = mapped_column(Text, default=None)  # where the bytes were downloaded from
    error_code: Mapped[str | None] = mapped_column(String(64), default=None)
    error: Mapped[str | None] = mapped_column(Text, default=None)  # the Chinese message
    seen: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class Reading(Base):
    """What one version of ogi's readers made of one blob: the model, the findings, the identification."""

    __tablename__ = "corpus_reading"
    __table_args__ = (Index("ix_corpus_reading_current", "current", "year"),
                      UniqueConstraint("sha256", "version", name="uq_corpus_reading_sha256_version"))

    id: Mapped[int] = mapped_column(primary_key=True)  # a short key for the cells; (sha256, version) is the identity
    sha256: Mapped[str] = mapped_column(ForeignKey("corpus_blob.sha256"))
    version: Mapped[str] = mapped_column(String(64))  # ogi.versions.reading_version
    current: Mapped[bool] = mapped_column(Boolean)
    status: Mapped[str] = mapped_column(String(16))  # read / unreadable
    error_code: Mapped[str | None] = mapped_column(String(64), default=None)
    error: Mapped[str | None] = mapped_column(Text, default=None)
    agency: Mapped[str | None] = mapped_column(Text, default=None)
    agency_kind: Mapped[str | None] = mapped_column(String(32), default=None)
    division_code: Mapped[str | None] = mapped_column(String(12), default=None, index=True)
    year: Mapped[int | None] = mapped_column(Integer, default=None)
    format_version: Mapped[str | None] = mapped_column(String(8), default=None)
    date_of_issue: Mapped[dt.date | None] = mapped_column(Date, default=None)
    errors: Mapped[int] = mapped_column(Integer, default=0)  # findings by severity
    warnings: Mapped[int] = mapped_column(Integer, default=0)
    notices: Mapped[int] = mapped_column(Integer, default=0)
    timeliness: Mapped[str | None] = mapped_column(String(16), default=None)  # on_time / late / premature / unknown
    days_late: Mapped[int | None] = mapped_column(Integer, default=None)
    metrics: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)  # ogi.corpus.metrics, per report
    model: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)  # the report's JSON, zlib-compressed
    findings: Mapped[list[Any] | None] = mapped_column(JSON, default=None)
    identity: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    text: Mapped[str | None] = mapped_column(Text, default=None)  # the sections' prose, for search and 雷同
    read_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class CellRecord(Base):
    """One cell of the three tables as read, with its source: what the export and the queries count."""

    __tablename__ = "corpus_cell"

    reading_id: Mapped[int] = mapped_column(ForeignKey("corpus_reading.id"), primary_key=True)
    table: Mapped[str] = mapped_column(String(16), primary_key=True)
    row: Mapped[str] = mapped_column(String(64), primary_key=True)
    column: Mapped[str] = mapped_column(String(64), primary_key=True)  # "" for a row read without columns
    value: Mapped[Decimal | None] = mapped_column(Numeric(18, 4), default=None)
    status: Mapped[str] = mapped_column(String(16))  # number / blank / dash / text / unreadable / missing / group
    text: Mapped[str | None] = mapped_column(Text, default=None)  # as printed
    page: Mapped[int | None] = mapped_column(Integer, default=None)
    line: Mapped[int | None] = mapped_column(Integer, default=None)


class SearchText(Base):
    """The text full-text search looks in, per reading: the preamble, the six sections (headings and prose) and
    the tables' row labels as printed (ogi.corpus.search.body_of). SQLite searches it through the FTS5 table
    corpus_search_fts (trigram tokenizer, kept in step by triggers), PostgreSQL through a pg_trgm GIN index;
    both made by migration 0007, which is why neither appears here."""

    __tablename__ = "corpus_search"

    reading_id: Mapped[int] = mapped_column(ForeignKey("corpus_reading.id"), primary_key=True)
    body: Mapped[str] = mapped_column(Text)


class UnitList(Base):
    """A supervisor's list of the units of a region (ogi.corpus.units), uploaded once and kept: the region page
    lists the units with no report. A new upload for the region is a new row; the newest one is used."""

    __tablename__ = "corpus_unit_list"

    id: Mapped[int] = mapped_column(primary_key=True)
    region: Mapped[str] = mapped_column(String(12), index=True)  # the division code prefix it is the list of
    file_name: Mapped[str] = mapped_column(Text)
    units: Mapped[list[Any]] = mapped_column(JSON)  # ogi.corpus.units.Unit, as JSON
    uploaded_by: Mapped[str] = mapped_column(String(64))
    uploaded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
