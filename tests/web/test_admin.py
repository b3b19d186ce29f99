"""Roles (a reader or reviewer is refused the admin pages and their POSTs), user administration through the
pages, and the audit log of every change."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from ogi.storage.base import AuditEntry
from ogi.web.records import WebUser

from .support import PASSWORD, add_user, page_token, sign_in


def _user(engine: Engine, name: str) -> WebUser | None:
    with Session(engine) as sess:
        return sess.scalar(select(WebUser).where(WebUser.name == name))


def _audit(engine: Engine) -> list[AuditEntry]:
    with Session(engine) as sess:
        return list(sess.scalars(select(AuditEntry).order_by(AuditEntry.id)))


@pytest.mark.parametrize("role", ["reader", "reviewer"])
def test_only_an_admin_reaches_the_admin_pages_and_posts(client: TestClient, engine: Engine, role: str) -> None:
    add_user(engine, "boss", "admin")
    add_user(engine, "someone", role)
    sign_in(client, "someone")
    token = page_token(client)
    for path in ("/admin/users", "/admin/audit"):
        refused = client.get(path)
        assert refused.status_code == 403 and "仅限管理员" in refused.text
    home = client.get("/").text
    assert "/admin/users" not in home and "/admin/audit" not in home, "the navigation offers only what one may do"
    created = client.post("/admin/users", data={"csrf_token": token, "name": "sneaky", "password": "Another-pass-77",
                                                "role": "admin"})
    assert created.status_code == 403 and _user(engine, "sneaky") is None
    promoted = client.post("/admin/users/someone", data={"csrf_token": token, "role": "admin", "active": "1"})
    assert promoted.status_code == 403 and _user(engine, "someone").role == role


def test_an_admin_creates_a_user_who_can_then_sign_in(app, client: TestClient, engine: Engine) -> None:  # noqa: ANN001
    add_user(engine, "boss", "admin")
    sign_in(client, "boss")
    form = {"csrf_token": page_token(client, "/admin/users"), "name": "wang.fang", "password": "Spring-field-88",
            "role": "reviewer", "scope": "440300, 深圳市人民政府办公厅"}
    done = client.post("/admin/users", data=form)
    assert done.status_code == 200 and "已创建用户 wang.fang" in done.text
    user = _user(engine, "wang.fang")
    assert user.role == "reviewer" and user.scope == ["4403", "深圳市人民政府办公厅"] and user.active
    assert user.password_hash.startswith("$argon2id$")
    with TestClient(app) as theirs:
        assert sign_in(theirs, "wang.fang", "Spring-field-88").status_code == 303
        assert "审核人员" in theirs.get("/").text


def test_refused_changes_are_told_next_to_their_field(client: TestClient, engine: Engine) -> None:
    add_user(engine, "boss", "admin")
    sign_in(client, "boss")
    token = page_token(client, "/admin/users")
    cases = [({"name": "x", "password": "Spring-field-88"}, "new-name", "用户名应为"),
             ({"name": "boss", "password": "Spring-field-88"}, "new-name", "已存在"),
             ({"name": "short.pw", "password": "abc"}, "new-password", "至少需要 10 个字符"),
             ({"name": "bad.scope", "password": "Spring-field-88", "scope": "441"}, "new-scope", "行政区划代码“441”有误")]
    for form, field, message in cases:
        refused = client.post("/admin/users", data={"csrf_token": token, "role": "reader", **form})
        assert refused.status_code == 400
        error = re.search(rf'<input id="{field}"[^>]*aria-invalid="true"[^>]*>\s*<p class="error" id="{field}-error">'
                          r"([^<]+)</p>", refused.text)
        assert error and message in error.group(1), (field, message)
    assert {u.name for u in [_user(engine, "short.pw"), _user(engine, "bad.scope")] if u} == set()


def test_the_last_admin_cannot_be_disabled_or_demoted(client: TestClient, engine: Engine) -> None:
    add_user(engine, "boss", "admin")
    sign_in(client, "boss")
    token = page_token(client, "/admin/users")
    for form in ({"role": "admin", "active": ""}, {"role": "reader", "active": "1"}):
        refused = client.post("/admin/users/boss", data={"csrf_token": token, "scope": "", **form})
        assert refused.status_code == 400 and "至少要保留一名启用的管理员" in refused.text
    assert _user(engine, "boss").active and _user(engine, "boss").role == "admin"


def test_every_change_is_in_the_audit_log_with_who_made_it(client: TestClient, engine: Engine) -> None:
    add_user(engine, "boss", "admin")
    sign_in(client, "boss")
    token = page_token(client, "/admin/users")
    client.post("/admin/users", data={"csrf_token": token, "name": "zhao.lei", "password": "Spring-field-88",
                                      "role": "reader", "scope": ""})
    client.post("/admin/users/zhao.lei", data={"csrf_token": token, "role": "reviewer", "scope": "44", "active": ""})
    entries = [e for e in _audit(engine) if e.actor == "boss"]
    assert [(e.entity, e.action) for e in entries] == [("web_user", "login"), ("web_user", "insert"),
                                                       ("web_user", "update")]
    created, changed = entries[1], entries[2]
    assert created.after["name"] == "zhao.lei" and created.after["password_hash"] == "***"
    assert (changed.before["role"], changed.after["role"]) == ("reader", "reviewer")
    assert (changed.before["scope"], changed.after["scope"]) == ([], ["44"])
    assert (changed.before["active"], changed.after["active"]) == (True, False)
    everything = repr([(e.before, e.after) for e in _audit(engine)])
    assert "$argon2" not in everything and "Spring-field-88" not in everything and PASSWORD not in everything
    page = client.get("/admin/audit").text
    assert "reader → reviewer" in page and "zhao.lei" in page and "修改" in page and "登录" in page


def test_the_audit_log_pages_fifty_at_a_time(client: TestClient, engine: Engine) -> None:
    add_user(engine, "boss", "admin")
    for i in range(60):
        add_user(engine, f"user{i:02d}")
    sign_in(client, "boss")
    first, second = client.get("/admin/audit").text, client.get("/admin/audit?page=2").text
    assert "共 62 条记录" in first and "第 1 / 2 页" in first and 'href="?page=2"' in first
    assert first.count("<tr>") == 1 + 50 and second.count("<tr>") == 1 + 12
    assert "user59" in first and "user00" in second, "newest first"
