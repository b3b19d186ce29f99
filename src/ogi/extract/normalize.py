"""Label normalisation, so that "（三）不予公开", "(三) 不予公开" and "( 三)不予 公开" compare equal."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["norm", "squash_spaces"]

# CJK radicals that Chromium-printed PDFs yield and NFKC leaves alone (ecosystem.md §1).
_RADICALS = str.maketrans({"\u2ea0": "民", "\u2eda": "页", "\u2ec5": "见", "\u2ed4": "过", "\u2ee2": "马"})
_DROP = str.maketrans("", "", " \t\u3000\xa0\u200b“”‘’\"'「」『』《》<>〈〉")
_ITEM_NUMBER = re.compile(r"^(\d{1,2})[、,，:：]")
_CJK_SPACE = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef])[ \u3000\xa0]+(?=[\u3000-\u9fff\uff00-\uffef\d])"
                        r"|(?<=[\d])[ \u3000\xa0]+(?=[\u3000-\u9fff])")


@lru_cache(maxsize=8192)
def norm(text: str) -> str:
    """Given printed label text, return a comparison key: NFKC, no spaces or quotes, "1、" read as "1."."""
    s = unicodedata.normalize("NFKC", text.translate(_RADICALS)).translate(_DROP)
    return _ITEM_NUMBER.sub(r"\1.", s)


def squash_spaces(text: str) -> str:
    """Given text extracted from a PDF, remove the stray spaces PDF extraction puts between CJK characters."""
    if " " not in text and "\u3000" not in text and "\xa0" not in text:
        return text.strip()  # the common case, and the regex's lookbehinds are slow on long prose
    return _CJK_SPACE.sub("", text).strip()
