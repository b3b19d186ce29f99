"""The JSON API for scripts (an API token per user, `Authorization: Bearer …`), under /api/v1. The schema is at
/api/openapi.json; /api/docs lists the routes as a plain page (no Swagger UI: its scripts would have to be
vendored and its start-up script is inline, which the CSP refuses)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel

from ogi.web.auth import MaybeUser, User
from ogi.web.pages import render
from ogi.web.roles import Role

__all__ = ["router"]

router = APIRouter()


class Me(BaseModel):
    """The user a token (or session) acts as."""

    name: str
    role: Role
    role_zh: str
    scope: list[str]


@router.get("/api/v1/me", response_model=Me, summary="当前用户", tags=["账户"],
            responses={401: {"description": "未登录，或令牌无效、已停用"}})
def me(signed: User) -> Me:
    """返回令牌（或会话）所属用户的用户名、角色与数据范围（空列表表示全部）。"""
    role = Role(signed.user.role)
    return Me(name=signed.user.name, role=role, role_zh=role.zh, scope=list(signed.user.scope or []))


@router.get("/api/docs", include_in_schema=False)
def docs(request: Request, signed: MaybeUser) -> Response:
    """The routes of the schema as a page of the site (methods, paths, summaries)."""
    schema = request.app.openapi()
    operations = [(method.upper(), path, op.get("summary", ""), op.get("description", ""))
                  for path, item in schema.get("paths", {}).items() for method, op in item.items()]
    return render(request, "api_docs.html", signed, title="接口说明", operations=operations,
                  version=schema.get("info", {}).get("version", ""))
