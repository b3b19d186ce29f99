"""Benchmark: text reports read + checked per second, on one core (the five seed reports, in a loop).

Run: .venv/bin/python bench/bench_text.py [--seconds N]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from ogi.api import parse_text
from ogi.check import check

SAMPLES = Path(__file__).resolve().parent.parent / "src" / "ogi" / "samples"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=5.0, help="how long to run each round")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    texts = [(p.name, p.read_text(encoding="utf-8")) for p in sorted(SAMPLES.glob("*.txt"))]
    for name, text in texts:  # warm caches once, outside the timing
        check(parse_text(text, name=name))
    rates = []
    for _ in range(args.rounds):
        done, start = 0, time.perf_counter()
        while time.perf_counter() - start < args.seconds:
            for name, text in texts:
                check(parse_text(text, name=name))
            done += len(texts)
        rates.append(done / (time.perf_counter() - start))
    parse_only, start = 0, time.perf_counter()
    while time.perf_counter() - start < args.seconds:
        for name, text in texts:
            parse_text(text, name=name)
        parse_only += len(texts)
    parse_rate = parse_only / (time.perf_counter() - start)
    print(f"text reports, read + check, one core: median {statistics.median(rates):.0f} reports/s "
          f"(rounds: {', '.join(f'{r:.0f}' for r in rates)}; {len(texts)} seed reports)")
    print(f"text reports, read only: {parse_rate:.0f} reports/s")


if __name__ == "__main__":
    main()
