"""The annual report pages on SQLite and PostgreSQL: a clerk edits 一 and 五 (a table value posted is refused),
the compiled table 三 on the page moves by exactly one added application, publishing makes versions 1 and 2 that
the public portal shows without sign-in, a reader reads but can change nothing, and the year-end checklist names
an application still open with its due date in January."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from ogi.office.annual import draft_of, publication
from ogi.office.records import Application
from ogi.storage.base import AuditEntry
from ogi.storage.db import session

from .support import add_user, page_token, sign_in

YEAR_PAGE = "/office/annual/2025"
AGENCY = "某某市科学技术局"
CELL = re.compile(r'data-cell="([a-z_]+)\.([a-z_]+)"[^>]*>([^<]*)<')


def _clerk(client: TestClient, engine: Engine, name: str = "wang.fang") -> None:
    add_user(engine, name, "clerk")
    assert sign_in(client, name).status_code == 303


def _edit(client: TestClient, **fields: str):  # noqa: ANN202
    token = page_token(client, YEAR_PAGE)
    return client.post(YEAR_PAGE, data={"csrf_token": token, **fields}, follow_redirects=False)


def _publish(client: TestClient):  # noqa: ANN202
    return client.post(f"{YEAR_PAGE}/publish", data={"csrf_token": page_token(client, YEAR_PAGE)},
                       follow_redirects=False)


def _add(engine: Engine, ref: str, received: dt.date, outcome: str | None = None,
         replied: dt.date | None = None) -> None:
    with session(engine, actor="测试") as s:
        s.add(Application(ref=ref, applicant_category="natural_person", applicant_name="张三", channel="网络",
                          received_on=received, outcome=outcome, replied_on=replied))


def _table3(html: str) -> dict[tuple[str, str], str]:
    """The value cells of table 三 as the page shows them."""
    table = html[html.index('<table id="table3">'):]
    table = table[:table.index("</table>")]
    return {(row, col): value for row, col, value in CELL.findall(table)}


def test_a_clerk_edits_one_and_five_and_a_table_value_posted_is_refused(client: TestClient, engine: Engine) -> None:
    _clerk(client, engine)
    page = client.get(YEAR_PAGE)
    assert page.status_code == 200 and 'name="general"' in page.text and "保存草稿" in page.text
    saved = _edit(client, agency=AGENCY, general="本局全年依法公开政府信息。", problems="主动公开不够及时。")
    assert saved.status_code == 303 and saved.headers["location"] == f"{YEAR_PAGE}?done=saved"
    page = client.get(saved.headers["location"]).text
    assert "草稿已保存" in page and "本局全年依法公开政府信息。" in page and "主动公开不够及时。" in page
    assert f"{AGENCY}2025年政府信息公开工作年度报告" in page and "wang.fang 于" in page
    before = _table3(page)
    assert before[("new_received", "total")] == "0"
    typed = _edit(client, agency=AGENCY, general="改过的总体情况", **{"new_received.total": "99"})
    assert typed.status_code == 400 and "表格由台账计算，不能填写" in typed.text
    with session(engine) as s:
        assert draft_of(s, 2025).general == "本局全年依法公开政府信息。", "nothing of the refused form was saved"
    assert _table3(client.get(YEAR_PAGE).text) == before
    too_long = _edit(client, agency=AGENCY, problems="字" * 50_001)
    assert too_long.status_code == 400
    assert re.search(r'id="annual-problems-error">[^<]*不能超过50000字', too_long.text), "the error next to 五"


def test_table_three_on_the_page_moves_by_exactly_one_added_application(client: TestClient, engine: Engine) -> None:
    _add(engine, "2024-0009", dt.date(2024, 12, 2), "withheld_state_secret", dt.date(2025, 1, 6))
    _add(engine, "2025-0001", dt.date(2025, 2, 3), "unable_not_held", dt.date(2025, 2, 20))
    _add(engine, "2025-0002", dt.date(2025, 12, 29))
    _clerk(client, engine)
    before = _table3(client.get(YEAR_PAGE).text)
    assert len(before) == 25 * 7, "一, 二, 21 outcome rows, （七）总计 and 四, 7 columns each"
    _add(engine, "2025-0003", dt.date(2025, 5, 6), "disclosed", dt.date(2025, 5, 20))  # 予以公开, natural person
    after = _table3(client.get(YEAR_PAGE).text)
    changed = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
    # by hand: before, 一 = 2 (2025-0001, 2025-0002), （七）= 2 (the two answered in 2025), （一）予以公开 = 0
    assert changed == {("new_received", "natural_person"): ("2", "3"), ("new_received", "total"): ("2", "3"),
                       ("disclosed", "natural_person"): ("0", "1"), ("disclosed", "total"): ("0", "1"),
                       ("total_processed", "natural_person"): ("2", "3"), ("total_processed", "total"): ("2", "3")}


def test_publishing_makes_version_one_then_two_and_the_portal_shows_the_latest(client: TestClient, app,  # noqa: ANN001
                                                                              engine: Engine) -> None:
    _clerk(client, engine)
    _edit(client, agency=AGENCY, problems="第一版：培训不足。")
    assert _publish(client).headers["location"] == f"{YEAR_PAGE}?done=published"
    _edit(client, agency=AGENCY, problems="第二版：已加强培训。")
    _publish(client)
    assert "发布第 3 版到公开门户" in client.get(YEAR_PAGE).text
    with TestClient(app) as public:  # nobody signed in
        listing = public.get("/portal/reports")
        assert listing.status_code == 200
        assert f'<a href="/portal/reports/2025">{AGENCY}2025年政府信息公开工作年度报告</a>' in listing.text
        latest = public.get("/portal/reports/2025").text
        assert "第二版：已加强培训。" in latest and "第一版：培训不足。" not in latest
        assert '<a href="/portal/reports/2025?version=1">第 1 版</a>' in latest
        earlier = public.get("/portal/reports/2025?version=1").text
        assert "第一版：培训不足。" in earlier and "这是较早的版本" in earlier
        from docx import Document

        got = public.get("/portal/reports/2025/1/download/docx")
        assert got.status_code == 200 and got.headers["content-type"].startswith(
            "application/vnd.openxmlformats-officedocument.wordprocessingml")
        words = "\n".join(p.text for p in Document(io.BytesIO(got.content)).paragraphs)
        assert "第一版：培训不足。" in words and "第二版" not in words
        page = public.get("/portal/reports/2025/2/download/html")
        assert page.status_code == 200 and "第二版：已加强培训。" in page.content.decode("utf-8")
        assert public.get("/portal/reports/2024").status_code == 404
        assert public.get("/portal/reports/2025/3/download/docx").status_code == 404
        assert public.get("/portal/reports/2025/1/download/xlsx").status_code == 404
        signed_only = public.get(YEAR_PAGE, follow_redirects=False)
        assert signed_only.status_code == 303 and signed_only.headers["location"].startswith("/login")


def test_a_reader_reads_the_report_but_cannot_edit_or_publish(client: TestClient, engine: Engine) -> None:
    add_user(engine, "zhao.du", "reader")
    assert sign_in(client, "zhao.du").status_code == 303
    page = client.get(YEAR_PAGE)
    assert page.status_code == 200 and 'id="table3"' in page.text
    assert "<textarea" not in page.text and "保存草稿" not in page.text and "发布第" not in page.text
    assert '<a href="/office/annual"' in client.get("/").text, "the NAV entry 年度报告编制"
    token = page_token(client, YEAR_PAGE)
    edit = client.post(YEAR_PAGE, data={"csrf_token": token, "agency": AGENCY, "general": "读者改的"})
    publish = client.post(f"{YEAR_PAGE}/publish", data={"csrf_token": token})
    assert (edit.status_code, publish.status_code) == (403, 403)
    with session(engine) as s:
        assert draft_of(s, 2025) is None and publication(s, 2025) is None


def test_a_reviewer_of_the_audit_workspace_does_not_see_the_office_s_report(client: TestClient,
                                                                            engine: Engine) -> None:
    add_user(engine, "li.ming", "reviewer")
    sign_in(client, "li.ming")
    assert client.get(YEAR_PAGE).status_code == 403
    assert '<a href="/office/annual"' not in client.get("/").text


def test_the_checklist_names_an_application_still_open_and_its_january_due_date(client: TestClient,
                                                                               engine: Engine) -> None:
    _add(engine, "2025-1220", dt.date(2025, 12, 20))  # Saturday, online; still open
    _add(engine, "2025-1201", dt.date(2025, 12, 1), "disclosed", dt.date(2025, 12, 10))  # answered: not listed
    _clerk(client, engine)
    page = client.get(YEAR_PAGE).text
    todo = page[page.index('id="todo-title"'):page.index('id="edit-title"')]
    # 20 working days after 2025-12-20, 元旦 2026 (1月1日–3日) off and Sunday 1月4日 a 调休 working day: 2026-01-19
    assert "结转下年度继续办理的申请（1 件）" in todo and "2025-1201" not in todo
    assert re.search(r"<td>2025-1220</td>\s*<td>2025-12-20</td>\s*<td>2026-01-19（2026年1月）</td>", todo)
    assert '<ul id="january"><li>2025-1220：2026-01-19</li></ul>' in todo
    assert "尚未编写的部分（3）" in todo


def test_the_years_page_and_the_preview(client: TestClient, engine: Engine) -> None:
    _clerk(client, engine)
    years = client.get("/office/annual").text
    assert '<a href="/office/annual/2026">2026年度</a>' in years and '<a href="/office/annual/2025">' not in years
    _add(engine, "2024-0001", dt.date(2024, 3, 1))
    years = client.get("/office/annual").text
    assert all(f'<a href="/office/annual/{y}">{y}年度</a>' in years for y in (2026, 2025, 2024))
    preview = client.get(f"{YEAR_PAGE}/preview")
    assert preview.status_code == 200 and "（预览）" in preview.text and 'id="table3"' in preview.text
    assert client.get("/office/annual/2027").status_code == 404, "a year that has not begun"
    got = client.get(f"{YEAR_PAGE}/download/docx")
    assert got.status_code == 200 and got.content[:2] == b"PK"


def test_report_text_is_escaped_on_the_portal(client: TestClient, app, engine: Engine) -> None:  # noqa: ANN001
    _clerk(client, engine)
    _edit(client, agency=AGENCY, general='<script>alert("x")</script>')
    _publish(client)
    with TestClient(app) as public:
        html = public.get("/portal/reports/2025").text
    assert "<script>alert" not in html and "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html


@pytest.mark.skipif(shutil.which("soffice") is None and shutil.which("libreoffice") is None,
                    reason="未安装 LibreOffice")
def test_the_published_pdf_is_made_once_and_kept(client: TestClient, app, engine: Engine) -> None:  # noqa: ANN001
    _clerk(client, engine)
    _edit(client, agency=AGENCY)
    _publish(client)
    with session(engine) as s:
        assert publication(s, 2025).pdf is None
    with TestClient(app) as public:
        first = public.get("/portal/reports/2025/1/download/pdf")
        assert first.status_code == 200 and first.content.startswith(b"%PDF-")
        with session(engine) as s:
            assert publication(s, 2025).pdf == first.content
            kept = s.scalars(select(AuditEntry).where(AuditEntry.entity == "annual_publication",
                                                      AuditEntry.action == "update")).all()
        assert [(a.before, a.after) for a in kept] == [({"pdf": None}, {"pdf": "***"})]
        assert public.get("/portal/reports/2025/1/download/pdf").content == first.content
