"""`ogi fetch` against a real HTTP server on localhost serving fixtures: no outside network."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from ogi.errors import TooLargeError
from ogi.read.fetch import Fetcher, FetchError, FetchSettings

from conftest import seed_path

SEED = seed_path("000").read_text(encoding="utf-8")
PAGE = ("<html><head><meta charset='gbk'><title>报告</title></head><body><div class='nav'>首页 &gt; 年度报告</div>"
        "<div class='content'><p>" + SEED.replace("\n", "<br>\n") + "</p></div></body></html>").encode("gbk")
LINK_PAGE = "<html><body><p>请下载附件：</p><a href='/files/report.docx'>年度报告</a></body></html>".encode()


def _seed_docx() -> bytes:
    """Seed 000 as a DOCX of paragraphs (tabs kept), as offices attach it."""
    import io

    import docx

    d = docx.Document()
    for line in SEED.splitlines():
        d.add_paragraph(line)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


DOCX = _seed_docx()


class _Handler(BaseHTTPRequestHandler):
    hits: dict[str, int] = {}

    def log_message(self, *args: object) -> None:  # quiet
        pass

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        self.hits[self.path] = self.hits.get(self.path, 0) + 1
        routes = {
            "/report.html": (200, "text/html", PAGE),  # charset only in the page's meta tag
            "/link.html": (200, "text/html; charset=utf-8", LINK_PAGE),
            "/files/report.docx": (200, "application/octet-stream", DOCX),
            "/big.txt": (200, "text/plain", b"x" * 5000),
        }
        if self.path == "/flaky.txt" and self.hits[self.path] < 2:
            self.send_response(503)
            self.end_headers()
            return
        if self.path == "/flaky.txt":
            routes["/flaky.txt"] = (200, "text/plain; charset=utf-8", SEED.encode())
        status, ctype, body = routes.get(self.path, (404, "text/plain", b"not found"))
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


FAST = FetchSettings(pause=0.0, backoff=0.05, timeout=5)


def test_fetch_gbk_page(server: str) -> None:
    with Fetcher(FAST) as f:
        got = f.fetch(server + "/report.html")
    assert got.document.encoding == "gb18030"
    assert got.data == PAGE
    from ogi.extract.report import extract_report

    assert extract_report(got.document).metadata.agency == "安阳市科学技术局"


def test_fetch_follows_attachment(server: str) -> None:
    with Fetcher(FAST) as f:
        got = f.fetch(server + "/link.html")
    assert got.final_url == server + "/files/report.docx"
    assert got.via == [server + "/link.html"]
    assert got.data == DOCX and got.document.form == "docx"
    from ogi.extract.report import extract_report

    assert extract_report(got.document).tables["table3"].rows["unable_not_held"].cells["total"].value == 1


def test_retry_after_server_error(server: str) -> None:
    with Fetcher(FAST) as f:
        got = f.fetch(server + "/flaky.txt")
    assert _Handler.hits["/flaky.txt"] == 2
    assert got.data == SEED.encode()


def test_size_limit(server: str) -> None:
    with Fetcher(FetchSettings(pause=0, max_bytes=1000)) as f, pytest.raises(TooLargeError):
        f.fetch(server + "/big.txt")


def test_not_found_is_a_clear_error(server: str) -> None:
    with Fetcher(FAST) as f, pytest.raises(FetchError) as info:
        f.fetch(server + "/missing.html")
    assert "404" in info.value.message()


def test_nothing_listening_is_a_clear_error() -> None:
    with Fetcher(FetchSettings(pause=0, retries=0, timeout=2)) as f, pytest.raises(FetchError):
        f.fetch("http://127.0.0.1:9/report.html")


def test_cli_fetch_keeps_original_bytes_and_url(server: str, tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ogi", "fetch", "--json", "--pause", "0", "-o", str(tmp_path),
         server + "/report.html", server + "/missing.html"],
        capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert result.returncode == 2, result.stderr
    data = json.loads(result.stdout)
    assert [d["status"] for d in data] == ["read", "unreadable"]
    saved = Path(data[0]["saved"])
    assert saved.read_bytes() == PAGE
    model = json.loads((tmp_path / (data[0]["sha256"] + ".json")).read_text(encoding="utf-8"))
    assert model["source_url"] == server + "/report.html"
    assert model["metadata"]["agency"] == "安阳市科学技术局"
