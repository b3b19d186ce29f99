"""The intake of one application: 条例第二十九条's content checked field by field, the date of receipt by
第三十一条 for each channel, and the register's numbers (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from ogi.office.intake import IntakeRefused, check_intake, next_ref, register_intake
from ogi.office.lifecycle import add_application
from ogi.storage.db import session

TODAY = dt.date(2025, 3, 10)
FILLED = {"applicant_category": "natural_person", "applicant_name": "张三", "id_document": "110101199001011234",
          "contact": "13812340000", "request": "某文件", "format": "纸质文本", "route": "邮寄"}


@pytest.mark.parametrize(("channel", "dates", "received"), [
    ("当面", {"submitted_on": "2025-03-03"}, dt.date(2025, 3, 3)),  # （一）the day submitted
    ("邮寄", {"signed_for_on": "2025-03-04", "confirmed_on": "2025-03-06"}, dt.date(2025, 3, 4)),  # （二）signed for
    ("邮寄", {"confirmed_on": "2025-03-06"}, dt.date(2025, 3, 6)),  # （二）an ordinary letter: confirmed
    ("网络", {"submitted_on": "2025-03-01", "confirmed_on": "2025-03-03"}, dt.date(2025, 3, 3)),  # （三）confirmed
    ("传真", {"confirmed_on": "2025-03-05"}, dt.date(2025, 3, 5)),
])
def test_the_date_of_receipt_follows_article_31(channel: str, dates: dict, received: dt.date) -> None:
    checked = check_intake({**FILLED, "channel": channel, **dates}, TODAY)
    assert checked.errors == {} and checked.received_on == received
    assert checked.receipt_text.startswith(f"收到申请之日：{received.year}年{received.month}月{received.day}日")


def test_a_channel_without_its_date_is_refused_at_that_date() -> None:
    online = check_intake({**FILLED, "channel": "网络", "submitted_on": "2025-03-03"}, TODAY)
    assert online.received_on is None and "双方确认收到之日" in online.errors["confirmed_on"]
    in_person = check_intake({**FILLED, "channel": "当面"}, TODAY)
    assert "当面提交日期" in in_person.errors["submitted_on"]


def test_each_missing_item_of_article_29_is_named() -> None:
    checked = check_intake({"channel": "当面", "submitted_on": "2025-03-03"}, TODAY)
    assert set(checked.errors) == {"applicant_category", "applicant_name", "id_document", "contact", "request",
                                   "format", "route"}
    assert "第二十九条第二款第（二）项" in checked.errors["request"]
    assert "第二十九条第二款第（三）项" in checked.errors["format"]


def test_numbers_follow_the_year_of_receipt_and_follow_the_highest(engine) -> None:  # noqa: ANN001
    with session(engine, actor="test") as sess:
        add_application(sess, ref="2025-0002", applicant_category="自然人", applicant_name="甲", channel="当面",
                        received_on=dt.date(2025, 1, 2), today=TODAY)
        first = register_intake(sess, {**FILLED, "channel": "当面", "submitted_on": "2025-03-03"}, TODAY)
        second = register_intake(sess, {**FILLED, "channel": "当面", "submitted_on": "2025-03-03"}, TODAY)
        old = register_intake(sess, {**FILLED, "channel": "当面", "submitted_on": "2024-12-31"}, TODAY)
        assert (first.ref, second.ref, old.ref) == ("2025-0003", "2025-0004", "2024-0001")
        add_application(sess, ref="2025-手工", applicant_category="自然人", applicant_name="乙", channel="当面",
                        received_on=dt.date(2025, 1, 2), today=TODAY)  # not a number: not counted
        assert first.form == "纸质文本，邮寄" and first.received_on == dt.date(2025, 3, 3)
        with pytest.raises(IntakeRefused) as refused:
            register_intake(sess, {**FILLED, "ref": "2025-0003", "channel": "当面", "submitted_on": "2025-03-03"},
                            TODAY)
        assert refused.value.errors == {"ref": "台账中已有此编号"}
    with Session(engine) as sess:
        assert next_ref(sess, 2025) == "2025-0005"
