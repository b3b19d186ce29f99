"""The notices panel in Debian's chromium against a real `ogi serve`: a clerk clicks 生成补正告知书, downloads the
kept DOCX (opened with python-docx), and axe-core finds no serious violation on the panel."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest

from ogi.office.lifecycle import add_application, request_correction
from ogi.storage.db import connect, migrate, session

from .server import Server, start
from .support import PASSWORD, add_user
from .test_a11y import serious_violations

pytestmark = pytest.mark.slow
PANEL = "/office/applications/2025-009/notices"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    db = f"sqlite:///{tmp_path_factory.mktemp('notices') / 'web.db'}"
    engine = connect(db)
    migrate(engine)
    with session(engine, actor="test") as s:
        app = add_application(s, ref="2025-009", applicant_category="自然人", applicant_name="赵六", channel="网络",
                              received_on=dt.date(2025, 1, 20), request="某路段改造批复")
        request_correction(app, dt.date(2025, 1, 20), workdays=7, actor="test")
    add_user(engine, "clerk", "clerk")
    engine.dispose()
    running = start(db)
    yield running
    running.stop()


def test_a_clerk_issues_and_downloads_a_correction_notice_in_the_browser(browser, server: Server,  # noqa: ANN001
                                                                          tmp_path: Path) -> None:
    context = browser.new_context(base_url=server.url, locale="zh-CN", accept_downloads=True)
    page = context.new_page()
    try:
        page.goto("/login")
        page.get_by_label("用户名").fill("clerk")
        page.get_by_label("密码").fill(PASSWORD)
        page.get_by_role("button", name="登录").click()
        page.wait_for_url(server.url + "/")
        page.goto(PANEL)
        assert serious_violations(page) == []
        page.get_by_role("button", name="生成补正告知书").click()
        page.get_by_role("status").filter(has_text="已生成并留存补正告知书").wait_for()
        assert serious_violations(page) == []
        with page.expect_download() as got:
            page.get_by_role("link", name="下载 DOCX").first.click()
        target = tmp_path / "notice.docx"
        got.value.save_as(target)
        text = "\n".join(p.text for p in docx.Document(io.BytesIO(target.read_bytes())).paragraphs)
        # 7 working days after Mon 2025-01-20: 1/21, 1/22, 1/23, 1/24, 1/26 (Sun, worked), 1/27, 2/5 → 2025年2月5日
        assert "赵六：" in text and "2025年2月5日前（补正期限7个工作日）" in text
        assert "《中华人民共和国政府信息公开条例》第二十九条第二款、第三十条" in text
    finally:
        context.close()
