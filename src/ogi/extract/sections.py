"""Find the six top-level parts (一、总体情况 … 六、其他需要报告的事项) and the table regions inside them.

Headings are recognised by what they say, not only by their numeral: table 三's rows also start with
"一、", "二、", "四、", and real reports vary the wording ("五、存在主要问题及改进情况").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ogi.extract.normalize import norm
from ogi.extract.tokens import is_prose
from ogi.model.report import SectionKey
from ogi.read.document import Line

__all__ = ["Heading", "find_headings", "table_anchors"]

_NUMERAL = re.compile(r"^(?:([一二三四五六七])[、.．,，]|第([一二三四五六])部分[、:：]?)")

# (section, words of which one must appear in the heading body)
_SECTION_WORDS: tuple[tuple[SectionKey, tuple[str, ...]], ...] = (
    (SectionKey.GENERAL, ("总体情况", "基本情况", "概述")),
    (SectionKey.PROACTIVE, ("主动公开",)),
    (SectionKey.APPLICATIONS, ("收到和处理", "依申请公开情况", "申请情况")),
    (SectionKey.REVIEW_LITIGATION, ("行政复议", "行政诉讼")),
    (SectionKey.PROBLEMS, ("主要问题", "存在问题", "改进情况")),
    (SectionKey.OTHER, ("其他需要报告", "其他事项", "其他需报告")),
)
_MAX_HEADING = 40


@dataclass(frozen=True, slots=True)
class Heading:
    key: SectionKey
    index: int  # index into the document's lines
    text: str


def _heading_key(line: Line) -> SectionKey | None:
    filled = line.filled
    if not filled or len(filled) > 1 or is_prose(line):
        return None
    key = norm(filled[0])
    m = _NUMERAL.match(key)
    if m is None or len(key) > _MAX_HEADING:
        return None
    body = key[m.end() :]
    for section, words in _SECTION_WORDS:
        if any(w in body for w in words):
            return section
    return None


def find_headings(lines: Sequence[Line]) -> list[Heading]:
    """Given document lines, return the top-level headings found, in printed order, each at most once."""
    out: list[Heading] = []
    seen: set[SectionKey] = set()
    for i, line in enumerate(lines):
        key = _heading_key(line)
        if key is not None and key not in seen:
            seen.add(key)
            out.append(Heading(key, i, line.filled[0].strip()))
    return out


def _first(lines: Sequence[Line], start: int, words: tuple[str, ...]) -> int | None:
    for i in range(start, len(lines)):
        if is_prose(lines[i]):
            continue
        key = norm(lines[i].text)
        if any(w in key for w in words):
            return i
    return None


def table_anchors(lines: Sequence[Line], headings: Sequence[Heading]) -> dict[SectionKey, int]:
    """Given lines and headings, return where each table's region starts (heading, or the table's own header)."""
    at = {h.key: h.index for h in headings}
    t2 = at.get(SectionKey.PROACTIVE)
    if t2 is None:
        t2 = _first(lines, 0, ("第二十条",))
    t3 = at.get(SectionKey.APPLICATIONS)
    if t3 is None:
        t3 = _first(lines, t2 or 0, ("勾稽关系", "申请人情况", "本年新收"))
    t4 = at.get(SectionKey.REVIEW_LITIGATION)
    if t4 is None:
        t4 = _first(lines, t3 or t2 or 0, ("行政复议",))
    out = {SectionKey.PROACTIVE: t2, SectionKey.APPLICATIONS: t3, SectionKey.REVIEW_LITIGATION: t4}
    return {k: v for k, v in out.items() if v is not None}
