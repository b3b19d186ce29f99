"""Masking of applicants' personal data for read-only users: the forms the back office promises (张*,
138****0000, 1101**********1234, a***@x.cn), worked out by hand."""

from __future__ import annotations

import pytest

from ogi.office.masking import mask_contact, mask_email, mask_id, mask_id_document, mask_name, mask_phone


@pytest.mark.parametrize(("given", "shown"), [("张三", "张*"), ("欧阳娜娜", "欧***"), ("李", "*"), ("", ""),
                                              ("  王五 ", "王*")])
def test_a_name_keeps_its_first_character(given: str, shown: str) -> None:
    assert mask_name(given) == shown


@pytest.mark.parametrize(("given", "shown"), [("13812340000", "138****0000"), ("138-1234-0000", "138****0000"),
                                              ("010-62345678", "010****5678"), ("12345", "*****")])
def test_a_phone_keeps_three_and_four_digits(given: str, shown: str) -> None:
    assert mask_phone(given) == shown


def test_an_identity_number_keeps_four_and_four() -> None:
    assert mask_id("110101199001011234") == "1101**********1234"
    assert mask_id("11010119900101123X") == "1101**********123X"
    assert mask_id("G1234") == "*****"


def test_an_email_keeps_the_first_letter_and_domain() -> None:
    assert mask_email("abc@x.cn") == "a***@x.cn"
    assert mask_email("a@x.cn") == "a***@x.cn"


def test_a_contact_field_has_each_number_and_address_masked() -> None:
    assert mask_contact("13812340000") == "138****0000"
    assert mask_contact("电话 13812340000，邮箱 zhang.san@163.com") == "电话 138****0000，邮箱 z***@163.com"
    assert mask_contact("北京市朝阳区某路1号") == "北***"  # nothing recognisable: hidden whole
    assert mask_contact("") == ""


def test_an_identity_document_field_keeps_its_kind() -> None:
    assert mask_id_document("身份证 110101199001011234") == "身份证 1101**********1234"
    assert mask_id_document("护照") == "**"
    assert "199001011" not in mask_id_document("110101199001011234")
