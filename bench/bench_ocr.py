"""Seconds per scanned page at each resolution, on one core and with 2 worker processes, and memory peak.

    .venv/bin/python bench/bench_ocr.py [--dpi 150 200 300] [--pages N]

Pages come from the seed reports rendered by ogi and aged like scans (bench/make_scans.py); each worker runs
onnxruntime with one thread, as `ogi parse` does.
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--dpi", type=int, nargs="+", default=[150, 200, 300])
    ap.add_argument("--pages", type=int, default=4)
    a = ap.parse_args()
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
