"""The report pages on SQLite: an upload (file, pasted text, URL) read by ogi and stored as a corpus report, the
page with its failing cells highlighted and their findings, a cell as printed, the downloads, the list within a
user's scope, reviewers' decisions kept and audited, a reader refused every change, and untrusted text escaped."""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from ogi.corpus.query import reports as corpus_reports
from ogi.corpus.records import Blob, Reading, SourceRecord
from ogi.storage.base import AuditEntry
from ogi.web.app import create_app
from ogi.web.records import FindingReview
from ogi.web.reports import scope_condition
from ogi.web.scope import parse_scope, visible
from ogi.web.settings import WebSettings

from .reports_support import HOSTILE_NAME, HOSTILE_TEXT, SHIZUISHAN, broken_anyang, hostile_html
from .support import add_user, page_token, sign_in


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """These pages run on SQLite (the corpus store they write is tested on PostgreSQL in tests/corpus)."""
    return f"sqlite:///{tmp_path / 'web.db'}"


def _upload(client: TestClient, data: bytes, name: str):  # noqa: ANN202
    token = page_token(client, "/reports/new")
    return client.post("/reports/new", data={"csrf_token": token}, files={"file": (name, data)},
                       follow_redirects=False)


def _reviewer(client: TestClient, engine: Engine, name: str = "li.ming", scope: str = "") -> None:
    add_user(engine, name, "reviewer", scope)
    assert sign_in(client, name).status_code == 303


def test_an_uploaded_file_is_read_by_content_and_stored_as_a_corpus_report(client: TestClient,
                                                                          engine: Engine) -> None:
    _reviewer(client, engine)
    data = broken_anyang()
    done = _upload(client, data, "年报.pdf")  # named .pdf, but text: the content decides
    sha = hashlib.sha256(data).hexdigest()
    assert done.status_code == 303 and done.headers["location"] == f"/reports/{sha}"
    with Session(engine) as sess:
        blob = sess.get(Blob, sha)
        source = sess.scalar(select(SourceRecord).where(SourceRecord.sha256 == sha))
        reading = sess.scalar(select(Reading).where(Reading.sha256 == sha))
    assert blob.form == "text" and blob.data == data
    assert source.kind == "upload" and source.name == "年报.pdf" and "li.ming" in source.location
    assert reading.current and reading.status == "read" and reading.errors == 3
    with engine.connect() as conn:
        listed = corpus_reports(conn)  # what `ogi corpus` and the export read
    assert list(listed.sha256) == [sha] and listed.agency[0] == "安阳市科学技术局" and listed.year[0] == 2023


def test_the_report_page_highlights_the_failing_cells_with_their_findings(client: TestClient,
                                                                         engine: Engine) -> None:
    _reviewer(client, engine)
    sha = _upload(client, broken_anyang(), "anyang.txt").headers["location"].rsplit("/", 1)[1]
    page = client.get(f"/reports/{sha}").text
    failing = re.findall(r'<td class="failing"><a href="[^"]*row=(\w+)&amp;column=(\w+)"[^>]*>([^<]*)</a>', page)
    assert failing == [("total_processed", "natural_person", "2"), ("total_processed", "total", "1")]
    assert "（七）总计（2）" in page and "各项办理结果（（一）至（六））之和为1，（七）总计为2" in page
    assert "应为：<strong>1</strong>；实际：<strong>2</strong>" in page
    for heading in ("一、总体情况", "二、主动公开政府信息情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"):
        assert f">{heading}</h2>" in page
    assert "安阳市科学技术局深入贯彻落实" in page, "the section texts are shown"
    assert page.count('class="failing"') == 2, "a cell no finding names is not marked"


def test_a_cell_shows_the_text_as_printed_its_line_and_its_findings(client: TestClient, engine: Engine) -> None:
    _reviewer(client, engine)
    sha = _upload(client, broken_anyang(), "anyang.txt").headers["location"].rsplit("/", 1)[1]
    cell = client.get(f"/reports/{sha}/cell?table=table3&row=total_processed&column=natural_person")
    assert cell.status_code == 200
    text = cell.text
    assert '<dd class="printed">2</dd>' in text and "第 72 行" in text and "原文无页码" in text
    assert "此单元格的核查发现（2）" in text and "表三“自然人”列：一、本年新收（1）+ 二、上年结转（0）= 1" in text
    whole_row = client.get(f"/reports/{sha}/cell?table=table3&row=total_processed&column=")
    assert whole_row.status_code == 200 and "此单元格的核查发现（3）" in whole_row.text
    assert client.get(f"/reports/{sha}/cell?table=table3&row=nonsense&column=total").status_code == 404


def test_an_unreadable_row_is_highlighted_and_its_cell_says_what_was_seen(client: TestClient,
                                                                         engine: Engine) -> None:
    _reviewer(client, engine)
    sha = _upload(client, SHIZUISHAN.read_bytes(), "szs.txt").headers["location"].rsplit("/", 1)[1]
    page = client.get(f"/reports/{sha}").text
    rows = re.findall(r'<td colspan="7" class="unreadable failing"><a href="[^"]*row=(\w+)&amp;column="', page)
    assert rows == ["withheld_state_secret", "withheld_law_prohibited", "withheld_three_safety_stability",
                    "carried_forward"]
    cell = client.get(f"/reports/{sha}/cell?table=table3&row=carried_forward&column=").text
    assert "未按列归位" in cell and '<dd class="printed">0 0 0 0 0</dd>' in cell and "应有7个数，实际读到5个" in cell


def test_pasted_text_is_a_report_too_and_an_empty_form_is_told(client: TestClient, engine: Engine) -> None:
    _reviewer(client, engine)
    token = page_token(client, "/reports/new")
    text = broken_anyang().decode()
    done = client.post("/reports/new", data={"csrf_token": token, "text": text}, follow_redirects=False)
    assert done.headers["location"] == f"/reports/{hashlib.sha256(text.encode()).hexdigest()}"
    with Session(engine) as sess:
        assert sess.scalar(select(SourceRecord.name)) == "粘贴的文本.txt"
    empty = client.post("/reports/new", data={"csrf_token": token, "text": "  "})
    assert empty.status_code == 400 and "请选择一个文件、粘贴报告全文，或填写报告网址" in empty.text


def test_too_large_an_upload_is_refused_in_chinese_and_nothing_is_stored(db_url: str) -> None:
    app = create_app(db_url, WebSettings(max_upload_bytes=4096))
    assert len(broken_anyang()) > 4096
    with TestClient(app) as client:
        _reviewer(client, app.state.engine)
        refused = _upload(client, broken_anyang(), "big.txt")
        assert refused.status_code == 413 and "文件“big.txt”过大：超过 4 KB 的上限，未接收。" in refused.text
        assert "不超过 4 KB" in client.get("/reports/new").text
        with Session(app.state.engine) as sess:
            assert sess.scalar(select(Blob)) is None


def test_a_url_into_the_servers_own_network_is_not_fetched(client: TestClient, engine: Engine) -> None:
    _reviewer(client, engine)
    token = page_token(client, "/reports/new")
    for url, reason in (("http://127.0.0.1:9/report.pdf", "本机或内部网络地址"),
                        ("http://10.0.0.8/report.pdf", "本机或内部网络地址"),
                        ("file:///etc/passwd", "网址应以 http:// 或 https:// 开头")):
        refused = client.post("/reports/new", data={"csrf_token": token, "url": url})
        assert refused.status_code == 400 and reason in refused.text, url


def test_an_html_report_with_script_shows_it_as_text(client: TestClient, engine: Engine) -> None:
    _reviewer(client, engine)
    done = _upload(client, hostile_html(), HOSTILE_NAME)
    assert done.status_code == 303
    page = client.get(done.headers["location"]).text
    assert "安阳市科学技术局" in page, "read as the report it is"
    assert "&lt;script&gt;alert(2)&lt;/script&gt;&lt;img src=x onerror=alert(3)&gt;" in page
    assert "&lt;img src=x onerror=alert(5)&gt;.html" in page, "the file name is escaped"
    assert not re.search(r"<script|<img|onerror=\"|alert\(1\)|alert\(4\)", page)
    assert HOSTILE_TEXT not in page


def test_downloads_are_attachments_of_the_right_type(client: TestClient, engine: Engine) -> None:
    _reviewer(client, engine)
    sha = _upload(client, broken_anyang(), "anyang.txt").headers["location"].rsplit("/", 1)[1]
    for form, kind in (("json", "application/json"), ("html", "text/html"),
                       ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                       ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")):
        got = client.get(f"/reports/{sha}/download/{form}")
        assert got.status_code == 200 and got.headers["content-type"].startswith(kind), form
        assert got.headers["content-disposition"].startswith(f'attachment; filename="ogi-{sha[:12]}.{form}"')
        assert got.headers["x-content-type-options"] == "nosniff"
        if form == "json":
            model = json.loads(got.content)
            assert model["metadata"]["agency"] == "安阳市科学技术局" and model["source_sha256"] == sha
        if form in ("xlsx", "docx"):
            assert zipfile.ZipFile(io.BytesIO(got.content)).testzip() is None
    assert client.get(f"/reports/{sha}/download/exe").status_code == 404


def test_a_reviewer_confirms_and_dismisses_findings_kept_and_audited(client: TestClient, engine: Engine) -> None:
    _reviewer(client, engine)
    sha = _upload(client, broken_anyang(), "anyang.txt").headers["location"].rsplit("/", 1)[1]
    token = page_token(client, f"/reports/{sha}")
    bare = client.post(f"/reports/{sha}/findings/0", data={"csrf_token": token, "decision": "dismissed"})
    assert bare.status_code == 400 and "驳回一条发现时请写明理由" in bare.text
    note = "原文扫描件上总计为 1，系录入时笔误"
    dismissed = client.post(f"/reports/{sha}/findings/0", follow_redirects=False,
                            data={"csrf_token": token, "decision": "dismissed", "note": note})
    assert dismissed.status_code == 303 and dismissed.headers["location"] == f"/reports/{sha}#f0"
    client.post(f"/reports/{sha}/findings/0", data={"csrf_token": token, "decision": "confirmed", "note": "复核后确认"})
    with Session(engine) as sess:
        kept = sess.scalars(select(FindingReview).order_by(FindingReview.id)).all()
        audit = sess.scalars(select(AuditEntry).where(AuditEntry.entity == "web_finding_review")).all()
    assert [(r.decision, r.note, r.reviewer, r.rule_id) for r in kept] == [
        ("dismissed", note, "li.ming", "t3.balance"), ("confirmed", "复核后确认", "li.ming", "t3.balance")]
    assert [(a.actor, a.action, a.after["decision"]) for a in audit] == [
        ("li.ming", "insert", "dismissed"), ("li.ming", "insert", "confirmed")]
    page = client.get(f"/reports/{sha}").text
    first = page[page.index('id="f0"'):page.index('id="f1"')]
    assert '<span class="badge">已确认</span>' in first, "the newest decision stands"
    assert note in first and "复核后确认" in first, "the earlier one is kept"
    assert client.post(f"/reports/{sha}/findings/99", data={"csrf_token": token, "decision": "confirmed"}
                       ).status_code == 404


def test_a_reader_sees_but_changes_nothing(client: TestClient, engine: Engine, app) -> None:  # noqa: ANN001
    with TestClient(app) as reviewer:
        _reviewer(reviewer, engine)
        sha = _upload(reviewer, broken_anyang(), "anyang.txt").headers["location"].rsplit("/", 1)[1]
    add_user(engine, "reader1", "reader")
    sign_in(client, "reader1")
    home = client.get("/").text
    assert 'href="/reports"' in home and 'href="/reports/new"' not in home
    page = client.get(f"/reports/{sha}").text
    assert 'class="failing"' in page and "驳回第" not in page and "/findings/" not in page
    assert 'href="/reports/new"' not in client.get("/reports").text
    token = page_token(client)
    assert client.get("/reports/new").status_code == 403
    refused = client.post("/reports/new", data={"csrf_token": token, "text": broken_anyang().decode() + "x"})
    assert refused.status_code == 403 and "仅限管理员、审核人员" in refused.text
    review = client.post(f"/reports/{sha}/findings/0", data={"csrf_token": token, "decision": "confirmed"})
    assert review.status_code == 403
    with Session(engine) as sess:
        assert sess.scalar(select(FindingReview)) is None and len(sess.scalars(select(Blob)).all()) == 1


def test_the_list_filters_and_keeps_to_the_users_scope(client: TestClient, engine: Engine, app) -> None:  # noqa: ANN001
    with TestClient(app) as reviewer:
        _reviewer(reviewer, engine)
        anyang = _upload(reviewer, broken_anyang(), "a.txt").headers["location"].rsplit("/", 1)[1]
        szs = _upload(reviewer, SHIZUISHAN.read_bytes(), "s.txt").headers["location"].rsplit("/", 1)[1]
    with Session(engine) as sess:
        codes = dict(sess.execute(select(Reading.sha256, Reading.division_code)).all())
    assert codes[anyang].startswith("4105") and codes[szs].startswith("6402"), "安阳 in 河南, 石嘴山 in 宁夏"
    add_user(engine, "henan", "reader", "41")
    sign_in(client, "henan")
    listed = client.get("/reports").text
    assert "共 1 份报告" in listed and "安阳市科学技术局" in listed and "石嘴山" not in listed
    assert client.get(f"/reports/{szs}").status_code == 404, "outside the scope: not even its existence"
    assert client.get(f"/reports/{anyang}").status_code == 200
    assert "共 0 份报告" in client.get("/reports?year=2022").text
    assert "共 0 份报告" in client.get("/reports?agency=石嘴山").text
    assert "共 1 份报告" in client.get("/reports?agency=科学技术&year=2023").text
    with Session(engine) as sess:
        readings = sess.scalars(select(Reading)).all()
        for scope in ([], ["41"], ["6402"], ["石嘴山市科学技术局"], ["32"], ["4105", "石嘴山市科学技术局"]):
            user = type("U", (), {"scope": parse_scope(" ".join(scope))})()
            in_sql = set(sess.scalars(select(Reading.sha256).where(scope_condition(user.scope))))
            assert in_sql == {r.sha256 for r in readings if visible(user, r.division_code, r.agency)}, scope


def test_a_report_given_by_url_is_downloaded_read_and_stored(db_url: str) -> None:
    """A real HTTP server on this host (allowed here by the setting that is off by default)."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    data = broken_anyang()

    class Serve(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the http.server name
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *_args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Serve)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}/2023/anyang.txt"
    try:
        app = create_app(db_url, WebSettings(allow_private_urls=True))
        with TestClient(app) as client:
            _reviewer(client, app.state.engine)
            token = page_token(client, "/reports/new")
            done = client.post("/reports/new", data={"csrf_token": token, "url": url}, follow_redirects=False)
            assert done.headers["location"] == f"/reports/{hashlib.sha256(data).hexdigest()}"
            with Session(app.state.engine) as sess:
                source = sess.scalar(select(SourceRecord))
            assert (source.kind, source.location, source.url) == ("url", url, url)
            assert "安阳市科学技术局" in client.get(done.headers["location"]).text
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_the_list_pages_fifty_at_a_time(client: TestClient, engine: Engine) -> None:
    from ogi.web.reports import store_bytes

    for i in range(51):
        store_bytes(engine, f"不是年报的文字 {i}".encode(), f"n{i:02d}.txt", "test")
    add_user(engine, "reader1", "reader")
    sign_in(client, "reader1")
    first = client.get("/reports").text
    assert "共 51 份报告" in first and "第 1 / 2 页" in first and first.count("<tr>") == 1 + 50
    assert first.count("无法读取") == 50, "an unreadable file is listed as such"
    second = client.get("/reports?page=2").text
    assert second.count("<tr>") == 1 + 1 and 'href="/reports?page=1"' in second


def test_a_body_declared_far_too_large_is_refused_before_it_is_read(db_url: str) -> None:
    app = create_app(db_url, WebSettings(max_upload_bytes=4096))
    with TestClient(app) as client:
        _reviewer(client, app.state.engine)
        token = page_token(client, "/reports/new")
        refused = client.post("/reports/new", data={"csrf_token": token}, files={"file": ("x.txt", b"x" * 1100_000)})
        assert refused.status_code == 413 and "提交的内容过大" in refused.text


REALDOC = Path(__file__).resolve().parents[3] / "shared" / "realdocs" / "huaian_hongzequ_gov_2024.pdf"


@pytest.mark.skipif(not REALDOC.exists(), reason=f"真实报告不存在：{REALDOC}")
def test_a_real_pdf_marks_its_warning_cell_failing_and_its_notices_noted(client: TestClient, engine: Engine) -> None:
    """洪泽区 2024 (checked by hand with pdftotext): page 1 says 受理政府信息公开申请 17 件, table 三 on page 3
    prints 一、本年新收 总计 95."""
    _reviewer(client, engine)
    sha = _upload(client, REALDOC.read_bytes(), "hongzequ.pdf").headers["location"].rsplit("/", 1)[1]
    page = client.get(f"/reports/{sha}").text
    failing = re.findall(r'class="failing"><a href="[^"]*row=(\w+)&amp;column=(\w+)"[^>]*>([^<]*)</a>', page)
    assert failing == [("new_received", "total", "95")]
    assert re.search(r'class="noted"><a href="[^"]*row=withheld_law_prohibited&amp;column=natural_person"', page)
    cell = client.get(f"/reports/{sha}/cell?table=table3&row=new_received&column=total").text
    assert '<dd class="printed">95</dd>' in cell and "第 3 页" in cell and "受理政府信息公开申请17件" in cell
