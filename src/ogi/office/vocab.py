"""The coded values of the register in the words offices write: 申请人类型, 申请方式, 办理结果, 收费方式.

Each reader accepts the official wording and the short forms offices write when they name one value only
(“不予公开：国家秘密”, “逾期不补正”, “网上”); anything else is refused with the allowed values listed, so the
person typing knows what to write. The template workbook's allowed-values sheet lists the same words.
"""

from __future__ import annotations

import re

from ogi.extract.normalize import norm
from ogi.model.layout import LAYOUT_2021, TableKey, layout_for, outcome_rows
from ogi.office.records import Channel

__all__ = [
    "CATEGORY_ZH",
    "CHANNELS",
    "METHOD_ZH",
    "VocabError",
    "category_key",
    "channel_value",
    "method_key",
    "outcome_key",
    "outcome_label",
    "outcome_labels",
]


class VocabError(ValueError):
    """A value that is none of the allowed ones; the message (Chinese) lists them, `short` does not."""

    def __init__(self, message: str, short: str) -> None:
        super().__init__(message)
        self.short = short


CATEGORY_ZH = {"natural_person": "自然人", "commercial_enterprise": "商业企业", "research_institution": "科研机构",
               "public_interest_org": "社会公益组织", "legal_service_org": "法律服务机构", "other_org": "其他"}
_CATEGORY_ALIASES = {"个人": "natural_person", "公民": "natural_person", "企业": "commercial_enterprise",
                     "公司": "commercial_enterprise", "其他组织": "other_org"}
CHANNELS = tuple(c.value for c in Channel)
_CHANNEL_ALIASES = {"网上": "网络", "在线": "网络", "网站": "网络", "网上申请": "网络", "政府网站": "网络", "信函": "邮寄",
                    "邮政": "邮寄", "信件": "邮寄", "现场": "当面", "当面提交": "当面", "窗口": "当面", "邮件": "电子邮件",
                    "电邮": "电子邮件", "email": "电子邮件"}
METHOD_ZH = {"piece": "按件", "volume": "按量"}
# how offices shorten the long （六） labels
_OUTCOME_SHORT = {"other_no_correction": ("逾期不补正", "申请人逾期不补正"),
                  "other_unpaid_fee": ("逾期未缴费", "逾期不缴费", "逾期未缴纳信息处理费", "申请人逾期未缴费")}


def _choose(text: str, allowed: dict[str, str], aliases: dict[str, str], what: str) -> str:
    key = allowed.get(text.strip()) or aliases.get(text.strip().lower()) or aliases.get(text.strip())
    if key is None:
        raise VocabError(f"“{text}”不是可识别的{what}，应为：{'、'.join(allowed)}", f"“{text}”不是可识别的{what}")
    return key


def category_key(text: str) -> str:
    """Given the 申请人类型 as written, return the table 三 column key."""
    return _choose(text, {v: k for k, v in CATEGORY_ZH.items()}, _CATEGORY_ALIASES, "申请人类型")


def channel_value(text: str) -> str:
    """Given the 申请方式 as written, return the register's channel."""
    return _choose(text or "其他", {c: c for c in CHANNELS}, _CHANNEL_ALIASES, "申请方式")


def method_key(text: str) -> str:
    """Given the 收费方式 as written (按件/按量, piece/volume), return "piece" or "volume"."""
    aliases = {"piece": "piece", "volume": "volume", "按件收费": "piece", "按量收费": "volume"}
    return _choose(text, {v: k for k, v in METHOD_ZH.items()}, aliases, "收费方式")


def _bare(label: str) -> str:
    return re.sub(r"（.*）$", "", re.sub(r"^(?:\d+\.|（[一二三四五六七]）)", "", label))


def outcome_label(key: str) -> str:
    """Given an outcome key, return the words offices write in the ledger, e.g. 不予公开：属于国家秘密."""
    layout = LAYOUT_2021 if key != "other_handling" else layout_for("2019")
    row = layout.row(TableKey.APPLICATIONS, key)
    if row.group in (None, "outcomes"):
        return _bare(row.label)
    return f"{_bare(LAYOUT_2021.row(TableKey.APPLICATIONS, row.group).label)}：{_bare(row.label)}"


def outcome_labels() -> list[str]:
    """Return the ledger words of every outcome of the 2021 format, in the table's order."""
    return [outcome_label(r.key) for r in outcome_rows(LAYOUT_2021)]


def _outcome_forms() -> dict[str, set[str]]:
    forms: dict[str, set[str]] = {}
    for version in ("2021", "2019"):
        layout = layout_for(version)
        for row in outcome_rows(layout):
            group = layout.row(TableKey.APPLICATIONS, row.group).label if row.group != "outcomes" else ""
            body, group_body = _bare(row.label), re.sub(r"^（[一二三四五六七]）", "", group)
            short = _OUTCOME_SHORT.get(row.key, ())
            names = {row.key, row.label, body, group_body + body, body.removeprefix("属于"),
                     group_body + body.removeprefix("属于"), *short, *(group_body + s for s in short)}
            forms.setdefault(row.key, set()).update(_key(n) for n in names)
    return forms


_SEPARATORS = re.compile(r"[:：\-—、，,/]")


def _key(text: str) -> str:
    return norm(_SEPARATORS.sub("", text))


_FORMS = _outcome_forms()


def outcome_key(text: str) -> str:
    """Given the 办理结果 as written, return the table 三 row key: the official label, the ledger words, or a
    short form that names one outcome only (不予公开：国家秘密, 逾期不补正, 本机关不掌握 …)."""
    wanted = _key(text)
    exact = [k for k, forms in _FORMS.items() if wanted in forms]
    if len(exact) == 1:
        return exact[0]
    if wanted and len(wanted) >= 2:
        partial = [k for k, forms in _FORMS.items() if any(wanted in f for f in forms)]
        # 其他处理 is one row in 2019 and three in 2021: a bare 其他处理 is the 2019 row
        if len(partial) == 1:
            return partial[0]
    raise VocabError(f"“{text}”不是统一格式表三中的办理结果，应为：{'、'.join(outcome_labels())}",
                     f"“{text}”不是统一格式表三中的办理结果")
