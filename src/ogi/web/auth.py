"""Who a request acts as, as FastAPI dependencies: the session cookie of a browser or the API token of a script
(`Authorization: Bearer …`), the CSRF check that goes with the cookie, and the role a route requires. Also the
sign-in itself: rate limit, password, session."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from ogi.web import passwords
from ogi.web.ratelimit import record_attempt, wait_before_next
from ogi.web.records import ApiToken, WebUser
from ogi.web.roles import Role
from ogi.web.security import check_csrf
from ogi.web.sessions import Signed, open_session, resolve_session
from ogi.web.settings import WebSettings
from ogi.web.users import find_user, token_hash

__all__ = ["SESSION_COOKIE", "Clerk", "Forbidden", "MaybeUser", "Office", "SignInRequired", "SignInResult", "TokenRefused", "User",
           "client_address", "current", "require", "require_user", "sign_in", "signed_in"]

SESSION_COOKIE = "ogi_session"
_UNSET = object()


class SignInRequired(Exception):
    """No valid session: a page redirects to the sign-in form, the API answers 401."""


class TokenRefused(Exception):
    """An API token that is unknown, revoked, or whose user is disabled: 401."""


class Forbidden(Exception):
    """Signed in, but the role does not allow this: 403."""

    def __init__(self, message_zh: str = "您没有权限访问此页面或执行此操作。") -> None:
        self.message_zh = message_zh
        super().__init__(message_zh)


def client_address(request: Request) -> str:
    """The client's address (behind a reverse proxy, the one uvicorn takes from X-Forwarded-For of a trusted
    proxy, see docs/web.md)."""
    return request.client.host if request.client else "unknown"


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" else None


def _resolve_token(engine: Engine, token: str) -> Signed | None:
    with Session(engine, expire_on_commit=False) as sess:
        user = sess.scalar(select(WebUser).join(ApiToken, ApiToken.user_id == WebUser.id)
                           .where(ApiToken.token_hash == token_hash(token), ApiToken.revoked_at.is_(None),
                                  WebUser.active.is_(True)))
    return Signed(user, None) if user else None


def current(request: Request) -> Signed | None:
    """Who this request acts as (or None), looked up once per request: an API token when the request has one
    (the cookie is then ignored), else the session cookie."""
    if getattr(request.state, "signed", _UNSET) is _UNSET:
        engine, settings = request.app.state.engine, request.app.state.settings
        token = _bearer(request)
        if token is not None:
            request.state.signed = _resolve_token(engine, token)
            if request.state.signed is None:
                raise TokenRefused()
        else:
            request.state.signed = resolve_session(engine, settings, request.cookies.get(SESSION_COOKIE))
    return request.state.signed


_FORM_OVERHEAD = 1024 * 1024  # the other fields and the multipart framing around an upload
_BATCH_POSTS = frozenset({"/batches/new", "/api/v1/batches"})  # many files at once: their own, larger limit


async def signed_in(request: Request) -> Signed | None:
    """App-wide dependency: who acts, with the CSRF check of every unsafe request made with the cookie. A body
    declared larger than an upload may be is refused (413) before anything of it is parsed."""
    from starlette.exceptions import HTTPException

    settings = request.app.state.settings
    declared = request.headers.get("content-length", "")
    limit = settings.batch_max_upload_bytes if request.url.path in _BATCH_POSTS else settings.max_upload_bytes
    if declared.isdigit() and int(declared) > limit + _FORM_OVERHEAD:
        raise HTTPException(413)
    if "%00" in request.url.query or "\x00" in request.url.path:  # no stored text holds a NUL (PostgreSQL's cannot)
        raise HTTPException(422, "请求中含有不允许的空字符（NUL）")
    signed = current(request)
    await check_csrf(request, signed.csrf_token if signed else None, bearer=_bearer(request) is not None)
    return signed


MaybeUser = Annotated[Signed | None, Depends(signed_in)]


def require_user(signed: MaybeUser) -> Signed:
    if signed is None:
        raise SignInRequired()
    return signed


User = Annotated[Signed, Depends(require_user)]


def require(*roles: Role) -> Callable[[Signed], Signed]:
    """A dependency that lets through only users of these roles (403 otherwise)."""

    def dependency(signed: User) -> Signed:
        if Role(signed.user.role) not in roles:
            raise Forbidden(f"此页面或操作仅限{'、'.join(r.zh for r in roles)}。")
        return signed

    return dependency


Clerk = Annotated[Signed, Depends(require(Role.ADMIN, Role.CLERK))]  # who may keep the office's register
Office = Annotated[Signed, Depends(require(Role.ADMIN, Role.CLERK, Role.READER))]  # who may read it (not 审核人员)


@dataclass(frozen=True)
class SignInResult:
    token: str | None = None  # the new session's cookie value on success
    wait: dt.timedelta | None = None  # too many failures: how long to wait
    user: WebUser | None = None


def sign_in(engine: Engine, settings: WebSettings, name: str, password: str, address: str) -> SignInResult:
    """Check the rate limit, then the password (as long for an unknown name as for a known one); open a session
    on success. A disabled user fails like a wrong password (nothing tells an outsider the account exists)."""
    name = name.strip()[:64]
    wait = wait_before_next(engine, settings, name, address)
    if wait > dt.timedelta(0):
        return SignInResult(wait=wait)
    with Session(engine, expire_on_commit=False) as sess:
        user = find_user(sess, name) if name else None
    ok = passwords.verify(user.password_hash, password) if user else passwords.verify_nobody(password)
    ok = ok and user is not None and user.active
    record_attempt(engine, settings, name, address, ok)
    if not ok or user is None:
        return SignInResult()
    return SignInResult(token=open_session(engine, settings, user, address), user=user)
