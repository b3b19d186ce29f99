"""The command line, run as a real process: output, JSON, exit statuses, bad files in a batch."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from ogi.api import parse_file
from ogi.model.report import Report

from conftest import seed_path


def ogi(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ogi", *map(str, args)], capture_output=True, text=True,
                          encoding="utf-8", timeout=120)


@pytest.mark.parametrize("command", [[], ["parse"], ["check"], ["demo"], ["schema"], ["rules"]])
def test_every_command_has_chinese_help(command: list[str]) -> None:
    result = ogi(*command, "--help")
    assert result.returncode == 0
    assert "用法：" in result.stdout and "Usage" not in result.stdout
    assert any("\u4e00" <= ch <= "\u9fff" for ch in result.stdout)


def test_check_clean_report_exits_0() -> None:
    result = ogi("check", seed_path("000"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "未发现问题" in result.stdout


def test_check_report_with_errors_exits_1_and_says_where() -> None:
    result = ogi("check", seed_path("001"))
    assert result.returncode == 1
    assert "应有7个数，实际读到6个" in result.stdout
    assert "原文第61行" in result.stdout  # 1.属于国家秘密 is on line 61 (grep -n 属于国家秘密)


def test_check_json_keeps_going_after_a_bad_file(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"%PDF-1.4\x00\x00\x00")
    result = ogi("check", "--json", empty, seed_path("000"), binary, tmp_path / "nope.txt")
    assert result.returncode == 2
    data = json.loads(result.stdout)
    assert [d["status"] for d in data] == ["unreadable", "read", "unreadable", "unreadable"]
    assert data[0]["error"]["code"] == "read.empty"
    assert data[2]["error"]["code"] == "read.corrupt"  # chosen by content: a PDF header, broken body
    assert "empty.txt" in data[0]["error"]["message"]
    assert data[1]["counts"] == {"error": 0, "warning": 0, "notice": 0}


def test_parse_json_is_the_report_model() -> None:
    result = ogi("parse", "--json", seed_path("000"))
    assert result.returncode == 0
    report = Report.from_json(result.stdout)
    assert report == parse_file(seed_path("000")), "JSON round trip keeps every value and source"
    assert report.tables["table2"].rows["fees"].cells["amount"].value == Decimal("11.55")
    raw = json.loads(result.stdout)
    assert raw["tables"]["table3"]["rows"]["new_received"]["cells"]["total"]["value"] == 1


def test_parse_shows_the_tables() -> None:
    result = ogi("parse", seed_path("001"))
    assert result.returncode == 0
    assert "石嘴山市科学技术局" in result.stdout
    assert "无法读取：应有7个数，读到6个" in result.stdout


def test_demo_runs_the_samples() -> None:
    result = ogi("demo")
    assert result.returncode == 0, result.stderr
    for agency in ("安阳市科学技术局", "石嘴山市科学技术局", "漯河市科学技术局", "西工区科学技术局", "博爱县科技和工业信息化局"):
        assert agency in result.stdout


def test_rules_json_lists_every_rule() -> None:
    from ogi.check import RULES

    data = json.loads(ogi("rules", "--json").stdout)
    assert {r["id"] for r in data} == set(RULES)
