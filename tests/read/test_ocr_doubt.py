"""The never-silent checks of one recognised box, on boxes placed by hand in a two-column grid (no OCR run):
a number whose box is too wide for its digits (a digit lost), two boxes in one cell, a box across a rule."""

from __future__ import annotations

from ogi.read.ocr.page import OcrBox, _doubt, _width_misfit


def _box(text: str, left: float, width: float, height: float = 12.0, confidence: float = 0.99) -> OcrBox:
    return OcrBox(text, confidence, left, 4.0, left + width, 4.0 + height)


def locate(x: float, y: float) -> tuple[int, int] | None:
    """A grid of one row 0–20 pt high and two cells, 0–50 and 50–100 pt wide."""
    if 0 <= x < 100 and 0 <= y < 20:
        return 0, int(x // 50)
    return None


def test_a_number_box_fits_its_digits() -> None:
    # as measured at 200 dpi (box height 13–14 pt): "12" 15.1 pt wide, "11.55" 30.6, a lone "0" 9–10 pt
    assert _width_misfit(_box("12", 10, 15.1, 13.7)) is None
    assert _width_misfit(_box("11.55", 10, 30.6, 14.0)) is None
    assert _width_misfit(_box("0", 10, 10.1, 12.2)) is None
    assert _width_misfit(_box("行政许可", 10, 60.0)) is None  # not a number: not judged by width


def test_a_box_wider_than_its_digits_lost_one() -> None:
    # "12" printed (15 pt wide at 13.5 pt high), "1" read: one digit's width is at most 0.45+0.6 = 1.05 box
    # heights (14.2 pt), so the box holds more than what was read
    why = _width_misfit(_box("1", 10, 15.3, 13.5))
    assert why is not None and "漏识" in why and "“1”" in why
    assert "漏识" in (_doubt(_box("1", 10, 15.3, 13.5), [], locate) or "")


def test_a_box_narrower_than_its_digits_read_one_twice() -> None:
    # "111" read from a box 6 pt wide at 12 pt high: three digits need at least 3 × 0.25 × 12 = 9 pt
    why = _width_misfit(_box("111", 10, 6.0, 12.0))
    assert why is not None and "重复" in why


def test_two_boxes_overlapping_in_one_cell() -> None:
    a, b = _box("3", 20, 8), _box("8", 22, 8)  # 6 of 8 pt shared: one digit read twice
    why = _doubt(a, [a, b], locate)
    assert why is not None and "重叠" in why and "“8”" in why
    c = _box("0", 60, 8)  # the other cell: its own
    assert _doubt(c, [a, b, c], locate) is None
    d = _box("5", 32, 8)  # same cell, side by side (no overlap): two numbers, each read
    assert _doubt(a, [a, d], locate) is None


def test_a_box_across_a_rule() -> None:
    why = _doubt(_box("1234", 35, 30), [], locate)  # 35–65 pt: the rule at 50 cuts it
    assert why is not None and "跨越表格线" in why
    assert _doubt(_box("1234", 12, 30), [], locate) is None  # 12–42: inside the first cell


def test_a_digit_below_the_threshold_is_doubted() -> None:
    from ogi.read.ocr.page import MIN_DIGIT_CONFIDENCE

    low = _box("7", 20, 8, confidence=MIN_DIGIT_CONFIDENCE - 0.01)
    assert "置信度" in (_doubt(low, [low], locate) or "")
    label = _box("行政许可", 20, 28, confidence=0.5)  # a label read with low confidence is not a number
    assert _doubt(label, [label], locate) is None


def test_a_number_read_otherwise_when_read_again_alone_is_doubted() -> None:
    """Seen on 淮安市's table 三 scanned at 200 dpi: "6" read as "9" (0.955) in the page, as "6" (1.00) alone."""
    from dataclasses import replace

    page_read = replace(_box("9", 20, 8, confidence=0.955), recheck="6")
    assert "两次识别结果不同" in (_doubt(page_read, [page_read], locate) or "")
    agreed = replace(_box("9", 20, 8, confidence=0.955), recheck="9")
    assert _doubt(agreed, [agreed], locate) is None
    spaced = replace(_box("1 288", 10, 30), recheck="1288")  # a space is not a different reading
    assert _doubt(spaced, [spaced], locate) is None
