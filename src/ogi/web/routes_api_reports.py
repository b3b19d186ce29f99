"""The reports in the JSON API, under /api/v1/reports: the list (filters, pages), one report's metadata, its model
exactly as `ogi parse --json` prints it, its findings with the reviewers' decisions, its cells, the downloads;
an upload (a file, pasted text or a URL) and a decision on a finding. The same functions as the pages, the same
roles and data scope (a report outside it is 404, as on the pages)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import AfterValidator, BaseModel, Field
from sqlalchemy import select
from starlette.exceptions import HTTPException

from ogi.check import Finding
from ogi.errors import OgiError
from ogi.model.report import Report
from ogi.web.auth import User, require
from ogi.web.paging import MAX_PER_PAGE, Page
from ogi.web.reports import InputRefused, TooLarge, list_reports, receive
from ogi.web.roles import Role
from ogi.web.routes_reports import DOWNLOADS, upload_name, visible_report
from ogi.web.sessions import Signed
from ogi.web.settings import as_utc

__all__ = ["ERRORS", "Reviewer", "Sha", "Utc", "error_doc", "router"]

router = APIRouter(prefix="/api/v1/reports", tags=["报告"])
Reviewer = Annotated[Signed, Depends(require(Role.ADMIN, Role.REVIEWER))]
# a stored time as an aware UTC time (SQLite gives times back without their zone; RFC 3339 needs one)
Utc = Annotated[dt.datetime, AfterValidator(as_utc)]
Sha = Annotated[str, Path(description="报告文件内容的 SHA-256（64 位十六进制小写）", pattern="^[0-9a-f]{64}$")]


class ApiError(BaseModel):
    """出错时的回答：一句中文说明。"""

    detail: str = Field(description="中文说明")


def error_doc(text: str) -> dict[str, Any]:
    return {"model": ApiError, "description": text}


ERRORS: dict[int | str, dict[str, Any]] = {
    401: error_doc("未登录，或令牌无效、已撤销、其用户已停用"),
    403: error_doc("角色无此权限"),
    404: error_doc("没有该报告，或它不在您的数据范围内"),
    422: error_doc("参数有误"),
}


class ReportItem(BaseModel):
    """报告列表中的一份报告（当前读取结果）。"""

    sha256: str = Field(description="文件内容的 SHA-256")
    file: str | None = Field(description="文件名（上传或导入时的名称）")
    agency: str | None = Field(description="发布机关")
    year: int | None = Field(description="报告年度")
    division_code: str | None = Field(description="行政区划代码（GB/T 2260）")
    status: Literal["read", "unreadable"] = Field(description="read：已读取；unreadable：无法读取")
    errors: int = Field(description="“错误”级发现条数")
    warnings: int = Field(description="“警告”级发现条数")
    notices: int = Field(description="“提示”级发现条数")
    version: str = Field(description="读取所用的 ogi 读取器版本")


class ReportDetail(ReportItem):
    """一份报告的元数据、身份识别、读取状态与版本。"""

    error_code: str | None = Field(description="无法读取时的错误代码")
    error: str | None = Field(description="无法读取时的中文原因")
    agency_kind: str | None = Field(description="机关类别")
    format_version: str | None = Field(description="年报格式版本")
    date_of_issue: dt.date | None = Field(description="发布日期")
    timeliness: str | None = Field(description="是否按时发布：on_time / late / premature / unknown")
    days_late: int | None = Field(description="逾期天数")
    read_at: Utc = Field(description="读取时间（UTC）")
    identity: dict[str, Any] | None = Field(description="发布机关、区划、年度的识别结果及依据")
    downloads: dict[str, str] = Field(description="可下载的格式及其地址")


class Review(BaseModel):
    """审核人员对一条发现的一次结论。"""

    decision: Literal["confirmed", "dismissed"] = Field(description="confirmed：已确认；dismissed：已驳回")
    decision_zh: str = Field(description="结论的中文名")
    note: str = Field(description="说明")
    reviewer: str = Field(description="审核人员")
    at: Utc = Field(description="时间（UTC）")


class FindingOut(BaseModel):
    """一条发现及其审核结论（最新的一条在前）。"""

    index: int = Field(description="该发现在本报告发现列表中的序号（从 0 开始）")
    finding: Finding
    latest: Review | None = Field(description="最新的审核结论（没有则为 null）")
    reviews: list[Review] = Field(description="全部审核结论，最新的在前")


class CellOut(BaseModel):
    """三张统计表中的一个单元格，及其在原文中的位置。"""

    table: str
    row: str
    column: str = Field(description="列；整行无法按列读取时为空字符串")
    value: Decimal | None = Field(description="数值")
    status: str = Field(description="number / blank / dash / text / unreadable / missing / group")
    text: str | None = Field(description="原文所印")
    page: int | None
    line: int | None


class NewReport(BaseModel):
    """以 JSON 提交一份报告：粘贴的全文，或报告网址（二选一）。"""

    text: str = Field("", description="报告全文")
    url: str = Field("", description="报告网址（http:// 或 https://）")


class Stored(BaseModel):
    """已接收并读取的报告。"""

    sha256: str
    status: Literal["read", "unreadable"]
    error: str | None = Field(description="无法读取时的中文原因")
    url: str = Field(description="该报告在接口中的地址")


class NewReview(BaseModel):
    """对一条发现的结论。"""

    decision: Literal["confirmed", "dismissed"] = Field(description="confirmed：确认；dismissed：驳回（须写明理由）")
    note: str = Field("", description="说明（驳回时必填，至多 2000 字）", max_length=2000)


class Status(StrEnum):
    READ = "read"
    UNREADABLE = "unreadable"


Form = Literal["json", "xlsx", "docx", "html", "pdf"]  # DOWNLOADS' keys (a test holds them equal)


@router.get("", response_model=Page[ReportItem], summary="报告列表", responses=ERRORS)
def reports(request: Request, signed: User,
            year: Annotated[int | None, Query(description="报告年度", ge=1900, le=2999)] = None,
            agency: Annotated[str, Query(description="发布机关名称的一部分", max_length=100)] = "",
            division: Annotated[str, Query(description="行政区划代码（含下级单位）", pattern="^[0-9]{0,12}$")] = "",
            status: Annotated[Status | None, Query(description="读取状态")] = None,
            page: Annotated[int, Query(description="页码", ge=1, le=1_000_000)] = 1,
            per_page: Annotated[int, Query(description="每页条数", ge=1, le=MAX_PER_PAGE)] = 50) -> Page[ReportItem]:
    """数据范围内各报告的当前读取结果，按年度（新的在前）、机关排列，可按年度、机关、区划、读取状态筛选，分页返回。"""
    found = list_reports(request.app.state.engine, signed.user.scope, year=year, agency=agency.strip(),
                         division=division, status=status.value if status else None, page=page, per_page=per_page)
    return Page[ReportItem](items=[ReportItem(**r._mapping) for r in found.rows], total=found.total,
                            page=found.page, pages=found.pages, per_page=found.per_page)


@router.get("/{sha}", response_model=ReportDetail, summary="一份报告", responses=ERRORS)
def report(request: Request, signed: User, sha: Sha) -> ReportDetail:
    """一份报告的元数据：身份识别（及依据）、读取状态、发现条数、读取器版本、下载地址。"""
    page = visible_report(request, signed, sha)
    r = page.reading
    downloads = {f: f"/api/v1/reports/{sha}/download/{f}" for f in DOWNLOADS} if page.report else {}
    return ReportDetail(sha256=sha, file=page.file_name, agency=r.agency, year=r.year, division_code=r.division_code,
                        status=r.status, errors=r.errors, warnings=r.warnings, notices=r.notices, version=r.version,
                        error_code=r.error_code, error=r.error, agency_kind=r.agency_kind,
                        format_version=r.format_version, date_of_issue=r.date_of_issue, timeliness=r.timeliness,
                        days_late=r.days_late, read_at=r.read_at, identity=r.identity, downloads=downloads)


@router.get("/{sha}/model", response_model=Report, summary="报告模型（与 ogi parse --json 相同）",
            responses=ERRORS)
def model(request: Request, signed: User, sha: Sha) -> Response:
    """报告模型的 JSON，与命令行 `ogi parse --json` 对同一文件的输出完全相同。无法读取的报告为 404。"""
    page = visible_report(request, signed, sha)
    if page.report is None:
        raise HTTPException(404)
    body = json.dumps(page.report.model_dump(mode="json"), ensure_ascii=False, indent=2)
    return Response(body.encode("utf-8"), media_type="application/json")


@router.get("/{sha}/findings", response_model=list[FindingOut], summary="发现及审核结论", responses=ERRORS)
def findings(request: Request, signed: User, sha: Sha) -> list[FindingOut]:
    """核查发现（按出现顺序），每条附审核人员的全部结论，最新的在前。"""
    from ogi.web.reviews import DECISIONS, latest_reviews

    page = visible_report(request, signed, sha)
    decided = latest_reviews(request.app.state.engine, sha, page.reading.version)
    out = []
    for i, f in enumerate(page.findings):
        reviews = [Review(decision=r.decision, decision_zh=DECISIONS[r.decision], note=r.note, reviewer=r.reviewer,
                          at=r.at) for r in decided.get(i, [])]
        out.append(FindingOut(index=i, finding=f, latest=reviews[0] if reviews else None, reviews=reviews))
    return out


@router.get("/{sha}/cells", response_model=list[CellOut], summary="三张统计表的单元格", responses=ERRORS)
def cells(request: Request, signed: User, sha: Sha) -> list[CellOut]:
    """当前读取结果的全部单元格（表、行、列、数值、状态、原文及页码行号），与导出的单元格相同。"""
    from ogi.corpus.records import CellRecord

    page = visible_report(request, signed, sha)
    with request.app.state.engine.connect() as conn:
        rows = conn.execute(select(CellRecord).where(CellRecord.reading_id == page.reading.id)
                            .order_by(CellRecord.table, CellRecord.row, CellRecord.column)).all()
    return [CellOut(table=c.table, row=c.row, column=c.column, value=c.value, status=c.status, text=c.text,
                    page=c.page, line=c.line) for c in rows]


@router.get("/{sha}/download/{form}", summary="下载（JSON / XLSX / DOCX / HTML / PDF）", response_class=Response,
            responses={**ERRORS, 200: {"description": "所选格式的文件（作为附件下载）",
                                       "content": {t: {} for t, _ in DOWNLOADS.values()}},
                       503: error_doc("暂时无法生成该格式（例如缺少转换组件）")})
def download(request: Request, signed: User, sha: Sha, form: Annotated[Form, Path(description="格式")]) -> Response:
    """报告按所选格式生成的文件，与页面上的下载相同。无法读取的报告为 404。"""
    from ogi.web.routes_reports import download as page_download

    visible_report(request, signed, sha)
    answer = page_download(request, signed, sha, form)
    if answer.status_code == 503:
        return JSONResponse({"detail": "暂时无法生成该格式"}, status_code=503)
    return answer


_UPLOAD_BODY = {"requestBody": {"required": True, "content": {
    "multipart/form-data": {"schema": {"type": "object", "required": ["file"], "properties": {
        "file": {"type": "string", "format": "binary", "description": "报告文件（ogi 能读的任何格式）"}}}},
    "application/json": {"schema": {"$ref": "#/components/schemas/NewReport"}}}}}


@router.post("", response_model=Stored, status_code=201, summary="上传报告（文件、全文或网址）",
             openapi_extra=_UPLOAD_BODY,
             responses={**ERRORS, 400: error_doc("内容为空、网址不可下载等，未接收"), 413: error_doc("超过大小上限，未接收")})
async def upload(request: Request, signed: Reviewer) -> Stored | JSONResponse:
    """以 multipart 的 file 字段上传文件，或以 JSON 提交 {"text": 全文} 或 {"url": 网址}；与上传页面的上限和拒绝规则
    相同。读取并存入语料库（无法读取的报告也会保存，并给出原因）。仅限管理员、审核人员。"""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "multipart/form-data":
        async with request.form() as form:
            given_file = form.get("file")
            if given_file is None or isinstance(given_file, str):
                return JSONResponse({"detail": "请在 file 字段中提供文件"}, status_code=422)
            return await _receive(request, signed, file=given_file.file, name=upload_name(given_file.filename))
    if kind == "application/json":
        try:
            given = NewReport.model_validate_json(await request.body())
        except ValueError:
            return JSONResponse({"detail": "提交的内容有误：应为 {\"text\": …} 或 {\"url\": …}"}, status_code=422)
        return await _receive(request, signed, text=given.text, url=given.url)
    return JSONResponse({"detail": "请以 multipart/form-data（file）或 application/json（text / url）提交"},
                        status_code=422)


async def _receive(request: Request, signed: Signed, **fields: Any) -> Stored | JSONResponse:
    from starlette.concurrency import run_in_threadpool

    try:
        stored = await run_in_threadpool(receive, request.app.state.engine, request.app.state.settings,
                                         signed.user.name, **fields)
    except TooLarge as exc:
        return JSONResponse({"detail": exc.detail}, status_code=413)
    except InputRefused as exc:
        return JSONResponse({"detail": exc.detail if exc.name is None else exc.message()}, status_code=400)
    # read in the request, a scan too (a long scan: POST /api/v1/batches, read in the background)
    return Stored(sha256=stored.sha256, status=stored.status, error=stored.error,
                  url=f"/api/v1/reports/{stored.sha256}")


@router.post("/{sha}/findings/{index}/reviews", response_model=Review, status_code=201,
             summary="确认或驳回一条发现", responses={**ERRORS, 400: error_doc("结论无法保存（如驳回未写理由）")})
def review(request: Request, signed: Reviewer, sha: Sha,
           index: Annotated[int, Path(description="发现的序号（从 0 开始）", ge=0, le=100_000)],
           given: NewReview) -> Review | JSONResponse:
    """记录审核结论（保留并记入审计日志，从不删除；最新的一条为准）。仅限管理员、审核人员。"""
    from ogi.web.reviews import DECISIONS, ReviewRefused, add_review

    page = visible_report(request, signed, sha)
    if index >= len(page.findings):
        raise HTTPException(404)
    try:
        saved = add_review(request.app.state.engine, request.app.state.settings, sha=sha,
                           version=page.reading.version, index=index, rule_id=page.findings[index].rule_id,
                           decision=given.decision, note=given.note, reviewer=signed.user.name)
    except (ReviewRefused, OgiError) as exc:
        return JSONResponse({"detail": exc.message()}, status_code=400)
    return Review(decision=saved.decision, decision_zh=DECISIONS[saved.decision], note=saved.note,
                  reviewer=saved.reviewer, at=saved.at)
