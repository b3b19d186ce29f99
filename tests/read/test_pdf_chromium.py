"""The PDF reader on PDFs from a second producer: each seed rendered to HTML and printed by headless Chromium
(Skia/PDF: Type 3 fonts, every cell border its own path, its own line breaks), read back to the same values,
row states, metadata and findings as the seed. LibreOffice's PDFs are covered by test_roundtrip and test_pdf."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from ogi.api import parse_file
from ogi.model.report import Report
from ogi.render import render
from test_roundtrip import findings, values, with_blank_cells

from conftest import SEED_IDS, seed_path


def chromium_print(src: Path, out: Path, profile: Path) -> Path:
    """Given an HTML file, print it to PDF with headless Chromium and a private profile; return the PDF."""
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.fail("Chromium (chromium) is required: scripts/setup --dev installs it")
    subprocess.run([chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    f"--user-data-dir={profile}", f"--print-to-pdf={out}", src.as_uri()],
                   check=True, capture_output=True, timeout=120)
    assert out.exists() and out.stat().st_size > 0, f"Chromium did not write {out}"
    return out


@pytest.fixture(scope="module", params=SEED_IDS)
def printed(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Report, Report]:
    """The seed as read from its text, and as read back from the PDF Chromium printed of its HTML."""
    seed_id = request.param
    tmp = tmp_path_factory.mktemp(f"chromium-{seed_id}")
    original = parse_file(seed_path(seed_id))
    html = tmp / f"{seed_id}.html"
    html.write_bytes(render(original, "html"))
    return original, parse_file(chromium_print(html, tmp / f"{seed_id}.pdf", tmp / "profile"))


def test_chromium_pdf_reads_back_the_same_report(printed: tuple[Report, Report]) -> None:
    original, back = printed
    assert values(back) == values(original)
    assert back.metadata == original.metadata  # incl. the format evidence: table 二's header wraps here
    assert [s.key for s in back.sections] == [s.key for s in original.sections]
    assert findings(back) == findings(original)


def test_chromium_pdf_keeps_empty_cells_in_their_column(tmp_path: Path) -> None:
    """Chromium draws every cell's border as its own path: an empty cell is the space between two rules."""
    original = with_blank_cells()
    html = tmp_path / "blank.html"
    html.write_bytes(render(original, "html"))
    back = parse_file(chromium_print(html, tmp_path / "blank.pdf", tmp_path / "profile"))
    assert values(back) == values(original)
