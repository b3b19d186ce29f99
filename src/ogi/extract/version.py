"""Decide which national format a report follows, and say why.

"本年制发件数" only exists in the 2021 format; "本年新制作数量", "第二十条第（九）项" and
"其他对外管理服务事项" only in the 2019 format (domain.md §2). Table 三's split （六） rows are 2021-only.
"""

from __future__ import annotations

from collections.abc import Sequence

from ogi.extract.normalize import norm
from ogi.extract.tokens import is_prose
from ogi.model.layout import FormatVersion
from ogi.read.document import Line

__all__ = ["detect_version"]

_SIGNS: tuple[tuple[str, FormatVersion, str], ...] = (
    ("本年制发件数", FormatVersion.V2021, "表二表头“本年制发件数”"),
    ("本年废止件数", FormatVersion.V2021, "表二表头“本年废止件数”"),
    ("现行有效件数", FormatVersion.V2021, "表二表头“现行有效件数”"),
    ("本年新制作数量", FormatVersion.V2019, "表二表头“本年新制作数量”"),
    ("对外公开总数量", FormatVersion.V2019, "表二表头“对外公开总数量”"),
    ("第二十条第(九)项", FormatVersion.V2019, "表二有“第二十条第（九）项”"),
    ("其他对外管理服务", FormatVersion.V2019, "表二有“其他对外管理服务事项”行"),
    ("逾期不补正", FormatVersion.V2021, "表三“（六）其他处理”分为三项"),
    ("逾期未按收费通知", FormatVersion.V2021, "表三“（六）其他处理”分为三项"),
)


_MAX_WRAP = 5  # printed lines one header row may wrap over


def _stacked(lines: Sequence[Line], at: int) -> list[str]:
    """Given the index of a table line, return the header cells it starts when narrow columns wrap them over
    several printed lines ("本年 / 制发 / 件数"): the lines' cells joined column by column, aligned at the
    right, because the wide first column ("信息内容") has fewer printed lines than the rest, or a line of its
    own, which is skipped. A header row has a cell per column, so it starts on a line of two cells or more."""
    rows: list[tuple[str, ...]] = []
    joined: list[str] = []
    for line in lines[at : at + _MAX_WRAP]:
        if is_prose(line) or (len(line.filled) < 2 and not rows):
            break
        if len(line.filled) < 2:
            continue
        rows.append(line.filled)
        if len(rows) >= 2:
            joined += ["".join(r[-k] for r in rows) for k in range(min(len(r) for r in rows), 0, -1)]
    return joined


def detect_version(lines: Sequence[Line], report_year: int | None) -> tuple[FormatVersion, str]:
    """Given document lines and the report year, return the format version and the evidence for it."""
    for i, line in enumerate(lines):
        if is_prose(line):
            continue
        for key in (norm(line.text), *map(norm, _stacked(lines, i))):
            for sign, version, why in _SIGNS:
                if sign in key:
                    return version, why
    if report_year is not None:
        version = FormatVersion.V2021 if report_year >= 2021 else FormatVersion.V2019
        return version, f"表格中未见格式特征，按报告年度{report_year}年推定"
    return FormatVersion.V2021, "表格中未见格式特征，也未读到报告年度，按现行2021年格式处理"
