"""A real browser (Playwright driving Debian's chromium) against a real `ogi serve`: a clerk goes from the
navigation's 办公室 to 规章和规范性文件, adds three documents through the form (a wrong date first, answered next to its
field), abolishes one and withdraws another through each row's own form, and the table 二 figures on the page
change as worked out by hand; the same figures are the compiled report's. Takes docs/screenshots/office-records.png.

Hand count for this year (today T, every date in this year and not after T):
- 规章 issued 1月1日 → 制发 1, 现行有效 1.
- 行政规范性文件 A issued 1月1日; B issued 1月1日, then abolished on T (the 废止 form); C issued 1月1日, then withdrawn
  (重复录入) → 制发 A, B = 2 (C counts nowhere); 废止 B = 1; in force on 12月31日 A = 1.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy.orm import Session

from ogi.model.layout import TableKey
from ogi.office.compile import compile_report
from ogi.storage.db import connect
from ogi.web.pages import BEIJING

from . import test_browser_office
from .support import browser_sign_in
from .test_browser import CHROMIUM, SHOTS

served = test_browser_office.served  # the same real server with its clerk (one of this module's own)
pytestmark = [pytest.mark.slow, pytest.mark.skipif(CHROMIUM is None, reason="未安装 Debian chromium（scripts/setup --dev）")]


def _numbers(page, label: str) -> list[str]:  # noqa: ANN001
    row = page.locator("table.record-numbers tr", has=page.get_by_role("rowheader", name=label, exact=True))
    return [c.strip() for c in row.locator("td").all_inner_texts()]


def test_a_clerk_adds_abolishes_and_withdraws_documents_and_the_figures_follow(served, page) -> None:  # noqa: ANN001
    server, db = served
    today = dt.datetime.now(BEIJING).date()
    jan1 = dt.date(today.year, 1, 1).isoformat()
    browser_sign_in(page, server.url, "wang.clerk")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="办公室").click()
    page.get_by_role("link", name="规章和规范性文件").click()
    assert _numbers(page, "行政规范性文件") == ["0", "0", "0"]

    page.get_by_label("类型 *").select_option("规章")
    page.get_by_label("标题 *").fill("某市科技计划项目管理办法")
    page.get_by_label("印发日期 *").fill(jan1)
    page.get_by_label("废止日期").fill((dt.date(today.year, 1, 1) - dt.timedelta(days=1)).isoformat())
    page.get_by_role("button", name="添加").click()
    error = page.locator("#abolished_on-error")
    assert error.inner_text() == "早于印发日期"
    assert page.get_by_label("废止日期").get_attribute("aria-describedby").endswith("abolished_on-error")
    assert page.get_by_label("标题 *").input_value() == "某市科技计划项目管理办法"  # what was typed is kept
    page.get_by_label("废止日期").fill("")
    page.get_by_role("button", name="添加").click()
    page.wait_for_url(re.compile(r"done=added"))

    for title in ("A 科技创新券实施细则", "B 孵化器认定办法", "C 重复录入的办法"):
        page.get_by_label("类型 *").select_option("行政规范性文件")
        page.get_by_label("标题 *").fill(title)
        page.get_by_label("印发日期 *").fill(jan1)
        page.get_by_role("button", name="添加").click()
        page.wait_for_url(re.compile(r"done=added"))
    assert _numbers(page, "行政规范性文件") == ["3", "0", "3"]

    row_b = page.locator("tr", has_text="B 孵化器认定办法")
    row_b.get_by_text("废止", exact=True).click()
    row_b.get_by_label("废止日期").fill(today.isoformat())
    row_b.get_by_role("button", name="记录废止").click()
    assert page.get_by_role("status").inner_text() == "已记录废止"

    row_c = page.locator("tr", has_text="C 重复录入的办法")
    row_c.get_by_text("撤销", exact=True).click()
    row_c.get_by_role("button", name="撤销该记录").click()  # no reason: refused next to the field
    assert page.get_by_role("alert").first.inner_text().endswith("请填写撤销原因，如 重复录入")
    row_c = page.locator("tr", has_text="C 重复录入的办法")
    assert row_c.locator("p.error").inner_text() == "请填写撤销原因，如 重复录入"
    row_c.get_by_label("撤销原因").fill("重复录入")
    row_c.get_by_role("button", name="撤销该记录").click()
    assert page.get_by_role("status").inner_text() == "已撤销该记录（仍保留，不再计入统计）"
    assert "已撤销：重复录入" in page.locator("tr", has_text="C 重复录入的办法").inner_text()

    assert _numbers(page, "规章") == ["1", "0", "1"]
    assert _numbers(page, "行政规范性文件") == ["2", "1", "1"]
    engine = connect(db)
    with Session(engine) as sess:
        t2 = compile_report(sess, today.year, agency="某局").tables[TableKey.PROACTIVE].rows
    engine.dispose()
    assert [t2["normative_documents"].cells[c].value for c in ("issued", "abolished", "in_force")] == [2, 1, 1]
    page.screenshot(path=str(SHOTS / "office-records.png"), full_page=True)
