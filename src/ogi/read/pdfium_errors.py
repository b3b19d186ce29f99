"""PDFium's English error messages in Chinese, so that no foreign text reaches the user."""

from __future__ import annotations

__all__ = ["pdfium_zh"]

_MESSAGES = (  # pypdfium2's texts for FPDF_GetLastError() codes, and its own wrappers' texts
    ("data format error", "数据格式错误（文件结构损坏）"),
    ("file not found", "文件不存在或无法打开"),
    ("could not be opened", "文件不存在或无法打开"),
    ("incorrect password", "密码错误"),
    ("password", "需要密码"),
    ("unsupported security scheme", "不支持的加密方式"),
    ("page not found", "页面不存在或内容错误"),
    ("content error", "页面内容错误"),
    ("failed to load page", "页面无法加载"),
    ("xfa", "XFA表单无法读取"),
    ("unknown error", "未知错误"),
)


def pdfium_zh(exc: BaseException) -> str:
    """Given an exception raised while reading a PDF, return its reason in Chinese."""
    text = str(exc).lower()
    for english, chinese in _MESSAGES:
        if english in text:
            return chinese
    return f"读取出错（{type(exc).__name__}）"
