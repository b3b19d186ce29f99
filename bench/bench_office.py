"""Benchmark: the office register — inserting a year of applications (with audit trail) and compiling the
annual report from it, on SQLite (default) or the database OGI_DATABASE_URL names.

Run: .venv/bin/python bench/bench_office.py [--applications N]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "office"))

from register_factory import generate  # noqa: E402

from ogi.check import check  # noqa: E402
from ogi.office.compile import compile_report  # noqa: E402
from ogi.office.db import connect, migrate, session  # noqa: E402
from ogi.office.due import due_items  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--applications", type=int, default=2000)
    parser.add_argument("--db", default=None, help="database URL (default: a temporary SQLite file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        engine = connect(args.db or f"sqlite:///{Path(tmp) / 'bench.db'}")
        migrate(engine)
        apps = generate(args.applications, 2023)
        t = time.perf_counter()
        with session(engine) as s:
            s.add_all(apps)
        insert = time.perf_counter() - t
        t = time.perf_counter()
        with session(engine) as s:
            report = compile_report(s, 2023, agency="某局")
        compile_s = time.perf_counter() - t
        findings = check(report)
        import datetime as dt

        t = time.perf_counter()
        with session(engine) as s:
            due = due_items(s, dt.date(2024, 12, 31))
        due_s = time.perf_counter() - t
    print(f"insert {args.applications} applications with events and audit trail: {insert:.2f} s "
          f"({args.applications / insert:.0f}/s)")
    print(f"compile the annual report: {compile_s * 1000:.0f} ms; checker findings above notice: "
          f"{sum(f.severity.value != 'notice' for f in findings)}")
    print(f"due dates of {len(due)} open applications: {due_s * 1000:.0f} ms")


if __name__ == "__main__":
    main()
