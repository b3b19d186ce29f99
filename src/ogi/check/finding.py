"""A finding: one thing the checker says about a report, with where and what was expected."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from ogi.model.report import Source

__all__ = ["Finding", "Location", "Severity"]


class Severity(StrEnum):
    ERROR = "error"  # the report is wrong or could not be verified
    WARNING = "warning"  # probably wrong, or against the format's rules
    NOTICE = "notice"  # worth knowing; not a defect by itself

    @property
    def label(self) -> str:
        return {"error": "错误", "warning": "警告", "notice": "提示"}[self.value]

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "notice": 2}[self.value]


class Location(BaseModel):
    model_config = ConfigDict(extra="forbid")

    table: str | None = None
    row: str | None = None
    column: str | None = None
    section: str | None = None
    label_zh: str = Field(default="", description="the place in words, e.g. 表三 “（七）总计” 行 “自然人” 列")


class Finding(BaseModel):
    model_config = ConfigDict(extra="forbid")

    rule_id: str
    severity: Severity
    title: str = Field(description="the rule's Chinese title")
    message: str = Field(description="what is wrong, in Chinese, with the expected and actual value")
    location: Location = Field(default_factory=Location)
    expected: str | None = None
    actual: str | None = None
    source: Source | None = None
