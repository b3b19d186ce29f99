"""The chart geometry's axis: a count axis is labelled with whole numbers at even steps up to a top at or above the
largest bar; a rate axis in percent."""

from __future__ import annotations

import pytest

pytest.importorskip("fastapi", reason="网页组件未安装（pip install -e '.[web]'）")

from ogi.web.charts import bar_chart  # noqa: E402


@pytest.mark.parametrize(("peak", "labels"), [
    (5, ["0", "1", "2", "3", "4", "5"]),
    (2, ["0", "1", "2"]),
    (17, ["0", "5", "10", "15", "20"]),
    (1, ["0", "1"]),
    (4200, ["0", "1,250", "2,500", "3,750", "5,000"]),
])
def test_a_count_axis_steps_by_whole_numbers(peak: int, labels: list[str]) -> None:
    rows = [{"year": 2023, "n": 1}, {"year": 2024, "n": peak}]
    chart = bar_chart("c", "申请量", rows, "year", [("n", "收到申请")])
    assert [label for _, label in chart.ticks] == labels
    tallest = max(chart.bars, key=lambda b: b.value)
    assert tallest.value == peak


def test_a_rate_axis_is_in_percent() -> None:
    chart = bar_chart("r", "不予公开率", [{"year": 2024, "r": 0.3}], "year", [("r", "不予公开率")], percent=True)
    assert [label for _, label in chart.ticks] == ["0.0%", "12.5%", "25.0%", "37.5%", "50.0%"]
