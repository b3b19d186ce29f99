"""Benchmark: the division dataset (load, lookup, find_in, pinyin index) and identify() per report.

Cold figures run in a fresh interpreter each round (the cache is per process); warm figures repeat in one.
Median of rounds. Run: .venv/bin/python bench/bench_identify.py [--rounds N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COLD = """
import time
t = time.perf_counter()
from ogi.corpus import divisions
divisions.lookup("320813")
t1 = time.perf_counter()
divisions.by_pinyin("hongze")
t2 = time.perf_counter()
print(t1 - t, t2 - t1)
"""


def _median(fn, n: int) -> float:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    rounds = parser.parse_args().rounds
    cold = [tuple(map(float, subprocess.run([sys.executable, "-c", COLD], capture_output=True, text=True,
                                            check=True).stdout.split())) for _ in range(rounds)]
    print(f"load (import + index, cold):      {statistics.median(c[0] for c in cold) * 1000:8.1f} ms")
    print(f"pinyin index (first URL, cold):   {statistics.median(c[1] for c in cold) * 1000:8.1f} ms")

    sys.path.insert(0, str(ROOT / "tests" / "corpus"))
    from test_identify import ROWS, _identify  # the truth table's cases

    from ogi.api import parse_text
    from ogi.corpus import divisions
    from ogi.corpus.identify import identify

    codes = [d.code for d in divisions._index().by_code.values()]
    print(f"divisions: {len(codes)} ({sum(not divisions.lookup(c).current for c in codes)} former)")
    per = _median(lambda: [divisions.lookup(c) for c in codes], rounds) / len(codes)
    print(f"lookup(code):                     {per * 1e6:8.2f} µs")
    names = [r["title"] or r["text_snippet"][:40] for r in ROWS]
    per = _median(lambda: [divisions.find_in(n) for n in names], rounds) / len(names)
    print(f"find_in(title, ~30 chars):        {per * 1e6:8.1f} µs")
    text = (ROOT.parent / "shared" / "seeds")
    seed = next(text.glob("*.txt"), None) if text.is_dir() else None
    if seed is not None:
        report = parse_text(seed.read_text(encoding="utf-8"), name=seed.name)
        body = report.preamble + "".join(s.text for s in report.sections)
        print(f"find_in(report text, {len(body)} chars): {_median(lambda: divisions.find_in(body), rounds) * 1000:8.2f} ms")
        print(f"identify(seed report):            {_median(lambda: identify(report), rounds) * 1000:8.2f} ms")
    per = _median(lambda: [_identify(r) for r in ROWS], rounds) / len(ROWS)
    print(f"parse + identify (truth cases):   {per * 1000:8.2f} ms per case")


if __name__ == "__main__":
    main()
