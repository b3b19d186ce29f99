"""Signing in and out through the real form, the session cookie's flags, and where sign-in sends a browser."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from ogi.web.records import WebSession

from .support import PASSWORD, add_user, page_token, sign_in


def test_a_user_signs_in_sees_who_they_are_and_signs_out(client: TestClient, engine: Engine) -> None:
    add_user(engine, "zhang.wei", "reviewer", "4403")
    assert client.get("/", follow_redirects=False).headers["location"] == "/login?next=/"
    done = sign_in(client, "zhang.wei")
    assert done.status_code == 303 and done.headers["location"] == "/"
    home = client.get("/")
    assert home.status_code == 200
    assert "zhang.wei" in home.text and "审核人员" in home.text and "4403" in home.text
    assert '<html lang="zh-CN">' in home.text
    out = client.post("/logout", data={"csrf_token": page_token(client)}, follow_redirects=False)
    assert out.status_code == 303 and out.headers["location"] == "/login"
    assert client.get("/", follow_redirects=False).status_code == 303


def test_the_session_cookie_is_httponly_lax_and_secure_only_over_https(app, engine: Engine) -> None:  # noqa: ANN001
    add_user(engine, "li.na")
    with TestClient(app) as plain:
        cookie = sign_in(plain, "li.na").headers["set-cookie"]
    assert cookie.startswith("ogi_session=") and "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert "Secure" not in cookie
    with TestClient(app, base_url="https://testserver") as tls:
        response = sign_in(tls, "li.na")
        assert "Secure" in response.headers["set-cookie"]
        assert tls.get("/").headers["strict-transport-security"].startswith("max-age=")


def test_the_database_keeps_only_the_hash_of_the_session_token(client: TestClient, engine: Engine) -> None:
    add_user(engine, "li.na")
    token = re.match(r"ogi_session=([^;]+)", sign_in(client, "li.na").headers["set-cookie"]).group(1)
    with Session(engine) as sess:
        stored = sess.scalars(select(WebSession.token_hash)).all()
    assert len(stored) == 1 and token not in stored[0] and len(stored[0]) == 64


def test_a_wrong_password_is_told_next_to_the_field_in_chinese(client: TestClient, engine: Engine) -> None:
    add_user(engine, "li.na")
    for name, password in (("li.na", "not-the-password"), ("nobody", PASSWORD)):
        refused = sign_in(client, name, password)
        assert refused.status_code == 400
        field = re.search(r'<input id="password"[^>]*>\s*<p class="error" id="password-error">([^<]+)</p>',
                          refused.text)
        assert field and field.group(1) == "用户名或密码不正确", "the same message for a wrong name, next to the field"
        assert 'aria-invalid="true"' in refused.text and 'aria-describedby="password-error"' in refused.text
        assert f'value="{name}"' in refused.text, "the name typed stays in the form"
    assert client.get("/", follow_redirects=False).status_code == 303


def test_empty_fields_are_told_each_next_to_its_field(client: TestClient) -> None:
    refused = sign_in(client, "", "")
    assert refused.status_code == 400
    assert 'id="name-error">请输入用户名<' in refused.text and 'id="password-error">请输入密码<' in refused.text


def test_a_disabled_user_cannot_sign_in_and_their_session_stops(client: TestClient, engine: Engine) -> None:
    from ogi.web.users import update_user

    add_user(engine, "li.na")
    sign_in(client, "li.na")
    assert client.get("/").status_code == 200
    update_user(engine, "test", "li.na", active=False)
    assert client.get("/", follow_redirects=False).status_code == 303
    assert sign_in(client, "li.na").status_code == 400


def test_sign_in_returns_to_the_page_asked_for_and_never_to_another_site(client: TestClient, engine: Engine) -> None:
    add_user(engine, "boss", "admin")
    assert client.get("/admin/audit", follow_redirects=False).headers["location"] == "/login?next=/admin/audit"
    assert sign_in(client, "boss", next="/admin/audit").headers["location"] == "/admin/audit"
    client.cookies.clear()
    for hostile in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
        assert sign_in(client, "boss", next=hostile).headers["location"] == "/"
        client.cookies.clear()


def test_a_signed_out_session_token_is_worthless(client: TestClient, engine: Engine) -> None:
    add_user(engine, "li.na")
    sign_in(client, "li.na")
    old = client.cookies.get("ogi_session")
    client.post("/logout", data={"csrf_token": page_token(client)})
    client.cookies.set("ogi_session", old)
    assert client.get("/", follow_redirects=False).status_code == 303
