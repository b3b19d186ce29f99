"""Read one printed cell: "0", "11.55", "1,234", "０", "0元", "-3", "/", "—", "无"."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from functools import lru_cache

from ogi.model.report import CellKind

__all__ = ["MAX_DIGITS", "ParsedValue", "parse_value", "value_problem"]

ParsedValue = tuple[CellKind, int | Decimal | None]

_NUMBER = re.compile(r"^([+\-−]?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(万元|元|件|个|条|项|次)?$")
_SPACED_DIGITS = re.compile(r"\d\s+[\d+\-−]")
_DASHES = frozenset({"/", "-", "—", "–", "－", "／", "--", "——", "\\"})
_NONE_WORDS = frozenset({"无", "暂无", "未发生"})
_PLAIN_DIGITS = frozenset("0123456789０１２３４５６７８９")
MAX_DIGITS = 15  # no count or amount of a report has more; Python refuses int() beyond 4,300 digits


@lru_cache(maxsize=8192)
def value_problem(text: str) -> str | None:
    """Given a cell's text, return why it cannot be read as the number it looks like (in Chinese), or None.

    Digits other than 0–9 and ０–９ (superscript ¹²³, Arabic-Indic ٣, circled ①) are never read as values:
    NFKC and int() would accept many of them silently. A cell with damaged bytes (U+FFFD) is not guessed.
    Cached: the checker asks it again of every cell the extractor read.
    """
    if "\ufffd" in text:
        rest = text.replace("\ufffd", "")
        if not rest.strip() or _looks_numeric(rest):
            return "含有损坏的字节（�），无法确定数值"
        return None
    if not _looks_numeric(text):
        return None
    odd = "".join(dict.fromkeys(c for c in text if c.isdigit() and c not in _PLAIN_DIGITS))
    if odd:
        return f"含有非常规数字字符“{odd}”（上标、其他文字的数字等），不作为数值读取"
    digits = sum(c.isdigit() for c in text)
    if digits > MAX_DIGITS:
        return f"数字有{digits}位，超过{MAX_DIGITS}位，不是可信的统计数"
    return None


def _looks_numeric(text: str) -> bool:
    s = unicodedata.normalize("NFKC", text).strip()
    if _SPACED_DIGITS.search(s):
        return False  # several values in one cell ("0 0 0"): the tokenizer splits them
    s = s.replace(" ", "")
    return bool(s) and (s in _DASHES or _NUMBER.match(s) is not None)


@lru_cache(maxsize=8192)
def parse_value(text: str) -> ParsedValue | None:
    """Given a cell's text, return (kind, value), or None when it is not a value (i.e. label text).

    A cell that looks like a number but cannot be trusted as one (value_problem) is words where a number
    belongs: TEXT with no value, in its column, and flagged by the checker (read.cell_damaged)."""
    if value_problem(text):
        return CellKind.TEXT, None
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
