"""The office's register in the browser (SQLite and PostgreSQL): a clerk registers an application received online
on 2025-01-20, sends a 补正 notice, records the corrected application and replies; the due dates shown are the
ones worked out by hand across 春节 2025 and the register's own; a reader sees applicants masked, no form, and is
refused every change; bad input is answered next to its field; the 台账 goes out and comes back in.

Hand count (春节 2025: 1月28日–2月4日 off; 1月26日(日) and 2月8日(六) working days; day 1 is the next working day):
- from receipt 1月20日: 21,22,23,24 (4), 26 (5), 27 (6), 2月5,6,7 (9), 8 (10), 10–14 (15), 17–21 (20) → 2025-02-21.
- from the corrected application 1月24日: 26 (1), 27 (2), 2月5,6,7 (5), 8 (6), 10–14 (11), 17–21 (16),
  24,25,26,27 (20) → 2025-02-27. On 2月24日, 25·26·27 are left: 3 working days, within 5.
"""

from __future__ import annotations

import datetime as dt
import io
import re

from openpyxl import Workbook, load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from ogi.office.due import calendar_for, deadline_of
from ogi.office.lifecycle import add_application, find
from ogi.office.records import Application, Event
from ogi.storage.base import AuditEntry
from ogi.storage.db import session

from .support import add_user, page_token, sign_in

MONDAY_AFTER = dt.datetime(2025, 2, 24, 2, 0, tzinfo=dt.UTC)  # 10:00 in Beijing, 2025-02-24
INTAKE = {"applicant_category": "natural_person", "applicant_name": "张三", "id_document": "身份证 110101199001011234",
          "contact": "13812340000 zhang@x.cn", "request": "2024年本区老旧小区改造项目清单", "format": "电子文档",
          "route": "电子邮件", "channel": "网络", "confirmed_on": "2025-01-20"}


def _clerk(client, engine, clock, name: str = "wang.clerk") -> str:  # noqa: ANN001
    clock.now = MONDAY_AFTER
    add_user(engine, name, "clerk")
    assert sign_in(client, name).status_code == 303
    return page_token(client, "/office/applications")


def _row(html: str, ref: str) -> str:
    match = re.search(rf'<tr class="([^"]*)">\s*<td><a href="/office/applications/{ref}">.*?</tr>', html, re.S)
    assert match, f"the list has a row for {ref}"
    return match.group(0)


def _due_shown(html: str) -> str:
    return re.search(r'<strong id="due-date">([^<]+)</strong>', html).group(1)


def test_a_clerk_registers_corrects_and_replies_with_the_due_dates_of_spring_festival_2025(client, engine, clock):  # noqa: ANN001
    token = _clerk(client, engine, clock)
    made = client.post("/office/applications/new", data={**INTAKE, "csrf_token": token}, follow_redirects=False)
    assert made.status_code == 303 and made.headers["location"] == "/office/applications/2025-0001?done=added"
    page = client.get(made.headers["location"]).text
    assert "已登记申请" in page and "2025-01-20" in page and "第三十一条第（三）项" in page

    row = _row(client.get("/office/applications").text, "2025-0001")
    assert "2025-02-21" in row and 'class="overdue"' in row and "已逾期" in row and "办理中" in row

    def step(name: str, **data: str):  # noqa: ANN202
        return client.post(f"/office/applications/2025-0001/{name}", data={**data, "csrf_token": token},
                           follow_redirects=False)

    assert step("correction", on="2025-01-21", workdays="15").status_code == 303
    page = client.get("/office/applications/2025-0001").text
    assert _due_shown(page) == "尚未起算" and "待补正" in page
    assert "待补正" in _row(client.get("/office/applications?status=awaiting_correction").text, "2025-0001")

    done = step("correction_received", on="2025-01-24")
    assert done.status_code == 303 and "done=correction_received" in done.headers["location"]
    page = client.get(done.headers["location"]).text
    assert "已记录收到补正" in page and _due_shown(page) == "2025-02-27"
    with Session(engine) as sess:
        app = find(sess, "2025-0001")
        assert deadline_of(app, calendar_for(sess)).due == dt.date(2025, 2, 27)  # the register's own
    assert "2025年1月24日收到补正后的申请" in page  # the explanation, from due.deadline_of
    row = _row(client.get("/office/applications").text, "2025-0001")
    assert 'class="due-soon"' in row and "5个工作日内到期" in row and "还有3个工作日" in row

    assert step("reply", on="2025-02-24", outcome="disclosed", basis="条例第三十六条第（二）项").status_code == 303
    page = client.get("/office/applications/2025-0001").text
    assert "已办结" in page and "予以公开" in page and "条例第三十六条第（二）项" in page
    assert 'action="/office/applications/2025-0001/reply"' not in page  # no reply form once replied
    with Session(engine) as sess:
        app = find(sess, "2025-0001")
        assert (app.replied_on, app.outcome) == (dt.date(2025, 2, 24), "disclosed")
        audit = sess.scalars(select(AuditEntry).where(AuditEntry.entity.in_(("application", "application_event")))).all()
    assert {a.actor for a in audit} == {"wang.clerk"}
    assert sum(a.entity == "application_event" for a in audit) == 3  # 补正, 收到补正, 答复
    inserted = next(a for a in audit if a.entity == "application" and a.action == "insert")
    assert inserted.after["applicant_name"] == "***" and inserted.after["received_on"] == "2025-01-20"


def test_a_reader_sees_masked_applicants_no_form_and_is_refused_every_change(client, engine, clock):  # noqa: ANN001
    clock.now = MONDAY_AFTER
    with session(engine, actor="test") as sess:
        add_application(sess, ref="2025-0007", applicant_category="自然人", applicant_name="张三",
                        contact="13812340000 zhang@x.cn", id_document="110101199001011234", channel="当面",
                        received_on=dt.date(2025, 2, 20), request="某文件", today=dt.date(2025, 2, 24))
    add_user(engine, "du.reader", "reader")
    assert sign_in(client, "du.reader").status_code == 303
    listing = client.get("/office/applications").text
    assert "张*" in listing and "张三" not in listing
    page = client.get("/office/applications/2025-0007").text
    assert "138****0000" in page and "z***@x.cn" in page and "1101**********1234" in page
    assert "13812340000" not in page and "110101199001011234" not in page and "张三" not in page
    assert 'action="/office/applications/2025-0007/' not in page and "办理操作" not in page
    token = page_token(client, "/office/applications")
    refused = client.post("/office/applications/2025-0007/correction", data={"csrf_token": token, "on": "2025-02-21"})
    assert refused.status_code == 403 and "仅限" in refused.text
    assert client.get("/office/applications/new").status_code == 403
    assert client.post("/office/applications/new", data={**INTAKE, "csrf_token": token}).status_code == 403
    assert client.post("/office/ledger", data={"csrf_token": token},
                       files={"file": ("台账.xlsx", b"x", "application/octet-stream")}).status_code == 403
    with Session(engine) as sess:
        assert sess.scalars(select(Event)).all() == [] and len(sess.scalars(select(Application)).all()) == 1
    sheet = load_workbook(io.BytesIO(client.get("/office/ledger.xlsx").content)).active
    header = [c.value for c in sheet[1]]
    values = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    assert (values["申请人姓名或名称"], values["证件号码"]) == ("张*", "1101**********1234")
    assert values["联系方式"] == "138****0000 z***@x.cn" and values["编号"] == "2025-0007"


def test_a_bad_intake_is_answered_next_to_each_field_and_keeps_what_was_typed(client, engine, clock):  # noqa: ANN001
    token = _clerk(client, engine, clock)
    bad = {**INTAKE, "applicant_name": "", "id_document": "", "channel": "邮寄", "confirmed_on": "",
           "signed_for_on": "2025-02-30", "request": "请公开<b>全部</b>文件", "csrf_token": token}
    answer = client.post("/office/applications/new", data=bad)
    assert answer.status_code == 400
    html = answer.text
    assert re.search(r'id="applicant_name-error">请填写申请人的姓名或者名称', html)
    assert re.search(r'id="id_document-error">请填写申请人的身份证明', html)
    assert re.search(r'id="signed_for_on-error">签收日期“2025-02-30”无法识别', html)
    assert "请公开&lt;b&gt;全部&lt;/b&gt;文件</textarea>" in html  # kept, and escaped
    assert 'value="13812340000 zhang@x.cn"' in html
    with Session(engine) as sess:
        assert sess.scalars(select(Application)).all() == []

    future = client.post("/office/applications/new", data={**INTAKE, "confirmed_on": "2025-02-25", "csrf_token": token})
    assert future.status_code == 400 and "在今天（2025年2月24日）之后" in future.text
    preview = client.post("/office/applications/new", data={**INTAKE, "channel": "当面", "confirmed_on": "",
                                                             "submitted_on": "2025-02-20", "preview": "1",
                                                             "csrf_token": token})
    assert preview.status_code == 200 and "收到申请之日：2025年2月20日（当面提交的" in preview.text
    with Session(engine) as sess:
        assert sess.scalars(select(Application)).all() == []  # a preview registers nothing


def test_a_refused_step_is_said_in_chinese_next_to_its_form(client, engine, clock):  # noqa: ANN001
    token = _clerk(client, engine, clock)
    client.post("/office/applications/new", data={**INTAKE, "ref": "甲-1", "csrf_token": token})

    def step(name: str, **data: str):  # noqa: ANN202
        return client.post(f"/office/applications/%E7%94%B2-1/{name}", data={**data, "csrf_token": token})

    no_approver = step("extend", on="2025-02-10", workdays="20", approver=" ")
    assert no_approver.status_code == 400
    assert re.search(r'id="step-extend-error">未记录：延长答复期限须经政府信息公开工作机构负责人同意', no_approver.text)
    too_long = step("extend", on="2025-02-10", workdays="25", approver="李主任")
    assert too_long.status_code == 400 and "最长不得超过20个工作日" in too_long.text
    assert 'value="李主任"' in too_long.text  # kept
    assert step("correction", on="2025-01-21", workdays="15").status_code == 200  # followed to the page
    again = step("correction", on="2025-01-22", workdays="15")
    assert again.status_code == 400  # its form is gone from the page, and the step itself refuses:
    assert re.search(r'id="page-error">未记录：已发出过补正告知：条例第三十条要求一次性告知', again.text)
    bad_day = step("consult", on="2025-13-01", party="third_party")
    assert bad_day.status_code == 400 and "无法识别" in bad_day.text
    no_day = step("consult", on="", party="third_party")
    assert no_day.status_code == 400 and "请填写" in no_day.text and "“”" not in no_day.text
    unknown = step("delete", on="2025-01-22")
    assert unknown.status_code == 404
    with Session(engine) as sess:
        kinds = [e.kind for e in find(sess, "甲-1").events]
    assert kinds == ["correction_requested"]


def test_filters_and_paging_of_the_list(client, engine, clock):  # noqa: ANN001
    token = _clerk(client, engine, clock)
    with session(engine, actor="test") as sess:
        for n, (channel, category, day) in enumerate([("当面", "自然人", dt.date(2024, 12, 30)),
                                                      ("邮寄", "商业企业", dt.date(2025, 1, 6)),
                                                      ("网络", "自然人", dt.date(2025, 2, 3))], start=1):
            add_application(sess, ref=f"F-{n}", applicant_category=category, applicant_name="某", channel=channel,
                            received_on=day, today=dt.date(2025, 2, 24))
    refs = lambda html: re.findall(r'<td><a href="/office/applications/(F-\d)">', html)  # noqa: E731
    assert refs(client.get("/office/applications").text) == ["F-1", "F-2", "F-3"]
    assert refs(client.get("/office/applications?year=2025").text) == ["F-2", "F-3"]
    assert refs(client.get("/office/applications?channel=邮寄").text) == ["F-2"]
    assert refs(client.get("/office/applications?category=natural_person&year=2025").text) == ["F-3"]
    assert refs(client.get("/office/applications?status=closed").text) == []
    bad = client.get("/office/applications?year=25")
    assert bad.status_code == 400 and "年度应为四位数字" in bad.text
    # F-1, received 2024-12-30: 12-31 (1), 1月1日 元旦, 1-2·3 (3), 1-6–10 (8), 1-13–17 (13), 1-20–24 (18),
    # 1-26 (19), 1-27 (20) → due 2025-01-27; a reply on 2-24 is 3+1+5+5+1 = 15 working days late (春节 off).
    late = client.post("/office/applications/F-1/reply", data={"csrf_token": token, "on": "2025-02-24",
                                                                "outcome": "", "basis": "条例第三十六条第（二）项"})
    assert late.status_code == 400 and "请选择办理结果" in late.text
    client.post("/office/applications/F-1/reply", data={"csrf_token": token, "on": "2025-02-24",
                                                         "outcome": "disclosed", "basis": "条例第三十六条第（二）项"})
    row = _row(client.get("/office/applications?status=closed").text, "F-1")
    assert "2025-01-27" in row and "已于2025年2月24日办结，晚于答复期限15个工作日" in row
    assert "已逾期" not in row  # a closed application is no longer flagged


def test_the_ledger_goes_out_and_comes_back_in_whole_or_not_at_all(client, engine, clock, tmp_path):  # noqa: ANN001
    token = _clerk(client, engine, clock)
    client.post("/office/applications/new", data={**INTAKE, "csrf_token": token})
    sheet = load_workbook(io.BytesIO(client.get("/office/ledger.xlsx").content)).active
    header = [c.value for c in sheet[1]]
    row = [c.value for c in sheet[2]]
    assert row[header.index("申请人姓名或名称")] == "张三"  # a clerk's export is not masked

    def upload(rows: list[list]) -> object:
        wb = Workbook()
        ws = wb.active
        ws.append(header)
        for r in rows:
            ws.append(r)
        buf = io.BytesIO()
        wb.save(buf)
        return client.post("/office/ledger", data={"csrf_token": token},
                           files={"file": ("台账.xlsx", buf.getvalue(), "application/octet-stream")})

    good = list(row)
    good[header.index("编号")] = "2025-0100"
    bad = list(row)
    bad[header.index("编号")] = "2025-0101"
    bad[header.index("收到申请日期")] = "2025-02-30"
    refused = upload([good, bad])
    assert refused.status_code == 400 and "未导入任何记录" in refused.text
    assert "第3行“收到申请日期”：日期“2025-02-30”不存在" in refused.text
    with Session(engine) as sess:
        assert sorted(sess.scalars(select(Application.ref))) == ["2025-0001"]  # nothing of the file
    imported = upload([good])
    assert imported.status_code in (200, 303)
    with Session(engine) as sess:
        assert sorted(sess.scalars(select(Application.ref))) == ["2025-0001", "2025-0100"]
    wrong = client.post("/office/ledger", data={"csrf_token": token},
                        files={"file": ("台账.pdf", b"%PDF", "application/pdf")})
    assert wrong.status_code == 400 and "应为 .xlsx 或 .csv" in wrong.text
    broken = client.post("/office/ledger", data={"csrf_token": token},
                         files={"file": ("台账.xlsx", b"not a workbook", "application/octet-stream")})
    assert broken.status_code == 400 and "无法读取该文件" in broken.text
    with Session(engine) as sess:
        assert len(sess.scalars(select(Application.ref)).all()) == 2


def test_the_json_twins_say_what_the_pages_say(client, engine, clock):  # noqa: ANN001
    token = _clerk(client, engine, clock)
    client.post("/office/applications/new", data={**INTAKE, "csrf_token": token})
    listed = client.get("/api/v1/office/applications?year=2025").json()
    assert (listed["total"], listed["page"], listed["pages"]) == (1, 1, 1)
    item = listed["items"][0]
    assert (item["ref"], item["due"], item["overdue"], item["applicant_name"]) == ("2025-0001", "2025-02-21", True, "张三")
    one = client.get("/api/v1/office/applications/2025-0001").json()
    assert one["due_steps"][-1] == "答复期限：2025年2月21日" and one["timeline"][0]["on"] == "2025-01-20"
    assert client.get("/api/v1/office/applications/nope").status_code == 404
    assert client.get("/api/v1/office/applications?status=bogus").status_code == 400
    add_user(engine, "du.reader", "reader")
    client.cookies.clear()
    assert sign_in(client, "du.reader").status_code == 303
    masked = client.get("/api/v1/office/applications/2025-0001").json()
    assert (masked["applicant_name"], masked["contact"]) == ("张*", "138****0000 z***@x.cn")
    assert masked["id_document"] == "身份证 1101**********1234"


def test_a_fee_notice_is_refused_at_nothing_to_pay_and_a_reply_waits_for_the_payment(client, engine, clock):  # noqa: ANN001
    token = _clerk(client, engine, clock)
    client.post("/office/applications/new", data={**INTAKE, "confirmed_on": "2025-02-17", "csrf_token": token})

    def step(name: str, **data: str):  # noqa: ANN202
        return client.post(f"/office/applications/2025-0001/{name}", data={**data, "csrf_token": token})

    free = step("fee_notice", on="2025-02-18", method="piece")  # the applicant's 1st of the month: 0 元 (109号第四条)
    assert free.status_code == 400 and "应收0元：无需缴费，不发收费通知" in free.text
    # 按量 40 pages: 1–30 free, 31–40 at 10 元 (第五条) = 100 元
    assert step("fee_notice", on="2025-02-18", method="volume", pages="40").status_code == 200
    page = client.get("/office/applications/2025-0001").text
    assert "待缴费" in page and "按量100元" in page
    early = step("reply", on="2025-02-20", outcome="disclosed", basis="条例第三十六条第（二）项")
    assert early.status_code == 400 and "尚未缴费" in early.text
    assert step("fee_paid", on="2025-02-20").status_code == 200
    assert step("reply", on="2025-02-21", outcome="disclosed", basis="条例第三十六条第（二）项").status_code == 200
    with Session(engine) as sess:
        paid = [e.amount for e in find(sess, "2025-0001").events if e.kind == "fee_paid"]
    assert paid == [100]
