"""The published JSON Schema and key list in docs/ are what the code produces (regenerate with `ogi schema`)."""

from __future__ import annotations

import json

import pytest

from ogi.api import parse_file
from ogi.model.report import SCHEMA_VERSION, Report
from ogi.model.schema import keys_markdown, report_json_schema, schema_filename

from conftest import ROOT, seed_path


def test_committed_schema_is_current() -> None:
    committed = json.loads((ROOT / "docs" / "schema" / schema_filename()).read_text(encoding="utf-8"))
    assert committed == report_json_schema(), "run: ogi schema -o docs/schema/" + schema_filename()


def test_committed_keys_are_current() -> None:
    assert (ROOT / "docs" / "keys.md").read_text(encoding="utf-8") == keys_markdown()


def test_report_json_validates_against_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    data = json.loads(parse_file(seed_path("002")).model_dump_json())
    jsonschema.validate(data, report_json_schema())


def test_newer_major_schema_is_refused() -> None:
    data = json.loads(parse_file(seed_path("000")).model_dump_json())
    data["schema_version"] = f"{int(SCHEMA_VERSION.split('.')[0]) + 1}.0"
    with pytest.raises(ValueError, match="schema"):
        Report.from_json(json.dumps(data))
