"""The web application's tables: users, their sign-in sessions, sign-in attempts (for the rate limit) and API
tokens. Secrets are stored only as hashes (argon2 for passwords, SHA-256 for the random session and API tokens),
and the audit trail masks them (``__audit_masked__``)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ogi.storage.base import Base

__all__ = ["ApiToken", "FindingReview", "LoginAttempt", "WebSession", "WebUser"]


class WebUser(Base):
    """A person who signs in. Never deleted: disabled instead (every change is audited)."""

    __tablename__ = "web_user"
    __audit_masked__ = ("password_hash",)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16))  # ogi.web.roles.Role
    scope: Mapped[list[str]] = mapped_column(JSON, default=list)  # division code prefixes or unit names; [] = all
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    password_changed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))

    def __repr__(self) -> str:
        return f"WebUser({self.name!r}, {self.role}, active={self.active})"


class WebSession(Base):
    """A signed-in browser: the cookie holds a random token, this row its hash, the CSRF token and the expiry."""

    __tablename__ = "web_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("web_user.id"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    last_seen: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    ended_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), default=None)  # signed out


class LoginAttempt(Base):
    """One try at signing in, kept for the rate limit per account and per client address."""

    __tablename__ = "web_login_attempt"
    __table_args__ = (Index("ix_web_login_attempt_name_at", "name", "at"),
                      Index("ix_web_login_attempt_address_at", "address", "at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    name: Mapped[str] = mapped_column(String(64))
    address: Mapped[str] = mapped_column(String(64))
    success: Mapped[bool] = mapped_column(Boolean)


class ApiToken(Base):
    """A token for scripts (``Authorization: Bearer …``): shown once when made, stored as its SHA-256."""

    __tablename__ = "web_api_token"
    __audit_masked__ = ("token_hash",)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("web_user.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), default=None)


class FindingReview(Base):
    """A reviewer's decision on one finding of one reading (confirmed or dismissed, with a note). Never deleted
    nor changed: a later decision is a new row, and the newest one stands; every row is in the audit log."""

    __tablename__ = "web_finding_review"
    __table_args__ = (Index("ix_web_finding_review_reading", "sha256", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64))  # the reading reviewed: its file's bytes and reader version
    version: Mapped[str] = mapped_column(String(64))
    finding_index: Mapped[int] = mapped_column(Integer)  # the finding's place in the reading's list
    rule_id: Mapped[str] = mapped_column(String(64))  # kept to tell a finding apart should the list be misread
    decision: Mapped[str] = mapped_column(String(16))  # confirmed / dismissed
    note: Mapped[str] = mapped_column(Text, default="")
    reviewer: Mapped[str] = mapped_column(String(64))
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
