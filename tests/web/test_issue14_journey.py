"""Issue 14's journey in Debian's chromium against a real `ogi serve` (SQLite and PostgreSQL): a citizen applies on
the portal and follows the status; a clerk finds the application in the register, records a 补正 and issues its
告知书 (the DOCX opened with python-docx), records the correction received and the reply, issues the 答复书; the
citizen's status page follows each step and offers both notices; the annual report's table 三 grows by exactly this
application. A reader sees the register masked and is refused every step. The due dates shown are the register's,
and one across 春节 2025 is the one counted by hand. The portal's 大字版 and 高对比度 modes pass axe-core.

Dates are real: the server runs on today's clock (there is no setting that moves it, and none is added: a knob that
backdates the register's dates of receipt is not one an office should have). An online application is received on
the first working day on or after the day it is sent (office/portal.py), and no step may be dated before the date of
receipt nor after today — so on a day off the journey cannot go past the citizen's first status page and its test
says so and skips; the other tests here run on any day."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import chinese_calendar
import docx
import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from ogi.office.due import calendar_for, deadline_of
from ogi.office.lifecycle import add_application, find
from ogi.office.settings import get_flag
from ogi.storage.base import AuditEntry
from ogi.storage.db import connect, migrate, session
from ogi.web.pages import BEIJING

from .server import Server, start
from .support import add_user, browser_sign_in
from .test_a11y import serious_violations
from .test_browser import CHROMIUM, SHOTS
from .test_portal_browser import _apply as apply_on_the_portal

pytestmark = [pytest.mark.slow, pytest.mark.skipif(CHROMIUM is None, reason="未安装 Debian chromium（scripts/setup --dev）")]
CLERK, READER = "li.clerk", "zhou.reader"
LAW = "《中华人民共和国政府信息公开条例》"
PORTAL_PAGES = ("/portal", "/portal/guide", "/portal/catalogue", "/portal/published", "/portal/reports",
                "/portal/apply", "/portal/status")
# table 三's cells the reply counts in: (row, column) as the page marks them, data-cell="row.column"
CELLS = [("disclosed", "natural_person"), ("disclosed", "total"), ("total_processed", "natural_person"),
         ("total_processed", "total")]
# the clerk's intake form (条例第二十九条), received in person on Monday 20 January 2025, a week before 春节
INTAKE = {"申请人姓名或者名称 *": "孙七", "身份证明 *": "身份证 110101199001011234", "联系方式 *": "13612345678",
          "所需信息的名称、文号或者便于查询的其他特征性描述 *": "2024年度春运保障方案", "当面提交日期": "2025-01-20"}


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def served(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, str]]:
    if request.param == "sqlite":
        db = f"sqlite:///{tmp_path_factory.mktemp('journey') / 'web.db'}"
    else:
        db = request.getfixturevalue("postgres_url")
    engine = connect(db)
    if request.param == "postgresql":  # the run's database, emptied (as tests/web/conftest.py's db_url does)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    migrate(engine)
    add_user(engine, CLERK, "clerk")
    add_user(engine, READER, "reader")
    with session(engine, actor="test") as sess:  # what the reader reads, whichever tests ran before
        add_application(sess, ref="R-7", applicant_category="自然人", applicant_name="赵六", channel="邮寄",
                        contact="13712345678", received_on=dt.date(2025, 3, 3), request="某路段改造批复",
                        id_document="身份证 110101199001011234")
    engine.dispose()
    running = start(db, env={"OGI_ADMIN_PASSWORD": "Harbour-light-31"})
    yield running, db
    running.stop()


@contextmanager
def opened(browser, server: Server, who: str | None = None) -> Iterator[object]:  # noqa: ANN001
    """A page of a context of its own (the citizen's, a clerk's), signed in as `who` when given; it fails the test
    on any CSP violation or script error."""
    context = browser.new_context(base_url=server.url, viewport={"width": 1000, "height": 640}, locale="zh-CN",
                                  accept_downloads=True)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    try:
        if who:
            browser_sign_in(page, server.url, who)
        yield page
    finally:
        context.close()
    assert problems == [], "no CSP violation or script error on any page"


def zh(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def nth_workday_after(day: dt.date, n: int) -> dt.date:
    """Counted by hand from chinesecalendar's days (the start day never counts), not by ogi's calendar."""
    while n:
        day += dt.timedelta(days=1)
        n -= chinese_calendar.is_workday(day)
    return day


def register_due(db: str, ref: str) -> dt.date | None:
    """The due date the register computes for an application (office/due.deadline_of), from the database."""
    engine = connect(db)
    try:
        with Session(engine) as sess:
            return deadline_of(find(sess, ref), calendar_for(sess), pause_fees=get_flag(sess, "fee_pause")).due
    finally:
        engine.dispose()


def docx_text(download, target: Path) -> str:  # noqa: ANN001
    download.save_as(target)
    return "\n".join(p.text for p in docx.Document(io.BytesIO(target.read_bytes())).paragraphs)


def table3(page, year: int) -> dict[tuple[str, str], int]:  # noqa: ANN001
    """The cells of table 三 that a reply 予以公开 to a 自然人 counts in, read from the annual report page; each
    cell's row is checked to be the row of that label."""
    page.goto(f"/office/annual/{year}")
    cells = {}
    for row, column in CELLS:
        mark = f'[data-cell="{row}.{column}"]'
        cell = page.locator(f"table#table3 {mark}")
        label = {"disclosed": "（一）予以公开", "total_processed": "（七）总计"}[row]
        assert label in page.locator("table#table3 tr", has=page.locator(mark)).inner_text()
        cells[row, column] = int(cell.inner_text())
    return cells


def status_of(page, ref: str, code: str) -> dict[str, str]:  # noqa: ANN001
    page.goto("/portal/status")
    page.get_by_label("查询号").fill(ref)
    page.get_by_label("查询码").fill(code)
    page.get_by_role("button", name="查询").click()
    return {key: page.locator(f"#{key}").inner_text() for key in ("state", "received", "due", "replied")}


def test_a_portal_application_through_the_office_and_back(browser, served, tmp_path: Path) -> None:  # noqa: ANN001
    server, db = served
    today = dt.datetime.now(BEIJING).date()
    try:
        working = chinese_calendar.is_workday(today)
    except NotImplementedError:
        pytest.skip(f"chinesecalendar 尚未收录{today.year}年的节假日安排")
    with opened(browser, server, CLERK) as clerk, opened(browser, server) as citizen:
        before = table3(clerk, today.year) if working else {}

        # 1. the citizen applies, without signing in, and sees the status
        ref, code, said = apply_on_the_portal(citizen, server)
        received = today if working else next(today + dt.timedelta(days=n) for n in range(1, 30)
                                              if chinese_calendar.is_workday(today + dt.timedelta(days=n)))
        assert re.fullmatch(rf"WS-{received.year}-\d{{6}}", ref) and len(code) == 10 and said == zh(received)
        shown = status_of(citizen, ref, code)
        assert shown["state"] == "待处理" and shown["received"] == zh(received) and shown["replied"] == "尚未答复"
        # 20 working days from the day after receipt (条例第三十三条)
        assert shown["due"] == zh(nth_workday_after(received, 20)) == zh(register_due(db, ref))
        assert "王建国" not in citizen.content() and "红旗路" not in citizen.content()
        if not working:
            pytest.skip(f"今天（{today}）不是工作日：网上申请{zh(received)}才收到，办理步骤不能早于该日，也不能晚于今天")

        # 2. the clerk finds it in the register, opens it, records a 补正 and issues its 告知书
        clerk.goto("/")
        clerk.get_by_role("link", name="申请登记").click()
        clerk.screenshot(path=str(SHOTS / "office-register.png"), full_page=True)
        clerk.locator("#filter-channel").select_option("网络")
        clerk.get_by_label("收到申请年度").fill(str(today.year))
        clerk.get_by_role("button", name="筛选").click()
        assert clerk.get_by_role("link", name="R-7").count() == 0  # 邮寄, 2025: filtered out
        row = clerk.locator("tr", has=clerk.get_by_role("link", name=ref))
        assert "王建国" in row.inner_text() and "办理中" in row.inner_text()
        assert register_due(db, ref).isoformat() in row.inner_text()
        clerk.get_by_role("link", name=ref).click()
        # 7. the due date the page shows is the register's
        assert clerk.locator("#due-date").inner_text() == register_due(db, ref).isoformat()
        assert clerk.get_by_label("告知日期").input_value() == today.isoformat()
        clerk.get_by_label("补正期限（工作日）").fill("10")
        clerk.get_by_role("button", name="记录补正告知").click()
        assert clerk.get_by_role("status").inner_text() == "已记录补正告知"
        assert clerk.locator("#due-date").inner_text() == "尚未起算" and register_due(db, ref) is None
        clerk.get_by_role("button", name="生成补正告知书").click()
        clerk.wait_for_url(re.compile(rf".*/office/applications/{ref}\?notice=correction"))  # back on its page
        clerk.get_by_role("status").filter(has_text="已生成并留存补正告知书").wait_for()
        with clerk.expect_download() as got:
            clerk.locator(".notices-panel").get_by_role("link", name=re.compile("下载 DOCX")).click()
        notice = docx_text(got.value, tmp_path / "correction.docx")
        assert "王建国：" in notice and f"申请编号：{ref}" in notice
        assert f"{LAW}第二十九条第二款、第三十条" in notice
        assert f"{zh(nth_workday_after(today, 10))}前（补正期限10个工作日）" in notice
        clerk.screenshot(path=str(SHOTS / "office-application.png"), full_page=True)
        assert serious_violations(clerk) == []

        # 3. the citizen's page says 需补正 and offers the 补正告知书
        shown = status_of(citizen, ref, code)
        assert shown["state"] == "需补正" and shown["due"] == "补正后的申请收到之日起重新计算"
        with citizen.expect_download() as got:
            citizen.get_by_role("button", name=re.compile("^下载补正告知书")).click()
        assert docx_text(got.value, tmp_path / "portal-correction.docx") == notice

        # 4. the clerk records the correction received and the reply; the citizen sees 已答复, then the 答复书
        clerk.get_by_label("收到补正日期").fill(today.isoformat())
        clerk.get_by_role("button", name="记录收到补正").click()
        assert clerk.get_by_role("status").inner_text() == "已记录收到补正，答复期限重新起算"
        assert status_of(citizen, ref, code)["state"] == "待处理"
        # the clock starts again from the day the correction came: 20 working days from the day after
        assert clerk.locator("#due-date").inner_text() == register_due(db, ref).isoformat() \
            == nth_workday_after(today, 20).isoformat()
        assert status_of(citizen, ref, code)["due"] == zh(nth_workday_after(today, 20))
        clerk.get_by_label("答复日期").fill(today.isoformat())
        clerk.locator("#s-reply-outcome").select_option(label="予以公开")
        clerk.locator("#s-reply-basis").fill("条例第三十六条第（二）项")
        clerk.get_by_role("button", name="记录答复").click()
        assert clerk.get_by_role("status").inner_text() == "已记录答复"
        shown = status_of(citizen, ref, code)
        assert shown["state"] == "已答复" and shown["replied"] == zh(today) and shown["due"] == "（已答复）"
        assert citizen.get_by_role("button", name=re.compile("^下载答复书")).count() == 0  # not issued yet
        clerk.get_by_role("button", name="生成答复书（予以公开）").click()
        clerk.get_by_role("status").filter(has_text="已生成并留存答复书（予以公开）").wait_for()
        status_of(citizen, ref, code)
        with citizen.expect_download() as got:
            citizen.get_by_role("button", name=re.compile("^下载答复书（予以公开）")).click()
        reply = docx_text(got.value, tmp_path / "reply.docx")
        assert "王建国：" in reply and f"申请编号：{ref}" in reply and f"{LAW}第三十六条第（二）项" in reply
        assert "王建国" not in citizen.content() and serious_violations(citizen) == []  # the status with its notices
        for mode in ("大字版", "高对比度"):  # and so in both 适老化 modes
            citizen.get_by_role("button", name=mode, exact=True).click()
            citizen.wait_for_url(server.url + "/portal/status")
        assert status_of(citizen, ref, code)["state"] == "已答复"
        assert {"a11y-large", "a11y-contrast"} <= set(citizen.locator("body").get_attribute("class").split())
        assert serious_violations(citizen) == []

        # 5. table 三 grew by exactly this application
        after = table3(clerk, today.year)
        assert after == {cell: before[cell] + 1 for cell in CELLS}


def test_a_reader_sees_the_register_masked_and_may_change_nothing(browser, served) -> None:  # noqa: ANN001
    server, db = served
    with opened(browser, server, READER) as page:
        page.get_by_role("link", name="申请登记").click()
        register = page.locator("table.office-register").inner_text()
        assert "赵*" in register and "赵六" not in register
        page.get_by_role("link", name="R-7").click()
        shown = page.locator("main").inner_text()
        assert "137****5678" in shown and "13712345678" not in shown and "赵六" not in shown
        assert "110101199001011234" not in shown
        assert page.locator("form[method=post][action^='/office/']").count() == 0
        assert page.get_by_role("button", name=re.compile("^(记录|生成|办结|撤销)")).count() == 0
        token = page.locator("input[name=csrf_token]").first.get_attribute("value")
        for path, form in (("/office/applications/R-7/reply", {"on": "2025-03-04", "outcome": "disclosed"}),
                           ("/office/applications/R-7/correction", {"on": "2025-03-04", "workdays": "10"}),
                           ("/office/applications/R-7/notices/correction", {}),
                           ("/office/applications/new", {"applicant_name": "某人"}),
                           ("/office/ledger", {"update": "1"}),
                           ("/office/annual/2025", {"agency": "某局"}), ("/office/annual/2025/publish", {}),
                           ("/office/notice-templates", {"agency": "某局"}),
                           ("/office/notice-templates/correction", {"body": "改过的模板"}),
                           ("/office/portal-pages", {"key": "guide", "title": "指南", "body": "改过的指南"})):
            answer = page.request.post(path, form={"csrf_token": token, **form}, max_redirects=0)
            assert answer.status == 403, path
        page.reload()
        assert "办理中" in page.locator("h1").inner_text()
        page.goto("/office/annual/2025")  # the report's page reads, and offers no form to change it
        assert page.locator("table#table3").count() == 1
        assert page.locator("form[method=post][action^='/office/']").count() == 0
    engine = connect(db)
    with Session(engine) as sess:
        assert find(sess, "R-7").events == []  # nothing recorded
        done = sess.scalars(select(AuditEntry).where(AuditEntry.actor == READER))
        assert {(e.entity, e.action) for e in done} == {("web_user", "login")}  # signing in, nothing else
    engine.dispose()


def test_a_due_date_across_the_spring_festival(browser, served) -> None:  # noqa: ANN001
    server, db = served
    with opened(browser, server, CLERK) as page:
        page.goto("/office/applications/new")
        page.get_by_label("申请方式 *").select_option("当面")
        for label, value in INTAKE.items():
            page.get_by_label(label).fill(value)
        page.get_by_role("button", name="计算收到申请之日").click()
        assert "收到申请之日：2025年1月20日（当面提交的" in page.locator("p.receipt").inner_text()
        page.get_by_role("button", name="登记申请").click()
        page.wait_for_url(re.compile(r".*/office/applications/2025-\d{4}\?done=added"))
        ref = page.url.rsplit("/", 1)[1].split("?")[0]
        # Mon 2025-01-20, 20 working days from the next day: 1/21–1/24 (4), Sun 1/26 worked (5), 1/27 (6);
        # 春节 1/28–2/4 off; 2/5–2/7 (9), Sat 2/8 worked (10), 2/10–2/14 (15), 2/17–2/21 (20)
        assert page.locator("#due-date").inner_text() == "2025-02-21" == register_due(db, ref).isoformat()
        assert "答复期限：2025年2月21日" in page.locator(".due-steps").inner_text()


@pytest.mark.parametrize("modes", [(), ("大字版",), ("高对比度",), ("大字版", "高对比度")],
                         ids=["normal", "large", "contrast", "both"])
def test_the_portal_in_its_elderly_modes_passes_axe(browser, served, modes: tuple[str, ...]) -> None:  # noqa: ANN001
    server, _ = served
    classes = {"大字版": "a11y-large", "高对比度": "a11y-contrast"}
    with opened(browser, server) as page:
        page.goto("/portal/guide")
        for mode in modes:
            page.get_by_role("button", name=mode, exact=True).click()
            page.wait_for_url(server.url + "/portal/guide")
            assert page.get_by_role("button", name=f"{mode}：已开启").get_attribute("aria-pressed") == "true"
        if modes == ():
            page.screenshot(path=str(SHOTS / "portal.png"))
        elif len(modes) == 2:
            assert page.locator("body").evaluate("b => getComputedStyle(b).backgroundColor") == "rgb(0, 0, 0)"
            page.screenshot(path=str(SHOTS / "portal-elderly.png"))
        for path in PORTAL_PAGES:
            page.goto(path)
            shown = set(page.locator("body").get_attribute("class").split())
            assert shown & set(classes.values()) == {classes[m] for m in modes}, path
            assert serious_violations(page) == [], f"{path} {modes}"
