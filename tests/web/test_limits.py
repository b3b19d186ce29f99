"""The sign-in rate limit (per account and per client address, in the database) and the session lifetimes
(idle and absolute), with the clock moved by hand."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from ogi.web.app import create_app

from .support import PASSWORD, Clock, add_user, sign_in

LIMIT_ZH = "登录失败次数过多"


def _fail(client: TestClient, name: str, times: int) -> None:
    for _ in range(times):
        assert sign_in(client, name, "wrong-password-1").status_code == 400


def test_five_failures_make_the_account_wait_even_with_the_right_password(client: TestClient, engine: Engine,
                                                                          clock: Clock) -> None:
    add_user(engine, "li.na")
    _fail(client, "li.na", 5)
    blocked = sign_in(client, "li.na")
    assert blocked.status_code == 429 and LIMIT_ZH in blocked.text and "15 分钟后再试" in blocked.text
    clock.advance(minutes=10)
    assert "5 分钟后再试" in sign_in(client, "li.na").text, "the wait counts down from the oldest failure"
    clock.advance(minutes=5, seconds=1)
    assert sign_in(client, "li.na").status_code == 303


def test_four_failures_then_a_success_start_the_count_again(client: TestClient, engine: Engine) -> None:
    add_user(engine, "li.na")
    _fail(client, "li.na", 4)
    assert sign_in(client, "li.na").status_code == 303
    client.cookies.clear()
    _fail(client, "li.na", 4)
    assert sign_in(client, "li.na").status_code == 303


def test_the_limit_holds_across_processes_sharing_the_database(db_url: str, settings, engine: Engine) -> None:  # noqa: ANN001
    """Two app instances (as two worker processes would be) on one database see the same failures."""
    add_user(engine, "li.na")
    with TestClient(create_app(db_url, settings)) as first, TestClient(create_app(db_url, settings)) as second:
        _fail(first, "li.na", 3)
        _fail(second, "li.na", 2)
        assert sign_in(first, "li.na").status_code == 429
        assert sign_in(second, "li.na").status_code == 429


def test_one_address_guessing_many_accounts_is_stopped(client: TestClient, engine: Engine) -> None:
    add_user(engine, "li.na")
    for i in range(20):  # 4 tries at each of 5 names: under the per-account limit, over the per-address one
        _fail(client, f"guess{i % 5}", 1)
    assert sign_in(client, "li.na").status_code == 429, "the address must wait, whichever account it tries"


def test_a_session_ends_after_an_hour_idle(client: TestClient, engine: Engine, clock: Clock) -> None:
    add_user(engine, "li.na")
    sign_in(client, "li.na")
    clock.advance(minutes=59)
    assert client.get("/").status_code == 200
    clock.advance(minutes=59)  # 59 minutes after the last request: still within the idle hour
    assert client.get("/").status_code == 200
    clock.advance(minutes=61)
    assert client.get("/", follow_redirects=False).status_code == 303


def test_a_session_ends_twelve_hours_after_sign_in_however_busy(client: TestClient, engine: Engine,
                                                                clock: Clock) -> None:
    add_user(engine, "li.na")
    sign_in(client, "li.na")
    for _ in range(23):  # a request every 30 minutes for 11.5 hours
        clock.advance(minutes=30)
        assert client.get("/", follow_redirects=False).status_code == 200
    clock.advance(minutes=31)
    assert client.get("/", follow_redirects=False).status_code == 303
    assert sign_in(client, "li.na", PASSWORD).status_code == 303, "signing in again starts a new session"


def test_a_nul_in_a_query_or_a_form_is_refused_in_chinese_not_a_server_error(client: TestClient,
                                                                             engine: Engine) -> None:
    """PostgreSQL's text holds no NUL: the fuzzer's ?name=%00 was a 500 there."""
    add_user(engine, "li.ming", "clerk", "")
    assert sign_in(client, "li.ming").status_code == 303
    for url in ("/api/v1/corpus/agency?name=%00", "/corpus/search?q=a%00b", "/corpus/agency?name=%00"):
        answer = client.get(url)
        assert answer.status_code == 422 and "空字符" in answer.text, url
    from .support import page_token

    token = page_token(client, "/office/applications/new")
    answer = client.post("/office/applications/new", data={
        "csrf_token": token, "applicant_category": "natural_person", "applicant_name": "张\x00三",
        "id_document": "身份证 110101199001011237", "contact": "13912345678", "request": "某文件",
        "channel": "当面", "received_on": "2025-03-03", "form": "纸质"})
    assert answer.status_code in (303, 400, 422) and "Traceback" not in answer.text  # stored (SQLite) or refused
