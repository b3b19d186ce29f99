"""The arithmetic a correct report satisfies (勾稽关系, domain.md §1.6 identities 1-3 and 7).

Blank cells, "/" and "无" count as 0 here (and are reported by value.blank); a row that could not be
read is left out, and check.skipped says which identities were not verified.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from ogi.check.finding import Finding, Location, Severity
from ogi.check.rule import Rule, rule
from ogi.check.rules.common import covered_by_group, fmt, location, number, numbers
from ogi.model.layout import APPLICANT_COLUMNS, TableKey, layout_for, outcome_rows
from ogi.model.report import Report, Row, RowStatus, Table

T3 = TableKey.APPLICATIONS
T4 = TableKey.REVIEW_LITIGATION
_SIX = [c.key for c in APPLICANT_COLUMNS if c.key != "total"]
_COLUMNS = [c.key for c in APPLICANT_COLUMNS]
_BLOCK = ("upheld", "corrected", "other", "pending")


def _sum(values: list[int | Decimal | None]) -> int | Decimal | None:
    return None if any(v is None for v in values) else sum(values)  # type: ignore[arg-type]


@rule("t3.balance", "表三勾稽关系不成立", Severity.ERROR,
      "表三各列：第一项加第二项之和，等于第三项（七）总计加第四项之和")
def t3_balance(report: Report, r: Rule) -> Iterator[Finding]:
    """一 + 二 = 三（七）总计 + 四, in every column (the note printed in the table itself, 30号)."""
    t = report.tables.get(T3)
    if t is None or not t.found:
        return
    rows = t.rows
    for col in APPLICANT_COLUMNS:
        new, carried = number(rows["new_received"], col.key), number(rows["carried_over"], col.key)
        done, forward = number(rows["total_processed"], col.key), number(rows["carried_forward"], col.key)
        left, right = _sum([new, carried]), _sum([done, forward])
        if left is None or right is None or left == right:
            continue
        yield r.finding(
            f"表三“{col.label}”列：一、本年新收（{fmt(new)}）+ 二、上年结转（{fmt(carried)}）= {left}，"
            f"应等于（七）总计（{fmt(done)}）+ 四、结转下年度（{fmt(forward)}）= {right}",
            location=location(report, T3, "total_processed", col.key),
            expected=left, actual=right, source=rows["total_processed"].cells[col.key].source,
        )


@rule("t3.row_total", "表三总计列不等于各类申请人之和", Severity.ERROR,
      "表三每行：总计 = 自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他")
def t3_row_total(report: Report, r: Rule) -> Iterator[Finding]:
    """总计 = 自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他, in every row."""
    t = report.tables.get(T3)
    if t is None or not t.found:
        return
    for row in [*t.rows.values(), *t.groups.values()]:
        total = number(row, "total")
        parts = _sum(numbers(row, _SIX))
        if total is None or parts is None or total == parts:
            continue
        yield r.finding(
            f"{location(report, T3, row.key).label_zh}：六类申请人之和为{parts}，总计栏为{total}",
            location=location(report, T3, row.key, "total"),
            expected=parts, actual=total, source=row.cells["total"].source,
        )


def _outcomes(report: Report, t: Table) -> list[Row]:
    """The rows （七）总计 adds up: a group printed as one row stands for its sub-rows."""
    covered = covered_by_group(report, t)
    out: list[Row] = []
    for rd in outcome_rows(layout_for(report.metadata.format_version)):
        if rd.key not in covered:
            out.append(t.rows[rd.key])
        elif t.groups[rd.group] not in out:
            out.append(t.groups[rd.group])
    return out


@rule("t3.outcome_total", "表三（七）总计不等于各项办理结果之和", Severity.ERROR,
      "表三各列：（七）总计 = （一）至（六）各项办理结果之和")
def t3_outcome_total(report: Report, r: Rule) -> Iterator[Finding]:
    """（七）总计 = （一）+（二）+ Σ（三）+ Σ（四）+ Σ（五）+ Σ（六）, in every column."""
    t = report.tables.get(T3)
    if t is None or not t.found:
        return
    outcomes = [numbers(row, _COLUMNS) for row in _outcomes(report, t)]
    total_row = t.rows["total_processed"]
    for i, col in enumerate(APPLICANT_COLUMNS):
        total = number(total_row, col.key)
        parts = _sum([values[i] for values in outcomes])
        if total is None or parts is None or total == parts:
            continue
        yield r.finding(
            f"表三“{col.label}”列：各项办理结果（（一）至（六））之和为{parts}，（七）总计为{total}",
            location=location(report, T3, "total_processed", col.key),
            expected=parts, actual=total, source=total_row.cells[col.key].source,
        )


@rule("t4.block_total", "表四总计不等于各项结果之和", Severity.ERROR,
      "行政复议、未经复议直接起诉、复议后起诉各自：总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结")
def t4_block_total(report: Report, r: Rule) -> Iterator[Finding]:
    """In each of 行政复议 / 未经复议直接起诉 / 复议后起诉: 总计 = 维持 + 纠正 + 其他 + 尚未审结."""
    t = report.tables.get(T4)
    if t is None or not t.found:
        return
    for row in t.rows.values():
        total = number(row, "total")
        parts = _sum(numbers(row, _BLOCK))
        if total is None or parts is None or total == parts:
            continue
        yield r.finding(
            f"表四“{row.label}”：结果维持、结果纠正、其他结果、尚未审结之和为{parts}，总计为{total}",
            location=location(report, T4, row.key, "total"),
            expected=parts, actual=total, source=row.cells["total"].source,
        )


@rule("check.skipped", "部分核对未能进行", Severity.NOTICE,
      "因有行无法读取或缺失，涉及这些行的合计与勾稽关系未核对")
def skipped(report: Report, r: Rule) -> Iterator[Finding]:
    """Identities that involve an unreadable or missing row are not verified; say so rather than stay silent."""
    for key in (T3, T4):
        t = report.tables.get(key)
        if t is None or not t.found:
            continue
        covered = covered_by_group(report, t)
        bad = [row.label for row in [*t.rows.values(), *t.groups.values()]
               if row.status is not RowStatus.OK and row.key not in covered]
        if bad:
            name = "表三" if key is T3 else "表四"
            yield r.finding(
                f"{name}中{len(bad)}行未能读取或缺失（{'、'.join(bad[:5])}{'等' if len(bad) > 5 else ''}），"
                "涉及这些行的合计与勾稽关系未核对",
                location=Location(table=key.value, label_zh=name),
            )
