"""Batches on several cores (ogi.batch and `-j N`): the same results, in input order, as one process; a worker that
dies costs only the item it held; a folder stands for every file under it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from ogi.batch import run
from ogi.errors import InternalError, NotAReportError, OgiError

from conftest import SEED_IDS, seed_path


def agency_of(path: str) -> str:
    """A worker's job: read a report; the item "KILL" kills its own worker process, "RAISE" fails in Python."""
    if path == "KILL":
        os.kill(os.getpid(), signal.SIGKILL)
    if path == "RAISE":
        raise NotAReportError("RAISE", "测试")
    if path == "BUG":
        raise ZeroDivisionError
    from ogi.api import parse_file

    return parse_file(path).metadata.agency or ""


def seeds() -> list[str]:
    return [str(seed_path(s)) for s in SEED_IDS]


@pytest.mark.parametrize("ordered", [True, False])
@pytest.mark.parametrize("chunk", [1, 4])
def test_two_workers_give_what_one_process_gives(ordered: bool, chunk: int) -> None:
    items = seeds() * 3
    alone = list(run(agency_of, items, jobs=1))
    pooled = list(run(agency_of, items, jobs=2, ordered=ordered, chunk=chunk))
    assert all(isinstance(r, str) and r for _, r in alone)
    if ordered:
        assert pooled == alone
    else:
        assert sorted(pooled) == sorted(alone)


@pytest.mark.parametrize("chunk", [1, 3])
def test_a_worker_killed_costs_only_its_item(chunk: int) -> None:
    """Also when the item that kills its worker shares a chunk with others: they come back all the same."""
    items = seeds()[:2] + ["KILL"] + seeds()[2:] + ["RAISE", "BUG"] + seeds()[:1]
    results = list(run(agency_of, items, jobs=2, chunk=chunk))
    assert [i for i, _ in results] == items  # every item comes back once, in order
    by_item = dict(results)
    assert isinstance(by_item["KILL"], InternalError) and "进程异常退出" in by_item["KILL"].message()
    assert isinstance(by_item["RAISE"], NotAReportError) and by_item["RAISE"].name == "RAISE"
    assert isinstance(by_item["BUG"], InternalError) and "ZeroDivisionError" in by_item["BUG"].message()
    good = [r for i, r in results if i not in ("KILL", "RAISE", "BUG")]
    assert good == [r for _, r in run(agency_of, [i for i in items if i not in ("KILL", "RAISE", "BUG")])]
    assert not any(isinstance(r, OgiError) for r in good)


def _ogi(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ogi", *map(str, args)], capture_output=True, text=True,
                          timeout=300)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "reports"
    (root / "区县" / "洪泽").mkdir(parents=True)
    for k, s in enumerate(SEED_IDS):
        target = root / ("区县/洪泽" if k % 2 else "") / f"r{k}.txt"
        target.write_bytes(seed_path(s).read_bytes())
    (root / "区县" / "broken.pdf").write_bytes(b"%PDF-1.7\n" + b"\x00" * 100)
    (root / ".hidden.txt").write_text("不是报告")
    return root


def test_parse_and_check_of_a_folder_with_two_workers_match_one(folder: Path) -> None:
    for command in ("parse", "check"):
        one = _ogi(command, "--json", "-j", "1", folder)
        two = _ogi(command, "--json", "-j", "2", folder)
        assert one.returncode == two.returncode == 2  # broken.pdf cannot be read
        assert one.stdout == two.stdout
        data = json.loads(two.stdout)
        assert len(data) == 6  # five reports and the broken PDF; the hidden file is left out
        files = [Path(d.get("file") or d["source_name"]).name for d in data]
        assert files == ["r0.txt", "r2.txt", "r4.txt", "broken.pdf", "r1.txt", "r3.txt"]  # sorted by path
        assert [d.get("status", "read") for d in data] == ["read"] * 3 + ["unreadable"] + ["read"] * 2
        assert "Traceback" not in two.stderr
        assert ("broken.pdf" in two.stderr) is (command == "parse")  # check --json says it in the JSON alone
        assert data[3]["error"]["message"].startswith("broken.pdf：")


def test_render_of_a_folder_writes_one_file_each_under_the_output_folder(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = _ogi("render", folder, "--to", "md", "-o", out, "-j", "2")
    assert result.returncode == 2 and "broken.pdf" in result.stderr
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.md"))
    assert written == ["r0.md", "r2.md", "r4.md", "区县/洪泽/r1.md", "区县/洪泽/r3.md"]
    agency = json.loads(_ogi("parse", "--json", folder / "r0.txt").stdout)["metadata"]["agency"]
    assert agency in (out / "r0.md").read_text(encoding="utf-8")
