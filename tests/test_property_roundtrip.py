"""Property: any consistent report, written in any supported text form with realistic extraction noise,
reads back to exactly the values it was written from, and the checker finds no error in it.

The generator draws a report whose identities hold (domain.md §1.6): 总计 = the six applicant columns,
（七）总计 = the outcome rows, 一 + 二 = （七）总计 + 四, and table 四's 总计 = its four results.
tests/textforms.py prints it as tabs, pipes, markdown, spaces or one cell per line.
"""

from __future__ import annotations

import random
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, Phase, example, given, note, settings
from hypothesis import strategies as st

from ogi.api import parse_text
from ogi.check import Severity, check
from ogi.model.layout import FormatVersion, TableKey, ValueType, layout_for, outcome_rows
from ogi.model.report import Report, RowStatus

from textforms import FORMS, Noise, ReportValues, write_report

AGENCIES = (
    "某某市科学技术局",
    "安阳市科学技术局",
    "石嘴山市科学技术局",
    "西工区科学技术局",
    "博爱县科技和工业信息化局",
    "某某县人民政府办公室",
    "某某市生态环境局",
    "某某区教育局",
)
_SIX = ("natural_person", "commercial_enterprise", "research_institution", "public_interest_org",
        "legal_service_org", "other_org")

# Mostly zeros and small counts, as in real reports, sometimes large ones.
counts = st.one_of(st.just(0), st.just(0), st.integers(0, 9), st.integers(0, 3000))


@st.composite
def amounts(draw: st.DrawFn, max_places: int, max_whole: int) -> tuple[Decimal, str]:
    """An amount as (value, printed text): "11.55", "0.0350", "251000"."""
    places = draw(st.integers(0, max_places))
    units = draw(st.one_of(st.just(0), st.integers(0, max_whole * 10**places)))
    text = str(units) if places == 0 else f"{units // 10**places}.{units % 10**places:0{places}d}"
    return Decimal(text), text


@st.composite
def report_values(draw: st.DrawFn) -> ReportValues:
    version = draw(st.sampled_from([FormatVersion.V2021, FormatVersion.V2019]))
    year = draw(st.integers(2021, 2025) if version is FormatVersion.V2021 else st.integers(2019, 2020))
    layout = layout_for(version)
    printed: dict[tuple[str, str], str] = {}

    table2: dict[str, dict[str, int | Decimal]] = {}
    for row in layout.data_rows(TableKey.PROACTIVE):
        cells: dict[str, int | Decimal] = {}
        for col in row.columns:
            if col.value_type is ValueType.DELTA:
                cells[col.key] = draw(st.integers(-60, 60))
            elif col.value_type is ValueType.AMOUNT and col.unit == "万元":
                cells[col.key], printed[(row.key, col.key)] = draw(amounts(4, 99_999))
            elif col.value_type is ValueType.AMOUNT:  # 2019 采购总金额, in 元: "251000元" or "251000"
                value, text = draw(amounts(2, 10**8))
                cells[col.key] = value
                printed[(row.key, col.key)] = text + ("元" if draw(st.booleans()) else "")
            else:
                cells[col.key] = draw(counts)
        table2[row.key] = cells

    outcomes = [r.key for r in outcome_rows(layout)]
    table3: dict[str, dict[str, int]] = {k: {} for k in [r.key for r in layout.data_rows(TableKey.APPLICATIONS)]}
    for col in _SIX:
        for key in outcomes:
            table3[key][col] = draw(counts)
        done = sum(table3[k][col] for k in outcomes)
        carried_over, forward = draw(counts), draw(counts)
        new = max(0, done + forward - carried_over)  # 一 + 二 = （七） + 四, with 一 ≥ 0
        table3["new_received"][col] = new
        table3["carried_over"][col] = done + forward - new
        table3["total_processed"][col] = done
        table3["carried_forward"][col] = forward
    for cells in table3.values():
        cells["total"] = sum(cells[c] for c in _SIX)

    table4: dict[str, dict[str, int]] = {}
    for row in layout.table4:
        cells = {c: draw(st.one_of(st.just(0), st.integers(0, 20))) for c in ("upheld", "corrected", "other", "pending")}
        cells["total"] = sum(cells.values())
        table4[row.key] = cells

    return ReportValues(version.value, year, draw(st.sampled_from(AGENCIES)), table2, table3, table4, printed)


noises = st.builds(
    Noise,
    seed=st.integers(0, 2**32 - 1),
    stray_spaces=st.booleans(),
    brackets=st.sampled_from(["full", "half", "mixed"]),
    fullwidth_digits=st.booleans(),
    breaks=st.booleans(),
    footers=st.booleans(),
    blank_lines=st.booleans(),
    number_style=st.sampled_from(["tight", "spaced", "comma"]),
    t3_style=st.sampled_from(["merged", "separate", "mixed"]),
    label_variants=st.booleans(),
    fee_header_variant=st.booleans(),
    title_style=st.sampled_from(["one-line", "spaced", "two-lines", "year-first"]),
    heading_variant=st.booleans(),
    signature=st.booleans(),
)


def _expected_tables(values: ReportValues) -> dict[TableKey, dict[str, dict[str, int | Decimal]]]:
    return {TableKey.PROACTIVE: values.table2, TableKey.APPLICATIONS: values.table3,
            TableKey.REVIEW_LITIGATION: values.table4}


def assert_roundtrip(values: ReportValues, report: Report) -> None:
    meta = report.metadata
    assert meta.format_version == FormatVersion(values.version), meta.format_evidence
    assert meta.report_year == values.year
    assert meta.agency == values.agency
    layout = layout_for(values.version)
    for key, want_rows in _expected_tables(values).items():
        table = report.tables[key]
        assert table.found, key
        assert set(table.rows) == {r.key for r in layout.data_rows(key)}
        for row_key, want in want_rows.items():
            row = table.rows[row_key]
            assert row.status is RowStatus.OK, (key.value, row_key, row.status, [c.text for c in row.seen])
            assert set(row.cells) == set(want), (key.value, row_key)
            for col, value in want.items():
                got = row.cells[col].value
                where = (key.value, row_key, col, row.cells[col].text)
                if isinstance(value, Decimal):
                    assert isinstance(got, Decimal), where
                else:
                    assert isinstance(got, int) and not isinstance(got, bool), where
                assert got == value, where
    errors = [f for f in check(report) if f.severity is Severity.ERROR]
    assert not errors, [f"{f.rule_id}: {f.message}" for f in errors]


def fixed_values(version: str, year: int, agency: str, seed: int) -> ReportValues:
    """A consistent report drawn from a seeded random generator (for @example cases)."""
    rng = random.Random(seed)
    layout = layout_for(version)
    printed: dict[tuple[str, str], str] = {}
    table2: dict[str, dict[str, int | Decimal]] = {}
    for row in layout.data_rows(TableKey.PROACTIVE):
        table2[row.key] = {}
        for col in row.columns:
            if col.value_type is ValueType.DELTA:
                table2[row.key][col.key] = rng.randint(-12, 12)
            elif col.value_type is ValueType.AMOUNT:
                text = "11.55" if col.unit == "万元" else "251000元"
                table2[row.key][col.key] = Decimal(text.removesuffix("元"))
                printed[(row.key, col.key)] = text
            else:
                table2[row.key][col.key] = rng.choice([0, 0, 1, 3, 12])
    outcomes = [r.key for r in outcome_rows(layout)]
    table3: dict[str, dict[str, int]] = {r.key: {} for r in layout.data_rows(TableKey.APPLICATIONS)}
    for col in _SIX:
        for key in outcomes:
            table3[key][col] = rng.choice([0, 0, 0, 1, 2, 15])
        done, forward, over = sum(table3[k][col] for k in outcomes), rng.randint(0, 3), rng.randint(0, 3)
        new = max(0, done + forward - over)
        table3["new_received"][col], table3["carried_over"][col] = new, done + forward - new
        table3["total_processed"][col], table3["carried_forward"][col] = done, forward
    for cells in table3.values():
        cells["total"] = sum(cells[c] for c in _SIX)
    table4 = {}
    for row in layout.table4:
        cells = {c: rng.randint(0, 2) for c in ("upheld", "corrected", "other", "pending")}
        table4[row.key] = {**cells, "total": sum(cells.values())}
    return ReportValues(version, year, agency, table2, table3, table4, printed)


# Seed 002 in spirit: 2019 layout, every kind of noise at once, negative 本年增/减 and "251000元".
EVERYTHING = Noise(seed=2, stray_spaces=True, brackets="mixed", fullwidth_digits=True, breaks=True, footers=True,
                   blank_lines=True, number_style="spaced", t3_style="mixed", label_variants=True,
                   title_style="spaced", signature=True)


# No shrink phase: shrinking a failing report (hundreds of draws, a parse per attempt) takes minutes; the
# failing text is printed by note() instead. Add Phase.shrink to PHASES to get a minimal example.
PHASES = (Phase.explicit, Phase.reuse, Phase.generate)


@pytest.mark.parametrize("form", FORMS)
@settings(max_examples=60, deadline=None, phases=PHASES, suppress_health_check=[HealthCheck.too_slow])
@given(values=report_values(), noise=noises)
@example(values=fixed_values("2019", 2020, "漯河市科学技术局", 2), noise=EVERYTHING)
@example(values=fixed_values("2021", 2023, "安阳市科学技术局", 0), noise=Noise())
@example(values=fixed_values("2021", 2022, "西工区科学技术局", 1),
         noise=Noise(seed=7, breaks=True, t3_style="separate", fee_header_variant=True, number_style="comma",
                     title_style="two-lines", heading_variant=True))
def test_any_consistent_report_reads_back_exactly(form: str, values: ReportValues, noise: Noise) -> None:
    text = write_report(values, form, noise)
    note(f"form={form}\n{text}")
    assert_roundtrip(values, parse_text(text))


@settings(max_examples=30, deadline=None)
@given(values=report_values())
def test_generated_reports_are_consistent(values: ReportValues) -> None:
    """The generator itself: every identity of domain.md §1.6 holds, 一 and 二 are never negative."""
    t3 = values.table3
    layout = layout_for(values.version)
    for cells in t3.values():
        assert cells["total"] == sum(cells[c] for c in _SIX)
        assert all(v >= 0 for v in cells.values())
    for col in (*_SIX, "total"):
        assert t3["total_processed"][col] == sum(t3[r.key][col] for r in outcome_rows(layout))
        assert t3["new_received"][col] + t3["carried_over"][col] == t3["total_processed"][col] + t3["carried_forward"][col]
    for cells in values.table4.values():
        assert cells["total"] == cells["upheld"] + cells["corrected"] + cells["other"] + cells["pending"]


def test_fee_header_with_spaced_digit() -> None:
    """Seed 003's fee header with the spaces PDF text puts around digits ("2023 年" in seeds 000, 002, 004):
    "本年收费金额（单位：万元，保留 4 位小数）". The "4" must not be read as a value of table 二."""
    text = "\n".join([
        "某某市科学技术局2023年政府信息公开工作年度报告",
        "二、主动公开政府信息情况",
        "第二十条第（八）项",
        "信息内容\t本年收费金额（单位：万元，保留 4 位小数）",
        "行政事业性收费\t0.0350",
    ])
    report = parse_text(text)
    table = report.tables[TableKey.PROACTIVE]
    assert table.rows["fees"].cells["amount"].value == Decimal("0.0350")
    assert [c.text for c in table.stray] == []
    assert [f.rule_id for f in check(report) if f.rule_id == "read.stray_values"] == []


# The property above wraps an unnumbered table-二 label after at least 4 characters; narrower columns wrap
# after 3 ("行政许" / "可"), and the reader still recognises the row.
@pytest.mark.parametrize(("first", "rest"), [("行政许", "可"), ("行政强", "制"), ("行政事", "业性收费")])
def test_table2_label_wrapped_after_three_characters(first: str, rest: str) -> None:
    values = fixed_values("2021", 2023, "某某市科学技术局", 0)
    label = first + rest
    lines = write_report(values, "tabs").split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith(label + "\t"))
    lines[at : at + 1] = [first + lines[at][len(label) :], rest + "\t\t\t"]
    assert_roundtrip(values, parse_text("\n".join(lines)))
