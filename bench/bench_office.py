"""Benchmark: the office register — inserting a year of applications (with audit trail) and compiling the
annual report from it, and driving a year through the single-record commands (`ogi office add`, `reply`, … run
in one process, each its own audited transaction), on SQLite (default) or the database --db names.

Run: .venv/bin/python bench/bench_office.py [--applications N] [--steps N]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "office"))

from lifecycle_plan import plan_year  # noqa: E402
from register_factory import generate  # noqa: E402

from ogi.check import check  # noqa: E402
from ogi.office.compile import compile_report  # noqa: E402
from ogi.office.due import due_items  # noqa: E402
from ogi.storage.db import connect, migrate, session  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--applications", type=int, default=2000)
    parser.add_argument("--steps", type=int, default=300, help="applications driven through the commands")
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
    if args.steps:
        _commands(args.steps, args.db)


def _commands(n: int, db: str | None) -> None:
    """Time a year of applications recorded one step at a time through the `ogi office` commands."""
    import typer
    import typer.testing

    from ogi.cli_office import office_app

    command = typer.main.get_command(office_app)
    typer.testing._get_command = lambda _app: command  # build the click command once, as one process does
    runner = typer.testing.CliRunner()
    plans = plan_year(n)
    with tempfile.TemporaryDirectory() as tmp:
        url = db or f"sqlite:///{Path(tmp) / 'steps.db'}"
        steps = [args for p in plans for args in p.commands]
        t = time.perf_counter()
        for args in steps:
            result = runner.invoke(office_app, [*args, "--db", url])
            if result.exit_code:
                raise SystemExit(f"{args}: {result.output}")
        took = time.perf_counter() - t
    print(f"{len(steps)} single-record commands for {n} applications (add, correction, fee-notice, pay, reply …): "
          f"{took:.1f} s ({len(steps) / took:.0f} commands/s, {took / len(steps) * 1000:.0f} ms each)")


if __name__ == "__main__":
    main()
