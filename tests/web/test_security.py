"""The rules every request meets: CSRF tokens on every POST, the security headers on every response, and no
script, style or asset that the CSP would refuse or that comes from another site."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from ogi.web.records import WebUser

from .support import add_user, csrf_of, page_token, sign_in

WEB = Path(__file__).resolve().parents[2] / "src" / "ogi" / "web"
CSRF_ZH = "安全校验未通过"


def _users(engine: Engine) -> list[str]:
    with Session(engine) as sess:
        return list(sess.scalars(select(WebUser.name)))


def test_sign_in_without_the_forms_token_is_refused_in_chinese(client: TestClient, engine: Engine) -> None:
    add_user(engine, "li.na")
    client.get("/login")  # the browser has its anonymous token cookie, the POST does not carry it
    refused = client.post("/login", data={"name": "li.na", "password": "Lantern-river-42"}, follow_redirects=False)
    assert refused.status_code == 403 and CSRF_ZH in refused.text
    forged = client.post("/login", data={"name": "li.na", "password": "Lantern-river-42", "csrf_token": "x" * 43})
    assert forged.status_code == 403
    assert "ogi_session" not in client.cookies


def test_a_signed_in_post_needs_its_sessions_token(app, client: TestClient, engine: Engine) -> None:  # noqa: ANN001
    add_user(engine, "boss", "admin")
    sign_in(client, "boss")
    form = {"name": "new.user", "password": "Another-pass-77", "role": "reader", "scope": ""}
    assert client.post("/admin/users", data=form).status_code == 403
    with TestClient(app) as other:  # another signed-in session's token is not this one's
        sign_in(other, "boss")
        foreign = page_token(other)
    refused = client.post("/admin/users", data={**form, "csrf_token": foreign})
    assert refused.status_code == 403 and CSRF_ZH in refused.text
    assert "new.user" not in _users(engine)
    assert client.post("/logout", data={}, follow_redirects=False).status_code == 403
    assert client.get("/").status_code == 200, "a refused sign-out leaves the session"
    accepted = client.post("/admin/users", data={**form, "csrf_token": page_token(client)}, follow_redirects=False)
    assert accepted.status_code == 303 and "new.user" in _users(engine)


def test_the_token_may_come_in_a_header_for_scripts_of_the_page(client: TestClient, engine: Engine) -> None:
    add_user(engine, "li.na")
    sign_in(client, "li.na")
    token = page_token(client)
    assert client.post("/logout", headers={"X-CSRF-Token": token}, follow_redirects=False).status_code == 303


@pytest.mark.parametrize("path", ["/login", "/static/ogi.css", "/no/such/page", "/api/v1/me", "/api/openapi.json",
                                  "/", "/healthz"])
def test_every_response_has_the_security_headers(client: TestClient, path: str) -> None:
    response = client.get(path, follow_redirects=False)
    csp = response.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] == "same-origin"
    assert "strict-transport-security" not in response.headers, "HSTS only over https"
    assert "server" not in response.headers
    if not path.startswith("/static/"):
        assert response.headers["cache-control"] == "no-store"


def test_errors_are_chinese_pages_or_chinese_json(client: TestClient) -> None:
    missing = client.get("/no/such/page")
    assert missing.status_code == 404 and "页面不存在" in missing.text and "<main" in missing.text
    api = client.get("/api/v1/me")
    assert api.status_code == 401 and api.json()["detail"].startswith("未登录")
    assert api.headers["www-authenticate"] == "Bearer"


LOCAL_SCRIPT = re.compile(r"""<script src="\{\{ url_for\('static', path='[\w.-]+\.js'\) \}\}"></script>""")


def test_no_inline_script_or_style_and_nothing_from_another_site() -> None:
    """The CSP refuses inline script and style: no template may carry any, and every asset is served locally."""
    for template in (WEB / "templates").glob("*.html"):
        text = template.read_text(encoding="utf-8")
        text = LOCAL_SCRIPT.sub("", text)  # a script file of the app's own static folder is allowed
        assert "<script" not in text and "<style" not in text and " style=" not in text, template.name
        assert not re.search(r"\son[a-z]+\s*=", text), f"{template.name}: no event handler attributes"
        assert "http://" not in text and "https://" not in text and "//cdn" not in text, template.name
    css = (WEB / "static" / "ogi.css").read_text(encoding="utf-8")
    assert "http" not in css and "@import" not in css


def test_the_sign_in_form_carries_a_token_tied_to_its_cookie(client: TestClient) -> None:
    first = client.get("/login")
    token = csrf_of(first.text)
    assert client.cookies.get("ogi_csrf") == token
    cookie = first.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert csrf_of(client.get("/login").text) == token, "the same token while the cookie lasts"


def test_an_unexpected_error_is_a_chinese_page_with_the_headers_and_the_traceback_in_the_log(
        app, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:  # noqa: ANN001
    log = tmp_path / "ogi.log"
    monkeypatch.setenv("OGI_LOG_FILE", str(log))

    def broken() -> None:
        raise RuntimeError("secret internals")

    app.add_api_route("/broken", broken)
    with TestClient(app, raise_server_exceptions=False) as client:
        failed = client.get("/broken")
    assert failed.status_code == 500 and "服务器内部错误" in failed.text and "<main" in failed.text
    assert "secret internals" not in failed.text and "Traceback" not in failed.text
    assert "default-src 'self'" in failed.headers["content-security-policy"]
    assert "secret internals" in log.read_text(encoding="utf-8")
