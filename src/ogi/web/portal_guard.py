"""The public form's defences, with no third-party captcha: a signed form token carrying the time the form was
served (refused when sent back within a few seconds — no person fills in the form that fast — or hours later),
a honeypot field people never see, and per-address rate limits kept in the database (so they hold across worker
processes, like the sign-in limit of ogi.web.ratelimit).

The token's key is random, made once and kept in the database (every worker signs and checks with it).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
import weakref

from sqlalchemy import DateTime, Engine, Index, Integer, String, delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from ogi.office.portal import retrying
from ogi.storage.base import Base

__all__ = ["HONEYPOT", "PortalHit", "PortalKey", "form_token", "hit", "token_problem", "too_many"]

HONEYPOT = "website"  # the field's name: what a form-filling robot fills in


class PortalKey(Base):
    """The key the portal's form tokens are signed with (one row)."""

    __tablename__ = "portal_key"
    __audit_masked__ = ("secret",)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    secret: Mapped[str] = mapped_column(String(128))


class PortalHit(Base):
    """One counted request of one client address: a submission, or a status lookup that failed."""

    __tablename__ = "portal_hit"
    __table_args__ = (Index("ix_portal_hit_kind_address_at", "kind", "address", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    kind: Mapped[str] = mapped_column(String(16))
    address: Mapped[str] = mapped_column(String(64))


_keys: weakref.WeakKeyDictionary[Engine, bytes] = weakref.WeakKeyDictionary()


def _key(engine: Engine) -> bytes:
    """The signing key, made by whichever worker asks first (the others read it back)."""
    if engine not in _keys:
        with Session(engine) as sess:
            secret = sess.scalar(select(PortalKey.secret).where(PortalKey.id == 1))
        if secret is None:
            try:
                with Session(engine) as sess, sess.begin():
                    sess.add(PortalKey(id=1, secret=secrets.token_hex(32)))
            except IntegrityError:
                pass  # another worker made it first
            with Session(engine) as sess:
                secret = sess.scalar(select(PortalKey.secret).where(PortalKey.id == 1))
        _keys[engine] = bytes.fromhex(secret or "")
    return _keys[engine]


def _sign(engine: Engine, purpose: str, stamp: str) -> str:
    return hmac.new(_key(engine), f"{purpose}:{stamp}".encode(), hashlib.sha256).hexdigest()[:32]


def form_token(engine: Engine, purpose: str, now: dt.datetime) -> str:
    """A token for a form served now: the time (whole milliseconds) and its signature."""
    stamp = str(int(now.timestamp() * 1000))
    return f"{stamp}.{_sign(engine, purpose, stamp)}"


def token_problem(engine: Engine, purpose: str, token: str, now: dt.datetime, *, min_age: dt.timedelta,
                  max_age: dt.timedelta) -> str | None:
    """What is wrong with a form token sent back now (in Chinese), or None when it is good."""
    stamp, _, signature = (token or "").partition(".")
    if not stamp.isdigit() or not hmac.compare_digest(signature.encode(), _sign(engine, purpose, stamp).encode()):
        return "表单校验未通过，请刷新页面后重新填写提交。"
    age = now - dt.datetime.fromtimestamp(int(stamp) / 1000, dt.UTC)
    if age < min_age:
        return "提交过快，请核对填写的内容后再次提交。"
    if age > max_age:
        return "表单已打开太久，已过期。请核对内容后再次提交。"
    return None


def too_many(engine: Engine, kind: str, address: str, limit: int, window: dt.timedelta, now: dt.datetime) -> bool:
    """Whether this address has reached its limit of `kind` within the window."""
    with Session(engine) as sess:
        count = sess.scalar(select(func.count()).select_from(PortalHit)
                            .where(PortalHit.kind == kind, PortalHit.address == address[:64],
                                   PortalHit.at > now - window))
    return (count or 0) >= limit


def hit(engine: Engine, kind: str, address: str, now: dt.datetime) -> None:
    """Count one request; hits older than a day are dropped on the way (every window is shorter)."""
    def work() -> None:
        with Session(engine) as sess, sess.begin():
            sess.add(PortalHit(at=now, kind=kind, address=address[:64]))
            if secrets.randbelow(50) == 0:  # now and then is enough
                sess.execute(delete(PortalHit).where(PortalHit.at < now - dt.timedelta(days=1)))

    retrying(work)
