"""A real `ogi serve` in a subprocess on 127.0.0.1 and a free port, for the CLI and browser tests: started, its
printed lines read, waited for until it answers, and stopped."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

OGI = [sys.executable, "-c", "from ogi.cli import main; main()"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    process: subprocess.Popen
    url: str
    lines: list[str] = field(default_factory=list)

    def generated_password(self) -> str | None:
        found = [m.group(1) for line in self.lines if (m := re.search(r"初始密码（只显示这一次）：(\S+)", line))]
        return found[0] if found else None

    def stop(self) -> str:
        """Stop the server (Ctrl+C, as a person would); return what it printed after the start."""
        self.process.send_signal(signal.SIGINT)
        try:
            rest, _ = self.process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            rest, _ = self.process.communicate()
        return rest


def start(db_url: str, env: dict[str, str] | None = None, log: Path | None = None,
          args: tuple[str, ...] = ()) -> Server:
    """Run `ogi serve --db URL --port P`; return once it prints where to open it and answers /healthz."""
    port = free_port()
    environment = {**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})}
    environment.pop("OGI_DATABASE_URL", None)
    if log:
        environment["OGI_LOG_FILE"] = str(log)
    process = subprocess.Popen([*OGI, "serve", "--db", db_url, "--port", str(port), *args], stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, env=environment)
    server = Server(process, f"http://127.0.0.1:{port}")
    assert process.stdout is not None
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            raise AssertionError(f"ogi serve stopped: {''.join(server.lines)}")
        server.lines.append(line)
        if "请在浏览器中打开" in line:
            break
    while time.monotonic() < deadline:
        try:
            if httpx.get(server.url + "/healthz", timeout=2).text == "ok":
                return server
        except httpx.TransportError:
            time.sleep(0.1)
    server.stop()
    raise AssertionError(f"ogi serve did not answer: {''.join(server.lines)}")
