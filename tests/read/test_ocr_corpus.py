"""The scan corpus: every seed and real report, aged like a scan (bench/make_scans.py), read by OCR. Each value
read equals the born-digital original's reading, or its row is unreadable: zero silent wrong values.

150 dpi for every document, 200 and 300 dpi for the first; OGI_OCR_CORPUS=full runs every resolution of every
document (slow: about a minute a document at 300 dpi on one core)."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from ogi.model.report import CellKind, Report, RowStatus
from ogi.read.ocr import ocr_available

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT / ".." / "shared"
DOCS = sorted((SHARED / "seeds").glob("*.txt")) + sorted((SHARED / "realdocs").glob("*.pdf"))
FULL = os.environ.get("OGI_OCR_CORPUS") == "full"
CASES = [(d, dpi) for i, d in enumerate(DOCS) for dpi in (150, 200, 300) if FULL or dpi == 150 or i == 0]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not ocr_available(), reason="未安装文字识别组件（pip install \"ogi[ocr]\"），跳过"),
    pytest.mark.skipif(not DOCS, reason="未找到 ../shared（种子与真实报告），跳过扫描件语料测试"),
]


def _born(doc: Path, tmp: Path) -> Path:
    if doc.suffix == ".pdf":
        return doc
    out = tmp / f"{doc.stem}.pdf"
    subprocess.run([sys.executable, "-m", "ogi", "render", "--to", "pdf", "-o", str(out), str(doc), "-j", "1"],
                   check=True, capture_output=True)
    return out


def compare(truth: Report, seen: Report) -> tuple[int, int, list[str]]:
    """Return (values read, values in the original, silent wrong values as messages)."""
    read = total = 0
    wrong: list[str] = []
    for key, table in truth.tables.items():
        got = seen.tables.get(key)
        for row_key, row in table.rows.items():
            if row.status is not RowStatus.OK:
                continue
            values = {c: cell for c, cell in row.cells.items() if cell.kind is CellKind.NUMBER}
            total += len(values)
            other = got.rows.get(row_key) if got else None
            if other is None or other.status is not RowStatus.OK:
                continue  # unreadable or missing: flagged, never silent
            for column, cell in row.cells.items():
                mine = other.cells.get(column)
                if mine is None or mine.kind is CellKind.TEXT and mine.value is None and "\ufffd" in mine.text:
                    continue  # flagged cell
                if (mine.kind, mine.value) != (cell.kind, cell.value):
                    wrong.append(f"{key}/{row_key}/{column}：原件“{cell.text}”，识别为“{mine.text}”")
                elif cell.kind is CellKind.NUMBER:
                    read += 1
    return read, total, wrong


@pytest.mark.parametrize(("doc", "dpi"), CASES, ids=[f"{d.stem[:12]}-{dpi}" for d, dpi in CASES])
def test_every_value_read_equals_the_original_or_is_flagged(doc: Path, dpi: int, tmp_path: Path) -> None:
    from ogi.api import parse_bytes

    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from make_scans import scan_pdf
    finally:
        sys.path.pop(0)
    born = _born(doc, tmp_path)
    truth = parse_bytes(born.read_bytes(), name=born.name)
    seen = parse_bytes(scan_pdf(born, dpi, random.Random(f"{born.name}:{dpi}")), name=born.name, ocr="auto")
    read, total, wrong = compare(truth, seen)
    assert total > 0  # the original has values to compare against
    assert not wrong, "\n".join(wrong)
    # the share of values read is stated by bench/bench_ocr.py; here only that OCR read a real part of it
    assert read >= total // 2, f"{dpi} dpi 仅读取 {read}/{total} 个数值"
