"""Mixed inputs read by OCR: a PDF with some pages scanned and some born-digital, read page by page in page
order with the OCR pages shared by worker processes; a photo or scan of a page as a JPEG/PNG file."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from ogi.read.forms import Form, sniff
from ogi.read.ocr import ocr_available

sys.path.insert(0, str(Path(__file__).parent))
from ocr_support import seed000_pdf  # noqa: E402, F401 - the fixture
from test_ocr import _scan  # noqa: E402 - the seed's pages aged like a scan (bench/make_scans.py)
from test_ocr_corpus import compare  # noqa: E402 - values read against the born-digital reading

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / ".." / "shared" / "seeds" / "000_343c1e05f6dd2d22.txt"

needs_ocr = pytest.mark.skipif(not ocr_available(), reason="未安装文字识别组件（pip install \"ogi[ocr]\"），跳过")
needs_shared = pytest.mark.skipif(not SEED.is_file(), reason="未找到 ../shared/seeds（种子报告），跳过")


def _png(size: tuple[int, int] = (40, 20), **save: object) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", size, "white").save(buf, "PNG", **save)
    return buf.getvalue()


def test_page_images_are_told_by_content_not_by_name() -> None:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (40, 20), "white").save(buf, "JPEG")
    assert sniff(buf.getvalue(), "report.txt") is Form.IMAGE
    assert sniff(_png(), "report.pdf") is Form.IMAGE
    # text that merely starts like a BMP or a RIFF file is text
    assert sniff("BM 北京市2023年政府信息公开工作年度报告".encode()) is Form.TEXT
    assert sniff(b"RIFFLE 2023 report text") is Form.TEXT


def test_an_image_is_refused_without_ocr_and_says_why() -> None:
    from ogi.errors import NoTextLayerError
    from ogi.read.forms import read_bytes

    with pytest.raises(NoTextLayerError) as info:
        read_bytes(_png(), name="page.png", ocr="never")
    assert info.value.code == "read.no_text_layer"
    assert info.value.message().startswith("page.png：这是一张图片") and "--ocr auto" in info.value.message()


def test_the_resolution_of_a_photo_without_one_is_that_of_an_a4_page() -> None:
    from PIL import Image

    from ogi.read.ocr.pages import image_dpi

    # a 300 dpi scan says so; a phone photo 2480 px wide stating 72 dpi would be a page 34 inches wide:
    # taken as A4 (8.27 in) instead, 300 dpi
    scan = Image.open(io.BytesIO(_png((2480, 3508), dpi=(300, 300))))
    assert round(image_dpi(scan)) == 300
    photo = Image.open(io.BytesIO(_png((2480, 3508), dpi=(72, 72))))
    assert round(image_dpi(photo)) == 300
    assert round(image_dpi(Image.new("RGB", (1654, 2339)))) == 200


@pytest.fixture
def born(seed000_pdf: bytes) -> bytes:  # noqa: F811 - the fixture imported above
    return seed000_pdf


def _mixed(born: bytes, scan: bytes, scanned: set[int]) -> bytes:
    """A PDF whose pages in `scanned` (0-based) come from the scan, the others from the born-digital one."""
    import pypdfium2 as pdfium

    a, b = pdfium.PdfDocument(born), pdfium.PdfDocument(scan)
    new = pdfium.PdfDocument.new()
    for k in range(len(a)):
        new.import_pages(b if k in scanned else a, [k])
    buf = io.BytesIO()
    new.save(buf)
    return buf.getvalue()


@pytest.mark.slow
@needs_ocr
@needs_shared
def test_a_mixed_pdf_is_read_page_by_page_in_order_by_two_workers(born: bytes) -> None:
    from ogi.api import parse_bytes
    from ogi.read.forms import read_bytes

    mixed = _mixed(born, _scan(born, 200, "mixed:200"), {2, 3})
    seen_progress: list[tuple[int, int]] = []
    doc = read_bytes(mixed, name="mixed.pdf", ocr="auto", jobs=2,
                     progress=lambda done, total: seen_progress.append((done, total)))
    assert seen_progress == [(1, 2), (2, 2)]  # one call per OCR page, none for the born-digital ones
    assert "2 页无文字层，已用文字识别（OCR）读取" in doc.notes
    pages = [ln.page for ln in doc.lines]
    assert pages == sorted(pages) and set(pages) == {1, 2, 3, 4, 5}  # every page, in page order
    # page 1 is born-digital: its title is read from the text layer exactly
    assert any("2023" in ln.text and "年度报告" in ln.text for ln in doc.lines if ln.page == 1)

    truth = parse_bytes(born, name="seed.pdf")
    seen = parse_bytes(mixed, name="mixed.pdf", ocr="auto", jobs=2)
    read, total, wrong = compare(truth, seen)
    assert not wrong, "\n".join(wrong)
    assert total > 0 and read >= total // 2, f"仅读取 {read}/{total} 个数值"


@pytest.mark.slow
@needs_ocr
@needs_shared
def test_a_photo_of_a_table_page_as_png_is_read_or_flagged(born: bytes, tmp_path: Path) -> None:
    """Page 3 (the 主动公开 table, hand-checked in the seed: 行政规范性文件 3 0 12), aged like a scan (skew,
    noise, JPEG) and saved as a PNG stating no resolution, read through `ogi parse` like any other file."""
    import json
    import os

    import pypdfium2 as pdfium

    scan = _scan(born, 200, "photo:200")
    image = pdfium.PdfDocument(scan)[2].render(scale=200 / 72).to_pil().convert("RGB")
    path = tmp_path / "page.dat"  # no suffix to go by
    image.save(path, "PNG")
    got = subprocess.run([sys.executable, "-m", "ogi", "parse", "--json", str(path)], capture_output=True,
                         text=True, check=False, env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    assert got.returncode == 0, got.stderr
    model = json.loads(got.stdout)
    row = model["tables"]["table2"]["rows"]["normative_documents"]
    numbers = [c for c in row["cells"].values() if c["kind"] == "number"]
    # read exactly, or the row said unreadable: never another number
    assert row["status"] != "ok" or [c["value"] for c in numbers] == [3, 0, 12], row


def test_the_pages_of_a_file_read_alone_share_the_workers_of_a_batch_its_files() -> None:
    from ogi.batch import default_jobs
    from ogi.cli import _page_jobs

    one, two = [Path("a.pdf")], [Path("a.pdf"), Path("b.pdf")]
    assert _page_jobs(None, one) == min(2, default_jobs())  # two by default: a worker holds ~0.75 GB of models
    assert _page_jobs(8, one) == min(8, default_jobs())  # never more than the cores
    assert _page_jobs(8, two) == 1  # several files: the files run in parallel, each file's pages in turn
