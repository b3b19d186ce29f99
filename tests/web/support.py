"""Helpers of the web tests: a clock moved by hand, adding users, signing in through the real form."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from ogi.web.users import create_user

PASSWORD = "Lantern-river-42"  # meets the rules: 10+ characters, no user name in it
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class Clock:
    """A clock the test moves forward by hand (sessions and the rate limit read it)."""

    now: dt.datetime = field(default_factory=lambda: dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC))

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


def add_user(engine: Engine, name: str, role: str = "reader", scope: str = "", password: str = PASSWORD) -> None:
    create_user(engine, "test", name, password, role, scope)


def csrf_of(html: str) -> str:
    """The CSRF token of the first form of a page."""
    match = _CSRF.search(html)
    assert match, "the page has a form with a CSRF token"
    return match.group(1)


def sign_in(client: TestClient, name: str, password: str = PASSWORD, **extra: str):  # noqa: ANN201
    """Sign in through the real form (GET for its token, POST); return the POST's response (not followed)."""
    token = csrf_of(client.get("/login").text)
    return client.post("/login", data={"name": name, "password": password, "csrf_token": token, **extra},
                       follow_redirects=False)


def browser_sign_in(page, base_url: str, name: str, password: str = PASSWORD) -> None:  # noqa: ANN001
    """Sign in through the real form in a Playwright page and wait for the home page."""
    page.goto(base_url + "/login")
    page.get_by_label("用户名").fill(name)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(base_url + "/")


def page_token(client: TestClient, path: str = "/") -> str:
    """The CSRF token the forms of a signed-in page carry."""
    return csrf_of(client.get(path).text)


def migrate_step(engine: Engine, target: str, up: bool) -> None:
    """Run Alembic up or down to `target` on this engine (the migration tests step one revision at a time)."""
    from pathlib import Path

    from alembic import command
    from alembic.config import Config

    import ogi.storage.db

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(ogi.storage.db.__file__).with_name("migrations")))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        (command.upgrade if up else command.downgrade)(cfg, target)
