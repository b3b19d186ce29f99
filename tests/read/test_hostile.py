"""Broken and hostile inputs: each gets its own clear error, never a crash or a hang."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from lo import soffice_convert
from ogi.api import parse_bytes
from ogi.errors import (
    AttachmentOnlyError,
    CorruptFileError,
    EmptyInputError,
    EncryptedError,
    NotAReportError,
    NoTextLayerError,
    TooLargeError,
)
from ogi.read.forms import MAX_INPUT, read_bytes

from conftest import seed_path


@pytest.fixture(scope="module")
def text_pdf(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """Seed 000's text printed to PDF by LibreOffice: a real, born-digital PDF with a text layer."""
    tmp = tmp_path_factory.mktemp("pdf")
    src = tmp / "seed000.txt"
    src.write_text(seed_path("000").read_text(encoding="utf-8"), encoding="utf-8")
    return soffice_convert(src, "pdf", tmp).read_bytes()


def test_text_pdf_reads(text_pdf: bytes) -> None:
    report = parse_bytes(text_pdf, name="seed000.pdf")
    assert report.metadata.agency == "安阳市科学技术局"
    assert report.tables["table3"].rows["new_received"].cells["total"].value == 1


def test_truncated_pdf(text_pdf: bytes) -> None:
    with pytest.raises(CorruptFileError) as info:
        read_bytes(text_pdf[: len(text_pdf) // 3], name="cut.pdf")
    assert "cut.pdf" in info.value.message()


def test_encrypted_pdf(text_pdf: bytes) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(text_pdf)))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")  # AES needs cryptography
    buf = io.BytesIO()
    writer.write(buf)
    with pytest.raises(EncryptedError) as info:
        read_bytes(buf.getvalue(), name="locked.pdf")
    assert "加密" in info.value.message()


def test_scanned_pdf_without_text_layer() -> None:
    from PIL import Image, ImageDraw

    page = Image.new("RGB", (595, 842), "white")
    ImageDraw.Draw(page).rectangle((50, 50, 545, 300), outline="black")
    buf = io.BytesIO()
    page.save(buf, format="PDF")
    with pytest.raises(NoTextLayerError) as info:
        read_bytes(buf.getvalue(), name="scan.pdf")
    assert "扫描件" in info.value.message()


def test_zip_bomb_docx() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", b"<w:document>" + b" " * (300 * 1024 * 1024) + b"</w:document>")
    with pytest.raises(TooLargeError):
        read_bytes(buf.getvalue(), name="bomb.docx")


def test_zip_that_is_not_a_word_document() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("hello.txt", "hi")
    with pytest.raises(CorruptFileError):
        read_bytes(buf.getvalue(), name="other.docx")


def test_deeply_nested_html_does_not_hang() -> None:
    page = "<html><body>" + "<div>" * 10_000 + "一、总体情况" + "</div>" * 10_000 + "</body></html>"
    with pytest.raises(NotAReportError):  # lxml stops nesting at its depth limit; nothing of a report is left
        parse_bytes(page.encode(), name="nested.html")


def test_html_with_wrong_declared_encoding_still_reads() -> None:
    """A page that declares UTF-8 but is GBK: the declared encoding fails, GB18030 is tried next."""
    text = seed_path("000").read_text(encoding="utf-8").replace("\n", "<br>\n")
    page = f'<html><head><meta charset="utf-8"></head><body><p>{text}</p></body></html>'
    report = parse_bytes(page.encode("gbk"), name="wrong.html")
    assert report.metadata.agency == "安阳市科学技术局"


def test_html_script_is_not_content() -> None:
    page = ("<html><body><script>alert('一、总体情况')</script><p>本页无内容</p>"
            "<a href='/files/report.pdf'>附件下载</a></body></html>")
    with pytest.raises(AttachmentOnlyError) as info:
        parse_bytes(page.encode(), name="attach.html")
    assert info.value.links == ["/files/report.pdf"]


def test_html_private_use_characters_are_kept_as_text() -> None:
    """The reader marks table positions with private-use characters while it works: text that looks like a
    marker is printed text, never a table, and never an error."""
    text = seed_path("003").read_text(encoding="utf-8").replace("\n", "<br>\n")
    forged = "\ue0000000000000000000:0\ue000 \ue000\ue001:9\ue001\ue000"
    page = f"<html><body><p>{text.replace('<br>', f'<br>{forged}<br>', 1)}</p></body></html>"
    doc = read_bytes(page.encode(), name="pua.html")
    assert forged in [ln.text for ln in doc.lines]
    assert parse_bytes(page.encode(), name="pua.html").tables["table3"].rows["total_processed"].status.value == "ok"


def test_empty_file() -> None:
    with pytest.raises(EmptyInputError):
        read_bytes(b"", name="empty.pdf")


def test_oversized_input_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as f:
        f.truncate(MAX_INPUT + 1)  # sparse: no disk used
    from ogi.read.forms import read_path

    with pytest.raises(TooLargeError):
        read_path(big)
