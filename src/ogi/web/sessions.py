"""Server-side sign-in sessions: the browser keeps a random token, the database its hash, the user, the CSRF
token and the times that end it (idle and absolute expiry, or signing out). Bookkeeping, not a change of data:
written outside the audited session; signing in and out is entered in the audit log by hand."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from ogi.storage.base import AuditEntry
from ogi.web.records import WebSession, WebUser
from ogi.web.roles import Role
from ogi.web.settings import WebSettings, as_utc
from ogi.web.users import token_hash

__all__ = ["Signed", "end_session", "open_session", "resolve_session"]


@dataclass(frozen=True)
class Signed:
    """Who a request acts as, and the CSRF token of its session (None for API tokens)."""

    user: WebUser
    csrf_token: str | None
    session_id: int | None = None

    @property
    def role(self) -> Role:
        return Role(self.user.role)


def _audit(sess: Session, user: WebUser, action: str, at: dt.datetime, address: str) -> None:
    sess.add(AuditEntry(at=at, actor=user.name, entity="web_user", entity_id=user.id, action=action,
                        before=None, after={"address": address}))


def open_session(engine: Engine, settings: WebSettings, user: WebUser, address: str) -> str:
    """Start a session for a user who just signed in; return the token for the cookie."""
    token = secrets.token_urlsafe(32)
    now = settings.clock()
    with Session(engine) as sess, sess.begin():
        sess.add(WebSession(token_hash=token_hash(token), user_id=user.id, csrf_token=secrets.token_urlsafe(32),
                            created_at=now, last_seen=now))
        _audit(sess, user, "login", now, address)
    return token


def resolve_session(engine: Engine, settings: WebSettings, token: str | None) -> Signed | None:
    """Given a cookie's token, return who it signs in, or None when it is unknown, ended, expired (idle or
    absolute) or its user disabled. Notes the request's time, at most once a minute."""
    if not token:
        return None
    now = settings.clock()
    with Session(engine, expire_on_commit=False) as sess, sess.begin():
        row = sess.execute(select(WebSession, WebUser).join(WebUser, WebUser.id == WebSession.user_id)
                           .where(WebSession.token_hash == token_hash(token))).first()
        if row is None:
            return None
        web_session, user = row
        if (web_session.ended_at is not None or not user.active
                or now - as_utc(web_session.last_seen) > settings.session_idle
                or now - as_utc(web_session.created_at) > settings.session_absolute):
            return None
        if now - as_utc(web_session.last_seen) > settings.touch_every:
            web_session.last_seen = now
        return Signed(user, web_session.csrf_token, web_session.id)


def end_session(engine: Engine, settings: WebSettings, signed: Signed, address: str) -> None:
    """Sign out: the session ends now and its token is worthless from here on."""
    now = settings.clock()
    with Session(engine) as sess, sess.begin():
        sess.execute(update(WebSession).where(WebSession.id == signed.session_id).values(ended_at=now))
        _audit(sess, signed.user, "logout", now, address)
