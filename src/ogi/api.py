"""The façade: a file, bytes or text in, a report model out.

A file that is ogi's own JSON model (``ogi parse --json`` or ``ogi render --to json``; recognised by content:
a JSON object with a ``schema_version`` field in its first 4 KB) is loaded and validated as the model, not read as
report text. Every other input is read by the reader its content calls for.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from ogi.errors import InvalidModelError
from ogi.extract.report import extract_report
from ogi.fileio import display_name, read_regular
from ogi.model.report import SCHEMA_VERSION, Report
from ogi.read.forms import MAX_INPUT, read_bytes
from ogi.read.text import read_text

if TYPE_CHECKING:
    from ogi.read.pdf import Progress
    from ogi.read.pictures import ImageSource

__all__ = ["is_model_json", "load_model", "parse_bytes", "parse_file", "parse_text"]

# bounded: only the first 4 KB are looked at, and every repeat is bounded
_MODEL_MARK = re.compile(rb'"schema_version"\s{0,16}:\s{0,16}(?:"([^"\\]{0,32})")?')


def parse_text(text: str, *, name: str | None = None) -> Report:
    """Given report text, return its model. Example: ``parse_text(Path("r.txt").read_text()).metadata.agency``."""
    return extract_report(read_text(text, name=name))


def parse_bytes(data: bytes, *, name: str | None = None, content_type: str | None = None,
                ocr: str = "never", jobs: int = 1, progress: Progress | None = None,
                images: ImageSource | None = None) -> Report:
    """Given a report's bytes in any form ogi reads (PDF, DOCX, DOC, HTML, text, a page image, ogi's JSON),
    return its model. ocr, jobs, progress: see parse_file; images: an HTML page's <img> src → the picture's
    bytes (or None), for tables published as pictures (data: URIs are read without it)."""
    if is_model_json(data):
        return load_model(data, name=name)
    return extract_report(read_bytes(data, name=name, content_type=content_type, ocr=ocr, jobs=jobs,
                                     progress=progress, images=images))


def parse_file(path: str | Path, *, ocr: str = "never", jobs: int = 1, progress: Progress | None = None) -> Report:
    """Given a report file in any form ogi reads, chosen by content, return its model; raises a ReadError.
    ocr: "never", "auto" (scanned PDF pages and page images read by OCR, the `ocr` extra) or "always";
    jobs: worker processes sharing the OCR pages; progress: called as progress(pages done, pages to do)
    after each OCR page (a long scan takes seconds a page). The pictures of an HTML page are read from the
    files saved beside it (never fetched)."""
    from ogi.read.pictures import saved_files

    p = Path(path)
    return parse_bytes(read_regular(p, MAX_INPUT), name=display_name(p.name), ocr=ocr, jobs=jobs,
                       progress=progress, images=saved_files(p.parent))


def is_model_json(data: bytes) -> bool:
    """Given a file's bytes, say whether they are ogi's JSON report model (by content, not by name)."""
    head = data[:4096].removeprefix(b"\xef\xbb\xbf").lstrip()
    return head.startswith(b"{") and _MODEL_MARK.search(head) is not None


def load_model(data: bytes, *, name: str | None = None) -> Report:
    """Given the bytes of ogi's JSON model, return the report; raises InvalidModelError naming the field."""
    from pydantic import ValidationError

    data = data.removeprefix(b"\xef\xbb\xbf")
    m = _MODEL_MARK.search(data[:4096])
    version = (m.group(1) or b"").decode("utf-8", "replace") if m else ""
    if version.split(".")[0] != SCHEMA_VERSION.split(".")[0]:
        raise InvalidModelError(name, f"模型版本为 {version or '（空）'}，本程序只能读取 {SCHEMA_VERSION.split('.')[0]}.x 版")
    try:
        return Report.from_json(data)
    except ValidationError as exc:
        raise InvalidModelError(name, validation_zh(exc)) from exc
    except ValueError as exc:
        raise InvalidModelError(name, "模型内容无效") from exc


_ERROR_TYPES = {
    "missing": "缺少必填字段",
    "extra_forbidden": "不允许的字段",
    "json_invalid": "JSON 格式错误",
    "json_type": "JSON 格式错误",
    "enum": "取值不在允许范围内",
    "literal_error": "取值不在允许范围内",
    "recursion_loop": "嵌套过深",
}


def validation_zh(exc) -> str:  # noqa: ANN001 - pydantic.ValidationError, imported lazily
    """Given a pydantic ValidationError, return a Chinese summary naming the first fields in error."""
    errors = exc.errors(include_url=False, include_input=False)
    parts = []
    for e in errors[:3]:
        where = ".".join(str(x) for x in e["loc"]) or "（整个文件）"
        kind = e["type"]
        reason = _ERROR_TYPES.get(kind) or ("类型不符" if kind.endswith(("_type", "_parsing")) else "取值无效")
        if kind == "json_invalid":
            where = "（整个文件）"
        parts.append(f"字段 {where}：{reason}")
    more = f"，共 {len(errors)} 处错误" if len(errors) > 3 else ""
    return "；".join(parts) + more
