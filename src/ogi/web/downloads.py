"""A file the app sends for download: always as an attachment (never shown in the app's origin), named twice —
an ASCII name for old clients and the Chinese name (RFC 6266 filename*) for the rest."""

from __future__ import annotations

from urllib.parse import quote

from fastapi.responses import Response

__all__ = ["DOCX", "XLSX", "attachment"]

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def attachment(data: bytes, media_type: str, ascii_name: str, name: str) -> Response:
    """The bytes as a download named `name` (`ascii_name` where the client cannot read UTF-8 names)."""
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
    return Response(data, media_type=media_type, headers={"Content-Disposition": disposition})
