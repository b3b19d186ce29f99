"""Benchmark: accuracy per input form — every document that has hand-made truth, scored cell by cell.

Documents: the five seeds (truth typed from the text, tests/fixtures/truth/), the two real PDFs of
../shared/realdocs (truth typed from the page images; skipped when the folder is absent), and variants
generated from them in every form real reports come in: ogi's writers (Markdown, HTML, DOCX, PDF through
LibreOffice), other programs' files (LibreOffice's HTML and DOC exports, PDFs printed by Chromium), the WPS
template (vertical header one character per line, no left rule), （六）其他处理 printed as one row, misprinted
labels, and the text forms of web copies and crawlers (tabs, pipes, markdown, spaces, one cell per line, pipe
per line, run-together cells, torn markdown tables).

Each cell of tables 二, 三 and 四 is right (placed, printed value), flagged (its row reported unreadable or
missing) or silently wrong (placed with another value, or placed where nothing of the kind was printed) —
the last must stay 0. Metadata: agency, year and format version.

Run: .venv/bin/python bench/bench_accuracy.py [--json] [--quick]   (--quick: no LibreOffice or Chromium)
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "read")]

from accuracy import Score, score_report, values_of  # noqa: E402

from ogi.api import parse_bytes, parse_file, parse_text  # noqa: E402
from ogi.errors import OgiError  # noqa: E402
from ogi.libreoffice import convert  # noqa: E402
from ogi.model.report import Report  # noqa: E402
from ogi.render import render  # noqa: E402

from textforms import EXTRA_FORMS, FORMS, write_report  # noqa: E402

SAMPLES = ROOT / "src" / "ogi" / "samples"
TRUTH = ROOT / "tests" / "fixtures" / "truth"
REALDOCS = ROOT.parent / "shared" / "realdocs"

Case = tuple[str, str, Callable[[], Report], dict]  # form, document, how to read it, truth


def _seeds() -> list[tuple[str, Path, dict]]:
    return [(p.name[:3], p, json.loads((TRUTH / f"{p.name[:3]}.json").read_text(encoding="utf-8")))
            for p in sorted(SAMPLES.glob("*.txt"))]


def _other_handling_truth(truth: dict) -> dict | None:
    """The truth of a report printed with （六）其他处理 as one row: the group's totals, no sub-rows."""
    subs = ("other_no_correction", "other_unpaid_fee", "other_misc")
    t3 = truth["table3"]
    if any(k not in t3 or "unreadable" in t3[k] for k in subs):
        return None
    out = json.loads(json.dumps(truth))
    out["table3"]["other_handling"] = {c: str(sum(int(t3[k][c]) for k in subs)) for c in t3[subs[0]]}
    for k in subs:
        del out["table3"][k]
    return out


def _chromium_pdf(html: bytes, folder: Path, name: str) -> bytes:
    src, out = folder / f"{name}.html", folder / f"{name}.pdf"
    src.write_bytes(html)
    subprocess.run(["chromium", "--headless=new", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    "--disable-background-networking", f"--user-data-dir={folder / 'chromium'}",
                    f"--print-to-pdf={out}", src.as_uri()], check=True, capture_output=True, timeout=120)
    return out.read_bytes()


def cases(quick: bool, folder: Path) -> Iterator[Case]:
    from test_pdf_layouts import _other_handling_as_one_row, _wps_style

    lo = not quick and shutil.which("soffice") is not None
    chromium = not quick and shutil.which("chromium") is not None
    for sid, path, truth in _seeds():
        yield "text (seed)", sid, (lambda p=path: parse_file(p)), truth
        original = parse_file(path)
        values = values_of(truth)
        for form in (*FORMS, *EXTRA_FORMS):
            text = write_report(values, form)
            yield f"text: {form}", sid, (lambda t=text: parse_text(t)), truth
        misprinted = path.read_text(encoding="utf-8").replace("2.其他法律行政法规禁止公开", "2.其他法律行政止公开")
        yield "text: misprinted label", sid, (lambda t=misprinted: parse_text(t)), truth
        for form in ("md", "html", "docx"):
            data = render(original, form)
            yield f"ogi {form}", sid, (lambda d=data, f=form, s=sid: parse_bytes(d, name=f"{s}.{f}")), truth
        single, single_truth = _other_handling_as_one_row(original), _other_handling_truth(truth)
        if single_truth is not None:
            for form in ("md", "html", "docx"):
                data = render(single, form)
                yield f"（六） as one row: {form}", sid, (lambda d=data, f=form: parse_bytes(d, name=f"x.{f}")), \
                    single_truth
        if lo:
            docx = render(original, "docx")
            pdf = convert(docx, ".docx", target="pdf")
            yield "ogi pdf (LibreOffice)", sid, (lambda d=pdf: parse_bytes(d, name="x.pdf")), truth
            wps = convert(_wps_style(docx), ".docx", target="pdf")
            yield "WPS-style pdf", sid, (lambda d=wps: parse_bytes(d, name="x.pdf")), truth
            doc = convert(docx, ".docx", target="doc")
            yield "LibreOffice doc", sid, (lambda d=doc: parse_bytes(d, name="x.doc")), truth
            lo_html = convert(docx, ".docx", target="html")
            yield "LibreOffice html", sid, (lambda d=lo_html: parse_bytes(d, name="x.html")), truth
            if single_truth is not None:
                spdf = convert(render(single, "docx"), ".docx", target="pdf")
                yield "（六） as one row: pdf", sid, (lambda d=spdf: parse_bytes(d, name="x.pdf")), single_truth
        if chromium:
            cpdf = _chromium_pdf(render(original, "html"), folder, sid)
            yield "Chromium pdf", sid, (lambda d=cpdf: parse_bytes(d, name="x.pdf")), truth
    for truth_path in sorted((TRUTH / "realdocs").glob("*.json")):
        pdf = REALDOCS / f"{truth_path.stem}.pdf"
        if pdf.exists():
            yield "real pdf", truth_path.stem, (lambda p=pdf: parse_file(p)), \
                json.loads(truth_path.read_text(encoding="utf-8"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument("--quick", action="store_true", help="leave out the LibreOffice and Chromium forms")
    args = parser.parse_args()
    totals: dict[str, Score] = {}
    docs: dict[str, int] = {}
    failures: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        for form, doc, read, truth in cases(args.quick, Path(tmp)):
            try:
                score = score_report(read(), truth)
            except OgiError as exc:
                failures.append(f"{form} {doc}: {exc.message()}")
                continue
            totals[form] = totals.get(form, Score()) + score
            docs[form] = docs.get(form, 0) + 1
            failures += [f"{form} {doc}: silently wrong {w}" for w in score.wrong_cells]
    if not REALDOCS.exists():
        failures.append(f"real pdf: {REALDOCS} absent, the two real PDFs were not scored")
    if args.json:
        print(json.dumps({f: {"documents": docs[f], "cells": s.cells, "right": s.right, "flagged": s.flagged,
                              "wrong": s.wrong, "metadata_right": s.meta_right, "metadata": s.meta_total}
                          for f, s in totals.items()} | {"notes": failures}, ensure_ascii=False, indent=1))
        return
    print("| form | docs | cells | right | flagged | silently wrong | metadata right |")
    print("|---|---|---|---|---|---|---|")
    for form, s in totals.items():
        print(f"| {form} | {docs[form]} | {s.cells} | {s.right} ({100 * s.right / max(s.cells, 1):.1f} %) | "
              f"{s.flagged} | {s.wrong} | {s.meta_right}/{s.meta_total} |")
    all_ = sum(totals.values(), Score())
    print(f"| **all** | {sum(docs.values())} | {all_.cells} | {all_.right} ({100 * all_.right / max(all_.cells, 1):.1f} %)"
          f" | {all_.flagged} | {all_.wrong} | {all_.meta_right}/{all_.meta_total} |")
    for line in failures:
        print(line)


if __name__ == "__main__":
    main()
