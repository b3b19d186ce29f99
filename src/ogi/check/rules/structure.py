"""Rules about the report's parts and its format version."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from ogi.check.finding import Finding, Location, Severity
from ogi.check.rule import Rule, rule
from ogi.model.layout import FormatVersion
from ogi.model.report import SECTION_TITLES, Report, SectionKey

_ORDER = list(SectionKey)


@rule("structure.section_missing", "章节缺失", Severity.ERROR,
      "缺少统一格式规定的六个部分之一（条例第五十条）")
def section_missing(report: Report, r: Rule) -> Iterator[Finding]:
    """条例第五十条 and the national format require all six parts."""
    present = {s.key for s in report.sections}
    notice = "国办公开办函〔2021〕30号" if report.metadata.format_version is FormatVersion.V2021 else "国办公开办函〔2019〕60号"
    for key in SectionKey:
        if key not in present:
            yield r.finding(
                f"未找到第{_ORDER.index(key) + 1}部分“{SECTION_TITLES[key]}”（条例第五十条和{notice}要求六个部分齐全）",
                location=Location(section=key.value, label_zh=SECTION_TITLES[key]),
            )


@rule("structure.section_order", "章节顺序不符", Severity.WARNING,
      "六个部分的顺序与统一格式不一致")
def section_order(report: Report, r: Rule) -> Iterator[Finding]:
    """The six parts follow the order of the national format."""
    printed = [s.key for s in report.sections]
    expected = sorted(printed, key=_ORDER.index)
    if printed != expected:
        want = "→".join(SECTION_TITLES[k][0] for k in expected)
        got = "→".join(SECTION_TITLES[k][0] for k in printed)
        yield r.finding(
            f"章节顺序与统一格式不符：应为{want}，实际为{got}",
            location=Location(label_zh="章节顺序"),
            expected=want, actual=got, source=report.sections[0].source,
        )


@rule("format.version_year", "格式版本与报告年度不符", Severity.WARNING,
      "2019、2020年度报告用2019年试行格式（60号），2021年度起用2021年格式（30号）")
def version_year(report: Report, r: Rule) -> Iterator[Finding]:
    """2019-2020 reports use the 2019 trial format (60号); reports for 2021 onward the 2021 format (30号)."""
    meta = report.metadata
    if meta.report_year is None:
        return
    expected = FormatVersion.V2021 if meta.report_year >= 2021 else FormatVersion.V2019
    if meta.format_version is expected:
        return
    names = {FormatVersion.V2021: "2021年格式（国办公开办函〔2021〕30号）",
             FormatVersion.V2019: "2019年试行格式（国办公开办函〔2019〕60号）"}
    yield r.finding(
        f"{meta.report_year}年度报告应使用{names[expected]}，实际使用{names[meta.format_version]}"
        f"（判断依据：{meta.format_evidence}）",
        location=Location(label_zh="报告格式"),
        expected=expected.value, actual=meta.format_version.value,
    )


_STATED_YEAR = re.compile(r"(?<!\d)(\d{4}) ?年")
FIRST_REPORT_YEAR = 2008  # 《政府信息公开条例》（国务院令第492号）took effect on 2008-05-01


@rule("metadata.year_implausible", "报告年度不可信", Severity.ERROR,
      "报告年度早于条例施行的2008年或晚于今年，多半是读错或印错，请核实")
def year_implausible(report: Report, r: Rule) -> Iterator[Finding]:
    """The report year lies between 2008 (the 条例 took effect) and this year; the date of issue not before it."""
    meta = report.metadata
    this_year = dt.date.today().year
    year = meta.report_year
    if year is None:  # a title that names an impossible year ("9999年度") is not read as a year at all
        texts = [meta.title or "", report.preamble[:2000], *(sec.text[:2000] for sec in report.sections[:1])]
        stated = next((m for t in texts if (m := _STATED_YEAR.search(t))), None)
        year = int(stated.group(1)) if stated else None
    if year is not None and not FIRST_REPORT_YEAR <= year <= this_year:
        yield r.finding(f"报告年度为{year}年，不在{FIRST_REPORT_YEAR}年（条例施行）至{this_year}年之间，请核实",
                        location=Location(label_zh="报告年度"), actual=year)
    issued = meta.date_of_issue
    if issued is not None and not FIRST_REPORT_YEAR <= issued.year <= this_year + 1:
        yield r.finding(f"发布日期为{issued.isoformat()}，不在{FIRST_REPORT_YEAR}年至{this_year + 1}年之间，请核实",
                        location=Location(label_zh="发布日期"), actual=issued.isoformat())
