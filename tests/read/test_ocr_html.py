"""An HTML page whose tables are pictures: each <img> of the report body — a data: URI, or a file saved with
the page ("Save page, complete") — read by OCR in its place; nothing is fetched, nothing read above the page's
folder."""

from __future__ import annotations

import base64
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest

from ogi.read.ocr import ocr_available
from ogi.read.pictures import saved_files

sys.path.insert(0, str(Path(__file__).parent))
from ocr_support import SEED_000, seed000_pdf  # noqa: E402, F401 - the fixture
from test_ocr_corpus import compare  # noqa: E402 - values read against the original reading


def test_saved_files_reads_only_below_the_page_folder(tmp_path: Path) -> None:
    page = tmp_path / "site"
    (page / "page_files").mkdir(parents=True)
    (page / "page_files" / "表 1.png").write_bytes(b"\x89PNG\r\n\x1a\ninside")
    (tmp_path / "secret.png").write_bytes(b"outside")
    read = saved_files(page)
    assert read("page_files/%E8%A1%A8%201.png?v=3") == b"\x89PNG\r\n\x1a\ninside"  # quoted, with a query
    assert read("../secret.png") is None  # above the page's folder
    assert read(str(tmp_path / "secret.png")) is None  # an absolute path elsewhere
    assert read("http://127.0.0.1:9/page_files/%E8%A1%A8%201.png") is None  # a URL: never fetched
    assert read("//example.org/a.png") is None
    assert read("page_files/missing.png") is None


def test_pictures_are_not_read_without_ocr() -> None:
    from ogi.read.html import read_html

    html = "<html><body><h1>2023年政府信息公开工作年度报告</h1><p>一、总体情况</p><img src=\"data:image/png;base64,AAAA\"></body></html>"
    doc = read_html(html.encode(), name="a.html")  # ocr never: the picture is left as it is, nothing said
    assert not doc.notes and all("图片" not in d for d in doc.damage)


@pytest.mark.slow
@pytest.mark.skipif(not ocr_available(), reason="未安装文字识别组件（pip install \"ogi[ocr]\"），跳过")
@pytest.mark.skipif(not SEED_000.is_file(), reason="未找到 ../shared/seeds（种子报告），跳过")
def test_tables_published_as_pictures_are_read_in_place(seed000_pdf: bytes, tmp_path: Path) -> None:  # noqa: F811
    """Seed 000 as an HTML page, its parts 二 and 三 (heading and table) replaced by pictures of the printed
    pages 3 and 4: page 3 inline as a data: URI, page 4 a JPEG saved beside the page; two more pictures that
    must not be read (a URL, a file above the page's folder)."""
    import pypdfium2 as pdfium

    from ogi.api import parse_bytes, parse_file

    out = tmp_path / "original.html"
    subprocess.run([sys.executable, "-m", "ogi", "render", "--to", "html", "-o", str(out), str(SEED_000)],
                   check=True, capture_output=True)
    original = out.read_text(encoding="utf-8")
    pdf = pdfium.PdfDocument(seed000_pdf)

    def jpeg(index: int) -> bytes:
        img = pdf[index].render(scale=150 / 72).to_pil().convert("RGB")
        img = img.crop((0, 0, img.width, int(img.height * 0.9)))  # without the page number at the foot
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=80)
        return buf.getvalue()

    site = tmp_path / "site"
    (site / "page_files").mkdir(parents=True)
    (site / "page_files" / "p4.jpg").write_bytes(jpeg(3))
    (tmp_path / "p3.jpg").write_bytes(jpeg(2))  # the same picture, above the page's folder: not to be read
    pictures = (f'<section><p><img src="data:image/jpeg;base64,{base64.b64encode(jpeg(2)).decode()}"></p>'
                '<p><img src="http://127.0.0.1:9/p3.png"><img src="../p3.jpg"></p>'
                '<p><img src="page_files/p4.jpg" alt="表三"></p></section>')
    page, n = re.subn(r'<section aria-labelledby="s2">.*?(?=<section aria-labelledby="s4">)', lambda _m: pictures,
                      original, flags=re.S)
    assert n == 1 and "<table id=\"table2\"" not in page
    (site / "report.html").write_text(page, encoding="utf-8")

    truth = parse_bytes(original.encode(), name="original.html")
    seen = parse_file(site / "report.html", ocr="auto")
    assert "网页中 2 张图片已用文字识别（OCR）读取" in seen.reader_notes
    read, total, wrong = compare(truth, seen)
    assert not wrong, "\n".join(wrong)
    # tables 二 and 三 are in the pictures, 四 is still an HTML table (measured: 200 of 200 values read)
    assert total > 0 and read >= total // 2, f"仅读取 {read}/{total} 个数值"
