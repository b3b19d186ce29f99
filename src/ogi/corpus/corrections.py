"""Reviewers' corrections of the rows the reader could not read (人工更正): a reviewer enters the values of an
unreadable row as printed, with the reason; the correction is kept for good (never changed nor deleted, audited
under the reviewer's name) and a new reading is stored beside the reader's — its model the reader's with the
corrected rows filled in (each marked with Row.correction: who, when, why, what the reader saw), checked again —
and made current. The reader's own reading stays as it was, no longer current, and still viewable.

Versions: the corrected reading's version is the reader's with "+m<id>" (the id of the newest correction it
holds), e.g. "pdf2.x2.c1+m7"; `ogi corpus reparse` compares only the part before "+".

Reparse policy: when a newer reader reads the file again, every correction is kept, and applied to the new
reading only where that row is still unreadable; where the new reader reads the row itself, the reader's values
stand and the correction is left unapplied (still listed, with the reading it was made on). A later correction
of the same row replaces an earlier one in the corrected model; both stay in the table.
"""

from __future__ import annotations

import datetime as dt
import zlib
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Connection, DateTime, Engine, ForeignKey, String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from ogi.errors import OgiError
from ogi.model.layout import ColumnDef, TableKey, ValueType, layout_for
from ogi.model.report import Cell, CellKind, Correction, Report, Row, RowStatus, Source
from ogi.storage.base import Base

__all__ = ["CellCorrection", "CorrectionRefused", "apply_corrections", "base_version", "correct", "corrections_of",
           "reapply", "row_columns"]

MAX_REASON = 2000
MAX_VALUE = 40


class CellCorrection(Base):
    """One reviewer's values for one unreadable row of one file (column "" : the whole row, as the corpus's
    cells name a row read without columns). Never changed nor deleted; every row is in the audit log."""

    __tablename__ = "corpus_cell_correction"

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(ForeignKey("corpus_blob.sha256"), index=True)
    table: Mapped[str] = mapped_column(String(16))
    row: Mapped[str] = mapped_column(String(64))
    column: Mapped[str] = mapped_column(String(64), default="")
    values: Mapped[dict[str, Any]] = mapped_column(JSON)  # column key → the text entered, as printed
    reason: Mapped[str] = mapped_column(Text)
    by: Mapped[str] = mapped_column(String(64))
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    reading: Mapped[str] = mapped_column(String(64))  # the reader's reading corrected (its version)
    seen: Mapped[str] = mapped_column(Text, default="")  # what the reader saw in the row, as printed


class CorrectionRefused(OgiError):
    """A correction that cannot be recorded as sent."""

    code = "corpus.correction_refused"
    message_zh = "无法保存人工更正"


def base_version(version: str) -> str:
    """The reader's version of a reading: "pdf2.x2.c1+m7" → "pdf2.x2.c1"."""
    return version.split("+", 1)[0]


def row_columns(report: Report, table: str, row: str) -> tuple[ColumnDef, ...]:
    """The columns of a row in the report's layout (table 三's rows share the table's columns); () when the
    layout has no such row."""
    layout = layout_for(report.metadata.format_version)
    try:
        key = TableKey(table)
    except ValueError:
        return ()
    for rd in layout.rows(key):
        if rd.key == row:
            return rd.columns or (layout.table3_columns if key is TableKey.APPLICATIONS else ())
    return ()


def _find_row(report: Report, table: str, row: str) -> Row | None:
    try:
        found = report.tables.get(TableKey(table))
    except ValueError:
        return None
    return None if found is None else found.rows.get(row)


def _parsed(text: str, column: ColumnDef) -> Cell | None:
    from ogi.extract.values import parse_value

    got = parse_value(text)
    if got is None or got[0] is CellKind.TEXT or got[0] is CellKind.BLANK:
        return None
    kind, value = got
    if value is not None and column.value_type is ValueType.AMOUNT:
        value = Decimal(value)
    return Cell(text=text, value=value, kind=kind)


def apply_corrections(report: Report, corrections: list[CellCorrection]) -> tuple[Report, list[CellCorrection]]:
    """Given a reader's report and corrections of its file (oldest first), return the report with every
    correction of a row that is unreadable in it applied (the newest for a row wins), and those applied."""
    out = report.model_copy(deep=True)
    newest: dict[tuple[str, str], CellCorrection] = {}
    for c in corrections:
        newest[(c.table, c.row)] = c
    applied = []
    for c in newest.values():
        row = _find_row(out, c.table, c.row)
        columns = row_columns(out, c.table, c.row)
        if row is None or row.status is not RowStatus.UNREADABLE or not columns:
            continue  # the reader reads this row now: its values stand
        cells = {}
        for col in columns:
            cell = _parsed(str(c.values.get(col.key, "")), col)
            if cell is None:
                break
            cell.source = Source(line=row.source.line, page=row.source.page)
            cells[col.key] = cell
        else:
            seen = " ".join(x.text for x in row.seen)
            table = out.tables[TableKey(c.table)]
            table.rows[c.row] = row.model_copy(update={
                "status": RowStatus.OK, "cells": cells, "seen": [], "candidates": [],
                "correction": Correction(by=c.by, at=c.at, reason=c.reason, seen_text=seen, reading=c.reading)})
            applied.append(c)
    if applied:
        out.reader_notes.append(f"{len(applied)} 行由审核人员人工更正（原文无法读取）")
    return out, applied


def corrections_of(conn: Connection | Session, sha: str) -> list[CellCorrection]:
    """Every correction of a file, oldest first."""
    if isinstance(conn, Session):
        return list(conn.scalars(select(CellCorrection).where(CellCorrection.sha256 == sha)
                                 .order_by(CellCorrection.id)))
    with Session(bind=conn) as sess:
        found = list(sess.scalars(select(CellCorrection).where(CellCorrection.sha256 == sha)
                                  .order_by(CellCorrection.id)))
        sess.expunge_all()
    return found


def _reader_reading(conn: Connection, sha: str) -> Any:  # noqa: ANN401 - a Reading row
    """The reading the corrections apply to: the current one's reader version (a corrected reading's base)."""
    from ogi.corpus.records import Reading

    current = conn.execute(select(Reading.version).where(Reading.sha256 == sha, Reading.current.is_(True))).scalar()
    if current is None:
        return None
    return conn.execute(select(Reading).where(Reading.sha256 == sha,
                                              Reading.version == base_version(current))).first()


def _store_corrected(conn: Connection, reading: Any, report: Report, newest_id: int) -> None:  # noqa: ANN401
    """Check the corrected model and store it as a new current reading beside the reader's."""
    from ogi.check import check
    from ogi.corpus.records import Blob
    from ogi.corpus.store import save_outcome
    from ogi.corpus.work import Outcome, Task, fill

    form = conn.execute(select(Blob.form).where(Blob.sha256 == reading.sha256)).scalar() or ""
    name = report.source_name or reading.sha256[:12]
    out = Outcome(Task(f"sha256:{reading.sha256}", name, "stored"), sha256=reading.sha256, form=form,
                  version=f"{base_version(reading.version)}+m{newest_id}")
    fill(out, report, check(report))
    out.identity = reading.identity  # who and when the report is of is not what a correction changes
    save_outcome(conn, out)


def correct(engine: Engine, *, sha: str, table: str, row: str, values: dict[str, str], reason: str, by: str,
            at: dt.datetime) -> CellCorrection:
    """Record a reviewer's values for an unreadable row of the file's current reading (audited under the
    reviewer's name) and store the corrected reading, current, in the same transaction."""
    from ogi.storage.db import session

    reason = reason.strip()
    if not reason:
        raise CorrectionRefused(row, "请写明更正的理由（例如与原件核对的情况）")
    if len(reason) > MAX_REASON:
        raise CorrectionRefused(row, f"理由不能超过 {MAX_REASON} 个字符")
    with session(engine, actor=by) as sess:
        conn = sess.connection()
        reading = _reader_reading(conn, sha)
        if reading is None or reading.model is None:
            raise CorrectionRefused(row, "此报告没有可更正的读取结果")
        report = Report.from_json(zlib.decompress(reading.model))
        found = _find_row(report, table, row)
        if found is None or found.status is not RowStatus.UNREADABLE:
            raise CorrectionRefused(row, "只能更正读取程序标为“无法读取”的行")
        columns = row_columns(report, table, row)
        entered: dict[str, str] = {}
        wrong = []
        for col in columns:
            text = (values.get(col.key) or "").strip()
            if len(text) > MAX_VALUE or _parsed(text, col) is None:
                wrong.append(col.label)
            entered[col.key] = text
        if wrong or not columns:
            raise CorrectionRefused(row, "以下各列应填写原文所印的数字（或“/”）：" + "、".join(wrong))
        record = CellCorrection(sha256=sha, table=table, row=row, column="", values=entered, reason=reason, by=by,
                                at=at, reading=reading.version, seen=" ".join(c.text for c in found.seen))
        sess.add(record)
        sess.flush()
        corrected, _applied = apply_corrections(report, corrections_of(sess, sha))
        _store_corrected(conn, reading, corrected, record.id)
    return record


def reapply(conn: Connection, sha: str, model: bytes | None) -> None:
    """After a reader's new reading of a file is stored (reparse): apply the file's corrections to it where
    its rows are still unreadable, storing the corrected reading as current; nothing when none applies."""
    if model is None:
        return
    found = corrections_of(conn, sha)
    if not found:
        return
    reading = _reader_reading(conn, sha)
    if reading is None:
        return
    corrected, applied = apply_corrections(Report.from_json(zlib.decompress(model)), found)
    if applied:
        _store_corrected(conn, reading, corrected, max(c.id for c in found))
