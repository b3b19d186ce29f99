"""Benchmark: reports per second per reader, on the same five reports (the seeds written as text, HTML, DOCX
and PDF), read + extracted, one core; and the PDF reader against poppler's `pdftotext` on the same PDFs.

The HTML is read twice: ogi's own page (~28 KB) and LibreOffice's HTML export of the DOCX (~100 KB,
office-suite markup, as pages pasted from Word look).

Run: .venv/bin/python bench/bench_readers.py [--seconds N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from ogi.api import parse_bytes, parse_file
from ogi.libreoffice import convert
from ogi.render import render

SAMPLES = Path(__file__).resolve().parent.parent / "src" / "ogi" / "samples"


def _rate_once(files: list[tuple[str, bytes]], seconds: float) -> float:
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for name, data in files:
            parse_bytes(data, name=name)
        done += len(files)
    return done / (time.perf_counter() - start)


def _rate(files: list[tuple[str, bytes]], seconds: float, rounds: int = 5) -> tuple[float, float]:
    """Median and best of several rounds: on a shared 2-core machine single runs vary by ±30 %."""
    rates = sorted(_rate_once(files, seconds / rounds) for _ in range(rounds))
    return statistics.median(rates), rates[-1]


def _pdftotext_rate(files: list[tuple[str, bytes]], seconds: float) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for name, data in files:
            p = Path(tmp) / name
            p.write_bytes(data)
            paths.append(p)
        done, start = 0, time.perf_counter()
        while time.perf_counter() - start < seconds:
            for p in paths:
                subprocess.run(["pdftotext", "-layout", str(p), "-"], capture_output=True, check=True)
            done += len(paths)
        return done / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=4.0)
    args = parser.parse_args()
    reports = [parse_file(p) for p in sorted(SAMPLES.glob("*.txt"))]
    forms = {"text": None, "html": "html", "docx": "docx", "pdf": "pdf"}
    corpus: dict[str, list[tuple[str, bytes]]] = {}
    for label, form in forms.items():
        if form is None:
            corpus[label] = [(p.name, p.read_bytes()) for p in sorted(SAMPLES.glob("*.txt"))]
        else:
            corpus[label] = [(f"{i}.{form}", render(r, form)) for i, r in enumerate(reports)]
    # office-suite HTML, as pages pasted from Word into portal editors look: ~100 KB, <p><font> in every cell
    corpus["html (office export)"] = [(f"{i}.html", convert(d, ".docx", target="html"))
                                      for i, (_, d) in enumerate(corpus["docx"])]
    pages = sum(int(subprocess.run(["pdfinfo", "-"], input=d, capture_output=True).stdout.split(b"Pages:")[1]
                    .split()[0]) for _, d in corpus["pdf"])
    for label, files in corpus.items():
        median, best = _rate(files, args.seconds)
        print(f"{label:20} reader: {median:7.1f} reports/s median, {best:7.1f} best "
              f"({len(files)} reports, read + extract, one core)")
    ours, _ = _rate(corpus["pdf"], args.seconds)
    poppler = _pdftotext_rate(corpus["pdf"], args.seconds)
    print(f"pdf: ogi {ours:.1f} reports/s vs pdftotext -layout {poppler:.1f} reports/s "
          f"({pages} pages in {len(corpus['pdf'])} PDFs): ogi takes {poppler / ours:.2f}× pdftotext's time")


if __name__ == "__main__":
    main()
