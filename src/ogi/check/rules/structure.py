"""Rules about the report's parts and its format version."""

from __future__ import annotations

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
