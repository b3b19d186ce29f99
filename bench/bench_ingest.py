"""Benchmark: `ogi ingest` throughput — reports/s with 1 and 2 worker processes, on SQLite and on PostgreSQL, for
text and for PDF — the database size per 1,000 reports, and the projection for 1,000,000 reports on 32 cores.

Inputs are generated in a temporary folder: text reports are the five seeds with a numbered title (every file its
own bytes); PDFs are the real PDFs of ../shared/realdocs (or, without them, ogi's own rendering of a seed) with a
numbered comment appended after %%EOF (the same pages, other bytes). Whole process (`python -m ogi ingest`),
median of the rounds.

Run: .venv/bin/python bench/bench_ingest.py [--text 1000] [--pdf 100] [--rounds 3] [--postgres URL]
(the PostgreSQL URL defaults to OGI_TEST_POSTGRES_URL's server with a database made for the run).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "src" / "ogi" / "samples"
REALDOCS = ROOT.parent / "shared" / "realdocs"


def make_text(folder: Path, count: int) -> None:
    seeds = [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))]
    for k in range(count):
        text = seeds[k % len(seeds)]
        first = text.index("\n")
        (folder / f"r{k:05d}.txt").write_text(f"{text[:first]}（第{k}号）{text[first:]}", encoding="utf-8")


def make_pdf(folder: Path, count: int) -> None:
    pdfs = [p.read_bytes() for p in sorted(REALDOCS.glob("*.pdf"))]
    if not pdfs:
        from ogi.api import parse_file
        from ogi.render import render

        pdfs = [render(parse_file(next(SAMPLES.glob("000_*.txt"))), "pdf")]
    for k in range(count):
        (folder / f"p{k:05d}.pdf").write_bytes(pdfs[k % len(pdfs)] + f"\n%ogi-bench {k}\n".encode())


def ingest(folder: Path, url: str, jobs: int) -> float:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "ogi", "ingest", str(folder), "--db", url, "-j", str(jobs),
                           "--json"], capture_output=True, text=True)
    took = time.perf_counter() - start
    if done.returncode not in (0, 2):
        raise SystemExit(f"ogi ingest failed ({done.returncode}): {done.stderr[-800:]}")
    return took


class Postgres:
    """A database of the run's own on the test server, dropped at the end."""

    def __init__(self, admin: str) -> None:
        from sqlalchemy import create_engine, text

        self.text = text
        self.admin = create_engine(admin.replace("postgresql://", "postgresql+psycopg://", 1),
                                   isolation_level="AUTOCOMMIT")
        self.base = admin.rsplit("/", 1)[0]

    def fresh(self) -> str:
        name = f"ogi_bench_{uuid.uuid4().hex[:8]}"
        with self.admin.connect() as conn:
            conn.execute(self.text(f'CREATE DATABASE "{name}"'))
        return f"{self.base}/{name}"

    def size(self, url: str) -> int:
        with self.admin.connect() as conn:
            return conn.execute(self.text(f"SELECT pg_database_size('{url.rsplit('/', 1)[1]}')")).scalar()

    def drop(self, url: str) -> None:
        with self.admin.connect() as conn:
            conn.execute(self.text(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)'))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--text", type=int, default=1000)
    parser.add_argument("--pdf", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--postgres", default=os.environ.get("OGI_TEST_POSTGRES_URL",
                                                             "postgresql://ogi:ogi@127.0.0.1:5432/ogi_test"))
    args = parser.parse_args()
    pg = Postgres(args.postgres) if args.postgres != "none" else None
    rates: dict[tuple[str, str, int], float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for form, count, make in (("text", args.text, make_text), ("pdf", args.pdf, make_pdf)):
            folder = Path(tmp) / form
            folder.mkdir()
            make(folder, count)
            for db in ("sqlite", "postgresql") if pg else ("sqlite",):
                for jobs in (1, 2):
                    times, size = [], 0
                    for r in range(args.rounds):
                        if db == "sqlite":
                            path = Path(tmp) / f"{form}-{jobs}-{r}.db"
                            url = f"sqlite:///{path}"
                        else:
                            url = pg.fresh()
                        times.append(ingest(folder, url, jobs))
                        size = path.stat().st_size if db == "sqlite" else pg.size(url)
                        if db == "postgresql":
                            pg.drop(url)
                    med = statistics.median(times)
                    rates[(form, db, jobs)] = count / med
                    print(f"{form:4} {db:10} -j {jobs}: {count / med:7.1f} reports/s (median {med:.2f} s of "
                          f"{args.rounds}; {count} files); database {size / count * 1000 / 2**20:.1f} MB per "
                          f"1,000 reports", flush=True)
    for form in ("text", "pdf"):
        one, two = rates[(form, "sqlite", 1)], rates[(form, "sqlite", 2)]
        per_core = two / 2
        hours = 1_000_000 / (per_core * 32) / 3600
        print(f"{form}: -j 2 is {two / one:.2f}× -j 1; projected 1,000,000 {form} reports on 32 cores at "
              f"{per_core:.0f} reports/s per core: {hours:.2f} h (PostgreSQL as the store, no other bottleneck)")


if __name__ == "__main__":
    main()
