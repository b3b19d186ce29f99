"""Report series with known copied passages and known carry-over breaks (test and bench helper, not part of ogi).

`agency_series()` takes seed 000 (安阳市科学技术局 2023) and makes its reports for 2020–2023 and 2025 (2024
missing): its own tables with 结转 and 现行有效件数 that carry over from year to year except where a `PlantedBreak`
says otherwise, and prose of its own for every year (random words: unrelated to any other text) except the
`PlantedCopy` passages: 2023's part 五 is 2022's with the year changed and a sentence added, and 2021's part 一
holds the opening paragraph of seed 001 (石嘴山市科学技术局) with the agency's name and the year changed.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

from ogi.api import parse_file
from ogi.model.layout import APPLICANT_COLUMNS, TableKey
from ogi.model.report import Cell, CellKind, Report, RowStatus, Section, SectionKey

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "src" / "ogi" / "samples"
AGENCY = "安阳市科学技术局"
SOURCE_AGENCY = "石嘴山市科学技术局"
YEARS = (2020, 2021, 2022, 2023, 2025)


def seed(seed_id: str) -> Report:
    return parse_file(next(SAMPLES.glob(f"{seed_id}_*.txt")))


def seeds() -> dict[str, Report]:
    return {p.name[:3]: parse_file(p) for p in sorted(SAMPLES.glob("*.txt"))}


def vocabulary(reports: list[Report]) -> list[str]:
    """Every two-character run of Chinese characters in the reports' prose: words to make prose from."""
    words = set()
    for report in reports:
        for section in report.sections:
            for run in re.findall(r"[\u4e00-\u9fff]+", section.text):
                words.update(run[i:i + 2] for i in range(0, len(run) - 1, 2))
    return sorted(words)


def prose(rng: random.Random, words: list[str], chars: int) -> str:
    """Random words in sentences of 8 to 16 words: prose that shares no passage with any other."""
    out: list[str] = []
    size = 0
    while size < chars:
        sentence = "".join(rng.choice(words) for _ in range(rng.randint(8, 16)))
        out.append(sentence + rng.choice("，。；。"))
        size += len(sentence) + 1
    return "".join(out)


@dataclass(frozen=True)
class PlantedBreak:
    check: str  # "carry_over" or "in_force"
    year: int
    table: str
    row: str
    column: str
    expected: int
    actual: int


@dataclass(frozen=True)
class PlantedCopy:
    """A passage of report `source` section `source_section` copied into report `copy`, section `copy_section`;
    the passage as it stands in each text."""

    copy: str  # report id
    copy_section: str
    source: str
    source_section: str
    copy_text: str
    source_text: str


@dataclass
class Series:
    reports: dict[str, Report]  # report id -> report: the series "anyang-YYYY" and the five seeds "seed-NNN"
    breaks: list[PlantedBreak]
    copies: list[PlantedCopy]
    missing_years: list[int]

    def by_year(self) -> list[tuple[int, Report]]:
        return [(r.metadata.report_year, r) for rid, r in self.reports.items() if rid.startswith("anyang-")]


def _set(report: Report, table: TableKey, row: str, column: str, value: int) -> None:
    report.tables[table].rows[row].cells[column] = Cell(text=str(value), value=value, kind=CellKind.NUMBER)


def _set_row(report: Report, row: str, per_column: dict[str, int]) -> None:
    for col in APPLICANT_COLUMNS:
        if col.key != "total":
            _set(report, TableKey.APPLICATIONS, row, col.key, per_column.get(col.key, 0))
    _set(report, TableKey.APPLICATIONS, row, "total", sum(per_column.values()))


def _text(report: Report, key: SectionKey, text: str) -> None:
    section = report.section(key)
    assert section is not None
    report.sections[report.sections.index(section)] = Section(key=key, heading=section.heading, text=text)


def agency_series(rng_seed: int = 12) -> Series:
    rng = random.Random(rng_seed)
    base, source = seed("000"), seed("001")
    all_seeds = seeds()
    words = vocabulary(list(all_seeds.values()))
    reports: dict[str, Report] = {f"seed-{k}": v for k, v in all_seeds.items()}
    breaks: list[PlantedBreak] = []
    in_force = 12
    for n, year in enumerate(YEARS):
        r = base.model_copy(deep=True)
        r.metadata.report_year = year
        r.source_name = f"anyang-{year}"
        # 结转: what is carried forward at the end of year Y is carried over at the start of Y+1
        _set_row(r, "carried_over", {"natural_person": n, "commercial_enterprise": n % 2})
        _set_row(r, "carried_forward", {"natural_person": n + 1, "commercial_enterprise": (n + 1) % 2})
        # 现行有效件数: 3 new and 1 repealed a year
        in_force += 2
        for col, v in (("issued", 3), ("abolished", 1), ("in_force", in_force)):
            _set(r, TableKey.PROACTIVE, "normative_documents", col, v)
        for key in SectionKey:
            if key in (SectionKey.GENERAL, SectionKey.PROBLEMS, SectionKey.OTHER):
                _text(r, key, f"{year}年，{AGENCY}" + prose(rng, words, 400))
        reports[f"anyang-{year}"] = r

    # a carry-over break: 2022 carries over 3 natural-person applications where 2021 carried forward 2
    r2022 = reports["anyang-2022"]
    _set(r2022, TableKey.APPLICATIONS, "carried_over", "natural_person", 3)
    breaks.append(PlantedBreak("carry_over", 2022, "table3", "carried_over", "natural_person", 2, 3))
    _set(r2022, TableKey.APPLICATIONS, "carried_over", "total", 3 + 0)  # 2021 carried forward total 2 + 0
    breaks.append(PlantedBreak("carry_over", 2022, "table3", "carried_over", "total", 2, 3))
    # a 现行有效件数 break: 2023 prints 17 where 2022's 18 + 3 − 1 = 20
    _set(reports["anyang-2023"], TableKey.PROACTIVE, "normative_documents", "in_force", 17)
    breaks.append(PlantedBreak("in_force", 2023, "table2", "normative_documents", "in_force", 20, 17))
    # an unreadable row: 2021's 规章 row, so its 2021 check has no verdict
    reports["anyang-2021"].tables[TableKey.PROACTIVE].rows["regulations"].status = RowStatus.UNREADABLE

    copies = [_plant_self_copy(reports, rng, words), _plant_cross_copy(reports, source)]
    return Series(reports, breaks, copies, [2024])


def _plant_self_copy(reports: dict[str, Report], rng: random.Random, words: list[str]) -> PlantedCopy:
    """2023's part 五 is 2022's with 2022 changed to 2023 and a new sentence at the end."""
    old = reports["anyang-2022"].section(SectionKey.PROBLEMS).text
    copied = old.replace("2022", "2023")
    _text(reports["anyang-2023"], SectionKey.PROBLEMS, copied + prose(rng, words, 60))
    return PlantedCopy("anyang-2023", "problems", "anyang-2022", "problems", copied, old)


def _plant_cross_copy(reports: dict[str, Report], source: Report) -> PlantedCopy:
    """Part 一 of 2021 has the first 300 characters of 石嘴山市科学技术局's part 一 inside it, its name and year
    changed."""
    general = source.section(SectionKey.GENERAL).text
    passage = general[:300]  # "2023年，石嘴山市科学技术局坚持以…"
    assert passage.startswith("2023年，" + SOURCE_AGENCY)
    copied = passage.replace(SOURCE_AGENCY, AGENCY).replace("2023", "2021")
    own = reports["anyang-2021"].section(SectionKey.GENERAL).text
    cut = own.index("。", 150) + 1
    _text(reports["anyang-2021"], SectionKey.GENERAL, own[:cut] + copied + own[cut:])
    return PlantedCopy("anyang-2021", "general", "seed-001", "general", copied, passage)
