"""Benchmark: rendering one report to each output form, and the two PDF engines measured side by side
(LibreOffice from the DOCX layout, WeasyPrint from the HTML page, when WeasyPrint is installed).

Run: .venv/bin/python bench/bench_render.py
"""

from __future__ import annotations

import time
from pathlib import Path

from ogi.api import parse_file
from ogi.render import render

SAMPLES = Path(__file__).resolve().parent.parent / "src" / "ogi" / "samples"


def _time(fn, n: int) -> float:  # noqa: ANN001
    start = time.perf_counter()
    for _ in range(n):
        fn()
    return (time.perf_counter() - start) / n


def main() -> None:
    reports = [parse_file(p) for p in sorted(SAMPLES.glob("*.txt"))]
    for form, n in (("md", 50), ("json", 50), ("html", 50), ("xlsx", 10), ("docx", 5)):
        t = _time(lambda form=form: [render(r, form) for r in reports], n) / len(reports)
        print(f"{form:5}: {t * 1000:8.1f} ms per report")
    t = _time(lambda: [render(r, "pdf") for r in reports], 1) / len(reports)
    print(f"pdf  (LibreOffice, DOCX layout): {t * 1000:8.1f} ms per report")
    try:
        from ogi.render.pdf import render_pdf

        t = _time(lambda: [render_pdf(r, engine="weasyprint") for r in reports], 1) / len(reports)
        print(f"pdf  (WeasyPrint, HTML page):    {t * 1000:8.1f} ms per report")
    except ImportError:
        print("pdf  (WeasyPrint): not installed (pip install weasyprint) — not measured")


if __name__ == "__main__":
    main()
