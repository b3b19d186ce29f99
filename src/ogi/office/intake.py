"""The intake of one application as an office fills in its form: what 条例第二十九条 says an application states,
checked field by field, and the date of receipt by 条例第三十一条 from the dates the office knows for its channel.
The web back office's form and any other front end call this; the register step itself is
lifecycle.add_application.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from ogi.office.deadlines import zh_date
from ogi.office.lifecycle import StepRefusedError, add_application
from ogi.office.receipt import date_of_receipt
from ogi.office.records import Application, Channel
from ogi.office.vocab import CATEGORY_ZH, CHANNELS

__all__ = ["FORMATS", "INTAKE_FIELDS", "RECEIPT_RULES", "ROUTES", "Intake", "IntakeRefused", "check_intake",
           "next_ref", "register_intake"]

# 条例第二十九条第二款第（三）项: 形式要求，包括获取信息的方式、途径
FORMATS = ("纸质文本", "电子文档", "光盘或其他存储介质")
ROUTES = ("邮寄", "电子邮件", "当面领取", "网上获取", "传真")
INTAKE_FIELDS = ("ref", "applicant_category", "applicant_name", "id_document", "contact", "request", "format",
                 "route", "channel", "submitted_on", "signed_for_on", "confirmed_on")
# 条例第三十一条, as the form explains it next to the dates
RECEIPT_RULES = {
    Channel.IN_PERSON.value: "当面提交的，以提交之日为收到申请之日（条例第三十一条第（一）项）",
    Channel.POST.value: "以邮寄方式提交的，以行政机关签收之日为收到申请之日；以平常信函等无需签收的邮寄方式提交的，"
                        "以政府信息公开工作机构与申请人确认之日为收到申请之日（条例第三十一条第（二）项）",
    Channel.ONLINE.value: "通过互联网渠道提交的，以双方确认之日为收到申请之日（条例第三十一条第（三）项）",
    Channel.FAX.value: "通过传真提交的，以双方确认之日为收到申请之日（条例第三十一条第（三）项）",
    Channel.EMAIL.value: "通过电子邮件提交的，以双方确认之日为收到申请之日（条例第三十一条第（三）项）",
    Channel.OTHER.value: "其他方式提交的，以政府信息公开工作机构确认收到之日为收到申请之日",
}
_DATE_FIELDS = {"submitted_on": "当面提交日期", "signed_for_on": "签收日期", "confirmed_on": "双方确认日期"}
# the date field each channel needs (邮寄 needs one of two: signed for, or confirmed for an ordinary letter)
_NEEDED = {Channel.IN_PERSON.value: ("submitted_on",), Channel.POST.value: ("signed_for_on", "confirmed_on"),
           Channel.ONLINE.value: ("confirmed_on",), Channel.FAX.value: ("confirmed_on",),
           Channel.EMAIL.value: ("confirmed_on",), Channel.OTHER.value: ("confirmed_on", "submitted_on")}
_LIMITS = {"applicant_name": 200, "id_document": 100, "contact": 200}  # the register's column sizes
_REF = re.compile(r"[\w\-（）()〔〕]{1,64}")


class IntakeRefused(StepRefusedError):
    """An intake form with fields missing or wrong: `errors` maps each field to its Chinese message."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__(None, "；".join(self.errors.values()))


@dataclass
class Intake:
    """The form's values as typed, the problems found, and the date of receipt when it can be told."""

    values: dict[str, str]
    errors: dict[str, str] = field(default_factory=dict)
    received_on: dt.date | None = None

    @property
    def receipt_text(self) -> str:
        if self.received_on is None:
            return ""
        return f"收到申请之日：{zh_date(self.received_on)}（{RECEIPT_RULES[self.values['channel']]}）"


def _date(values: Mapping[str, str], key: str, errors: dict[str, str], today: dt.date) -> dt.date | None:
    text = values.get(key, "").strip()
    if not text:
        return None
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        errors[key] = f"{_DATE_FIELDS[key]}“{text}”无法识别，应为 2025-01-20 这样的日期"
        return None
    if day > today:
        errors[key] = f"{_DATE_FIELDS[key]}{zh_date(day)}在今天（{zh_date(today)}）之后"
        return None
    return day


def check_intake(values: Mapping[str, str], today: dt.date) -> Intake:
    """Given the form's values and today, check each field (条例第二十九条) and compute the date of receipt
    (第三十一条); nothing is stored."""
    vals = {k: str(values.get(k, "") or "").strip() for k in INTAKE_FIELDS}
    errors: dict[str, str] = {}
    if vals["ref"] and not _REF.fullmatch(vals["ref"]):
        errors["ref"] = "编号只能包含文字、数字、连字符和括号，最长64个字符；留空则自动编号"
    if vals["applicant_category"] not in CATEGORY_ZH:
        errors["applicant_category"] = "请选择申请人类型（自然人或法人、其他组织的类别）"
    required = {"applicant_name": "请填写申请人的姓名或者名称（条例第二十九条第二款第（一）项）",
                "id_document": "请填写申请人的身份证明（如身份证号码、统一社会信用代码）（条例第二十九条第二款第（一）项）",
                "contact": "请填写申请人的联系方式（条例第二十九条第二款第（一）项）",
                "request": "请填写申请公开的政府信息的名称、文号或者便于查询的其他特征性描述（条例第二十九条第二款第（二）项）"}
    for key, message in required.items():
        if not vals[key]:
            errors[key] = message
        elif len(vals[key]) > _LIMITS.get(key, 5000):
            errors[key] = f"内容过长：最多{_LIMITS.get(key, 5000)}个字符"
    if vals["format"] not in FORMATS:
        errors["format"] = f"请选择获取信息的形式：{'、'.join(FORMATS)}（条例第二十九条第二款第（三）项）"
    if vals["route"] not in ROUTES:
        errors["route"] = f"请选择获取信息的途径：{'、'.join(ROUTES)}（条例第二十九条第二款第（三）项）"
    days = {k: _date(vals, k, errors, today) for k in _DATE_FIELDS}
    received = None
    if vals["channel"] not in CHANNELS:
        errors["channel"] = f"请选择申请方式：{'、'.join(CHANNELS)}"
    elif not any(k in errors for k in _NEEDED[vals["channel"]]):
        try:
            received = date_of_receipt(vals["channel"], submitted=days["submitted_on"],
                                       signed_for=days["signed_for_on"], confirmed=days["confirmed_on"])
        except ValueError as exc:
            errors[_NEEDED[vals["channel"]][0]] = str(exc)
    return Intake(vals, errors, received)


def next_ref(sess: Session, year: int) -> str:
    """The next number of a year, 2025-0001, 2025-0002 …: one after the highest of that year already in the
    register (numbers an office typed itself count too), so numbers follow the order of registration."""
    taken = sess.scalars(select(Application.ref).where(Application.ref.like(f"{year}-%")))
    numbers = [int(m.group(1)) for ref in taken if (m := re.fullmatch(rf"{year}-(\d+)", ref))]
    return f"{year}-{max(numbers, default=0) + 1:04d}"


def register_intake(sess: Session, values: Mapping[str, str], today: dt.date) -> Application:
    """Check the form and register the application (lifecycle.add_application); IntakeRefused with the
    problems per field when it cannot be registered."""
    intake = check_intake(values, today)
    if intake.errors or intake.received_on is None:
        raise IntakeRefused(intake.errors or {"channel": "无法确定收到申请之日"})
    vals = intake.values
    ref = vals["ref"] or next_ref(sess, intake.received_on.year)
    try:
        return add_application(sess, ref=ref, applicant_category=vals["applicant_category"],
                               applicant_name=vals["applicant_name"], channel=vals["channel"],
                               received_on=intake.received_on, request=vals["request"],
                               form=f"{vals['format']}，{vals['route']}", contact=vals["contact"],
                               id_document=vals["id_document"], today=today)
    except StepRefusedError as exc:
        raise IntakeRefused({"ref": exc.detail}) from None
