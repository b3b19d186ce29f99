"""Working days (工作日) as State organs keep them: weekdays, less the statutory holidays, plus 调休 make-up days.

The 条例 counts every time limit in 工作日 without defining the term. Here a working day is a day State organs
work under the 国务院办公厅's yearly 放假安排 notice: Monday–Friday that are not holidays, and the Saturdays or
Sundays the notice makes working days (调休). The data comes from chinesecalendar, which covers a year only once
the notice is out (about each November). An office can enter a year itself, or correct single days, with overrides.

Counting convention: a period never counts the day it starts from. ``add_workdays(d, n)`` is the n-th working
day *after* d, and ``count_workdays(a, b)`` counts the working days in (a, b]. This is the 次日起算 rule of
《民法典》第二百零一条第一款 (“开始的当日不计入，自下一日开始计算”), which practice applies to the 条例's limits.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from functools import lru_cache

import chinese_calendar

from ogi.errors import OgiError

__all__ = ["CalendarNotCoveredError", "WorkdayCalendar"]

ONE_DAY = timedelta(days=1)


class CalendarNotCoveredError(OgiError):
    """The working-day calendar has no holiday data for a year."""

    code = "office.calendar_not_covered"

    def __init__(self, year: int) -> None:
        self.year = year
        self.message_zh = (
            f"工作日历尚无{year}年的节假日数据（chinesecalendar 只收录国务院办公厅已公布放假安排的年份），无法计算工作日。"
            f"请按国务院办公厅关于{year}年部分节假日安排的通知，用 ogi office holiday 逐日录入该年的放假日期"
            f"（如 ogi office holiday {year}-01-01 --holiday）和调休上班日期（--workday），"
            f"录完后用 ogi office holiday --complete {year} 确认该年已录入完整；或升级 chinesecalendar 到已收录{year}年的版本"
        )
        super().__init__(None, "")

    def __str__(self) -> str:
        return f"{self.code}: no holiday data for year {self.year}; enter overrides for it or upgrade chinesecalendar"


def _day(d: date) -> date:
    """Return d as a plain date, because a datetime key would never match a date key."""
    return d.date() if isinstance(d, datetime) else d


@lru_cache(maxsize=8192)
def _packaged_is_workday(d: date) -> bool | None:
    """chinesecalendar's answer for d, cached: it validates each date against all its data (slow); None when
    it has no data for d's year."""
    try:
        return chinese_calendar.is_workday(d)
    except NotImplementedError:
        return None


class WorkdayCalendar:
    """chinesecalendar behind the office's own overrides, so a missing year fails loudly instead of guessing."""

    def __init__(self, overrides: Mapping[date, bool] | None = None, covered_years: Iterable[int] = ()) -> None:
        self.overrides = {_day(d): bool(v) for d, v in (overrides or {}).items()}
        self.covered_years = frozenset(covered_years)

    def is_workday(self, d: date) -> bool:
        """Say whether State organs work on d, so that every limit is counted in the same days."""
        d = _day(d)
        if d in self.overrides:
            return self.overrides[d]
        if d.year in self.covered_years:
            return d.weekday() < 5
        packaged = _packaged_is_workday(d)
        if packaged is None:
            raise CalendarNotCoveredError(d.year)
        return packaged

    def add_workdays(self, start: date, n: int) -> date:
        """Return the n-th working day after start, because the start day itself is never counted."""
        if n < 0:
            raise ValueError(f"n must be >= 0, got {n}")
        d = _day(start)
        while n:
            d += ONE_DAY
            n -= self.is_workday(d)
        return d

    def count_workdays(self, after: date, until: date) -> int:
        """Count the working days in (after, until], so that add_workdays(a, count_workdays(a, b)) <= b."""
        return sum(1 for d in days_between(after, until) if self.is_workday(d))


def days_between(after: date, until: date) -> Iterable[date]:
    """Yield every day in (after, until], the span that a period starting on `after` covers."""
    d, end = _day(after) + ONE_DAY, _day(until)
    while d <= end:
        yield d
        d += ONE_DAY
