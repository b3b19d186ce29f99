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

Run: .venv/bin/python bench/bench_accuracy.py [--json] [--quick] [--save DIR | --load DIR]
(--quick: no LibreOffice or Chromium; --save/--load: score the same documents with another version of ogi)
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "read")]

from ogi.api import parse_bytes, parse_file  # noqa: E402
from ogi.errors import OgiError  # noqa: E402
from ogi.libreoffice import convert  # noqa: E402
from ogi.render import render  # noqa: E402

from accuracy import Score, score_report, values_of  # noqa: E402
from textforms import EXTRA_FORMS, FORMS, write_report  # noqa: E402

SAMPLES = ROOT / "src" / "ogi" / "samples"
TRUTH = ROOT / "tests" / "fixtures" / "truth"
REALDOCS = ROOT.parent / "shared" / "realdocs"

Case = tuple[str, str, str, bytes, dict]  # form, document, file name, the file's bytes, truth


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
    """Every document with truth, in every form: the bytes a user would give ogi."""
    from test_pdf_layouts import _other_handling_as_one_row, _wps_style

    lo = not quick and shutil.which("soffice") is not None
    chromium = not quick and shutil.which("chromium") is not None
    for sid, path, truth in _seeds():
        yield "text (seed)", sid, path.name, path.read_bytes(), truth
        original = parse_file(path)
        values = values_of(truth)
        for form in (*FORMS, *EXTRA_FORMS):
            yield f"text: {form}", sid, f"{sid}.txt", write_report(values, form).encode(), truth
        misprinted = path.read_text(encoding="utf-8").replace("2.其他法律行政法规禁止公开", "2.其他法律行政止公开")
        yield "text: misprinted label", sid, f"{sid}.txt", misprinted.encode(), truth
        for form in ("md", "html", "docx"):
            yield f"ogi {form}", sid, f"{sid}.{form}", render(original, form), truth
        single_truth = _other_handling_truth(truth)  # None for the 2019 format, which prints （六） as one row
        single = _other_handling_as_one_row(original) if single_truth is not None else original
        if single_truth is not None:
            for form in ("md", "html", "docx"):
                yield f"（六） as one row: {form}", sid, f"{sid}.{form}", render(single, form), single_truth
        if lo:
            docx = render(original, "docx")
            yield "ogi pdf (LibreOffice)", sid, f"{sid}.pdf", convert(docx, ".docx", target="pdf"), truth
            yield "WPS-style pdf", sid, f"{sid}.pdf", convert(_wps_style(docx), ".docx", target="pdf"), truth
            yield "LibreOffice doc", sid, f"{sid}.doc", convert(docx, ".docx", target="doc"), truth
            yield "LibreOffice html", sid, f"{sid}.html", convert(docx, ".docx", target="html"), truth
            if single_truth is not None:
                yield "（六） as one row: pdf", sid, f"{sid}.pdf", \
                    convert(render(single, "docx"), ".docx", target="pdf"), single_truth
        if chromium:
            yield "Chromium pdf", sid, f"{sid}.pdf", _chromium_pdf(render(original, "html"), folder, sid), truth
    for truth_path in sorted((TRUTH / "realdocs").glob("*.json")):
        pdf = REALDOCS / f"{truth_path.stem}.pdf"
        if pdf.exists():
            yield "real pdf", truth_path.stem, pdf.name, pdf.read_bytes(), \
                json.loads(truth_path.read_text(encoding="utf-8"))


def _save(folder: Path, all_cases: list[Case]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    index = []
    for i, (form, doc, name, data, truth) in enumerate(all_cases):
        (folder / f"{i:04d}-{name}").write_bytes(data)
        index.append({"form": form, "doc": doc, "file": f"{i:04d}-{name}", "name": name, "truth": truth})
    (folder / "cases.json").write_text(json.dumps(index, ensure_ascii=False), encoding="utf-8")


def _load(folder: Path) -> list[Case]:
    index = json.loads((folder / "cases.json").read_text(encoding="utf-8"))
    return [(c["form"], c["doc"], c["name"], (folder / c["file"]).read_bytes(), c["truth"]) for c in index]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument("--quick", action="store_true", help="leave out the LibreOffice and Chromium forms")
    parser.add_argument("--save", type=Path, help="write the generated documents and their truth to this folder")
    parser.add_argument("--load", type=Path, help="score the documents saved with --save (e.g. with another "
                        "version of ogi on PYTHONPATH, for a before/after comparison)")
    args = parser.parse_args()
    totals: dict[str, Score] = {}
    docs: dict[str, int] = {}
    unread: dict[str, int] = {}  # documents that gave an error instead of a report
    failures: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        all_cases = _load(args.load) if args.load else list(cases(args.quick, Path(tmp)))
    if args.save:
        _save(args.save, all_cases)
    for form, doc, name, data, truth in all_cases:
        try:
            score = score_report(parse_bytes(data, name=name), truth)
        except Exception as exc:  # noqa: BLE001 - a benchmark reports every failure and goes on
            failures.append(f"{form} {doc}: not read: {exc.message() if isinstance(exc, OgiError) else repr(exc)}")
            unread[form] = unread.get(form, 0) + 1
            continue
        totals[form] = totals.get(form, Score()) + score
        docs[form] = docs.get(form, 0) + 1
        failures += [f"{form} {doc}: silently wrong {w}" for w in score.wrong_cells]
    if not REALDOCS.exists():
        failures.append(f"real pdf: {REALDOCS} absent, the two real PDFs were not scored")
    if args.json:
        print(json.dumps({f: {"documents": docs[f], "not_read": unread.get(f, 0), "cells": s.cells, "right": s.right, "flagged": s.flagged,
                              "wrong": s.wrong, "metadata_right": s.meta_right, "metadata": s.meta_total}
                          for f, s in totals.items()} | {"notes": failures}, ensure_ascii=False, indent=1))
        return
    print("| form | docs | not read | cells | right | flagged | silently wrong | metadata right |")
    print("|---|---|---|---|---|---|---|---|")
    for form in sorted(set(totals) | set(unread), key=lambda f: list(totals).index(f) if f in totals else 99):
        s = totals.get(form, Score())
        print(f"| {form} | {docs.get(form, 0)} | {unread.get(form, 0)} | {s.cells} | {s.right} ({100 * s.right / max(s.cells, 1):.1f} %) | "
              f"{s.flagged} | {s.wrong} | {s.meta_right}/{s.meta_total} |")
    all_ = sum(totals.values(), Score())
    print(f"| **all** | {sum(docs.values())} | {sum(unread.values())} | {all_.cells} | {all_.right} ({100 * all_.right / max(all_.cells, 1):.1f} %)"
          f" | {all_.flagged} | {all_.wrong} | {all_.meta_right}/{all_.meta_total} |")
    for line in failures:
        print(line)


if __name__ == "__main__":
    main()
