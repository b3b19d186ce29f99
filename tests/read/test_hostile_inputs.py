"""Hostile inputs found by the campaign of issue 9: each is read or refused in Chinese, never a crash.

Every test here failed on the code before the robustness work (a traceback, a hang, mojibake or a silent
value); each names the cause it pins.
"""

from __future__ import annotations

import io
import random
import time
import zipfile

import pytest

from ogi.api import parse_bytes
from ogi.check import check
from ogi.errors import CorruptFileError, NotAReportError, ReadError, TooLargeError
from ogi.read.forms import read_bytes
from ogi.render import render

from conftest import seed_path

AGENCY = "安阳市科学技术局"
NEW_ROW = "一、本年新收政府信息公开申请数量\t\t1\t0"  # seed 000: 自然人 = 1 on this row


@pytest.fixture(scope="module")
def seed() -> str:
    return seed_path("000").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed_html(seed: str) -> bytes:
    return render(parse_bytes(seed.encode(), name="seed.txt"), "html")


def _rules(report) -> set[str]:  # noqa: ANN001
    return {f.rule_id for f in check(report)}


# 1. byte-order marks and declared charsets


@pytest.mark.parametrize("data", [b"\xef\xbb\xbf" + b"\xff\xfe\xfd" * 40, b"\xff\xfe" + b"\x00\xd8" * 40,
                                  b"\xfe\xff" + b"\xdc\x00" * 41])
def test_bom_followed_by_invalid_bytes_is_a_chinese_error(data: bytes) -> None:
    with pytest.raises(ReadError) as info:
        read_bytes(data, name="bom.txt")
    assert "bom.txt" in info.value.message() and "编码" in info.value.message()


@pytest.mark.parametrize("codec,bom", [("utf-32-le", b"\xff\xfe\x00\x00"), ("utf-32-be", b"\x00\x00\xfe\xff")])
def test_utf32_with_bom_reads_as_utf32(seed: str, codec: str, bom: bytes) -> None:
    report = parse_bytes(bom + seed.encode(codec), name="u32.txt")
    assert report.metadata.agency == AGENCY


def test_undefined_meta_charset_is_ignored(seed_html: bytes) -> None:
    page = seed_html.replace(b'<meta charset="utf-8">', b'<meta charset="undefined">', 1)
    assert b"undefined" in page
    assert parse_bytes(page, name="undef.html").metadata.agency == AGENCY


@pytest.mark.parametrize("declared", ["utf-16", "iso-8859-1", "utf-32", "windows-1252"])
@pytest.mark.parametrize("real", ["utf-8", "gbk"])
def test_a_lying_declared_charset_is_not_believed(seed_html: bytes, declared: str, real: str) -> None:
    page = seed_html.decode("utf-8").replace('<meta charset="utf-8">', f'<meta charset="{declared}">', 1)
    report = parse_bytes(page.encode(real), name="lie.html")
    assert report.metadata.agency == AGENCY
    assert report.tables["table3"].rows["new_received"].cells["natural_person"].value == 1


# 2. a damaged byte costs the cells it touches, not the file


def _damage(data: bytes, at: int, how: str) -> bytes:
    if how == "flip":
        return data[:at] + bytes([data[at] ^ 0xC0]) + data[at + 1:]
    if how == "insert":
        return data[:at] + b"\xa7" + data[at:]
    return data[:at]  # cut


@pytest.mark.parametrize("how", ["flip", "insert", "cut"])
def test_damaged_utf8_text_is_read_with_the_damage_noted(seed: str, how: str) -> None:
    data = seed.encode()
    rng = random.Random(9)
    for at in sorted(rng.sample(range(len(data) // 2, len(data) - 1), 8)):
        damaged = _damage(data, at, how)
        if how == "cut" and damaged.decode("utf-8", "ignore") == damaged.decode("utf-8", "replace"):
            continue  # cut between characters: nothing damaged
        doc = read_bytes(damaged, name="dmg.txt")
        assert any("损坏" in n for n in doc.damage), (how, at)
        parse_bytes(damaged, name="dmg.txt")  # the report is read, not refused


def test_a_damaged_value_cell_is_flagged_never_read(seed: str) -> None:
    data = seed.encode()
    at = data.index(NEW_ROW.encode()) + len(NEW_ROW.encode()) - 3  # the "1" of 自然人
    assert data[at:at + 1] == b"1"
    damaged = data[:at] + b"\xff" + data[at + 1:]
    report = parse_bytes(damaged, name="dmg.txt")
    cell = report.tables["table3"].rows["new_received"].cells["natural_person"]
    assert cell.value is None and "\ufffd" in cell.text
    assert "read.cell_damaged" in _rules(report)


def test_damaged_html_is_read(seed_html: bytes) -> None:
    at = seed_html.index("总体情况".encode()) + 1
    report = parse_bytes(seed_html[:at] + b"\xff" + seed_html[at:], name="dmg.html")
    assert report.metadata.agency == AGENCY


# 3. control characters


def test_control_characters_in_html_text(seed_html: bytes) -> None:
    page = seed_html.replace("总体情况".encode(), "总体\x0b情况\x01".encode(), 1)
    assert parse_bytes(page, name="ctl.html").metadata.agency == AGENCY


@pytest.mark.parametrize("form", ["docx", "xlsx"])
def test_control_characters_in_the_report_do_not_break_the_writers(seed: str, form: str) -> None:
    text = seed.replace(AGENCY, "安阳市\x0b科学\x01技术局", 1)
    report = parse_bytes(text.encode(), name="ctl.txt")
    assert "\x0b" in (report.metadata.agency or "")
    assert render(report, form)[:2] == b"PK"


# 4. numerals


def test_doubled_chinese_numeral_is_not_a_date(seed: str) -> None:
    report = parse_bytes((seed.rstrip() + "\n二〇二四年十十月一日\n").encode(), name="date.txt")
    assert report.metadata.date_of_issue is None or report.metadata.date_of_issue.year != 2024


def test_a_number_of_5000_digits_is_a_finding(seed: str) -> None:
    report = parse_bytes(seed.replace(NEW_ROW, NEW_ROW[:-3] + "1" * 5000 + "\t0", 1).encode(), name="big.txt")
    assert report.tables["table3"].rows["new_received"].cells["natural_person"].value is None
    assert "read.cell_damaged" in _rules(report)


# 5. digits other than 0-9, implausible years, no tables


@pytest.mark.parametrize("digit", ["¹", "٣", "۳", "①", "𝟏", "१"])
def test_foreign_digits_are_never_values(seed: str, digit: str) -> None:
    report = parse_bytes(seed.replace(NEW_ROW, NEW_ROW[:-3] + digit + "\t0", 1).encode(), name="d.txt")
    cell = report.tables["table3"].rows["new_received"].cells["natural_person"]
    assert cell.value is None
    findings = [f for f in check(report) if f.rule_id == "read.cell_damaged"]
    assert findings and "自然人" in findings[0].message


@pytest.mark.parametrize("year", ["9999", "2003"])
def test_implausible_report_year_is_a_finding(seed: str, year: str) -> None:
    report = parse_bytes(seed.replace("2023", year).encode(), name="y.txt")
    assert "metadata.year_implausible" in _rules(report)


def test_only_a_heading_is_not_a_report() -> None:
    with pytest.raises(NotAReportError) as info:
        parse_bytes("一、总体情况\n".encode(), name="head.txt")
    assert "统计表" in info.value.message()


# 6. PDF pages that fail


def _pdf(objects: list[bytes]) -> bytes:
    out, offsets = b"%PDF-1.4\n", []
    for i, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    return out + f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()


def test_pdf_with_a_looping_page_tree_is_corrupt_in_chinese() -> None:
    data = _pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>"])
    with pytest.raises(CorruptFileError) as info:
        read_bytes(data, name="loop.pdf")
    message = info.value.message()
    assert "loop.pdf" in message and not any("a" <= c.lower() <= "z" for c in message.replace("loop.pdf", ""))


def test_pdf_page_that_fails_is_noted_and_the_others_read() -> None:
    content = b"BT /F1 12 Tf 72 720 Td (Hello report) Tj ET"
    data = _pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R 6 0 R] /Count 2 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Type /Pages /Kids [6 0 R] /Count 1 >>",  # page 2: a page tree that loops on itself
    ])
    doc = read_bytes(data, name="half.pdf")
    assert [ln.text for ln in doc.lines] == ["Hello report"]
    assert any("第2页无法读取" in n for n in doc.damage)


# 10. DOCX whose paragraphs are far too many


def test_docx_with_a_huge_document_part_is_refused_quickly(seed: str) -> None:
    docx = render(parse_bytes(seed.encode(), name="s.txt"), "docx")
    src = zipfile.ZipFile(io.BytesIO(docx))
    xml = src.read("word/document.xml").decode()
    at = xml.index("<w:body>") + len("<w:body>")
    rng = random.Random(10)
    pool = ["".join(rng.choice("政府信息公开年度报告申请办理结果予以部分") for _ in range(30)) for _ in range(3000)]
    body = "".join(f"<w:p><w:r><w:t>{rng.choice(pool)}{rng.randint(0, 10**9)}</w:t></w:r></w:p>"
                   for _ in range(40_000_000 // 100))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for n in src.namelist():
            out.writestr(n, xml[:at] + body + xml[at:] if n == "word/document.xml" else src.read(n))
    started = time.monotonic()
    with pytest.raises(TooLargeError) as info:
        read_bytes(buf.getvalue(), name="bomb.docx")
    assert "document.xml" in info.value.message()
    assert time.monotonic() - started < 60  # generous: it used to parse every paragraph first


# 12. tables far beyond any report's


def test_a_line_of_200000_cells_is_too_large(seed: str) -> None:
    at = seed.index("三、收到")
    text = seed[:at] + "行政许可\t" + "1\t" * 200_000 + "\n" + seed[at:]
    with pytest.raises(ReadError) as info:
        parse_bytes(text.encode(), name="wide.txt")
    assert "表格过大" in info.value.message()


def test_a_table_of_100000_rows_is_too_large(seed: str) -> None:
    at = seed.index("三、收到")
    text = seed[:at] + "".join(f"行政许可{k}\t1\t0\t1\n" for k in range(100_000)) + seed[at:]
    with pytest.raises(ReadError) as info:
        parse_bytes(text.encode(), name="long.txt")
    assert "表格过大" in info.value.message()


# 14. no foreign library text in messages


def _zip(parts: dict[str, bytes | str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return buf.getvalue()


@pytest.mark.parametrize("parts", [{"word/document.xml": "<x/>"},
                                   {"[Content_Types].xml": "<Types/>", "word/document.xml": "<x/>"}],
                         ids=["no-parts", "no-relations"])
def test_broken_docx_messages_are_chinese(parts: dict) -> None:
    with pytest.raises(CorruptFileError) as info:
        read_bytes(_zip(parts), name="broken.docx")
    message = info.value.message()
    assert "KeyError" not in message and "BadZipFile" not in message and "Error" not in message


def test_broken_pdf_message_is_chinese() -> None:
    with pytest.raises(CorruptFileError) as info:
        read_bytes(b"%PDF-1.4\n" + b"garbage " * 100, name="broken.pdf")
    message = info.value.message()
    assert "Data format error" not in message and "PDFium" not in message and "数据格式错误" in message
