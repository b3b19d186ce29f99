"""The page image of a PDF report (on SQLite and PostgreSQL): a page of the stored blob rendered to PNG within
the user's scope, 404 outside it, for a page the file does not have, and for a file that is not a PDF."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from .reports_support import broken_anyang
from .support import add_user, page_token, sign_in

REALDOCS = Path(__file__).resolve().parents[2] / ".." / "shared" / "realdocs"
HUAIAN = REALDOCS / "huaian_city_gov_2024.pdf"
needs_huaian = pytest.mark.skipif(not HUAIAN.exists(), reason="未找到 ../shared/realdocs/huaian_city_gov_2024.pdf（真实报告不随仓库分发）")


def _upload(client: TestClient, data: bytes, name: str) -> str:
    token = page_token(client, "/reports/new")
    done = client.post("/reports/new", data={"csrf_token": token}, files={"file": (name, data)},
                       follow_redirects=False)
    assert done.status_code == 303, done.text
    return done.headers["location"].rsplit("/", 1)[1]


@needs_huaian
def test_a_page_of_a_pdf_report_is_served_as_png_within_the_scope(client: TestClient, engine: Engine) -> None:
    import pypdfium2 as pdfium
    from PIL import Image

    data = HUAIAN.read_bytes()
    pdf = pdfium.PdfDocument(data)
    pages, (width, height) = len(pdf), pdf[0].get_size()  # independent of the app: the file itself
    pdf.close()
    add_user(engine, "li.ming", "reviewer")
    assert sign_in(client, "li.ming").status_code == 303
    sha = _upload(client, data, "淮安市.pdf")
    assert sha == hashlib.sha256(data).hexdigest()
    got = client.get(f"/reports/{sha}/pages/1.png")
    assert got.status_code == 200 and got.headers["content-type"] == "image/png"
    assert got.headers["x-content-type-options"] == "nosniff"
    image = Image.open(io.BytesIO(got.content))
    assert image.format == "PNG"
    assert abs(image.width / image.height - width / height) < 0.01, "the whole page, not a crop"
    assert 700 <= max(image.size) <= 2400, "readable, and bounded"
    assert client.get(f"/reports/{sha}/pages/1.png").content == got.content, "the same image again (cached)"
    assert client.get(f"/reports/{sha}/pages/{pages + 1}.png").status_code == 404
    assert client.get(f"/reports/{sha}/pages/0.png").status_code == 404
    assert client.get(f"/reports/{'0' * 64}/pages/1.png").status_code == 404
    text_sha = _upload(client, broken_anyang(), "anyang.txt")
    assert client.get(f"/reports/{text_sha}/pages/1.png").status_code == 404, "only PDFs have page images"
    client.post("/logout", data={"csrf_token": page_token(client)})
    add_user(engine, "zhang.san", "reader", "410500")  # 安阳: not 淮安
    assert sign_in(client, "zhang.san").status_code == 303
    assert client.get(f"/reports/{sha}/pages/1.png").status_code == 404, "outside the scope its existence is not told"
    assert client.get(f"/reports/{text_sha}/pages/1.png").status_code == 404


def test_the_page_image_asks_for_sign_in(client: TestClient) -> None:
    got = client.get(f"/reports/{'a' * 64}/pages/1.png", follow_redirects=False)
    assert got.status_code in (303, 401)


@needs_huaian
def test_the_cell_page_of_a_pdf_shows_its_page_image_and_a_text_report_does_not(client: TestClient,
                                                                                 engine: Engine) -> None:
    import re

    add_user(engine, "li.ming", "reviewer")
    assert sign_in(client, "li.ming").status_code == 303
    sha = _upload(client, HUAIAN.read_bytes(), "淮安市.pdf")
    link = re.search(r'href="(/reports/[0-9a-f]{64}/cell\?[^"]+)"', client.get(f"/reports/{sha}").text)
    assert link, "the report page links its cells"
    cell = client.get(link.group(1).replace("&amp;", "&")).text
    shown = re.search(r"<dt>页码</dt><dd>第 (\d+) 页</dd>", cell)
    assert shown, "a PDF cell has its page"
    assert f'src="/reports/{sha}/pages/{shown.group(1)}.png"' in cell and "页面图像" in cell
    text_sha = _upload(client, broken_anyang(), "anyang.txt")
    link = re.search(r'href="(/reports/[0-9a-f]{64}/cell\?[^"]+)"', client.get(f"/reports/{text_sha}").text)
    assert "/pages/" not in client.get(link.group(1).replace("&amp;", "&")).text, "no page image for a text report"
