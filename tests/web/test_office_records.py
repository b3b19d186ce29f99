"""The back office's other records in the browser (SQLite and PostgreSQL): a clerk adds published items,
规章 and 行政规范性文件, the year's decision counts and fee income, review and litigation cases; each shows in its
list and in the compiled annual report; a withdrawn record stays listed and leaves the count; a reader sees no
form and every change is refused; bad input is answered next to its field; the 来源 workbook comes in from the
browser, a bad row refusing the whole file.

Today is 2025-12-15 (Beijing). Hand count for 2025 of what test 1 adds:
- 主动公开: 门户网站 2025-03-03 and 2025-11-20, 微信公众号 2025-06-01 → 3 (2 + 1); the 2024-12-31 item is 2024's.
- 规章 issued 2024-06-01, never abolished → 制发 0, 废止 0, 现行有效 1.
- 行政规范性文件 A issued 2025-03-01; B issued 2023-05-01, abolished 2025-07-01 (the 废止 form); C issued 2025-04-01 and
  abolished 2025-09-30 → 制发 A, C = 2; 废止 B, C = 2; in force on 12月31日 A only = 1.
- 处理决定: 行政许可 12, 行政处罚 3 then corrected to 4, 行政强制 not entered → 0; 收费 11.55 万元.
- 复议: filed 2025-02-01 upheld 2025-05-01 (维持), filed 2025-06-01 still open (尚未审结) → 1, 0, 0, 1, total 2.
  直接起诉: filed 2024-11-01, closed 2025-03-10 纠正 (the 结案 form) → corrected 1, total 1.
  复议后起诉: filed 2024-01-10, closed 2024-06-01 → before 2025: nothing in 2025's row.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal

from openpyxl import Workbook, load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from ogi.model.layout import TableKey
from ogi.office.compile import compile_report
from ogi.office.records import Case, DecisionCount, NormativeDocument, PublishedItem
from ogi.storage.base import AuditEntry

from .support import add_user, page_token, sign_in

TODAY = dt.datetime(2025, 12, 15, 2, 0, tzinfo=dt.UTC)  # 10:00 in Beijing


def _clerk(client, engine, clock, name: str = "li.clerk") -> str:  # noqa: ANN001
    clock.now = TODAY
    add_user(engine, name, "clerk")
    assert sign_in(client, name).status_code == 303
    return page_token(client, "/office/published")


def _post(client, token: str, path: str, **data: str):  # noqa: ANN001, ANN202
    return client.post(path, data={**data, "csrf_token": token}, follow_redirects=False)


def _error(html: str, field_id: str) -> str:
    """The error shown next to a field (its <p class="error" id="…-error">), or "" when there is none."""
    match = re.search(rf'<p class="error" id="{re.escape(field_id)}-error">([^<]*)</p>', html)
    return match.group(1) if match else ""


def _ids(engine, model) -> list[int]:  # noqa: ANN001
    with Session(engine) as sess:
        return list(sess.scalars(select(model.id).order_by(model.id)))


def _report(engine, year: int = 2025):  # noqa: ANN001, ANN202
    with Session(engine) as sess:
        return compile_report(sess, year, agency="某某市科学技术局")


def _values(table, key: str, cols: tuple[str, ...]) -> list:  # noqa: ANN001
    return [table.rows[key].cells[c].value for c in cols]


def test_each_kind_shows_in_its_list_and_in_the_compiled_report(client, engine, clock):  # noqa: ANN001
    token = _clerk(client, engine, clock)
    for on, channel, title in (("2025-03-03", "门户网站", "关于开展科技型企业认定的通知"),
                               ("2025-06-01", "微信公众号", "科技创新政策解读"),
                               ("2025-11-20", "门户网站", "2026年度项目申报指南"),
                               ("2024-12-31", "门户网站", "2024年工作总结")):
        made = _post(client, token, "/office/published", published_on=on, channel=channel, category="通知公告",
                     title=title)
        assert made.status_code == 303 and made.headers["location"] == f"/office/published?year={on[:4]}&done=added"
    page = client.get("/office/published?year=2025").text
    assert "已添加记录" not in page and "科技创新政策解读" in page and "2024年工作总结" not in page
    assert re.search(r'id="published-count">3<', page)
    assert "2024年工作总结" in client.get("/office/published?year=2024").text

    for kind, title, number, issued, abolished in (
            ("规章", "某市科技计划项目管理办法", "某市政府令第5号", "2024-06-01", ""),
            ("行政规范性文件", "A 科技创新券实施细则", "某科规〔2025〕1号", "2025-03-01", ""),
            ("行政规范性文件", "B 孵化器认定办法", "某科规〔2023〕2号", "2023-05-01", ""),
            ("行政规范性文件", "C 临时补贴办法", "某科规〔2025〕3号", "2025-04-01", "2025-09-30")):
        made = _post(client, token, "/office/documents", kind=kind, title=title, number=number, issued_on=issued,
                     abolished_on=abolished)
        assert made.status_code == 303, made.text
    b_id = _ids(engine, NormativeDocument)[2]
    assert _post(client, token, f"/office/documents/{b_id}/abolish", on="2025-07-01", year="2025").status_code == 303
    page = client.get("/office/documents?year=2025").text
    assert "B 孵化器认定办法" in page and "2025-07-01" in page and "某科规〔2025〕1号" in page

    assert _post(client, token, "/office/decisions", year="2025", licensing="12", penalty="3", fees="11.55") \
        .headers["location"] == "/office/decisions?year=2025&done=saved"
    assert _post(client, token, "/office/decisions", year="2025", penalty="4").status_code == 303
    page = client.get("/office/decisions?year=2025").text
    assert 'name="penalty" type="text" value="4"' in page and 'value="11.55"' in page

    for kind, ref, filed, result, closed in (("行政复议", "某复〔2025〕1号", "2025-02-01", "维持", "2025-05-01"),
                                             ("行政复议", "某复〔2025〕7号", "2025-06-01", "尚未审结", ""),
                                             ("未经复议直接起诉", "（2024）某行初9号", "2024-11-01", "尚未审结", ""),
                                             ("复议后起诉", "（2024）某行初1号", "2024-01-10", "维持", "2024-06-01")):
        made = _post(client, token, "/office/cases", kind=kind, ref=ref, filed_on=filed, result=result, closed_on=closed)
        assert made.status_code == 303, made.text
    direct = _ids(engine, Case)[2]
    assert _post(client, token, f"/office/cases/{direct}/close", result="纠正", on="2025-03-10", year="2025") \
        .status_code == 303
    page = client.get("/office/cases?year=2025").text
    assert "（2024）某行初9号" in page and "（2024）某行初1号" not in page  # closed before 2025: not 2025's

    report = _report(engine)
    t2 = report.tables[TableKey.PROACTIVE]
    assert _values(t2, "regulations", ("issued", "abolished", "in_force")) == [0, 0, 1]
    assert _values(t2, "normative_documents", ("issued", "abolished", "in_force")) == [2, 2, 1]
    assert [t2.rows[k].cells["decisions"].value for k in ("licensing", "penalty", "compulsion")] == [12, 4, 0]
    assert t2.rows["fees"].cells["amount"].value == Decimal("11.55")
    t4 = report.tables[TableKey.REVIEW_LITIGATION]
    cols = ("upheld", "corrected", "other", "pending", "total")
    assert _values(t4, "review", cols) == [1, 0, 0, 1, 2]
    assert _values(t4, "litigation_direct", cols) == [0, 1, 0, 0, 1]
    assert _values(t4, "litigation_after_review", cols) == [0, 0, 0, 0, 0]
    assert "本年度主动公开政府信息3条，其中门户网站2条，微信公众号1条" in report.sections[0].text
    # the page states the same numbers as the report
    assert re.search(r"<th scope=\"row\">行政规范性文件</th><td class=\"num\">2</td><td class=\"num\">2</td>"
                     r"<td class=\"num\">1</td>", client.get("/office/documents?year=2025").text)

    with Session(engine) as sess:  # the correction 3 → 4 is in the audit trail, naming the clerk
        change = sess.scalars(select(AuditEntry).where(AuditEntry.entity == "decision_count",
                                                       AuditEntry.action == "update")).one()
    assert change.actor == "li.clerk" and change.before["count"] == 3 and change.after["count"] == 4

    home = client.get("/office").text
    assert re.search(r'id="count-published">3<', home) and re.search(r'id="count-issued">2<', home)
    assert re.search(r'id="count-decisions">16<', home) and re.search(r'id="count-cases">3<', home)
    assert re.search(r'id="count-pending">1<', home)
    assert '<a href="/office" aria-current="page">办公室</a>' in home and 'href="/office/applications">申请登记' in home


def test_a_withdrawn_record_stays_listed_and_leaves_every_count(client, engine, clock):  # noqa: ANN001
    token = _clerk(client, engine, clock)
    for title in ("第一条", "第二条"):
        _post(client, token, "/office/published", published_on="2025-05-05", channel="门户网站", title=title)
    _post(client, token, "/office/cases", kind="行政复议", ref="某复〔2025〕2号", filed_on="2025-04-01", result="尚未审结")
    _post(client, token, "/office/documents", kind="规章", title="某规章", issued_on="2025-01-10")
    item, case, doc = _ids(engine, PublishedItem)[1], _ids(engine, Case)[0], _ids(engine, NormativeDocument)[0]

    listed = client.get("/office/published?year=2025").text
    form = re.search(rf'action="/office/published/{item}/withdraw" novalidate>\s*'
                     r'<input type="hidden" name="csrf_token" value="([^"]+)">', listed)
    assert form and form.group(1) == token  # each row's withdraw form carries the page's CSRF token
    refused = _post(client, token, f"/office/published/{item}/withdraw", reason="  ", year="2025")
    assert refused.status_code == 400 and _error(refused.text, f"w-{item}-reason") == "请填写撤销原因，如 重复录入"
    assert "第二条" in client.get("/portal/published").text  # the public portal lists what was published
    done = _post(client, token, f"/office/published/{item}/withdraw", reason="重复录入", year="2025")
    assert done.headers["location"] == "/office/published?year=2025&done=withdrawn"
    page = client.get(done.headers["location"]).text
    assert "第二条" in page and "已撤销：重复录入" in page and re.search(r'id="published-count">1<', page)
    assert "第二条" not in client.get("/portal/published").text and "第一条" in client.get("/portal/published").text
    again = _post(client, token, f"/office/published/{item}/withdraw", reason="再撤一次", year="2025")
    assert again.status_code == 400 and "该记录已撤销" in again.text

    t4 = _report(engine).tables[TableKey.REVIEW_LITIGATION]
    assert t4.rows["review"].cells["total"].value == 1
    assert _post(client, token, f"/office/cases/{case}/withdraw", reason="误录", year="2025").status_code == 303
    assert _post(client, token, f"/office/documents/{doc}/withdraw", reason="不是本机关制发", year="2025").status_code == 303
    report = _report(engine)
    assert report.tables[TableKey.REVIEW_LITIGATION].rows["review"].cells["total"].value == 0
    assert _values(report.tables[TableKey.PROACTIVE], "regulations", ("issued", "in_force")) == [0, 0]
    assert "本年度主动公开政府信息1条，其中门户网站1条" in report.sections[0].text
    assert "某复〔2025〕2号" in client.get("/office/cases?year=2025").text  # still listed

    with Session(engine) as sess:  # the rows are kept, with their reason, and the change is audited
        assert sess.get(PublishedItem, item).withdrawn_reason == "重复录入"
        assert sess.get(Case, case).withdrawn_reason == "误录"
        audited = sess.scalars(select(AuditEntry).where(AuditEntry.action == "update")).all()
    assert {(a.entity, a.actor, a.after["withdrawn_reason"]) for a in audited} == {
        ("published_item", "li.clerk", "重复录入"), ("review_case", "li.clerk", "误录"),
        ("normative_document", "li.clerk", "不是本机关制发")}


def test_a_reader_sees_no_form_and_every_change_is_refused(client, engine, clock):  # noqa: ANN001
    token = _clerk(client, engine, clock)
    _post(client, token, "/office/published", published_on="2025-05-05", channel="门户网站",
          title="已公开的<script>信息</script>")
    _post(client, token, "/office/cases", kind="行政复议", filed_on="2025-04-01", result="尚未审结")
    _post(client, token, "/office/documents", kind="规章", title="某规章", issued_on="2025-01-10")
    client.post("/logout", data={"csrf_token": token})
    add_user(engine, "zhao.reader", "reader")
    assert sign_in(client, "zhao.reader").status_code == 303
    for path, shown in (("/office/published", "已公开的&lt;script&gt;信息&lt;/script&gt;"), ("/office/documents", "某规章"),
                        ("/office/cases", "行政复议"), ("/office/decisions", "行政许可"), ("/office/sources", "下载来源模板"),
                        ("/office", "您的角色为只读")):
        page = client.get(path)
        assert page.status_code == 200 and shown in page.text
        assert 'method="post" action="/office' not in page.text and "撤销该记录" not in page.text, path
    assert "<script>信息" not in client.get("/office/published").text  # what was typed is text, escaped
    token = page_token(client, "/office/published")
    item, case, doc = _ids(engine, PublishedItem)[0], _ids(engine, Case)[0], _ids(engine, NormativeDocument)[0]
    for path in ("/office/published", f"/office/published/{item}/withdraw", "/office/documents",
                 f"/office/documents/{doc}/withdraw", f"/office/documents/{doc}/abolish", "/office/cases",
                 f"/office/cases/{case}/withdraw", f"/office/cases/{case}/close", "/office/decisions"):
        refused = _post(client, token, path, reason="x", on="2025-06-01", result="维持", year="2025", title="x",
                        published_on="2025-06-01", channel="门户网站", licensing="5")
        assert refused.status_code == 403, path
    upload = client.post("/office/sources", data={"csrf_token": token},
                         files={"file": ("来源.xlsx", b"x", "application/octet-stream")})
    assert upload.status_code == 403
    with Session(engine) as sess:
        assert sess.get(PublishedItem, item).withdrawn_reason is None and sess.get(Case, case).result is None
        assert sess.scalars(select(DecisionCount)).all() == []
    assert len(_ids(engine, PublishedItem)) == 1
    assert client.get("/office/sources-template.xlsx").status_code == 200  # a blank template is no change


def test_bad_input_is_answered_next_to_its_field_and_nothing_is_recorded(client, engine, clock):  # noqa: ANN001
    token = _clerk(client, engine, clock)
    bad = _post(client, token, "/office/published", published_on="2025-02-30", channel="门户网站", title=" ",
                year="2025")
    assert bad.status_code == 400
    assert _error(bad.text, "published_on") == "日期“2025-02-30”不存在" and _error(bad.text, "title") == "不能为空"
    assert 'value="2025-02-30"' in bad.text  # what was typed is kept
    late = _post(client, token, "/office/published", published_on="2025-12-16", channel="门户网站", title="明天的")
    assert _error(late.text, "published_on") == "不能晚于今天"
    old = _post(client, token, "/office/published", published_on="2007-12-31", channel="门户网站", title="某")
    assert _error(old.text, "published_on") == "早于2008年：政府信息公开条例自2008年5月1日起施行"
    odd = _post(client, token, "/office/published", published_on="2025-12-01", channel="飞鸽传书", title="某")
    assert "门户网站" in _error(odd.text, "channel")

    doc = _post(client, token, "/office/documents", kind="行政规范性文件", title="某办法", issued_on="2025-05-01",
                abolished_on="2025-04-01")
    assert doc.status_code == 400 and _error(doc.text, "abolished_on") == "早于印发日期"
    case = _post(client, token, "/office/cases", kind="行政复议", filed_on="2025-05-01", result="维持")
    assert case.status_code == 400 and "已结案的须填写结果" in _error(case.text, "result")
    case = _post(client, token, "/office/cases", kind="行政裁决", filed_on="2025-05-01", result="尚未审结")
    assert "行政复议" in _error(case.text, "kind")

    dec = _post(client, token, "/office/decisions", year="2025", licensing="十二", penalty="-1", compulsion="2",
                fees="1.23456")
    assert dec.status_code == 400
    assert _error(dec.text, "licensing") == "应为数字" and _error(dec.text, "penalty") == "应为非负整数"
    assert _error(dec.text, "fees") == "最多保留4位小数" and _error(dec.text, "compulsion") == ""
    year = _post(client, token, "/office/decisions", year="2035", licensing="1")
    assert year.status_code == 400 and "2008年至2025年" in _error(year.text, "year")
    assert client.get("/office/published?year=20x5").status_code == 400

    with Session(engine) as sess:
        assert sess.scalars(select(PublishedItem)).all() == [] and sess.scalars(select(NormativeDocument)).all() == []
        assert sess.scalars(select(Case)).all() == [] and sess.scalars(select(DecisionCount)).all() == []

    _post(client, token, "/office/documents", kind="规章", title="某规章", issued_on="2025-03-01")
    rid = _ids(engine, NormativeDocument)[0]
    older = _post(client, token, "/office/documents", kind="规章", title="1995年的规章", issued_on="1995-06-01")
    assert older.headers["location"] == "/office/documents?year=2008&done=added"  # still in force: listed then
    assert "1995年的规章" in client.get("/office/documents?year=2025").text
    early = _post(client, token, f"/office/documents/{rid}/abolish", on="2025-02-01", year="2025")
    assert early.status_code == 400 and _error(early.text, f"a-{rid}-on") == "早于印发日期（2025-03-01）"


def _workbook(rows: dict[str, list[list[object]]]) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    for name, values in rows.items():
        ws = wb.create_sheet(name)
        for row in values:
            ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_the_sources_workbook_comes_in_from_the_browser_a_bad_row_refusing_the_file(client, engine, clock):  # noqa: ANN001
    token = _clerk(client, engine, clock)
    blank = client.get("/office/sources-template.xlsx")
    assert blank.status_code == 200 and "attachment" in blank.headers["content-disposition"]
    wb = load_workbook(io.BytesIO(blank.content))
    assert wb.sheetnames[:5] == ["主动公开", "规章和规范性文件", "处理决定", "行政事业性收费", "复议诉讼"]
    assert [c.value for c in wb["复议诉讼"][1]] == ["类型", "案号", "收到日期", "结果", "结案日期"]

    sheets = {"主动公开": [["发布日期", "渠道", "类别", "标题"], ["2025-03-01", "门户网站", "通知公告", "甲"],
                       ["2025年3月32日", "门户网站", "通知公告", "乙"]],
              "处理决定": [["年度", "类别", "数量"], [2025, "行政许可", 7]],
              "复议诉讼": [["类型", "案号", "收到日期", "结果", "结案日期"], ["行政复议", "某复1号", "2025-01-05", "纠正", "2025-03-01"]]}

    def upload(data: bytes):  # noqa: ANN202
        return client.post("/office/sources", data={"csrf_token": token},
                           files={"file": ("来源.xlsx", data, "application/octet-stream")}, follow_redirects=False)

    bad = upload(_workbook(sheets))
    assert bad.status_code == 400
    assert "第3行“主动公开·发布日期”：日期“2025年3月32日”不存在" in bad.text and "未导入任何记录（共 1 处）" in bad.text
    with Session(engine) as sess:  # all or nothing
        assert sess.scalars(select(PublishedItem)).all() == [] and sess.scalars(select(Case)).all() == []

    sheets["主动公开"][2][0] = "2025年3月31日"
    good = upload(_workbook(sheets))
    assert good.status_code == 303  # a reload of the page it leads to imports nothing twice
    shown = client.get(good.headers["location"]).text
    assert "已导入：主动公开 2 条，处理决定 1 条，复议诉讼 1 条。" in shown
    with Session(engine) as sess:  # each record added is audited under the clerk's name
        inserted = sess.scalars(select(AuditEntry).where(AuditEntry.action == "insert",
                                                         AuditEntry.entity == "published_item")).all()
    assert sorted(a.after["title"] for a in inserted) == ["乙", "甲"] and {a.actor for a in inserted} == {"li.clerk"}
    assert re.search(r'id="published-count">2<', client.get("/office/published?year=2025").text)
    t4 = _report(engine).tables[TableKey.REVIEW_LITIGATION]
    assert _values(t4, "review", ("corrected", "total")) == [1, 1]

    again = upload(_workbook({"处理决定": sheets["处理决定"]}))  # the year's count is kept once: correct it on its page
    assert again.status_code == 400 and "2025年的行政许可决定数已有记录" in again.text
    assert upload(b"not a workbook").status_code == 400
    as_given = upload(blank.content)  # the blank template as downloaded: its example rows are left out
    assert as_given.status_code == 200 and "示例行，未导入" in as_given.text and "未导入任何记录" in as_given.text
    assert "应为 .xlsx" in client.post("/office/sources", data={"csrf_token": token},
                                      files={"file": ("来源.csv", b"a,b", "text/csv")}).text


def test_a_year_of_more_than_fifty_items_is_shown_fifty_a_page(client, engine, clock):  # noqa: ANN001
    from ogi.storage.db import session

    _clerk(client, engine, clock)
    with session(engine, actor="导入") as sess:  # 51 items in 2025 (one a week from 2025-01-01), one in 2024
        sess.add_all(PublishedItem(published_on=dt.date(2025, 1, 1) + dt.timedelta(weeks=n), channel="门户网站",
                                   title=f"第{n + 1}条") for n in range(51))
        sess.add(PublishedItem(published_on=dt.date(2024, 7, 1), channel="门户网站", title="去年的"))
    first = client.get("/office/published?year=2025").text
    assert "共 51 条；第 1 / 2 页" in first and first.count('<tr id="record-') == 50
    assert "第51条" in first and ">第1条 " not in first  # newest first: 2025-12-17 down to 2025-01-08
    assert 'href="/office/published?page=2&amp;year=2025"' in first
    second = client.get("/office/published?page=2&year=2025").text
    assert second.count('<tr id="record-') == 1 and ">第1条 " in second and "去年的" not in second


def test_a_year_of_the_2019_format_shows_that_formats_columns(client, engine, clock):  # noqa: ANN001
    """2020's report is in the 2019 trial format (domain.md §2): 本年新制作/本年新公开/对外公开总数量, and no
    收费金额 column; a 规范性文件 issued 2020-04-01 counts once in each of the first two and is public at the year's end."""
    token = _clerk(client, engine, clock)
    _post(client, token, "/office/documents", kind="行政规范性文件", title="某办法", issued_on="2020-04-01")
    _post(client, token, "/office/decisions", year="2020", licensing="9", fees="2.5")
    page = client.get("/office/documents?year=2020").text
    assert "本年新制作数量" in page and "本年制发件数" not in page
    assert re.search(r'<th scope="row">规范性文件</th><td class="num">1</td><td class="num">1</td>'
                     r'<td class="num">1</td>', page)
    page = client.get("/office/decisions?year=2020").text
    assert "本年收费金额" not in page and re.search(r'<th scope="row">行政许可</th><td class="num">9</td>', page)
    assert 'name="fees" type="text" value="2.5"' in page  # kept, though the 2019 format has no such cell
