"""The README's first command, its serve part run for real: `ogi serve --demo` loads the five shipped samples
once, makes the admin with a password printed once, and the printed address serves the sign-in page, where that
password signs in and the samples are listed."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest

from .server import start
from .test_cli_web import _sign_in

pytest.importorskip("uvicorn", reason="网页组件未安装（pip install -e '.[web]'）")

SAMPLES = Path(__file__).resolve().parents[2] / "src" / "ogi" / "samples"


def _report_links(base: str, password: str) -> set[str]:
    with httpx.Client(base_url=base) as client:
        token = client.get("/login").text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
        assert client.post("/login", data={"name": "admin", "password": password, "csrf_token": token}).status_code == 303
        listing = client.get("/reports")
        assert listing.status_code == 200
        return set(re.findall(r'href="/reports/([0-9a-f]{64})"', listing.text))


@pytest.mark.slow
def test_serve_demo_loads_the_samples_once_and_signs_in_with_the_printed_password(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'demo.db'}"
    server = start(db, args=("--demo",))
    try:
        printed = "".join(server.lines)
        assert "新载入 5 份" in printed
        password = server.generated_password()
        assert password, printed
        assert "用户名 admin" in printed
        port = server.url.rsplit(":", 1)[1]
        assert f"http://127.0.0.1:{port}/" in printed
        login = httpx.get(server.url + "/login")
        assert login.status_code == 200 and 'name="password"' in login.text
        assert _sign_in(server.url, "admin", password).status_code == 200
        assert len(_report_links(server.url, password)) == len(list(SAMPLES.glob("*.txt"))) == 5
    finally:
        server.stop()
    again = start(db, args=("--demo",))
    try:
        printed = "".join(again.lines)
        assert "新载入 0 份，此前已载入 5 份" in printed, "a second start loads nothing twice"
        assert again.generated_password() is None
    finally:
        again.stop()
