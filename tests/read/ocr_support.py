"""Shared by the OCR tests (not a conftest: tests/conftest.py is imported as `conftest` by the reader tests)."""

from __future__ import annotations

import io
import random
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEED_000 = ROOT / ".." / "shared" / "seeds" / "000_343c1e05f6dd2d22.txt"


@pytest.fixture(scope="session")
def seed000_pdf(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """Seed 000 rendered born-digital by ogi itself (5 pages; tables 二 on page 3, 三 and 四 on pages 3–4)."""
    out = tmp_path_factory.mktemp("seed000") / "seed.pdf"
    subprocess.run([sys.executable, "-m", "ogi", "render", "--to", "pdf", "-o", str(out), str(SEED_000), "-j", "1"],
                   check=True, capture_output=True)
    return out.read_bytes()


def one_page(pdf_bytes: bytes, index: int) -> bytes:
    """The (0-based) page of a PDF as a PDF of its own."""
    import pypdfium2 as pdfium

    src = pdfium.PdfDocument(pdf_bytes)
    new = pdfium.PdfDocument.new()
    new.import_pages(src, [index])
    buf = io.BytesIO()
    new.save(buf)
    return buf.getvalue()


def scan(born: bytes, dpi: int, seed: str) -> bytes:
    """A born-digital PDF aged like a scan by bench/make_scans.py (skew, JPEG, noise, a red seal), image-only."""
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from make_scans import scan_pdf
    finally:
        sys.path.pop(0)
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(born)
        f.flush()
        return scan_pdf(Path(f.name), dpi, random.Random(seed))
