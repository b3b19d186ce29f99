"""Turn report bytes into text: UTF-8 first, then GB18030 (a superset of GBK and GB2312), then detection."""

from __future__ import annotations

from ogi.errors import EmptyInputError, UndecodableError

__all__ = ["decode"]

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def decode(data: bytes, *, name: str | None = None, declared: str | None = None) -> tuple[str, str]:
    """Given raw bytes, return (text, encoding).

    A declared encoding (HTTP header, meta tag) is tried first. Chinese government pages are mostly UTF-8 or
    GBK; strict UTF-8 almost never accepts GBK bytes by accident, so the order is safe.
    """
    if not data.strip():
        raise EmptyInputError(name)
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data.decode(enc), enc
    candidates = [c for c in (declared, "utf-8", "gb18030") if c]
    for enc in candidates:
        try:
            return data.decode(enc), _canonical(enc)
        except (UnicodeDecodeError, LookupError):
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise UndecodableError(name)
    return str(best), best.encoding


def _canonical(enc: str) -> str:
    low = enc.lower().replace("_", "-")
    return "gb18030" if low in {"gbk", "gb2312", "gb18030", "cp936"} else low
