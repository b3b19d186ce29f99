"""Turn report bytes into text: UTF-8 first, then GB18030 (a superset of GBK and GB2312), then detection.

A byte-order mark decides the encoding (UTF-32 is told from UTF-16 by its four bytes). A declared charset
(HTTP header, meta tag) is believed only when the bytes agree: UTF-8 that decodes is UTF-8 whatever the page
says, a page whose ASCII meta tag could be read is not UTF-16, and a single-byte charset (iso-8859-1 decodes
any bytes) is tried last. A file that is overwhelmingly valid in one encoding with a few damaged bytes (a
flipped or inserted byte, a cut mid-character) is decoded with U+FFFD in their place, and the damage is
reported with its byte offsets and lines, so the cells it touches are flagged rather than the whole file lost.
"""

from __future__ import annotations

import codecs
import threading
from dataclasses import dataclass

from ogi.errors import EmptyInputError, UndecodableError

__all__ = ["Decoded", "decode", "decode_report"]

_BOMS = (  # UTF-32 first: its little-endian mark begins with UTF-16's
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
_CJK_MULTIBYTE = frozenset({"gb18030", "gbk", "gb2312", "big5", "big5hkscs", "euc_jp", "euc_kr", "shift_jis",
                            "cp932", "cp949", "cp950", "hz", "iso2022_jp", "iso2022_kr"})
_WIDE = frozenset({"utf_16", "utf_16_le", "utf_16_be", "utf_32", "utf_32_le", "utf_32_be"})
MAX_DAMAGE_SHARE = 0.002  # a damaged place per 500 non-ASCII bytes: beyond that, not this encoding
MAX_DAMAGE = 200  # and never more damaged places than this in one file

_errors = threading.local()


def _record(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    found = _errors.found
    found.append((exc.start, exc.end))
    if len(found) > _errors.limit:
        raise exc  # far too damaged: not this encoding
    return "\ufffd", exc.end


codecs.register_error("ogi-damage", _record)


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    damaged: tuple[tuple[int, int], ...] = ()  # (byte offset, line) of each damaged place

    def note(self) -> str | None:
        """A Chinese note of the damage for Document.damage, or None when the bytes were all valid."""
        if not self.damaged:
            return None
        where = "、".join(f"第{line}行（字节{offset}）" for offset, line in self.damaged[:5])
        more = "等" if len(self.damaged) > 5 else ""
        return (f"按{self.encoding}解码时有{len(self.damaged)}处字节损坏，已替换为“\ufffd”：{where}{more}；"
                "涉及的单元格已标记，请对照原文核实")


def decode(data: bytes, *, name: str | None = None, declared: str | None = None) -> tuple[str, str]:
    """Given raw bytes, return (text, encoding); see decode_report for the rules."""
    d = decode_report(data, name=name, declared=declared)
    return d.text, d.encoding


def decode_report(data: bytes, *, name: str | None = None, declared: str | None = None) -> Decoded:
    """Given raw bytes (and the charset a page declares), return the text, its encoding and any damage.

    Chinese government pages are mostly UTF-8 or GBK; strict UTF-8 almost never accepts GBK bytes by
    accident, so it is tried first.
    """
    if not data.strip():
        raise EmptyInputError(name)
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return _strict(data, enc) or _damaged(data, enc) or _fail(name, f"以{enc}字节顺序标记开头，但内容无法按{enc}解码")
    declared_enc = _lookup(declared)
    if declared_enc in _WIDE and b"\x00" in data[:4096]:
        got = _strict(data, declared_enc)
        if got:
            return got
    # damaged UTF-8 before strict GB18030: GB18030 accepts much of UTF-8's bytes, as mojibake
    attempts = [(_strict, "utf-8")]
    if declared_enc in _CJK_MULTIBYTE:
        attempts.append((_strict, declared_enc))
    attempts += [(_damaged, "utf-8"), (_strict, "gb18030"), (_damaged, "gb18030")]
    for attempt, enc in attempts:
        got = attempt(data, enc)
        if got:
            return got
    if declared_enc and declared_enc not in _WIDE:  # a single-byte charset: decodes any bytes, so tried last
        got = _strict(data, declared_enc)
        if got:
            return got
    from charset_normalizer import from_bytes

    best = from_bytes(data[:1_000_000]).best()
    if best is None or best.encoding is None:
        raise UndecodableError(name)
    got = _strict(data, best.encoding)
    if got is None:
        raise UndecodableError(name)
    return got


def _lookup(declared: str | None) -> str | None:
    """Given a declared charset name, return Python's codec name, or None when Python has no such codec."""
    if not declared:
        return None
    try:
        return codecs.lookup(declared.strip()).name.replace("-", "_")
    except (LookupError, ValueError):
        return None  # <meta charset="undefined">: the declaration is ignored


def _strict(data: bytes, enc: str) -> Decoded | None:
    try:
        return Decoded(data.decode(enc), _canonical(enc))
    except (UnicodeError, LookupError):
        return None


def _damaged(data: bytes, enc: str) -> Decoded | None:
    """Decode with U+FFFD for damaged bytes when they are few enough to be damage, not another encoding."""
    non_ascii = sum(1 for b in data[:200_000] if b >= 0x80) * max(1, len(data) // 200_000)
    _errors.found = []
    # a short text with a few non-ASCII bytes is more likely another encoding than damaged: no allowance
    _errors.limit = min(MAX_DAMAGE, max(1 if non_ascii >= 60 else 0, int(non_ascii * MAX_DAMAGE_SHARE)))
    try:
        text = data.decode(enc, "ogi-damage")
    except (UnicodeError, LookupError):
        return None
    found = _errors.found
    if not found:
        return Decoded(text, _canonical(enc))
    return Decoded(text, _canonical(enc), tuple((start, data.count(b"\n", 0, start) + 1) for start, _ in found))


def _fail(name: str | None, detail: str) -> Decoded:
    raise UndecodableError(name, detail)


def _canonical(enc: str) -> str:
    low = enc.lower().replace("_", "-")
    return "gb18030" if low in {"gbk", "gb2312", "gb18030", "cp936"} else low
