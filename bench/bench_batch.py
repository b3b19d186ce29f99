"""Benchmark: a batch of generated text reports checked by `ogi check --json DIR`, whole process, with -j 1 and -j 2.

The files are the five seed reports with the agency's name changed per file (so no two are the same bytes), in a
temporary folder. Prints the median wall time of each setting, reports/s and the speed-up of -j 2 over -j 1.

Run: .venv/bin/python bench/bench_batch.py [--files 1000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SAMPLES = Path(__file__).resolve().parent.parent / "src" / "ogi" / "samples"


def make_files(folder: Path, count: int) -> None:
    seeds = [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))]
    for k in range(count):
        text = seeds[k % len(seeds)]
        first = text.index("\n")  # the title line names the agency; number it so every file differs
        (folder / f"r{k:05d}.txt").write_text(f"{text[:first]}（第{k}号）{text[first:]}", encoding="utf-8")


def wall(folder: Path, jobs: int) -> float:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "ogi", "check", "--json", "-j", str(jobs), str(folder)],
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    took = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"ogi check failed ({done.returncode}): {done.stderr[-500:]}")
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        make_files(folder, args.files)
        medians = {}
        for jobs in (1, 2):
            times = [wall(folder, jobs) for _ in range(args.rounds)]
            medians[jobs] = statistics.median(times)
            print(f"-j {jobs}: {medians[jobs]:.2f} s median of {args.rounds} "
                  f"({args.files / medians[jobs]:.0f} reports/s; rounds {', '.join(f'{t:.2f}' for t in times)})")
        print(f"speed-up of -j 2 over -j 1: {medians[1] / medians[2]:.2f}×")


if __name__ == "__main__":
    main()
