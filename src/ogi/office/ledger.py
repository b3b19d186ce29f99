"""Import and export the 依申请公开台账 as XLSX or CSV, in the columns offices keep it in.

An import is checked row by row and is all or nothing: one bad row and no row is written, and every problem is
reported with its row and column — a date that cannot be read or does not exist, a date in the future, a value
none of the allowed ones (the message lists them; unambiguous short forms such as 不予公开：国家秘密 are taken),
a reply before receipt, a 补正 received without a notice, an extension without approver, a 0 元 or second fee
notice, a notice after the reply. Warnings do not stop it: a reply past its deadline (with the working days),
columns and sheets that are not the ledger's, a title row above the header, the template's example row.
A cell may hold one value per event, separated by ；, so an application with two fee notices or consultations
exports and re-imports whole.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ogi.errors import OgiError
from ogi.model.report import SCHEMA_VERSION
from ogi.office.records import Application, Event, EventKind
from ogi.office.vocab import (
    CATEGORY_ZH,
    METHOD_ZH,
    VocabError,
    category_key,
    channel_value,
    method_key,
    outcome_key,
    outcome_label,
)
from ogi.office.workdays import WorkdayCalendar

LEDGER_SHEET = "依申请公开台账"
ALLOWED_SHEET = "可选值"

__all__ = ["COLUMNS", "LedgerImportError", "RowProblem", "export_ledger", "import_ledger", "outcome_label", "parse_date"]

COLUMNS = ("编号", "申请人类型", "申请人姓名或名称", "联系方式", "证件号码", "申请方式", "收到申请日期", "申请内容",
           "获取方式", "补正告知日期", "补正期限（工作日）", "收到补正日期", "征求意见日期", "收到意见日期",
           "延期日期", "延期工作日数", "延期批准人", "收费通知日期", "收费方式", "收费页数", "收费金额（元）", "收费通知撤回原因",
           "缴费日期", "缴费金额（元）", "答复日期", "办理结果", "答复依据", "撤销原因")
REQUIRED = ("编号", "申请人类型", "收到申请日期")
# A cell may hold several values, one per event, separated by ；: the n-th value of each column of a group
# belongs to the n-th event (two fee notices: “2024-04-01；2024-04-03” with amounts “700；720”).
SEPARATOR = "；"
_SPLIT = re.compile(r"[；;\n]")
_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")
_VERSION_NOTE = f"ogi 台账 (schema {SCHEMA_VERSION})"
# (event kind, date column, {event field: column}) in the order the events are built
_GROUPS: tuple[tuple[str, str, dict[str, str]], ...] = (
    (EventKind.CORRECTION_REQUESTED, "补正告知日期", {"workdays": "补正期限（工作日）"}),
    (EventKind.CORRECTION_RECEIVED, "收到补正日期", {}),
    (EventKind.CONSULTATION_SENT, "征求意见日期", {}),
    (EventKind.CONSULTATION_ANSWERED, "收到意见日期", {}),
    (EventKind.FEE_NOTICE, "收费通知日期", {"method": "收费方式", "pages": "收费页数", "amount": "收费金额（元）",
                                          "withdrawn_reason": "收费通知撤回原因"}),
    (EventKind.FEE_PAID, "缴费日期", {"amount": "缴费金额（元）"}),
)
_INTEGER_FIELDS = {"workdays", "pages", "amount"}


@dataclass(frozen=True, slots=True)
class RowProblem:
    row: int  # as the spreadsheet numbers it (header = 1)
    column: str
    message: str

    def __str__(self) -> str:
        where = f"第{self.row}行" if self.row else ""
        return f"{where}“{self.column}”：{self.message}" if self.column else f"{where}{self.message}"


class LedgerImportError(OgiError):
    """The ledger has rows that cannot be imported; nothing was imported."""

    code = "office.ledger_invalid"
    message_zh = "台账有错误，未导入任何记录"

    def __init__(self, name: str | None, problems: Sequence[RowProblem]) -> None:
        self.problems = list(problems)
        super().__init__(name, f"共{len(self.problems)}处：" + "；".join(map(str, self.problems[:10])))


def parse_date(value: object) -> dt.date | None:
    """Given a cell (date, datetime, "2024-01-31", "2024年1月31日" or empty), return the date or None; a date that
    does not exist (2024-02-30) or cannot be read raises ValueError with a Chinese message."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    m = _DATE.match(str(value))
    if not m:
        raise ValueError(f"日期“{value}”无法识别（应为2024-01-31或2024年1月31日）")
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        raise ValueError(f"日期“{str(value).strip()}”不存在") from None


def _find_header(values: list[tuple[object, ...]], problems: list[RowProblem]) -> int | None:
    """Return the index of the header row: the first row naming 编号, after at most a few title rows."""
    for i, row in enumerate(values[:5]):
        cells = {str(v).strip() for v in row if v is not None}
        if "编号" in cells:
            return i
    problems.append(RowProblem(1, "", f"前5行中没有表头（应有“{'”“'.join(REQUIRED)}”等列；"
                                      "表头上方可以有一行标题），请使用 ogi office template 生成的模板"))
    return None


def _rows(path: Path, problems: list[RowProblem], warnings: list[RowProblem]) -> list[tuple[int, dict[str, object]]]:
    """Read the ledger's rows as (spreadsheet row number, {column: value}), reporting what is not the ledger."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        wb = load_workbook(path, read_only=True, data_only=True)
        sheet = wb[LEDGER_SHEET] if LEDGER_SHEET in wb.sheetnames else wb.worksheets[0]
        for other in wb.sheetnames:
            if other not in (sheet.title, ALLOWED_SHEET):
                warnings.append(RowProblem(0, "", f"工作表“{other}”不是台账，未导入"))
        values = list(sheet.iter_rows(values_only=True))
        wb.close()
    else:
        text = path.read_bytes()
        from ogi.read.encoding import decode

        values = [tuple(r) for r in csv.reader(io.StringIO(decode(text, name=path.name)[0]))]
    if not values:
        return []
    at = _find_header(values, problems)
    if at is None:
        return []
    if at:
        warnings.append(RowProblem(1, "", f"表头在第{at + 1}行，上方{at}行作为标题跳过"))
    header = [str(h).strip() if h is not None else "" for h in values[at]]
    for col in REQUIRED:
        if col not in header:
            problems.append(RowProblem(at + 1, col, "缺少此列"))
    for col in header:
        if col and col not in COLUMNS:
            warnings.append(RowProblem(at + 1, col, "不是台账的列，该列内容未导入"))
    rows = []
    for n, row in enumerate(values[at + 1:], start=at + 2):
        if not any(v not in (None, "") for v in row):
            continue
        if any(isinstance(v, str) and v.strip().startswith("示例") for v in row):
            warnings.append(RowProblem(n, "", "示例行，未导入"))
            continue
        rows.append((n, dict(zip(header, row, strict=False))))
    return rows


def _text(row: dict[str, object], col: str) -> str:
    value = row.get(col)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value).strip()


def _pieces(row: dict[str, object], col: str) -> list[object]:
    """Split a cell into its values (；-separated), keeping empty ones in place; a date cell stays one value."""
    value = row.get(col)
    if value is None or isinstance(value, dt.date | int | float):
        return [] if value is None else [value]
    text = _text(row, col)
    return [] if not text else [p.strip() for p in _SPLIT.split(text)]


class _Parser:
    """Parse one ledger row into an application and its events, recording every problem found."""

    def __init__(self, row: dict[str, object], n: int, problems: list[RowProblem], today: dt.date) -> None:
        self.row, self.n, self.problems, self.today = row, n, problems, today

    def bad(self, col: str, msg: str) -> None:
        self.problems.append(RowProblem(self.n, col, msg))

    def date(self, col: str, value: object) -> dt.date | None:
        try:
            d = parse_date(value)
        except ValueError as exc:
            self.bad(col, str(exc))
            return None
        if d is not None and d > self.today:
            self.bad(col, f"{d.isoformat()}在今天（{self.today.isoformat()}）之后")
        return d

    def integer(self, col: str, value: object) -> int | None:
        text = "" if value is None else str(value).strip()
        if not text:
            return None
        try:
            number = float(text)
        except ValueError:
            self.bad(col, f"“{text}”应为整数")
            return None
        if number != int(number) or number < 0:
            self.bad(col, f"“{text}”应为非负整数")
            return None
        return int(number)

    def vocab(self, col: str, reader: Callable[[str], str], text: str) -> str | None:
        try:
            return reader(text)
        except VocabError as exc:
            listed = next((q.row for q in self.problems if q.column == col and "应为：" in q.message), None)
            self.bad(col, str(exc) if listed is None else f"{exc.short}（可选值见第{listed}行的说明）")
            return None

    def group(self, kind: str, date_col: str, fields: dict[str, str]) -> list[Event]:
        dates = _pieces(self.row, date_col)
        columns = {f: _pieces(self.row, c) for f, c in fields.items()}
        for f, values in columns.items():
            if len(values) > len(dates) and any(v not in ("", None) for v in values[len(dates):]):
                self.bad(fields[f], f"有{len(values)}个值，但“{date_col}”只有{len(dates)}个日期")
        events = []
        for i, raw in enumerate(dates):
            on = self.date(date_col, raw)
            if on is None:
                if raw not in ("", None):
                    continue
                self.bad(date_col, f"第{i + 1}个日期为空")
                continue
            values: dict[str, object] = {}
            for f, col in fields.items():
                v = columns[f][i] if i < len(columns[f]) else None
                if f in _INTEGER_FIELDS:
                    values[f] = self.integer(col, v)
                elif f == "method":
                    values[f] = self.vocab(col, method_key, str(v)) if v not in (None, "") else None
                else:
                    values[f] = (str(v).strip() or None) if v is not None else None
            events.append(Event(kind=kind, on=on, **values))
        return events


def _parse(row: dict[str, object], n: int, problems: list[RowProblem], today: dt.date) -> Application | None:
    p = _Parser(row, n, problems, today)
    before = len(problems)
    ref = _text(row, "编号")
    if not ref:
        p.bad("编号", "不能为空")
    category = p.vocab("申请人类型", category_key, _text(row, "申请人类型"))
    channel = p.vocab("申请方式", channel_value, _text(row, "申请方式"))
    received = p.date("收到申请日期", row.get("收到申请日期"))
    if received is None and not any(q.row == n and q.column == "收到申请日期" for q in problems):
        p.bad("收到申请日期", "不能为空")
    replied = p.date("答复日期", row.get("答复日期"))
    outcome_text = _text(row, "办理结果")
    outcome = p.vocab("办理结果", outcome_key, outcome_text) if outcome_text else None
    if replied and not outcome_text:
        p.bad("办理结果", "有答复日期但未填写办理结果")
    if outcome_text and not replied:
        p.bad("答复日期", "已填写办理结果但没有答复日期")
    events: list[Event] = []
    for kind, col, fields in _GROUPS:
        events += p.group(kind, col, fields)
    days, approvers = _pieces(row, "延期工作日数"), _pieces(row, "延期批准人")
    decided = _pieces(row, "延期日期")
    for i, raw in enumerate(days):
        workdays = p.integer("延期工作日数", raw)
        approver = str(approvers[i]).strip() if i < len(approvers) and approvers[i] is not None else ""
        on = p.date("延期日期", decided[i]) if i < len(decided) and decided[i] not in ("", None) else None
        if workdays is not None and not 1 <= workdays <= 20:
            p.bad("延期工作日数", "延长期限最长不得超过20个工作日（条例第三十三条）")
        elif workdays and not approver:
            p.bad("延期批准人", "延长答复期限须经政府信息公开工作机构负责人同意（条例第三十三条），请填写批准人")
        elif workdays and received:  # without its date the extension is dated the day of receipt
            events.append(Event(kind=EventKind.EXTENSION, on=on or received, workdays=workdays, actor=approver))
    _check_events(p, events, received, replied)
    if len(problems) > before or received is None or category is None or channel is None:
        return None
    if replied:  # （六）其他处理 is a closure without a reply of its own, as ogi office close records it
        closing = outcome is not None and outcome.startswith("other_")
        events.append(Event(kind=EventKind.CLOSURE if closing else EventKind.REPLY, on=replied))
    app = Application(ref=ref, applicant_category=category, applicant_name=_text(row, "申请人姓名或名称"),
                      contact=_text(row, "联系方式"), id_document=_text(row, "证件号码"), channel=channel,
                      received_on=received, request=_text(row, "申请内容"), form=_text(row, "获取方式"),
                      outcome=outcome, outcome_basis=_text(row, "答复依据") or None, replied_on=replied,
                      withdrawn_reason=_text(row, "撤销原因") or None)
    app.events = events
    return app


def _check_events(p: _Parser, events: list[Event], received: dt.date | None, replied: dt.date | None) -> None:
    """The checks across one row's events: order of dates, a 补正 received without a notice, the fee rules."""
    def of(kind: str) -> list[Event]:
        return [e for e in events if e.kind == kind]

    col = {kind: c for kind, c, _ in _GROUPS}
    if received and replied and replied < received:
        p.bad("答复日期", f"{replied.isoformat()}早于收到申请日期{received.isoformat()}")
    for e in events:
        if received and e.on < received:
            p.bad(col.get(e.kind, "延期日期"), f"{e.on.isoformat()}早于收到申请日期{received.isoformat()}")
    asked, back = of(EventKind.CORRECTION_REQUESTED), of(EventKind.CORRECTION_RECEIVED)
    if len(back) > len(asked):
        p.bad("收到补正日期", "有收到补正日期但没有补正告知日期（补正须先发出补正告知书，条例第三十条）")
    for a, b in zip(asked, back, strict=False):
        if b.on < a.on:
            p.bad("收到补正日期", "早于补正告知日期")
    notices = of(EventKind.FEE_NOTICE)
    for e in notices:
        if e.amount is not None and e.amount <= 0 and e.withdrawn_reason is None:
            p.bad("收费金额（元）", "收费金额为0元：无需缴费的不发收费通知，请删去该收费通知日期")
    if sum(e.withdrawn_reason is None for e in notices) > 1:
        p.bad("收费通知日期", "同一申请只能有一份有效的收费通知（国办函〔2020〕109号第三条），"
                          "被撤回的请在“收费通知撤回原因”中写明原因")
    if of(EventKind.FEE_PAID) and not notices:
        p.bad("缴费日期", "有缴费日期但没有收费通知日期")
    if replied and notices and any(e.on > replied and e.withdrawn_reason is None for e in notices):
        p.bad("收费通知日期", "收费通知晚于答复日期：答复后不能再发收费通知")
    active = [e for e in notices if e.withdrawn_reason is None]
    for paid in of(EventKind.FEE_PAID):
        if paid.amount is None and active:
            paid.amount = active[-1].amount  # paid as noticed: part 六 adds up what was received


def _check_deadline(app: Application, n: int, cal: WorkdayCalendar, pause: bool,
                    warnings: list[RowProblem]) -> None:
    """Warn when a reply came after the reply period ran out, with the number of working days."""
    if app.replied_on is None or app.withdrawn_reason or (app.outcome or "").startswith("other_"):
        return
    from ogi.office.due import deadline_of

    try:
        due = deadline_of(app, cal, pause_fees=pause).due
        late = cal.count_workdays(due, app.replied_on) if due else 0
    except OgiError as exc:
        warnings.append(RowProblem(n, "答复日期", f"无法核对答复期限：{exc.message()}"))
        return
    if due and app.replied_on > due:
        warnings.append(RowProblem(n, "答复日期", f"晚于答复期限（{due.isoformat()}）{late}个工作日"))


def import_ledger(sess: Session, path: str | Path, *, warnings: list[RowProblem] | None = None,
                  update: bool = False, today: dt.date | None = None) -> list[Application]:
    """Given a session and a ledger file (XLSX or CSV), add its applications; all or nothing. Warnings (a reply
    past its deadline, columns and sheets that are not the ledger's, a title row skipped) go to `warnings`.
    With `update`, a row whose 编号 is already in the register corrects that application (see update_application)
    instead of being refused."""
    from ogi.office.due import calendar_for
    from ogi.office.settings import get_flag

    path = Path(path)
    today = today or dt.date.today()
    problems: list[RowProblem] = []
    warnings = warnings if warnings is not None else []
    apps: list[tuple[int, Application]] = []
    seen: dict[str, int] = {}
    existing = set(sess.scalars(select(Application.ref)))
    for n, row in _rows(path, problems, warnings):
        app = _parse(row, n, problems, today)
        ref = _text(row, "编号")
        if ref and ref in seen:
            problems.append(RowProblem(n, "编号", f"与第{seen[ref]}行重复"))
        elif ref in existing and not update:
            problems.append(RowProblem(n, "编号", "台账中已有此编号（更正已导入的台账请用 --update）"))
        seen.setdefault(ref, n)
        if app is not None:
            apps.append((n, app))
    if problems:
        raise LedgerImportError(path.name, problems)
    cal, pause = calendar_for(sess), get_flag(sess, "fee_pause")
    for n, app in apps:
        _check_deadline(app, n, cal, pause, warnings)
    new = [a for _, a in apps if a.ref not in existing]
    sess.add_all(new)
    if update:
        from ogi.office.lifecycle import update_application

        for _, app in apps:
            if app.ref in existing:
                update_application(sess, app, reason=f"按更正后的台账（{path.name}）更正")
    return [a for _, a in apps]


def _date_text(d: dt.date | None) -> str:
    return d.isoformat() if d else ""


def _joined(values: list[object]) -> object:
    """Join one value per event into a cell; a single value keeps its type."""
    if len(values) == 1:
        return "" if values[0] is None else values[0]
    if all(v in (None, "") for v in values):
        return ""
    return SEPARATOR.join("" if v is None else str(v) for v in values)


def _ledger_row(a: Application) -> list[object]:
    events = sorted(a.events, key=lambda e: (e.on, e.id or 0))
    values: dict[str, object] = {
        "编号": a.ref, "申请人类型": CATEGORY_ZH.get(a.applicant_category, a.applicant_category),
        "申请人姓名或名称": a.applicant_name, "联系方式": a.contact, "证件号码": a.id_document,
        "申请方式": a.channel, "收到申请日期": _date_text(a.received_on), "申请内容": a.request, "获取方式": a.form,
        "答复日期": _date_text(a.replied_on), "办理结果": outcome_label(a.outcome) if a.outcome else "",
        "答复依据": a.outcome_basis or "", "撤销原因": a.withdrawn_reason or "",
    }
    for kind, date_col, fields in _GROUPS:
        # withdrawn events are exported only where a column says so (a fee notice's 撤回原因)
        mine = [e for e in events if e.kind == kind and (e.withdrawn_reason is None or "withdrawn_reason" in fields)]
        values[date_col] = _joined([_date_text(e.on) for e in mine])
        for f, col in fields.items():
            got = [getattr(e, f) for e in mine]
            values[col] = _joined([METHOD_ZH.get(v, v) if f == "method" and v else v for v in got])
    ext = [e for e in events if e.kind == EventKind.EXTENSION and e.withdrawn_reason is None]
    values["延期日期"] = _joined([_date_text(e.on) for e in ext])
    values["延期工作日数"] = _joined([e.workdays for e in ext])
    values["延期批准人"] = _joined([e.actor for e in ext])
    return [values[c] for c in COLUMNS]
def export_ledger(apps: Iterable[Application], path: str | Path) -> int:
    """Given applications and a path ending in .xlsx or .csv, write the ledger; return the rows written."""
    path = Path(path)
    rows = [_ledger_row(a) for a in apps]
    if path.suffix.lower() == ".xlsx":
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        ws.title = LEDGER_SHEET
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
