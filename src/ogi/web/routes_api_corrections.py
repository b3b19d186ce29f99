"""The API twin of the correction form (ogi.corpus.corrections): a reviewer's values for a row the reader could not
read, and the list of a report's corrections. Same rules as the page: admins and reviewers only, within scope."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from ogi.web.auth import User
from ogi.web.routes_api_reports import ERRORS, Reviewer, Sha, Utc, error_doc
from ogi.web.routes_reports import visible_report

__all__ = ["router"]

router = APIRouter(prefix="/api/v1/reports", tags=["报告"])


class NewCorrection(BaseModel):
    """对一行“无法读取”的人工更正：按原文逐列填写。"""

    table: str = Field(description="表：table2 / table3 / table4", max_length=16)
    row: str = Field(description="行的键名（见 docs/keys.md）", max_length=64)
    values: dict[Annotated[str, Field(max_length=64)], Annotated[str, Field(max_length=40)]] = Field(
        description="列键名 → 原文所印（数字，或“/”），须填写该行的每一列", max_length=20)
    reason: str = Field(description="更正理由（必填，至多 2000 字）", max_length=2000)


class CorrectionOut(BaseModel):
    """一次人工更正（保留并记入审计日志，从不删除）。"""

    id: int
    table: str
    row: str
    values: dict[str, str] = Field(description="列键名 → 录入的原文")
    reason: str
    by: str = Field(description="审核人员")
    at: Utc = Field(description="时间（UTC）")
    reading: str = Field(description="所更正的读取结果的版本（原读取结果保留）")
    seen: str = Field(description="读取程序在该行所见（原文）")


def _out(c) -> CorrectionOut:  # noqa: ANN001 - a CellCorrection
    return CorrectionOut(id=c.id, table=c.table, row=c.row, values=c.values, reason=c.reason, by=c.by, at=c.at,
                         reading=c.reading, seen=c.seen)


@router.get("/{sha}/corrections", response_model=list[CorrectionOut], summary="一份报告的全部人工更正",
            responses=ERRORS)
def corrections(request: Request, signed: User, sha: Sha) -> list[CorrectionOut]:
    """全部人工更正，先后为序（同一行以最后一次为准）。"""
    from ogi.corpus.corrections import corrections_of

    visible_report(request, signed, sha)
    with Session(request.app.state.engine) as sess:
        return [_out(c) for c in corrections_of(sess, sha)]


@router.post("/{sha}/corrections", response_model=CorrectionOut, status_code=201, summary="人工更正一行无法读取的数据",
             responses={**ERRORS, 400: error_doc("无法保存（该行并非无法读取、缺少理由或数值有误）")})
def correct(request: Request, signed: Reviewer, sha: Sha, given: NewCorrection) -> CorrectionOut | JSONResponse:
    """记录更正并另存为新的读取结果（重新核查，设为当前；原读取结果保留）。仅限管理员、审核人员。"""
    from ogi.corpus.corrections import CorrectionRefused
    from ogi.corpus.corrections import correct as record

    visible_report(request, signed, sha)
    try:
        saved = record(request.app.state.engine, sha=sha, table=given.table, row=given.row, values=given.values,
                       reason=given.reason, by=signed.user.name, at=request.app.state.settings.clock())
    except CorrectionRefused as exc:
        return JSONResponse({"detail": exc.detail}, status_code=400)
    return _out(saved)
