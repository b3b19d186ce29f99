"""Reports the report-page tests upload: a seed sample with one total changed by hand (so three sums fail), and
the same report as an HTML page carrying script, both as tags and as printed text."""

from __future__ import annotations

import html
from pathlib import Path

SAMPLES = Path(__file__).resolve().parents[2] / "src" / "ogi" / "samples"
ANYANG = SAMPLES / "000_343c1e05f6dd2d22.txt"  # 安阳市科学技术局 2023
SHIZUISHAN = SAMPLES / "001_f9e6ff4b62774123.txt"  # 石嘴山市科学技术局 2023
HOSTILE_TEXT = "备注：<script>alert(2)</script><img src=x onerror=alert(3)>"
HOSTILE_NAME = "<img src=x onerror=alert(5)>.html"


def broken_anyang() -> bytes:
    """安阳's report with table 三's （七）总计 of 自然人 printed as 2 instead of 1: by hand, its one application
    (一、本年新收 1, 上年结转 0) was answered 本机关不掌握 (1), so the outcomes sum to 1 and the row's
    applicants to 2 against a printed 总计 of 1 — at line 72 of the file."""
    text = ANYANG.read_text(encoding="utf-8")
    broken = text.replace("(七) 总计\t1\t0", "(七) 总计\t2\t0", 1)
    assert broken != text and broken.splitlines()[71].startswith("(七) 总计\t2")
    return broken.encode("utf-8")


def hostile_html() -> bytes:
    """安阳's report as a web page (paragraphs and tables) with a <script> and an onerror= in its markup, and the
    same as printed text at the end of part 一."""
    body = []
    for line in ANYANG.read_text(encoding="utf-8").splitlines():
        if "\t" in line:
            body.append("<table><tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in line.split("\t")) + "</tr></table>")
        else:
            body.append(f"<p>{html.escape(line)}</p>")
    at = next(i for i, b in enumerate(body) if "二、主动公开" in b)
    body.insert(at, f"<p>{html.escape(HOSTILE_TEXT)}</p><script>alert(1)</script><img src=x onerror=\"alert(4)\">")
    return ("<!doctype html><html><head><meta charset='utf-8'><title>年报</title></head><body>"
            + "\n".join(body) + "</body></html>").encode("utf-8")
