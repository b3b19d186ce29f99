"""Import and export the 依申请公开台账 as XLSX or CSV, in the columns offices keep it in.

An import is checked row by row (bad date, unknown category, reply before receipt, …) and is all or nothing:
one bad row and no row is written, and every problem is reported with its row and column.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ogi.errors import OgiError
from ogi.extract.normalize import norm
from ogi.model.layout import LAYOUT_2021, TableKey, layout_for, outcome_rows
from ogi.model.report import SCHEMA_VERSION
from ogi.office.records import Application, Channel, Event, EventKind

__all__ = ["COLUMNS", "LedgerImportError", "RowProblem", "export_ledger", "import_ledger", "outcome_label", "parse_date"]

COLUMNS = ("编号", "申请人类型", "申请人姓名或名称", "联系方式", "证件号码", "申请方式", "收到申请日期", "申请内容",
           "获取方式", "补正告知日期", "收到补正日期", "征求意见日期", "收到意见日期", "延期工作日数", "延期批准人",
           "收费通知日期", "收费金额（元）", "缴费日期", "答复日期", "办理结果", "答复依据", "撤销原因")
_CATEGORY = {"自然人": "natural_person", "商业企业": "commercial_enterprise", "科研机构": "research_institution",
             "社会公益组织": "public_interest_org", "法律服务机构": "legal_service_org", "其他": "other_org"}
_CATEGORY_ZH = {v: k for k, v in _CATEGORY.items()}
_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")
_EVENT_DATES = (("补正告知日期", EventKind.CORRECTION_REQUESTED), ("收到补正日期", EventKind.CORRECTION_RECEIVED),
                ("征求意见日期", EventKind.CONSULTATION_SENT), ("收到意见日期", EventKind.CONSULTATION_ANSWERED),
                ("收费通知日期", EventKind.FEE_NOTICE), ("缴费日期", EventKind.FEE_PAID))
_VERSION_NOTE = f"ogi 台账 (schema {SCHEMA_VERSION})"


@dataclass(frozen=True, slots=True)
class RowProblem:
    row: int  # as the spreadsheet numbers it (header = 1)
    column: str
    message: str

    def __str__(self) -> str:
        return f"第{self.row}行“{self.column}”：{self.message}"


class LedgerImportError(OgiError):
    """The ledger has rows that cannot be imported; nothing was imported."""

    code = "office.ledger_invalid"
    message_zh = "台账有错误，未导入任何记录"

    def __init__(self, name: str | None, problems: Sequence[RowProblem]) -> None:
        self.problems = list(problems)
        super().__init__(name, f"共{len(self.problems)}处：" + "；".join(map(str, self.problems[:10])))


def _outcome_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for version in ("2021", "2019"):
        layout = layout_for(version)
        for row in outcome_rows(layout):
            group = layout.row(TableKey.APPLICATIONS, row.group).label if row.group != "outcomes" else ""
            body = re.sub(r"^(?:\d+\.|（[一二三四五六七]）)", "", row.label)
            body = re.sub(r"（.*）$", "", body)
            group_body = re.sub(r"^（[一二三四五六七]）", "", group)
            for name in (row.key, row.label, body, group_body + body, f"{group_body}：{body}", f"{group_body}-{body}"):
                names.setdefault(norm(name), row.key)
    return names


_OUTCOMES = _outcome_names()


def outcome_label(key: str) -> str:
    """Given an outcome key, return the words offices write in the ledger, e.g. 不予公开：属于国家秘密."""
    row = LAYOUT_2021.row(TableKey.APPLICATIONS, key) if key != "other_handling" else layout_for("2019").row(TableKey.APPLICATIONS, key)
    body = re.sub(r"（.*）$", "", re.sub(r"^(?:\d+\.|（[一二三四五六七]）)", "", row.label))
    if row.group in (None, "outcomes"):
        return body
    group = re.sub(r"^（[一二三四五六七]）", "", LAYOUT_2021.row(TableKey.APPLICATIONS, row.group).label)
    return f"{group}：{body}"


def parse_date(value: object) -> dt.date | None:
    """Given a cell (date, datetime, "2024-01-31", "2024年1月31日" or empty), return the date or None."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    m = _DATE.match(str(value))
    if not m:
        raise ValueError(f"日期“{value}”无法识别（应为2024-01-31或2024年1月31日）")
    return dt.date(int(m[1]), int(m[2]), int(m[3]))


def _rows(path: Path) -> list[dict[str, object]]:
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        wb = load_workbook(path, read_only=True, data_only=True)
        values = list(wb.active.iter_rows(values_only=True))
        wb.close()
    else:
        text = path.read_bytes()
        from ogi.read.encoding import decode

        values = list(csv.reader(io.StringIO(decode(text, name=path.name)[0])))
    if not values:
        return []
    header = [str(h).strip() if h is not None else "" for h in values[0]]
    return [dict(zip(header, row, strict=False)) for row in values[1:] if any(v not in (None, "") for v in row)]


def _text(row: dict[str, object], col: str) -> str:
    value = row.get(col)
    return "" if value is None else str(value).strip()


def _parse(row: dict[str, object], n: int, problems: list[RowProblem]) -> Application | None:
    def bad(col: str, msg: str) -> None:
        problems.append(RowProblem(n, col, msg))

    dates: dict[str, dt.date | None] = {}
    for col in ("收到申请日期", "答复日期", *(c for c, _ in _EVENT_DATES)):
        try:
            dates[col] = parse_date(row.get(col))
        except ValueError as exc:
            bad(col, str(exc))
            dates[col] = None
    ref = _text(row, "编号")
    if not ref:
        bad("编号", "不能为空")
    category = _CATEGORY.get(_text(row, "申请人类型"))
    if category is None:
        bad("申请人类型", f"“{_text(row, '申请人类型')}”不是统一格式的申请人类型（{'、'.join(_CATEGORY)}）")
    channel = _text(row, "申请方式") or "其他"
    if channel not in {c.value for c in Channel}:
        bad("申请方式", f"“{channel}”不是可识别的申请方式（{'、'.join(c.value for c in Channel)}）")
    received, replied = dates["收到申请日期"], dates["答复日期"]
    if received is None and "收到申请日期" not in {p.column for p in problems if p.row == n}:
        bad("收到申请日期", "不能为空")
    outcome_text = _text(row, "办理结果")
    outcome = _OUTCOMES.get(norm(outcome_text)) if outcome_text else None
    if outcome_text and outcome is None:
        bad("办理结果", f"“{outcome_text}”不是统一格式表三中的办理结果")
    if replied and not outcome_text:
        bad("办理结果", "有答复日期但未填写办理结果")
    if outcome_text and not replied:
        bad("答复日期", "已填写办理结果但没有答复日期")
    for col, value in dates.items():
        if value and received and col != "收到申请日期" and value < received:
            bad(col, f"{value.isoformat()}早于收到申请日期{received.isoformat()}")
    if dates["收到补正日期"] and dates["补正告知日期"] and dates["收到补正日期"] < dates["补正告知日期"]:
        bad("收到补正日期", "早于补正告知日期")
    extension = None
    if _text(row, "延期工作日数"):
        try:
            extension = int(float(_text(row, "延期工作日数")))
        except ValueError:
            bad("延期工作日数", "应为整数")
        else:
            if not 1 <= extension <= 20:
                bad("延期工作日数", "延长期限最长不得超过20个工作日（条例第三十三条）")
    amount = None
    if _text(row, "收费金额（元）"):
        try:
            amount = int(float(_text(row, "收费金额（元）")))
        except ValueError:
            bad("收费金额（元）", "应为整数（元）")
    if any(p.row == n for p in problems) or received is None or category is None:
        return None
    app = Application(ref=ref, applicant_category=category, applicant_name=_text(row, "申请人姓名或名称"),
                      contact=_text(row, "联系方式"), id_document=_text(row, "证件号码"), channel=channel,
                      received_on=received, request=_text(row, "申请内容"), form=_text(row, "获取方式"),
                      outcome=outcome, outcome_basis=_text(row, "答复依据") or None, replied_on=replied,
                      withdrawn_reason=_text(row, "撤销原因") or None)
    events = [Event(kind=kind, on=dates[col], amount=amount if kind == EventKind.FEE_NOTICE else None)
              for col, kind in _EVENT_DATES if dates[col]]
    if extension:
        events.append(Event(kind=EventKind.EXTENSION, on=received, workdays=extension,
                            actor=_text(row, "延期批准人")))
    if replied:
        events.append(Event(kind=EventKind.REPLY, on=replied))
    app.events = events
    return app


def import_ledger(sess: Session, path: str | Path) -> list[Application]:
    """Given a session and a ledger file (XLSX or CSV), add its applications; all or nothing."""
    path = Path(path)
    problems: list[RowProblem] = []
    apps: list[Application] = []
    seen: dict[str, int] = {}
    existing = set(sess.scalars(select(Application.ref)))
    for n, row in enumerate(_rows(path), start=2):
        app = _parse(row, n, problems)
        ref = _text(row, "编号")
        if ref and ref in seen:
            problems.append(RowProblem(n, "编号", f"与第{seen[ref]}行重复"))
        elif ref in existing:
            problems.append(RowProblem(n, "编号", "台账中已有此编号"))
        seen.setdefault(ref, n)
        if app is not None:
            apps.append(app)
    if problems:
        raise LedgerImportError(path.name, problems)
    sess.add_all(apps)
    return apps


def _date_text(d: dt.date | None) -> str:
    return d.isoformat() if d else ""


def _ledger_row(a: Application) -> list[object]:
    first: dict[str, Event] = {}
    for e in a.events:
        first.setdefault(e.kind, e)  # the first event of each kind
    ext = first.get(EventKind.EXTENSION)
    fee = first.get(EventKind.FEE_NOTICE)
    values = {
        "编号": a.ref, "申请人类型": _CATEGORY_ZH.get(a.applicant_category, a.applicant_category),
        "申请人姓名或名称": a.applicant_name, "联系方式": a.contact, "证件号码": a.id_document,
        "申请方式": a.channel, "收到申请日期": _date_text(a.received_on), "申请内容": a.request, "获取方式": a.form,
        "延期工作日数": ext.workdays if ext else "", "延期批准人": ext.actor if ext else "",
        "收费金额（元）": fee.amount if fee and fee.amount is not None else "",
        "答复日期": _date_text(a.replied_on), "办理结果": outcome_label(a.outcome) if a.outcome else "",
        "答复依据": a.outcome_basis or "", "撤销原因": a.withdrawn_reason or "",
    }
    for col, kind in _EVENT_DATES:
        values[col] = _date_text(first[kind].on) if kind in first else ""
    return [values[c] for c in COLUMNS]


def export_ledger(apps: Iterable[Application], path: str | Path) -> int:
    """Given applications and a path ending in .xlsx or .csv, write the ledger; return the rows written."""
    path = Path(path)
    rows = [_ledger_row(a) for a in apps]
    if path.suffix.lower() == ".xlsx":
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        ws.title = "依申请公开台账"
        ws.append(list(COLUMNS))
        for r in rows:
            ws.append(r)
        wb.properties.description = _VERSION_NOTE
        wb.save(path)
    else:
        with path.open("w", encoding="utf-8-sig", newline="") as f:  # utf-8-sig: Excel opens it as UTF-8
            writer = csv.writer(f)
            writer.writerow(COLUMNS)
            writer.writerows(rows)
    return len(rows)
