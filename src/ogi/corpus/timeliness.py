"""Was a report published on time? Its date against the statutory deadline (the rule lives in ogi.check.deadline).

A report with no known date, or no known year, is "unknown": never counted as on time or as late.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from enum import StrEnum

from ogi.check.deadline import publication_deadline
from ogi.model.report import Report

__all__ = ["Timeliness", "TimelinessStatus", "timeliness"]


class TimelinessStatus(StrEnum):
    ON_TIME = "on_time"
    LATE = "late"
    PREMATURE = "premature"  # dated before its year ended: the statistics cannot be complete
    UNKNOWN = "unknown"  # no date or no year


@dataclass(frozen=True, slots=True)
class Timeliness:
    status: TimelinessStatus
    published: dt.date | None
    published_from: str | None  # 落款, 网页发布日期, or what the caller said
    deadline: dt.date | None
    days_late: int | None  # > 0 when late, 0 when on time, None when unknown
    kind_assumed: bool  # the agency's kind was not known: held to the department deadline
    message_zh: str

    def as_row(self) -> dict[str, object]:
        """The result as plain values, for one row of a DataFrame."""
        row = asdict(self)
        row["status"] = self.status.value
        return row


def _zh(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def timeliness(report: Report, *, published: dt.date | None = None, published_from: str | None = None) -> Timeliness:
    """Given a report (and the date the caller knows it was published, e.g. a portal's date, which wins over the
    report's own), return on time / late by N days / unknown."""
    meta = report.metadata
    date = published or meta.date_of_issue
    source = published_from if published else meta.date_of_issue_from
    year = meta.report_year
    assumed = meta.agency_kind is None
    if date is None or year is None:
        missing = "发布日期" if date is None else "报告年度"
        return Timeliness(TimelinessStatus.UNKNOWN, date, source, None, None, assumed, f"{missing}未知，无法判断是否按时公布")
    deadline = publication_deadline(year, meta.agency_kind)
    if date <= dt.date(year, 12, 31):
        return Timeliness(TimelinessStatus.PREMATURE, date, source, deadline.date, 0, assumed,
                          f"发布日期{_zh(date)}早于{year}年度结束，统计数据不可能完整")
    late = (date - deadline.date).days
    who = f"{deadline.who_zh}（机关类别未知，按部门时限）" if assumed else deadline.who_zh
    if late > 0:
        return Timeliness(TimelinessStatus.LATE, date, source, deadline.date, late, assumed,
                          f"{who}应于{_zh(deadline.date)}前公布（{deadline.basis_zh}），{_zh(date)}发布，逾期{late}天")
    return Timeliness(TimelinessStatus.ON_TIME, date, source, deadline.date, 0, assumed,
                      f"{_zh(date)}发布，在{_zh(deadline.date)}的法定时限内")
