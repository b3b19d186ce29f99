"""A real browser (Playwright driving Debian's chromium) against a real `ogi serve`: a reviewer opens a cell of a
PDF report and sees it marked over the page image, exactly where the reader found it; then corrects a row the
reader could not read and sees it marked 人工更正. Screenshots for docs/screenshots/."""

from __future__ import annotations

import zlib
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from corpus_pdf import chromium_pdfs
from ogi.api import parse_file
from ogi.corpus.records import Reading
from ogi.model.layout import TableKey
from ogi.model.report import Report
from ogi.render import render
from ogi.storage.db import connect
from ogi.web.reports import store_bytes
from ogi.web.users import create_user

from .reports_support import SHIZUISHAN
from .server import Server, start
from .support import PASSWORD
from .test_browser import CHROMIUM, SHOTS
from conftest import seed_path

pytestmark = [pytest.mark.slow, pytest.mark.skipif(CHROMIUM is None, reason="未安装 Debian chromium（scripts/setup --dev）")]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, str, bytes, str]]:
    """The server, with a seed printed to PDF by Chromium (its sha and bytes) and 石嘴山's text report (its sha)."""
    db = f"sqlite:///{tmp_path_factory.mktemp('browser-cells') / 'web.db'}"
    pdf = chromium_pdfs([render(parse_file(seed_path("002")), "html")])[0]
    running = start(db, env={"OGI_ADMIN_PASSWORD": "Harbour-light-31"})
    engine = connect(db)
    create_user(engine, "test", "shen.hui", PASSWORD, "reviewer", "")
    sha = store_bytes(engine, pdf, "年报.pdf", "test").sha256
    text_sha = store_bytes(engine, SHIZUISHAN.read_bytes(), "石嘴山.txt", "test").sha256
    engine.dispose()
    yield running, sha, pdf, text_sha
    running.stop()


def _open_cell(page, server: Server, sha: str, link: str) -> None:  # noqa: ANN001
    """Sign in as the reviewer, open the report and follow the link of one of its table cells."""
    page.goto(server.url + "/login")
    page.get_by_label("用户名").fill("shen.hui")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(server.url + "/")
    page.goto(f"{server.url}/reports/{sha}")
    page.locator(link).click()
    page.wait_for_url(f"{server.url}/reports/{sha}/cell?*")


def _current_model(server_db: str, sha: str) -> Report:
    engine = connect(server_db)
    with engine.connect() as conn:
        model = conn.execute(select(Reading.model).where(Reading.sha256 == sha, Reading.current.is_(True))).scalar()
    engine.dispose()
    return Report.from_json(zlib.decompress(model))


def test_a_cell_of_a_pdf_is_marked_over_its_page_image(served, page) -> None:  # noqa: ANN001
    import pypdfium2 as pdfium

    server, sha, pdf, _ = served
    # table 三, row 一、本年新收, column 自然人: the first value cell of the table's body
    _open_cell(page, server, sha, '#table3 a[href*="row=new_received"][href*="column=natural_person"]')
    image = page.locator("img.page-image")
    image.evaluate("e => e.decode()")
    image.scroll_into_view_if_needed()
    mark = page.locator("svg.page-mark-layer rect.page-mark")
    assert mark.count() == 1
    alt = image.get_attribute("alt")
    db = server.process.args[server.process.args.index("--db") + 1]
    cell = _current_model(db, sha).tables[TableKey.APPLICATIONS].rows["new_received"].cells["natural_person"]
    assert alt.startswith(f"第{cell.source.page}页，第{cell.source.line}行"), alt
    box = cell.source.box
    assert box is not None
    doc = pdfium.PdfDocument(pdf)
    width, height = doc[cell.source.page - 1].get_size()  # the page itself, in points
    doc.close()
    shown = image.bounding_box()
    got = mark.bounding_box()
    scale_x, scale_y = shown["width"] / width, shown["height"] / height
    want = {"x": shown["x"] + box.x0 * scale_x, "y": shown["y"] + (height - box.y1) * scale_y,
            "width": (box.x1 - box.x0) * scale_x, "height": (box.y1 - box.y0) * scale_y}
    for key, value in want.items():
        assert abs(got[key] - value) <= 3, (key, got, want)  # within the stroke's width on screen
    assert got["width"] > 10 and got["height"] > 5, "a cell, not a dot"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.evaluate(f"window.scrollTo(0, {max(0, got['y'] + page.evaluate('window.scrollY') - 260)})")
    page.screenshot(path=str(SHOTS / "cell-mark.png"), full_page=False)


def test_a_reviewer_corrects_an_unreadable_row(served, page) -> None:  # noqa: ANN001
    server, _sha, _pdf, text_sha = served
    _open_cell(page, server, text_sha, '#table3 td.unreadable a[href*="row=withheld_state_secret"]')
    for label in ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"):
        page.get_by_label(label, exact=True).fill("0")
    page.get_by_label("更正理由").fill("与盖章原件核对，此行七列均为 0")
    page.get_by_role("button", name="保存人工更正").click()
    page.wait_for_url(f"{server.url}/reports/{text_sha}/cell?*")
    main = page.locator("main").inner_text()
    assert "原文无法读取，已人工更正" in main and "shen.hui" in main and "与盖章原件核对" in main
    page.goto(f"{server.url}/reports/{text_sha}")
    marks = page.locator("#table3 td.corrected .corrected-mark")
    assert marks.count() == 7
    marks.first.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "correction.png"), full_page=False)
