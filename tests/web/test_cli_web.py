"""`ogi serve` and `ogi user …` run for real: the first start makes the admin (a generated password said once, or
OGI_ADMIN_PASSWORD), the server answers on the address it prints, and users and tokens made on the command line
work against it."""

from __future__ import annotations

import os
import socket
import subprocess
from pathlib import Path

import httpx
import pytest

from .server import OGI, start

pytest.importorskip("uvicorn", reason="网页组件未安装（pip install -e '.[web]'）")


def _ogi(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([*OGI, *args], input=stdin, capture_output=True, text=True, timeout=120)


def _sign_in(base: str, name: str, password: str) -> httpx.Response:
    with httpx.Client(base_url=base) as client:
        form = client.get("/login").text
        token = form.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
        done = client.post("/login", data={"name": name, "password": password, "csrf_token": token})
        return client.get("/") if done.status_code == 303 else done


@pytest.mark.slow
def test_first_start_makes_the_admin_and_says_the_password_once(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'web.db'}"
    log = tmp_path / "ogi.log"
    server = start(db, log=log)
    try:
        password = server.generated_password()
        assert password and len(password) == 16
        assert any(f"http://127.0.0.1:{server.url.rsplit(':', 1)[1]}/" in line for line in server.lines)
        home = _sign_in(server.url, "admin", password)
        assert home.status_code == 200 and "管理员" in home.text
    finally:
        rest = server.stop()
    assert password not in rest and (not log.exists() or password not in log.read_text())
    again = start(db)
    try:
        assert again.generated_password() is None, "said once: a second start makes no new admin"
        assert not any("初始密码" in line for line in again.lines)
    finally:
        again.stop()


@pytest.mark.slow
def test_users_and_tokens_made_on_the_command_line_work_on_the_server(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'web.db'}"
    added = _ogi("user", "add", "wang.fang", "--role", "审核人员", "--scope", "4403,44", "--db", db,
                 stdin="Spring-field-88\n")
    assert added.returncode == 0, added.stderr
    assert "已创建用户 wang.fang：审核人员，数据范围 4403、44" in added.stdout
    weak = _ogi("user", "add", "li.na", "--db", db, stdin="short\n")
    assert weak.returncode == 2 and "密码至少需要 10 个字符" in weak.stderr and "Traceback" not in weak.stderr
    assert _ogi("user", "password", "wang.fang", "--db", db, stdin="Autumn-leaves-19\n").returncode == 0
    made = _ogi("user", "token", "wang.fang", "--db", db)
    token = made.stdout.strip()
    assert made.returncode == 0 and token.startswith("ogi_") and "只显示这一次" in made.stderr
    assert "wang.fang" in _ogi("user", "list", "--db", db).stdout
    server = start(db, env={"OGI_ADMIN_PASSWORD": "Harbour-light-31"})
    try:
        assert server.generated_password() is None, "users exist: no admin is made"
        me = httpx.get(server.url + "/api/v1/me", headers={"Authorization": f"Bearer {token}"})
        assert me.json()["name"] == "wang.fang" and me.json()["scope"] == ["4403", "44"]
        assert "审核人员" in _sign_in(server.url, "wang.fang", "Autumn-leaves-19").text
        assert _sign_in(server.url, "wang.fang", "Spring-field-88").status_code == 400, "the old password is gone"
    finally:
        server.stop()


def test_a_port_in_use_is_told_in_chinese(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = _ogi("serve", "--db", f"sqlite:///{tmp_path / 'web.db'}", "--port", str(port))
    assert done.returncode == 2 and "端口已被占用" in done.stderr and "Traceback" not in done.stderr + done.stdout


def test_an_admin_password_that_breaks_the_rules_is_refused(tmp_path: Path) -> None:
    done = subprocess.run([*OGI, "serve", "--db", f"sqlite:///{tmp_path / 'web.db'}", "--port", "1"],
                          capture_output=True, text=True, timeout=120, env={**os.environ, "OGI_ADMIN_PASSWORD": "short"})
    assert done.returncode == 2 and "OGI_ADMIN_PASSWORD 不符合密码要求" in done.stderr
