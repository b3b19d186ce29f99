"""信息处理费 under 国办函〔2020〕109号: 按件 (第四条) and 按量 (第五条), both 超额累进, money in whole 元.

按件: the n-th application of one applicant in one natural month costs 0 for n ≤ 10, 100元 for n = 11–30, and from
the 31st on the rate rises by 100元 for each band of 10 (31–40: 200元, 41–50: 300元, …).
按量: pages ≤ 30 are free; pages 31–100 cost 10元 each, 101–200 20元 each, 201 and over 40元 each
(250 pages = 70×10 + 100×20 + 50×40 = 4700元). An office picks one method per application, never both (第三条).
"""

from __future__ import annotations

__all__ = ["per_piece_fee_for", "per_piece_fees", "per_volume_fee"]

FREE_PIECES = 10  # 第四条（一）
FLAT_PIECES = 30  # 第四条（二）: 11–30 at 100元
PIECE_BAND = 10  # 第四条（三）: bands of 10 from the 31st
PIECE_STEP = 100  # 元 added per band

# 第五条: (last page of the band, 元 per page in it); the last band has no end.
PAGE_BANDS: tuple[tuple[int | None, int], ...] = ((30, 0), (100, 10), (200, 20), (None, 40))


def per_piece_fee_for(nth: int) -> int:
    """Return the fee in 元 of an applicant's nth application in a month, since the rate depends on its rank (第四条)."""
    if nth < 1:
        raise ValueError(f"nth must be >= 1, got {nth}")
    if nth <= FREE_PIECES:
        return 0
    if nth <= FLAT_PIECES:
        return PIECE_STEP
    return PIECE_STEP * (2 + (nth - FLAT_PIECES - 1) // PIECE_BAND)


def per_piece_fees(count_in_month: int) -> list[int]:
    """Return the fee of each of an applicant's applications in one natural month, 1st to last, for the fee notices."""
    if count_in_month < 0:
        raise ValueError(f"count_in_month must be >= 0, got {count_in_month}")
    return [per_piece_fee_for(n) for n in range(1, count_in_month + 1)]


def per_volume_fee(pages: int) -> int:
    """Return the fee in 元 for a number of pages, each page priced by the band it falls in (第五条)."""
    if pages < 0:
        raise ValueError(f"pages must be >= 0, got {pages}")
    fee, floor = 0, 0
    for last, rate in PAGE_BANDS:
        top = pages if last is None else min(pages, last)
        fee += max(0, top - floor) * rate
        floor = last or floor
    return fee
