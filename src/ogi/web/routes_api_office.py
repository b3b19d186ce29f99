"""The office's register in the JSON API, under /api/v1/office: the list of applications (the page's filters, in
pages) and one application with its timeline and its due date explained. The same functions and roles as the
back office's pages: 经办人 and 管理员 see applicants whole, 只读 masked."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session
from starlette.exceptions import HTTPException

from ogi.office.lifecycle import NotFoundError
from ogi.office.register_view import DEFAULT_WITHIN, RegisterRow, detail, register_rows
from ogi.web.paging import MAX_PER_PAGE, Page, list_window
from ogi.web.routes_api_reports import ERRORS, error_doc
from ogi.web.routes_office import Office, filters_of, sees_personal_data, today_of

__all__ = ["router"]

router = APIRouter(prefix="/api/v1/office", tags=["申请登记"])
_ERRORS = {**ERRORS, 404: error_doc("台账中没有该编号的申请"), 400: error_doc("筛选条件有误")}


class ApplicationItem(BaseModel):
    """台账中的一件申请。"""

    ref: str = Field(description="编号")
    status: str = Field(description="状态：open、awaiting_correction、consulting、awaiting_payment、closed、withdrawn")
    status_zh: str = Field(description="状态（中文）")
    channel: str = Field(description="申请方式：当面、邮寄、网络、传真、电子邮件、其他")
    applicant_category_zh: str = Field(description="申请人类型（表三的列）")
    applicant_name: str = Field(description="申请人姓名或名称（只读用户为脱敏后的）")
    received_on: dt.date = Field(description="收到申请日期（条例第三十一条）")
    due: dt.date | None = Field(description="答复期限；等待补正时为空")
    due_text: str = Field(description="答复期限的状态（中文）")
    overdue: bool = Field(description="是否已超过答复期限")
    due_soon: bool = Field(description="是否在 within 个工作日内到期")
    outcome: str = Field(description="办理结果（表三的行），未答复时为空字符串")


class TimelineEntry(BaseModel):
    on: dt.date = Field(description="日期")
    text: str = Field(description="办理步骤（中文）")


class ApplicationDetail(ApplicationItem):
    """一件申请：申请内容、办理过程和答复期限的计算过程。"""

    contact: str = Field(description="联系方式（只读用户为脱敏后的）")
    id_document: str = Field(description="身份证明（只读用户为脱敏后的）")
    request: str = Field(description="申请公开的政府信息的名称、文号或特征性描述")
    form: str = Field(description="获取信息的方式、途径")
    outcome_basis: str = Field(description="答复依据")
    replied_on: dt.date | None = Field(description="答复或办结日期")
    withdrawn_reason: str | None = Field(description="撤销原因")
    due_steps: list[str] = Field(description="答复期限的计算过程（中文，逐步）")
    timeline: list[TimelineEntry] = Field(description="办理过程，按日期排列")


def _item(r: RegisterRow) -> dict[str, object]:
    return {"ref": r.ref, "status": r.status, "status_zh": r.status_zh, "channel": r.channel,
            "applicant_category_zh": r.category_zh, "applicant_name": r.applicant.name, "received_on": r.received_on,
            "due": r.due, "due_text": r.due_text, "overdue": r.urgency.css == "overdue",
            "due_soon": r.urgency.css == "due-soon", "outcome": r.outcome}


@router.get("/applications", response_model=Page[ApplicationItem], summary="申请列表", responses=_ERRORS)
def applications(request: Request, signed: Office,
                 status: Annotated[str, Query(description="状态（英文键或中文）")] = "",
                 channel: Annotated[str, Query(description="申请方式")] = "",
                 category: Annotated[str, Query(description="申请人类型（英文键）")] = "",
                 year: Annotated[str, Query(description="收到申请年度")] = "",
                 within: Annotated[int, Query(ge=0, le=40, description="临近到期的工作日数")] = DEFAULT_WITHIN,
                 page: Annotated[int, Query(ge=1)] = 1,
                 per_page: Annotated[int, Query(ge=1, le=MAX_PER_PAGE)] = 50) -> Page[ApplicationItem]:
    """按状态、申请方式、申请人类型和年度筛选台账中的申请，按编号排列，分页返回，附答复期限。"""
    filters, problems = filters_of(status, channel, category, year)
    if problems:
        raise HTTPException(400, "；".join(problems.values()))
    with Session(request.app.state.engine) as sess:
        rows = register_rows(sess, filters, today=today_of(request), within=within,
                             sees_personal_data=sees_personal_data(signed))
    shown = list_window(rows, page=page, per_page=per_page)
    return Page[ApplicationItem](items=[ApplicationItem(**_item(r)) for r in shown.rows], total=shown.total,
                                 page=shown.page, pages=shown.pages, per_page=shown.per_page)


@router.get("/applications/{ref}", response_model=ApplicationDetail, summary="一件申请", responses=_ERRORS)
def application(request: Request, signed: Office, ref: Annotated[str, Path(description="编号")]) -> ApplicationDetail:
    """返回一件申请的内容、办理过程、答复期限及其计算过程。"""
    with Session(request.app.state.engine) as sess:
        try:
            d = detail(sess, ref, today=today_of(request), sees_personal_data=sees_personal_data(signed))
        except NotFoundError:
            raise HTTPException(404, "台账中没有该编号的申请") from None
        return ApplicationDetail(
            **_item(d.row), contact=d.row.applicant.contact, id_document=d.row.applicant.id_document,
            request=d.row.request, form=d.form, outcome_basis=d.basis, replied_on=d.replied_on,
            withdrawn_reason=d.withdrawn_reason, due_steps=list(d.deadline.steps) if d.deadline else [],
            timeline=[TimelineEntry(on=t.on, text=t.text) for t in d.timeline])
