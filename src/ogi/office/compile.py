"""Compile the annual report from the office's records: tables 二, 三 and 四 computed, consistent by
construction, and draft text for parts 一 and 六 stating the real figures for the office to edit.

Table 三 (domain.md §1.6): 一 counts applications by date of receipt (条例第三十一条) in the year; 二 those
received before the year and still open on 1月1日; the outcome rows count replies dated in the year; 四 those
still open on 12月31日; the column is the applicant's category. Withdrawn records count nowhere.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ogi.model.layout import APPLICANT_COLUMNS, FormatVersion, Layout, TableKey, layout_for
from ogi.model.report import SECTION_TITLES, Report, RowStatus, Section, SectionKey
from ogi.office.deadlines import zh_date
from ogi.office.records import (
    Application,
    Case,
    DecisionCount,
    EventKind,
    FeeIncome,
    NormativeDocument,
    PublishedItem,
)

__all__ = ["compile_report", "fee_income", "outcome_key_for", "outcome_sentence"]

_CATEGORIES = [c.key for c in APPLICANT_COLUMNS if c.key != "total"]
# the 2021 split of （六）其他处理 folds into the single 2019 row
_TO_2019 = {"other_no_correction": "other_handling", "other_unpaid_fee": "other_handling",
            "other_misc": "other_handling"}


def outcome_key_for(outcome: str, version: FormatVersion) -> str:
    """Given a recorded outcome key and the format of the year, return the table 三 row it is counted in."""
    return _TO_2019.get(outcome, outcome) if version is FormatVersion.V2019 else outcome


def _cell(value: int | Decimal | None) -> dict[str, Any]:
    # None: the records hold nothing for this cell; it is left blank for the office to fill, never a made-up 0
    if value is None:
        return {"text": "", "value": None, "kind": "blank"}
    return {"text": str(value), "value": value, "kind": "number"}


def _row(layout: Layout, table: TableKey, key: str, values: dict[str, int | Decimal | None]) -> dict[str, Any]:
    rd = layout.row(table, key)
    return {"key": key, "label": rd.label, "printed_label": rd.label, "status": RowStatus.OK,
            "expected_cells": len(rd.columns), "cells": {c.key: _cell(values[c.key]) for c in rd.columns}}


def _with_total(counts: Counter[str]) -> dict[str, int]:
    out = {c: counts.get(c, 0) for c in _CATEGORIES}
    out["total"] = sum(out.values())
    return out


def _table3(apps: list[Application], year: int, layout: Layout) -> dict[str, Any]:
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    rows: dict[str, Counter[str]] = {r.key: Counter() for r in layout.data_rows(TableKey.APPLICATIONS)}
    for a in apps:
        cat = a.applicant_category
        if start <= a.received_on <= end:
            rows["new_received"][cat] += 1
        if a.received_on < start and (a.replied_on is None or a.replied_on >= start):
            rows["carried_over"][cat] += 1
        if a.replied_on is not None and start <= a.replied_on <= end and a.outcome:
            rows[outcome_key_for(a.outcome, layout.version)][cat] += 1
            rows["total_processed"][cat] += 1
        if a.received_on <= end and (a.replied_on is None or a.replied_on > end):
            rows["carried_forward"][cat] += 1
    return {"key": TableKey.APPLICATIONS, "found": True,
            "rows": {k: _row(layout, TableKey.APPLICATIONS, k, _with_total(c)) for k, c in rows.items()}}


def _table2(sess: Session, year: int, layout: Layout) -> dict[str, Any]:
    end = dt.date(year, 12, 31)
    docs = sess.scalars(select(NormativeDocument).where(NormativeDocument.withdrawn_reason.is_(None))).all()
    decisions = {d.kind: d.count for d in sess.scalars(select(DecisionCount).where(DecisionCount.year == year))}
    fee = sess.scalars(select(FeeIncome).where(FeeIncome.year == year)).first()
    rows: dict[str, Any] = {}
    for kind in ("regulations", "normative_documents"):
        mine = [d for d in docs if d.kind == kind]
        issued = sum(d.issued_on.year == year for d in mine)
        abolished = sum(d.abolished_on is not None and d.abolished_on.year == year for d in mine)
        in_force = sum(d.issued_on <= end and (d.abolished_on is None or d.abolished_on > end) for d in mine)
        if layout.version is FormatVersion.V2021:
            values = {"issued": issued, "abolished": abolished, "in_force": in_force}
        else:  # 2019: 本年新制作 / 本年新公开 / 对外公开总数
            values = {"produced": issued, "published": issued, "total_published": in_force}
        rows[kind] = _row(layout, TableKey.PROACTIVE, kind, values)
    for kind in ("licensing", "penalty", "compulsion"):
        count = decisions.get(kind, 0)
        values = {"decisions": count}
        if layout.version is FormatVersion.V2019:
            values |= {"previous_year_items": None, "change": None}
        rows[kind] = _row(layout, TableKey.PROACTIVE, kind, values)
    amount = fee.amount if fee else Decimal(0)
    if layout.version is FormatVersion.V2021:
        rows["fees"] = _row(layout, TableKey.PROACTIVE, "fees", {"amount": Decimal(amount)})
    else:
        # 2019-only columns the register does not keep (项目数量, 增减, 其他对外管理服务事项, 政府集中采购)
        rows["fees"] = _row(layout, TableKey.PROACTIVE, "fees", {"previous_year_items": None, "change": None})
        rows["other_admin_services"] = _row(layout, TableKey.PROACTIVE, "other_admin_services",
                                            {"previous_year_items": None, "change": None, "decisions": None})
        rows["procurement"] = _row(layout, TableKey.PROACTIVE, "procurement", {"projects": None, "amount": None})
    return {"key": TableKey.PROACTIVE, "found": True, "rows": rows}


def _table4(sess: Session, year: int, layout: Layout) -> dict[str, Any]:
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    cases = sess.scalars(select(Case).where(Case.withdrawn_reason.is_(None))).all()
    rows = {}
    for rd in layout.table4:
        counts: Counter[str] = Counter()
        for c in cases:
            if c.kind != rd.key or c.filed_on > end or (c.closed_on is not None and c.closed_on < start):
                continue
            counts[c.result if c.closed_on is not None and c.closed_on <= end and c.result else "pending"] += 1
        values = {k: counts.get(k, 0) for k in ("upheld", "corrected", "other", "pending")}
        values["total"] = sum(values.values())
        rows[rd.key] = _row(layout, TableKey.REVIEW_LITIGATION, rd.key, values)
    return {"key": TableKey.REVIEW_LITIGATION, "found": True, "rows": rows}


# how a person writes the long （六） labels in prose
_SHORT = {"other_no_correction": "申请人逾期不补正", "other_unpaid_fee": "申请人逾期未缴纳信息处理费",
          "other_misc": "其他"}


def _bare(label: str) -> str:
    """Given a printed row label, return its words without the number and the parenthesised note."""
    label = re.sub(r"^(?:（[一二三四五六七八九十]+）|\d+\.)", "", label)
    return re.sub(r"（[^）]*）$", "", label)


def outcome_sentence(t3: dict[str, Any], layout: Layout) -> str:
    """Given table 三, list the year's outcomes as an office writes them: the groups in the table's order, each
    with its total and its items in parentheses, 、 between items and ， between groups, e.g.
    “予以公开3件，不予公开2件（属于国家秘密1件、保护第三方合法权益1件）”."""
    def total(key: str) -> int:
        return t3["rows"][key]["cells"]["total"]["value"]

    parts = []
    for row in layout.table3:
        if row.group != "outcomes" or row.key == "total_processed":
            continue
        if row.is_data:
            if total(row.key):
                parts.append(f"{_bare(row.label)}{total(row.key)}件")
            continue
        items = [(r.key, total(r.key)) for r in layout.table3 if r.group == row.key and total(r.key)]
        if items:
            inner = "、".join(f"{_SHORT.get(k, _bare(layout.row(TableKey.APPLICATIONS, k).label))}{n}件"
                              for k, n in items)
            parts.append(f"{_bare(row.label)}{sum(n for _, n in items)}件（{inner}）")
    return "，".join(parts)


def _general_text(t3: dict[str, Any], published: Counter[str], layout: Layout) -> str:
    def total(key: str) -> int:
        return t3["rows"][key]["cells"]["total"]["value"]

    outcomes = outcome_sentence(t3, layout)
    done = f"办结{total('total_processed')}件" + (f"，其中{outcomes}" if outcomes else "")
    pub = "，".join(f"{ch}{n}条" for ch, n in published.most_common())
    proactive = (f"本年度主动公开政府信息{sum(published.values())}条，其中{pub}。" if pub
                 else "（台账中没有主动公开记录，请填写）")
    return (f"（一）主动公开情况。{proactive}\n"
            f"（二）依申请公开情况。本年度共收到政府信息公开申请{total('new_received')}件，"
            f"上年结转{total('carried_over')}件；{done}；"
            f"结转下年度继续办理{total('carried_forward')}件。\n"
            "（三）政府信息管理情况。（请填写）\n（四）政府信息公开平台建设情况。（请填写）\n（五）监督保障情况。（请填写）")


def fee_income(apps: list[Application], year: int) -> tuple[int, int]:
    """Given the applications, return the year's fee notices in force (of more than 0 元) and the 信息处理费 actually
    received in 元: the recorded payments, each at its paid amount (a payment stored without one, as older
    imports did, at the amount of the notice it paid)."""
    notices = paid = 0
    for a in apps:
        events = [e for e in a.events if e.withdrawn_reason is None]
        fee_notices = [e for e in events if e.kind == EventKind.FEE_NOTICE and e.amount]
        notices += sum(e.on.year == year for e in fee_notices)
        for p in (e for e in events if e.kind == EventKind.FEE_PAID and e.on.year == year):
            noticed = [n.amount for n in fee_notices if n.on <= p.on]
            paid += p.amount if p.amount is not None else (noticed[-1] if noticed else 0)
    return notices, paid


def _other_text(apps: list[Application], year: int) -> str:
    notices, charged = fee_income(apps, year)
    if not notices and not charged:
        return (f"本年度未发出信息处理费收费通知，未收取信息处理费（国办函〔2020〕109号）。"
                f"{year}年度政务公开工作要点落实情况：（请填写）")
    return (f"本年度按照《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）发出收费通知{notices}件，"
            f"实际收取信息处理费{charged}元。{year}年度政务公开工作要点落实情况：（请填写）")


def compile_report(sess: Session, year: int, *, agency: str, version: FormatVersion | None = None,
                   signed_on: dt.date | None = None, texts: dict[SectionKey, str] | None = None) -> Report:
    """Given the office's records, a year and the agency's name, return the year's annual report model; with
    `signed_on`, the report ends with its 落款 (the agency and that date) after part 六. `texts` are the office's
    own texts of parts 一, 五 and 六 (ogi.office.annual) in place of the drafts stated here; the tables are
    computed whatever they say."""
    texts = texts or {}
    version = version or (FormatVersion.V2021 if year >= 2021 else FormatVersion.V2019)
    layout = layout_for(version)
    apps = list(sess.scalars(select(Application).options(selectinload(Application.events))
                             .where(Application.withdrawn_reason.is_(None))))
    t3 = _table3(apps, year, layout)
    items = sess.scalars(select(PublishedItem).where(PublishedItem.withdrawn_reason.is_(None))).all()
    published = Counter(i.channel for i in items if i.published_on.year == year)
    sections = [
        Section(key=SectionKey.GENERAL, heading=SECTION_TITLES[SectionKey.GENERAL],
                text=texts.get(SectionKey.GENERAL) or _general_text(t3, published, layout)),
        Section(key=SectionKey.PROACTIVE, heading=SECTION_TITLES[SectionKey.PROACTIVE]),
        Section(key=SectionKey.APPLICATIONS, heading=SECTION_TITLES[SectionKey.APPLICATIONS]),
        Section(key=SectionKey.REVIEW_LITIGATION, heading=SECTION_TITLES[SectionKey.REVIEW_LITIGATION]),
        Section(key=SectionKey.PROBLEMS, heading=SECTION_TITLES[SectionKey.PROBLEMS],
                text=texts.get(SectionKey.PROBLEMS) or "（请填写）"),
        Section(key=SectionKey.OTHER, heading=SECTION_TITLES[SectionKey.OTHER],
                text=(texts.get(SectionKey.OTHER) or _other_text(apps, year))
                + (f"\n{agency}\n{zh_date(signed_on)}" if signed_on else "")),
    ]
    data = {
        "source_name": f"ogi office register ({year})",
        "metadata": {"agency": agency, "agency_kind": "government" if agency.endswith("人民政府") else "department",
                     "report_year": year, "format_version": version, "format_evidence": "由台账编制",
                     "title": f"{agency}{year}年政府信息公开工作年度报告",
                     "period_start": dt.date(year, 1, 1), "period_end": dt.date(year, 12, 31),
                     "date_of_issue": signed_on,
                     # the 落款 is in part 六's text; this names where the date came from without printing it twice
                     "date_of_issue_from": "ogi office report --date" if signed_on else None},
        "sections": [s.model_dump() for s in sections],
        "tables": {TableKey.PROACTIVE: _table2(sess, year, layout), TableKey.APPLICATIONS: t3,
                   TableKey.REVIEW_LITIGATION: _table4(sess, year, layout)},
    }
    return Report.model_validate(data)

