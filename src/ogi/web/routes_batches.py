"""Batch uploads, as pages (/batches: the list, the form, one batch with its progress shown live) and in the JSON
API (/api/v1/batches), for 审核人员 and 管理员. Thin: ogi.web.batches takes the files in and reads them."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, File, Path, Request, UploadFile
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException

from ogi.web.auth import require
from ogi.web.batches import (
    STATE_ZH,
    STATUS_ZH,
    BatchView,
    Incoming,
    create_batch,
    list_batches,
    load_batch,
    resume,
    start,
)
from ogi.web.pages import render
from ogi.web.reports import InputRefused, TooLarge, mb
from ogi.web.roles import Role
from ogi.web.routes_api_reports import ERRORS, Utc, error_doc
from ogi.web.routes_reports import upload_name
from ogi.web.sessions import Signed

__all__ = ["router"]

router = APIRouter()
Reviewer = Annotated[Signed, Depends(require(Role.ADMIN, Role.REVIEWER))]
BatchId = Annotated[int, Path(description="批次编号", ge=1, le=2**31 - 1)]
Files = Annotated[list[UploadFile], File(description="报告文件或压缩包（可多个）")]


class BatchItemOut(BaseModel):
    """批次中的一个文件及其结果。"""

    position: int = Field(description="在批次中的序号（从 0 开始）")
    name: str = Field(description="文件名（压缩包内的文件为“压缩包名/文件名”）")
    status: Literal["pending", "read", "unreadable", "failed"] = Field(
        description="pending：等待读取；read：已读取；unreadable：无法读取（已保存）；failed：未接收")
    status_zh: str
    error: str | None = Field(description="无法读取或未接收的中文原因")
    progress: str | None = Field(default=None, description="等待读取或正在读取时：扫描件文字识别的进度（已完成的页数）")
    sha256: str | None = Field(description="文件内容的 SHA-256")
    report: str | None = Field(description="该报告在接口中的地址")


class BatchOut(BaseModel):
    """一个批次的进度：总数、已处理数，以及各结果的数目。"""

    id: int
    label: str = Field(description="上传的文件名（摘要）")
    owner: str = Field(description="上传者")
    state: Literal["running", "done", "interrupted"] = Field(
        description="running：正在读取；done：已完成；interrupted：已中断（服务器重启等，可继续）")
    state_zh: str
    total: int = Field(description="文件总数")
    done: int = Field(description="已处理的文件数")
    read: int
    unreadable: int
    failed: int
    pending: int
    created_at: Utc
    finished_at: Utc | None
    items: list[BatchItemOut] = Field(description="各文件（列表接口中为空）")


def _out(view: BatchView) -> BatchOut:
    b, c = view.batch, view.counts
    # a pending file's row holds its OCR progress where a read one holds its reason (ogi.web.batches)
    pending = [i.status == "pending" for i in view.items]
    items = [BatchItemOut(position=i.position, name=i.name, status=i.status, status_zh=STATUS_ZH[i.status],
                          error=None if waits else i.error, progress=i.error if waits else None, sha256=i.sha256,
                          report=f"/api/v1/reports/{i.sha256}" if i.status in ("read", "unreadable") else None)
             for i, waits in zip(view.items, pending, strict=True)]
    return BatchOut(id=b.id, label=b.label, owner=b.owner, state=view.state, state_zh=STATE_ZH[view.state],
                    total=b.total, done=view.done, read=c.get("read", 0), unreadable=c.get("unreadable", 0),
                    failed=c.get("failed", 0), pending=c.get("pending", 0), created_at=b.created_at,
                    finished_at=b.finished_at, items=items)


def _incoming(files: list[UploadFile]) -> list[Incoming]:
    return [Incoming(upload_name(f.filename), f.file) for f in files if f.filename]


def _create(request: Request, signed: Signed, files: list[UploadFile]) -> int:
    """Take the files in and start reading them in this process (raises InputRefused / TooLarge)."""
    engine, settings = request.app.state.engine, request.app.state.settings
    batch_id = create_batch(engine, settings, signed.user.name, _incoming(files))
    start(engine, settings, batch_id)
    return batch_id


def _visible(request: Request, signed: Signed, batch_id: int, with_items: bool = True) -> BatchView:
    view = load_batch(request.app.state.engine, request.app.state.settings, batch_id, signed.user.name,
                      Role(signed.user.role) is Role.ADMIN, with_items)
    if view is None:
        raise HTTPException(404)
    return view


# -- pages -------------------------------------------------------------------------------------------------------


def _form(request: Request, signed: Signed, status: int = 200, error: str = "") -> Response:
    s = request.app.state.settings
    return render(request, "batch_new.html", signed, status_code=status, title="批量上传", error=error,
                  limit=mb(s.max_upload_bytes), total=mb(s.batch_max_bytes), files=s.batch_max_files)


@router.get("/batches/new", include_in_schema=False)
def new_batch(request: Request, signed: Reviewer) -> Response:
    return _form(request, signed)


@router.post("/batches/new", include_in_schema=False)
def post_batch(request: Request, signed: Reviewer, files: Annotated[list[UploadFile], File()] = []) -> Response:  # noqa: B006
    try:
        batch_id = _create(request, signed, files)
    except TooLarge as exc:
        return _form(request, signed, 413, exc.detail)
    except InputRefused as exc:
        return _form(request, signed, 400, exc.detail)
    return RedirectResponse(f"/batches/{batch_id}", status_code=303)


@router.get("/batches", include_in_schema=False)
def batches_page(request: Request, signed: Reviewer) -> Response:
    found = list_batches(request.app.state.engine, request.app.state.settings, signed.user.name,
                         Role(signed.user.role) is Role.ADMIN)
    return render(request, "batches.html", signed, title="批量上传", batches=[_out(v) for v in found])


@router.get("/batches/{batch_id}", include_in_schema=False)
def batch_page(request: Request, signed: Reviewer, batch_id: BatchId) -> Response:
    batch = _out(_visible(request, signed, batch_id))
    return render(request, "batch.html", signed, title=f"批量上传 #{batch.id}", batch=batch)


@router.post("/batches/{batch_id}/resume", include_in_schema=False)
def resume_page(request: Request, signed: Reviewer, batch_id: BatchId) -> Response:
    _visible(request, signed, batch_id, with_items=False)
    resume(request.app.state.engine, request.app.state.settings, batch_id)
    return RedirectResponse(f"/batches/{batch_id}", status_code=303)


# -- API ---------------------------------------------------------------------------------------------------------

_NOT_FOUND = {**ERRORS, 404: error_doc("没有该批次，或它不是您上传的")}


@router.post("/api/v1/batches", response_model=BatchOut, status_code=202, summary="批量上传", tags=["批量上传"],
             responses={**ERRORS, 400: error_doc("没有可读取的文件、文件过多等，未接收"), 413: error_doc("超过大小上限，未接收")})
def post_batch_api(request: Request, signed: Reviewer, files: Files) -> BatchOut | JSONResponse:
    """以 multipart 的 files 字段上传多个报告文件或压缩包（压缩包内的文件逐个读取）。立即返回批次，读取在后台进行；
    以 GET /api/v1/batches/{id} 查看进度。仅限管理员、审核人员。"""
    try:
        batch_id = _create(request, signed, files)
    except TooLarge as exc:
        return JSONResponse({"detail": exc.detail}, status_code=413)
    except InputRefused as exc:
        return JSONResponse({"detail": exc.detail}, status_code=400)
    return _out(_visible(request, signed, batch_id))


@router.get("/api/v1/batches", response_model=list[BatchOut], summary="我的批量上传", tags=["批量上传"],
            responses=ERRORS)
def batches_api(request: Request, signed: Reviewer) -> list[BatchOut]:
    """本人的批次（管理员：全部），新的在前，至多 200 个；不含各文件。"""
    found = list_batches(request.app.state.engine, request.app.state.settings, signed.user.name,
                         Role(signed.user.role) is Role.ADMIN)
    return [_out(v) for v in found]


@router.get("/api/v1/batches/{batch_id}", response_model=BatchOut, summary="批次进度", tags=["批量上传"],
            responses=_NOT_FOUND)
def batch_api(request: Request, signed: Reviewer, batch_id: BatchId) -> BatchOut:
    """一个批次的进度及各文件的结果（无法读取、未接收的附中文原因）。"""
    return _out(_visible(request, signed, batch_id))


@router.post("/api/v1/batches/{batch_id}/resume", response_model=BatchOut, summary="继续已中断的批次",
             tags=["批量上传"], responses={**_NOT_FOUND, 409: error_doc("该批次未中断（正在读取或已完成）")})
def resume_api(request: Request, signed: Reviewer, batch_id: BatchId) -> BatchOut | JSONResponse:
    """继续读取已中断批次中尚未读取的文件（已读取的保留不变）。"""
    _visible(request, signed, batch_id, with_items=False)
    if not resume(request.app.state.engine, request.app.state.settings, batch_id):
        return JSONResponse({"detail": "该批次未中断（正在读取或已完成），无需继续"}, status_code=409)
    return _out(_visible(request, signed, batch_id))
