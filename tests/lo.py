"""LibreOffice headless for tests: convert a file with a private profile, as the renderer does."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest


def soffice_convert(src: Path, target: str, outdir: Path) -> Path:
    return soffice_convert_all([src], target, outdir)[0]


def soffice_convert_all(sources: list[Path], target: str, outdir: Path) -> list[Path]:
    """Convert several files in one LibreOffice start (target as for --convert-to, e.g. "html", "doc")."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.fail("LibreOffice (soffice) is required: .ci/run installs libreoffice-writer-nogui")
    profile = outdir / "lo-profile"
    subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", target,
                    "--outdir", str(outdir), *map(str, sources)], check=True, capture_output=True, timeout=300)
    outs = [outdir / (src.stem + "." + target.split(":")[0]) for src in sources]
    for out in outs:
        assert out.exists(), f"LibreOffice did not write {out}"
    return outs
