"""The public disclosure portal, no sign-in: home, 指南 and 目录, proactively published items, the online
application form and the applicant's status page; the 适老化 display modes (large text, high contrast) kept in a
cookie. And, in the back office, the editing of the 指南 and 目录 texts (管理员、经办人)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from ogi.office import portal
from ogi.office.lifecycle import StepRefusedError
from ogi.office.records import Application, PublishedItem
from ogi.office.vocab import CATEGORY_ZH
from ogi.storage.db import session
from ogi.web import portal_guard
from ogi.web.auth import Clerk, MaybeUser, client_address
from ogi.web.downloads import DOCX, attachment
from ogi.web.pages import render
from ogi.web.paging import window
from ogi.web.portal_guard import HONEYPOT, hit, token_problem, too_many

__all__ = ["DISPLAY_COOKIE", "display_modes", "router"]

router = APIRouter(include_in_schema=False)
FormText = Annotated[str, Form()]
DISPLAY_COOKIE = "ogi_display"
DISPLAY_MODES = {"large": "a11y-large", "contrast": "a11y-contrast"}  # cookie word → CSS class
PORTAL_NAV = [("/portal", "首页"), ("/portal/guide", "公开指南"), ("/portal/catalogue", "公开目录"),
              ("/portal/published", "主动公开"), ("/portal/reports", "年度报告"), ("/portal/apply", "在线申请"),
              ("/portal/status", "申请查询")]
_APPLY_FIELDS = ("category", "name", "id_document", "phone", "email", "address", "request", "form", "purpose")
_CATEGORIES = [("natural_person", "自然人")] + [(k, f"法人或其他组织：{v}") for k, v in CATEGORY_ZH.items()
                                               if k != "natural_person"]
_CATEGORIES[-1] = ("other_org", "法人或其他组织：其他组织")


def display_modes(request: Request) -> list[str]:
    """The display modes this browser chose (cookie), in a fixed order."""
    chosen = set((request.cookies.get(DISPLAY_COOKIE) or "").split(","))
    return [mode for mode in DISPLAY_MODES if mode in chosen]


def portal_page(request: Request, template: str, signed, status_code: int = 200, **context) -> Response:  # noqa: ANN001, ANN003
    modes = display_modes(request)
    return render(request, template, signed, status_code=status_code, portal_nav=PORTAL_NAV, modes=modes,
                  display_classes=" ".join(DISPLAY_MODES[m] for m in modes), **context)


def _now(request: Request) -> dt.datetime:
    return request.app.state.settings.clock()


def _safe_back(target: str) -> str:
    return target if target.startswith("/portal") and "//" not in target and "\\" not in target else "/portal"


@router.post("/portal/display")
def set_display(request: Request, _signed: MaybeUser, mode: FormText = "", on: FormText = "",
                back: FormText = "/portal") -> Response:
    """Turn a display mode on or off; the choice is kept a year in a cookie (no script needed)."""
    modes = set(display_modes(request))
    if mode in DISPLAY_MODES:
        (modes.add if on == "1" else modes.discard)(mode)
    response = RedirectResponse(_safe_back(back), status_code=303)
    response.set_cookie(DISPLAY_COOKIE, ",".join(m for m in DISPLAY_MODES if m in modes), max_age=365 * 24 * 3600,
                        httponly=True, samesite="lax", secure=request.url.scheme == "https", path="/")
    return response


@router.get("/portal")
def home(request: Request, signed: MaybeUser) -> Response:
    with Session(request.app.state.engine) as sess:
        latest = sess.scalars(select(PublishedItem).where(PublishedItem.withdrawn_reason.is_(None))
                              .order_by(PublishedItem.published_on.desc(), PublishedItem.id.desc()).limit(5)).all()
    return portal_page(request, "portal_home.html", signed, title="政府信息公开", latest=latest)


def _text_page(request: Request, signed, key: str) -> Response:  # noqa: ANN001
    with Session(request.app.state.engine) as sess:
        text = portal.page_text(sess, key)
    return portal_page(request, "portal_text.html", signed, title=text.title, text=text)


@router.get("/portal/guide")
def guide(request: Request, signed: MaybeUser) -> Response:
    return _text_page(request, signed, "guide")


@router.get("/portal/catalogue")
def catalogue(request: Request, signed: MaybeUser) -> Response:
    return _text_page(request, signed, "catalogue")


@router.get("/portal/published")
def published(request: Request, signed: MaybeUser, page: int = 1) -> Response:
    stmt = select(PublishedItem.published_on, PublishedItem.category, PublishedItem.title, PublishedItem.channel) \
        .where(PublishedItem.withdrawn_reason.is_(None))
    with request.app.state.engine.connect() as conn:
        win = window(conn, stmt, PublishedItem.published_on.desc(), PublishedItem.id.desc(), page=page, per_page=30)
    return portal_page(request, "portal_published.html", signed, title="主动公开的政府信息", win=win)


def _apply_form(request: Request, signed, values: dict[str, str], errors: dict[str, str],  # noqa: ANN001
                status_code: int = 200) -> Response:
    token = portal_guard.form_token(request.app.state.engine, "apply", _now(request))
    return portal_page(request, "portal_apply.html", signed, status_code=status_code, title="在线申请政府信息公开",
                 values=values, errors=errors, form_token=token, categories=_CATEGORIES, forms=portal.FORMS,
                 honeypot=HONEYPOT)


@router.get("/portal/apply")
def apply_form(request: Request, signed: MaybeUser) -> Response:
    return _apply_form(request, signed, {"category": "natural_person"}, {})


@router.post("/portal/apply")
def apply(request: Request, signed: MaybeUser, category: FormText = "", name: FormText = "",
          id_document: FormText = "", phone: FormText = "", email: FormText = "", address: FormText = "",
          request_text: Annotated[str, Form(alias="request")] = "", form: FormText = "", purpose: FormText = "",
          website: FormText = "", form_token: FormText = "") -> Response:
    values = {k: v[:4000] for k, v in zip(_APPLY_FIELDS, (category, name, id_document, phone, email, address,
                                                         request_text, form, purpose), strict=True)}
    engine, settings, now = request.app.state.engine, request.app.state.settings, _now(request)
    client = client_address(request)
    if website:  # the honeypot: no person sees it
        return _apply_form(request, signed, values, {"form_error": "提交未被接受。"}, 400)
    problem = token_problem(engine, "apply", form_token, now,
                            min_age=settings.portal_min_fill, max_age=settings.portal_max_fill)
    if problem:
        return _apply_form(request, signed, values, {"form_error": problem}, 400)
    if too_many(engine, "apply", client, settings.portal_submissions_per_address, settings.portal_submission_window,
                now):
        minutes = int(settings.portal_submission_window.total_seconds() // 60)
        return _apply_form(request, signed, values, {"form_error": f"同一网络地址{minutes}分钟内提交的申请过多，"
                                                                     "请稍后再试，或以信函、当面方式提交。"}, 429)
    application, errors = portal.check_application(values)
    if application is None:
        return _apply_form(request, signed, values, {**errors, "form_error": "申请未提交：请按提示修改标出的项目。"},
                           400)
    hit(engine, "apply", client, now)  # counted before, so that nothing after the register's commit can fail
    try:
        done = portal.submit_online(engine, application, now)
    except StepRefusedError as exc:
        return _apply_form(request, signed, values, {"form_error": exc.message()}, 503)
    return portal_page(request, "portal_applied.html", signed, title="申请已提交", done=done)


def _status_form(request: Request, signed, ref: str = "", error: str = "", status=None,  # noqa: ANN001
                 status_code: int = 200, code: str = "") -> Response:
    return portal_page(request, "portal_status.html", signed, status_code=status_code, title="申请办理情况查询", ref=ref,
                 error=error, status=status, code=code if status else "")


@router.get("/portal/status")
def status_form(request: Request, signed: MaybeUser) -> Response:
    return _status_form(request, signed)


def _looked_up(request: Request, signed, ref: str, code: str) -> portal.PublicStatus | Response:  # noqa: ANN001
    """The status for a number and its code, or the status form saying what is wrong (rate limited)."""
    engine, settings, now = request.app.state.engine, request.app.state.settings, _now(request)
    address = client_address(request)
    ref = ref.strip().upper()[:64]
    if too_many(engine, "status", address, settings.portal_status_failures_per_address,
                settings.portal_status_window, now):
        return _status_form(request, signed, ref, "查询失败次数过多，请稍后再试。", status_code=429)
    if not ref or not code.strip():
        return _status_form(request, signed, ref, "请填写查询号和查询码。", status_code=400)
    with Session(engine) as sess:
        found = portal.lookup(sess, ref, code)
    if found is None:
        hit(engine, "status", address, now)
        return _status_form(request, signed, ref, "查询号或查询码不正确，请核对后重新输入。", status_code=400)
    return found


@router.post("/portal/status")
def status(request: Request, signed: MaybeUser, ref: FormText = "", code: FormText = "") -> Response:
    found = _looked_up(request, signed, ref, code)
    if isinstance(found, Response):
        return found
    return _status_form(request, signed, found.ref, status=found, code=code)


@router.post("/portal/status/notice")
def status_notice(request: Request, signed: MaybeUser, ref: FormText = "", code: FormText = "",
                  notice: FormText = "") -> Response:
    """One notice addressed to the applicant (the 答复书, a 补正告知书 …) as DOCX, for the number and its code."""
    from ogi.office.notices import applicant_notices

    found = _looked_up(request, signed, ref, code)
    if isinstance(found, Response):
        return found
    with Session(request.app.state.engine) as sess:
        app = sess.get(Application, found.application_id)
        kept = next((n for n in applicant_notices(sess, app) if str(n.id) == notice.strip()), None)
        if kept is None:
            return _status_form(request, signed, found.ref, "没有这份文书。", status=found, code=code,
                                status_code=404)
        data, name = kept.docx, f"{found.ref}-{kept.title}.docx"
    return attachment(data, DOCX, f"notice-{kept.id}.docx", name)


@router.get("/office/portal-pages")
def portal_pages(request: Request, signed: Clerk, saved: str = "") -> Response:
    with Session(request.app.state.engine) as sess:
        texts = {key: portal.page_text(sess, key) for key in portal.PAGES}
    return render(request, "office_portal_pages.html", signed, title="门户网站页面", texts=texts, errors={},
                  saved=saved if saved in portal.PAGES else "")


@router.post("/office/portal-pages")
def save_portal_page(request: Request, signed: Clerk, key: FormText = "", title: FormText = "",
                     body: FormText = "") -> Response:
    try:
        with session(request.app.state.engine, actor=signed.user.name) as sess:
            portal.save_page(sess, key, title[:200], body[:20000], by=signed.user.name, now=_now(request))
    except StepRefusedError as exc:
        with Session(request.app.state.engine) as sess:
            texts = {k: portal.page_text(sess, k) for k in portal.PAGES}
        if key in texts:
            texts[key] = portal.Page(title, body)
        return render(request, "office_portal_pages.html", signed, status_code=400, title="门户网站页面", texts=texts,
                      errors={key: exc.message()}, saved="")
    return RedirectResponse(f"/office/portal-pages?saved={key}", status_code=303)
