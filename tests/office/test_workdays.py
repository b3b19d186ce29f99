"""WorkdayCalendar against the official 放假安排 notices, worked out by hand.

Holidays used below, from the 国务院办公厅 notices (and checked against chinesecalendar in
test_official_schedule):
- 2024 春节: off 2月10日(六)–2月17日(六); make-up working days 2月4日(日) and 2月18日(日). 除夕 2月9日(五) is a
  working day (the notice only *encourages* leave that day).
- 2024 清明: off 4月4日(四)–4月6日(六); make-up working day 4月7日(日).
- 2024 中秋: off 9月15日(日)–9月17日(二); make-up working day 9月14日(六).
- 2024 国庆: off 10月1日(二)–10月7日(一); make-up working days 9月29日(日) and 10月12日(六).
- 2025 春节: off 1月28日(二, 除夕)–2月4日(二); make-up working days 1月26日(日) and 2月8日(六).
"""

from __future__ import annotations

from datetime import date, datetime

import chinese_calendar
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ogi.errors import OgiError
from ogi.office.workdays import CalendarNotCoveredError, WorkdayCalendar

CAL = WorkdayCalendar()

# (day, is it a working day) straight from the notices above.
OFFICIAL = [
    (date(2024, 2, 4), True),  # Sunday, 春节 make-up
    (date(2024, 2, 9), True),  # Friday, 除夕, not a holiday in 2024
    (date(2024, 2, 10), False),
    (date(2024, 2, 17), False),
    (date(2024, 2, 18), True),  # Sunday, 春节 make-up
    (date(2024, 4, 7), True),  # Sunday, 清明 make-up
    (date(2024, 9, 14), True),  # Saturday, 中秋 make-up
    (date(2024, 9, 29), True),  # Sunday, 国庆 make-up
    (date(2024, 9, 30), True),
    (date(2024, 10, 1), False),
    (date(2024, 10, 7), False),  # Monday, last day off
    (date(2024, 10, 8), True),
    (date(2024, 10, 12), True),  # Saturday, 国庆 make-up
    (date(2025, 1, 26), True),  # Sunday, 春节 make-up
    (date(2025, 1, 27), True),
    (date(2025, 1, 28), False),  # 除夕, a statutory holiday from 2025
    (date(2025, 2, 4), False),
    (date(2025, 2, 5), True),
    (date(2025, 2, 8), True),  # Saturday, 春节 make-up
]


@pytest.mark.parametrize(("day", "workday"), OFFICIAL, ids=[d.isoformat() for d, _ in OFFICIAL])
def test_official_schedule(day: date, workday: bool) -> None:
    assert chinese_calendar.is_workday(day) is workday
    assert CAL.is_workday(day) is workday


def test_spring_festival_2024() -> None:
    # After Mon 2月5日: 6,7,8,9 (1–4), 10–17 off, Sun 18 make-up (5), 19 (6), 20 (7).
    assert CAL.add_workdays(date(2024, 2, 5), 7) == date(2024, 2, 20)
    # From Fri 2月9日 the next working day is Sun 18日, not Mon 19日.
    assert CAL.add_workdays(date(2024, 2, 9), 1) == date(2024, 2, 18)


def test_national_day_2024() -> None:
    # After Fri 9月27日: Sun 29 (1), Mon 30 (2), 10月1–7 off, 8 (3), 9 (4), 10 (5), 11 (6), Sat 12 (7).
    assert CAL.add_workdays(date(2024, 9, 27), 7) == date(2024, 10, 12)


def test_spring_festival_2025() -> None:
    # After Fri 1月24日: Sun 26 (1), Mon 27 (2), 28–2月4 off, 5 (3), 6 (4), 7 (5), Sat 8 (6), Mon 10 (7).
    assert CAL.add_workdays(date(2025, 1, 24), 7) == date(2025, 2, 10)


def test_count_excludes_start_includes_end() -> None:
    # (2024-02-05, 2024-02-20]: 6,7,8,9,18,19,20 = 7; the start day 5日 is not counted.
    assert CAL.count_workdays(date(2024, 2, 5), date(2024, 2, 20)) == 7
    # (2024-02-09, 2024-02-17]: all eight days are holidays.
    assert CAL.count_workdays(date(2024, 2, 9), date(2024, 2, 17)) == 0
    assert CAL.count_workdays(date(2024, 2, 20), date(2024, 2, 5)) == 0


def test_zero_and_negative() -> None:
    assert CAL.add_workdays(date(2024, 2, 10), 0) == date(2024, 2, 10)
    with pytest.raises(ValueError):
        CAL.add_workdays(date(2024, 2, 5), -1)


def test_datetime_is_taken_as_its_date() -> None:
    assert CAL.add_workdays(datetime(2024, 2, 5, 16, 30), 7) == date(2024, 2, 20)
    cal = WorkdayCalendar({datetime(2024, 2, 9, 0, 0): False})
    assert not cal.is_workday(date(2024, 2, 9))


def test_override_corrects_a_covered_year() -> None:
    # An office that gives 除夕 2024-02-09 off: after 2月5日 the 7th working day moves from 20日 to 21日.
    cal = WorkdayCalendar({date(2024, 2, 9): False})
    assert cal.add_workdays(date(2024, 2, 5), 7) == date(2024, 2, 21)


def test_uncovered_year_fails_loudly() -> None:
    # chinesecalendar 1.11.0 covers 2004–2026.
    with pytest.raises(CalendarNotCoveredError) as info:
        CAL.is_workday(date(2027, 1, 4))
    err = info.value
    assert isinstance(err, OgiError)
    assert err.code == "office.calendar_not_covered"
    assert err.year == 2027
    assert "2027年" in err.message() and "调休上班" in err.message() and "ogi office holiday --complete 2027" in err.message()
    assert "2027" in str(err)
    with pytest.raises(CalendarNotCoveredError):
        CAL.add_workdays(date(2026, 12, 31), 1)  # the 1st working day after 12月31日 is in 2027
    with pytest.raises(CalendarNotCoveredError):
        CAL.is_workday(date(2003, 6, 2))


def test_uncovered_year_entered_by_the_office() -> None:
    # A made-up 2027 entry (not the official schedule, which is not out): 1月1日(五) off, nothing else.
    # After Thu 2026-12-31: Fri 1日 off, Mon 4日 (1), 5 (2), 6 (3).
    cal = WorkdayCalendar({date(2027, 1, 1): False}, covered_years=[2027])
    assert cal.add_workdays(date(2026, 12, 31), 3) == date(2027, 1, 6)
    assert cal.is_workday(date(2027, 1, 2)) is False  # a plain Saturday
    # An override alone does not cover its year: other days of 2027 still fail.
    partial = WorkdayCalendar({date(2027, 1, 1): False})
    assert partial.is_workday(date(2027, 1, 1)) is False
    with pytest.raises(CalendarNotCoveredError):
        partial.is_workday(date(2027, 1, 4))


@given(st.dates(min_value=date(2004, 1, 1), max_value=date(2026, 9, 30)), st.integers(0, 60))
def test_add_and_count_agree(start: date, n: int) -> None:
    end = CAL.add_workdays(start, n)
    assert CAL.count_workdays(start, end) == n
    assert n == 0 or CAL.is_workday(end)
