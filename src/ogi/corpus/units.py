"""A supervisor's list of the units they oversee (XLSX: 单位名称, 所属区划, 上级单位), matched to identified reports.

Each report goes to at most one unit, with the reason; the units with no report for a year are listed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from pydantic import BaseModel, Field

from ogi.corpus import divisions
from ogi.corpus.identify import DivisionRef, Identity, division_ref, same_agency
from ogi.errors import OgiError

__all__ = ["Unit", "UnitListError", "UnitMatch", "load_units", "match", "missing"]

_COLUMNS = {  # the column, and the header words taken for it
    "单位名称": ("单位名称", "单位", "名称", "机关名称", "部门名称", "单位全称", "机构名称"),
    "所属区划": ("所属区划", "区划", "行政区划", "区划代码", "行政区划代码", "所属地区", "地区", "所在地区"),
    "上级单位": ("上级单位", "上级", "主管单位", "上级机关", "主管部门", "上级部门"),
}
_REQUIRED = ("单位名称", "所属区划")
_HEADER_NOISE = re.compile(r"（[^）]{0,20}）|\([^)]{0,20}\)|【[^】]{0,20}】|[\s*＊:：]|必填|选填")
_MAX_PROBLEMS = 5


class UnitListError(OgiError):
    """The unit list cannot be used: unreadable file, missing column, or a division that is not known."""

    code = "corpus.units"
    message_zh = "单位名单无法使用"


class Unit(BaseModel):
    name: str
    division: DivisionRef
    parent: str | None = None
    row: int = Field(description="the row of the XLSX sheet it was read from")


class UnitMatch(BaseModel):
    report: str = Field(description="the report's key, as given to match()")
    unit: Unit | None
    why: str = Field(description="why this unit, or why none, in Chinese")


def _header(text: object) -> str:
    return _HEADER_NOISE.sub("", str(text or ""))


def _columns(header: Sequence[object], name: str) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        word = _header(cell)
        for column, words in _COLUMNS.items():
            if column not in found and word in words:
                found[column] = index
    absent = [c for c in _REQUIRED if c not in found]
    if absent:
        seen = "、".join(h for h in (_header(c) for c in header) if h) or "无"
        raise UnitListError(name, f"缺少“{'”“'.join(absent)}”列（第一行的列名为：{seen}）")
    return found


def _resolve(text: str, context: str) -> tuple[divisions.Division | None, str]:
    """A division from a code or a name; the unit's own name and parent narrow a name found in several places."""
    if text.isdigit():
        d = divisions.lookup(text)
        return (d, "") if d else (None, f"区划代码“{text}”不存在")
    mentions = divisions.find_in(text)
    if not mentions:
        return None, f"“{text}”不是已知的行政区划"
    found = mentions[-1].divisions
    if len(found) > 1:
        near = {m.divisions[0].code for m in divisions.find_in(context) if m.unique}
        narrowed = tuple(d for d in found if any(divisions.is_within(d.code, c) for c in near))
        found = narrowed or found
    if len(found) > 1:
        places = "、".join(f"{'/'.join(p.name for p in divisions.path(d.code))}（{d.code}）" for d in found[:4])
        return None, f"“{text}”有多个同名区划（{places}），请填写区划代码"
    return found[0], ""


def load_units(path: str | Path) -> list[Unit]:
    """Given an XLSX file, return its units. Raises UnitListError (naming the file, and the row and column)."""
    from openpyxl import load_workbook

    path = Path(path)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise UnitListError(str(path), f"不是可读取的XLSX文件（{type(exc).__name__}）") from exc
    try:
        rows = list(book.worksheets[0].iter_rows(values_only=True))
    finally:
        book.close()
    if not rows:
        raise UnitListError(str(path), "工作表为空")
    columns = _columns(rows[0], str(path))
    units, problems = [], []
    for number, row in enumerate(rows[1:], start=2):
        def cell(column: str, row: tuple = row) -> str:
            index = columns.get(column)
            value = row[index] if index is not None and index < len(row) else None
            return str(value).strip() if value is not None else ""

        name = cell("单位名称")
        if not name:
            continue  # a blank line
        place, parent = cell("所属区划"), cell("上级单位") or None
        if not place:
            problems.append(f"第{number}行“所属区划”为空")
            continue
        division, reason = _resolve(place, f"{name}{parent or ''}")
        if division is None:
            problems.append(f"第{number}行“所属区划”：{reason}")
            continue
        units.append(Unit(name=name, division=division_ref(division), parent=parent, row=number))
    if problems:
        more = f"等{len(problems)}处" if len(problems) > _MAX_PROBLEMS else ""
        raise UnitListError(str(path), "；".join(problems[:_MAX_PROBLEMS]) + more)
    if not units:
        raise UnitListError(str(path), "没有任何单位（“单位名称”列为空）")
    return units


def _division_fits(identity: Identity, unit: Unit) -> bool | None:
    """True when the report's division is the unit's (or inside it), False when it is elsewhere, None unknown."""
    found = identity.division
    if found is None:
        return None
    codes = [found.value.code] if found.value else [c.code for c in found.candidates]
    if not codes:
        return None
    return any(divisions.is_within(c, unit.division.code) or divisions.is_within(unit.division.code, c) for c in codes)


def _score(identity: Identity, unit: Unit) -> tuple[int, str]:
    agency = identity.agency.value if identity.agency and identity.agency.value else ""
    fits = _division_fits(identity, unit)
    if fits is False or not agency:
        return 0, ""
    if not fits:
        place = "，报告的区划未知"
    elif identity.division and identity.division.value is None:
        place = f"，报告的区划有多个候选，其中之一为{unit.division.name}（{unit.division.code}）"
    else:
        place = f"，区划{unit.division.name}（{unit.division.code}）一致"
    if agency == unit.name:
        return 3, f"机关名称“{agency}”与单位名称相同{place}"
    if same_agency(agency, unit.name):
        return (2 if fits else 1), f"机关名称“{agency}”与单位“{unit.name}”去掉地名后相同{place}"
    return 0, ""


def match(identities: Mapping[str, Identity], units: Sequence[Unit]) -> list[UnitMatch]:
    """Given identified reports (key → identity) and the unit list, return one match per report: the unit with
    the best reason, or none when no unit fits or two fit equally well."""
    out = []
    for key, identity in identities.items():
        scored = sorted(((*_score(identity, u), i) for i, u in enumerate(units)), key=lambda s: -s[0])
        best = [s for s in scored if s[0] and s[0] == scored[0][0]] if scored else []
        if not best:
            out.append(UnitMatch(report=key, unit=None, why="没有名称和区划都相符的单位"))
        elif len(best) > 1:
            names = "、".join(units[i].name for _, _, i in best[:4])
            out.append(UnitMatch(report=key, unit=None, why=f"多个单位同样相符（{names}），未匹配"))
        else:
            _, why, index = best[0]
            out.append(UnitMatch(report=key, unit=units[index], why=why))
    return out


def missing(units: Iterable[Unit], reports_by_year: Mapping[int, Iterable[UnitMatch]], year: int) -> list[Unit]:
    """Given the units, the matches of each year's reports, and a year, return the units with no report that year."""
    have = {(m.unit.name, m.unit.division.code) for m in reports_by_year.get(year, ()) if m.unit is not None}
    return [u for u in units if (u.name, u.division.code) not in have]
