"""Headline figures of one report (checked by hand against the printed tables) and timeliness."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from corpus.series import seed
from ogi.check import check
from ogi.corpus.metrics import METRIC_KEYS, report_metrics
from ogi.corpus.timeliness import TimelinessStatus, timeliness
from ogi.model.layout import TableKey
from ogi.model.report import RowStatus

REALDOCS = Path(__file__).resolve().parents[3] / "shared" / "realdocs"


@pytest.mark.skipif(not REALDOCS.is_dir(), reason="../shared/realdocs (the real published PDFs) is absent")
def test_huaian_city_2024_by_hand():
    """Figures added up by hand from the printed table of 淮安市人民政府 2024 (pdftotext -layout)."""
    from ogi.api import parse_file

    m = report_metrics(parse_file(REALDOCS / "huaian_city_gov_2024.pdf"))
    assert (m["applications_new"], m["applications_carried_over"], m["applications_received"]) == (3119, 34, 3153)
    assert (m["disclosed"], m["partially_disclosed"], m["total_processed"], m["carried_forward"]) == (1362, 454, 3050, 103)
    assert m["withheld"] == 2 + 31 + 5 + 6 + 8 + 12 + 9 + 105  # 178
    assert m["unable"] == 769 + 11 + 1
    assert m["not_processed"] == 62 + 25 + 0 + 0 + 1
    assert m["other_handling"] == 71 + 6 + 110
    assert m["disclosure_rate"] == pytest.approx(1816 / 3050)
    assert m["refusal_rate"] == pytest.approx(178 / 3050)
    assert m["unable_rate"] == pytest.approx(781 / 3050)
    assert (m["reviews"], m["reviews_corrected"], m["reviews_pending"]) == (351, 64, 37)
    assert m["review_correction_rate"] == pytest.approx(64 / 314)
    assert (m["litigations"], m["litigations_corrected"], m["litigations_pending"]) == (26 + 20, 4 + 1, 1 + 6)
    assert m["litigation_correction_rate"] == pytest.approx(5 / 39)


def test_row_has_every_key_and_plain_values():
    m = report_metrics(seed("000"), check(seed("000")))
    assert set(METRIC_KEYS) <= set(m) and m["agency"] == "安阳市科学技术局" and m["year"] == 2023
    assert all(v is None or isinstance(v, int | float | str) for v in m.values())
    assert m["applications_new"] == 1 and m["total_processed"] == 1  # seed 000: one application, handled
    assert m["findings"] == len(check(seed("000")))


def test_unreadable_is_none_never_zero():
    r = seed("000")
    r.tables[TableKey.APPLICATIONS].rows["withheld_third_party"].status = RowStatus.UNREADABLE
    m = report_metrics(r)
    assert m["withheld"] is None and m["refusal_rate"] is None
    assert m["disclosed"] == 0  # the other rows still count
    del r.tables[TableKey.REVIEW_LITIGATION]
    m = report_metrics(r)
    assert m["reviews"] is None and m["review_correction_rate"] is None
    assert m["findings"] is None  # no findings given: unknown, not 0


def test_no_applications_gives_no_rate():
    m = report_metrics(seed("003"))  # 西工区 2022: nothing received, nothing handled
    assert m["total_processed"] == 0 and m["disclosure_rate"] is None


def test_2019_layout_other_handling_is_one_row():
    m = report_metrics(seed("002"))  # 漯河 2021, 2019 layout: （六）其他处理 printed as one row of zeros
    assert m["other_handling"] == 0 and m["format_version"] == "2019"


def _dated(year: int, kind: str | None, date: dt.date | None):
    r = seed("000")
    r.metadata.report_year, r.metadata.agency_kind, r.metadata.date_of_issue = year, kind, date
    return r


@pytest.mark.parametrize(("year", "kind", "date", "status", "late", "deadline"), [
    (2023, "department", dt.date(2024, 1, 31), TimelinessStatus.ON_TIME, 0, dt.date(2024, 1, 31)),
    (2023, "department", dt.date(2024, 2, 5), TimelinessStatus.LATE, 5, dt.date(2024, 1, 31)),
    (2023, "government", dt.date(2024, 3, 31), TimelinessStatus.ON_TIME, 0, dt.date(2024, 3, 31)),
    (2023, "government", dt.date(2024, 4, 2), TimelinessStatus.LATE, 2, dt.date(2024, 3, 31)),
    (2018, "department", dt.date(2019, 3, 20), TimelinessStatus.ON_TIME, 0, dt.date(2019, 3, 31)),  # 2008 条例
    (2023, None, dt.date(2024, 2, 1), TimelinessStatus.LATE, 1, dt.date(2024, 1, 31)),
    (2021, "department", dt.date(2021, 12, 30), TimelinessStatus.PREMATURE, 0, dt.date(2022, 1, 31)),
    (2023, "department", None, TimelinessStatus.UNKNOWN, None, None),
])
def test_timeliness(year, kind, date, status, late, deadline):
    t = timeliness(_dated(year, kind, date))
    assert (t.status, t.days_late, t.deadline) == (status, late, deadline)
    assert t.kind_assumed is (kind is None)


def test_timeliness_messages_and_a_portal_date():
    t = timeliness(_dated(2023, "department", dt.date(2024, 2, 5)))
    assert t.message_zh == "县级以上人民政府部门应于2024年1月31日前公布（条例第四十九条），2024年2月5日发布，逾期5天"
    assert timeliness(_dated(2023, "department", None)).message_zh == "发布日期未知，无法判断是否按时公布"
    portal = timeliness(_dated(2023, "department", None), published=dt.date(2024, 1, 20), published_from="网页发布日期")
    assert (portal.status, portal.published_from) == (TimelinessStatus.ON_TIME, "网页发布日期")
    assert portal.as_row()["status"] == "on_time"


def test_seed_dated_before_its_year_ended():
    assert timeliness(seed("002")).status is TimelinessStatus.PREMATURE  # 漯河 2021 signed 2021年12月30日
