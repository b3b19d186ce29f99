"""Security rules applied to every request: the response headers (a CSP that allows no inline script or style,
no framing, no sniffing), and the CSRF check of every state-changing request made with a browser's cookie."""

from __future__ import annotations

import secrets

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["ANON_CSRF_COOKIE", "CsrfRefused", "SecurityHeaders", "check_csrf", "csrf_token_for", "security_headers"]

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), payment=(), usb=()"),
]
_HSTS = b"max-age=31536000; includeSubDomains"
_HEADER_NAMES = {name for name, _ in _HEADERS}
ANON_CSRF_COOKIE = "ogi_csrf"  # the sign-in form's token before there is a session (double-submit)
_SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def security_headers(scheme: str) -> dict[str, str]:
    """The headers as a mapping, for a response made outside the middleware (the 500 page)."""
    headers = {name.decode(): value.decode() for name, value in _HEADERS}
    if scheme == "https":
        headers["strict-transport-security"] = _HSTS.decode()
    return headers


class SecurityHeaders:
    """ASGI middleware: the security headers on every response, static files and errors included; HSTS over
    https; pages (not static assets) never cached, as they show one user's data."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() not in _HEADER_NAMES]
                headers.extend(_HEADERS)
                if scope.get("scheme") == "https":
                    headers.append((b"strict-transport-security", _HSTS))
                if not scope["path"].startswith("/static/"):
                    headers = [(k, v) for k, v in headers if k.lower() != b"cache-control"]
                    headers.append((b"cache-control", b"no-store"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class CsrfRefused(Exception):
    """A state-changing request without the right CSRF token: answered 403 in Chinese."""

    message_zh = "安全校验未通过：表单已过期或来自其他网站。请返回上一页，刷新后重新提交。"


def csrf_token_for(request: Request, session_token: str | None) -> str:
    """The token a form of this page must carry: the session's, or (signed out) the anonymous cookie's, made
    here when the browser has none yet (the page's response sets it: request.state.new_csrf_cookie)."""
    if session_token:
        return session_token
    token = request.cookies.get(ANON_CSRF_COOKIE) or getattr(request.state, "new_csrf_cookie", None)
    if not token:
        token = request.state.new_csrf_cookie = secrets.token_urlsafe(32)
    return token


async def check_csrf(request: Request, session_token: str | None, bearer: bool) -> None:
    """Refuse (CsrfRefused) an unsafe request whose form field `csrf_token` (or header X-CSRF-Token) is not the
    session's token, or for a signed-out browser the anonymous cookie's. Requests authenticated by an API token
    carry no cookie authority and need none."""
    if request.method in _SAFE_METHODS or bearer:
        return
    expected = session_token or request.cookies.get(ANON_CSRF_COOKIE)
    sent = request.headers.get("x-csrf-token")
    if sent is None and request.headers.get("content-type", "").startswith(
            ("application/x-www-form-urlencoded", "multipart/form-data")):
        value = (await request.form()).get("csrf_token")
        sent = value if isinstance(value, str) else None
    if not expected or not sent or not secrets.compare_digest(expected.encode(), sent.encode()):
        raise CsrfRefused()
