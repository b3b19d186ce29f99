"""Read one printed cell: "0", "11.55", "1,234", "０", "0元", "-3", "/", "—", "无"."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from functools import lru_cache

from ogi.model.report import CellKind

__all__ = ["ParsedValue", "parse_value"]

ParsedValue = tuple[CellKind, int | Decimal | None]

_NUMBER = re.compile(r"^([+\-−]?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(万元|元|件|个|条|项|次)?$")
_SPACED_DIGITS = re.compile(r"\d\s+[\d+\-−]")
_DASHES = frozenset({"/", "-", "—", "–", "－", "／", "--", "——", "\\"})
_NONE_WORDS = frozenset({"无", "暂无", "未发生"})


@lru_cache(maxsize=8192)
def parse_value(text: str) -> ParsedValue | None:
    """Given a cell's text, return (kind, value), or None when it is not a value (i.e. label text)."""
    s = unicodedata.normalize("NFKC", text).strip()
    if _SPACED_DIGITS.search(s):
        return None  # "0 0 0": several values in one cell, never one number; the tokenizer splits them
    s = s.replace(" ", "")
    if not s:
        return CellKind.BLANK, None
    if s in _DASHES:
        return CellKind.DASH, None
    if s in _NONE_WORDS:
        return CellKind.TEXT, None
    m = _NUMBER.match(s)
    if m is None:
        return None
    sign, whole, frac, _unit = m.groups()
    digits = whole.replace(",", "")
    negative = sign in {"-", "−"}
    if frac is None:
        n = int(digits)
        return CellKind.NUMBER, -n if negative else n
    d = Decimal(f"{digits}.{frac}")
    return CellKind.NUMBER, -d if negative else d
