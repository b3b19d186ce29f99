"""Benchmark: speed at every scale (issue 11), one command, median of several rounds.

In process, one core: reports read + extracted + checked per second, for text (the five seeds), HTML and
DOCX (the seeds rendered by ogi) and PDF (the real PDFs of ../shared/realdocs and the seeds rendered to PDF
by ogi through LibreOffice). Whole process: `ogi --help`, `ogi parse --json` of the 6-page 淮安市 PDF, of one
text report and of one HTML page, against `pdftotext -layout` on the same PDF — timed with hyperfine when it
is installed (`apt-get install -y hyperfine`), else a loop of subprocess runs timed with time.perf_counter;
the output says which.

The machine is shared (2 cores, other people's tests and LibreOffice running): every figure is the median of
several rounds, and single rounds vary by ±30 %. In-process figures count this process's CPU time
(time.process_time), which is what "per core" means and what sharing the machine disturbs least; the
whole-process figures are wall-clock times, as a user waits them. `--save F` writes the figures as JSON, `--load F` prints
them beside figures saved before. Without --load the figures measured at commit 3bc38c1 (before the speed
work of issue 11, same machine, same method) are printed beside them.

Run: .venv/bin/python bench/bench_speed.py [--rounds N] [--seconds S] [--save F] [--load F]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "src" / "ogi" / "samples"
REALDOCS = ROOT.parent / "shared" / "realdocs"
SIX_PAGES = REALDOCS / "huaian_city_gov_2024.pdf"

# Measured at 3bc38c1 with this script (PYTHONPATH=<checkout of 3bc38c1>/src): each the mean of two runs'
# medians of 5 rounds, run alternately with the code after the change, on 2 December 2026.
BEFORE: dict[str, float] = {
    "in process, text: reports/s": 166.9,
    "in process, html: reports/s": 118.6,
    "in process, docx: reports/s": 40.8,
    "in process, pdf: reports/s": 23.9,
    "in process, 6-page pdf read only: s": 0.0552,
    "whole process, ogi --help: s": 0.2175,
    "whole process, ogi parse --json text: s": 0.4765,
    "whole process, ogi parse --json html: s": 0.4455,
    "whole process, ogi parse --json 6-page pdf: s": 0.49,
    "whole process, pdftotext -layout 6-page pdf: s": 0.0199,
}

Files = list[tuple[str, bytes]]


def _corpus(with_pdf_renders: bool) -> dict[str, Files]:
    from ogi.api import parse_file
    from ogi.render import render

    seeds = sorted(SAMPLES.glob("*.txt"))
    reports = [parse_file(p) for p in seeds]
    corpus: dict[str, Files] = {"text": [(p.name, p.read_bytes()) for p in seeds]}
    for form in ("html", "docx"):
        corpus[form] = [(f"{p.stem}.{form}", render(r, form)) for p, r in zip(seeds, reports, strict=True)]
    pdfs = [(p.name, p.read_bytes()) for p in sorted(REALDOCS.glob("*.pdf"))]
    if with_pdf_renders:
        pdfs += [(f"{p.stem}.pdf", render(r, "pdf")) for p, r in zip(seeds, reports, strict=True)]
    corpus["pdf"] = pdfs
    return corpus


def _in_process_rate(files: Files, seconds: float) -> float:
    from ogi.api import parse_bytes
    from ogi.check import check

    done, start = 0, time.process_time()
    while time.process_time() - start < seconds:
        for name, data in files:
            check(parse_bytes(data, name=name))
        done += len(files)
    return done / (time.process_time() - start)


def _median_rate(files: Files, seconds: float, rounds: int) -> float:
    _in_process_rate(files, 0)  # one pass outside the timing: caches warm, lazy imports done
    return statistics.median(_in_process_rate(files, seconds / rounds) for _ in range(rounds))


def _read_time(data: bytes, rounds: int) -> float:
    from ogi.read.forms import read_bytes

    read_bytes(data, name="a.pdf")
    times = []
    for _ in range(max(rounds, 10)):
        start = time.process_time()
        read_bytes(data, name="a.pdf")
        times.append(time.process_time() - start)
    return statistics.median(times)


def _hyperfine(commands: dict[str, list[str]], rounds: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "runs.json"
        names = list(commands)
        argv = ["hyperfine", "--warmup", "2", "--runs", str(max(rounds, 10)), "--export-json", str(out),
                "--style", "none", "-N"]
        for name in names:
            argv += ["-n", name, subprocess.list2cmdline(commands[name])]
        subprocess.run(argv, check=True, capture_output=True)
        results = json.loads(out.read_text())["results"]
    return {name: r["median"] for name, r in zip(names, results, strict=True)}


def _loop(commands: dict[str, list[str]], rounds: int) -> dict[str, float]:
    out = {}
    for name, argv in commands.items():
        subprocess.run(argv, capture_output=True, check=True)  # warm the file cache
        times = []
        for _ in range(max(rounds, 10)):
            start = time.perf_counter()
            subprocess.run(argv, capture_output=True, check=True)
            times.append(time.perf_counter() - start)
        out[name] = statistics.median(times)
    return out


def _whole_process(corpus: dict[str, Files], rounds: int) -> tuple[str, dict[str, float]]:
    ogi = str(Path(sys.executable).parent / "ogi")
    with tempfile.TemporaryDirectory() as tmp:
        text, html = Path(tmp) / corpus["text"][0][0], Path(tmp) / corpus["html"][0][0]
        text.write_bytes(corpus["text"][0][1])
        html.write_bytes(corpus["html"][0][1])
        commands = {"ogi --help": [ogi, "--help"], "ogi parse --json text": [ogi, "parse", "--json", str(text)],
                    "ogi parse --json html": [ogi, "parse", "--json", str(html)]}
        if SIX_PAGES.exists():
            commands["ogi parse --json 6-page pdf"] = [ogi, "parse", "--json", str(SIX_PAGES)]
            commands["pdftotext -layout 6-page pdf"] = ["pdftotext", "-layout", str(SIX_PAGES), "-"]
        if shutil.which("hyperfine"):
            return "hyperfine (median of runs, 2 warm-up runs)", _hyperfine(commands, rounds)
        return "subprocess loop timed with time.perf_counter (median; hyperfine not installed)", _loop(commands, rounds)


def _row(name: str, value: float, before: float | None, fmt: Callable[[float], str], better_high: bool) -> str:
    if before is None:
        return f"| {name} | – | {fmt(value)} | |"
    change = value / before if better_high else before / value
    return f"| {name} | {fmt(before)} | {fmt(value)} | {change:.2f}× |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5, help="rounds per figure (the median is printed)")
    parser.add_argument("--seconds", type=float, default=5.0, help="seconds per in-process figure, all rounds")
    parser.add_argument("--no-pdf-renders", action="store_true",
                        help="PDF figure from the real PDFs only (rendering the seeds needs LibreOffice)")
    parser.add_argument("--save", type=Path, help="write the figures to this JSON file")
    parser.add_argument("--load", type=Path, help="print the figures beside those saved in this JSON file")
    args = parser.parse_args()

    corpus = _corpus(with_pdf_renders=not args.no_pdf_renders)
    figures: dict[str, float] = {}
    for form, files in corpus.items():
        if files:
            figures[f"in process, {form}: reports/s"] = _median_rate(files, args.seconds, args.rounds)
    if SIX_PAGES.exists():  # the PDF reader alone, against pdftotext below
        figures["in process, 6-page pdf read only: s"] = _read_time(SIX_PAGES.read_bytes(), args.rounds)
    method, seconds = _whole_process(corpus, args.rounds)
    figures.update({f"whole process, {name}: s": value for name, value in seconds.items()})

    before = json.loads(args.load.read_text()) if args.load else BEFORE
    print(f"Medians of {args.rounds} rounds on a shared machine; whole-process times by {method}.")
    print(f"In process: {', '.join(f'{k} {len(v)} reports' for k, v in corpus.items())}; "
          "read + extract + check, per second of CPU time of one core.\n")
    print("| figure | before | now | change |\n|---|---|---|---|")
    for name, value in figures.items():
        rate = name.endswith("reports/s")
        fmt = (lambda v: f"{v:.0f}/s") if rate else (lambda v: f"{v * 1000:.0f} ms")
        print(_row(name, value, before.get(name), fmt, better_high=rate))
    pdf, poppler = figures.get("whole process, ogi parse --json 6-page pdf: s"), \
        figures.get("whole process, pdftotext -layout 6-page pdf: s")
    read = figures.get("in process, 6-page pdf read only: s")
    if pdf and poppler and read:
        print(f"\n6-page PDF: ogi parse takes {pdf / poppler:.1f}× the time of pdftotext -layout, whole process; "
              f"ogi's PDF reader alone, in process, {read / poppler:.1f}× pdftotext's whole run")
    if args.save:
        args.save.write_text(json.dumps(figures, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
