"""No regular expression on untrusted text backtracks super-linearly.

Nothing is timed inside a test: the audit and the pathological files run in a subprocess with a generous
timeout, and a pattern that is super-linear never finishes on 100,000 characters (the old rule-line pattern
took 1.4 s on 800 "-" and never finished on 4,000).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

AUDIT = Path(__file__).with_name("regex_audit.py")


@pytest.mark.slow
def test_every_pattern_of_ogi_is_linear_on_pathological_strings() -> None:
    result = subprocess.run([sys.executable, str(AUDIT), "100000"], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "slow" not in result.stdout, result.stdout
    assert result.stdout.strip().endswith("done")


PATHOLOGICAL = {
    "dashes.txt": "一、总体情况\n" + "-" * 100_000 + "x\n",
    "rule-like.txt": "一、总体情况\n" + "|-:" * 40_000 + "x\n",
    "spaces-pipe.txt": "一、总体情况\n" + " " * 100_000 + " | x\n",
    "pipes.txt": "一、总体情况\n" + "|" + " |" * 50_000 + "\n",
    "footer-like.txt": "一、总体情况\n" + "-" * 50_000 + "3" + " " * 50_000 + "x\n",
    "spaced-digits.txt": "一、总体情况\n" + "1" + " " * 100_000 + "x\n",
    "cjk-spaces.txt": "一、总体情况\n" + "中" + " " * 100_000 + "x\n",
    "statistics.txt": "一、总体情况\n" + "统计" * 50_000 + "\n",
    "numbers.txt": "一、总体情况\n行政许可\t" + "1,234" * 20_000 + "x\n",
    "xml-decl.html": "<html><body>" + "<?xml" * 50_000 + "<p>一、总体情况</p></body></html>",
    "meta.html": "<html><head>" + "<meta " * 20_000 + "</head><body><p>一、总体情况</p></body></html>",
    "portal.html": "<html><body><p>" + "首页" + " " * 100_000 + "x</p><p>一、总体情况</p></body></html>",
}


@pytest.mark.slow
def test_pathological_text_finishes(tmp_path: Path) -> None:
    files = []
    for name, text in PATHOLOGICAL.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        files.append(tmp_path / name)
    result = subprocess.run([sys.executable, "-m", "ogi", "check", "--json", *map(str, files)],
                            capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert "Traceback" not in result.stderr
    assert result.returncode in (0, 1, 2)
    assert len(json.loads(result.stdout)) == len(files)
