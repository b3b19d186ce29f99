"""The disclosure office's records (SQLAlchemy 2): applications and their events, proactive disclosure, normative
documents, decision counts, fee income, review and litigation cases and holiday overrides (the audit trail is
ogi.storage.base.AuditEntry, shared with the corpus).

Nothing is deleted: a record entered by mistake is withdrawn with a reason and leaves every count.
Applicant personal data (name, contact, identity document) is stored because 条例第二十九条 requires it, and is
never part of a record's repr, so it cannot reach a log line.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import Date, ForeignKey, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ogi.storage.base import Base

__all__ = [
    "Application",
    "ApplicantCategory",
    "Case",
    "CaseKind",
    "CaseResult",
    "Channel",
    "DecisionCount",
    "DecisionKind",
    "Event",
    "EventKind",
    "FeeIncome",
    "HolidayOverride",
    "HolidayYear",
    "NormativeDocument",
    "OfficeSetting",
    "PublishedItem",
]


class ApplicantCategory(StrEnum):
    """The applicant columns of table 三 (keys shared with the report model)."""

    NATURAL_PERSON = "natural_person"  # 自然人
    COMMERCIAL_ENTERPRISE = "commercial_enterprise"  # 商业企业
    RESEARCH_INSTITUTION = "research_institution"  # 科研机构
    PUBLIC_INTEREST_ORG = "public_interest_org"  # 社会公益组织
    LEGAL_SERVICE_ORG = "legal_service_org"  # 法律服务机构
    OTHER_ORG = "other_org"  # 其他


class Channel(StrEnum):
    """How the application arrived; it decides the date of receipt (条例第三十一条)."""

    IN_PERSON = "当面"
    POST = "邮寄"
    ONLINE = "网络"
    FAX = "传真"
    EMAIL = "电子邮件"
    OTHER = "其他"


class EventKind(StrEnum):
    CORRECTION_REQUESTED = "correction_requested"  # 补正告知 sent (条例第三十条)
    CORRECTION_RECEIVED = "correction_received"  # corrected application received: the clock restarts
    CONSULTATION_SENT = "consultation_sent"  # 征求第三方或其他机关意见 (条例第三十二、三十四条): time not counted
    CONSULTATION_ANSWERED = "consultation_answered"
    EXTENSION = "extension"  # 延期答复, at most 20 working days (条例第三十三条)
    FEE_NOTICE = "fee_notice"  # 收费通知 (国办函〔2020〕109号)
    FEE_PAID = "fee_paid"  # the amount actually paid (元) is on the event
    REPLY = "reply"  # 答复: the outcome
    CLOSURE = "closure"  # 办结 without a reply of its own (e.g. 逾期不补正)


class DecisionKind(StrEnum):
    LICENSING = "licensing"  # 行政许可
    PENALTY = "penalty"  # 行政处罚
    COMPULSION = "compulsion"  # 行政强制


class CaseKind(StrEnum):
    REVIEW = "review"  # 行政复议
    LITIGATION_DIRECT = "litigation_direct"  # 未经复议直接起诉
    LITIGATION_AFTER_REVIEW = "litigation_after_review"  # 复议后起诉


class CaseResult(StrEnum):
    UPHELD = "upheld"
    CORRECTED = "corrected"
    OTHER = "other"


class Application(Base):
    """One 政府信息公开申请 in the register (依申请公开台账)."""

    __tablename__ = "application"

    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(64), unique=True)  # the office's own number
    applicant_category: Mapped[str] = mapped_column(String(32))
    applicant_name: Mapped[str] = mapped_column(String(200))
    contact: Mapped[str] = mapped_column(String(200), default="")
    id_document: Mapped[str] = mapped_column(String(100), default="")
    channel: Mapped[str] = mapped_column(String(16))
    received_on: Mapped[dt.date] = mapped_column(Date)
    request: Mapped[str] = mapped_column(Text, default="")
    form: Mapped[str] = mapped_column(String(100), default="")  # 获取信息的方式、途径
    outcome: Mapped[str | None] = mapped_column(String(64), default=None)  # a table 三 outcome row key
    outcome_basis: Mapped[str | None] = mapped_column(Text, default=None)  # legal basis of the reply
    replied_on: Mapped[dt.date | None] = mapped_column(Date, default=None)
    withdrawn_reason: Mapped[str | None] = mapped_column(Text, default=None)
    events: Mapped[list[Event]] = relationship(back_populates="application", order_by="Event.on, Event.id",
                                               cascade="save-update, merge")

    def __repr__(self) -> str:  # no personal data
        return f"Application(ref={self.ref!r}, received_on={self.received_on}, outcome={self.outcome!r})"

    @property
    def is_open(self) -> bool:
        return self.withdrawn_reason is None and self.replied_on is None


class Event(Base):
    __tablename__ = "application_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id"))
    kind: Mapped[str] = mapped_column(String(32))
    on: Mapped[dt.date] = mapped_column(Date)
    workdays: Mapped[int | None] = mapped_column(Integer, default=None)  # extension length; 补正 period granted
    amount: Mapped[int | None] = mapped_column(Integer, default=None)  # fee in 元: noticed, or paid
    method: Mapped[str | None] = mapped_column(String(16), default=None)  # fee standard: "piece" or "volume"
    pages: Mapped[int | None] = mapped_column(Integer, default=None)  # 按量: the pages charged
    actor: Mapped[str] = mapped_column(String(100), default="")  # who approved / who did it
    note: Mapped[str] = mapped_column(Text, default="")
    withdrawn_reason: Mapped[str | None] = mapped_column(Text, default=None)  # e.g. a fee notice withdrawn
    application: Mapped[Application] = relationship(back_populates="events")

    @property
    def active(self) -> bool:
        return self.withdrawn_reason is None

    def __repr__(self) -> str:
        return f"Event({self.kind!r}, on={self.on})"


class PublishedItem(Base):
    """A piece of proactively disclosed information (主动公开)."""

    __tablename__ = "published_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    published_on: Mapped[dt.date] = mapped_column(Date)
    channel: Mapped[str] = mapped_column(String(32))  # 门户网站 / 微信公众号 / 微博 / 报刊 / 新闻发布会 …
    category: Mapped[str] = mapped_column(String(64), default="")
    title: Mapped[str] = mapped_column(Text, default="")
    withdrawn_reason: Mapped[str | None] = mapped_column(Text, default=None)


class NormativeDocument(Base):
    """A 规章 or 行政规范性文件 with its issue and abolition (第二十条第（一）项)."""

    __tablename__ = "normative_document"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))  # "regulations" or "normative_documents" (table 二 row keys)
    title: Mapped[str] = mapped_column(Text)
    number: Mapped[str] = mapped_column(String(100), default="")  # 文号
    issued_on: Mapped[dt.date] = mapped_column(Date)
    abolished_on: Mapped[dt.date | None] = mapped_column(Date, default=None)
    withdrawn_reason: Mapped[str | None] = mapped_column(Text, default=None)


class DecisionCount(Base):
    """The number of licensing, penalty or compulsion decisions of a year (第二十条第（五）（六）项)."""

    __tablename__ = "decision_count"
    __table_args__ = (UniqueConstraint("year", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(32))
    count: Mapped[int] = mapped_column(Integer)


class FeeIncome(Base):
    """行政事业性收费 of a year in 万元 (第二十条第（八）项); not the 信息处理费, which part 六 reports."""

    __tablename__ = "fee_income"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, unique=True)
    amount: Mapped[Decimal] = mapped_column(Numeric(16, 4))


class Case(Base):
    """An administrative review or lawsuit about disclosure, with its stage and result (table 四)."""

    __tablename__ = "review_case"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    ref: Mapped[str] = mapped_column(String(64), default="")
    filed_on: Mapped[dt.date] = mapped_column(Date)
    result: Mapped[str | None] = mapped_column(String(16), default=None)
    closed_on: Mapped[dt.date | None] = mapped_column(Date, default=None)
    withdrawn_reason: Mapped[str | None] = mapped_column(Text, default=None)


class HolidayOverride(Base):
    """An office's own entry for a day: a holiday, or a 调休 working day, for years the calendar lacks."""

    __tablename__ = "holiday_override"

    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    is_workday: Mapped[bool]
    note: Mapped[str] = mapped_column(String(200), default="")


class HolidayYear(Base):
    """A year whose holidays and 调休 the office has entered in full, so its other weekdays count as working days."""

    __tablename__ = "holiday_year"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    note: Mapped[str] = mapped_column(String(200), default="")


class OfficeSetting(Base):
    """One documented office setting (ogi.office.settings), stored as text, changed only through the audit trail."""

    __tablename__ = "office_setting"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))
