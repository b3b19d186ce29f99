"""The office's own settings: choices the texts found leave open, made explicit, documented and audited.

``fee_pause`` — whether the days from a 收费通知 to the payment (at most the 20 working days to pay) are left out
of the reply period. 国办函〔2020〕109号 as restated by provincial notices says the fee notice is issued within the
processing period and gives the applicant 20 working days to pay; whether that time is excluded from the 条例's
20 working days is not settled in the texts found (domain.md §4, [U]). Off by default: the reply period runs on,
which can only make a due date earlier, never later. An office that follows a local rule excluding it turns it on
with ``ogi office setting fee_pause on``; every due-date explanation states which way it is set.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from ogi.errors import OgiError
from ogi.office.records import OfficeSetting

__all__ = ["SETTINGS", "Setting", "SettingError", "get_flag", "set_flag"]


@dataclass(frozen=True, slots=True)
class Setting:
    key: str
    title_zh: str
    help_zh: str
    default: bool = False


SETTINGS = {
    "fee_pause": Setting(
        "fee_pause", "收费通知至缴费期间不计入答复期限",
        "开启后，自收费通知次日起至缴费之日（最长20个工作日）不计入答复期限；国办函〔2020〕109号未明确规定，默认关闭"),
}
_ON, _OFF = {"on", "true", "1", "yes", "是", "开", "开启"}, {"off", "false", "0", "no", "否", "关", "关闭"}


class SettingError(OgiError):
    """An unknown setting or a value that is neither on nor off."""

    code = "office.setting_invalid"
    message_zh = "设置项或取值无效"


def get_flag(sess: Session, key: str) -> bool:
    """Given a session and a setting's key, return its value, or its default when the office never set it."""
    row = sess.get(OfficeSetting, key)
    return SETTINGS[key].default if row is None else row.value == "on"


def set_flag(sess: Session, key: str, value: str | bool) -> bool:
    """Set an on/off setting (audited like every change) and return the new value."""
    if key not in SETTINGS:
        raise SettingError(None, f"没有设置项“{key}”，可用：{'、'.join(SETTINGS)}")
    text = value if isinstance(value, str) else ("on" if value else "off")
    if text.lower() not in _ON | _OFF:
        raise SettingError(None, f"“{text}”应为 on（开启）或 off（关闭）")
    flag = text.lower() in _ON
    row = sess.get(OfficeSetting, key)
    if row is None:
        sess.add(OfficeSetting(key=key, value="on" if flag else "off"))
    else:
        row.value = "on" if flag else "off"
    return flag
