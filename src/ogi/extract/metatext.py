"""Report year and agency from the text, when no title line states them, each with the words that say it.

Pages copied from portals often lose the title; the text still says "2023年，我局…", "截至2023年12月31日",
"现公布区统计局2023年政府信息公开工作年度报告", "发布机构：区统计局", or is signed by the agency above the date.
Patterns are anchored on fixed words and bounded, so they stay linear on long text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ogi.extract.normalize import squash_spaces
from ogi.read.document import Line

__all__ = ["agency_from_text", "year_from_text"]

_YEAR = r"((?:19|20)\d{2})"
_REPORT = re.compile(_YEAR + r"年度?政府信息公开(?:工作)?年度报告")
_LEAD_WORDS = ("现予公布", "现将", "现公布", "特发布", "予以公布", "公布", "发布", "编制", "现就", "特此")
_AGENCY_SUFFIX = re.compile(r"(?:人民政府|办公室|局|委员会|委|厅|院|署|中心|办|会|部|馆|站|所|街道办事处|政府)$")
_SELF = re.compile(r"^(?:本机关|本单位|本局|我局|我委|我办|本委|本办|本部门|我单位|我部门|本级)")
_NOT_AGENCY = re.compile(r"[，。；：:、《》“”\d]")
_FIRST_PERSON = re.compile(_YEAR + r"年(?:度|以来)?[，,]\s*(?:我|本)(?:局|委|办|厅|院|署|中心|单位|机关|部门|区|县|市|镇|乡|街道|府|会)")
_AS_OF = re.compile(r"截至" + _YEAR + r"年12月31日")
_PUBLISHER = re.compile(r"(?:发布机构|发文机关|发布单位|来源)[:：]\s*([^\s，。；:：]{2,30})")
_MAX_AGENCY = 30
_SIGNATURE_DATE = re.compile(r"^(?:\d{4}|[〇○零一二三四五六七八九]{4})年[\d一二三四五六七八九十]{1,3}月[\d一二三四五六七八九十]{1,3}日$")


def _clean_agency(text: str) -> str | None:
    """Given the words before "2023年政府信息公开工作年度报告", return the agency they name, if they name one."""
    text = text.strip("《（(“ ")
    for word in _LEAD_WORDS:
        at = text.rfind(word)
        if at >= 0:
            text = text[at + len(word) :]
    text = text.removeprefix("了").strip("《（(“ ")
    if not (2 <= len(text) <= _MAX_AGENCY) or _SELF.match(text) or _NOT_AGENCY.search(text):
        return None
    return text if _AGENCY_SUFFIX.search(text) else None


def _clause(text: str, m: re.Match[str]) -> str:
    """The words of the clause a match stands in, up to its end: the evidence quoted."""
    start = max(text.rfind(c, 0, m.start()) for c in "，。；：,;:") + 1
    return text[max(start, m.start() - _MAX_AGENCY) : m.end()]


def _prose(lines: Sequence[Line]) -> list[str]:
    return [squash_spaces(ln.text).replace(" ", "") for ln in lines]


def agency_from_text(lines: Sequence[Line]) -> tuple[str | None, str]:
    """Given the document lines, return the agency the text names and the evidence: the report named in the
    text, a portal's 发布机构 line, or the signature above the date at the end."""
    texts = _prose(lines)
    signature_at = next((i for i in range(len(texts) - 1, max(-1, len(texts) - 6), -1)
                         if _SIGNATURE_DATE.match(texts[i])), None)
    for text in texts:
        for m in _REPORT.finditer(text):
            agency = _clean_agency(text[max(0, m.start() - _MAX_AGENCY - 6) : m.start()])
            if agency:
                return agency, f"正文“{text[max(0, m.start() - len(agency) - 4) : m.end()]}”"
    for text in texts:
        m = _PUBLISHER.search(text)
        if m and _AGENCY_SUFFIX.search(m.group(1)) and not _SELF.match(m.group(1)):
            return m.group(1), f"页面“{m.group(0)}”"
    if signature_at is not None:
        for k in range(signature_at - 1, max(-1, signature_at - 3), -1):
            text = texts[k]
            if 2 <= len(text) <= _MAX_AGENCY and _AGENCY_SUFFIX.search(text) and not _NOT_AGENCY.search(text):
                return text, f"落款“{text}”"
    return None, ""


def year_from_text(lines: Sequence[Line], agency: str | None = None) -> tuple[int | None, str]:
    """Given the document lines (and the agency, when known), return the report year the text states and the
    evidence: the report named in the text ("2023年政府信息公开工作年度报告"), "截至2023年12月31日", or
    "2023年，我局…" ("2023年，区统计局…")."""
    texts = _prose(lines)
    patterns = [_REPORT, _AS_OF, _FIRST_PERSON]
    if agency:
        patterns.append(re.compile(_YEAR + r"年(?:度|以来)?[，,]" + re.escape(agency)))
    for pattern in patterns:
        for text in texts:
            m = pattern.search(text)
            if m:
                return int(m.group(1)), f"正文“{_clause(text, m)}”"
    return None, ""

