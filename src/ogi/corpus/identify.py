"""Who published a report, where, and for which year: each answer with where it was read and how sure it is.

Evidence order: the title (and what the reader took from the text) first, then the portal's 发布机构, the URL,
the file name, and the text around. A name that fits several divisions keeps them all as candidates with a low
confidence, unless another source narrows them; sources that disagree lower the confidence and are recorded.
"""

from __future__ import annotations

import re
from enum import StrEnum
from pathlib import PurePosixPath
from typing import Generic, TypeVar
from urllib.parse import unquote, urlsplit

from pydantic import BaseModel, Field

from ogi.corpus import divisions
from ogi.corpus.divisions import Division, Mention
from ogi.extract.metadata import parse_title
from ogi.extract.metatext import year_from_text
from ogi.model.report import Report
from ogi.read.document import Line

__all__ = ["AgencyKind", "DivisionRef", "Found", "How", "Identity", "agency_kind", "division_ref", "identify",
           "same_agency"]

T = TypeVar("T")


class How(StrEnum):
    """Where a value was read."""

    TITLE = "title"
    TEXT = "text"
    PAGE = "page"  # the portal's fields (发布机构)
    URL = "url"
    FILE_NAME = "file_name"


class AgencyKind(StrEnum):
    """A small closed vocabulary of publishing bodies."""

    GOVERNMENT = "人民政府"
    GENERAL_OFFICE = "办公室"  # 人民政府办公室 / 办公厅 publishing its own report
    DEPARTMENT = "部门"
    SUBDISTRICT_TOWNSHIP = "街道乡镇"
    DEVELOPMENT_ZONE = "开发区管委会"
    OTHER = "其他"


class DivisionRef(BaseModel):
    code: str = Field(description="GB/T 2260 code, 6 digits")
    name: str
    path: list[str] = Field(description="full names from the province down to this division")
    level: str = Field(description="province, city or county")
    current: bool = Field(default=True, description="false for a unit merged or renamed since (江北区 → 两江新区)")


class Found(BaseModel, Generic[T]):
    value: T | None = Field(description="null when the evidence fits several candidates and nothing narrows them")
    how: How
    evidence: str = Field(description="the words it was read from")
    confidence: float = Field(ge=0, le=1)
    candidates: list[T] = Field(default_factory=list, description="every value the evidence fits, when several")
    conflicts: list[str] = Field(default_factory=list, description="other sources that disagree, in Chinese")


class Identity(BaseModel):
    agency: Found[str] | None = None
    agency_kind: Found[AgencyKind] | None = None
    division: Found[DivisionRef] | None = None
    year: Found[int] | None = None


def division_ref(d: Division) -> DivisionRef:
    return DivisionRef(code=d.code, name=d.name, path=[p.name for p in divisions.path(d.code)], level=d.level,
                       current=d.current)


# -- agency and kind ------------------------------------------------------------------------------------------

_ZONE = re.compile(r"(?:开发区|高新区|经开区|园区|新区|保税区|试验区|示范区|合作区|工业区)(?:管理委员会|管委会|管委)?$")
_OFFICE = re.compile(r"(?:人民政府|政府)办(?:公室|公厅)?$")
_TOWN_GOVERNMENT = re.compile(r"(?:镇|乡|苏木)(?:人民)?政府$")
_SUBDISTRICT = re.compile(r"(?:街道办事处|街道|镇|乡|苏木)$")
_DEPARTMENT = re.compile(r"(?:局|厅|委员会|委|办公室|办|署|部|中心|院|馆|站|所|队|处|会)$")
_AGENCY_CONFIDENCE = {How.TITLE: 0.95, How.TEXT: 0.75, How.PAGE: 0.7, How.FILE_NAME: 0.6}
_PLACE_WORD = re.compile(r"^(?:省|市|县|区|州|盟|旗)")  # "市科技局": the place left out


def agency_kind(agency: str) -> AgencyKind:
    """Given an agency name, return its kind (rules on the name's ending, most specific first)."""
    if _TOWN_GOVERNMENT.search(agency) or _SUBDISTRICT.search(agency):
        return AgencyKind.SUBDISTRICT_TOWNSHIP
    if _OFFICE.search(agency):
        return AgencyKind.GENERAL_OFFICE
    if _ZONE.search(agency):
        return AgencyKind.DEVELOPMENT_ZONE
    if agency.endswith("政府") or _names_only_divisions(agency):
        return AgencyKind.GOVERNMENT  # "福州市鼓楼区2023年…报告", "2022年上海市…报告": the division's own report
    if _DEPARTMENT.search(agency):
        return AgencyKind.DEPARTMENT
    return AgencyKind.OTHER


def _names_only_divisions(agency: str) -> bool:
    mentions = divisions.find_in(agency, shorts=False)
    return len(mentions) == 1 and mentions[0].start == 0 and mentions[0].end == len(agency)


def _how_from_evidence(evidence: str) -> How:
    if evidence.startswith("标题"):
        return How.TITLE
    if evidence.startswith(("网页", "页面")):
        return How.PAGE
    return How.TEXT


def _core(agency: str) -> str:
    """The agency name without its leading division names and single place word: 淮安市洪泽区教育局 → 教育局."""
    mentions = divisions.find_in(agency, shorts=False)
    rest = agency[mentions[0].end :] if mentions and mentions[0].start == 0 else agency
    return _PLACE_WORD.sub("", rest)


def same_agency(a: str, b: str) -> bool:
    """True when two names can be the same agency: equal, one ending the other, or equal without the place."""
    return a == b or a.endswith(b) or b.endswith(a) or a.startswith(b) or b.startswith(a) or (bool(_core(a)) and _core(a) == _core(b))


_AGENCY_END = r"(?:人民政府|政府|街道办事处|办事处|管理委员会|管委会|办公室|办公厅|委员会|局|厅|委|办|中心)(?![会员])"
_TEXT_AGENCY = (
    re.compile(r"(?:^|[，。；]|报告)由([\u4e00-\u9fff]{2,30}" + _AGENCY_END + r")(?:根据|按照|依据|结合|综合|汇总)?[^，。；]{0,120}?编制"),
    re.compile(r"(?:^|[，。；])([\u4e00-\u9fff]{2,30}" + _AGENCY_END + r")编制了?本(?:年度)?报告"),
    re.compile(r"(?:^|[。；：])(?:19|20)\d{2}年(?:度|以来)?[，,]([\u4e00-\u9fff]{2,30}" + _AGENCY_END
               + r")(?:认真|坚持|严格|深入|全面|按照|紧紧|始终|持续|高度|积极|进一步|不断)"),
)


def _agency_from_text(report: Report) -> tuple[str, str] | None:
    """The agency named as the report's author in the text when the reader found none: "由X编制",
    "X编制了本报告", "2023年，X认真贯彻…"."""
    for text in [report.preamble, *(s.text for s in report.sections[:1])]:
        flat = re.sub(r"\s+", "", text)[:3000]
        for pattern in _TEXT_AGENCY:
            m = pattern.search(flat)
            if m:
                return m.group(1), f"正文“{m.group(0).lstrip('，。；')[:60]}”"
    return None


_NOT_NAMES = {"政府", "政务", "本机关", "本单位"}  # "2023年政府信息公开…报告" read as agency "政府"


def _file_stem(file_name: str) -> str:
    return PurePosixPath(file_name.replace("\\", "/")).stem


def _agency(report: Report, page_agency: str | None, file_name: str | None) -> Found[str] | None:
    meta = report.metadata
    sources: list[tuple[str, How, str]] = []
    if meta.agency and meta.agency not in _NOT_NAMES:
        sources.append((meta.agency, _how_from_evidence(meta.agency_evidence), meta.agency_evidence))
    elif (named_in_text := _agency_from_text(report)) is not None:
        sources.append((named_in_text[0], How.TEXT, named_in_text[1]))
    if page_agency and page_agency.strip():
        sources.append((page_agency.strip(), How.PAGE, f"网页“发布机构：{page_agency.strip()}”"))
    if file_name:
        agency, _ = parse_title(_file_stem(file_name))
        if agency:
            sources.append((agency, How.FILE_NAME, f"文件名“{file_name}”"))
    if not sources:
        return None
    value, how, evidence = sources[0]
    confidence, conflicts = _AGENCY_CONFIDENCE[how], []
    for other, _, other_evidence in sources[1:]:
        if same_agency(value, other):
            confidence = min(0.99, confidence + 0.02)
        else:
            conflicts.append(f"{other_evidence}为“{other}”，与“{value}”不一致")
            confidence -= 0.1
    return Found[str](value=value, how=how, evidence=evidence, confidence=round(max(confidence, 0.05), 2),
                      conflicts=conflicts)


def _kind(agency: Found[str]) -> Found[AgencyKind]:
    kind = agency_kind(agency.value or "")
    confidence = agency.confidence * (0.6 if kind is AgencyKind.OTHER else 0.95)
    return Found[AgencyKind](value=kind, how=agency.how, evidence=agency.value or "", confidence=round(confidence, 2))


# -- division -------------------------------------------------------------------------------------------------

_LEVEL_CHARS = set("省市州盟县区旗")
_NAME_SOURCES = (How.TITLE, How.TEXT, How.PAGE)
_BELOW_COUNTY = re.compile(r"^(?:街道|镇|乡|村|社区|苏木|嘎查)")
_HOST_NOISE = {"www", "gov", "cn", "com", "net", "org", "m", "wap", "xxgk", "zwgk", "zfxxgk", "gk", "http", "https"}
_CREDIT_CODE = re.compile(r"(?<![0-9A-Z])[0-9A-HJ-NPQRTUWXY]{2}(\d{6})[0-9A-HJ-NPQRTUWXY]{10}(?![0-9A-Z])")
_BARE_CODE = re.compile(r"(?<!\d)(\d{6})(?!\d)")
_ZONE_LETTERS = ("jkq", "kfq", "gxq", "jkkfq", "gxjskfq", "kaifaqu")  # not xinqu: 西咸新区 names no division
_TYPE_LETTERS = ("", "q", "x", "s")  # jmdbq: 荆门 东宝 区


class _Reading:
    """Divisions one source points to, and why."""

    def __init__(self, how: How, evidence: str, found: tuple[Division, ...], confidence: float) -> None:
        self.how, self.evidence, self.found, self.confidence = how, evidence, found, confidence


def _related(a: Division, b: Division) -> bool:
    return divisions.is_within(a.code, b.code) or divisions.is_within(b.code, a.code)


def _from_name(name: str, how: How, evidence: str) -> _Reading | None:
    """The divisions an agency name starts with (or names inside it: 国家税务总局洪泽区税务局)."""
    for m in divisions.find_in(name):
        if m.by_short and _BELOW_COUNTY.match(name[m.end :]):
            continue  # 长安街道, 城关镇: a street or town of that name, not the county
        found = m.divisions
        if m.by_short and name[m.end : m.end + 1] in _LEVEL_CHARS:
            # "红河州": the short name with its level's last character keeps the 自治州, not 红河县
            found = tuple(d for d in found if d.name.endswith(name[m.end])) or found
        confidence = 0.75 if m.by_short else 0.95 if _is_chain(m) else 0.9
        if m.start > 0:
            confidence -= 0.1
        return _Reading(how, evidence, found, confidence)
    return None


def _is_chain(m: Mention) -> bool:
    """A run naming a parent too ("淮安市洪泽区"), not a single name."""
    return m.unique and len(m.text) > len(m.divisions[0].name) and not m.by_short


def _narrow_chain(found: list[tuple[Division, ...]]) -> tuple[Division, ...]:
    """Given the candidates of consecutive words (huaian, hongzequ), keep the last word's that lie in the one before."""
    current = found[0]
    for nxt in found[1:]:
        inside = tuple(d for d in nxt if any(divisions.is_within(d.code, p.code) and d.code != p.code for p in current))
        current = inside or nxt
    return current


def _label_divisions(label: str) -> tuple[Division, ...]:
    """A host label or file-name word in pinyin: hongze, huaian, gztongzi (贵州 桐梓), jmdbq (荆门 东宝 区)."""
    found = divisions.by_pinyin(label)
    if found:
        return found
    for cut in range(2, len(label) - 1):  # initials of a parent, then the full pinyin: jsxishan, sxjiaxian
        head, tail = label[:cut], label[cut:]
        inner = divisions.by_pinyin(tail)
        if inner:
            narrowed = tuple(d for d in inner if any(p.code != d.code and divisions.is_within(d.code, p.code)
                                                     for p in divisions.by_initials(head)))
            if narrowed:
                return narrowed
    for suffix in _ZONE_LETTERS:  # the pinyin of a division, then the letters of a zone: anshunjkq
        found = divisions.by_pinyin(label.removesuffix(suffix)) if label.endswith(suffix) else ()
        if found:
            return found
    for letter in _TYPE_LETTERS:  # initials of a parent and of the unit: jmdbq, tjjh, ptxy
        stem = label[: len(label) - len(letter)] if letter and label.endswith(letter) else label
        if letter and not label.endswith(letter):
            continue
        for cut in range(2, len(stem) - 1):
            parents_, inner = divisions.by_initials(stem[:cut]), divisions.by_initials(stem[cut:])
            narrowed = tuple(d for d in inner if d.level == "county" and any(
                d.parent == p.code or (p.level == "province" and divisions.is_within(d.code, p.code)) for p in parents_))
            if 0 < len(narrowed) <= 3:
                return narrowed
    return ()


def _from_url(url: str) -> _Reading | None:
    parts = urlsplit(url if "//" in url else "http://" + url)
    query = unquote(parts.query)
    for pattern in (_CREDIT_CODE, _BARE_CODE):  # area=11370826004323472M (统一社会信用代码), area=LH331082-018
        for m in pattern.finditer(query):
            d = divisions.lookup(m.group(1))
            if d is not None:
                return _Reading(How.URL, f"网址参数“{m.group(0)}”", (d,), 0.6)
    labels = [lab for lab in (parts.hostname or "").split(".") if lab and lab not in _HOST_NOISE]
    found = [f for lab in reversed(labels) if (f := _label_divisions(lab))]  # the main label first: huaian, then jyj
    if not found:
        provinces = [d for lab in labels for d in divisions.by_initials(lab) if d.level == "province"]
        if provinces:
            return _Reading(How.URL, f"网址“{parts.hostname}”", tuple(provinces), 0.4)
        return None
    narrowed = _narrow_chain(found)
    return _Reading(How.URL, f"网址“{parts.hostname}”", narrowed, 0.6 if len(narrowed) == 1 else 0.3)


def _from_file_name(file_name: str) -> _Reading | None:
    stem = _file_stem(file_name)
    reading = _from_name(stem, How.FILE_NAME, f"文件名“{file_name}”")
    if reading is not None:
        reading.confidence = min(reading.confidence, 0.7)
        return reading
    words = [w for w in re.split(r"[^a-z]+", stem.lower()) if len(w) >= 3]
    found = [f for w in words if (f := divisions.by_pinyin(w))]
    if not found:
        return None
    narrowed = _narrow_chain(found)
    return _Reading(How.FILE_NAME, f"文件名“{file_name}”", narrowed, 0.55 if len(narrowed) == 1 else 0.3)


def _context_codes(report: Report) -> dict[str, str]:
    """Divisions named unambiguously in the report's own words (the first few thousand characters): code → words."""
    text = (report.preamble + "".join(s.text for s in report.sections))[:4000]
    return {m.divisions[0].code: m.text for m in divisions.find_in(text, shorts=False) if m.unique}


def _finest(codes: dict[str, str]) -> Division | None:
    """The one most specific division when every code named lies on one line (上海市, 长宁区 → 长宁区)."""
    found = [d for c in codes if (d := divisions.lookup(c)) is not None]
    if not found:
        return None
    finest = max(found, key=lambda d: len(divisions.path(d.code)))
    return finest if all(divisions.is_within(finest.code, d.code) for d in found) else None


def _names(found: tuple[Division, ...]) -> str:
    return "、".join(f"{'/'.join(p.name for p in divisions.path(d.code))}（{d.code}）" for d in found[:6])


def _division(readings: list[_Reading], context: dict[str, str]) -> Found[DivisionRef] | None:
    if not readings:
        return None
    primary = next((r for r in readings if len(r.found) == 1), readings[0])
    chosen, confidence = primary.found, primary.confidence
    evidence, conflicts = primary.evidence, []
    for other in readings:
        if other is primary:
            continue
        agree = tuple(d for d in chosen if any(_related(d, o) for o in other.found))
        if not agree:
            if len(other.found) == 1 or len(chosen) == 1:
                conflicts.append(f"{other.evidence}指向{_names(other.found)}，与{_names(chosen)}不一致")
                confidence -= 0.2 if len(other.found) == 1 else 0.05
            continue
        if len(chosen) > 1 and len(agree) < len(chosen):
            # the other source narrows the candidates; keep the more specific division of each agreeing pair
            chosen = tuple({_finer(d, other.found).code: _finer(d, other.found) for d in agree}.values())
            evidence += f"；{other.evidence}"
            confidence = max(confidence, 0.7 if len(chosen) == 1 else confidence)
        elif len(chosen) == 1:
            confidence = min(0.99, confidence + 0.03)
            inside = [o for o in other.found if o.code != chosen[0].code and divisions.is_within(o.code, chosen[0].code)]
            if len(inside) == 1 and (len(other.found) == 1 or other.how in _NAME_SOURCES):
                # 台州湾…管委会 on the 临海市 portal; 朝阳区 on the 长春市 portal (not one reading of a pinyin word)
                chosen = (inside[0],)
                evidence += f"；{other.evidence}"
    if len(chosen) > 1 and context:
        supported = tuple(d for d in chosen if d.code in context) or tuple(
            d for d in chosen if any(divisions.is_within(d.code, c) or divisions.is_within(c, d.code) for c in context))
        if len(supported) == 1:
            chosen, confidence = supported, 0.6
            named = [words for code, words in context.items() if _related(supported[0], divisions.lookup(code))]
            evidence += f"；正文提到“{'、'.join(named[:3])}”"
    if len(chosen) > 1:
        return Found[DivisionRef](value=None, how=primary.how, evidence=evidence,
                                  confidence=round(min(0.3, 0.6 / len(chosen)), 2),
                                  candidates=[division_ref(d) for d in chosen], conflicts=conflicts)
    d = chosen[0]
    if not d.current:
        evidence += "（该区划已撤销或更名）"
    return Found[DivisionRef](value=division_ref(d), how=primary.how, evidence=evidence,
                              confidence=round(max(confidence, 0.05), 2), conflicts=conflicts)


def _finer(d: Division, others: tuple[Division, ...]) -> Division:
    """Of d and the other source's division it agrees with, the more specific one."""
    inside = [o for o in others if divisions.is_within(o.code, d.code) and o.code != d.code]
    return inside[0] if len(inside) == 1 else d


def _division_readings(agency: Found[str] | None, page_agency: str | None, url: str | None,
                       file_name: str | None) -> list[_Reading]:
    readings: list[_Reading | None] = []
    if agency is not None and agency.value:
        readings.append(_from_name(agency.value, agency.how, agency.evidence or f"机关名称“{agency.value}”"))
    if page_agency and (agency is None or page_agency.strip() != agency.value):
        readings.append(_from_name(page_agency.strip(), How.PAGE, f"网页“发布机构：{page_agency.strip()}”"))
    if url:
        readings.append(_from_url(url))
    if file_name:
        readings.append(_from_file_name(file_name))
    return [r for r in readings if r is not None]


# -- year -----------------------------------------------------------------------------------------------------

_FIRST_YEAR = 2008  # the first reports, under the 2007 条例
_URL_YEAR = re.compile(r"(?:^|[/_=\-])(20[0-3]\d)(?:n|nian|nd|年)?(?=$|[/_.\-&])")
_URL_DATES = (re.compile(r"(?:^|/)(20[0-3]\d)/(\d{1,2})/\d{1,2}(?=/)"),  # /art/2024/1/30/
              re.compile(r"(?:^|[/_])t?(20[0-3]\d)(0[1-9]|1[0-2])(?:[0-3]\d)?(?=[/_.]|$)"))  # /202401/t20240126_
_FILE_YEAR = re.compile(r"(?<!\d)(20[0-3]\d)(?!\d)")
_YEAR_CONFIDENCE = {How.TITLE: 0.95, How.TEXT: 0.85, How.PAGE: 0.7}


_SENTENCE_YEAR = re.compile(r"(?:^|[。；：\n])[ \t\u3000]{0,4}((?:19|20)\d{2})年(?:度|以来)?[，,]")


def _leading_year(text: str) -> tuple[int, str] | None:
    """The year most sentences open with ("2023年，在区委…"), when one year leads them all."""
    years = [int(m.group(1)) for m in _SENTENCE_YEAR.finditer(text[:5000])]
    if not years:
        return None
    best = max(set(years), key=years.count)
    if years.count(best) * 2 <= len(years):
        return None
    return best, f"正文以“{best}年，”开头的句子（{years.count(best)}处）"


def _year_readings(report: Report, url: str | None, file_name: str | None) -> list[tuple[int, How, str, float]]:
    out: list[tuple[int, How, str, float]] = []
    meta = report.metadata
    if meta.report_year:
        how = _how_from_evidence(meta.report_year_evidence)
        out.append((meta.report_year, how, meta.report_year_evidence or "报告", _YEAR_CONFIDENCE[how]))
    else:
        texts = [report.preamble] + [s.text for s in report.sections]
        lines = [Line(number=i + 1, cells=(t,)) for i, t in enumerate(p for t in texts for p in t.splitlines())]
        year, evidence = year_from_text(lines, meta.agency)
        if year:
            out.append((year, How.TEXT, evidence, 0.8))
        elif meta.period_end is not None:
            out.append((meta.period_end.year, How.TEXT, "统计期间", 0.85))
        elif (leading := _leading_year("\n".join(texts))) is not None:
            out.append((leading[0], How.TEXT, leading[1], 0.6))
    if url:
        path = unquote(urlsplit(url if "//" in url else "http://" + url).path + "?" + urlsplit(url).query)
        dates = [m for pattern in _URL_DATES for m in pattern.finditer(path)]
        undated = path
        for m in dates:
            undated = undated.replace(m.group(0), "/")
        segment = next((m for m in _URL_YEAR.finditer(undated)), None)
        if segment:
            out.append((int(segment.group(1)), How.URL, f"网址“{segment.group(0).strip('/_=-')}”", 0.6))
        published = next((m for m in dates if int(m.group(2)) <= 6), None)  # in the first half of the next year
        if published:
            out.append((int(published.group(1)) - 1, How.URL, f"网址中的发布日期“{published.group(0).strip('/_')}”",
                        0.45))
    if file_name:
        m = _FILE_YEAR.search(_file_stem(file_name))
        if m:
            out.append((int(m.group(1)), How.FILE_NAME, f"文件名“{file_name}”", 0.6))
    return [r for r in out if r[0] >= _FIRST_YEAR]


def _year(readings: list[tuple[int, How, str, float]]) -> Found[int] | None:
    if not readings:
        return None
    ranked = sorted(readings, key=lambda r: -r[3])
    year, how, evidence, confidence = ranked[0]
    conflicts = []
    for other, _, other_evidence, other_confidence in ranked[1:]:
        if other == year:
            confidence = min(0.99, confidence + 0.02)
        else:
            conflicts.append(f"{other_evidence}为{other}年，与{year}年不一致")
            confidence -= 0.2 if other_confidence >= 0.6 else 0.1
    return Found[int](value=year, how=how, evidence=evidence, confidence=round(max(confidence, 0.05), 2),
                      conflicts=conflicts)


# -- the whole identity ---------------------------------------------------------------------------------------

def identify(report: Report, *, url: str | None = None, file_name: str | None = None,
             page_agency: str | None = None) -> Identity:
    """Given a report (and where it came from), return its agency, agency kind, division and year, each with
    how it was found and a confidence, or absent when nothing says."""
    url = url or report.source_url
    source = report.source_name or ""
    if file_name is None and source and "://" not in source:
        file_name = PurePosixPath(source.replace("\\", "/")).name
    if url is None and "://" in source:
        url = source
    agency = _agency(report, page_agency, file_name)
    readings = _division_readings(agency, page_agency, url, file_name)
    context = _context_codes(report) if readings and any(len(r.found) > 1 for r in readings) else {}
    if not readings:
        finest = _finest(_context_codes(report))
        if finest is not None:
            readings = [_Reading(How.TEXT, f"正文提到“{'/'.join(p.name for p in divisions.path(finest.code))}”",
                                 (finest,), 0.4)]
    return Identity(
        agency=agency,
        agency_kind=_kind(agency) if agency and agency.value else None,
        division=_division(readings, context),
        year=_year(_year_readings(report, url, file_name)),
    )
