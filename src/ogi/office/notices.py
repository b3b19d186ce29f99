"""The disclosure office's written notices (书面告知): 补正告知书, 延期答复告知书, 征求意见函, 收费通知书 and the
答复书/告知书 of every outcome of table 三, generated as DOCX from editable plain-text templates and kept with the
application.

Each kind cites the article of 《中华人民共和国政府信息公开条例》(国务院令第711号, 2019年5月15日施行) that governs it.
The citations were checked against the full text (LawRefBook/Laws, 行政法规/政府信息公开条例(2019-04-03).md);
where the 条例 names no article for a row of table 三 the choice is an inference, marked [I] in KIND_SPECS:

- 第二十九条 has two paragraphs only (书面形式; 申请应当包括的内容), so a 补正 cites 第二十九条第二款 (what the
  application must state) and 第三十条 (the 补正 itself); there is no 第二十九条第三款.
- 不予公开：属于行政查询事项 — the 条例 has no such words; the nearest rule is 第三十六条第（七）项 (information whose
  access other laws regulate, told to follow those rules) [I].
- 无法提供：补正后申请内容仍不明确 — 第三十条 (the rule on unclear requests) [I]; the article says nothing of a
  request still unclear after correction.
- 不予处理：要求行政机关确认或重新出具已获取信息 — 第二条 (政府信息 is what is recorded) and 第三十八条 (what is provided
  is information already made or obtained) [I].
- 其他处理：逾期未缴费 — 第四十二条 and 国办函〔2020〕109号; the article of 109号 saying the application then counts
  as abandoned was not read (domain.md §4), so no article number of 109号 is cited.
- 其他处理：其他 — no fixed article: the notice quotes the basis recorded with the closure.
- 本机关不掌握相关政府信息 covers two replies of 第三十六条: （四）信息不存在 and （五）不属于本机关负责公开; each has
  its own kind (``unable_not_held`` and ``unable_not_ours``), both fitting that outcome.

Templates: one line per paragraph; the first line is the title; the lines after a line ``---`` are the signature
block (right-aligned); ``{字段}`` is replaced by the application's values (FIELDS), ``{{`` and ``}}`` write braces.
The defaults are package data (ogi/office/notice_templates/KIND.txt); an office's own text is stored in
``notice_template`` and may be reset to the default. Nothing is deleted: a reset keeps the row, without a body.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import string
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources

from sqlalchemy import Date, DateTime, ForeignKey, Integer, LargeBinary, String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from ogi.errors import OgiError
from ogi.office.actions import DEFAULT_CORRECTION_WORKDAYS, METHOD_ZH, active_fee_notice, correction_period_end
from ogi.office.deadlines import fee_payment_due, third_party_answer_due, zh_date
from ogi.office.due import calendar_for, deadline_of
from ogi.office.records import Application, Event, EventKind, OfficeSetting
from ogi.office.settings import get_flag
from ogi.office.vocab import outcome_label
from ogi.office.workdays import WorkdayCalendar
from ogi.storage.base import Base

__all__ = [
    "AGENCY_KEY",
    "FIELDS",
    "KINDS",
    "IssuedNotice",
    "NoticeError",
    "NoticeKind",
    "NoticeTemplate",
    "agency_name",
    "default_template",
    "fill",
    "fitting_kinds",
    "issue_notice",
    "kind_of",
    "notices_of",
    "render_docx",
    "reset_template",
    "set_agency_name",
    "set_template",
    "template_of",
    "template_rows",
    "values_for",
]

AGENCY_KEY = "agency_name"
BLANK = "________"  # a value the register does not hold: a line for the clerk to fill in by hand
BEIJING = dt.timezone(dt.timedelta(hours=8))
LAW = "《中华人民共和国政府信息公开条例》"


class NoticeError(OgiError):
    """A notice that does not fit the application, an unknown kind, or a template with unknown fields."""

    code = "office.notice_refused"
    message_zh = "未生成文书"


class NoticeTemplate(Base):
    """An office's own text of one kind of notice; body None: the packaged default (reset)."""

    __tablename__ = "notice_template"

    kind: Mapped[str] = mapped_column(String(64), primary_key=True)
    body: Mapped[str | None] = mapped_column(Text, default=None)
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    changed_by: Mapped[str] = mapped_column(String(100), default="")


class IssuedNotice(Base):
    """One notice as issued: the DOCX bytes kept with the application (the audit trail keeps their checksum)."""

    __tablename__ = "issued_notice"
    __audit_masked__ = ("docx",)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id"), index=True)
    kind: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(200))
    dated: Mapped[dt.date] = mapped_column(Date)  # the date the notice bears
    issued_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    issued_by: Mapped[str] = mapped_column(String(100), default="")
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    docx: Mapped[bytes] = mapped_column(LargeBinary)

    def __repr__(self) -> str:
        return f"IssuedNotice({self.kind!r}, dated={self.dated})"


# ------------------------------------------------------------------------------------------------------------
# The kinds


@dataclass(frozen=True, slots=True)
class NoticeKind:
    key: str
    name_zh: str  # how lists and buttons name it
    basis: str  # the legal basis the notice cites (checked by the tests against the 条例)
    fits: Callable[[Application], bool]
    outcomes: tuple[str, ...] = ()  # the table 三 outcomes whose reply this is

    @property
    def is_reply(self) -> bool:
        return bool(self.outcomes)


def _active(app: Application, kind: str) -> list[Event]:
    return [e for e in app.events if e.kind == kind and e.withdrawn_reason is None]


def _consulted(party: str) -> Callable[[Application], bool]:
    def fits(app: Application) -> bool:
        return app.is_open and any(("其他机关" in (e.note or "")) == (party == "agency")
                                   for e in _active(app, EventKind.CONSULTATION_SENT))
    return fits


def _replied(*outcomes: str) -> Callable[[Application], bool]:
    return lambda app: app.withdrawn_reason is None and app.outcome in outcomes


# key, name, basis, outcomes ([I] = inference, see the module's docstring)
_REPLIES: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("disclosed", "答复书（予以公开）", f"{LAW}第三十六条第（二）项", ("disclosed",)),
    ("partially_disclosed", "答复书（部分公开）", f"{LAW}第三十七条", ("partially_disclosed",)),
    ("withheld_state_secret", "答复书（不予公开：国家秘密）", f"{LAW}第十四条、第三十六条第（三）项",
     ("withheld_state_secret",)),
    ("withheld_law_prohibited", "答复书（不予公开：法律行政法规禁止公开）", f"{LAW}第十四条、第三十六条第（三）项",
     ("withheld_law_prohibited",)),
    ("withheld_three_safety_stability", "答复书（不予公开：危及“三安全一稳定”）",
     f"{LAW}第十四条、第三十六条第（三）项", ("withheld_three_safety_stability",)),
    ("withheld_third_party", "答复书（不予公开：保护第三方合法权益）", f"{LAW}第十五条、第三十六条第（三）项",
     ("withheld_third_party",)),
    ("withheld_internal_affairs", "答复书（不予公开：内部事务信息）", f"{LAW}第十六条第一款、第三十六条第（三）项",
     ("withheld_internal_affairs",)),
    ("withheld_process_info", "答复书（不予公开：过程性信息）", f"{LAW}第十六条第二款、第三十六条第（三）项",
     ("withheld_process_info",)),
    ("withheld_enforcement_file", "答复书（不予公开：行政执法案卷）", f"{LAW}第十六条第二款、第三十六条第（三）项",
     ("withheld_enforcement_file",)),
    ("withheld_query_matter", "答复书（行政查询事项）", f"{LAW}第三十六条第（七）项",  # [I]
     ("withheld_query_matter",)),
    ("unable_not_held", "答复书（政府信息不存在）", f"{LAW}第三十六条第（四）项", ("unable_not_held",)),
    ("unable_not_ours", "答复书（不属于本机关负责公开）", f"{LAW}第三十六条第（五）项", ("unable_not_held",)),
    ("unable_needs_creation", "答复书（需要另行制作）", f"{LAW}第三十八条", ("unable_needs_creation",)),
    ("unable_unclear_after_correction", "答复书（补正后仍不明确）", f"{LAW}第三十条",  # [I]
     ("unable_unclear_after_correction",)),
    ("not_processed_petition", "告知书（信访举报投诉类申请）", f"{LAW}第三十九条第一款", ("not_processed_petition",)),
    ("not_processed_repeat", "告知书（重复申请）", f"{LAW}第三十六条第（六）项", ("not_processed_repeat",)),
    ("not_processed_publication", "告知书（要求提供公开出版物）", f"{LAW}第三十九条第二款",
     ("not_processed_publication",)),
    ("not_processed_excessive", "告知书（无正当理由大量反复申请）", f"{LAW}第三十五条", ("not_processed_excessive",)),
    ("not_processed_confirm_existing", "告知书（要求确认或重新出具已获取信息）", f"{LAW}第二条、第三十八条",  # [I]
     ("not_processed_confirm_existing",)),
    ("other_no_correction", "告知书（逾期不补正）", f"{LAW}第三十条", ("other_no_correction",)),
    ("other_unpaid_fee", "告知书（逾期未缴费）", f"{LAW}第四十二条、国办函〔2020〕109号", ("other_unpaid_fee",)),
    ("other_misc", "告知书（其他处理）", "", ("other_misc", "other_handling")),  # the basis recorded at closure
)

KINDS: dict[str, NoticeKind] = {k.key: k for k in (
    NoticeKind("correction", "补正告知书", f"{LAW}第二十九条第二款、第三十条",
               lambda a: bool(_active(a, EventKind.CORRECTION_REQUESTED)) and a.is_open),
    NoticeKind("extension", "延期答复告知书", f"{LAW}第三十三条第二款",
               lambda a: bool(_active(a, EventKind.EXTENSION)) and a.is_open),
    NoticeKind("consultation", "征求第三方意见函", f"{LAW}第十五条、第三十二条", _consulted("third_party")),
    NoticeKind("consultation_agency", "征求其他机关意见函", f"{LAW}第三十四条", _consulted("agency")),
    NoticeKind("fee", "收费通知书", f"{LAW}第四十二条、《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）",
               lambda a: active_fee_notice(a) is not None and a.is_open),
    *(NoticeKind(key, name, basis, _replied(*outcomes), outcomes) for key, name, basis, outcomes in _REPLIES),
)}


def kind_of(text: str) -> NoticeKind:
    """Given a kind's key or its Chinese name, return the kind, or raise NoticeError listing them."""
    text = text.strip()
    found = KINDS.get(text) or next((k for k in KINDS.values() if k.name_zh == text), None)
    if found is None:
        listed = "、".join(f"{k.key}（{k.name_zh}）" for k in KINDS.values())
        raise NoticeError(None, f"没有文书种类“{text}”，可选：{listed}")
    return found


def fitting_kinds(app: Application) -> list[NoticeKind]:
    """Return the kinds of notice the application's recorded steps call for, in the order of KINDS: a 补正告知书
    once a 补正 is recorded, the reply of its outcome once it is replied or closed; none once withdrawn."""
    if app.withdrawn_reason is not None:
        return []
    return [k for k in KINDS.values() if k.fits(app)]


# ------------------------------------------------------------------------------------------------------------
# Templates and their fields

FIELDS: dict[str, str] = {
    "机关名称": "本机关名称（设置项 agency_name）",
    "申请人": "申请人姓名或名称",
    "申请编号": "台账编号",
    "收到申请日期": "收到申请之日（条例第三十一条）",
    "申请内容": "申请公开的政府信息",
    "获取方式": "获取信息的方式、途径",
    "文书日期": "文书落款日期",
    "答复期限": "答复期限的最后一日（含延长、补正、征求意见）",
    "补正期限": "补正期限（工作日数）",
    "补正截止日期": "补正期限的最后一日",
    "延长工作日": "延长答复期限的工作日数",
    "征求意见日期": "发出征求意见函之日",
    "意见截止日期": "被征求意见方提出意见期限的最后一日（15个工作日）",
    "收费金额": "信息处理费金额（元）",
    "收费方式": "按件或按量",
    "收费依据": "计费说明",
    "缴费截止日期": "缴费期限的最后一日（20个工作日）",
    "答复日期": "答复或办结之日",
    "答复依据": "登记的答复或办结依据",
    "办理结果": "表三中的办理结果",
}


def default_template(key: str) -> str:
    """Return the packaged default text of a kind of notice."""
    return resources.files("ogi.office").joinpath("notice_templates", f"{kind_of(key).key}.txt").read_text("utf-8")


def _check(body: str) -> list[tuple[str, str | None]]:
    """Split a template into literal text and field names; raise NoticeError on an unknown or odd field."""
    parts: list[tuple[str, str | None]] = []
    try:
        parsed = list(string.Formatter().parse(body))
    except ValueError as exc:
        raise NoticeError(None, f"模板中的花括号不成对（{exc}）；要写花括号本身请写 {{{{ 或 }}}}") from None
    for literal, name, spec, conversion in parsed:
        if name is not None and (name not in FIELDS or spec or conversion):
            raise NoticeError(None, f"模板中的字段“{{{name}}}”不可用，可用字段：{'、'.join(FIELDS)}")
        parts.append((literal, name))
    return parts


def fill(body: str, values: dict[str, str]) -> str:
    """Given a template and the values of its fields, return the notice's text (a missing value: a blank line)."""
    return "".join(literal + ((values.get(name) or BLANK) if name is not None else "")
                   for literal, name in _check(body))


def template_of(sess: Session, key: str) -> str:
    """Return the text a kind of notice is made from: the office's own, or the default."""
    row = sess.get(NoticeTemplate, kind_of(key).key)
    return row.body if row is not None and row.body is not None else default_template(key)


def set_template(sess: Session, key: str, body: str, actor: str) -> NoticeTemplate:
    """Store the office's own text of a kind of notice (fields checked; audited)."""
    kind = kind_of(key)
    body = body.replace("\r\n", "\n").strip() + "\n"
    _check(body)
    if not body.strip():
        raise NoticeError(None, "模板不能为空；要恢复默认模板请用“恢复默认”")
    row = sess.get(NoticeTemplate, kind.key)
    now = dt.datetime.now(dt.UTC)
    if row is None:
        row = NoticeTemplate(kind=kind.key, body=body, changed_at=now, changed_by=actor)
        sess.add(row)
    else:
        row.body, row.changed_at, row.changed_by = body, now, actor
    return row


def reset_template(sess: Session, key: str, actor: str) -> None:
    """Go back to the default text of a kind of notice (the row stays, without a body)."""
    row = sess.get(NoticeTemplate, kind_of(key).key)
    if row is not None and row.body is not None:
        row.body, row.changed_at, row.changed_by = None, dt.datetime.now(dt.UTC), actor


@dataclass(frozen=True, slots=True)
class TemplateRow:
    kind: NoticeKind
    own: bool  # the office's own text (not the default)
    changed_at: dt.datetime | None
    changed_by: str


def template_rows(sess: Session) -> list[TemplateRow]:
    """Return every kind with whether the office changed its text, when and by whom."""
    rows = {r.kind: r for r in sess.scalars(select(NoticeTemplate))}
    out = []
    for kind in KINDS.values():
        r = rows.get(kind.key)
        out.append(TemplateRow(kind, r is not None and r.body is not None, r.changed_at if r else None,
                               r.changed_by if r else ""))
    return out


def agency_name(sess: Session) -> str:
    """Return the office's agency name as notices print it (office setting ``agency_name``), or a blank."""
    row = sess.get(OfficeSetting, AGENCY_KEY)
    return row.value if row is not None and row.value.strip() else ""


def set_agency_name(sess: Session, name: str) -> str:
    """Set the agency name notices print (audited like every setting)."""
    name = name.strip()
    if not name or len(name) > 200:
        raise NoticeError(None, "机关名称不能为空，且不超过200字")
    row = sess.get(OfficeSetting, AGENCY_KEY)
    if row is None:
        sess.add(OfficeSetting(key=AGENCY_KEY, value=name))
    else:
        row.value = name
    return name


def _last(app: Application, kind: str) -> Event | None:
    found = _active(app, kind)
    return max(found, key=lambda e: (e.on, e.id or 0)) if found else None


def values_for(sess: Session, app: Application, on: dt.date, cal: WorkdayCalendar | None = None) -> dict[str, str]:
    """Given an application and the date the notice bears, return the values of every field the register holds."""
    cal = cal or calendar_for(sess)
    deadline = deadline_of(app, cal, pause_fees=get_flag(sess, "fee_pause"))
    v = {"机关名称": agency_name(sess), "申请人": app.applicant_name, "申请编号": app.ref,
         "收到申请日期": zh_date(app.received_on), "申请内容": app.request, "获取方式": app.form,
         "文书日期": zh_date(on), "答复期限": zh_date(deadline.due) if deadline.due else "收到补正后的申请之日起20个工作日内"}
    if (e := _last(app, EventKind.CORRECTION_REQUESTED)) is not None:
        v["补正期限"] = str(e.workdays or DEFAULT_CORRECTION_WORKDAYS)
        v["补正截止日期"] = zh_date(correction_period_end(e, cal))
    if (e := _last(app, EventKind.EXTENSION)) is not None:
        v["延长工作日"] = str(e.workdays or "")
    if (e := _last(app, EventKind.CONSULTATION_SENT)) is not None:
        v["征求意见日期"] = zh_date(e.on)
        v["意见截止日期"] = zh_date(third_party_answer_due(e.on, cal))
    if (e := active_fee_notice(app)) is not None:
        v["收费金额"] = str(e.amount or "")
        v["收费方式"] = METHOD_ZH.get(e.method or "", "")
        v["收费依据"] = (e.note or "").split("；")[0]
        v["缴费截止日期"] = zh_date(fee_payment_due(e.on, cal))
    if app.replied_on is not None:
        v["答复日期"] = zh_date(app.replied_on)
    if app.outcome:
        v["办理结果"] = outcome_label(app.outcome)
        v["答复依据"] = app.outcome_basis or ""
    return {k: s for k, s in v.items() if s}


# ------------------------------------------------------------------------------------------------------------
# DOCX


def _font(run, name: str, size: float, bold: bool = False) -> None:  # noqa: ANN001
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name, run.font.size, run.font.bold = name, Pt(size), bold
    rpr = run._element.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), name)


def render_docx(text: str, title: str = "") -> bytes:
    """Given a notice's text (first line the title, lines after ``---`` the signature), return DOCX bytes in the
    usual layout of official letters: a centred bold title in 宋体, the body in 仿宋 三号 with a two-character
    first-line indent, the signature and date right-aligned."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    while lines and not lines[0].strip():
        lines.pop(0)
    head, body = (lines[0].strip(), lines[1:]) if lines else ("", [])
    doc = Document()
    doc.core_properties.title = title or head
    from docx.shared import Mm

    for section in doc.sections:  # A4 with the margins of GB/T 9704 (党政机关公文格式): python-docx's is US Letter
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
    heading = doc.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(heading.add_run(head), "宋体", 22, bold=True)
    signature, first = False, True
    for line in body:
        if line.strip() == "---":
            signature = True
            continue
        if not line.strip():
            continue
        p = doc.add_paragraph()
        p.paragraph_format.space_after = Pt(0)
        p.paragraph_format.line_spacing = Pt(28)
        if signature:
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif not (first and line.endswith(("：", ":"))):  # the salutation (张三：) stays at the margin
            p.paragraph_format.first_line_indent = Pt(32)
        first = False
        _font(p.add_run(line.strip()), "仿宋", 16)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# ------------------------------------------------------------------------------------------------------------
# Issuing and keeping


_STEP_OF = {"correction": EventKind.CORRECTION_REQUESTED, "extension": EventKind.EXTENSION,
            "consultation": EventKind.CONSULTATION_SENT, "consultation_agency": EventKind.CONSULTATION_SENT,
            "fee": EventKind.FEE_NOTICE}


def _step_day(app: Application, kind: NoticeKind) -> dt.date | None:
    """The day of the step a notice writes down (the 补正 sent, the reply given): the date the notice bears."""
    if kind.is_reply:
        return app.replied_on
    step = _last(app, _STEP_OF[kind.key])
    return step.on if step is not None else None


def issue_notice(sess: Session, app: Application, key: str, *, by: str, on: dt.date | None = None) -> IssuedNotice:
    """Given an application and a kind, make the notice from the office's template and keep it with the
    application; refuse a kind the application's state does not call for (NoticeError, in Chinese). The notice
    bears `on`, by default the day of the step it writes down (the 补正 sent, the reply given)."""
    kind = kind_of(key)
    if kind not in fitting_kinds(app):
        fitting = "、".join(k.name_zh for k in fitting_kinds(app)) or "无"
        raise NoticeError(app.ref, f"该申请目前不适用“{kind.name_zh}”（可生成：{fitting}）")
    now = dt.datetime.now(dt.UTC)
    on = on or _step_day(app, kind) or now.astimezone(BEIJING).date()
    text = fill(template_of(sess, kind.key), values_for(sess, app, on))
    data = render_docx(text, f"{kind.name_zh}（{app.ref}）")
    notice = IssuedNotice(application_id=app.id, kind=kind.key, title=kind.name_zh, dated=on, issued_at=now,
                          issued_by=by, size=len(data), sha256=hashlib.sha256(data).hexdigest(), docx=data)
    sess.add(notice)
    sess.flush()
    return notice


def notices_of(sess: Session, app: Application) -> list[IssuedNotice]:
    """Return the notices kept with an application, oldest first."""
    return list(sess.scalars(select(IssuedNotice).where(IssuedNotice.application_id == app.id)
                             .order_by(IssuedNotice.issued_at, IssuedNotice.id)))


TO_OTHERS = frozenset({"consultation", "consultation_agency"})  # letters to a third party or another agency


def applicant_notices(sess: Session, app: Application) -> list[IssuedNotice]:
    """The kept notices addressed to the applicant (not the letters to third parties), oldest first: what the
    applicant's own status page offers for download."""
    return [n for n in notices_of(sess, app) if n.kind not in TO_OTHERS]


def kept_notice(sess: Session, app: Application, notice_id: int) -> IssuedNotice:
    """Return one kept notice of an application, or raise NoticeError."""
    notice = sess.get(IssuedNotice, notice_id)
    if notice is None or notice.application_id != app.id:
        raise NoticeError(app.ref, "该申请没有这份文书")
    return notice
