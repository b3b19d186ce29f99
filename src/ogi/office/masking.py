"""Masking applicants' personal data for those who may not see it (a read-only user, an export made for one):
a name keeps its first character (张*), a phone number its first 3 and last 4 digits (138****0000), an identity
document number its first 4 and last 4 characters (1101**********1234), an e-mail address its first character and
its domain (a***@x.cn). Free text (a contact field holding a phone and an address) has each number and address in
it masked, and is hidden whole when nothing in it looks like either."""

from __future__ import annotations

import re

__all__ = ["mask_contact", "mask_email", "mask_id", "mask_id_document", "mask_name", "mask_phone"]

# a match starts only where a run of the local part's characters starts (the lookbehind): without it a long run
# with no "@" was scanned again from each of its characters (17 s on 100,000 "-", tests/fuzz/test_regex.py)
_EMAIL = re.compile(r"(?<![\w.+\-])[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")
_DIGITS = re.compile(r"\+?\d[\d\- ]{5,}\d")
_ID = re.compile(r"[0-9A-Za-z]{6,}")


def mask_name(name: str) -> str:
    """张三 → 张*, 欧阳娜娜 → 欧***; an empty name stays empty."""
    name = name.strip()
    return name[:1] + "*" * (len(name) - 1) if len(name) > 1 else ("*" if name else "")


def mask_phone(phone: str) -> str:
    """13812340000 → 138****0000: the digits' first 3 and last 4 kept, each other digit a *; short numbers whole *."""
    digits = re.sub(r"\D", "", phone)
    if len(digits) < 8:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


def mask_id(number: str) -> str:
    """110101199001011234 → 1101**********1234: the first 4 and last 4 characters kept."""
    number = number.strip()
    if len(number) <= 8:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def mask_email(email: str) -> str:
    """abc@x.cn → a***@x.cn: the first character of the name, the domain whole."""
    local, at, domain = email.strip().partition("@")
    if not at:
        return mask_name(email)
    return (local[:1] + "***" if local else "***") + "@" + domain


def mask_contact(text: str) -> str:
    """Mask every e-mail address and phone number in a contact field; anything else in it (an address) is
    hidden too: kept only when the field has a number or address to mask, and then only its other words."""
    if not text.strip():
        return ""
    masked = _EMAIL.sub(lambda m: mask_email(m.group()), text)
    masked = _DIGITS.sub(lambda m: mask_phone(m.group()), masked)
    if masked == text:
        return text.strip()[:1] + "***"
    return masked


def mask_id_document(text: str) -> str:
    """An identity document field (“身份证 110101199001011234”): each run of 6 or more letters and digits masked."""
    if not text.strip():
        return ""
    masked = _ID.sub(lambda m: mask_id(m.group()), text)
    return masked if masked != text else "*" * len(text.strip())

