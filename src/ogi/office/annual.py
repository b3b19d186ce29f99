"""The annual report as the office compiles it through the year: a draft per year holding only the texts a person
writes (parts 一 总体情况, 五 存在的主要问题及改进情况, 六 其他需要报告的事项, and the agency's name); the tables 二, 三 and 四
are computed from the register every time the report is shown (ogi.office.compile) and are never stored in the
draft, so nobody can type over them. Publishing keeps an immutable, numbered snapshot of the whole model with its
HTML and DOCX (the PDF is made from the snapshot when first asked for, then kept). A year-end checklist says
what is still open before the report can go out.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from sqlalchemy import DateTime, Integer, LargeBinary, String, Text, UniqueConstraint, event, func, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column, selectinload

from ogi.check import Finding, Severity, check
from ogi.errors import OgiError
from ogi.model.report import SECTION_TITLES, Report, SectionKey
from ogi.office.compile import compile_report
from ogi.office.due import calendar_for, deadline_of
from ogi.office.records import Application
from ogi.office.settings import get_flag
from ogi.office.workdays import CalendarNotCoveredError
from ogi.storage.base import AuditEntry, Base

__all__ = ["EDITABLE", "FIRST_YEAR", "MAX_TEXT", "PLACEHOLDER", "AnnualDraft", "AnnualError", "AnnualPublication", "CarryItem",
           "Checklist", "checklist", "compiled", "draft_of", "publication", "publication_file", "publication_report",
           "publications", "publish", "save_draft", "years"]

# the parts a person writes, and the draft's column for each
EDITABLE: dict[SectionKey, str] = {SectionKey.GENERAL: "general", SectionKey.PROBLEMS: "problems",
                                   SectionKey.OTHER: "other"}
PLACEHOLDER = "（请填写）"  # what the compiled drafts leave for the office to write
MAX_TEXT = 50_000  # characters in one part: far more than any real report's part
STORED_FORMS = ("html", "docx")  # rendered when published; the PDF (LibreOffice, seconds) when first downloaded
BEIJING = dt.timezone(dt.timedelta(hours=8))
FIRST_YEAR = 2008  # the first 条例 (国务院令第492号) took effect on 2008-05-01: no annual report before


class AnnualError(OgiError):
    """A draft text or a publication the office cannot have."""

    code = "office.annual_invalid"
    message_zh = "年度报告草稿无效"

    def __init__(self, detail: str, field: str = "") -> None:
        self.field = field  # the draft's field the message is about (a form shows it next to that field)
        super().__init__(None, detail)

    def message(self) -> str:
        return self.detail


class AnnualDraft(Base):
    """The texts of one year's report that a person writes; empty means the compiled draft text."""

    __tablename__ = "annual_draft"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    agency: Mapped[str] = mapped_column(String(200), default="")
    general: Mapped[str] = mapped_column(Text, default="")  # 一、总体情况
    problems: Mapped[str] = mapped_column(Text, default="")  # 五、存在的主要问题及改进情况
    other: Mapped[str] = mapped_column(Text, default="")  # 六、其他需要报告的事项
    updated_by: Mapped[str] = mapped_column(String(64), default="")
    updated_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), default=None)


class AnnualPublication(Base):
    """One published version of a year's report, as it was published: never changed afterwards."""

    __tablename__ = "annual_publication"
    __table_args__ = (UniqueConstraint("year", "version"),)
    __audit_masked__ = ("model_json", "html", "docx", "pdf")  # the audit trail keeps the checksum, not the bytes

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    version: Mapped[int] = mapped_column(Integer)
    published_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    published_by: Mapped[str] = mapped_column(String(64))
    agency: Mapped[str] = mapped_column(String(200), default="")
    model_json: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))  # of model_json
    errors: Mapped[int] = mapped_column(Integer, default=0)  # the checker's errors and warnings when published
    warnings: Mapped[int] = mapped_column(Integer, default=0)
    html: Mapped[bytes] = mapped_column(LargeBinary)
    docx: Mapped[bytes] = mapped_column(LargeBinary)
    pdf: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)


@event.listens_for(AnnualPublication, "before_update")
def _immutable(_mapper: object, _conn: object, target: AnnualPublication) -> None:
    """A publication is never changed; only its PDF may be added once, when it was not made at publication."""
    from sqlalchemy import inspect

    state = inspect(target)
    changed = {a.key for a in state.mapper.column_attrs if state.attrs[a.key].history.has_changes()}
    pdf = state.attrs["pdf"].history
    if changed - {"pdf"} or (pdf.has_changes() and any(v is not None for v in pdf.deleted)):
        raise AnnualError(f"已发布的{target.year}年度报告第{target.version}版不能修改；如需更正，请重新发布新版本")


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or dt.datetime.now(dt.UTC)


def draft_of(sess: Session, year: int) -> AnnualDraft | None:
    return sess.get(AnnualDraft, year)


def _agency(sess: Session, year: int) -> str:
    """The agency named in this year's draft, else in the latest earlier draft that names one."""
    draft = draft_of(sess, year)
    if draft is not None and draft.agency:
        return draft.agency
    return sess.scalar(select(AnnualDraft.agency).where(AnnualDraft.year < year, AnnualDraft.agency != "")
                       .order_by(AnnualDraft.year.desc()).limit(1)) or ""


def compiled(sess: Session, year: int, *, signed_on: dt.date | None = None) -> Report:
    """Given a year, return its report: the tables computed from the register now, the office's own texts of
    一, 五 and 六 where it has written them, the compiled drafts elsewhere."""
    draft = draft_of(sess, year)
    texts = {k: getattr(draft, col) for k, col in EDITABLE.items() if draft is not None and getattr(draft, col)}
    return compile_report(sess, year, agency=_agency(sess, year), texts=texts, signed_on=signed_on)


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= 2100:
        raise AnnualError(f"年度“{year}”无效：应为2008年以后的年份")


def save_draft(sess: Session, year: int, by: str, *, agency: str | None = None,
               texts: dict[SectionKey, str] | None = None, now: dt.datetime | None = None) -> AnnualDraft:
    """Given a year, who edits, and the agency's name and/or texts of 一, 五, 六 (keys of EDITABLE only: a table
    is not a text anyone writes), save them in the year's draft. A text equal to the compiled draft, or blank,
    is kept empty, so the draft follows the register until a person really writes something."""
    _check_year(year)
    texts = texts or {}
    wrong = [k for k in texts if k not in EDITABLE]
    if wrong:
        raise AnnualError("只能编辑第一、五、六部分的文字；表格由台账计算，不能填写："
                          + "、".join(SECTION_TITLES.get(k, str(k)) for k in wrong))
    for key, text in texts.items():
        if len(text) > MAX_TEXT:
            raise AnnualError(f"{SECTION_TITLES[key]}过长（{len(text)}字），不能超过{MAX_TEXT}字", EDITABLE[key])
    if agency is not None and len(agency.strip()) > 200:
        raise AnnualError("机关名称过长，不能超过200字", "agency")
    draft = draft_of(sess, year)
    if draft is None:
        draft = AnnualDraft(year=year, agency="", general="", problems="", other="")
        sess.add(draft)
    defaults = compile_report(sess, year, agency=agency.strip() if agency else draft.agency)
    for key, text in texts.items():
        text = text.replace("\r\n", "\n").strip()
        default = defaults.section(key)
        setattr(draft, EDITABLE[key], "" if default is not None and text == default.text.strip() else text)
    if agency is not None:
        draft.agency = agency.strip()
    draft.updated_by, draft.updated_at = by, _now(now)
    sess.flush()
    return draft


def _counts(findings: list[Finding]) -> tuple[int, int]:
    return (sum(f.severity is Severity.ERROR for f in findings), sum(f.severity is Severity.WARNING for f in findings))


def publish(sess: Session, year: int, by: str, *, now: dt.datetime | None = None) -> AnnualPublication:
    """Given a year and who publishes, keep the report as it is now as the year's next version (1, 2, …), with
    its 落款 dated the day of publication (Beijing time), and its HTML and DOCX; return the new version."""
    from ogi.render import render

    _check_year(year)
    at = _now(now)
    report = compiled(sess, year, signed_on=at.astimezone(BEIJING).date())
    if not report.metadata.agency:
        raise AnnualError("发布前请先填写机关名称", "agency")
    if at.astimezone(BEIJING).date() <= dt.date(year, 12, 31):
        raise AnnualError(f"{year}年度尚未结束，统计数据不完整，年度结束后才能发布", "publish")
    errors, warnings = _counts(check(report))
    body = report.model_dump_json()
    last = sess.scalar(select(func.max(AnnualPublication.version)).where(AnnualPublication.year == year)) or 0
    pub = AnnualPublication(year=year, version=last + 1, published_at=at, published_by=by,
                            agency=report.metadata.agency, model_json=body,
                            sha256=hashlib.sha256(body.encode("utf-8")).hexdigest(), errors=errors, warnings=warnings,
                            html=render(report, "html"), docx=render(report, "docx"))
    sess.add(pub)
    sess.flush()
    return pub


def publications(sess: Session, year: int | None = None) -> list[AnnualPublication]:
    """Every published version (of one year, or of all), the newest year and version first."""
    query = select(AnnualPublication).order_by(AnnualPublication.year.desc(), AnnualPublication.version.desc())
    return list(sess.scalars(query if year is None else query.where(AnnualPublication.year == year)))


def publication(sess: Session, year: int, version: int | None = None) -> AnnualPublication | None:
    """The given version of a year's report, or its latest when version is None; None when there is none."""
    found = publications(sess, year)
    return next((p for p in found if version is None or p.version == version), None)


def publication_report(pub: AnnualPublication) -> Report:
    return Report.model_validate_json(pub.model_json)


def publication_file(sess: Session, pub: AnnualPublication, form: str) -> bytes:
    """Given a publication and "html", "docx" or "pdf", return that file as published; the PDF (LibreOffice, some
    seconds) is made from the published model on the first request and kept from then on (OgiError when
    LibreOffice cannot make it)."""
    if form in STORED_FORMS:
        return getattr(pub, form)
    if form != "pdf":
        raise AnnualError(f"不支持的格式“{form}”")
    if pub.pdf is None:
        from ogi.render import render

        data = render(publication_report(pub), "pdf")
        # only where none is kept yet: of two first requests at once, the first PDF written is the one kept
        done = sess.execute(update(AnnualPublication).where(AnnualPublication.id == pub.id,
                                                            AnnualPublication.pdf.is_(None)).values(pdf=data))
        if done.rowcount == 1:  # a Core update passes by the session's audit hook: say it here
            sess.add(AuditEntry(at=dt.datetime.now(dt.UTC), actor=sess.info.get("actor", "system"),
                                entity=AnnualPublication.__tablename__, entity_id=pub.id, action="update",
                                before={"pdf": None}, after={"pdf": "***"}))
        sess.flush()
        sess.refresh(pub)
    return pub.pdf


@dataclass(frozen=True)
class CarryItem:
    """An application open on 31 December, which table 四 carries into the next year."""

    ref: str
    received_on: dt.date
    applicant_category: str
    due: dt.date | None  # None while a corrected application is awaited
    steps: tuple[str, ...]

    def due_in_january(self, year: int) -> bool:
        return self.due is not None and (self.due.year, self.due.month) == (year + 1, 1)


@dataclass
class Checklist:
    year: int
    carry_over: list[CarryItem] = field(default_factory=list)
    calendar_error: str = ""  # when a due date cannot be counted (a year the calendar lacks)
    unedited: list[str] = field(default_factory=list)  # headings of the parts still the compiled draft or with （请填写）
    findings: list[Finding] = field(default_factory=list)  # the checker's errors and warnings
    published_versions: int = 0

    @property
    def january(self) -> list[CarryItem]:
        return [i for i in self.carry_over if i.due_in_january(self.year)]

    @property
    def done(self) -> bool:
        return not (self.carry_over or self.unedited or self.findings or self.calendar_error)


def checklist(sess: Session, year: int, report: Report | None = None) -> Checklist:
    """Given a year (and its compiled report, when already made), return what to see to before it goes out:
    the applications that carry over into next year with their due dates (those due in January named), the
    parts of 一, 五, 六 not yet written by the office, and the checker's errors and warnings."""
    report = report or compiled(sess, year)
    end = dt.date(year, 12, 31)
    out = Checklist(year, published_versions=len(publications(sess, year)))
    apps = sess.scalars(select(Application).options(selectinload(Application.events))
                        .where(Application.withdrawn_reason.is_(None), Application.received_on <= end)
                        .order_by(Application.received_on, Application.ref))
    calendar, pause = calendar_for(sess), get_flag(sess, "fee_pause")
    for app in apps:
        if app.replied_on is not None and app.replied_on <= end:
            continue
        due, steps = None, ()
        try:
            deadline = deadline_of(app, calendar, pause_fees=pause)
            due, steps = deadline.due, deadline.steps
        except CalendarNotCoveredError as exc:
            out.calendar_error = exc.message_zh
        out.carry_over.append(CarryItem(app.ref, app.received_on, app.applicant_category, due, steps))
    draft = draft_of(sess, year)
    for key, col in EDITABLE.items():
        section = report.section(key)
        if (draft is None or not getattr(draft, col)) or (section is not None and PLACEHOLDER in section.text):
            out.unedited.append(SECTION_TITLES[key])
    out.findings = [f for f in check(report) if f.severity is not Severity.NOTICE]
    return out


def years(sess: Session, today: dt.date) -> list[int]:
    """The years the office may compile: from its first application (or draft, or publication), but not before
    FIRST_YEAR, to this year."""
    firsts = [sess.scalar(select(func.min(Application.received_on))),
              sess.scalar(select(func.min(AnnualDraft.year))), sess.scalar(select(func.min(AnnualPublication.year)))]
    first = min([f if isinstance(f, int) else f.year for f in firsts if f is not None], default=today.year)
    return list(range(today.year, max(first, FIRST_YEAR) - 1, -1))
