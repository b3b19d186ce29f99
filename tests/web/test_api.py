"""API tokens for scripts (`Authorization: Bearer …`), GET /api/v1/me, and the OpenAPI schema served locally."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from ogi.web.records import ApiToken
from ogi.web.users import issue_token, update_user

from .support import add_user, sign_in


def test_a_token_says_who_it_belongs_to(client: TestClient, engine: Engine) -> None:
    add_user(engine, "script.bot", "reviewer", "44 4403")
    token = issue_token(engine, "test", "script.bot", "nightly check")
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200
    assert me.json() == {"name": "script.bot", "role": "reviewer", "role_zh": "审核人员", "scope": ["44", "4403"]}
    with Session(engine) as sess:
        stored = sess.scalar(select(ApiToken))
    assert token.startswith("ogi_") and token not in stored.token_hash and stored.label == "nightly check"


def test_wrong_revoked_and_disabled_tokens_are_refused(client: TestClient, engine: Engine) -> None:
    add_user(engine, "boss", "admin")
    add_user(engine, "script.bot")
    for header in ("Bearer ogi_not-a-token", "Bearer ", "Basic c2NyaXB0OmJvdA=="):
        refused = client.get("/api/v1/me", headers={"Authorization": header})
        assert refused.status_code == 401 and "detail" in refused.json()
    token = issue_token(engine, "test", "script.bot")
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    update_user(engine, "test", "script.bot", active=False)
    refused = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert refused.status_code == 401 and "已停用" in refused.json()["detail"]
    update_user(engine, "test", "script.bot", active=True)
    with Session(engine) as sess, sess.begin():
        sess.execute(update(ApiToken).values(revoked_at=ApiToken.created_at))
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_a_bad_token_is_not_rescued_by_a_session_cookie(client: TestClient, engine: Engine) -> None:
    add_user(engine, "li.na")
    sign_in(client, "li.na")
    assert client.get("/api/v1/me").json()["name"] == "li.na", "the browser's session works on the API too"
    assert client.get("/api/v1/me", headers={"Authorization": "Bearer wrong"}).status_code == 401


def test_the_openapi_schema_and_its_page_are_served_locally(client: TestClient) -> None:
    schema = client.get("/api/openapi.json").json()
    assert "/api/v1/me" in schema["paths"] and "/login" not in schema["paths"]
    assert schema["paths"]["/api/v1/me"]["get"]["summary"] == "当前用户"
    page = client.get("/api/docs")
    assert page.status_code == 200 and "/api/v1/me" in page.text and "<script" not in page.text
    assert client.get("/docs").status_code == 404 and client.get("/redoc").status_code == 404
