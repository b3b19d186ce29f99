"""The five seed reports against hand-transcribed truth (tests/fixtures/truth/*.json).

The truth files were typed by hand from `cat -T` of each seed, without running ogi; each says how it was
checked. Every cell of tables 二, 三 and 四 is compared as printed and as a value.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ogi.api import parse_file
from ogi.check import Severity, check
from ogi.model.layout import TableKey, layout_for
from ogi.model.report import RowStatus

from conftest import seed_path, truth


def _date(s: str | None) -> dt.date | None:
    return None if s is None else dt.date.fromisoformat(s)


def test_metadata_and_sections(seed_id: str) -> None:
    want = truth(seed_id)
    report = parse_file(seed_path(seed_id))
    m = report.metadata
    wm = want["metadata"]
    assert m.agency == wm["agency"]
    assert m.report_year == wm["report_year"]
    assert m.format_version.value == wm["format_version"]
    assert m.title == wm["title"]
    assert m.date_of_issue == _date(wm["date_of_issue"])
    assert (m.period_start, m.period_end) == (_date(wm["period_start"]), _date(wm["period_end"]))
    assert [s.key.value for s in report.sections] == want["sections"]


def _check_table(report, key: TableKey, want: dict) -> None:
    table = report.tables[key]
    assert table.found
    layout = layout_for(report.metadata.format_version)
    if key is TableKey.REVIEW_LITIGATION and "unreadable" in want:
        for row in table.rows.values():
            assert row.status is RowStatus.UNREADABLE
            assert [c.text for c in row.seen] == want["unreadable"]
        return
    assert set(table.rows) == {r.key for r in layout.data_rows(key)}
    assert set(want) == set(table.rows), "the truth file lists every data row"
    for row_key, cells in want.items():
        row = table.rows[row_key]
        if "unreadable" in cells:
            assert row.status is RowStatus.UNREADABLE, row_key
            assert [c.text for c in row.seen] == cells["unreadable"], row_key
            assert row.cells == {}, "an unreadable row is never mapped to columns"
            continue
        assert row.status is RowStatus.OK, (row_key, row.status, [c.text for c in row.seen])
        assert {k: c.text for k, c in row.cells.items()} == cells, row_key
        for col_key, text in cells.items():
            value = row.cells[col_key].value
            digits = text.removesuffix("元")
            assert value == (Decimal(digits) if "." in digits else int(digits)), (row_key, col_key)


def test_table2(seed_id: str) -> None:
    _check_table(parse_file(seed_path(seed_id)), TableKey.PROACTIVE, truth(seed_id)["table2"])


def test_table3(seed_id: str) -> None:
    _check_table(parse_file(seed_path(seed_id)), TableKey.APPLICATIONS, truth(seed_id)["table3"])


def test_table4(seed_id: str) -> None:
    _check_table(parse_file(seed_path(seed_id)), TableKey.REVIEW_LITIGATION, truth(seed_id)["table4"])


def test_fee_amount_is_decimal() -> None:
    fees = parse_file(seed_path("000")).tables[TableKey.PROACTIVE].rows["fees"].cells["amount"]
    assert fees.value == Decimal("11.55") and isinstance(fees.value, Decimal)


def test_every_cell_knows_its_line() -> None:
    """Seed 000 table 三 row 一 is on line 49 of the file (checked with `grep -n 本年新收`)."""
    report = parse_file(seed_path("000"))
    row = report.tables[TableKey.APPLICATIONS].rows["new_received"]
    assert {c.source.line for c in row.cells.values()} == {49}
    assert row.cells["natural_person"].text == "1"


def _errors(seed_id: str) -> list[tuple[str, str]]:
    findings = check(parse_file(seed_path(seed_id)))
    return sorted((f.rule_id, f.location.row or "") for f in findings if f.severity is Severity.ERROR)


def test_clean_seeds_have_no_errors_or_warnings() -> None:
    for seed_id in ("000", "003", "004"):
        findings = check(parse_file(seed_path(seed_id)))
        assert [f for f in findings if f.severity is not Severity.NOTICE] == [], seed_id


def test_seed_001_anomalies_are_reported_not_shifted() -> None:
    assert _errors("001") == [
        ("read.row_unreadable", ""),  # table 四: 14 values
        ("read.row_unreadable", "carried_forward"),
        ("read.row_unreadable", "withheld_law_prohibited"),
        ("read.row_unreadable", "withheld_state_secret"),
        ("read.row_unreadable", "withheld_three_safety_stability"),
    ]


def test_seed_002_is_2019_layout_with_its_anomalies() -> None:
    report = parse_file(seed_path("002"))
    assert report.metadata.format_version.value == "2019"
    assert "other_handling" in report.tables[TableKey.APPLICATIONS].rows
    assert "other_no_correction" not in report.tables[TableKey.APPLICATIONS].rows
    findings = {f.rule_id: f for f in check(report)}
    assert findings["read.row_unreadable"].actual == "16"
    assert findings["format.version_year"].expected == "2021"
    assert findings["deadline.publication"].actual == "2021-12-30"
