"""The numbers of a generated report: tables 二, 三 and 四 whose identities hold, cells made wrong on purpose,
and the report model ogi's renderers print (test helper, not part of ogi).

The identities are domain.md §1.6: for table 三, 总计 = the six applicant columns on every row, （七）总计 = the
outcome rows, 一 + 二 = （七）总计 + 四 per column; for table 四, 总计 = the four results of each block.
`failing_identities` checks them on the generator's own values, without ogi, so the manifest's "sums hold"
comes from the generator, not from the checker under test.
"""

from __future__ import annotations

import random
from decimal import Decimal

from ogi.model.layout import FormatVersion, TableKey, layout_for, outcome_rows
from ogi.model.report import (
    SECTION_TITLES,
    Cell,
    CellKind,
    Metadata,
    Report,
    Row,
    RowStatus,
    Section,
    SectionKey,
    Table,
)

__all__ = ["APPLICANTS", "Tables", "build_report", "consistent_tables", "failing_identities", "plant_error"]

Number = int | Decimal
Tables = dict[str, dict[str, dict[str, Number]]]  # table key -> row key -> column key -> value
APPLICANTS = ("natural_person", "commercial_enterprise", "research_institution", "public_interest_org",
              "legal_service_org", "other_org")
_APPLICANT_WEIGHTS = (80, 9, 1, 1, 4, 5)
_RESULTS = ("upheld", "corrected", "other", "pending")

# how often an application ends in each outcome row (most are disclosed or not held)
_OUTCOME_WEIGHTS = {
    "disclosed": 40, "partially_disclosed": 8, "withheld_state_secret": 1, "withheld_law_prohibited": 1,
    "withheld_three_safety_stability": 1, "withheld_third_party": 2, "withheld_internal_affairs": 1,
    "withheld_process_info": 2, "withheld_enforcement_file": 1, "withheld_query_matter": 1, "unable_not_held": 20,
    "unable_needs_creation": 3, "unable_unclear_after_correction": 2, "not_processed_petition": 4,
    "not_processed_repeat": 3, "not_processed_publication": 1, "not_processed_excessive": 1,
    "not_processed_confirm_existing": 1, "other_no_correction": 3, "other_unpaid_fee": 1, "other_misc": 2,
    "other_handling": 6,
}


def _spread(rng: random.Random, total: int, keys: list[str], weights: list[int]) -> dict[str, int]:
    out = dict.fromkeys(keys, 0)
    for key in rng.choices(keys, weights, k=total):
        out[key] += 1
    return out


def _table3(rng: random.Random, version: FormatVersion, new: int, carried_over: dict[str, int] | None) -> dict:
    layout = layout_for(version)
    outcomes = [r.key for r in outcome_rows(layout)]
    weights = [_OUTCOME_WEIGHTS[k] for k in outcomes]
    by_col = _spread(rng, new, list(APPLICANTS), list(_APPLICANT_WEIGHTS))
    t3: dict[str, dict[str, int]] = {r.key: {} for r in layout.data_rows(TableKey.APPLICATIONS)}
    for col in APPLICANTS:
        over = carried_over[col] if carried_over is not None else (rng.randint(0, 2) if by_col[col] > 5 else 0)
        new_c = by_col[col]
        forward = min(new_c + over, rng.randint(0, max(0, new_c // 15)) if new_c else 0)
        done = new_c + over - forward
        cells = _spread(rng, done, outcomes, weights)
        for key in outcomes:
            t3[key][col] = cells[key]
        t3["new_received"][col], t3["carried_over"][col] = new_c, over
        t3["total_processed"][col], t3["carried_forward"][col] = done, forward
    for cells in t3.values():
        cells["total"] = sum(cells[c] for c in APPLICANTS)
    return t3


def _table2(rng: random.Random, version: FormatVersion, scale: int, in_force_prev: dict[str, int] | None) -> dict:
    big = scale >= 50  # a government or a large department: more documents and decisions
    if version is FormatVersion.V2021:
        t2: dict[str, dict[str, Number]] = {}
        for row in ("regulations", "normative_documents"):
            issued = rng.randint(0, 3 if row == "regulations" else 25) if big or rng.random() < 0.5 else 0
            abolished = rng.randint(0, issued + 2) if issued else 0
            base = in_force_prev[row] if in_force_prev else rng.randint(abolished, abolished + (60 if big else 15))
            t2[row] = {"issued": issued, "abolished": abolished, "in_force": max(0, base + issued - abolished)}
        t2["licensing"] = {"decisions": rng.choice((0, rng.randint(1, 60), rng.randint(100, 20000)))}
        t2["penalty"] = {"decisions": rng.choice((0, rng.randint(1, 30), rng.randint(50, 3000)))}
        t2["compulsion"] = {"decisions": rng.choice((0, 0, rng.randint(1, 40)))}
        cents = rng.choice((0, 0, rng.randint(1, 2_000_000)))
        t2["fees"] = {"amount": Decimal(cents).scaleb(-2)}
        return t2
    t2 = {}
    for row in ("regulations", "normative_documents"):
        produced = rng.randint(0, 3 if row == "regulations" else 25) if big or rng.random() < 0.5 else 0
        published = produced
        t2[row] = {"produced": produced, "published": published,
                   "total_published": published + rng.randint(0, 80 if big else 15)}
    for row in ("licensing", "other_admin_services", "penalty", "compulsion"):
        previous = rng.randint(0, 120 if big else 20)
        t2[row] = {"previous_year_items": previous, "change": rng.randint(-min(previous, 10), 10),
                   "decisions": rng.choice((0, rng.randint(1, 60), rng.randint(100, 9000)))}
    previous = rng.randint(0, 12)
    t2["fees"] = {"previous_year_items": previous, "change": rng.randint(-min(previous, 3), 3)}
    projects = rng.choice((0, rng.randint(1, 40)))
    t2["procurement"] = {"projects": projects, "amount": Decimal(rng.randint(1, 900) * 1000 if projects else 0)}
    return t2


def _table4(rng: random.Random, scale: int) -> dict:
    t4 = {}
    for row in ("review", "litigation_direct", "litigation_after_review"):
        cells = {c: (rng.choice((0, 0, 0, rng.randint(0, max(1, scale // 40)))) if scale else 0) for c in _RESULTS}
        cells["total"] = sum(cells.values())
        t4[row] = cells
    return t4


def consistent_tables(rng: random.Random, version: FormatVersion, new: int, *,
                      carried_over: dict[str, int] | None = None, in_force_prev: dict[str, int] | None = None) -> Tables:
    """Given the number of new applications (and, in a series, last year's 结转下年度 per column and 现行有效件数
    per row), return tables 二, 三 and 四 whose identities all hold."""
    return {"table2": _table2(rng, version, new, in_force_prev), "table3": _table3(rng, version, new, carried_over),
            "table4": _table4(rng, new)}


def plant_error(rng: random.Random, tables: Tables) -> dict:
    """Change one cell of table 三 or 四 so that an identity fails; return what was changed (row, column, the
    value that holds, the value printed). The tables are changed in place."""
    choice = rng.choice(("total_processed", "new_received", "applicant", "table4"))  # never 结转: series chain on it
    if choice == "table4":
        table, row, col = "table4", rng.choice(("review", "litigation_direct", "litigation_after_review")), "total"
    elif choice == "applicant":
        table, row, col = "table3", rng.choice(("disclosed", "unable_not_held", "new_received")), "natural_person"
    else:
        table, row, col = "table3", choice, "total"
    right = tables[table][row][col]
    wrong = right + rng.choice((1, 2, 3, 10)) if right < 3 or rng.random() < 0.6 else right - rng.randint(1, 3)
    tables[table][row][col] = wrong
    return {"table": table, "row": row, "column": col, "correct": right, "printed": wrong}


def failing_identities(version: FormatVersion | str, tables: Tables) -> list[str]:
    """Given a report's values, return the identities of domain.md §1.6 that fail, e.g.
    "table3.row_total:disclosed", "table3.outcomes:total", "table3.balance:natural_person", "table4.total:review"."""
    layout = layout_for(FormatVersion(version))
    t3, failed = tables["table3"], []
    for row, cells in t3.items():
        if cells["total"] != sum(cells[c] for c in APPLICANTS):
            failed.append(f"table3.row_total:{row}")
    outcomes = [r.key for r in outcome_rows(layout)]
    for col in (*APPLICANTS, "total"):
        if t3["total_processed"][col] != sum(t3[k][col] for k in outcomes):
            failed.append(f"table3.outcomes:{col}")
        if t3["new_received"][col] + t3["carried_over"][col] != t3["total_processed"][col] + t3["carried_forward"][col]:
            failed.append(f"table3.balance:{col}")
    for row, cells in tables["table4"].items():
        if cells["total"] != sum(cells[c] for c in _RESULTS):
            failed.append(f"table4.total:{row}")
    return failed


def _cell(value: Number) -> Cell:
    text = format(value, "f") if isinstance(value, Decimal) else str(value)
    return Cell(text=text, value=value, kind=CellKind.NUMBER)


def build_report(agency: str, year: int, version: FormatVersion | str, tables: Tables,
                 sections: dict[SectionKey, str], *, title: str | None = None) -> Report:
    """Given what a report states, return ogi's model of it (every row read, every cell a number), for ogi's
    own renderers to print."""
    version = FormatVersion(version)
    layout = layout_for(version)
    built: dict[TableKey, Table] = {}
    for key in TableKey:
        rows = {}
        for rd in layout.data_rows(key):
            values = tables[key.value][rd.key]
            rows[rd.key] = Row(key=rd.key, label=rd.label, status=RowStatus.OK,
                               cells={c.key: _cell(values[c.key]) for c in rd.columns},
                               expected_cells=len(rd.columns))
        built[key] = Table(key=key, found=True, rows=rows)
    return Report(
        metadata=Metadata(agency=agency, report_year=year, format_version=version,
                          title=title or f"{agency}{year}年政府信息公开工作年度报告"),
        sections=[Section(key=k, heading=SECTION_TITLES[k], text=sections[k]) for k in SectionKey],
        tables=built,
    )

