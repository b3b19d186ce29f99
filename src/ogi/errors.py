"""ogi's errors. Every error has a stable `code`, a Chinese message for users and an English str() for logs.

    OgiError
     └─ ReadError                 the input could not be read at all (CLI exit status 2)
         ├─ EmptyInputError       no content
         ├─ NotTextError          binary content given to the text reader
         ├─ UndecodableError      no known encoding fits the bytes
         └─ NotAReportError       readable, but nothing of an annual report was found

A report that *is* read but is wrong (sums that do not hold, unreadable cells) is not an error: it is a
finding of the checker.
"""

from __future__ import annotations

__all__ = [
    "EmptyInputError",
    "NotAReportError",
    "NotTextError",
    "OgiError",
    "ReadError",
    "UndecodableError",
]


class OgiError(Exception):
    code = "ogi.error"
    message_zh = "处理失败"

    def __init__(self, name: str | None = None, detail: str = "") -> None:
        self.name = name
        self.detail = detail
        super().__init__(f"{self.code}: {name or '<input>'}: {detail or self.__class__.__doc__}")

    def message(self) -> str:
        """The Chinese message for users, naming the file."""
        where = f"{self.name}：" if self.name else ""
        extra = f"（{self.detail}）" if self.detail else ""
        return f"{where}{self.message_zh}{extra}"


class ReadError(OgiError):
    """The input could not be read."""

    code = "read.failed"
    message_zh = "无法读取该文件"


class EmptyInputError(ReadError):
    """The input is empty."""

    code = "read.empty"
    message_zh = "文件为空，没有可读取的内容"


class NotTextError(ReadError):
    """The input is binary, not text."""

    code = "read.not_text"
    message_zh = "文件不是文本（可能是PDF、Word或压缩文件），文本读取器无法处理"


class UndecodableError(ReadError):
    """No known encoding decodes the input."""

    code = "read.undecodable"
    message_zh = "无法识别文件编码（已尝试UTF-8、GB18030/GBK及自动检测）"


class NotAReportError(ReadError):
    """Nothing of an annual report was found in the input."""

    code = "read.not_a_report"
    message_zh = "未在文件中找到政府信息公开工作年度报告的章节或表格"
