"""Rendering a page in the one layout: the template, who is signed in, the CSRF token for its forms, the
navigation their role sees, times in Beijing time. Later pages add their entry to NAV."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from ogi.web.roles import Role
from ogi.web.security import ANON_CSRF_COOKIE, csrf_token_for
from ogi.web.sessions import Signed

__all__ = ["NAV", "NavItem", "render", "templates"]

BEIJING = dt.timezone(dt.timedelta(hours=8), "北京时间")  # China keeps no daylight saving time


@dataclass(frozen=True)
class NavItem:
    path: str
    label: str
    roles: frozenset[Role] = frozenset(Role)


NAV = [
    NavItem("/", "首页"),
    NavItem("/reports", "报告列表"),
    NavItem("/reports/new", "上传报告", frozenset({Role.ADMIN, Role.REVIEWER})),
    NavItem("/corpus", "报告库"),
    NavItem("/admin/users", "用户管理", frozenset({Role.ADMIN})),
    NavItem("/admin/audit", "审计日志", frozenset({Role.ADMIN})),
    NavItem("/batches", "批量上传", frozenset({Role.ADMIN, Role.REVIEWER})),
    NavItem("/office", "办公室", frozenset({Role.ADMIN, Role.CLERK, Role.READER})),
    NavItem("/office/notice-templates", "文书模板", frozenset({Role.ADMIN, Role.CLERK})),
    NavItem("/office/applications", "申请登记", frozenset({Role.ADMIN, Role.CLERK, Role.READER})),
    NavItem("/office/portal-pages", "门户页面", frozenset({Role.ADMIN, Role.CLERK})),
    NavItem("/office/annual", "年度报告编制", frozenset({Role.ADMIN, Role.CLERK, Role.READER})),
]

templates = Jinja2Templates(directory=Path(__file__).with_name("templates"))
templates.env.trim_blocks = templates.env.lstrip_blocks = True  # tidy HTML: block tags leave no blank lines


def _beijing(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    aware = value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value
    return aware.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M:%S")


templates.env.filters["beijing"] = _beijing
templates.env.globals["Role"] = Role


def render(request: Request, template: str, signed: Signed | None, status_code: int = 200,
           **context: Any) -> HTMLResponse:
    """Render a template in the layout for whoever is signed in (or nobody)."""
    role = Role(signed.user.role) if signed else None
    nav = [item for item in NAV if role in item.roles] if role else []
    csrf = csrf_token_for(request, signed.csrf_token if signed else None)
    response = templates.TemplateResponse(request, template, {
        "signed": signed, "user": signed.user if signed else None, "role": role, "nav": nav,
        "csrf_token": csrf, "path": request.url.path, **context}, status_code=status_code)
    new_cookie = getattr(request.state, "new_csrf_cookie", None)
    if new_cookie:
        response.set_cookie(ANON_CSRF_COOKIE, new_cookie, httponly=True, samesite="strict",
                            secure=request.url.scheme == "https", path="/")
    return response
