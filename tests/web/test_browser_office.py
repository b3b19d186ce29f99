"""A real browser (Playwright driving Debian's chromium) against a real `ogi serve`: a clerk registers an
application through the intake form, sees its date of receipt computed, finds it in the register with the due
date the register computes, and records the reply; a reader of the same register sees the applicant masked and
no step. Takes the back office's screenshots of docs/screenshots/."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session

from ogi.office.due import calendar_for, deadline_of
from ogi.office.lifecycle import add_application, find
from ogi.storage.db import connect, session
from ogi.web.users import create_user

from .server import Server, start
from .support import PASSWORD
from .test_browser import CHROMIUM, SHOTS
from .test_browser_reports import _sign_in

pytestmark = [pytest.mark.slow, pytest.mark.skipif(CHROMIUM is None, reason="未安装 Debian chromium（scripts/setup --dev）")]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, str]]:
    db = f"sqlite:///{tmp_path_factory.mktemp('browser-office') / 'web.db'}"
    running = start(db, env={"OGI_ADMIN_PASSWORD": "Harbour-light-31"})
    engine = connect(db)
    create_user(engine, "test", "wang.clerk", PASSWORD, "clerk", "")
    create_user(engine, "test", "du.reader", PASSWORD, "reader", "")
    with session(engine, actor="test") as sess:  # what the reader reads, whatever the clerk's test did
        add_application(sess, ref="R-1", applicant_category="自然人", applicant_name="赵六", channel="邮寄",
                        contact="13712345678", received_on=dt.date(2025, 3, 3), request="某文件")
    engine.dispose()
    yield running, db
    running.stop()


def test_a_clerk_registers_an_application_and_replies(served, page) -> None:  # noqa: ANN001
    server, db = served
    _sign_in(page, server, "wang.clerk")
    page.get_by_role("link", name="申请登记").click()
    page.get_by_role("link", name="登记新申请").click()
    page.get_by_label("申请人姓名或者名称 *").fill("李四")
    page.get_by_label("身份证明 *").fill("身份证 110101199001011234")
    page.get_by_label("联系方式 *").fill("13912345678")
    page.get_by_label("所需信息的名称、文号或者便于查询的其他特征性描述 *").fill("本局2024年政府采购项目清单")
    page.get_by_label("申请方式 *").select_option("网络")
    page.get_by_label("双方确认日期").fill("2025-01-20")
    page.get_by_role("button", name="计算收到申请之日").click()
    receipt = page.locator("p.receipt").inner_text()
    assert "收到申请之日：2025年1月20日（通过互联网渠道提交的，以双方确认之日为收到申请之日" in receipt
    assert page.get_by_label("申请人姓名或者名称 *").input_value() == "李四"  # kept across the preview
    page.get_by_role("button", name="登记申请").click()
    page.wait_for_url(re.compile(r".*/office/applications/2025-0001\?done=added"))
    ref = page.url.rsplit("/", 1)[1].split("?")[0]

    engine = connect(db)
    with Session(engine) as sess:
        app = find(sess, ref)
        due = deadline_of(app, calendar_for(sess)).due
    engine.dispose()
    # by hand, across 春节 2025 (1月28日–2月4日 off, 1月26日 and 2月8日 worked): 1-21…24 (4), 1-26 (5), 1-27 (6),
    # 2-5…7 (9), 2-8 (10), 2-10…14 (15), 2-17…21 (20)
    assert page.locator("#due-date").inner_text() == "2025-02-21" == due.isoformat()
    assert "已逾期" in page.locator(".due-card").inner_text()
    page.get_by_role("link", name="返回申请登记").click()
    row = page.locator("tr", has=page.get_by_role("link", name=ref))
    assert due.isoformat() in row.inner_text() and "李四" in row.inner_text()
    page.screenshot(path=str(SHOTS / "office-register.png"), full_page=True)

    page.get_by_role("link", name=ref).click()
    page.get_by_label("办理结果").first.select_option(label="予以公开")
    page.locator("#s-reply-basis").fill("条例第三十六条第（二）项")
    page.get_by_role("button", name="记录答复").click()
    assert page.get_by_role("status").inner_text() == "已记录答复"
    assert "已办结" in page.locator("h1").inner_text()
    assert "办理结果：予以公开" in page.locator("#timeline").inner_text()
    assert page.get_by_role("button", name="记录答复").count() == 0
    assert "晚于答复期限" in page.locator(".due-card").inner_text()  # replied today, long after 2025-02-21
    page.screenshot(path=str(SHOTS / "office-application.png"), full_page=True)


def test_a_reader_sees_the_applicant_masked_and_no_step(served, page) -> None:  # noqa: ANN001
    server, _ = served
    _sign_in(page, server, "du.reader")
    page.get_by_role("link", name="申请登记").click()
    assert "赵*" in page.locator("table.office-register").inner_text()
    page.get_by_role("link", name="R-1").click()
    text = page.locator("main").inner_text()
    assert "137****5678" in text and "13712345678" not in text and "赵六" not in text
    assert page.locator("form[method=post][action^='/office/']").count() == 0
