"""The web application's settings: session lifetimes, the sign-in rate limit, upload limits, OCR of scans, and the
clock (tests pass one that they move forward)."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass, field

__all__ = ["OCR_ENV", "WebSettings", "as_utc", "ocr_mode", "utc_now"]

OCR_ENV = "OGI_WEB_OCR"  # "0": the server reads no scan (`ogi serve --no-ocr` sets it for its worker processes)


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def as_utc(value: dt.datetime) -> dt.datetime:
    """A stored time as an aware UTC time (SQLite gives times back without their zone)."""
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


@dataclass(frozen=True)
class WebSettings:
    session_idle: dt.timedelta = dt.timedelta(hours=1)  # signed out after this long without a request
    session_absolute: dt.timedelta = dt.timedelta(hours=12)  # and this long after signing in, whatever happens
    touch_every: dt.timedelta = dt.timedelta(minutes=1)  # how often a session's last request is written down
    max_failures_per_name: int = 5  # failed sign-ins of one account within the window before it must wait
    max_failures_per_address: int = 20  # of one client address (an office behind one NAT shares it)
    failure_window: dt.timedelta = dt.timedelta(minutes=15)
    max_upload_bytes: int = 50 * 1024 * 1024  # a report upload or pasted text larger than this is refused
    batch_max_files: int = 1000  # files in one batch upload (each member of a zip counted)
    batch_max_bytes: int = 500 * 1024 * 1024  # their total size once unpacked
    batch_max_upload_bytes: int = 300 * 1024 * 1024  # the request carrying a batch (files and zips as sent)
    portal_min_fill: dt.timedelta = dt.timedelta(seconds=3)  # a portal form sent back sooner is a robot's
    portal_max_fill: dt.timedelta = dt.timedelta(hours=2)  # and one older has expired
    portal_submissions_per_address: int = 5  # online applications from one client address within the window
    portal_submission_window: dt.timedelta = dt.timedelta(hours=1)
    portal_status_failures_per_address: int = 10  # wrong number or code on the status page within the window
    portal_status_window: dt.timedelta = dt.timedelta(minutes=15)
    # scans (image-only PDF pages, page images) read by OCR (ogi.web.batches, ogi.web.reports.read_file); needs the `ocr`
    # extra. Off: a scan is stored unreadable, its message naming the extra and the option
    ocr: bool = field(default_factory=lambda: os.environ.get(OCR_ENV, "1") != "0")
    allow_private_urls: bool = False  # fetch report URLs on this host or its network (tests only)
    clock: Callable[[], dt.datetime] = field(default=utc_now)


def ocr_mode(settings: WebSettings) -> str:
    """The OCR mode the server reads uploads in (ogi.corpus.work.Task.ocr)."""
    return "auto" if settings.ocr else "never"
