"""Download report pages politely (httpx): timeouts, a size limit, retries with back-off, a pause between
requests to the same host, and the PDF/DOCX attachment followed when the page only links it. The original
bytes and the source URL are kept with the parsed report.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlparse

import httpx

from ogi.errors import AttachmentOnlyError, ReadError, TooLargeError
from ogi.read.document import Document
from ogi.read.forms import MAX_INPUT, read_bytes

__all__ = ["FetchError", "FetchSettings", "Fetched", "Fetcher"]


class FetchError(ReadError):
    """The page could not be downloaded."""

    code = "fetch.failed"
    message_zh = "无法下载该网页"


@dataclass(frozen=True, slots=True)
class FetchSettings:
    timeout: float = 20.0  # seconds for connect and for each read
    max_bytes: int = MAX_INPUT
    retries: int = 2  # extra tries on a network error or a 5xx answer
    backoff: float = 1.0  # seconds before the first retry, doubled each time
    pause: float = 1.0  # seconds between two requests to the same host
    user_agent: str = "ogi/0.1 (+government information disclosure research; polite crawler)"


@dataclass(slots=True)
class Fetched:
    """One downloaded report: where it came from, its bytes, and what they read as."""

    url: str  # the URL asked for
    final_url: str  # where the report's bytes came from (the attachment, when followed)
    content_type: str | None
    data: bytes
    document: Document
    via: list[str] = field(default_factory=list)  # pages passed through (the page that linked the attachment)


class Fetcher:
    """Downloads reports; one instance keeps one connection pool and the per-host pause."""

    def __init__(self, settings: FetchSettings | None = None, *, transport: httpx.BaseTransport | None = None):
        self.settings = s = settings or FetchSettings()
        self._client = httpx.Client(timeout=s.timeout, follow_redirects=True, transport=transport,
                                    headers={"User-Agent": s.user_agent})
        self._last: dict[str, float] = {}

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self._client.close()

    def _wait_turn(self, url: str) -> None:
        host = urlparse(url).netloc
        wait = self._last.get(host, 0.0) + self.settings.pause - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        self._last[host] = time.monotonic()

    def download(self, url: str) -> tuple[bytes, str | None, str]:
        """Given a URL, return (bytes, content type, final URL); refuses bodies over the size limit."""
        s = self.settings
        delay = s.backoff
        for attempt in range(s.retries + 1):
            self._wait_turn(url)
            try:
                with self._client.stream("GET", url) as resp:
                    if resp.status_code >= 500 and attempt < s.retries:
                        raise httpx.HTTPStatusError("server error", request=resp.request, response=resp)
                    if resp.status_code >= 400:
                        raise FetchError(url, f"服务器返回 HTTP {resp.status_code}")
                    declared = int(resp.headers.get("content-length") or 0)
                    if declared > s.max_bytes:
                        raise TooLargeError(url, f"{declared // (1024 * 1024)} MB")
                    chunks, size = [], 0
                    for chunk in resp.iter_bytes():
                        size += len(chunk)
                        if size > s.max_bytes:
                            raise TooLargeError(url, f"超过 {s.max_bytes // (1024 * 1024)} MB")
                        chunks.append(chunk)
                    return b"".join(chunks), resp.headers.get("content-type"), str(resp.url)
            except (httpx.TransportError, httpx.HTTPStatusError) as exc:
                if attempt >= s.retries:
                    raise FetchError(url, _http_reason(exc)) from exc
                time.sleep(delay)
                delay *= 2
        raise FetchError(url)  # pragma: no cover - the loop returns or raises

    def fetch(self, url: str) -> Fetched:
        """Given a report URL, return the report read from it, following an attachment-only page once."""
        data, ctype, final = self.download(url)
        try:
            return Fetched(url, final, ctype, data, read_bytes(data, name=final, content_type=ctype))
        except AttachmentOnlyError as page:
            target = urljoin(final, _best_attachment(page.links))
            data2, ctype2, final2 = self.download(target)
            doc = read_bytes(data2, name=final2, content_type=ctype2)
            return Fetched(url, final2, ctype2, data2, doc, via=[final])


def _best_attachment(links: list[str]) -> str:
    """Prefer the PDF, then DOCX, then DOC/WPS: the PDF is what was published."""
    for ext in (".pdf", ".docx", ".doc", ".wps"):
        for link in links:
            if urlparse(link).path.lower().endswith(ext):
                return link
    return links[0]


def _http_reason(exc: Exception) -> str:
    """Given an httpx error, return the reason in Chinese."""
    import httpx

    if isinstance(exc, httpx.HTTPStatusError):
        return f"服务器返回 HTTP {exc.response.status_code}"
    if isinstance(exc, httpx.TimeoutException):
        return "连接超时"
    if isinstance(exc, httpx.ConnectError):
        return "无法连接服务器（地址错误或网络不通）"
    return f"网络传输出错（{exc.__class__.__name__}）"
