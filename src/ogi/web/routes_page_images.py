"""The page image of a stored PDF report: /reports/{sha}/pages/{n}.png, within the user's scope (404
otherwise, and for files that are not PDFs), so the cell page can show the page a cell was printed on."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy import select
from starlette.exceptions import HTTPException

from ogi.web.auth import User

__all__ = ["router"]

router = APIRouter(prefix="/reports")


@router.get("/{sha}/pages/{page}.png", include_in_schema=False)
def page_image(request: Request, signed: User, sha: str, page: int) -> Response:
    from sqlalchemy.orm import Session

    from ogi.corpus.records import Blob
    from ogi.web.page_images import PageNotFound, page_png
    from ogi.web.routes_reports import visible_report

    visible_report(request, signed, sha)  # 404 outside the scope, or when there is no such report
    with Session(request.app.state.engine) as sess:
        row = sess.execute(select(Blob.form, Blob.data).where(Blob.sha256 == sha)).first()
    if row is None or row.form != "pdf":
        raise HTTPException(404)
    try:
        png = page_png(sha, row.data, page)
    except PageNotFound:
        raise HTTPException(404) from None
    return Response(png, media_type="image/png",
                    headers={"X-Content-Type-Options": "nosniff", "Cache-Control": "private, max-age=86400"})
