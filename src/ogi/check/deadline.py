"""The statutory deadline for publishing an annual report: one place for the rule and the corpus to read it from.

2019 条例 (in force 2019-05-15) 第四十九条: 县级以上人民政府部门 publish the previous year's report by 1月31日;
the 主管部门 of a 人民政府 publish the government's by 3月31日. Under the 2008 条例 (第三十一条) every agency
published by 3月31日; the reports for 2018 and earlier were due under it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

__all__ = ["Deadline", "publication_deadline"]

FIRST_YEAR_OF_2019_REGULATION = 2019  # the 2018 report was due on 2019-03-31, before the new 条例 took effect


@dataclass(frozen=True, slots=True)
class Deadline:
    date: dt.date
    who_zh: str  # whom the deadline binds, as the regulation names them
    basis_zh: str  # the article it comes from


def publication_deadline(year: int, agency_kind: Literal["department", "government"] | None) -> Deadline:
    """Given the report year and the agency's kind, return the last day to publish. An agency of unknown kind is
    held to the department deadline, the earlier one (as the checker always has)."""
    if year < FIRST_YEAR_OF_2019_REGULATION:
        return Deadline(dt.date(year + 1, 3, 31), "各级行政机关", "2008年条例第三十一条")
    if agency_kind == "government":
        return Deadline(dt.date(year + 1, 3, 31), "县级以上人民政府", "条例第四十九条")
    return Deadline(dt.date(year + 1, 1, 31), "县级以上人民政府部门", "条例第四十九条")
