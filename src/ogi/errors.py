"""ogi's errors. Every error has a stable `code`, a Chinese message for users and an English str() for logs.

    OgiError
     └─ ReadError                 the input could not be read at all (CLI exit status 2)
         ├─ EmptyInputError       no content
         ├─ NotTextError          binary content given to the text reader
         ├─ UndecodableError      no known encoding fits the bytes
         ├─ NotAReportError       readable, but nothing of an annual report was found
         ├─ AttachmentOnlyError   a web page that only links the report as an attachment (links kept)
         ├─ CorruptFileError      a PDF/DOCX whose structure is broken or truncated
         ├─ EncryptedError        a password-protected PDF
         ├─ NoTextLayerError      a scanned PDF: pages are images, no text to read
         ├─ TooLargeError         over the size limit, or a zip bomb
         │   └─ TableTooLargeError far more cells or rows than any report's table (表格过大)
         ├─ ConverterMissingError a DOC/WPS file and no LibreOffice to convert it
         ├─ NotRegularFileError   a directory, device, FIFO or socket given as a report file
         └─ InvalidModelError     a JSON model written by ogi that does not validate (names the field)
     ├─ WriteError                an output file could not be written (nothing half-written is left)
     └─ InternalError             an unexpected failure: one Chinese line, the details in the log file

A report that *is* read but is wrong (sums that do not hold, unreadable cells) is not an error: it is a
finding of the checker.
"""

from __future__ import annotations

import errno

__all__ = [
    "AttachmentOnlyError",
    "ConverterMissingError",
    "CorruptFileError",
    "EmptyInputError",
    "EncryptedError",
    "InternalError",
    "InvalidModelError",
    "NoTextLayerError",
    "TableTooLargeError",
    "TooLargeError",
    "NotAReportError",
    "NotRegularFileError",
    "NotTextError",
    "OgiError",
    "ReadError",
    "UndecodableError",
    "WriteError",
    "os_error_zh",
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


class AttachmentOnlyError(NotAReportError):
    """The page only links the report as an attachment."""

    code = "read.attachment_only"
    message_zh = "该网页没有报告正文，报告在附件中"

    def __init__(self, name: str | None = None, links: list[str] | None = None) -> None:
        self.links = list(links or [])
        super().__init__(name, "附件：" + "、".join(self.links[:5]))


class CorruptFileError(ReadError):
    """The file's structure is broken (truncated or damaged)."""

    code = "read.corrupt"
    message_zh = "文件已损坏或不完整，无法打开"


class EncryptedError(ReadError):
    """The PDF is password-protected."""

    code = "read.encrypted"
    message_zh = "PDF文件已加密（需要密码），无法读取，请取得未加密的文件"


class NoTextLayerError(ReadError):
    """The PDF has no text layer (a scan)."""

    code = "read.no_text_layer"
    message_zh = "PDF没有文字层（可能是扫描件），未做文字识别；可用 --ocr auto 读取（需安装 pip install \"ogi[ocr]\"）"


class TooLargeError(ReadError):
    """The input exceeds the size limit, or decompresses to far more than its size (a zip bomb)."""

    code = "read.too_large"
    message_zh = "文件过大或解压后体积异常（疑似压缩炸弹），已拒绝读取"


class TableTooLargeError(TooLargeError):
    """A line with far more cells, or a table with far more rows, than any annual report has."""

    code = "read.table_too_large"
    message_zh = "表格过大（远超年度报告表格的行数或单元格数），已拒绝读取"


class ConverterMissingError(ReadError):
    """A DOC/WPS file needs LibreOffice for conversion, and it is not installed."""

    code = "read.converter_missing"
    message_zh = "读取DOC/WPS文件需要先用LibreOffice转换，但本机未安装LibreOffice（soffice）；请安装后重试，或另存为DOCX"


class NotRegularFileError(ReadError):
    """The path is not a regular file (a directory, device, FIFO or socket): it is never read."""

    code = "read.not_regular_file"
    message_zh = "不是普通文件，已拒绝读取"


class InvalidModelError(ReadError):
    """A JSON report model that does not validate against ogi's schema."""

    code = "read.invalid_model"
    message_zh = "不是有效的 ogi 报告模型 JSON"


class WriteError(OgiError):
    """An output file could not be written; nothing half-written is left at the target."""

    code = "write.failed"
    message_zh = "无法写入输出文件"


class InternalError(OgiError):
    """An unexpected failure (a defect in ogi): the user sees one line, the traceback goes to the log file."""

    code = "internal"
    message_zh = "处理时发生内部错误，未能完成"


_ERRNO_ZH = {
    errno.ENOENT: "文件或文件夹不存在",
    errno.EACCES: "没有访问权限",
    errno.EPERM: "操作不被允许（没有权限）",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.ENOTDIR: "路径中有一级不是文件夹",
    errno.ELOOP: "符号链接循环（链接指向自身）",
    errno.ENAMETOOLONG: "文件名过长",
    errno.ENOSPC: "磁盘空间不足",
    errno.EDQUOT: "超出磁盘配额",
    errno.EROFS: "文件系统只读",
    errno.EIO: "读写设备出错（输入/输出错误）",
    errno.EBUSY: "文件正被占用",
    errno.ETXTBSY: "文件正被占用",
    errno.EMFILE: "打开的文件过多",
    errno.ENXIO: "设备不存在或未就绪",
    errno.EAGAIN: "资源暂时不可用",
    errno.EFBIG: "文件过大",
    errno.EXDEV: "不能跨文件系统移动文件",
}


def os_error_zh(exc: OSError) -> str:
    """Given an OSError, return its reason in Chinese (the English strerror never reaches the user)."""
    if exc.errno in _ERRNO_ZH:
        return _ERRNO_ZH[exc.errno]
    return f"系统错误（错误号 {exc.errno}）" if exc.errno else "系统错误"
