"""The web application's factory: one FastAPI app with the security headers, the CSRF check and the sign-in
on every route, the pages, the API and the local static files; errors answered in Chinese, as a page or as JSON
under /api/, never with a traceback."""

from __future__ import annotations

from pathlib import Path

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException

from ogi import __version__
from ogi.web import (  # one router module a line; ROUTERS below gives their order
    routes_account,
    routes_admin,
    routes_annual,
    routes_api,
    routes_api_corpus,
    routes_api_corrections,
    routes_api_office,
    routes_api_reports,
    routes_batches,
    routes_corpus,
    routes_notices,
    routes_office,
    routes_office_records,
    routes_page_images,
    routes_portal,
    routes_reports,
)
from ogi.web.auth import Forbidden, SignInRequired, TokenRefused, current, signed_in
from ogi.web.pages import render
from ogi.web.security import CsrfRefused, SecurityHeaders, security_headers
from ogi.web.settings import WebSettings

__all__ = ["create_app"]

STATIC = Path(__file__).with_name("static")
ROUTERS = (
    routes_account,
    routes_admin,
    routes_api,
    routes_reports,
    routes_corpus,
    routes_api_corpus,
    routes_api_reports,
    routes_batches,
    routes_page_images,
    routes_notices,
    routes_office,
    routes_office_records,
    routes_api_office,
    routes_portal,
    routes_annual,
    routes_api_corrections,
)
_STATUS_ZH = {400: "请求有误", 401: "请先登录", 403: "没有权限", 404: "页面不存在", 405: "不支持此操作",
              413: "提交的内容过大", 422: "提交的内容有误", 429: "请求过于频繁", 500: "服务器内部错误"}


def create_app(database_url: str | None = None, settings: WebSettings | None = None) -> FastAPI:
    """Given a database URL (or none: OGI_DATABASE_URL, else the SQLite default) and settings, return the app;
    the database schema is brought up to date first."""
    from ogi.storage.db import ready

    app = FastAPI(title="ogi 政府信息公开工作年度报告核查", version=__version__, openapi_url="/api/openapi.json",
                  docs_url=None, redoc_url=None, dependencies=[Depends(signed_in)])
    app.state.engine = ready(database_url)
    app.state.settings = settings or WebSettings()
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for module in ROUTERS:
        app.include_router(module.router)
    _add_error_pages(app)
    return app


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _error(request: Request, status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    if _is_api(request):
        return JSONResponse({"detail": message}, status_code=status, headers=headers)
    try:
        signed = current(request)
    except Exception:  # noqa: BLE001 - an error page must render even when the database is what failed
        signed = None
    return render(request, "error.html", signed, status_code=status, title=_STATUS_ZH.get(status, "出错了"),
                  status=status, message=message)


def _add_error_pages(app: FastAPI) -> None:
    @app.exception_handler(SignInRequired)
    async def sign_in_required(request: Request, _exc: SignInRequired) -> Response:
        if _is_api(request):
            return _error(request, 401, "未登录：请在请求头中提供 Authorization: Bearer 令牌",
                          {"WWW-Authenticate": "Bearer"})
        target = request.url.path if request.method == "GET" else "/"
        return RedirectResponse(f"/login?next={target}", status_code=303)

    @app.exception_handler(TokenRefused)
    async def token_refused(request: Request, _exc: TokenRefused) -> Response:
        return JSONResponse({"detail": "令牌无效、已撤销，或其用户已停用"}, status_code=401,
                            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})

    @app.exception_handler(Forbidden)
    async def forbidden(request: Request, exc: Forbidden) -> Response:
        return _error(request, 403, exc.message_zh)

    @app.exception_handler(CsrfRefused)
    async def csrf_refused(request: Request, exc: CsrfRefused) -> Response:
        return _error(request, 403, exc.message_zh)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        said = exc.detail if isinstance(exc.detail, str) and not exc.detail.isascii() else None  # a Chinese reason
        return _error(request, exc.status_code, said or _STATUS_ZH.get(exc.status_code, "请求未能完成"),
                      dict(exc.headers) if exc.headers else None)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        fields = "、".join(str(e.get("loc", ["?"])[-1]) for e in exc.errors())
        return _error(request, 422, f"提交的内容有误（{fields}）")

    @app.exception_handler(DataError)
    async def unstorable(request: Request, _exc: DataError) -> Response:
        # a value the database cannot hold (a NUL in a form field, a number out of its column's range): the
        # input's fault, said as such, never a 500
        return _error(request, 422, "提交的内容含有数据库无法保存的字符或数值，请检查后重新提交")

    @app.exception_handler(Exception)
    async def internal(request: Request, exc: Exception) -> Response:
        from ogi.log import log_exception

        log_exception(f"web {request.method} {request.url.path}", exc)
        response = _error(request, 500, "服务器内部错误，详情已记入日志。请稍后再试或联系管理员。")
        response.headers.update(security_headers(request.url.scheme))  # answered outside the headers middleware
        return response
