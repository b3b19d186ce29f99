"""The published JSON Schema of the report model (docs/schema/), versioned with SCHEMA_VERSION."""

from __future__ import annotations

from typing import Any

from ogi.model.report import SCHEMA_VERSION, Report

__all__ = ["SCHEMA_VERSION", "report_json_schema", "schema_filename"]


def schema_filename() -> str:
    return f"report-v{SCHEMA_VERSION}.schema.json"


def report_json_schema() -> dict[str, Any]:
    """Return the JSON Schema of a serialised Report (the output of `ogi parse --json`)."""
    schema = Report.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://ogi.example/schema/{schema_filename()}"
    schema["title"] = "政府信息公开工作年度报告 (ogi report model)"
    schema["description"] = (
        f"ogi report model, schema version {SCHEMA_VERSION}. Row and column keys of each table are listed in "
        "docs/keys.md; values are integers for counts and numbers for amounts (万元 or 元)."
    )
    return schema
