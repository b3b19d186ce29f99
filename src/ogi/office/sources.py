"""Import the other sources of tables 二 and 四 from one XLSX workbook, a sheet each: 主动公开 (published items),
规章和规范性文件, 处理决定 (licensing, penalty, compulsion counts), 行政事业性收费, 复议诉讼 (cases).
Checked row by row and all or nothing, like the application ledger."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ogi.office.ledger import LedgerImportError, RowProblem, parse_date
from ogi.office.records import Case, DecisionCount, FeeIncome, NormativeDocument, PublishedItem

__all__ = ["CASE_KIND_ZH", "DECISION_ZH", "DOC_KIND_ZH", "RESULT_ZH", "SHEETS", "SOURCE_CHOICES", "build_record",
           "import_sources", "is_example"]

_DOC_KIND = {"规章": "regulations", "行政规范性文件": "normative_documents", "规范性文件": "normative_documents"}
_DECISION = {"行政许可": "licensing", "行政处罚": "penalty", "行政强制": "compulsion"}
_CASE = {"行政复议": "review", "未经复议直接起诉": "litigation_direct", "复议后起诉": "litigation_after_review"}
_RESULT = {"维持": "upheld", "结果维持": "upheld", "纠正": "corrected", "结果纠正": "corrected", "其他": "other",
           "其他结果": "other", "": None, "尚未审结": None}
# the words a page shows for each stored key (the first spelling the sheets accept)
DOC_KIND_ZH = {"regulations": "规章", "normative_documents": "行政规范性文件"}
DECISION_ZH = {v: k for k, v in _DECISION.items()}
CASE_KIND_ZH = {v: k for k, v in _CASE.items()}
RESULT_ZH = {"upheld": "维持", "corrected": "纠正", "other": "其他"}


def is_example(values: object) -> bool:
    """Say whether a row is a template's example row: one of its cells begins with 示例."""
    return any(isinstance(v, str) and v.strip().startswith("示例") for v in values)  # type: ignore[attr-defined]


class _Row:
    """One sheet row with helpers that record problems instead of raising."""

    def __init__(self, sheet: str, n: int, values: dict[str, Any], problems: list[RowProblem]) -> None:
        self.sheet, self.n, self.values, self.problems = sheet, n, values, problems

    def bad(self, col: str, msg: str) -> None:
        self.problems.append(RowProblem(self.n, f"{self.sheet}·{col}", msg))

    def text(self, col: str) -> str:
        v = self.values.get(col)
        return "" if v is None else str(v).strip()

    def date(self, col: str, required: bool = True):  # noqa: ANN201
        try:
            d = parse_date(self.values.get(col))
        except ValueError as exc:
            self.bad(col, str(exc))
            return None
        if d is None and required:
            self.bad(col, "不能为空")
        return d

    def choice(self, col: str, options: dict[str, Any]) -> Any:
        v = self.text(col)
        if v not in options:
            self.bad(col, f"“{v}”应为{'、'.join(k for k in options if k)}之一")
        return options.get(v)

    def number(self, col: str, whole: bool = True) -> Any:
        try:
            d = Decimal(self.text(col))
        except InvalidOperation:
            self.bad(col, "应为数字")
            return None
        if not d.is_finite():
            self.bad(col, "应为数字")
            return None
        if d < 0 or (whole and d != d.to_integral_value()):
            self.bad(col, "应为非负整数" if whole else "不应为负数")
            return None
        return int(d) if whole else d


def _item(r: _Row) -> Any:
    return PublishedItem(published_on=r.date("发布日期"), channel=r.text("渠道") or "门户网站",
                         category=r.text("类别"), title=r.text("标题"))


def _doc(r: _Row) -> Any:
    issued, abolished = r.date("印发日期"), r.date("废止日期", required=False)
    if issued and abolished and abolished < issued:
        r.bad("废止日期", "早于印发日期")
    return NormativeDocument(kind=r.choice("类型", _DOC_KIND), title=r.text("标题"), number=r.text("文号"),
                             issued_on=issued, abolished_on=abolished)


def _decision(r: _Row) -> Any:
    return DecisionCount(year=r.number("年度"), kind=r.choice("类别", _DECISION), count=r.number("数量"))


def _fee(r: _Row) -> Any:
    return FeeIncome(year=r.number("年度"), amount=r.number("金额（万元）", whole=False))


def _case(r: _Row) -> Any:
    filed, closed = r.date("收到日期"), r.date("结案日期", required=False)
    result = r.choice("结果", _RESULT)
    if (result is None) != (closed is None):
        r.bad("结果", "已结案的须填写结果，未结案的结果与结案日期均应为空")
    if filed and closed and closed < filed:
        r.bad("结案日期", "早于收到日期")
    return Case(kind=r.choice("类型", _CASE), ref=r.text("案号"), filed_on=filed, result=result, closed_on=closed)


SHEETS: dict[str, tuple[tuple[str, ...], Callable[[_Row], Any]]] = {
    "主动公开": (("发布日期", "渠道", "类别", "标题"), _item),
    "规章和规范性文件": (("类型", "标题", "文号", "印发日期", "废止日期"), _doc),
    "处理决定": (("年度", "类别", "数量"), _decision),
    "行政事业性收费": (("年度", "金额（万元）"), _fee),
    "复议诉讼": (("类型", "案号", "收到日期", "结果", "结案日期"), _case),
}


SOURCE_CHOICES: dict[tuple[str, str], list[str]] = {
    ("主动公开", "渠道"): ["门户网站", "政务新媒体", "微信公众号", "微博", "报刊", "新闻发布会", "其他"],
    ("规章和规范性文件", "类型"): ["规章", "行政规范性文件"],
    ("处理决定", "类别"): list(_DECISION),
    ("复议诉讼", "类型"): list(_CASE),
    ("复议诉讼", "结果"): ["维持", "纠正", "其他", "尚未审结"],
}


def build_record(sheet: str, values: dict[str, Any], problems: list[RowProblem], n: int = 0) -> Any:
    """Given a sheet's name and one row's values by column (as the sheet or a web form gives them), return the
    record it makes; what is wrong goes to `problems` (the record is then not to be added)."""
    return SHEETS[sheet][1](_Row(sheet, n, values, problems))


def _already_kept(sess: Session, name: str, n: int, rec: Any, seen: set[tuple[Any, ...]],
                  problems: list[RowProblem]) -> None:
    """A year's decision count or fee income is one record: a second one, in the workbook or already kept, is a
    problem of its row (the kept one is corrected on its page, with the change audited)."""
    if isinstance(rec, DecisionCount):
        key: tuple[Any, ...] = ("decision", rec.year, rec.kind)
        kept = sess.scalar(select(DecisionCount).where(DecisionCount.year == rec.year, DecisionCount.kind == rec.kind))
        what = f"{rec.year}年的{DECISION_ZH[rec.kind]}决定数"
    elif isinstance(rec, FeeIncome):
        key = ("fee", rec.year)
        kept = sess.scalar(select(FeeIncome).where(FeeIncome.year == rec.year))
        what = f"{rec.year}年的行政事业性收费金额"
    else:
        return
    if key in seen:
        problems.append(RowProblem(n, name, f"{what}在本工作簿中重复"))
    elif kept is not None:
        problems.append(RowProblem(n, name, f"{what}已有记录，不能再导入一次（请在“处理决定和收费”页面更正）"))
    seen.add(key)


def _header_at(rows: list[tuple[Any, ...]], first: str) -> int | None:
    for i, row in enumerate(rows[:5]):
        if first in {str(v).strip() for v in row if v is not None}:
            return i
    return None


def import_sources(sess: Session, path: str | Path, *, warnings: list[RowProblem] | None = None) -> dict[str, int]:
    """Given a session and a workbook, add the records of every known sheet; return the count per sheet. Sheets
    and columns that are not the workbook's, title rows above a header and example rows go to `warnings`."""
    from openpyxl import load_workbook

    path = Path(path)
    warnings = warnings if warnings is not None else []
    wb = load_workbook(path, read_only=True, data_only=True)
    problems: list[RowProblem] = []
    records: dict[str, list[Any]] = {}
    seen: set[tuple[Any, ...]] = set()
    for name in wb.sheetnames:
        if name not in SHEETS:
            if name != "可选值":
                warnings.append(RowProblem(0, "", f"工作表“{name}”不是可导入的工作表（{'、'.join(SHEETS)}），未导入"))
            continue
        columns = SHEETS[name][0]
        rows = list(wb[name].iter_rows(values_only=True))
        at = _header_at(rows, columns[0]) if rows else None
        if at is None:
            if any(any(v not in (None, "") for v in r) for r in rows):
                problems.append(RowProblem(1, name, f"前5行中没有表头（应有“{'”“'.join(columns)}”列）"))
            continue
        if at:
            warnings.append(RowProblem(1, name, f"表头在第{at + 1}行，上方{at}行作为标题跳过"))
        header = [str(h).strip() if h is not None else "" for h in rows[at]]
        for col in header:
            if col and col not in columns:
                warnings.append(RowProblem(at + 1, f"{name}·{col}", "不是该工作表的列，该列内容未导入"))
        records[name] = []
        for n, values in enumerate(rows[at + 1:], start=at + 2):
            if not any(v not in (None, "") for v in values):
                continue
            if is_example(values):
                warnings.append(RowProblem(n, name, "示例行，未导入"))
                continue
            before = len(problems)
            rec = build_record(name, dict(zip(header, values, strict=False)), problems, n)
            if len(problems) == before:
                _already_kept(sess, name, n, rec, seen, problems)
            if len(problems) == before:
                records[name].append(rec)
    wb.close()
    if problems:
        raise LedgerImportError(path.name, problems)
    for recs in records.values():
        sess.add_all(recs)
    return {name: len(recs) for name, recs in records.items()}
