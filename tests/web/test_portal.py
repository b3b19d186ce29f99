"""The public portal on SQLite and PostgreSQL: an online application lands in the register with its date of
receipt (条例第三十一条, Beijing date, weekends and 春节 2025 worked out by hand), the status page answers only with
the right code, the anti-abuse checks refuse robots, no personal data reaches a public page, the display modes
persist, and the 指南 is edited in the back office."""

from __future__ import annotations

import datetime as dt
import re
import threading

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from ogi.office import portal
from ogi.office.records import Application, PublishedItem
from ogi.storage.base import AuditEntry
from ogi.storage.db import session

from .support import Clock, add_user, csrf_of, page_token, sign_in

ID_CARD = "11010519491231002X"  # the example of GB 11643: weights 7 9 10 5 … give 167, 167 mod 11 = 2 → X
PERSON = {"category": "natural_person", "name": "张晓梅", "id_document": ID_CARD, "phone": "13912345678",
          "email": "xiaomei@example.com", "address": "河南省安阳市文峰区中华路88号", "form": "电子邮件发送电子文本",
          "request": "2024年本局行政许可事项目录及办理结果", "purpose": "了解办事流程"}
PUBLIC_PAGES = ["/portal", "/portal/guide", "/portal/catalogue", "/portal/published", "/portal/apply",
                "/portal/status"]
_FORM_TOKEN = re.compile(r'name="form_token" value="([^"]+)"')


def beijing(y: int, m: int, d: int, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime(y, m, d, hour, minute, tzinfo=dt.timezone(dt.timedelta(hours=8))).astimezone(dt.UTC)


def submit(client: TestClient, clock: Clock, wait: float = 5, **fields: str):  # noqa: ANN201
    """Open the form, wait like a person, send it back; the POST's response."""
    form = client.get("/portal/apply").text
    clock.advance(seconds=wait)
    data = {"csrf_token": csrf_of(form), "form_token": _FORM_TOKEN.search(form).group(1), "website": "",
            **PERSON, **fields}
    return client.post("/portal/apply", data=data)


def tracking(html: str) -> tuple[str, str]:
    ref = re.search(r'id="tracking-ref">([^<]+)<', html).group(1)
    code = re.search(r'id="tracking-code">([^<]+)<', html).group(1)
    return ref, code


def status_page(client: TestClient, ref: str, code: str):  # noqa: ANN201
    token = csrf_of(client.get("/portal/status").text)
    return client.post("/portal/status", data={"csrf_token": token, "ref": ref, "code": code})


def registered(engine: Engine) -> list[Application]:
    with Session(engine) as sess:
        return list(sess.scalars(select(Application).order_by(Application.ref)))


@pytest.mark.parametrize(("sent", "received"), [
    (beijing(2025, 1, 25), dt.date(2025, 1, 26)),  # 周六 → 1月26日（日）is the 调休 working day before 春节
    (dt.datetime(2025, 1, 24, 17, 30, tzinfo=dt.UTC), dt.date(2025, 1, 26)),  # Friday UTC, Saturday 01:30 in Beijing
    (beijing(2025, 2, 1), dt.date(2025, 2, 5)),  # 周六 in 春节 (1月28日–2月4日 off) → Wednesday 2月5日
    (beijing(2025, 2, 8), dt.date(2025, 2, 8)),  # 周六, but a 调休 working day: received that day
    (beijing(2026, 3, 4, 16), dt.date(2026, 3, 4)),  # an ordinary Wednesday
])
def test_an_online_application_lands_in_the_register_with_its_date_of_receipt(
        client: TestClient, clock: Clock, engine: Engine, sent: dt.datetime, received: dt.date) -> None:
    clock.now = sent
    answer = submit(client, clock)
    assert answer.status_code == 200, answer.text
    ref, code = tracking(answer.text)
    assert ref == f"WS-{received.year}-000001" and len(code) == 10
    assert f"{received.year}年{received.month}月{received.day}日" in answer.text
    [app] = registered(engine)
    assert (app.ref, app.channel, app.received_on, app.applicant_category) == (ref, "网络", received, "natural_person")
    assert (app.applicant_name, app.id_document, app.form) == ("张晓梅", ID_CARD, "电子邮件发送电子文本")
    assert app.request.startswith("2024年本局行政许可事项目录") and "用途：了解办事流程" in app.request
    assert "13912345678" in app.contact and "xiaomei@example.com" in app.contact


def test_the_status_page_shows_the_state_and_dates_with_the_code(client: TestClient, clock: Clock) -> None:
    clock.now = beijing(2025, 1, 25)
    ref, code = tracking(submit(client, clock).text)
    page = status_page(TestClient(client.app), ref, code)  # another browser: only the number and code count
    assert page.status_code == 200
    assert re.search(r'id="state">待处理<', page.text)
    assert re.search(r'id="received">2025年1月26日<', page.text)
    # 20 working days after 1月26日: 1月27日 (1), 春节 off to 2月4日, 2月5–8日 (2–5, 8日 a 调休 Saturday),
    # 2月10–14日 (6–10), 17–21日 (11–15), 24–28日 (16–20)
    assert re.search(r'id="due">2025年2月28日<', page.text)
    assert re.search(r'id="replied">尚未答复<', page.text)
    assert 'id="reply-download"' in page.text
    for personal in ("张晓梅", ID_CARD, "13912345678", "xiaomei", "中华路", "行政许可事项目录"):
        assert personal not in page.text


def test_the_status_page_follows_the_register(client: TestClient, clock: Clock, engine: Engine) -> None:
    from ogi.office import lifecycle

    clock.now = beijing(2025, 2, 8)
    ref, code = tracking(submit(client, clock).text)
    with session(engine, "clerk") as sess:
        lifecycle.request_correction(lifecycle.find(sess, ref), dt.date(2025, 2, 10), today=dt.date(2025, 2, 10))
    page = status_page(client, ref, code)
    assert re.search(r'id="state">需补正<', page.text) and "重新计算" in page.text
    with session(engine, "clerk") as sess:
        app = lifecycle.find(sess, ref)
        lifecycle.receive_correction(app, dt.date(2025, 2, 12), today=dt.date(2025, 2, 12))
        lifecycle.reply(app, dt.date(2025, 2, 20), outcome="予以公开", basis="条例第三十六条第（二）项",
                        today=dt.date(2025, 2, 20))
    page = status_page(client, ref, code)
    assert re.search(r'id="state">已答复<', page.text) and re.search(r'id="replied">2025年2月20日<', page.text)


def test_a_wrong_code_is_refused_without_telling_whether_the_number_exists(client: TestClient, clock: Clock) -> None:
    ref, code = tracking(submit(client, clock).text)
    wrong = status_page(client, ref, "ABCDEFGHJK" if code != "ABCDEFGHJK" else "ABCDEFGHJL")
    missing = status_page(client, "WS-2026-999999", code)
    assert wrong.status_code == missing.status_code == 400
    for answer in (wrong, missing):
        assert "查询号或查询码不正确" in answer.text and 'id="state"' not in answer.text
    assert status_page(client, ref, code.lower()).status_code == 200  # typed in small letters: the same code


def test_wrong_codes_are_rate_limited_per_address(client: TestClient, clock: Clock, settings) -> None:  # noqa: ANN001
    ref, code = tracking(submit(client, clock).text)
    for _ in range(settings.portal_status_failures_per_address):
        assert status_page(client, ref, "WRONGCODE2").status_code == 400
    refused = status_page(client, ref, code)
    assert refused.status_code == 429 and "过多" in refused.text and 'id="state"' not in refused.text
    clock.advance(minutes=16)
    assert status_page(client, ref, code).status_code == 200


def test_the_honeypot_and_a_too_fast_or_stale_form_are_refused(client: TestClient, clock: Clock,
                                                                engine: Engine) -> None:
    robot = submit(client, clock, website="http://spam.example")
    assert robot.status_code == 400 and "提交未被接受" in robot.text
    too_fast = submit(client, clock, wait=2)
    assert too_fast.status_code == 400 and "提交过快" in too_fast.text
    assert 'value="张晓梅"' in too_fast.text  # the values are kept for the second try
    stale = submit(client, clock, wait=2 * 3600 + 1)
    assert stale.status_code == 400 and "已过期" in stale.text
    form = client.get("/portal/apply").text
    clock.advance(seconds=5)
    stamp = _FORM_TOKEN.search(form).group(1).split(".")[0]
    forged = client.post("/portal/apply", data={**PERSON, "csrf_token": csrf_of(form),
                                                "form_token": f"{int(stamp) - 60000}.{'0' * 32}"})
    assert forged.status_code == 400 and "表单校验未通过" in forged.text
    assert registered(engine) == []
    assert submit(client, clock, wait=3).status_code == 200  # 3 seconds is enough


def test_submissions_are_rate_limited_per_address(client: TestClient, clock: Clock, engine: Engine,
                                                  settings) -> None:  # noqa: ANN001
    for _ in range(settings.portal_submissions_per_address):
        assert submit(client, clock).status_code == 200
    refused = submit(client, clock)
    assert refused.status_code == 429 and "过多" in refused.text
    assert len(registered(engine)) == settings.portal_submissions_per_address
    clock.advance(hours=1)
    assert submit(client, clock).status_code == 200


def test_errors_are_shown_next_to_each_field_with_the_values_kept(client: TestClient, clock: Clock,
                                                                 engine: Engine) -> None:
    answer = submit(client, clock, id_document="110105194912310021", phone="", form="邮寄纸质文本", address="",
                    request="目录")
    assert answer.status_code == 400
    errors = dict(re.findall(r'<p class="error" id="([a-z_]+)-error">([^<]+)</p>', answer.text))
    assert set(errors) == {"id_document", "phone", "address", "request"}
    assert "校验位" in errors["id_document"] and "联系电话" in errors["phone"] and "通信地址" in errors["address"]
    assert 'aria-describedby="phone-error"' in answer.text and 'aria-invalid="true"' in answer.text
    assert 'value="张晓梅"' in answer.text and 'value="110105194912310021"' in answer.text
    assert registered(engine) == []


def test_a_form_without_the_csrf_token_is_refused(client: TestClient, clock: Clock, engine: Engine) -> None:
    form = client.get("/portal/apply").text
    clock.advance(seconds=5)
    answer = client.post("/portal/apply", data={**PERSON, "form_token": _FORM_TOKEN.search(form).group(1)})
    assert answer.status_code == 403 and registered(engine) == []


def test_no_personal_data_on_any_public_page(client: TestClient, clock: Clock, engine: Engine) -> None:
    ref, _code = tracking(submit(client, clock).text)
    with session(engine) as sess:
        sess.add(PublishedItem(published_on=dt.date(2026, 3, 1), channel="门户网站", category="规划计划",
                               title="2026年工作要点"))
    visitor = TestClient(client.app)
    for path in PUBLIC_PAGES:
        html = visitor.get(path).text
        for personal in ("张晓梅", ID_CARD, "13912345678", "xiaomei", "中华路", ref):
            assert personal not in html, f"{path} shows {personal}"
    assert "2026年工作要点" in visitor.get("/portal/published").text
    assert "2026年工作要点" in visitor.get("/portal").text
    with Session(engine) as sess:  # the audit trail keeps the personal data and the code's hash masked
        entries = sess.scalars(select(AuditEntry).where(AuditEntry.entity.in_(["application", "portal_tracking"]))).all()
    text = " ".join(str(e.after) for e in entries)
    assert entries and "张晓梅" not in text and "xiaomei" not in text and "scrypt$" not in text


def test_the_display_modes_persist_in_a_cookie(client: TestClient) -> None:
    def classes(path: str = "/portal/guide") -> set[str]:
        body = re.search(r'<body class="([^"]*)"', client.get(path).text).group(1)
        return set(body.split())

    assert classes() == {"portal"}
    token = csrf_of(client.get("/portal").text)
    moved = client.post("/portal/display", data={"csrf_token": token, "mode": "large", "on": "1",
                                                 "back": "/portal/guide"}, follow_redirects=False)
    assert moved.status_code == 303 and moved.headers["location"] == "/portal/guide"
    assert "max-age=31536000" in moved.headers["set-cookie"].lower()
    assert classes() == {"portal", "a11y-large"} and classes("/portal/status") == {"portal", "a11y-large"}
    assert 'aria-pressed="true">大字版' in client.get("/portal").text
    client.post("/portal/display", data={"csrf_token": token, "mode": "contrast", "on": "1", "back": "//evil.example"})
    assert classes("/portal/apply") == {"portal", "a11y-large", "a11y-contrast"}
    assert '<html lang="zh-CN" class="a11y-large a11y-contrast">' in client.get("/portal").text
    client.post("/portal/display", data={"csrf_token": token, "mode": "large", "on": "0", "back": "/portal"})
    assert classes() == {"portal", "a11y-contrast"}


def test_tracking_numbers_stay_unique_under_concurrency(engine: Engine) -> None:
    now = beijing(2026, 3, 4)
    person = portal.OnlineApplication("natural_person", "李四", ID_CARD, "13800000000", "", "", "某某文件", "当面领取纸质文本")
    refs: list[str] = []
    failures: list[BaseException] = []

    def one() -> None:
        try:
            refs.append(portal.submit_online(engine, person, now).ref)
        except BaseException as exc:  # noqa: BLE001 - reported below
            failures.append(exc)

    threads = [threading.Thread(target=one) for _ in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    assert sorted(refs) == [f"WS-2026-{n:06d}" for n in range(1, 13)]
    with Session(engine) as sess:
        assert sess.scalar(select(func.count()).select_from(portal.Tracking)) == 12


def test_the_guide_is_edited_in_the_back_office(client: TestClient, engine: Engine) -> None:
    assert "二、依申请公开" in client.get("/portal/guide").text  # the default text until the office writes its own
    add_user(engine, "clerk1", role="clerk")
    add_user(engine, "reader1", role="reader")
    sign_in(client, "reader1")
    assert client.get("/office/portal-pages").status_code == 403
    client.cookies.clear()
    sign_in(client, "clerk1")
    token = page_token(client, "/office/portal-pages")
    saved = client.post("/office/portal-pages", data={"csrf_token": token, "key": "guide", "title": "本局公开指南",
                                                      "body": "一、受理机构\n本局办公室<b>受理</b>申请。"})
    assert saved.status_code == 200 and "已保存“本局公开指南”" in saved.text
    empty = client.post("/office/portal-pages", data={"csrf_token": token, "key": "guide", "title": "x", "body": " "})
    assert empty.status_code == 400 and "不能为空" in empty.text
    public = TestClient(client.app).get("/portal/guide").text
    assert "<h1>本局公开指南</h1>" in public and "<h2>一、受理机构</h2>" in public
    assert "本局办公室&lt;b&gt;受理&lt;/b&gt;申请。" in public  # escaped, never markup
    assert "一、机构职能" in TestClient(client.app).get("/portal/catalogue").text  # the other page unchanged


def test_a_submission_waits_out_a_long_sqlite_lock(engine: Engine) -> None:
    """Another writer holding SQLite's lock longer than its 5 s busy timeout: the submission is retried, not lost."""
    if engine.dialect.name != "sqlite":
        pytest.skip("SQLite's database lock only")
    import sqlite3

    holder = sqlite3.connect(engine.url.database, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    person = portal.OnlineApplication("natural_person", "李四", ID_CARD, "13800000000", "", "", "某某文件", "当面领取纸质文本")
    result: list[portal.Submitted] = []
    worker = threading.Thread(target=lambda: result.append(portal.submit_online(engine, person, beijing(2026, 3, 4))))
    worker.start()
    worker.join(6.5)
    assert result == [] and worker.is_alive(), "still waiting for the lock after the busy timeout"
    holder.execute("COMMIT")
    holder.close()
    worker.join(30)
    assert [r.ref for r in result] == ["WS-2026-000001"]
    assert [a.ref for a in registered(engine)] == ["WS-2026-000001"]


def test_the_applicant_downloads_the_notices_addressed_to_them_and_no_other(client: TestClient, clock: Clock,
                                                                             engine: Engine) -> None:
    import io

    from docx import Document

    from ogi.office import lifecycle
    from ogi.office.notices import issue_notice

    clock.now = beijing(2025, 2, 10)  # a Monday: received that day
    ref, code = tracking(submit(client, clock).text)
    other_ref, other_code = tracking(submit(client, clock, name="李建国").text)
    with session(engine, "clerk") as sess:
        app = lifecycle.find(sess, ref)
        lifecycle.consult(app, dt.date(2025, 2, 11), today=dt.date(2025, 2, 11))
        issue_notice(sess, app, "consultation", by="clerk")  # to the third party: not the applicant's to see
        lifecycle.answer_consultation(app, dt.date(2025, 2, 14), today=dt.date(2025, 2, 14))
        lifecycle.reply(app, dt.date(2025, 2, 20), outcome="予以公开", basis="条例第三十六条第（二）项",
                        today=dt.date(2025, 2, 20))
        reply_id = issue_notice(sess, app, "disclosed", by="clerk").id
    page = status_page(client, ref, code)
    assert page.status_code == 200
    offered = re.findall(r'name="notice" value="(\d+)"', page.text)
    assert offered == [str(reply_id)] and "征求" not in page.text  # the consultation letter is not offered
    token = csrf_of(page.text)
    sent = client.post("/portal/status/notice", data={"csrf_token": token, "ref": ref, "code": code,
                                                      "notice": str(reply_id)})
    assert sent.status_code == 200 and sent.headers["content-disposition"].startswith("attachment;")
    text = "\n".join(p.text for p in Document(io.BytesIO(sent.content)).paragraphs)
    assert "张晓梅" in text and "第三十六条第（二）项" in text
    # the other applicant's code does not open this notice, nor does a wrong code
    for who, secret in ((other_ref, other_code), (ref, "wrong-code")):
        refused = client.post("/portal/status/notice", data={"csrf_token": token, "ref": who, "code": secret,
                                                             "notice": str(reply_id)})
        assert refused.status_code in (400, 404) and "张晓梅" not in refused.text
        assert not refused.headers.get("content-disposition")
