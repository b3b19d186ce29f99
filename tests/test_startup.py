"""Start-up: a command imports only what it needs (`ogi --help` and `ogi parse` of a text file must not load
the office register's storage, the Word and Excel writers or the HTTP client)."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import seed_path

HEAVY = ("sqlalchemy", "alembic", "docx", "openpyxl", "httpx", "pypdfium2", "lxml", "fastapi", "starlette", "uvicorn",
         "jinja2", "argon2")

_PROBE = """
import json, sys
from ogi.cli import main
sys.argv = ["ogi", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
print(json.dumps(sorted({m.split(".")[0] for m in sys.modules})), file=sys.stderr)
"""


def _modules(*args: str) -> set[str]:
    done = subprocess.run([sys.executable, "-c", _PROBE, *args], capture_output=True, text=True, timeout=120)
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


def test_help_loads_nothing_heavy() -> None:
    assert _modules("--help") & set(HEAVY) == set()


def test_parse_of_a_text_report_loads_nothing_heavy() -> None:
    loaded = _modules("parse", str(seed_path("000")))
    assert "ogi" in loaded and "pydantic" in loaded, "the probe ran the command"
    assert loaded & set(HEAVY) == set()


def test_check_of_a_text_report_loads_nothing_heavy() -> None:
    assert _modules("check", str(seed_path("000"))) & set(HEAVY) == set()
