"""The local OCR engine, loaded once per process and only when a scan arrives (the extra is optional)."""

from __future__ import annotations

from functools import lru_cache
from importlib.util import find_spec
from typing import Any

from ogi.errors import ReadError

__all__ = ["OcrUnavailableError", "engine", "ocr_available"]


class OcrUnavailableError(ReadError):
    """A scanned page arrived but the OCR extra is not installed."""

    code = "read.ocr_unavailable"
    message_zh = "PDF没有文字层（扫描件），需要文字识别（OCR）组件：请安装 pip install \"ogi[ocr]\" 后重试"


def ocr_available() -> bool:
    """Whether the `ocr` extra is installed (checked without importing the heavy modules)."""
    return all(find_spec(m) is not None for m in ("rapidocr", "onnxruntime", "cv2"))


@lru_cache(maxsize=1)
def engine(threads: int = 1) -> Any:  # noqa: ANN401 - rapidocr's engine object
    """Return the process's RapidOCR engine. One onnxruntime thread each: parallelism comes from worker
    processes, one page each, so a shared machine is not starved."""
    if not ocr_available():
        raise OcrUnavailableError(None)
    from rapidocr import RapidOCR

    return RapidOCR(params={
        "Global.log_level": "error",
        "Global.max_side_len": 4000,  # a 300 dpi A4 page is 3508 px high: never shrink it
        "EngineConfig.onnxruntime.intra_op_num_threads": threads,
        "EngineConfig.onnxruntime.inter_op_num_threads": 1,
    })
