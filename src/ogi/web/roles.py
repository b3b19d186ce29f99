"""The four roles of the web application and what each may do: the audit workspace's 管理员 / 审核人员 / 只读 and
the disclosure office's 经办人, who keeps the register of applications."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["Role"]


class Role(StrEnum):
    """A user's role: stored by its English name, shown by its Chinese one."""

    ADMIN = "admin"  # 管理员: everything, and the users and the audit log
    REVIEWER = "reviewer"  # 审核人员: reads, and confirms, dismisses or corrects
    READER = "reader"  # 只读: reads only
    CLERK = "clerk"  # 经办人: the disclosure office's clerk — keeps the register, issues notices, drafts the report

    @property
    def zh(self) -> str:
        return _ZH[self]

    @classmethod
    def parse(cls, text: str) -> Role:
        """Given a role's English or Chinese name, return the role; ValueError (in Chinese) when there is none."""
        text = text.strip()
        for role in cls:
            if text in (role.value, role.zh):
                return role
        names = "、".join(f"{r.value}（{r.zh}）" for r in cls)
        raise ValueError(f"角色“{text}”不存在，可选：{names}")

    def may_change(self) -> bool:
        """Whether this role may change data at all (a reader may not)."""
        return self is not Role.READER

    def may_keep_register(self) -> bool:
        """Whether this role may change the office's register (applications, notices, the annual report)."""
        return self in (Role.ADMIN, Role.CLERK)

    def sees_personal_data(self) -> bool:
        """Whether this role sees applicants' names and contacts unmasked (a reader sees them masked)."""
        return self in (Role.ADMIN, Role.CLERK)


_ZH = {Role.ADMIN: "管理员", Role.REVIEWER: "审核人员", Role.READER: "只读", Role.CLERK: "经办人"}
