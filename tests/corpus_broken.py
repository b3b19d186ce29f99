"""Broken files for the corpus, each made from a good one the way real collections break them (test helper).

Every maker returns the file's bytes; `BROKEN` says for each kind its suffix, what is wrong (Chinese, for the
manifest) and the ogi error code it must raise. The codes were checked by hand with `ogi parse` on files made
here; a kind with code None raises no ogi error of its own: either ogi reads the report anyway (`readable`:
the GBK page declared UTF-8, the huge file) or the damage is the ingest's to report (a zip member whose
bytes fail their CRC).
"""

from __future__ import annotations

import io
import random
import re
from dataclasses import dataclass
from pathlib import Path

__all__ = ["BROKEN", "Broken", "corrupt_zip_member", "image_only_pdf"]


@dataclass(frozen=True)
class Broken:
    kind: str
    suffix: str
    reason: str  # what is wrong, in Chinese
    error_code: str | None  # the OgiError code ogi raises on it
    readable: bool = False  # ogi still reads the report in it to the truth (the defect is one it survives)


BROKEN: dict[str, Broken] = {b.kind: b for b in (
    Broken("truncated-pdf", ".pdf", "PDF文件被截断（只有前一半）", "read.corrupt"),
    Broken("encrypted-pdf", ".pdf", "PDF文件已加密（需要打开密码）", "read.encrypted"),
    Broken("image-only-pdf", ".pdf", "PDF只有图片没有文字层（扫描件）", "read.no_text_layer"),
    Broken("empty-txt", ".txt", "空文件（0字节）", "read.empty"),
    Broken("empty-pdf", ".pdf", "空文件（0字节），扩展名为.pdf", "read.empty"),
    Broken("junk-txt", ".txt", "随机二进制数据，扩展名为.txt", "read.not_text"),
    Broken("gbk-declared-utf8", ".html", "网页按GBK编码保存，却声明为UTF-8（ogi仍能读出）", None, True),
    Broken("docx-not-zip", ".docx", "扩展名为.docx，内容不是ZIP（是下载时服务器返回的错误网页）", "read.not_a_report"),
    Broken("truncated-docx", ".docx", "DOCX文件被截断（ZIP目录缺失）", "read.corrupt"),
    Broken("not-a-report", ".txt", "一篇新闻稿，不是年度报告", "read.not_a_report"),
    Broken("attachment-page", ".html", "网页只有附件链接，没有报告正文", "read.attachment_only"),
    Broken("huge-txt", ".txt", "报告后附约6 MB的无关文字（超大文件，ogi仍能读出）", None, True),
    Broken("corrupt-zip-member", ".txt", "压缩包内该成员的数据已损坏（CRC校验失败）", None),
)}


def truncated(data: bytes) -> bytes:
    return data[: len(data) // 2]


def encrypted_pdf(pdf: bytes) -> bytes:
    """The PDF encrypted with an open password (RC4-128: pypdf needs no extra library for it), as offices sometimes "protect" a published report."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user_password="gk2024", owner_password="owner-gk2024", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def image_only_pdf(title: str, lines: list[str]) -> bytes:
    """A one-page PDF that is only a picture of the report's first lines, as a scanner makes it (Pillow)."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("L", (1240, 1754), 255)  # A4 at 150 dpi
    draw = ImageDraw.Draw(image)
    font = _cjk_font(ImageFont, 34)
    draw.text((120, 120), title, fill=0, font=font)
    for n, line in enumerate(lines[:40]):
        draw.text((120, 220 + 36 * n), line[:34], fill=0, font=_cjk_font(ImageFont, 26))
    out = io.BytesIO()
    image.save(out, "PDF", resolution=150.0)
    return out.getvalue()


def _cjk_font(image_font, size: int):  # noqa: ANN001, ANN202 - PIL.ImageFont, imported lazily
    for path in ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
                 "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"):
        if Path(path).exists():
            return image_font.truetype(path, size)
    return image_font.load_default(size)


def junk(rng: random.Random, size: int = 4096) -> bytes:
    return rng.randbytes(size)


def gbk_declared_utf8(html_utf8: bytes) -> bytes:
    """The page saved in GBK while its meta tag still says UTF-8 (an editor's "save as ANSI")."""
    return html_utf8.decode("utf-8").encode("gbk", errors="xmlcharrefreplace")


def docx_not_zip(url: str) -> bytes:
    """What a download saved as .docx holds when the server answered with its error page."""
    return ('<!DOCTYPE html><html><head><meta charset="utf-8"><title>404 Not Found</title></head><body>'
            f"<h1>404 Not Found</h1><p>您访问的页面不存在或已被删除：{url}</p><p>返回首页</p></body></html>").encode()


def not_a_report(agency: str, year: int) -> bytes:
    return (f"{agency}召开{year}年度工作总结会议\n\n"
            f"近日，{agency}召开年度工作总结会议，总结{year}年工作成效，部署下一年度重点任务。"
            "会议要求，各科室要进一步提高政治站位，狠抓工作落实，确保各项任务按期完成。\n"
            "会议还对安全生产、信访稳定等工作进行了安排。\n").encode()


def attachment_page(agency: str, year: int, link: str) -> bytes:
    """A portal page whose body is only a link to the report as an attachment."""
    title = f"{agency}{year}年政府信息公开工作年度报告"
    return (f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{title}</title></head>'
            f"<body><h1>{title}</h1><p>发布日期：{year + 1}-01-20</p>"
            f'<p>附件：<a href="{link}">{title}.pdf</a></p></body></html>').encode()


def huge(report_text: str, rng: random.Random, size: int = 6 * 1024 * 1024) -> bytes:
    """The report followed by megabytes of unrelated lines (a portal's whole column pasted after it)."""
    out = [report_text, "\n附：本栏目历史信息\n"]
    total = len(report_text.encode())
    while total < size:
        line = f"{rng.randint(2008, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}　关于印发第{rng.randint(1, 999)}号通知的公告\n"
        out.append(line)
        total += len(line.encode())
    return "".join(out).encode("utf-8")


_LOCAL_HEADER = 30  # bytes of a zip local file header before its name and extra field


def corrupt_zip_member(archive: bytes, member: str) -> bytes:
    """Given a zip and one member's name, return the zip with bytes in the middle of that member's compressed
    data inverted: the archive still opens, reading the member fails its CRC (or inflate) check."""
    import struct
    import zipfile

    with zipfile.ZipFile(io.BytesIO(archive)) as z:
        info = z.getinfo(member)
    start = info.header_offset
    name_len, extra_len = struct.unpack("<HH", archive[start + 26 : start + 30])
    data = start + _LOCAL_HEADER + name_len + extra_len
    middle = data + info.compress_size // 2
    span = max(1, min(16, info.compress_size // 4))
    damaged = bytearray(archive)
    for i in range(middle, middle + span):
        damaged[i] ^= 0xFF
    return bytes(damaged)


def declared_charset(html: bytes) -> str | None:
    m = re.search(rb'charset="?([A-Za-z0-9_-]+)', html[:2048])
    return m.group(1).decode() if m else None
