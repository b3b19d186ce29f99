"""Signing in and out, and the home page that says who is signed in."""

from __future__ import annotations

import math
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import PlainTextResponse, RedirectResponse, Response

from ogi.web.auth import SESSION_COOKIE, MaybeUser, User, client_address, sign_in
from ogi.web.pages import render
from ogi.web.sessions import end_session

__all__ = ["router"]

FormText = Annotated[str, Form()]  # a form field, "" when absent
router = APIRouter()


def _safe_next(target: str | None) -> str:
    """Where to go after signing in: a path of this site only (no //host or scheme: no open redirect)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


@router.get("/login", include_in_schema=False)
def login_form(request: Request, signed: MaybeUser, next: str = "/") -> Response:
    if signed:
        return RedirectResponse(_safe_next(next), status_code=303)
    return render(request, "login.html", None, title="登录", next=_safe_next(next), name="", errors={})


@router.post("/login", include_in_schema=False)
def login(request: Request, name: FormText = "", password: FormText = "",
          next: FormText = "/") -> Response:
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = "请输入用户名"
    if not password:
        errors["password"] = "请输入密码"
    if not errors:
        app = request.app
        result = sign_in(app.state.engine, app.state.settings, name, password, client_address(request))
        if result.token:
            response = RedirectResponse(_safe_next(next), status_code=303)
            response.set_cookie(SESSION_COOKIE, result.token, httponly=True, samesite="lax",
                                secure=request.url.scheme == "https", path="/",
                                max_age=int(app.state.settings.session_absolute.total_seconds()))
            return response
        if result.wait:
            minutes = max(1, math.ceil(result.wait.total_seconds() / 60))
            errors["form"] = f"登录失败次数过多，请 {minutes} 分钟后再试。"
        else:
            errors["password"] = "用户名或密码不正确"
    status = 429 if "form" in errors else 400
    return render(request, "login.html", None, status_code=status, title="登录", next=_safe_next(next),
                  name=name.strip(), errors=errors)


@router.post("/logout", include_in_schema=False)
def logout(request: Request, signed: User) -> Response:
    if signed.session_id is not None:
        end_session(request.app.state.engine, request.app.state.settings, signed, client_address(request))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/", include_in_schema=False)
def home(request: Request, signed: User) -> Response:
    return render(request, "home.html", signed, title="首页")


@router.get("/healthz", include_in_schema=False)
def health() -> Response:
    """For the reverse proxy's and the service manager's checks."""
    return PlainTextResponse("ok")
