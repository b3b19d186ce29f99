"""Rules comparing what the prose says with the tables, and the dates the text states."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from ogi.check.deadline import publication_deadline
from ogi.check.finding import Finding, Location, Severity
from ogi.check.rule import Rule, rule
from ogi.check.rules.common import location, number
from ogi.model.layout import TableKey
from ogi.model.report import Report, SectionKey

# "全年收到依申请公开件 1 件", "共接到依申请公开办件 0 件", "受理政府信息公开申请12件"
_STATED = re.compile(r"(?:收到|受理|接到|接收|办理)(?P<what>[^。；;，,\d]{0,20}?)(?P<n>\d+)件")
# "未收到政府信息公开申请", "未接到群众信息公开申请"
_NONE = re.compile(r"(?:未|没有)(?:收到|接到|受理|接收)(?P<what>[^。；;，,]{0,20})")


_SPACES = re.compile(r"\s+")
_OTHER_PROCEDURES = ("复议", "诉讼", "听证", "许可", "申诉")


def _about_disclosure(what: str) -> bool:
    # "行政复议申请", "行政许可申请" are other procedures' applications, not 政府信息公开申请
    return "申请" in what and not any(w in what for w in _OTHER_PROCEDURES)


def stated_application_counts(text: str) -> list[tuple[int, str]]:
    """Given prose, return the disclosure-application counts it states, each with its sentence fragment."""
    flat = _SPACES.sub("", text)
    out: list[tuple[int, str]] = []
    for m in _STATED.finditer(flat):
        if _about_disclosure(m["what"]):
            out.append((int(m["n"]), m.group(0)))
    for m in _NONE.finditer(flat):
        if _about_disclosure(m["what"]):
            out.append((0, m.group(0)))
    return out


def _zh(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


@rule("narrative.applications", "正文申请数与表三不一致", Severity.WARNING,
      "第一部分正文写明的收到申请件数，应与表三“本年新收”总计一致")
def applications(report: Report, r: Rule) -> Iterator[Finding]:
    """The number of applications stated in part 一 should be the one in table 三 (一、本年新收, 总计)."""
    section = report.section(SectionKey.GENERAL)
    table = report.tables.get(TableKey.APPLICATIONS)
    if section is None or table is None or not table.found:
        return
    new = number(table.rows["new_received"], "total")
    carried = number(table.rows["carried_over"], "total")
    if new is None:
        return
    accepted = {new} | ({new + carried} if carried is not None else set())
    for n, fragment in stated_application_counts(section.text):
        if n not in accepted:
            yield r.finding(
                f"第一部分写明“{fragment}”（{n}件），表三“一、本年新收政府信息公开申请数量”总计为{new}件",
                location=location(report, TableKey.APPLICATIONS, "new_received", "total"),
                expected=new, actual=n, source=section.source,
            )


@rule("deadline.publication", "发布日期不符合法定时限", Severity.WARNING,
      "人民政府部门应于1月31日前、人民政府应于3月31日前公布上一年度报告（条例第四十九条）；落款不得早于年度结束")
def publication(report: Report, r: Rule) -> Iterator[Finding]:
    """条例第四十九条: 人民政府部门 publish by 1月31日, 人民政府 (through their 主管部门) by 3月31日; and a
    report cannot be issued before its year has ended."""
    meta = report.metadata
    issued, year = meta.date_of_issue, meta.report_year
    if issued is None or year is None:
        return
    where = Location(label_zh="发布日期")
    if issued <= dt.date(year, 12, 31):
        yield r.finding(
            f"报告落款日期为{_zh(issued)}，早于{year}年度结束，统计数据不可能完整",
            location=where, expected=f"{year + 1}-01-01之后", actual=issued.isoformat(),
        )
        return
    deadline = publication_deadline(year, meta.agency_kind)
    if issued > deadline.date:
        yield r.finding(
            f"{deadline.who_zh}应于{_zh(deadline.date)}前公布上一年度报告（{deadline.basis_zh}），落款日期为{_zh(issued)}",
            location=where, expected=deadline.date.isoformat(), actual=issued.isoformat(),
        )


_NO_FEE_NOTICE = re.compile(r"(?:未|没有|无)(?:发出|下达|开具)?[^。；;，,]{0,6}收费通知")


@rule("narrative.fee_notices", "正文收费情况与表三不一致", Severity.WARNING,
      "第六部分写明未发出收费通知，但表三“（六）2.申请人逾期未按收费通知要求缴纳费用”不为0")
def fee_notices(report: Report, r: Rule) -> Iterator[Finding]:
    """A non-zero （六）2 means fee notices were issued (国办函〔2020〕109号); part 六 saying none were contradicts it."""
    section = report.section(SectionKey.OTHER)
    table = report.tables.get(TableKey.APPLICATIONS)
    if section is None or table is None or "other_unpaid_fee" not in table.rows:
        return
    unpaid = number(table.rows["other_unpaid_fee"], "total")
    m = _NO_FEE_NOTICE.search(_SPACES.sub("", section.text))
    if m and unpaid:
        yield r.finding(
            f"第六部分写明“{m.group(0)}”，但表三“（六）2.申请人逾期未按收费通知要求缴纳费用”总计为{unpaid}件，"
            "说明曾发出收费通知",
            location=location(report, TableKey.APPLICATIONS, "other_unpaid_fee", "total"),
            expected=0, actual=unpaid, source=section.source,
        )
