"""The notices panel in the back office: a clerk issues a 补正告知书 and downloads it (opened by python-docx), the
audit log records it without the document's bytes; a reader sees the kept notice but no button and no link, and
is refused the POST and the download (403); a clerk edits a template (an unknown field refused next to the field)
and the next notice follows it. SQLite and PostgreSQL (db_url)."""

from __future__ import annotations

import datetime as dt
import io

import docx
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from ogi.office.lifecycle import add_application, request_correction
from ogi.office.notices import IssuedNotice, set_agency_name
from ogi.storage.base import AuditEntry
from ogi.storage.db import session

from .support import add_user, page_token, sign_in

PANEL = "/office/applications/2025-007/notices"


def _register(engine: Engine) -> None:
    """One application received on Mon 2025-01-20, a 补正 asked on Wed 2025-01-22 with 10 working days."""
    with session(engine, actor="test") as s:
        set_agency_name(s, "某市生态环境局")
        app = add_application(s, ref="2025-007", applicant_category="自然人", applicant_name="李四", channel="网络",
                              received_on=dt.date(2025, 1, 20), request="2024年某项目环评批复")
        request_correction(app, dt.date(2025, 1, 22), workdays=10, actor="test")


def _text(data: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)


def test_a_clerk_issues_a_correction_notice_and_downloads_it(client: TestClient, engine: Engine) -> None:
    _register(engine)
    add_user(engine, "clerk", "clerk")
    sign_in(client, "clerk")
    page = client.get(PANEL)
    assert page.status_code == 200 and "生成补正告知书" in page.text
    assert "生成收费通知书" not in page.text, "only the kinds the recorded steps call for"
    assert client.get("/office/applications/2025-999/notices").status_code == 404
    unfit = client.post(PANEL + "/fee", data={"csrf_token": page_token(client, PANEL)})
    assert unfit.status_code == 400 and "目前不适用“收费通知书”" in unfit.text and 'role="alert"' in unfit.text
    issued = client.post(PANEL + "/correction", data={"csrf_token": page_token(client, PANEL)}, follow_redirects=False)
    assert issued.status_code == 303
    page = client.get(issued.headers["location"])
    assert "已生成并留存补正告知书" in page.text
    with Session(engine) as sess:
        notice = sess.scalars(select(IssuedNotice)).one()
        audit = sess.scalars(select(AuditEntry).where(AuditEntry.entity == "issued_notice")).one()
    assert f"/notices/kept/{notice.id}.docx" in page.text
    assert audit.actor == "clerk" and audit.after["docx"] == "***" and audit.after["kind"] == "correction"
    got = client.get(f"{PANEL}/kept/{notice.id}.docx")
    assert got.status_code == 200 and got.headers["content-disposition"].startswith("attachment;")
    text = _text(got.content)
    # 10 working days after Wed 2025-01-22 across 春节 (1月28日–2月4日 off; Sun 1月26日 and Sat 2月8日 worked):
    # 1/23, 1/24, 1/26, 1/27, 2/5, 2/6, 2/7, 2/8, 2/10, 2/11 → 2025年2月11日
    assert "《中华人民共和国政府信息公开条例》第二十九条第二款、第三十条" in text
    assert "2025年2月11日" in text and "补正期限10个工作日" in text
    assert "李四" in text and "2025年1月20日" in text and "某市生态环境局" in text
    assert text.rstrip().endswith("2025年1月22日"), "the notice bears the day the 补正 was asked"


def test_a_reader_sees_no_button_and_is_refused(client: TestClient, engine: Engine) -> None:
    _register(engine)
    with session(engine, actor="clerk") as s:
        from ogi.office.lifecycle import find
        from ogi.office.notices import issue_notice

        notice_id = issue_notice(s, find(s, "2025-007"), "correction", by="clerk").id
    add_user(engine, "reader", "reader")
    sign_in(client, "reader")
    page = client.get(PANEL)
    assert page.status_code == 200 and "补正告知书" in page.text
    main = page.text.split("<main", 1)[1].split("</main>", 1)[0]
    assert "<button" not in main and "<form" not in main, "no button in the panel"
    assert ".docx" not in page.text and "仅经办人、管理员可下载" in page.text
    token = page_token(client, PANEL)
    refused = client.post(PANEL + "/correction", data={"csrf_token": token})
    assert refused.status_code == 403
    assert client.get(f"{PANEL}/kept/{notice_id}.docx").status_code == 403
    assert client.get("/office/notice-templates").status_code == 403
    assert "/office/notice-templates" not in client.get("/").text, "no 文书模板 in a reader's navigation"
    with Session(engine) as sess:
        assert len(sess.scalars(select(IssuedNotice)).all()) == 1, "the refused POST kept nothing"


def test_a_clerk_edits_a_template_and_the_next_notice_follows_it(client: TestClient, engine: Engine) -> None:
    _register(engine)
    add_user(engine, "clerk", "clerk")
    sign_in(client, "clerk")
    edit = "/office/notice-templates/correction"
    assert "文书模板" in client.get("/").text
    bad = client.post(edit, data={"csrf_token": page_token(client, edit), "body": "补正告知书\n{申请人}：{身份证号}\n"})
    assert bad.status_code == 400 and 'id="body-error"' in bad.text and "{身份证号}" in bad.text
    body = "补正通知\n{申请人}：\n请于{补正截止日期}前补正（依据条例第三十条）。\n---\n{机关名称}\n{文书日期}\n"
    saved = client.post(edit, data={"csrf_token": page_token(client, edit), "body": body}, follow_redirects=False)
    assert saved.status_code == 303
    assert "本机关模板（clerk" in client.get("/office/notice-templates").text
    client.post(PANEL + "/correction", data={"csrf_token": page_token(client, PANEL)})
    with Session(engine) as sess:
        notice = sess.scalars(select(IssuedNotice)).one()
    assert _text(notice.docx).split("\n")[:3] == ["补正通知", "李四：", "请于2025年2月11日前补正（依据条例第三十条）。"]
    reset = client.post(edit, data={"csrf_token": page_token(client, edit), "action": "reset"}, follow_redirects=False)
    assert reset.status_code == 303 and "默认模板" in client.get("/office/notice-templates").text
    assert "政府信息公开申请补正告知书" in client.get(edit).text


def test_a_reviewer_who_may_not_read_the_register_may_not_read_its_notices(client: TestClient,
                                                                          engine: Engine) -> None:
    """审核人员 works in the audit workspace: the register is not theirs (its pages answer 403), so neither is the list
    of the notices sent to an application's applicant."""
    _register(engine)
    with session(engine, actor="clerk") as s:
        from ogi.office.lifecycle import find
        from ogi.office.notices import issue_notice

        issue_notice(s, find(s, "2025-007"), "correction", by="clerk")
    add_user(engine, "reviewer", "reviewer")
    sign_in(client, "reviewer")
    assert client.get("/office/applications/2025-007").status_code == 403
    refused = client.get(PANEL)
    assert refused.status_code == 403 and "补正告知书" not in refused.text
