"""信息处理费 (国办函〔2020〕109号) worked out by hand.

按件 (第四条), the n-th application of one applicant in one natural month: 1–10 free, 11–30 100元,
31–40 200元, 41–50 300元, 51–60 400元, …
按量 (第五条), progressive by page: 1–30 free, 31–100 10元/页, 101–200 20元/页, 201+ 40元/页.
"""

from __future__ import annotations

import pytest

from ogi.office.fees import per_piece_fee_for, per_piece_fees, per_volume_fee


def test_domain_example_250_pages() -> None:
    # 30×0 + 70×10 + 100×20 + 50×40 = 0 + 700 + 2000 + 2000 = 4700
    assert per_volume_fee(250) == 4700


@pytest.mark.parametrize(
    ("pages", "fee"),
    [
        (0, 0),
        (30, 0),  # all in the free band
        (31, 10),  # 1×10
        (100, 700),  # 70×10
        (101, 720),  # 70×10 + 1×20
        (200, 2700),  # 70×10 + 100×20
        (201, 2740),  # 70×10 + 100×20 + 1×40
    ],
)
def test_per_volume_boundaries(pages: int, fee: int) -> None:
    assert per_volume_fee(pages) == fee


@pytest.mark.parametrize(
    ("nth", "fee"),
    [(1, 0), (10, 0), (11, 100), (30, 100), (31, 200), (40, 200), (41, 300), (50, 300), (51, 400), (61, 500)],
)
def test_per_piece_rate_of_the_nth(nth: int, fee: int) -> None:
    assert per_piece_fee_for(nth) == fee


@pytest.mark.parametrize(
    ("count", "total"),
    [
        (0, 0),
        (10, 0),  # 10×0
        (11, 100),  # 10×0 + 1×100
        (30, 2000),  # 10×0 + 20×100
        (31, 2200),  # 2000 + 1×200
        (40, 4000),  # 2000 + 10×200
        (41, 4300),  # 2000 + 2000 + 1×300
        (55, 9000),  # 2000 + 10×200 + 10×300 + 5×400 = 2000 + 2000 + 3000 + 2000
    ],
)
def test_per_piece_month_totals(count: int, total: int) -> None:
    fees = per_piece_fees(count)
    assert len(fees) == count
    assert sum(fees) == total


def test_per_piece_list_is_in_order() -> None:
    assert per_piece_fees(12) == [0] * 10 + [100, 100]


@pytest.mark.parametrize("call", [lambda: per_piece_fee_for(0), lambda: per_piece_fees(-1), lambda: per_volume_fee(-1)])
def test_negative_input_is_refused(call) -> None:
    with pytest.raises(ValueError):
        call()
