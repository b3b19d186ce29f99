"""The administrator's pages: users (create, role, data scope, disable) and the audit log."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ogi.storage.base import AuditEntry
from ogi.web.auth import require
from ogi.web.pages import render
from ogi.web.records import WebUser
from ogi.web.roles import Role
from ogi.web.sessions import Signed
from ogi.web.users import UserError, create_user, update_user

__all__ = ["router"]

FormText = Annotated[str, Form()]  # a form field, "" when absent
router = APIRouter(prefix="/admin")
Admin = Annotated[Signed, Depends(require(Role.ADMIN))]
AUDIT_PAGE = 50
DONE = {"created": "已创建用户", "saved": "已保存用户"}  # what the page says after a change (not free text)


def _users_page(request: Request, signed: Signed, status_code: int = 200, **context: object) -> Response:
    with Session(request.app.state.engine) as sess:
        users = sess.scalars(select(WebUser).order_by(WebUser.name)).all()
    context.setdefault("new", {"name": "", "role": Role.READER.value, "scope": ""})
    if context.get("who") and not any(u.name == context["who"] for u in users):
        context["done"] = context["who"] = ""  # the notice names only a user that exists
    return render(request, "users.html", signed, status_code=status_code, title="用户管理", users=users,
                  errors={}, **context)


@router.get("/users", include_in_schema=False)
def users(request: Request, signed: Admin, done: str = "", who: str = "") -> Response:
    return _users_page(request, signed, done=DONE.get(done, ""), who=who)


@router.post("/users", include_in_schema=False)
def add_user(request: Request, signed: Admin, name: FormText = "", password: FormText = "", role: FormText = "",
             scope: FormText = "") -> Response:
    try:
        create_user(request.app.state.engine, signed.user.name, name, password, role, scope)
    except UserError as exc:
        return _users_page(request, signed, status_code=400, new={"name": name, "role": role, "scope": scope},
                           new_errors={exc.field: exc.message()})
    return RedirectResponse(f"/admin/users?{urlencode({'done': 'created', 'who': name.strip()})}", status_code=303)


@router.post("/users/{name}", include_in_schema=False)
def change_user(request: Request, signed: Admin, name: str, role: FormText = "", scope: FormText = "",
                active: FormText = "") -> Response:
    try:
        update_user(request.app.state.engine, signed.user.name, name, role=role, scope=scope, active=active == "1")
    except UserError as exc:
        return _users_page(request, signed, status_code=400, row_errors={name: {exc.field: exc.message()}})
    return RedirectResponse(f"/admin/users?{urlencode({'done': 'saved', 'who': name})}", status_code=303)


@router.get("/audit", include_in_schema=False)
def audit(request: Request, signed: Admin, page: int = 1) -> Response:
    page = max(1, page)
    with Session(request.app.state.engine) as sess:
        total = sess.scalar(select(func.count()).select_from(AuditEntry)) or 0
        entries = sess.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())
                               .offset((page - 1) * AUDIT_PAGE).limit(AUDIT_PAGE)).all()
    pages = max(1, -(-total // AUDIT_PAGE))
    return render(request, "audit.html", signed, title="审计日志", entries=[(e, _changes(e)) for e in entries],
                  page=page, pages=pages, total=total)


def _changes(entry: AuditEntry) -> list[tuple[str, object, object]]:
    """The fields an entry changed, with their values before and after (an insert: every field set)."""
    before, after = entry.before or {}, entry.after or {}
    if entry.action == "update":
        keys = [k for k in after if before.get(k) != after.get(k)]
    else:
        keys = [k for k in after if after[k] not in (None, "", [])]
    return [(k, before.get(k), after.get(k)) for k in keys]
