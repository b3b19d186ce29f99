"""axe-core (vendored from its npm package, tests/web/vendor/) run in Debian's chromium on every main page of a
real `ogi serve --demo`: no violation of impact serious or critical. The CSP refuses an injected <script> tag, so
the source is evaluated through Playwright's page.evaluate (the DevTools protocol, outside the page's CSP) —
the pages keep their real CSP while checked. Pages other parts add join PAGES by one line."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from .server import Server, start

sync_api = pytest.importorskip("playwright.sync_api", reason="未安装 playwright（pip install -e '.[dev]'）")
CHROMIUM = shutil.which("chromium")
pytestmark = [pytest.mark.slow, pytest.mark.skipif(CHROMIUM is None, reason="未安装 Debian chromium（scripts/setup --dev）")]
AXE = (Path(__file__).resolve().parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
ADMIN_PASSWORD = "Harbour-light-31"


def _reports(page) -> list[str]:  # noqa: ANN001
    page.goto("/reports")
    return page.locator("a[href^='/reports/']").evaluate_all(
        "links => links.map(a => a.getAttribute('href')).filter(h => /^\\/reports\\/[0-9a-f]{64}$/.test(h))")


def _failing_cell(page) -> str:  # noqa: ANN001
    """A cell with findings, in the first sample report that has one."""
    for report in _reports(page):
        page.goto(report)
        failing = page.locator("td a[aria-describedby]")
        if failing.count():
            return failing.first.get_attribute("href")
    raise AssertionError("no sample report has a failing cell")


def _unreadable_row(page) -> str:  # noqa: ANN001
    """A row the reader could not read, with the form that corrects it (the sample of 石嘴山 has four)."""
    for report in _reports(page):
        page.goto(report)
        rows = page.locator("td.unreadable a")
        if rows.count():
            return rows.first.get_attribute("href")
    raise AssertionError("no sample report has an unreadable row")


def _report_with_findings(page) -> str:  # noqa: ANN001
    _failing_cell(page)
    return page.url


def _agency(page) -> str:  # noqa: ANN001
    """The years page of the first agency the corpus list links."""
    page.goto("/corpus")
    return page.locator("a[href^='/corpus/agency?']").first.get_attribute("href")


def _office_application(page) -> str:  # noqa: ANN001
    """An application registered through the intake form (the demo's register is empty)."""
    page.goto("/office/applications/new")
    page.get_by_label("申请人姓名或者名称 *").fill("张三")
    page.get_by_label("身份证明 *").fill("身份证 110101199001011234")
    page.get_by_label("联系方式 *").fill("13812340000")
    page.get_by_label("所需信息的名称、文号或者便于查询的其他特征性描述 *").fill("本局2024年部门预算")
    page.get_by_role("button", name="登记申请").click()
    page.wait_for_url("**/office/applications/*?done=added")
    return page.url
def _office_published(page) -> str:  # noqa: ANN001
    """The list of published items with one added through its form (a row with its withdraw form)."""
    page.goto("/office/published")
    page.get_by_label("标题 *").fill("关于开展科技型企业认定的通知")
    page.get_by_role("button", name="添加").click()
    page.wait_for_url(re.compile(r"done=added"))
    return page.url


def _office_case(page) -> str:  # noqa: ANN001
    """The list of cases with a pending one added through its form (its 结案 and withdraw forms)."""
    import datetime as dt

    page.goto("/office/cases")
    page.get_by_label("收到日期 *").fill(dt.date.today().isoformat())
    page.get_by_role("button", name="添加").click()
    page.wait_for_url(re.compile(r"done=added"))
    return page.url


def _published_report(page) -> str:  # noqa: ANN001
    """The portal's page of a report the signed-in administrator has just named and published."""
    page.goto("/office/annual/2025")
    page.get_by_label("机关名称").fill("某某市科学技术局")
    page.get_by_role("button", name="保存草稿").click()
    page.get_by_role("button", name=re.compile("^发布第")).click()
    page.wait_for_url(re.compile(r"done=published"))
    return "/portal/reports/2025"


# (name, path or a function of the signed-in page giving the path); a page another part adds joins by one line
PAGES: list[tuple[str, str | Callable]] = [
    ("首页", "/"),
    ("报告列表", "/reports"),
    ("上传", "/reports/new"),
    ("报告", _report_with_findings),
    ("单元格", _failing_cell),
    ("人工更正", _unreadable_row),
    ("用户", "/admin/users"),
    ("审计记录", "/admin/audit"),
    ("API 文档", "/api/docs"),
    ("错误页", "/reports/" + "0" * 64),
    ("报告库", "/corpus"),
    ("全文检索", "/corpus/search?q=%E4%BE%9D%E7%94%B3%E8%AF%B7"),
    ("单位历年", _agency),
    ("地区", "/corpus/region"),
    ("雷同", "/corpus/similar"),
    ("批量上传", "/batches/new"),
    ("批量列表", "/batches"),
    ("文书模板", "/office/notice-templates"),
    ("文书模板编辑", "/office/notice-templates/correction"),
    ("申请登记", "/office/applications"),
    ("登记申请", "/office/applications/new"),
    ("申请详情", _office_application),
    ("台账", "/office/ledger"),
    ("办公室", "/office"),
    ("主动公开记录", _office_published),
    ("规章和规范性文件", "/office/documents"),
    ("处理决定和收费", "/office/decisions"),
    ("复议诉讼", _office_case),
    ("来源导入", "/office/sources"),
    ("门户首页", "/portal"),
    ("公开指南", "/portal/guide"),
    ("公开目录", "/portal/catalogue"),
    ("主动公开", "/portal/published"),
    ("在线申请", "/portal/apply"),
    ("申请查询", "/portal/status"),
    ("门户页面编辑", "/office/portal-pages"),
    ("年度报告编制", "/office/annual"),
    ("年度报告草稿", "/office/annual/2025"),
    ("年度报告预览", "/office/annual/2025/preview"),
    ("门户年度报告", "/portal/reports"),
    ("门户年度报告全文", _published_report),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    db = f"sqlite:///{tmp_path_factory.mktemp('a11y') / 'web.db'}"
    running = start(db, env={"OGI_ADMIN_PASSWORD": ADMIN_PASSWORD}, args=("--demo",))
    yield running
    running.stop()


@pytest.fixture(scope="module")
def signed(browser, server: Server) -> Iterator[object]:  # noqa: ANN001
    context = browser.new_context(base_url=server.url, viewport={"width": 1000, "height": 640}, locale="zh-CN")
    page = context.new_page()
    page.goto("/login")
    page.get_by_label("用户名").fill("admin")
    page.get_by_label("密码").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(server.url + "/")
    yield page
    context.close()


def serious_violations(page) -> list[str]:  # noqa: ANN001
    """Run axe on the page as loaded; the serious and critical violations, one line each."""
    assert page.evaluate(AXE + "\n;typeof window.axe") == "object"
    result = page.evaluate("async () => (await axe.run(document)).violations")
    return [f"{v['id']} ({v['impact']}): {v['help']} — " + "; ".join(n["target"][0] for n in v["nodes"][:3])
            for v in result if v["impact"] in ("serious", "critical")]


def test_sign_in_page_has_no_serious_violation(browser, server: Server) -> None:  # noqa: ANN001
    context = browser.new_context(base_url=server.url, locale="zh-CN")
    page = context.new_page()
    page.goto("/login")
    try:
        assert serious_violations(page) == []
    finally:
        context.close()


@pytest.mark.parametrize(("name", "where"), PAGES, ids=[name for name, _ in PAGES])
def test_main_page_has_no_serious_violation(signed, name: str, where) -> None:  # noqa: ANN001
    path = where if isinstance(where, str) else where(signed)
    signed.goto(path)
    assert re.search(r"\S", signed.locator("main").inner_text()), f"{name}: the page has a main landmark with text"
    assert serious_violations(signed) == []


@pytest.mark.parametrize(("name", "where"), PAGES, ids=[name for name, _ in PAGES])
def test_every_control_has_a_label(signed, name: str, where) -> None:  # noqa: ANN001
    path = where if isinstance(where, str) else where(signed)
    signed.goto(path)
    unlabelled = signed.evaluate("""() => [...document.querySelectorAll(
        'input:not([type=hidden]), select, textarea, button')].filter(c => {
          const byFor = c.id && document.querySelector(`label[for="${CSS.escape(c.id)}"]`);
          const named = (c.getAttribute('aria-label') || '').trim() || c.getAttribute('aria-labelledby');
          const text = c.tagName === 'BUTTON' && c.textContent.trim();
          return !(byFor || c.closest('label') || named || text || (c.type === 'submit' && c.value));
        }).map(c => c.outerHTML.slice(0, 120))""")
    assert unlabelled == [], f"{name}: every control has a label"


def test_the_check_sees_a_serious_violation(browser) -> None:  # noqa: ANN001
    """The check itself can fail: an unlabelled field and a text of too low contrast are reported."""
    context = browser.new_context()
    page = context.new_page()
    page.set_content('<html lang="zh-CN"><head><title>t</title></head><body><main><input type="text">'
                     '<p style="color:#bbb;background:#fff">浅色文字</p></main></body></html>')
    try:
        found = " ".join(serious_violations(page))
        assert "label" in found and "color-contrast" in found
    finally:
        context.close()
