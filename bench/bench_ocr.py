"""Seconds per scanned page at each resolution, on one core and with 2 worker processes, and memory peak.

    .venv/bin/python bench/bench_ocr.py [--dpi 150 200 300] [--pages N]
    .venv/bin/python bench/bench_ocr.py --accuracy [--dpi 150] [--jobs 2]

Pages come from the seed reports rendered by ogi and aged like scans (bench/make_scans.py); each worker runs
onnxruntime with one thread, as `ogi parse` does. --accuracy reads every document of the scan corpus (every seed
and real PDF, aged at each resolution) through ogi's API with `--jobs` page workers and states, per document, the
values read, the values of the born-digital original, and the silent wrong values (which must be none).
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_scans import born_digital, scan_pdf  # noqa: E402


def _ocr_page(job: tuple[bytes, int, int]) -> tuple[float, int]:
    """OCR one page of an image-only PDF; return seconds and this process's peak RSS (KB)."""
    import pypdfium2 as pdfium

    from ogi.read.ocr.page import read_page_image

    data, index, dpi = job
    start = time.perf_counter()
    page = pdfium.PdfDocument(data)[index]
    read_page_image(page.render(scale=dpi / 72).to_pil(), dpi, index + 1)
    return time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def accuracy(dpis: list[int], jobs: int) -> None:
    """The share of values read on the scan corpus, and the silent wrong values, at each resolution."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "read"))
    from test_ocr_corpus import compare

    from ogi.api import parse_bytes

    with tempfile.TemporaryDirectory() as tmp:
        for dpi in dpis:
            all_read = all_total = all_wrong = 0
            for born in born_digital(Path(tmp)):
                truth = parse_bytes(born.read_bytes(), name=born.name)
                start = time.perf_counter()
                seen = parse_bytes(scan_pdf(born, dpi, random.Random(f"{born.name}:{dpi}")), name=born.name,
                                   ocr="auto", jobs=jobs)
                wall = time.perf_counter() - start
                read, total, wrong = compare(truth, seen)
                all_read, all_total, all_wrong = all_read + read, all_total + total, all_wrong + len(wrong)
                print(f"{dpi} dpi {born.stem[:24]}：读取 {read}/{total} 个数值（{read / max(total, 1):.1%}），"
                      f"未标记的错误 {len(wrong)}，{wall:.0f} 秒", flush=True)
                for w in wrong:
                    print("  ", w)
            print(f"{dpi} dpi 合计：读取 {all_read}/{all_total}（{all_read / max(all_total, 1):.1%}），"
                  f"未标记的错误 {all_wrong}", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--dpi", type=int, nargs="+", default=[150, 200, 300])
    ap.add_argument("--pages", type=int, default=4)
    ap.add_argument("--accuracy", action="store_true", help="share of values read on the whole scan corpus")
    ap.add_argument("--jobs", type=int, default=2, help="page workers for --accuracy")
    a = ap.parse_args()
    if a.accuracy:
        accuracy(a.dpi, a.jobs)
        return
    import pypdfium2 as pdfium

    with tempfile.TemporaryDirectory() as tmp:
        seed = next(p for p in born_digital(Path(tmp)) if p.parent.name == "born")
        for dpi in a.dpi:
            scan = scan_pdf(seed, dpi, random.Random(f"bench:{dpi}"))
            n = min(a.pages, len(pdfium.PdfDocument(scan)))
            jobs = [(scan, i, dpi) for i in range(n)]
            for workers in (1, 2):
                with ProcessPoolExecutor(workers) as pool:
                    list(pool.map(_ocr_page, jobs[:workers]))  # load the models in every worker first
                    start = time.perf_counter()
                    results = list(pool.map(_ocr_page, jobs))
                    wall = time.perf_counter() - start
                peak = max(kb for _s, kb in results) / 1024
                print(f"{dpi} dpi, {workers} 进程：{wall / n:.2f} 秒/页（{n} 页），单进程内存峰值 {peak:.0f} MB")


if __name__ == "__main__":
    main()
