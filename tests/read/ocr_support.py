"""Shared by the OCR tests (not a conftest: tests/conftest.py is imported as `conftest` by the reader tests)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

SEED_000 = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds" / "000_343c1e05f6dd2d22.txt"


@pytest.fixture(scope="session")
def seed000_pdf(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """Seed 000 rendered born-digital by ogi itself (5 pages; tables 二 on page 3, 三 and 四 on pages 3–4)."""
    out = tmp_path_factory.mktemp("seed000") / "seed.pdf"
    subprocess.run([sys.executable, "-m", "ogi", "render", "--to", "pdf", "-o", str(out), str(SEED_000), "-j", "1"],
                   check=True, capture_output=True)
    return out.read_bytes()
