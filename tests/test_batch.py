"""Batches: each crasher of issue 9 placed between good files; every good file's result comes out, in order.

`parse --json` and `check --json` with several files write one JSON array, opened before the first file and
closed after the last: each file's result (a report model or {"file", "status": "unreadable", "error"}) is
written as soon as it is ready, so nothing is lost to a later file.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ogi.api import parse_file
from ogi.render import render

from conftest import seed_path

AGENCY = "安阳市科学技术局"
HAN = range(0x4E00, 0xA000)


def crashers(tmp: Path, seed: str) -> list[Path | bytes]:
    """Every input that once crashed, hung or blew up ogi, as real files (and special files)."""
    row = "一、本年新收政府信息公开申请数量\t\t1\t0"
    html = render(parse_file(seed_path("000")), "html")
    files: dict[str, bytes] = {
        "bom8.txt": b"\xef\xbb\xbf\xff\xfe\xfd" * 30,
        "bom16.txt": b"\xff\xfe" + b"\x00\xd8" * 30,
        "undefined.html": html.replace(b'charset="utf-8"', b'charset="undefined"', 1),
        "control.html": html.replace("总体情况".encode(), "总体\x0b情况".encode(), 1),
        "date.txt": (seed.rstrip() + "\n二〇二四年十十月一日\n").encode(),
        "digits.txt": seed.replace(row, row[:-3] + "9" * 5000 + "\t0", 1).encode(),
        "superscript.txt": seed.replace(row, row[:-3] + "¹\t0", 1).encode(),
        "rules.txt": ("一、总体情况\n" + "-" * 100_000 + "x\n" + "|" + " " * 100_000 + "| |\n").encode(),
        "loop.pdf": b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages "
                    b"/Kids [2 0 R] /Count 1 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n",
        "wide.txt": (seed.replace("三、收到", "行政许可\t" + "1\t" * 200_000 + "\n三、收到", 1)).encode(),
        "heading.txt": "一、总体情况\n".encode(),
        "bad-model.json": b'{"schema_version": "1.0", "metadata": {"format_version": "1999"}}',
        "new-model.json": b'{"schema_version": "2.0"}',
        "truncated.docx": render(parse_file(seed_path("000")), "docx")[:5000],
    }
    out: list[Path | bytes] = []
    for name, data in files.items():
        (tmp / name).write_bytes(data)
        out.append(tmp / name)
    os.mkfifo(tmp / "fifo")
    (tmp / "zero-link").symlink_to("/dev/zero")
    (tmp / "folder").mkdir()
    (tmp / "loop-link").symlink_to(tmp / "loop-link")
    out += [tmp / "fifo", tmp / "zero-link", tmp / "folder", tmp / "loop-link", tmp / "missing.txt"]
    raw = os.fsencode(tmp) + b"/name\xb1.txt"
    with open(raw, "wb") as f:
        f.write(b"\xff\xfe\x00\xd8")
    out.append(raw)
    return out


@pytest.fixture(scope="module")
def goods(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    tmp = tmp_path_factory.mktemp("goods")
    report = parse_file(seed_path("000"))
    files = [tmp / "good.txt", tmp / "good.docx", tmp / "good.pdf", tmp / "good.html"]
    files[0].write_bytes(seed_path("000").read_bytes())
    for f in files[1:]:
        f.write_bytes(render(report, f.suffix[1:]))
    return files


@pytest.mark.parametrize("command", ["parse", "check"])
def test_every_good_result_comes_out_in_order(tmp_path: Path, goods: list[Path], command: str) -> None:
    bad = crashers(tmp_path, seed_path("000").read_text(encoding="utf-8"))
    args: list[Path | bytes] = []
    for i, b in enumerate(bad):
        args += [goods[i % len(goods)], b]
    args.append(goods[0])
    result = subprocess.run([sys.executable, "-m", "ogi", command, "--json", *args], capture_output=True,
                            timeout=600)
    stderr = result.stderr.decode("utf-8")
    assert "Traceback" not in stderr
    data = json.loads(result.stdout.decode("utf-8"))
    assert len(data) == len(args)
    assert result.returncode == 2
    for arg, item in zip(args, data, strict=True):
        name = os.fsdecode(arg).rsplit("/", 1)[-1]
        if isinstance(arg, Path) and arg.name.startswith("good"):
            agency = item["metadata"]["agency"] if command == "parse" else item["metadata"]["agency"]
            assert agency == AGENCY, name
            continue
        if item.get("status") == "unreadable":
            message = item["error"]["message"]
            assert any(ord(c) in HAN for c in message), message
            assert name.encode("utf-8", "surrogateescape").decode("utf-8", "replace") in message, message
