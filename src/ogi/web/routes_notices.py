"""The office's written notices in the back office: the notices panel of one application (the kinds its state calls
for, the notices kept with it), issuing one (经办人 and 管理员; audited), downloading a kept DOCX (those who see
applicants' personal data), and the templates' list and edit form. Thin: ogi.office.notices does the work.

The panel is the Jinja macro ``notices_panel`` of templates/_notices.html, so the application page can show it
too: give it ``panel(sess, app, signed)``'s values."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.exceptions import HTTPException

from ogi.office.lifecycle import NotFoundError, find
from ogi.office.notices import (
    FIELDS,
    KINDS,
    NoticeError,
    agency_name,
    default_template,
    fitting_kinds,
    issue_notice,
    kept_notice,
    notices_of,
    reset_template,
    set_agency_name,
    set_template,
    template_of,
    template_rows,
)
from ogi.office.records import Application
from ogi.storage.db import session
from ogi.web.auth import Clerk, Office
from ogi.web.downloads import DOCX, attachment
from ogi.web.pages import render
from ogi.web.roles import Role
from ogi.web.sessions import Signed

__all__ = ["panel", "router"]

router = APIRouter(prefix="/office")
FormText = Annotated[str, Form()]
MAX_TEMPLATE = 20_000  # characters: a letter, not a book


def _app(sess: Session, ref: str) -> Application:
    try:
        return find(sess, ref)
    except NotFoundError:
        raise HTTPException(404, "台账中没有该编号的申请") from None


def panel(sess: Session, app: Application, signed: Signed) -> dict[str, Any]:
    """The values the ``notices_panel`` macro shows for one application and whoever is signed in."""
    role = Role(signed.user.role)
    return {"ref": app.ref, "fitting": fitting_kinds(app), "kept": notices_of(sess, app),
            "may_issue": role.may_keep_register(), "may_download": role.sees_personal_data()}


def _panel_page(request: Request, signed: Signed, ref: str, status_code: int = 200, error: str = "",
                done: str = "") -> Response:
    with Session(request.app.state.engine) as sess:
        values = panel(sess, _app(sess, ref), signed)
    return render(request, "notices.html", signed, status_code=status_code, title=f"书面告知文书：{ref}",
                  panel=values, error=error, done=done)


def issued_text(kind_key: str) -> str:
    """What a page says after a notice of this kind was issued (nothing for another key)."""
    kind = KINDS.get(kind_key)
    return f"已生成并留存{kind.name_zh}" if kind else ""


@router.get("/applications/{ref}/notices", include_in_schema=False)
def notices_page(request: Request, signed: Office, ref: str, done: str = "") -> Response:
    return _panel_page(request, signed, ref, done=issued_text(done))


@router.post("/applications/{ref}/notices/{kind}", include_in_schema=False)
def issue(request: Request, signed: Clerk, ref: str, kind: str) -> Response:
    try:
        with session(request.app.state.engine, actor=signed.user.name) as sess:
            issue_notice(sess, _app(sess, ref), kind, by=signed.user.name)
    except NoticeError as exc:
        return _panel_page(request, signed, ref, status_code=400, error=exc.detail)
    return RedirectResponse(f"/office/applications/{quote(ref, safe='')}?{urlencode({'notice': kind})}#notices-title",
                            status_code=303)


@router.get("/applications/{ref}/notices/kept/{notice_id}.docx", include_in_schema=False)
def download(request: Request, signed: Clerk, ref: str, notice_id: int) -> Response:
    with Session(request.app.state.engine) as sess:
        try:
            notice = kept_notice(sess, _app(sess, ref), notice_id)
        except NoticeError:
            raise HTTPException(404, "该申请没有这份文书") from None
        data, title = notice.docx, notice.title
    return attachment(data, DOCX, f"notice-{notice_id}.docx", f"{ref}-{title}-{notice_id}.docx")


# ------------------------------------------------------------------------------------------------------------
# Templates


def _templates_page(request: Request, signed: Signed, status_code: int = 200, **context: Any) -> Response:
    with Session(request.app.state.engine) as sess:
        rows, agency = template_rows(sess), agency_name(sess)
    context.setdefault("agency", agency)
    return render(request, "notice_templates.html", signed, status_code=status_code, title="文书模板", rows=rows,
                  **context)


@router.get("/notice-templates", include_in_schema=False)
def templates_page(request: Request, signed: Clerk, done: str = "") -> Response:
    return _templates_page(request, signed, done={"agency": "已保存机关名称"}.get(done, ""))


@router.post("/notice-templates", include_in_schema=False)
def save_agency(request: Request, signed: Clerk, agency: FormText = "") -> Response:
    try:
        with session(request.app.state.engine, actor=signed.user.name) as sess:
            set_agency_name(sess, agency)
    except NoticeError as exc:
        return _templates_page(request, signed, status_code=400, agency=agency, agency_error=exc.detail)
    return RedirectResponse("/office/notice-templates?done=agency", status_code=303)


def _kind(key: str) -> str:
    if key not in KINDS:
        raise HTTPException(404, "没有这种文书")
    return key


def _edit_page(request: Request, signed: Signed, key: str, status_code: int = 200, body: str | None = None,
               **context: Any) -> Response:
    kind = KINDS[key]
    with Session(request.app.state.engine) as sess:
        current = template_of(sess, key)
    return render(request, "notice_template.html", signed, status_code=status_code, title=f"文书模板：{kind.name_zh}",
                  kind=kind, body=current if body is None else body, default=default_template(key), fields=FIELDS,
                  **context)


@router.get("/notice-templates/{key}", include_in_schema=False)
def edit_page(request: Request, signed: Clerk, key: str, done: str = "") -> Response:
    return _edit_page(request, signed, _kind(key), done={"saved": "已保存模板", "reset": "已恢复默认模板"}.get(done, ""))


@router.post("/notice-templates/{key}", include_in_schema=False)
def save_template(request: Request, signed: Clerk, key: str, body: FormText = "", action: FormText = "save") -> Response:
    key = _kind(key)
    if len(body) > MAX_TEMPLATE:
        return _edit_page(request, signed, key, status_code=400, body=body[:MAX_TEMPLATE],
                          error=f"模板过长（最多{MAX_TEMPLATE}字）")
    try:
        with session(request.app.state.engine, actor=signed.user.name) as sess:
            if action == "reset":
                reset_template(sess, key, signed.user.name)
            else:
                set_template(sess, key, body, signed.user.name)
    except NoticeError as exc:
        return _edit_page(request, signed, key, status_code=400, body=body, error=exc.detail)
    return RedirectResponse(f"/office/notice-templates/{key}?done={'reset' if action == 'reset' else 'saved'}",
                            status_code=303)
