"""The slow conversions of the corpus generator, cached by content hash: DOCX → PDF by LibreOffice (many files
per start) and HTML → PDF by headless Chromium (one browser, one tab per page, over its DevTools pipe); the
generator caches ogi's DOCX rendering (~0.35 s a report) in the same `Cache` (test helper, not part of ogi).

A conversion's result is stored under the SHA-256 of (producer, input bytes), so a second run of the generator
with the same inputs converts nothing. Chromium is driven over --remote-debugging-pipe rather than started once
per page with --print-to-pdf: a start costs ~3 s on the test machine, a page ~1 s. Page.printToPDF is called
with the page's CSS size (A4, as --print-to-pdf prints it).
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import select
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from ogi.libreoffice import FONTS_CONF, soffice

__all__ = ["Cache", "chromium_pdfs", "libreoffice_pdfs"]


class Cache:
    """Files keyed by the hash of what they were made from; `None` as folder caches nothing."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.hits = 0
        self.misses = 0
        if folder is not None:
            folder.mkdir(parents=True, exist_ok=True)

    @staticmethod
    def key(producer: str, data: bytes) -> str:
        return hashlib.sha256(producer.encode() + b"\0" + data).hexdigest()

    def get(self, key: str) -> bytes | None:
        path = self.folder / key[:2] / key if self.folder else None
        if path is not None and path.exists():
            self.hits += 1
            return path.read_bytes()
        self.misses += 1
        return None

    def put(self, key: str, data: bytes) -> None:
        if self.folder is None:
            return
        path = self.folder / key[:2] / key
        path.parent.mkdir(exist_ok=True)
        tmp = path.with_suffix(".part")
        tmp.write_bytes(data)
        tmp.replace(path)  # a run killed mid-write leaves no half file under the key

    def many(self, producer: str, inputs: list[bytes], convert: Callable[[list[bytes]], list[bytes]]) -> list[bytes]:
        """Given inputs, return their conversions, converting (in one call) only those not cached."""
        keys = [self.key(producer, data) for data in inputs]
        found = [self.get(k) for k in keys]
        todo = [i for i, f in enumerate(found) if f is None]
        if todo:
            for i, out in zip(todo, convert([inputs[i] for i in todo]), strict=True):
                self.put(keys[i], out)
                found[i] = out
        return [f for f in found if f is not None]


def libreoffice_pdfs(docs: list[bytes], *, batch: int = 25) -> list[bytes]:
    """Given DOCX files, return them as PDFs, converted as ogi's renderer does (its fontconfig aliases, a private
    profile), `batch` files per LibreOffice start."""
    exe = soffice()
    if exe is None:
        raise RuntimeError("LibreOffice (soffice) is required to make the corpus PDFs: scripts/setup --dev")
    env = {**os.environ, "FONTCONFIG_FILE": os.environ.get("FONTCONFIG_FILE", str(FONTS_CONF))}
    out: list[bytes] = []
    with tempfile.TemporaryDirectory(prefix="corpus-lo-") as tmp:
        folder = Path(tmp)
        for start in range(0, len(docs), batch):
            names = []
            for n, data in enumerate(docs[start:start + batch]):
                src = folder / f"d{start + n}.docx"
                src.write_bytes(data)
                names.append(src)
            subprocess.run([exe, f"-env:UserInstallation=file://{folder / 'profile'}", "--headless", "--convert-to",
                            "pdf", "--outdir", str(folder), *map(str, names)],
                           capture_output=True, timeout=60 + 20 * len(names), check=True, env=env)
            for src in names:
                pdf = src.with_suffix(".pdf")
                if not pdf.exists():
                    raise RuntimeError(f"LibreOffice did not convert {src.name}")
                out.append(pdf.read_bytes())
    return out


class _Chromium:
    """One headless Chromium driven over its DevTools pipe (fd 3 in, fd 4 out; NUL-separated JSON)."""

    def __init__(self, profile: Path, timeout: float = 60) -> None:
        exe = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
        if exe is None:
            raise RuntimeError("Chromium is required to make the corpus PDFs: scripts/setup --dev")
        self.timeout = timeout
        cmd_r, cmd_w = os.pipe()
        out_r, out_w = os.pipe()

        def wire() -> None:  # in the child: its fd 3 reads our commands, its fd 4 writes our replies
            a, b = os.dup(cmd_r), os.dup(out_w)
            os.dup2(a, 3)
            os.dup2(b, 4)

        self.proc = subprocess.Popen(  # noqa: S603 - a fixed command line
            [exe, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
             "--remote-debugging-pipe", f"--user-data-dir={profile}", "about:blank"],
            preexec_fn=wire, close_fds=False, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        os.close(cmd_r)
        os.close(out_w)
        self.cmd, self.out = cmd_w, out_r
        self.buf = b""
        self.last = 0

    def _send(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        self.last += 1
        msg: dict = {"id": self.last, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self.cmd, json.dumps(msg).encode() + b"\0")
        reply = self._wait(lambda m: m.get("id") == self.last)
        if "error" in reply:
            raise RuntimeError(f"Chromium {method}: {reply['error']}")
        return reply.get("result", {})

    def _wait(self, wanted: Callable[[dict], bool]) -> dict:
        while True:
            while b"\0" not in self.buf:
                ready, _, _ = select.select([self.out], [], [], self.timeout)
                chunk = os.read(self.out, 1 << 20) if ready else b""
                if not chunk:
                    raise RuntimeError("Chromium stopped answering")
                self.buf += chunk
            raw, self.buf = self.buf.split(b"\0", 1)
            msg = json.loads(raw)
            if wanted(msg):
                return msg

    def print_pdf(self, url: str) -> bytes:
        target = self._send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self._send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        self._send("Page.enable", session=session)
        self._send("Page.navigate", {"url": url}, session=session)
        self._wait(lambda m: m.get("method") == "Page.loadEventFired" and m.get("sessionId") == session)
        data = self._send("Page.printToPDF", {"displayHeaderFooter": False, "preferCSSPageSize": True},
                          session=session)["data"]
        self._send("Target.closeTarget", {"targetId": target})
        return base64.b64decode(data)

    def close(self) -> None:
        try:
            self._send("Browser.close")
        except (RuntimeError, OSError):
            pass
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self.cmd)
        os.close(self.out)


def chromium_pdfs(pages: list[bytes]) -> list[bytes]:
    """Given HTML pages, return each printed to PDF by one headless Chromium."""
    with tempfile.TemporaryDirectory(prefix="corpus-chromium-") as tmp:
        folder = Path(tmp)
        browser = _Chromium(folder / "profile")
        try:
            out = []
            for n, page in enumerate(pages):
                src = folder / f"p{n}.html"
                src.write_bytes(page)
                out.append(browser.print_pdf(src.as_uri()))
            return out
        finally:
            browser.close()
