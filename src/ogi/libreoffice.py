"""LibreOffice headless as a converter: DOC/WPS → DOCX for reading, DOCX → PDF for writing.

Each call uses a private profile (so parallel runs do not lock each other out) and the project's fontconfig
aliases, so 仿宋_GB2312 and 方正小标宋 fall back to Noto CJK instead of a Latin font.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ogi.errors import ConverterMissingError, CorruptFileError

__all__ = ["FONTS_CONF", "convert", "soffice"]

FONTS_CONF = Path(__file__).with_name("fonts.conf")


def soffice() -> str | None:
    """Return the LibreOffice executable, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(data: bytes, suffix: str, *, target: str, name: str | None = None, timeout: float = 180) -> bytes:
    """Given a file's bytes and its suffix (".doc", ".wps", ".docx"), return them converted to `target`."""
    exe = soffice()
    if exe is None:
        raise ConverterMissingError(name)
    env = {**os.environ, "FONTCONFIG_FILE": os.environ.get("FONTCONFIG_FILE", str(FONTS_CONF))}
    with tempfile.TemporaryDirectory(prefix="ogi-lo-") as tmp:
        src = Path(tmp) / f"input{suffix}"
        src.write_bytes(data)
        cmd = [exe, f"-env:UserInstallation=file://{Path(tmp) / 'profile'}", "--headless", "--convert-to", target,
               "--outdir", tmp, str(src)]
        try:
            subprocess.run(cmd, capture_output=True, timeout=timeout, check=False, env=env)
        except subprocess.TimeoutExpired as exc:
            raise CorruptFileError(name, f"LibreOffice转换超时（{timeout:.0f}秒）") from exc
        out = Path(tmp) / f"input.{target.split(':')[0]}"
        if not out.exists():
            raise CorruptFileError(name, "LibreOffice无法转换该文件")
        return out.read_bytes()
