"""The command line on hostile paths and outputs: special files, bad output targets, names that are not
UTF-8, ogi's own JSON model, and failures no reader expected. Real files and real special files, no mocks."""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import seed_path

HAN = range(0x4E00, 0xA000)


def ogi(*args: str | Path | bytes, env: dict | None = None, limit_mb: int | None = None,
        timeout: int = 120) -> subprocess.CompletedProcess[bytes]:
    def cap() -> None:
        if limit_mb:
            resource.setrlimit(resource.RLIMIT_AS, (limit_mb << 20, limit_mb << 20))

    return subprocess.run([sys.executable, "-m", "ogi", *(a if isinstance(a, bytes) else str(a) for a in args)],
                          capture_output=True, timeout=timeout, env={**os.environ, **(env or {})},
                          preexec_fn=cap if limit_mb else None)


def _chinese_line(stderr: bytes, name: str) -> str:
    text = stderr.decode("utf-8")
    assert "Traceback" not in text
    assert name in text, text
    assert any(ord(c) in HAN for c in text), text
    return text


@pytest.fixture
def good(tmp_path: Path) -> Path:
    return Path(shutil.copy(seed_path("000"), tmp_path / "good.txt"))


@pytest.mark.parametrize("kind", ["fifo", "zero", "link-to-zero", "directory", "loop", "missing"])
def test_only_regular_files_are_read(tmp_path: Path, good: Path, kind: str) -> None:
    bad = tmp_path / f"bad-{kind}"
    if kind == "fifo":
        os.mkfifo(bad)
    elif kind == "zero":
        bad = Path("/dev/zero")
    elif kind == "link-to-zero":
        bad.symlink_to("/dev/zero")
    elif kind == "directory":
        bad.mkdir()
    elif kind == "loop":
        bad.symlink_to(bad)
    result = ogi("parse", "--json", good, bad, good, timeout=60)
    assert result.returncode == 2
    text = _chinese_line(result.stderr, bad.name)
    assert "Is a directory" not in text and "No such file" not in text
    data = json.loads(result.stdout)
    assert [d.get("status", "read") for d in data] == ["read", "unreadable", "read"]


def test_render_to_a_directory_or_missing_folder_or_device(tmp_path: Path, good: Path) -> None:
    (tmp_path / "out").mkdir()
    for target in (tmp_path / "out", tmp_path / "no" / "such" / "r.docx", Path("/dev/full")):
        result = ogi("render", good, "--to", "docx", "-o", target)
        assert result.returncode == 2
        _chinese_line(result.stderr, target.name)
    assert list((tmp_path / "out").iterdir()) == []


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("mount"), reason="mounting a tiny tmpfs needs root")
def test_render_to_a_full_disk_leaves_nothing_half_written(tmp_path: Path, good: Path) -> None:
    disk = tmp_path / "disk"
    disk.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16k", "tmpfs", str(disk)]).returncode != 0:
        pytest.skip("this machine does not allow mounting a tmpfs")
    try:
        result = ogi("render", good, "--to", "docx", "-o", disk / "r.docx")
        assert result.returncode == 2
        assert "磁盘空间不足" in _chinese_line(result.stderr, "r.docx")
        assert list(disk.iterdir()) == []  # no half-written r.docx, no temporary file
    finally:
        subprocess.run(["umount", str(disk)], check=True)


def test_failed_render_keeps_the_previous_output(tmp_path: Path, good: Path) -> None:
    out = tmp_path / "r.md"
    out.write_text("旧内容", encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00\xd8" * 10)
    assert ogi("render", bad, "--to", "md", "-o", out).returncode == 2
    assert out.read_text(encoding="utf-8") == "旧内容"
    assert ogi("render", good, "--to", "md", "-o", out).returncode == 0
    assert "安阳市科学技术局" in out.read_text(encoding="utf-8")


def test_file_names_that_are_not_utf8_keep_json_valid(tmp_path: Path) -> None:
    raw = os.fsencode(tmp_path) + b"/r\xb1\xe9port.txt"
    with open(raw, "wb") as f:
        f.write(seed_path("000").read_bytes())
    missing = os.fsencode(tmp_path) + b"/gone\xff.txt"
    for command in ("parse", "check"):
        result = ogi(command, "--json", raw, missing)
        assert result.returncode == 2
        data = json.loads(result.stdout.decode("utf-8"))  # valid UTF-8 and valid JSON
        assert len(data) == 2
        assert data[1]["file"].endswith("gone\ufffd.txt") and data[1]["file_bytes"].endswith("gone\\xff.txt")
    model = json.loads(ogi("parse", "--json", raw).stdout.decode("utf-8"))
    assert model["source_name"] == "r\ufffd\ufffdport.txt"


def test_parse_and_check_read_the_json_model(tmp_path: Path) -> None:
    model = tmp_path / "report.json"
    assert ogi("render", seed_path("001"), "--to", "json", "-o", model).returncode == 0
    direct = json.loads(ogi("check", "--json", seed_path("001")).stdout)[0]
    via = json.loads(ogi("check", "--json", model).stdout)[0]
    assert via["findings"] == direct["findings"] and via["counts"] == direct["counts"]
    assert not any(f["rule_id"] == "read.stray_values" for f in via["findings"])
    parsed = json.loads(ogi("parse", "--json", model).stdout)
    assert parsed == json.loads(model.read_text(encoding="utf-8"))


@pytest.mark.parametrize("change,field", [
    (lambda d: d["metadata"].pop("format_version"), "metadata.format_version"),
    (lambda d: d["metadata"].__setitem__("report_year", "二〇二三"), "metadata.report_year"),
    (lambda d: d.__setitem__("extra", 1), "extra"),
])
def test_an_invalid_model_names_the_field_in_chinese(tmp_path: Path, change, field: str) -> None:  # noqa: ANN001
    model = tmp_path / "m.json"
    assert ogi("render", seed_path("000"), "--to", "json", "-o", model).returncode == 0
    data = json.loads(model.read_text(encoding="utf-8"))
    change(data)
    model.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = ogi("check", model)
    assert result.returncode == 2
    out = result.stdout.decode("utf-8")
    assert field in out and "validation error" not in out and "字段" in out


def test_a_newer_schema_version_is_refused_in_chinese(tmp_path: Path) -> None:
    model = tmp_path / "m.json"
    model.write_text('{"schema_version": "2.0", "metadata": {}}', encoding="utf-8")
    result = ogi("render", model, "--to", "md", "-o", tmp_path / "x.md")
    assert result.returncode == 2
    text = _chinese_line(result.stderr, "m.json")
    assert "2.0" in text and "not readable" not in text


def test_an_unexpected_failure_is_one_chinese_line_and_a_log(tmp_path: Path, good: Path) -> None:
    """A 60 MB text under a 400 MB address-space cap: reading it runs out of memory — a failure no reader
    raises on purpose. The user sees one line naming the file; the traceback is in OGI_LOG_FILE."""
    huge = tmp_path / "huge.txt"
    line = ("行政许可\t1\t2\t3\t" * 40 + "\n").encode()
    with huge.open("wb") as f:
        f.write(line * (60_000_000 // len(line)))
    log = tmp_path / "ogi.log"
    result = ogi("parse", "--json", good, huge, good, env={"OGI_LOG_FILE": str(log)}, limit_mb=400, timeout=300)
    assert result.returncode == 2
    text = _chinese_line(result.stderr, "huge.txt")
    assert str(log) in text
    assert "Traceback" in log.read_text(encoding="utf-8")
    data = json.loads(result.stdout)
    assert [d.get("status", "read") for d in data] == ["read", "unreadable", "read"]


@pytest.mark.parametrize("args,says", [
    (["check"], "缺少参数"),
    (["render", "x.txt", "--to", "odt", "-o", "y"], "--to"),
    (["parse", "--bogus", "x.txt"], "--bogus"),
    (["nosuch"], "没有这个命令"),
])
def test_usage_errors_are_in_chinese(args: list[str], says: str) -> None:
    result = ogi(*args)
    assert result.returncode == 2
    text = result.stderr.decode("utf-8")
    assert says in text and "Error:" not in text and "Missing argument" not in text, text
