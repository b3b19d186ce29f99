"""A user's data scope: which units' reports and records they may see. Entries are GB/T 2260 division code
prefixes ("44" 广东省, "4403" 深圳市; "440300" is read as "4403") or unit names ("深圳市人民政府办公厅");
an empty scope sees everything."""

from __future__ import annotations

import re
from typing import Protocol

__all__ = ["parse_scope", "visible"]

_CODE_LENGTHS = {2, 4, 6, 9, 12}  # province, city, county; township and village of the 12-digit statistical codes
_SEPARATORS = re.compile(r"[\s,，、;；]+")


class _Scoped(Protocol):
    scope: list[str]


def _prefix(code: str) -> str:
    """A division code as the prefix it stands for: trailing pairs of zeros dropped (440300 → 4403, 440000 → 44)."""
    while len(code) > 2 and code.endswith("00"):
        code = code[:-2]
    return code


def parse_scope(text: str) -> list[str]:
    """Given a scope typed by an administrator (entries split by spaces, new lines, commas or 、), return its
    entries, codes as prefixes, duplicates dropped; ValueError in Chinese for a malformed code."""
    entries: list[str] = []
    for entry in _SEPARATORS.split(text.strip()):
        if not entry:
            continue
        if entry.isdigit():
            if len(entry) not in _CODE_LENGTHS:
                raise ValueError(f"行政区划代码“{entry}”有误：应为 2、4、6、9 或 12 位数字的前缀（GB/T 2260）")
            entry = _prefix(entry)
        if len(entry) > 100:
            raise ValueError(f"单位名称过长（{len(entry)} 个字符）：{entry[:20]}…")
        if entry not in entries:
            entries.append(entry)
    return entries


def visible(user: _Scoped, division_code: str | None, agency: str | None = None) -> bool:
    """Whether a user may see a record of this division (GB/T 2260 code) and publishing unit. An empty scope sees
    all; otherwise a code entry must be a prefix of the record's code, or a name entry equal its unit's name. A
    record with neither a code nor a unit is seen only by users without a scope."""
    if not user.scope:
        return True
    code = (division_code or "").strip()
    name = (agency or "").strip()
    for entry in user.scope:
        if entry.isdigit():
            if code and code.startswith(entry):
                return True
        elif name and name == entry:
            return True
    return False
