"""The office's other records as the back office lists and changes them: proactively published items, 规章 and
行政规范性文件, the year's decision counts and fee income, review and litigation cases. A form is checked by the
same rules as a row of the 来源 workbook (ogi.office.sources), its errors keyed by the form's field; records are
never deleted but withdrawn with a reason, and then count nowhere; the numbers shown for a year are those of the
compiled annual report (ogi.office.compile), so a page and the report cannot disagree."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ogi.model.layout import TableKey
from ogi.office.annual import FIRST_YEAR
from ogi.office.ledger import RowProblem, parse_date
from ogi.office.records import Application, Case, DecisionCount, FeeIncome, NormativeDocument, PublishedItem
from ogi.office.sources import CASE_KIND_ZH, DECISION_ZH, SOURCE_CHOICES, build_record

__all__ = ["FIRST_YEAR", "KINDS", "Kind", "RecordError", "YearNumbers", "abolish", "add_record", "close_case", "decisions_of",
           "home_counts", "records_of", "save_decisions", "withdraw", "year_numbers"]


class RecordError(Exception):
    """What the office typed cannot be recorded: a Chinese message per form field."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("；".join(errors.values()))
        self.errors = errors


@dataclass(frozen=True, slots=True)
class Kind:
    key: str  # the page's path: /office/<key>
    title: str
    sheet: str  # the 来源 workbook's sheet whose rules check the form
    model: type
    fields: dict[str, str]  # form field -> the sheet's column
    day: str  # the date the list is in order of (and whose year a new record is listed under)
    required: tuple[str, ...] = ()  # fields the sheet lets be empty but a form may not
    lengths: tuple[tuple[str, int], ...] = ()  # (field, the column's length)


KINDS = {k.key: k for k in (
    Kind("published", "主动公开", "主动公开", PublishedItem,
         {"published_on": "发布日期", "channel": "渠道", "category": "类别", "title": "标题"}, "published_on",
         required=("channel", "title"), lengths=(("channel", 32), ("category", 64))),
    Kind("documents", "规章和规范性文件", "规章和规范性文件", NormativeDocument,
         {"kind": "类型", "title": "标题", "number": "文号", "issued_on": "印发日期", "abolished_on": "废止日期"},
         "issued_on",
         required=("title",), lengths=(("number", 100),)),
    Kind("cases", "行政复议和行政诉讼", "复议诉讼", Case,
         {"kind": "类型", "ref": "案号", "filed_on": "收到日期", "result": "结果", "closed_on": "结案日期"}, "filed_on",
         lengths=(("ref", 64),)),
)}
CHANNELS = SOURCE_CHOICES[("主动公开", "渠道")]
CASE_KINDS = list(CASE_KIND_ZH.values())
_DATES = ("published_on", "issued_on", "abolished_on", "filed_on", "closed_on")
_SINCE_2008 = ("published_on", "filed_on")  # a document issued before may still be in force


def _form_errors(kind: Kind, problems: list[RowProblem]) -> dict[str, str]:
    by_column = {col: f for f, col in kind.fields.items()}
    errors: dict[str, str] = {}
    for p in problems:
        column = p.column.partition("·")[2]
        errors.setdefault(by_column.get(column, column), p.message)
    return errors


def _check_form(kind: Kind, values: dict[str, str], today: dt.date) -> tuple[Any, dict[str, str]]:
    """The record the form makes and what is wrong with it, field by field."""
    values = {f: values.get(f, "").strip() for f in kind.fields}
    problems: list[RowProblem] = []
    rec = build_record(kind.sheet, {col: values[f] for f, col in kind.fields.items()}, problems)
    errors = _form_errors(kind, problems)
    for f in kind.required:
        if not values[f]:
            errors.setdefault(f, "不能为空")
    for f, most in kind.lengths:
        if len(values[f]) > most:
            errors.setdefault(f, f"不能超过{most}个字")
    if kind.key == "published" and values["channel"] and values["channel"] not in CHANNELS:
        errors.setdefault("channel", f"应为{'、'.join(CHANNELS)}之一")
    for f in _DATES:
        day = getattr(rec, f, None)
        if f in values and isinstance(day, dt.date) and day > today:
            errors.setdefault(f, "不能晚于今天")
        elif f in _SINCE_2008 and isinstance(day, dt.date) and day.year < FIRST_YEAR:
            errors.setdefault(f, f"早于{FIRST_YEAR}年：政府信息公开条例自2008年5月1日起施行")
    return rec, errors


def add_record(sess: Session, kind: str, values: dict[str, str], today: dt.date) -> Any:
    """Given a kind of record and the form's values, add the record; RecordError says what is wrong."""
    rec, errors = _check_form(KINDS[kind], values, today)
    if errors:
        raise RecordError(errors)
    sess.add(rec)
    sess.flush()
    return rec


def _year_filter(kind: str, year: int) -> Any:
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    if kind == "published":
        return PublishedItem.published_on.between(start, end)
    if kind == "documents":  # in force at some time of the year: what its counts are made of
        return (NormativeDocument.issued_on <= end) & (
            NormativeDocument.abolished_on.is_(None) | (NormativeDocument.abolished_on >= start))
    return (Case.filed_on <= end) & (Case.closed_on.is_(None) | (Case.closed_on >= start))  # as table 四 counts


def records_of(sess: Session, kind: str, year: int) -> list[Any]:
    """The year's records of a kind, newest first, the withdrawn ones too (shown with their reason)."""
    model = KINDS[kind].model
    day = getattr(model, KINDS[kind].day)
    return list(sess.scalars(select(model).where(_year_filter(kind, year)).order_by(day.desc(), model.id.desc())))


def _found(sess: Session, kind: str, rid: int) -> Any:
    rec = sess.get(KINDS[kind].model, rid)
    if rec is None:
        raise LookupError(rid)
    return rec


def withdraw(sess: Session, kind: str, rid: int, reason: str) -> Any:
    """Withdraw a record entered by mistake: it stays, with the reason, and leaves every count. LookupError when
    there is no such record."""
    rec = _found(sess, kind, rid)
    if rec.withdrawn_reason is not None:
        raise RecordError({"reason": "该记录已撤销"})
    if not reason.strip():
        raise RecordError({"reason": "请填写撤销原因，如 重复录入"})
    rec.withdrawn_reason = reason.strip()
    return rec


def _day(text: str, today: dt.date, field: str, *, not_before: dt.date, before_what: str) -> dt.date:
    try:
        day = parse_date(text.strip())
    except ValueError as exc:
        raise RecordError({field: str(exc)}) from None
    if day is None:
        raise RecordError({field: "不能为空"})
    if day > today:
        raise RecordError({field: "不能晚于今天"})
    if day < not_before:
        raise RecordError({field: f"早于{before_what}（{not_before.isoformat()}）"})
    return day


def _open(rec: Any, what: str) -> None:
    if rec.withdrawn_reason is not None:
        raise RecordError({"on": f"该记录已撤销，不能{what}"})


def abolish(sess: Session, rid: int, on: str, today: dt.date) -> NormativeDocument:
    """Record that a 规章 or 行政规范性文件 was abolished on a day (not before it was issued)."""
    doc = _found(sess, "documents", rid)
    _open(doc, "废止")
    if doc.abolished_on is not None:
        raise RecordError({"on": f"该文件已于{doc.abolished_on.isoformat()}废止"})
    doc.abolished_on = _day(on, today, "on", not_before=doc.issued_on, before_what="印发日期")
    return doc


def close_case(sess: Session, rid: int, result: str, on: str, today: dt.date) -> Case:
    """Record a case's result (维持、纠正、其他) and the day it was closed."""
    case = _found(sess, "cases", rid)
    _open(case, "结案")
    if case.closed_on is not None:
        raise RecordError({"on": f"该案件已于{case.closed_on.isoformat()}结案"})
    results = {"维持": "upheld", "纠正": "corrected", "其他": "other"}
    if result.strip() not in results:
        raise RecordError({"result": f"请选择结果：{'、'.join(results)}"})
    case.closed_on = _day(on, today, "on", not_before=case.filed_on, before_what="收到日期")
    case.result = results[result.strip()]
    return case


# ------------------------------------------------------------------------------------------------------------
# The year's decision counts (第二十条第（五）（六）项) and 行政事业性收费 (第二十条第（八）项): one record each,
# corrected in place (the audit trail keeps the number before)

def decisions_of(sess: Session, year: int) -> dict[str, str]:
    """The year's recorded numbers as the form shows them (empty where nothing is recorded)."""
    out = {kind: "" for kind in DECISION_ZH}
    for d in sess.scalars(select(DecisionCount).where(DecisionCount.year == year)):
        out[d.kind] = str(d.count)
    fee = sess.scalar(select(FeeIncome).where(FeeIncome.year == year))
    out["fees"] = "" if fee is None else format(Decimal(fee.amount).normalize(), "f")
    return out


def _checked(sheet: str, row: dict[str, Any], field: str, problems: list[RowProblem]) -> Any:
    """A sheet row's record, its problems named by the form's field."""
    before = len(problems)
    rec = build_record(sheet, row, problems)
    problems[before:] = [RowProblem(0, f"·{field}", p.message) for p in problems[before:]]
    return rec


_MOST = {"count": 2_147_483_647, "amount": Decimal(10) ** 12}  # what the columns hold


def save_decisions(sess: Session, year: int, values: dict[str, str]) -> int:
    """Given a year and the form's numbers (an empty one is left as it is), record or correct them; return how
    many records changed. RecordError names each field that is not a number of the right kind."""
    problems: list[RowProblem] = []
    made: dict[str, Any] = {}
    for kind, zh in DECISION_ZH.items():
        if values.get(kind, "").strip():
            made[kind] = _checked("处理决定", {"年度": year, "类别": zh, "数量": values[kind].strip()}, kind, problems)
    if values.get("fees", "").strip():
        made["fees"] = _checked("行政事业性收费", {"年度": year, "金额（万元）": values["fees"].strip()}, "fees", problems)
    errors = {p.column.partition("·")[2]: p.message for p in problems}
    for key, rec in made.items():
        attr = "amount" if key == "fees" else "count"
        value = getattr(rec, attr)
        if key in errors or value is None:
            continue
        if value >= _MOST[attr]:
            errors[key] = "数字过大"
        elif attr == "amount" and value.as_tuple().exponent < -4:
            errors[key] = "最多保留4位小数"
    if errors:
        raise RecordError(errors)
    changed = 0
    for key, rec in made.items():
        if key == "fees":
            kept = sess.scalar(select(FeeIncome).where(FeeIncome.year == year))
            new, attr = rec.amount, "amount"
        else:
            kept = sess.scalar(select(DecisionCount).where(DecisionCount.year == year, DecisionCount.kind == key))
            new, attr = rec.count, "count"
        if kept is None:
            sess.add(rec)
            changed += 1
        elif Decimal(getattr(kept, attr)) != Decimal(new):
            setattr(kept, attr, new)
            changed += 1
    return changed


# ------------------------------------------------------------------------------------------------------------
# The numbers of a year, from the compiled report

@dataclass(frozen=True, slots=True)
class YearNumbers:
    table2: dict[str, dict[str, Any]]  # row key -> column key -> value, as table 二 of the report prints it
    table4: dict[str, dict[str, Any]]
    applications: dict[str, int]  # table 三's totals: new_received, carried_over, total_processed, carried_forward
    published: int  # proactively published items of the year (part 一's figure)


def year_numbers(sess: Session, year: int) -> YearNumbers:
    from ogi.office.compile import compile_report

    report = compile_report(sess, year, agency="")

    def table(key: TableKey) -> dict[str, dict[str, Any]]:
        return {k: {c: cell.value for c, cell in row.cells.items()} for k, row in report.tables[key].rows.items()}

    t3 = table(TableKey.APPLICATIONS)
    published = sess.scalar(select(func.count()).select_from(PublishedItem).where(
        PublishedItem.withdrawn_reason.is_(None), _year_filter("published", year)))
    return YearNumbers(table(TableKey.PROACTIVE), table(TableKey.REVIEW_LITIGATION),
                       {k: t3[k]["total"] for k in ("new_received", "carried_over", "total_processed",
                                                    "carried_forward")}, int(published or 0))


def home_counts(sess: Session, year: int) -> dict[str, int]:
    """What the back office's home page says of the year: the register and the other records."""
    n = year_numbers(sess, year)
    open_now = sess.scalar(select(func.count()).select_from(Application).where(
        Application.withdrawn_reason.is_(None), Application.replied_on.is_(None)))
    t2 = n.table2
    return {"received": n.applications["new_received"], "processed": n.applications["total_processed"],
            "open": int(open_now or 0), "published": n.published,
            "issued": sum(t2[k].get("issued") or t2[k].get("produced") or 0 for k in ("regulations",
                                                                                      "normative_documents")),
            "decisions": sum(t2[k]["decisions"] for k in DECISION_ZH),
            "cases": sum(row["total"] for row in n.table4.values()),
            "pending_cases": sum(row["pending"] for row in n.table4.values())}

