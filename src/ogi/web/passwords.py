"""Passwords: the rules a new one must meet, argon2 hashing (argon2-cffi, its recommended parameters), and the
one-time passwords ogi makes for a first admin."""

from __future__ import annotations

import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

__all__ = ["MIN_LENGTH", "generate", "hash_password", "password_problem", "verify", "verify_nobody"]

MIN_LENGTH = 10
_hasher = PasswordHasher()
# verified against when the name is unknown, so a wrong name costs as long as a wrong password
_NOBODY = _hasher.hash(secrets.token_urlsafe(16))


def password_problem(password: str, name: str) -> str | None:
    """Given a proposed password and its user's name, return what is wrong with it in Chinese, or None."""
    if len(password) < MIN_LENGTH:
        return f"密码至少需要 {MIN_LENGTH} 个字符"
    if len(password) > 256:
        return "密码不能超过 256 个字符"
    if password.strip() != password:
        return "密码首尾不能是空格"
    if name and name.casefold() in password.casefold():
        return "密码不能包含用户名"
    if len(set(password)) < 4:
        return "密码过于简单（不同的字符太少）"
    return None


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify(password_hash: str, password: str) -> bool:
    """Whether the password matches the stored hash (a damaged hash never matches)."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def verify_nobody(password: str) -> bool:
    """Spend the time of one verification for a name that does not exist; always False."""
    verify(_NOBODY, password)
    return False


def generate() -> str:
    """A random password for a first admin: 16 characters of the URL-safe alphabet (96 bits)."""
    return secrets.token_urlsafe(12)
