"""条例第三十一条: the date of receipt depends on how the application arrived."""

from __future__ import annotations

import datetime as dt

import pytest

from ogi.office.receipt import date_of_receipt

D = dt.date


def test_in_person_is_the_day_submitted() -> None:
    assert date_of_receipt("当面", submitted=D(2024, 3, 1), confirmed=D(2024, 3, 4)) == D(2024, 3, 1)


def test_post_is_the_day_signed_for_or_confirmed_for_an_ordinary_letter() -> None:
    assert date_of_receipt("邮寄", submitted=D(2024, 3, 1), signed_for=D(2024, 3, 5)) == D(2024, 3, 5)
    assert date_of_receipt("邮寄", confirmed=D(2024, 3, 6)) == D(2024, 3, 6)


@pytest.mark.parametrize("channel", ["网络", "传真", "电子邮件"])
def test_online_and_fax_are_the_day_both_sides_confirmed(channel: str) -> None:
    assert date_of_receipt(channel, submitted=D(2024, 3, 1), confirmed=D(2024, 3, 2)) == D(2024, 3, 2)


def test_missing_date_is_an_error_not_a_guess() -> None:
    with pytest.raises(ValueError, match="双方确认收到之日"):
        date_of_receipt("网络", submitted=D(2024, 3, 1))
