"""Metadata stated in the text: title, agency, report year, statistics period and date of issue."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from ogi.extract.normalize import squash_spaces
from ogi.extract.tokens import is_prose
from ogi.read.document import Line

__all__ = ["agency_kind", "find_date_of_issue", "find_period", "find_title", "parse_title", "portal_date"]

_TITLE_MAX = 60
_BREADCRUMB = re.compile(r"[>＞»›]")  # a portal's "首页 > 政务公开 > 年报" line is never part of the title
_YEAR = re.compile(r"(?:19|20)\d{2}")
_AGENCY_FIRST = re.compile(
    r"^(?P<agency>.+?)(?:关于)?(?P<year>(?:19|20)\d{2})年度?(?:政府信息公开|政务公开|信息公开)"
)
_YEAR_FIRST = re.compile(r"^(?P<year>(?:19|20)\d{2})年度?(?P<agency>.*?)(?:政府信息公开|政务公开|信息公开)")
_NOT_AN_AGENCY = {"政府", "政务", "本机关", "本单位"}
_DATE = re.compile(r"^(\d{4})\s*[年\-./]\s*(\d{1,2})\s*[月\-./]\s*(\d{1,2})\s*日?$")
_CN_DATE = re.compile(r"^([〇○零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日$")
_PUBLISHED = re.compile(r"(?:发布|成文|印发)(?:日期|时间)[:：]?\s*(\d{4})\s*[年\-./]\s*(\d{1,2})\s*[月\-./]\s*(\d{1,2})")
_PERIOD = re.compile(
    r"(?:统计|数据)[^。]{0,20}?(\d{4})年(\d{1,2})月(\d{1,2})日起?(?:至|到|—|-|~)"
    r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日"
)
_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"○": 0, "零": 0}


def find_title(lines: Sequence[Line], stop: int) -> str | None:
    """Given lines and the index of the first heading, return the title: the first run of up to three short
    lines before the parts that names a year and a report (titles wrap, or put the agency on a line of its own).
    """
    head = [squash_spaces(ln.text).replace(" ", "") for ln in lines[:stop]
            if not is_prose(ln) and len(ln.text) <= _TITLE_MAX and "：" not in ln.text
            and not _BREADCRUMB.search(ln.text)]
    for i in range(len(head)):
        for k in (1, 2, 3):
            text = "".join(head[i : i + k])
            if "报告" in text and _YEAR.search(text):
                if k == 1 and i > 0 and re.match(r"^(?:(?:19|20)\d{2}|关于)", text) and "报告" not in head[i - 1]:
                    text = head[i - 1] + text  # the agency on the line above
                return text
            if "报告" in text:
                break
    return None


def parse_title(title: str | None) -> tuple[str | None, int | None]:
    """Given a title, return (agency, report year) as the title states them."""
    if not title:
        return None, None
    for pattern in (_AGENCY_FIRST, _YEAR_FIRST):
        m = pattern.match(title)
        if m:
            agency = m.group("agency").strip("《（(").strip() or None
            if agency in _NOT_AN_AGENCY:  # "2023年政府信息公开工作年度报告": the year, then the report's own name
                agency = None
            return agency, int(m.group("year"))
    return None, None


def agency_kind(agency: str | None) -> str | None:
    """人民政府 publish by 3月31日, their departments by 1月31日 (条例第四十九条)."""
    if not agency:
        return None
    # a 人民政府办公室 publishing its own report is a department; the government's report names the 人民政府
    return "government" if agency.endswith("人民政府") else "department"


def _cn_number(text: str) -> int | None:
    """Given a Chinese numeral ("二〇二四", "十", "十二", "二十", "二十一"), return it; None when malformed ("十十")."""
    if len(text) > 1 and all(c in _CN_DIGITS for c in text):
        return int("".join(str(_CN_DIGITS[c]) for c in text))
    tens, ten, ones = text.partition("十")
    if not ten:
        return _CN_DIGITS.get(text) if len(text) == 1 else None
    if len(tens) > 1 or len(ones) > 1 or (tens and tens not in _CN_DIGITS) or (ones and ones not in _CN_DIGITS):
        return None
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)


def _date(y: int | None, m: int | None, d: int | None) -> dt.date | None:
    if y is None or m is None or d is None:
        return None  # a malformed numeral: not a date
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def find_date_of_issue(lines: Sequence[Line], tail_from: int) -> tuple[dt.date | None, str | None]:
    """Given lines and where the last section starts, return the date of issue the text states, if any.

    A signature date is a line holding only a date, after the last section; a "发布日期：" field may stand
    anywhere (web pages put it above the title).
    """
    for line in reversed(lines[tail_from:]):
        text = squash_spaces(line.text).replace(" ", "")
        m = _DATE.match(text)
        if m:
            return _date(int(m[1]), int(m[2]), int(m[3])), "落款"
        m = _CN_DATE.match(text)
        if m:
            return _date(_cn_number(m[1]), _cn_number(m[2]), _cn_number(m[3])), "落款"
    for line in lines:
        m = _PUBLISHED.search(line.text)
        if m:
            return _date(int(m[1]), int(m[2]), int(m[3])), "网页发布日期"
    return None, None


def portal_date(text: str | None) -> dt.date | None:
    """Given a portal field such as "2024-01-20" or "2024年01月20日 10:00", return the date."""
    if not text:
        return None
    m = re.match(r"\s*(\d{4})\s*[年\-./]\s*(\d{1,2})\s*[月\-./]\s*(\d{1,2})", text)
    return _date(int(m[1]), int(m[2]), int(m[3])) if m else None


def find_period(text: str) -> tuple[dt.date | None, dt.date | None]:
    """Given prose, return the statistics period it states ("统计数据从2023年1月1日至12月31日")."""
    m = _PERIOD.search(_without_spaces(text))
    if not m:
        return None, None
    y1, m1, d1, y2, m2, d2 = m.groups()
    return _date(int(y1), int(m1), int(d1)), _date(int(y2 or y1), int(m2), int(d2))


def _without_spaces(text: str) -> str:
    """squash_spaces(text).replace(" ", ""): the same, without the regex over the whole document when it has
    no ideographic or no-break spaces (squash_spaces only decides which of those go; " " all go anyway)."""
    if "\u3000" not in text and "\xa0" not in text:
        return text.replace(" ", "").strip()
    return squash_spaces(text).replace(" ", "")
