"""The small rules under the pages: a user's data scope, the password rules and hashing, the role names."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from ogi.web.passwords import generate, hash_password, password_problem, verify
from ogi.web.roles import Role
from ogi.web.scope import parse_scope, visible


@dataclass
class Someone:
    scope: list[str] = field(default_factory=list)


def test_a_scope_is_read_as_code_prefixes_and_unit_names() -> None:
    assert parse_scope("") == []
    assert parse_scope("440000") == ["44"]  # 广东省
    assert parse_scope("440300，440305") == ["4403", "440305"]  # 深圳市, 南山区
    assert parse_scope("110101 110101、深圳市人民政府办公厅\n44") == ["110101", "深圳市人民政府办公厅", "44"]
    assert parse_scope("441900003") == ["441900003"]  # a township of 东莞市 (9-digit statistical code)
    for bad in ("4", "441", "4403001"):
        with pytest.raises(ValueError, match="行政区划代码"):
            parse_scope(bad)


def test_visible_follows_the_scope() -> None:
    everyone = Someone()
    assert visible(everyone, "440305") and visible(everyone, None)
    guangdong = Someone(["44"])
    assert visible(guangdong, "440305") and visible(guangdong, "440000")
    assert not visible(guangdong, "110101") and not visible(guangdong, None)
    shenzhen_office = Someone(["4403", "广州市人民政府办公厅"])
    assert visible(shenzhen_office, "440305", "南山区人民政府")
    assert visible(shenzhen_office, "440100", "广州市人民政府办公厅"), "named units are seen wherever they are"
    assert not visible(shenzhen_office, "440100", "广州市教育局")
    assert not visible(shenzhen_office, "", "广州市人民政府"), "a name must match the whole unit"


def test_password_rules() -> None:
    assert password_problem("Lantern-river-42", "li.na") is None
    assert "至少需要 10 个字符" in password_problem("short-1", "li.na")
    assert "用户名" in password_problem("my-LI.NA-password", "li.na")
    assert "过于简单" in password_problem("aaaaaaaaaabbb", "li.na")
    assert "首尾" in password_problem(" Lantern-river-42", "li.na")


def test_passwords_are_hashed_with_argon2id_and_salted() -> None:
    first, second = hash_password("Lantern-river-42"), hash_password("Lantern-river-42")
    assert first.startswith("$argon2id$") and first != second
    assert verify(first, "Lantern-river-42") and not verify(first, "Lantern-river-43")
    assert not verify("not a hash", "Lantern-river-42")


def test_generated_passwords_meet_the_rules_and_differ() -> None:
    made = {generate() for _ in range(20)}
    assert len(made) == 20 and all(password_problem(p, "admin") is None for p in made)


def test_roles_by_either_name() -> None:
    assert Role.parse("管理员") is Role.ADMIN and Role.parse("reviewer") is Role.REVIEWER
    assert [r.zh for r in Role] == ["管理员", "审核人员", "只读", "经办人"]
    assert Role.parse("经办人") is Role.CLERK and Role.parse("clerk") is Role.CLERK
    with pytest.raises(ValueError, match="角色“editor”不存在"):
        Role.parse("editor")
