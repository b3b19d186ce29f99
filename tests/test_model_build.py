"""The extractor builds its models without validating them again (ogi.model.build): what it builds must be
exactly what validation makes of the same data — equal, with the same Python types (int vs Decimal, enums),
the same field order (the order of the JSON) and the same fields set — on the seeds, the real PDFs, ogi's
own HTML and Word renderings and every generated text form (torn and run-together ones pass through
model_copy too)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import BaseModel

from ogi.api import parse_bytes, parse_file, parse_text
from ogi.model.build import cell, source, trusted
from ogi.model.layout import TableKey
from ogi.model.report import Cell, CellKind, Report, Row, RowStatus, Source, Table
from ogi.render import render

from accuracy import values_of
from textforms import EXTRA_FORMS, FORMS, write_report

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "src" / "ogi" / "samples").glob("*.txt"))
TRUTH = sorted((ROOT / "tests" / "fixtures" / "truth").glob("*.json"))
REALDOCS = ROOT.parent / "shared" / "realdocs"


def _shape(m: object) -> object:
    """Every model's class, fields set and field order, and every leaf with its exact type."""
    if isinstance(m, BaseModel):
        assert list(m.__dict__) == list(type(m).model_fields), f"{type(m).__name__}: fields out of order"
        return (type(m).__name__, sorted(m.__pydantic_fields_set__), {k: _shape(v) for k, v in m.__dict__.items()})
    if isinstance(m, dict):
        return {(type(k).__name__, k): _shape(v) for k, v in m.items()}
    if isinstance(m, list):
        return [_shape(v) for v in m]
    return type(m).__name__, m


def _assert_same_as_validated(report: Report) -> None:
    validated = Report.model_validate(report.model_dump())
    assert validated == report
    # model_dump gives every field, so the validated copy has every field set: compare the rest exactly
    assert repr(validated.model_dump()) == repr(report.model_dump())
    assert validated.model_dump_json() == report.model_dump_json()
    _shape(report)  # field order of every nested model
    for table in report.tables.values():
        for row in table.rows.values():
            assert Row.model_validate(row.model_dump(exclude_unset=True)).model_dump(exclude_unset=True) == \
                row.model_dump(exclude_unset=True)


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem[:3])
def test_seed_models_equal_validated(path: Path) -> None:
    report = parse_file(path)
    _assert_same_as_validated(report)
    for form in ("html", "docx"):
        _assert_same_as_validated(parse_bytes(render(report, form), name=f"r.{form}"))


@pytest.mark.parametrize("path", TRUTH, ids=lambda p: p.stem)
def test_generated_forms_equal_validated(path: Path) -> None:
    values = values_of(json.loads(path.read_text(encoding="utf-8")))
    for form in FORMS + EXTRA_FORMS:
        _assert_same_as_validated(parse_text(write_report(values, form), name=f"{form}.txt"))


@pytest.mark.parametrize("name", ["huaian_city_gov_2024", "huaian_hongzequ_gov_2024"])
def test_real_pdf_models_equal_validated(name: str) -> None:
    path = REALDOCS / f"{name}.pdf"
    if not path.exists():
        pytest.skip(f"真实报告不在本机：{path} 不存在（../shared/realdocs 只在开发环境中提供，不随项目分发）")
    _assert_same_as_validated(parse_file(path))


def test_trusted_fills_defaults_as_validation_does() -> None:
    values = {"key": "disclosed", "label": "（一）予以公开", "status": RowStatus.MISSING, "expected_cells": 7}
    built, validated = trusted(Row, dict(values)), Row.model_validate(values)
    assert built == validated
    assert _shape(built) == _shape(validated)
    assert built.model_fields_set == {"key", "label", "status", "expected_cells"}
    other = trusted(Row, dict(values))
    assert built.cells is not other.cells and built.seen is not other.seen and built.source is not other.source


def test_cell_and_source_equal_validated() -> None:
    made = cell("11.55", None, CellKind.TEXT, 3, 1, 2)
    validated = Cell.model_validate({"text": "11.55", "value": None, "kind": "text",
                                     "source": {"line": 3, "page": 1, "column": 2}})
    assert _shape(made) == _shape(validated)
    assert _shape(source(3, None)) == _shape(Source(line=3, page=None, column=None))
    table = trusted(Table, {"key": TableKey.PROACTIVE, "found": False, "rows": {}})
    assert _shape(table) == _shape(Table.model_validate({"key": "table2", "found": False, "rows": {}}))

