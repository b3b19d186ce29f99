"""User administration, shared by the web pages and `ogi user`: create, change role, scope and state, set a
password, make the first admin, issue API tokens. Every change goes through ogi.storage.db.session, so it is
audited with who made it; the rules that keep at least one active admin live here."""

from __future__ import annotations

import hashlib
import re
import secrets

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from ogi.errors import OgiError
from ogi.storage.db import session
from ogi.web import passwords
from ogi.web.records import ApiToken, WebUser
from ogi.web.roles import Role
from ogi.web.scope import parse_scope
from ogi.web.settings import utc_now

__all__ = ["FIRST_ADMIN", "UserError", "create_user", "ensure_first_admin", "find_user", "issue_token",
           "set_password", "token_hash", "update_user"]

FIRST_ADMIN = "admin"
_NAME = re.compile(r"[\w.\-@\u4e00-\u9fff]{2,64}")


class UserError(OgiError):
    """A change to a user that the rules refuse; names the form field it concerns."""

    code = "web.user"
    message_zh = "用户信息有误"

    def __init__(self, field: str, detail: str) -> None:
        self.field = field
        super().__init__(None, detail)

    def message(self) -> str:
        return self.detail


def token_hash(token: str) -> str:
    """What is stored of a random token (session or API): its SHA-256, so the table alone signs nobody in."""
    return hashlib.sha256(token.encode()).hexdigest()


def find_user(sess: Session, name: str) -> WebUser | None:
    return sess.scalar(select(WebUser).where(WebUser.name == name.strip()))


def _role(text: str | Role) -> Role:
    try:
        return Role.parse(str(text))
    except ValueError as exc:
        raise UserError("role", str(exc)) from None


def _scope(text: str | list[str]) -> list[str]:
    try:
        return parse_scope(text if isinstance(text, str) else " ".join(text))
    except ValueError as exc:
        raise UserError("scope", str(exc)) from None


def _checked_password(password: str, name: str) -> str:
    problem = passwords.password_problem(password, name)
    if problem:
        raise UserError("password", problem)
    return passwords.hash_password(password)


def _active_admins(sess: Session) -> int:
    return sess.scalar(select(func.count()).select_from(WebUser)
                       .where(WebUser.role == Role.ADMIN.value, WebUser.active.is_(True))) or 0


def create_user(engine: Engine, actor: str, name: str, password: str, role: str | Role,
                scope: str | list[str] = "") -> WebUser:
    """Given who acts and the new user's name, password, role and scope, store the user; UserError if refused."""
    name = name.strip()
    if not _NAME.fullmatch(name):
        raise UserError("name", "用户名应为 2–64 个汉字、字母、数字或 . - _ @")
    role, entries, hashed = _role(role), _scope(scope), _checked_password(password, name)
    with session(engine, actor=actor) as sess:
        if find_user(sess, name):
            raise UserError("name", f"用户名“{name}”已存在")
        now = utc_now()
        user = WebUser(name=name, role=role.value, scope=entries, active=True, password_hash=hashed,
                       created_at=now, password_changed_at=now)
        sess.add(user)
    return user


def update_user(engine: Engine, actor: str, name: str, *, role: str | Role | None = None,
                scope: str | list[str] | None = None, active: bool | None = None) -> WebUser:
    """Change a user's role, scope or state (disabled users cannot sign in, their sessions and tokens stop
    working at once); refused when it would leave no active admin."""
    with session(engine, actor=actor) as sess:
        user = find_user(sess, name)
        if user is None:
            raise UserError("name", f"用户“{name}”不存在")
        was_admin = user.active and user.role == Role.ADMIN.value
        if role is not None:
            user.role = _role(role).value
        if scope is not None:
            user.scope = _scope(scope)
        if active is not None:
            user.active = active
        sess.flush()
        if was_admin and _active_admins(sess) == 0:
            raise UserError("role", "至少要保留一名启用的管理员")
    return user


def set_password(engine: Engine, actor: str, name: str, password: str) -> None:
    """Set a user's password (checked against the rules); their other sessions stay until they expire."""
    with session(engine, actor=actor) as sess:
        user = find_user(sess, name)
        if user is None:
            raise UserError("name", f"用户“{name}”不存在")
        user.password_hash = _checked_password(password, user.name)
        user.password_changed_at = utc_now()


def ensure_first_admin(engine: Engine, password: str | None) -> str | None:
    """When no user exists, create the admin account with the given password, or a generated one; return the
    generated password (to be shown once) or None when none was made."""
    with session(engine, actor="system") as sess:
        if sess.scalar(select(func.count()).select_from(WebUser)):
            return None
    generated = None if password else passwords.generate()
    create_user(engine, "system", FIRST_ADMIN, password or generated or "", Role.ADMIN)
    return generated


def issue_token(engine: Engine, actor: str, name: str, label: str = "") -> str:
    """Make an API token for a user; return it (it is stored only as its hash, so it is shown this once)."""
    token = "ogi_" + secrets.token_urlsafe(32)
    with session(engine, actor=actor) as sess:
        user = find_user(sess, name)
        if user is None:
            raise UserError("name", f"用户“{name}”不存在")
        sess.add(ApiToken(user_id=user.id, token_hash=token_hash(token), label=label[:100], created_at=utc_now()))
    return token
