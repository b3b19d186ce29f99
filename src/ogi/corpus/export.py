"""`ogi corpus export`: the corpus as files a researcher opens — CSV (UTF-8 with BOM, which Excel reads), XLSX,
Parquet — one row per report (with every table cell as a column named by its stable keys,
`table3.new_received.total`), or one row per cell.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection

from ogi.corpus import query

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["ExportForm", "What", "export", "wide_reports"]

_XLSX_MAX_ROWS = 1_048_575  # the sheet's limit, less the header


class ExportForm(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"
    PARQUET = "parquet"


class What(StrEnum):
    REPORTS = "reports"
    CELLS = "cells"


def wide_reports(conn: Connection, **filters: Any) -> pd.DataFrame:
    """One row per report: its identification and findings, then one column per table cell (`table.row.column`)."""
    frame = query.reports(conn, **filters)
    cells = query.cells(conn, **filters)
    cells = cells[cells["column"] != ""]
    if cells.empty:
        return frame
    cells = cells.assign(key=cells["table"] + "." + cells["row"] + "." + cells["column"])
    wide = cells.pivot_table(index="sha256", columns="key", values="value", aggfunc="first", sort=False)
    wide = wide.reindex(columns=list(dict.fromkeys(cells["key"])))  # layout order, not alphabetical
    return frame.merge(wide, how="left", left_on="sha256", right_index=True)


def export(conn: Connection, what: What, form: ExportForm, path: Path, **filters: Any) -> int:
    """Write the export; return the number of rows written. Raises WriteError naming the file."""
    from ogi.errors import WriteError
    from ogi.fileio import write_atomic

    frame = wide_reports(conn, **filters) if what is What.REPORTS else query.cells(conn, **filters)
    if form is ExportForm.XLSX and len(frame) > _XLSX_MAX_ROWS:
        raise WriteError(path.name, f"共 {len(frame):,} 行，超过 Excel 工作表的上限 {_XLSX_MAX_ROWS:,} 行；"
                                    "请改用 CSV 或 Parquet，或按年度筛选")
    write_atomic(path, _bytes(frame, form))
    return len(frame)


def _bytes(frame: pd.DataFrame, form: ExportForm) -> bytes:
    import io

    buf = io.BytesIO()
    if form is ExportForm.CSV:
        buf.write(frame.to_csv(index=False).encode("utf-8-sig"))
    elif form is ExportForm.XLSX:
        frame.to_excel(buf, index=False, sheet_name="reports" if "file" in frame.columns else "cells")
    else:
        frame.to_parquet(buf, index=False)
    return buf.getvalue()
