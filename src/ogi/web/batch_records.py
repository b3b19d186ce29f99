"""The tables of batch uploads (ogi.web.batches): a batch and one row per file, so that the progress lives in
the database, shared by every server process, and survives a restart."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ogi.storage.base import Base

__all__ = ["Batch", "BatchItem"]


class Batch(Base):
    """One batch upload: who sent it, when, how many files; `heartbeat` is written by the process reading it."""

    __tablename__ = "web_batch"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner: Mapped[str] = mapped_column(String(64), index=True)
    label: Mapped[str] = mapped_column(Text)  # the names sent, for the list of batches
    state: Mapped[str] = mapped_column(String(16))  # running / done (interrupted: running with a stale heartbeat)
    total: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    heartbeat: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), default=None)


class BatchItem(Base):
    """One file of a batch: pending with its bytes, then read / unreadable (stored as a corpus report) or failed
    (refused before reading: too large, a zip bomb, a broken archive), with the Chinese reason."""

    __tablename__ = "web_batch_item"
    __table_args__ = (Index("ix_web_batch_item_batch_status", "batch_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("web_batch.id"))
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(Text)  # a label only, never a path
    size: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(16))  # pending / read / unreadable / failed
    sha256: Mapped[str | None] = mapped_column(String(64), default=None)
    error: Mapped[str | None] = mapped_column(Text, default=None)
    data: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)  # dropped once read
