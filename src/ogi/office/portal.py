"""The public portal's side of the register: applications made online (条例第二十九条) with their tracking number and
code, the applicant's own view of where the application stands, and the two texts the office publishes there
(政府信息公开指南 and 政府信息公开目录, 条例第十二条), editable in the back office.

An online application is received on the day both sides confirm it (条例第三十一条第（三）项, office/receipt.py).
The portal confirms on the spot, but only the office's working days count as days it confirms on: an application
sent on a Saturday, a Sunday or a holiday is confirmed — received — on the next working day (a 调休 Saturday is a
working day and receives the same day). [I: the 条例 does not say; this is how local rules and portals commonly
state it. It moves the start of the 20 working days to the first working day, as for a letter signed for on a
Saturday; the office gains at most the days off, and the status page shows the applicant the date it counts from.]

The tracking number is ``WS-{year of receipt}-{six digits}``, the next free one; two submissions taking the same
number at once meet the register's unique constraint and the later one takes the next (`submit_online` retries).
The code is random, shown once, stored only as a salted scrypt hash.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import DateTime, Engine, ForeignKey, String, Text, func, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Mapped, Session, mapped_column

from ogi.office.deadlines import zh_date
from ogi.office.due import calendar_for, deadline_of
from ogi.office.lifecycle import StepRefusedError, add_application, status_of
from ogi.office.receipt import date_of_receipt
from ogi.office.records import Application, Channel, EventKind
from ogi.office.settings import get_flag
from ogi.office.workdays import CalendarNotCoveredError, WorkdayCalendar
from ogi.storage.base import Base
from ogi.storage.db import session

__all__ = [
    "CODE_ALPHABET",
    "FORMS",
    "PAGES",
    "PUBLIC_STATUS",
    "OnlineApplication",
    "PortalPage",
    "PublicStatus",
    "check_application",
    "Submitted",
    "Tracking",
    "hash_code",
    "lookup",
    "online_receipt_day",
    "page_text",
    "retrying",
    "save_page",
    "submit_online",
    "verify_code",
]

T = TypeVar("T")
REF_PREFIX = "WS"
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed by older applicants
CODE_LENGTH = 10  # 50 bits
_SCRYPT = {"n": 2 ** 12, "r": 8, "p": 1, "dklen": 32}  # ~10 ms: the code is random (50 bits), not a password
# 获取信息的方式、途径 (条例第二十九条第二款第（三）项), as the form offers them
FORMS = ("电子邮件发送电子文本", "邮寄纸质文本", "当面领取纸质文本", "通过本网站查看答复")
# what the applicant sees: the register's states in plain words
PUBLIC_STATUS = {"pending": "待处理", "correction": "需补正", "extended": "已延期", "payment": "待缴费",
                 "replied": "已答复", "closed": "已办结", "withdrawn": "已撤回"}


class PortalPage(Base):
    """One of the portal's editable texts (指南, 目录): the latest wins; the audit trail keeps every version."""

    __tablename__ = "portal_page"

    key: Mapped[str] = mapped_column(String(32), primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    updated_by: Mapped[str] = mapped_column(String(64))


class Tracking(Base):
    """An application made on the portal: its code's hash (the code itself is never stored) and when it came."""

    __tablename__ = "portal_tracking"
    __audit_masked__ = ("code_hash", "email", "address", "purpose")  # secrets and personal data

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id"), unique=True)
    code_hash: Mapped[str] = mapped_column(String(160))
    submitted_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    email: Mapped[str] = mapped_column(String(100), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    purpose: Mapped[str] = mapped_column(Text, default="")


@dataclass(frozen=True)
class Page:
    title: str
    body: str


PAGES = {
    "guide": Page("政府信息公开指南", """一、主动公开
本机关依照《中华人民共和国政府信息公开条例》第十九条、第二十条，主动公开机构职能、规范性文件、规划计划、行政许可和行政处罚、财政预算决算等政府信息。主动公开的政府信息自形成或者变更之日起20个工作日内在本网站公开。
二、依申请公开
公民、法人或者其他组织可以向本机关申请获取主动公开以外的政府信息。申请应当包括：申请人的姓名或者名称、身份证明、联系方式；申请公开的政府信息的名称、文号或者便于查询的其他特征性描述；获取信息的方式、途径（条例第二十九条）。
三、申请方式
可通过本网站“在线申请”提交，也可以信函或当面提交书面申请。通过本网站提交的申请，以系统确认之日为收到申请之日；在休息日、法定节假日提交的，以其后第一个工作日为收到申请之日。
四、答复期限
能够当场答复的，当场予以答复；不能当场答复的，自收到申请之日起20个工作日内予以答复；需要延长答复期限的，经政府信息公开工作机构负责人同意并告知申请人，延长的期限最长不超过20个工作日（条例第三十三条）。申请内容不明确的，本机关将在收到申请之日起7个工作日内一次性告知补正，答复期限自收到补正的申请之日起计算（条例第三十条）。
五、收费
本机关依申请提供政府信息，不收取费用。申请人申请公开政府信息的数量、频次明显超过合理范围的，可以依照国办函〔2020〕109号收取信息处理费。
六、监督和救济
申请人认为本机关在政府信息公开工作中侵犯其合法权益的，可以依法申请行政复议或者提起行政诉讼。"""),
    "catalogue": Page("政府信息公开目录", """一、机构职能
机构设置、职能职责、办公地址、办公时间、联系方式、负责人姓名。
二、法规文件
本机关制定的规范性文件及其解读。
三、规划计划
发展规划、年度工作计划及其执行情况。
四、行政许可和行政处罚
办理行政许可的依据、条件、程序和结果；行政处罚、行政强制的依据、条件、程序和具有一定社会影响的处罚决定。
五、财政信息
部门预算、决算和“三公”经费。
六、政府信息公开工作年度报告
本机关历年政府信息公开工作年度报告。"""),
}


def page_text(sess: Session, key: str) -> Page:
    """Given a page key (guide, catalogue), return its text: the office's, or the default until it writes one."""
    row = sess.get(PortalPage, key)
    return Page(row.title, row.body) if row else PAGES[key]


def save_page(sess: Session, key: str, title: str, body: str, *, by: str, now: dt.datetime) -> None:
    """Store the office's text of a page (audited like every change)."""
    if key not in PAGES:
        raise StepRefusedError(None, f"没有页面“{key}”")
    if not title.strip() or not body.strip():
        raise StepRefusedError(None, "标题和正文都不能为空")
    row = sess.get(PortalPage, key)
    if row is None:
        sess.add(PortalPage(key=key, title=title.strip(), body=body.strip(), updated_at=now, updated_by=by))
    else:
        row.title, row.body, row.updated_at, row.updated_by = title.strip(), body.strip(), now, by


def online_receipt_day(submitted: dt.date, cal: WorkdayCalendar) -> dt.date:
    """The date of receipt of an application sent online on `submitted` (Beijing date): the first working day
    on or after it (see the module's text). A year the calendar lacks falls back to Monday–Friday."""
    day = submitted
    for _ in range(60):
        try:
            if cal.is_workday(day):
                break
        except CalendarNotCoveredError:
            if day.weekday() < 5:
                break
        day += dt.timedelta(days=1)
    return date_of_receipt(Channel.ONLINE, confirmed=day)


@dataclass(frozen=True)
class OnlineApplication:
    category: str  # a table 三 column key
    name: str
    id_document: str
    phone: str
    email: str
    address: str
    request: str
    form: str
    purpose: str = ""


@dataclass(frozen=True)
class Submitted:
    ref: str
    code: str  # shown once, never stored
    received_on: dt.date


def _scrypt(code: str, salt: bytes) -> bytes:
    return hashlib.scrypt(code.strip().upper().encode(), salt=salt, maxmem=64 * 1024 * 1024, **_SCRYPT)


def hash_code(code: str) -> str:
    salt = secrets.token_bytes(16)
    return f"scrypt${salt.hex()}${_scrypt(code, salt).hex()}"


_NOBODY = hash_code(secrets.token_urlsafe(8))  # checked against for a number that does not exist: the same time


def verify_code(stored: str | None, code: str) -> bool:
    """Whether the code matches the stored hash; with no hash (no such number) as slow, and False."""
    try:
        _, salt, digest = (stored or _NOBODY).split("$")
        ok = hmac.compare_digest(_scrypt(code, bytes.fromhex(salt)), bytes.fromhex(digest))
    except ValueError:
        return False
    return ok and stored is not None


def _next_ref(sess: Session, year: int) -> str:
    prefix = f"{REF_PREFIX}-{year}-"
    last = sess.scalar(select(func.max(Application.ref)).where(Application.ref.like(prefix + "%"),
                                                               func.length(Application.ref) == len(prefix) + 6))
    number = int(last[len(prefix):]) + 1 if last and last[len(prefix):].isdigit() else 1
    return f"{prefix}{number:06d}"


def _contact(a: OnlineApplication) -> str:
    return "；".join(f"{label}：{value}" for label, value in (("电话", a.phone), ("邮箱", a.email), ("地址", a.address))
                    if value)[:200]


def locked(exc: BaseException) -> bool:
    """Whether a failed transaction met SQLite's write lock held too long by another (rolled back: try again)."""
    return isinstance(exc, OperationalError) and "database is locked" in str(exc)


def retrying(work: Callable[[], T], attempts: int = 20) -> T:
    """Run a write transaction again while SQLite says the database is locked (a busy moment, not a fault)."""
    for attempt in range(attempts):
        try:
            return work()
        except OperationalError as exc:
            if not locked(exc) or attempt == attempts - 1:
                raise
            time.sleep(0.05 + secrets.randbelow(200) / 1000)
    raise AssertionError("unreachable")


def submit_online(engine: Engine, a: OnlineApplication, now: dt.datetime, *, attempts: int = 50) -> Submitted:
    """Register an application made on the portal at `now` (aware) in one transaction: the application with
    channel 网络 and its date of receipt, its tracking row; return the number, the code and the date of receipt.
    A number taken at the same moment by another submission is retried with the next one; a transaction that met
    SQLite's lock is retried whole."""
    beijing = now.astimezone(dt.timezone(dt.timedelta(hours=8))).date()
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    code_hash = hash_code(code)
    request = a.request.strip() + (f"\n（用途：{a.purpose.strip()}）" if a.purpose.strip() else "")
    for _ in range(attempts):
        try:
            with session(engine, actor="portal") as sess:
                received = online_receipt_day(beijing, calendar_for(sess))
                ref = _next_ref(sess, received.year)
                app = add_application(sess, ref=ref, applicant_category=a.category, applicant_name=a.name,
                                      channel=Channel.ONLINE.value, received_on=received, request=request,
                                      form=a.form, contact=_contact(a), id_document=a.id_document,
                                      today=max(beijing, received))
                sess.add(Tracking(application_id=app.id, code_hash=code_hash, submitted_at=now, email=a.email,
                                  address=a.address, purpose=a.purpose.strip()))
            return Submitted(ref, code, received)
        except (IntegrityError, StepRefusedError, OperationalError) as exc:
            if isinstance(exc, StepRefusedError) and "已有此编号" not in str(exc):
                raise
            if isinstance(exc, OperationalError):
                if not locked(exc):
                    raise
                time.sleep(0.05 + secrets.randbelow(200) / 1000)
    raise StepRefusedError(None, "系统繁忙，未能分配查询号，请稍后再试")


@dataclass(frozen=True)
class PublicStatus:
    """What the applicant's own page shows: the number, the state and the dates — nothing personal."""

    ref: str
    state: str  # a PUBLIC_STATUS key
    received_on: dt.date
    due: dt.date | None
    due_note: str  # why there is no due date, when there is none
    replied_on: dt.date | None
    application_id: int
    notices: tuple[tuple[int, str, dt.date], ...] = ()  # the notices addressed to the applicant: id, title, date

    @property
    def state_zh(self) -> str:
        return PUBLIC_STATUS[self.state]

    @property
    def dates_zh(self) -> dict[str, str]:
        return {"received": zh_date(self.received_on), "due": zh_date(self.due) if self.due else "",
                "replied": zh_date(self.replied_on) if self.replied_on else ""}


def _public_state(app: Application) -> str:
    status = status_of(app)
    if status == "withdrawn":
        return "withdrawn"
    if status == "closed":
        return "replied" if any(e.kind == EventKind.REPLY and e.active for e in app.events) else "closed"
    if status == "awaiting_correction":
        return "correction"
    if status == "awaiting_payment":
        return "payment"
    if any(e.kind == EventKind.EXTENSION and e.active for e in app.events):
        return "extended"
    return "pending"


def lookup(sess: Session, ref: str, code: str) -> PublicStatus | None:
    """Given a tracking number and its code, return the application's public status; None when either is wrong
    (the same answer, after the same work, whether the number exists or not)."""
    row = sess.execute(select(Application, Tracking.code_hash).join(Tracking, Tracking.application_id == Application.id)
                       .where(Application.ref == ref.strip().upper()[:64])).first()
    if not verify_code(row[1] if row else None, code) or row is None:
        return None
    app = row[0]
    due, note = None, ""
    if app.is_open:
        try:
            deadline = deadline_of(app, calendar_for(sess), pause_fees=get_flag(sess, "fee_pause"))
            due = deadline.due
            note = "" if due else "补正后的申请收到之日起重新计算"
        except CalendarNotCoveredError as exc:
            note = f"{exc.year}年节假日安排公布后计算"
    from ogi.office.notices import applicant_notices

    notices = tuple((n.id, n.title, n.dated) for n in applicant_notices(sess, app))
    return PublicStatus(app.ref, _public_state(app), app.received_on, due, note, app.replied_on, app.id, notices)


_FIELD_MAX = {"name": 100, "id_document": 50, "phone": 20, "email": 80, "address": 80, "request": 2000,
              "purpose": 200}
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def _id_card_ok(number: str) -> bool:
    """The check digit of an 18-character 居民身份证号码 (GB 11643)."""
    total = sum(int(c) * w for c, w in zip(number[:17], _ID_WEIGHTS, strict=True))
    return "10X98765432"[total % 11] == number[17].upper()


def check_application(fields: dict[str, str]) -> tuple[OnlineApplication | None, dict[str, str]]:
    """Given the form's fields, return the application, or None and what is wrong, field by field, in Chinese
    (条例第二十九条: who applies and how to reach them, what information, in what form)."""
    from ogi.office.vocab import CATEGORY_ZH

    f = {k: (fields.get(k) or "").strip() for k in ("category", "name", "id_document", "phone", "email", "address",
                                                     "request", "form", "purpose")}
    errors: dict[str, str] = {}
    if f["category"] not in CATEGORY_ZH:
        errors["category"] = "请选择申请人类型"
    if not f["name"]:
        errors["name"] = "请填写姓名（法人或其他组织填写名称）"
    doc = f["id_document"].replace(" ", "")
    if not doc:
        errors["id_document"] = "请填写证件号码（自然人填写身份证号码，法人或其他组织填写统一社会信用代码）"
    elif len(doc) == 18 and doc[:17].isdigit() and f["category"] == "natural_person" and not _id_card_ok(doc):
        errors["id_document"] = "身份证号码的校验位不正确，请核对"
    elif len(doc) < 5:
        errors["id_document"] = "证件号码过短，请核对"
    phone = f["phone"].replace(" ", "").replace("-", "")
    if not phone:
        errors["phone"] = "请填写联系电话"
    elif not (phone.lstrip("+").isdigit() and 7 <= len(phone) <= 20):
        errors["phone"] = "联系电话应为7至20位数字"
    if f["email"] and not _looks_like_email(f["email"]):
        errors["email"] = "邮箱格式不正确，例如 zhang@example.com"
    if f["form"] not in FORMS:
        errors["form"] = "请选择获取信息的方式"
    elif f["form"] == FORMS[0] and not f["email"]:
        errors["email"] = "选择以电子邮件获取时，请填写邮箱"
    elif f["form"] == FORMS[1] and not f["address"]:
        errors["address"] = "选择邮寄纸质文本时，请填写通信地址"
    if len(f["request"]) < 5:
        errors["request"] = "请描述所需的政府信息：名称、文号或便于查询的其他特征（至少5个字）"
    for key, most in _FIELD_MAX.items():
        if len(f[key]) > most and key not in errors:
            errors[key] = f"不能超过{most}个字"
    if errors:
        return None, errors
    return OnlineApplication(f["category"], f["name"], doc, phone, f["email"], f["address"], f["request"], f["form"],
                             f["purpose"]), {}


def _looks_like_email(text: str) -> bool:
    local, at, domain = text.partition("@")
    return bool(at and local and "." in domain.strip(".") and " " not in text and "@" not in domain)
