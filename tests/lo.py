"""LibreOffice headless for tests: convert a file with a private profile, as the renderer does."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest


def soffice_convert(src: Path, target: str, outdir: Path) -> Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.fail("LibreOffice (soffice) is required: .ci/run installs libreoffice-writer-nogui")
    profile = outdir / "lo-profile"
    subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", target,
                    "--outdir", str(outdir), str(src)], check=True, capture_output=True, timeout=180)
    out = outdir / (src.stem + "." + target.split(":")[0])
    assert out.exists(), f"LibreOffice did not write {out}"
    return out
