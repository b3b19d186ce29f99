"""Reply deadlines of hand-made applications, each due date worked out by hand in the comments.

Conventions (see ogi.office.deadlines): every period starts the day after its event (次日起算); the reply period
is 20 working days (+ an extension ≤ 20); a 补正 restarts it from receipt of the corrected application; a
consultation pauses the working days in (sent, answered], for at most the party's 15 working days.

Holidays and make-up working days, from the official notices (checked against chinesecalendar in
test_workdays.test_official_schedule):
- 2024 春节: off 2月10日(六)–17日(六); working Sun 2月4日 and Sun 2月18日; 除夕 2月9日(五) is a working day.
- 2024 清明: off 4月4日(四)–6日(六); working Sun 4月7日.  (2024 劳动节 starts 5月1日, after every date below.)
- 2024 中秋: off 9月15日–17日; working Sat 9月14日.
- 2024 国庆: off 10月1日(二)–7日(一); working Sun 9月29日 and Sat 10月12日.
- 2025 春节: off 1月28日(二)–2月4日(二); working Sun 1月26日 and Sat 2月8日.
- March 2024 and November 2024 have no holidays.
"""

from __future__ import annotations

from datetime import date

import pytest

from ogi.errors import OgiError
from ogi.office.deadlines import (
    Consultation,
    Correction,
    Extension,
    ExtensionTooLongError,
    InvalidFactsError,
    fee_payment_due,
    reply_deadline,
    third_party_answer_due,
)
from ogi.office.workdays import CalendarNotCoveredError, WorkdayCalendar


def test_across_spring_festival_2024() -> None:
    # Received Mon 2月5日. Working days after it: 6,7,8,9 (1–4), 10–17 off, Sun 18 (5), 19 (6), 20 (7), 21 (8),
    # 22 (9), 23 (10), 26–29 (11–14), 3月1 (15), 4–8 (16–20) → 3月8日. 补正 request due: the 7th, 2月20日.
    d = reply_deadline(date(2024, 2, 5))
    assert d.due == date(2024, 3, 8)
    assert d.correction_request_due == date(2024, 2, 20)
    assert d.correction_request_late is False
    assert d.clock_start == date(2024, 2, 5)
    assert (d.paused_workdays, d.extension_workdays) == (0, 0)
    assert d.steps == (
        "2024年2月5日收到申请，次日起算（条例第三十三条第二款：20个工作日）",
        "答复期限：2024年3月8日",
    )


def test_across_national_day_2024() -> None:
    # Received Mon 9月23日: 24,25,26,27 (1–4), Sat 28 no, Sun 29 (5), 30 (6), 10月1–7 off, 8 (7), 9 (8), 10 (9),
    # 11 (10), Sat 12 (11), 14–18 (12–16), 21–24 (17–20) → 10月24日. 补正 request due: the 7th, 10月8日.
    d = reply_deadline(date(2024, 9, 23))
    assert d.due == date(2024, 10, 24)
    assert d.correction_request_due == date(2024, 10, 8)


def test_across_spring_festival_2025() -> None:
    # Received Mon 1月20日: 21,22,23,24 (1–4), Sat 25 no, Sun 26 (5), 27 (6), 1月28–2月4 off, 5 (7), 6 (8), 7 (9),
    # Sat 8 (10), 10–14 (11–15), 17–21 (16–20) → 2月21日. 补正 request due: the 7th, 2月5日.
    d = reply_deadline(date(2025, 1, 20))
    assert d.due == date(2025, 2, 21)
    assert d.correction_request_due == date(2025, 2, 5)


def test_correction_restarts_the_clock() -> None:
    # Received 2月5日, 补正 asked 2月7日 (2nd working day, on time), corrected application back Tue 2月20日.
    # Count again from 2月20日: 21,22,23 (1–3), 26–29 (4–7), 3月1 (8), 4–8 (9–13), 11–15 (14–18), 18 (19), 19 (20)
    # → 3月19日 (not 3月8日, the date without 补正).
    d = reply_deadline(date(2024, 2, 5), correction=Correction(date(2024, 2, 7), date(2024, 2, 20)))
    assert d.due == date(2024, 3, 19)
    assert d.clock_start == date(2024, 2, 20)
    assert d.correction_request_late is False
    assert d.steps[1] == (
        "补正：2024年2月7日发出补正告知，2024年2月20日收到补正后的申请，答复期限自该日重新计算（条例第三十条）"
    )


def test_correction_request_on_day_8_is_late() -> None:
    # Received 2月5日; the 7th working day is 2月20日, so 2月21日 is day 8: late. Corrected application back Mon
    # 2月26日; count from it: 27,28,29 (1–3), 3月1 (4), 4–8 (5–9), 11–15 (10–14), 18–22 (15–19), 25 (20) → 3月25日.
    # The clock still restarts: 第三十条 states no exception for a late request.
    d = reply_deadline(date(2024, 2, 5), correction=Correction(date(2024, 2, 21), date(2024, 2, 26)))
    assert d.correction_request_late is True
    assert d.due == date(2024, 3, 25)
    assert "晚于法定期限（最迟应于2024年2月20日发出，条例第三十条）" in d.steps[1]


def test_correction_on_day_7_is_on_time() -> None:
    d = reply_deadline(date(2024, 2, 5), correction=Correction(date(2024, 2, 20), date(2024, 2, 26)))
    assert d.correction_request_late is False


def test_awaiting_correction_has_no_due_date() -> None:
    d = reply_deadline(date(2024, 2, 5), correction=Correction(date(2024, 2, 7)))
    assert d.due is None and d.clock_start is None
    assert d.correction_request_due == date(2024, 2, 20)
    assert d.steps[-1].endswith("尚未收到补正后的申请；答复期限自收到补正后的申请之日起计算")
    status = d.status_on(date(2024, 3, 1))
    assert (status.remaining_workdays, status.overdue_workdays, status.overdue) == (None, None, False)
    assert status.text_zh == "等待申请人补正，答复期限尚未起算"


def test_consultation_pause() -> None:
    # As test_correction_restarts_the_clock (clock from 2月20日, due 3月19日), plus a third party consulted
    # 2月21日, answered 3月1日. Paused: (2月21日, 3月1日] = 22, 23, 26, 27, 28, 29, 3月1 = 7 working days.
    # Walk: 21 (1, the sending day counts), 22–3月1 paused, 4–8 (2–6), 11–15 (7–11), 18–22 (12–16), 25–28 (17–20)
    # → 3月28日 = 3月19日 + 7 working days (20, 21, 22, 25, 26, 27, 28).
    d = reply_deadline(
        date(2024, 2, 5),
        correction=Correction(date(2024, 2, 7), date(2024, 2, 20)),
        consultations=[Consultation(date(2024, 2, 21), date(2024, 3, 1))],
    )
    assert d.due == date(2024, 3, 28)
    assert d.paused_workdays == 7
    assert d.steps[2] == "征求第三方意见2024年2月21日至3月1日，期间不计入（发出次日起7个工作日，条例第三十三条第三款）"


def test_extension() -> None:
    # Received 2月5日 → 3月8日 (test_across_spring_festival_2024), + 20: 11–15 (1–5), 18–22 (6–10), 25–29 (11–15),
    # 4月1, 2, 3 (16–18), 4–6 清明 off, Sun 7 (19), Mon 8 (20) → 4月8日.
    d = reply_deadline(date(2024, 2, 5), extension=Extension(20, "政府信息公开工作机构负责人张某"))
    assert d.due == date(2024, 4, 8)
    assert d.extension_workdays == 20
    assert d.steps[-2:] == (
        "延长20个工作日（经政府信息公开工作机构负责人张某批准，条例第三十三条第二款）",
        "答复期限：2024年4月8日",
    )


def test_correction_consultation_and_extension() -> None:
    # test_consultation_pause (3月28日) + 20: 29 (1), 4月1, 2, 3 (2–4), 4–6 off, Sun 7 (5), 8–12 (6–10),
    # 15–19 (11–15), 22–26 (16–20) → 4月26日.
    d = reply_deadline(
        date(2024, 2, 5),
        correction=Correction(date(2024, 2, 7), date(2024, 2, 20)),
        consultations=[Consultation(date(2024, 2, 21), date(2024, 3, 1))],
        extension=Extension(20, "张主任"),
    )
    assert d.due == date(2024, 4, 26)
    assert d.steps == (
        "2024年2月5日收到申请，次日起算（条例第三十三条第二款：20个工作日）",
        "补正：2024年2月7日发出补正告知，2024年2月20日收到补正后的申请，答复期限自该日重新计算（条例第三十条）",
        "征求第三方意见2024年2月21日至3月1日，期间不计入（发出次日起7个工作日，条例第三十三条第三款）",
        "延长20个工作日（经张主任批准，条例第三十三条第二款）",
        "答复期限：2024年4月26日",
    )


def test_unanswered_consultation_pauses_at_most_15_days() -> None:
    # Received 9月23日 → 10月24日 without pause (test_across_national_day_2024). Third party consulted Wed 9月25日,
    # no answer. Its 15 working days: 26, 27 (1–2), Sun 29 (3), 30 (4), 10月8–11 (5–8), Sat 12 (9), 14–18 (10–14),
    # 21 (15) → 10月21日; all 15 lie inside the period. Due: 10月24日 + 15: 25 (1), 28–31 (2–5), 11月1 (6),
    # 4–8 (7–11), 11–14 (12–15) → 11月14日.
    d = reply_deadline(date(2024, 9, 23), consultations=[Consultation(date(2024, 9, 25))])
    assert d.due == date(2024, 11, 14)
    assert d.paused_workdays == 15
    assert "尚未收到答复；按第三方15个工作日答复期限（至2024年10月21日，条例第三十二条）计" in d.steps[1]
    # An answer after 10月21日 pauses no more than silence did.
    late = reply_deadline(date(2024, 9, 23), consultations=[Consultation(date(2024, 9, 25), date(2024, 11, 1))])
    assert late.due == date(2024, 11, 14)
    assert "2024年11月1日收到答复，已超过答复期限" in late.steps[1]


def test_overlapping_consultations_count_once() -> None:
    # Received 9月23日. Third party (9月25日, 10月9日]: 26, 27, 29, 30, 10月8, 9 = 6. Other agency
    # (9月27日, 10月11日]: 29, 30, 10月8, 9, 10, 11 = 6. Union: 26, 27, 29, 30, 8, 9, 10, 11 = 8.
    # Walk: 24 (1), 25 (2), 26–10月11 paused, Sat 12 (3), 14–18 (4–8), 21–25 (9–13), 28–31 (14–17), 11月1 (18),
    # 4 (19), 5 (20) → 11月5日 = 10月24日 + 8.
    d = reply_deadline(
        date(2024, 9, 23),
        consultations=[
            Consultation(date(2024, 9, 25), date(2024, 10, 9)),
            Consultation(date(2024, 9, 27), date(2024, 10, 11), party="agency"),
        ],
    )
    assert d.due == date(2024, 11, 5)
    assert d.paused_workdays == 8
    assert d.steps[2].startswith("征求其他机关意见2024年9月27日至10月11日")
    assert d.steps[3] == "征求意见期间合计不计入8个工作日（重叠的日期只计一次）"


def test_consultation_after_the_due_date_changes_nothing() -> None:
    # Due 3月8日 (test_across_spring_festival_2024); a consultation sent 3月11日 lies after it.
    d = reply_deadline(date(2024, 2, 5), consultations=[Consultation(date(2024, 3, 11), date(2024, 3, 15))])
    assert d.due == date(2024, 3, 8)
    assert d.paused_workdays == 0
    assert d.steps[1].endswith("该期间不在答复期限内，不影响答复期限")


def test_consultation_answered_the_day_it_was_sent_pauses_nothing() -> None:
    d = reply_deadline(date(2024, 2, 5), consultations=[Consultation(date(2024, 2, 6), date(2024, 2, 6))])
    assert d.due == date(2024, 3, 8)


def test_status_on() -> None:
    d = reply_deadline(date(2024, 2, 5))  # due Fri 3月8日
    # On Mon 3月4日: working days after it up to 3月8日 are 5, 6, 7, 8 = 4.
    assert d.status_on(date(2024, 3, 4)).remaining_workdays == 4
    on_due = d.status_on(date(2024, 3, 8))
    assert (on_due.remaining_workdays, on_due.overdue_workdays, on_due.overdue) == (0, 0, False)
    assert on_due.text_zh == "今日（2024年3月8日）为答复期限最后一日"
    # Sat 3月9日: past the due date, but no working day overdue yet.
    sat = d.status_on(date(2024, 3, 9))
    assert sat.overdue and sat.overdue_workdays == 0
    # Wed 3月13日: 11, 12, 13 = 3 working days overdue.
    wed = d.status_on(date(2024, 3, 13))
    assert (wed.remaining_workdays, wed.overdue_workdays) == (0, 3)
    assert wed.text_zh == "已超过答复期限（2024年3月8日）3个工作日"
    # Across 春节: on Fri 2月9日 the days left are 18, 19, 20, …: 20 − 4 (6, 7, 8, 9 gone) = 16.
    assert d.status_on(date(2024, 2, 9)).text_zh == "距答复期限（2024年3月8日）还有16个工作日（不含当日）"


def test_third_party_answer_due() -> None:
    # Sent Fri 2025-01-24: Sun 26 (1), 27 (2), 1月28–2月4 off, 5, 6, 7 (3–5), Sat 8 (6), 10–14 (7–11),
    # 17–20 (12–15) → 2月20日.
    assert third_party_answer_due(date(2025, 1, 24)) == date(2025, 2, 20)


def test_fee_payment_due() -> None:
    # Notice received Mon 2024-09-23; from the next day, 20 working days as in test_across_national_day_2024
    # → 10月24日.
    assert fee_payment_due(date(2024, 9, 23)) == date(2024, 10, 24)


def test_extension_over_20_days_is_refused() -> None:
    with pytest.raises(ExtensionTooLongError) as info:
        reply_deadline(date(2024, 2, 5), extension=Extension(21, "张主任"))
    err = info.value
    assert isinstance(err, OgiError) and isinstance(err, ValueError)
    assert err.code == "office.extension_too_long"
    assert err.message() == "延长答复期限最长不得超过20个工作日（条例第三十三条第二款）（拟延长21个工作日）"


@pytest.mark.parametrize(
    "kwargs",
    [
        {"extension": Extension(-1, "张主任")},
        {"extension": Extension(5, " ")},
        {"correction": Correction(date(2024, 2, 4))},
        {"correction": Correction(date(2024, 2, 7), date(2024, 2, 6))},
        {"consultations": [Consultation(date(2024, 2, 21), date(2024, 2, 20))]},
    ],
    ids=["negative-extension", "no-approver", "correction-before-receipt", "corrected-before-asked", "answer-first"],
)
def test_contradictory_facts_are_refused(kwargs: dict) -> None:
    with pytest.raises(InvalidFactsError) as info:
        reply_deadline(date(2024, 2, 5), **kwargs)
    assert info.value.code == "office.invalid_facts"


def test_deadline_in_an_uncovered_year() -> None:
    # Received Mon 2026-12-28: 29, 30, 31 (1–3) are in 2026, the 4th working day is in 2027, which
    # chinesecalendar 1.11.0 does not cover: an error, not a guess.
    with pytest.raises(CalendarNotCoveredError):
        reply_deadline(date(2026, 12, 28))
    # The office enters 2027 (made-up for the test: only 1月1日(五) off). 29, 30, 31 (1–3), 1月1 off,
    # 4–8 (4–8), 11–15 (9–13), 18–22 (14–18), 25 (19), 26 (20) → 2027-01-26.
    cal = WorkdayCalendar({date(2027, 1, 1): False}, covered_years={2027})
    assert reply_deadline(date(2026, 12, 28), calendar=cal).due == date(2027, 1, 26)


def test_fee_time_counts_unless_the_office_setting_pauses_it() -> None:
    from ogi.office.deadlines import FeePeriod

    fees = [FeePeriod(date(2024, 4, 8), date(2024, 4, 12))]
    # off (the default): received Mon 4-1, due 4-29 as without a fee (worked in test_due.py), and said so
    off = reply_deadline(date(2024, 4, 1), fees=fees)
    assert off.due == date(2024, 4, 29)
    assert any("收费期间计入答复期限" in s and "fee_pause" in s for s in off.steps)
    # on: (4-8, 4-12] pauses Apr 9, 10, 11, 12 (4 working days); 4-29 + 4: 4-30 (1); 5-1..5-5 劳动节; 5-6, 7, 8 (4)
    on = reply_deadline(date(2024, 4, 1), fees=fees, pause_fees=True)
    assert on.due == date(2024, 5, 8)
    assert any("收费期间不计入答复期限（4个工作日" in s for s in on.steps)
    # unpaid: paused at most to the last day to pay, 20 working days after 4-8 (4-9..12, 15-19, 22-26, Sun 4-28,
    # 29, 30, 5-6, 7, 8 → 5-8)
    unpaid = reply_deadline(date(2024, 4, 1), fees=[FeePeriod(date(2024, 4, 8))], pause_fees=True)
    assert unpaid.paused_workdays == 20
