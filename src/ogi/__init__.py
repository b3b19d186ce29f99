"""ogi: read, check and write China's 政府信息公开工作年度报告, and compile them from an office's register.

The public names are loaded on first use (PEP 562), so `import ogi` — and every `ogi` command — pays only
for what it uses."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__all__ = ["Finding", "OgiError", "ReadError", "Report", "Severity", "check", "parse_bytes", "parse_file",
           "parse_text", "render"]
__version__ = "0.1.0"

_WHERE = {"parse_bytes": "ogi.api", "parse_file": "ogi.api", "parse_text": "ogi.api", "Finding": "ogi.check",
          "Severity": "ogi.check", "check": "ogi.check", "OgiError": "ogi.errors", "ReadError": "ogi.errors",
          "Report": "ogi.model.report", "render": "ogi.render"}

if TYPE_CHECKING:
    from ogi.api import parse_bytes, parse_file, parse_text
    from ogi.check import Finding, Severity, check
    from ogi.errors import OgiError, ReadError
    from ogi.model.report import Report
    from ogi.render import render


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'ogi' has no attribute {name!r}")
    value = getattr(import_module(_WHERE[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
