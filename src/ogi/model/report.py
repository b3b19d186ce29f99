"""The report model: metadata, the six sections and the three tables, every cell with its source.

A report whose sums do not hold still loads: the model records what was printed, the checker judges it.
`None` means "no value" (blank, "/", unreadable); `0` means a printed zero.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer

from ogi.model.layout import FormatVersion, TableKey

__all__ = [
    "SCHEMA_VERSION",
    "SECTION_TITLES",
    "Box",
    "Cell",
    "CellKind",
    "Correction",
    "Metadata",
    "Report",
    "Row",
    "RowStatus",
    "Section",
    "SectionKey",
    "Source",
    "Table",
]

SCHEMA_VERSION = "1.2"  # 1.1: Table.groups, Row.matched_by_place, Report.reader_notes and damage; 1.2: Source.box, Row.correction


def _decimal_to_json(value: int | Decimal | None) -> int | float | None:
    # Amounts are at most a few decimals of 万元; float's shortest repr keeps the printed digits.
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() and value.as_tuple().exponent >= 0 else float(value)
    return value


Number = Annotated[int | Decimal | None, PlainSerializer(_decimal_to_json, when_used="json")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False)


class Box(_Strict):
    """Where a cell was printed on its PDF page: its rectangle in PDF points, in the page's own coordinates
    (PDF user space: origin at the lower-left corner of the page, x to the right, y upwards; x0 < x1, y0 < y1).
    A ruled cell's box is the rectangle between its rules (a merged cell's whole area); an unruled cell's box
    is the bounding box of its characters. For a page image drawn from the top, the top edge is height - y1."""

    x0: float
    y0: float
    x1: float
    y1: float


def _absent(value: object) -> bool:
    return value is None


class Source(_Strict):
    """Where a piece of the report was read: 1-based line of the input, and page where known; for a PDF (its
    text layer or OCR), the box the cell was printed in."""

    line: int | None = None
    page: int | None = None
    column: int | None = Field(default=None, description="0-based index of the cell on its printed line")
    box: Box | None = Field(default=None, exclude_if=_absent, description=(
        "PDF only: the cell's rectangle on its page, in points, origin at the page's lower-left corner, y up; "
        "left out where the input has no positions (text, HTML, Word)"))


class CellKind(StrEnum):
    NUMBER = "number"  # a printed number
    BLANK = "blank"  # an empty cell
    DASH = "dash"  # "/" or "-" or "—": explicitly nothing
    TEXT = "text"  # words where a number belongs, e.g. "无"


class Cell(_Strict):
    text: str = Field(description="the cell as printed")
    value: Number = Field(default=None, description="int for counts, decimal for amounts; null when not a number")
    kind: CellKind
    source: Source = Field(default_factory=Source)


class RowStatus(StrEnum):
    OK = "ok"
    UNREADABLE = "unreadable"  # found, but its cells do not fit the layout: not mapped to columns
    MISSING = "missing"  # not found in the document


class Correction(_Strict):
    """A reviewer's correction of a row the reader could not read: the values are the reviewer's, not the
    reader's (ogi.corpus.corrections); the row as read is kept in `seen_text` and in the reading it corrects."""

    by: str = Field(description="the reviewer who entered the values")
    at: dt.datetime
    reason: str = Field(description="why, in the reviewer's words (what was checked against what)")
    seen_text: str = Field(default="", description="the cells the reader saw, as printed")
    reading: str = Field(default="", description="the version of the reading corrected")


class Row(_Strict):
    key: str
    label: str = Field(description="official label of the layout")
    printed_label: str | None = Field(default=None, description="the label as printed")
    matched_by_place: bool = Field(default=False, description=(
        "the printed label matched no official label (characters missing or changed) and was recognised by "
        "its numbering and its place between the rows around it"))
    status: RowStatus
    cells: dict[str, Cell] = Field(default_factory=dict, description="column key -> cell, when status is ok")
    seen: list[Cell] = Field(default_factory=list, description="the value cells found, when status is unreadable")
    expected_cells: int = Field(default=0, description="cells the layout expects on the printed row "
                                "(15 for table 四, whose three blocks are printed as one row)")
    source: Source = Field(default_factory=Source)
    candidates: list[list[str]] = Field(
        default_factory=list, description="when the cells were printed run together (\"330000033\"): the splits "
        "into cells that the arithmetic still allows, when more than one does; the row then stays unreadable")
    split_note: str | None = Field(default=None, description="how cells printed run together were split, or why not")
    correction: Correction | None = Field(default=None, exclude_if=_absent, description=(
        "set when the row was unreadable and a reviewer entered its values by hand (人工更正)"))

    def value(self, column: str) -> int | Decimal | None:
        cell = self.cells.get(column)
        return None if cell is None else cell.value


class Table(_Strict):
    key: TableKey
    found: bool
    rows: dict[str, Row] = Field(default_factory=dict)
    stray: list[Cell] = Field(default_factory=list, description="values in the table that belong to no row")
    groups: dict[str, Row] = Field(default_factory=dict, description=(
        "group rows printed with numbers of their own in place of their sub-rows (a 2021-format report "
        "printing （六）其他处理 as one row): the group's totals, its sub-rows missing"))
    source: Source = Field(default_factory=Source)

    def row(self, key: str) -> Row:
        return self.rows[key]


class SectionKey(StrEnum):
    GENERAL = "general"  # 一、总体情况
    PROACTIVE = "proactive"  # 二、主动公开政府信息情况
    APPLICATIONS = "applications"  # 三、收到和处理政府信息公开申请情况
    REVIEW_LITIGATION = "review_litigation"  # 四、政府信息公开行政复议、行政诉讼情况
    PROBLEMS = "problems"  # 五、存在的主要问题及改进情况
    OTHER = "other"  # 六、其他需要报告的事项


SECTION_TITLES: dict[SectionKey, str] = {
    SectionKey.GENERAL: "一、总体情况",
    SectionKey.PROACTIVE: "二、主动公开政府信息情况",
    SectionKey.APPLICATIONS: "三、收到和处理政府信息公开申请情况",
    SectionKey.REVIEW_LITIGATION: "四、政府信息公开行政复议、行政诉讼情况",
    SectionKey.PROBLEMS: "五、存在的主要问题及改进情况",
    SectionKey.OTHER: "六、其他需要报告的事项",
}  # the headings of the national format (国办公开办函〔2021〕30号)


class Section(_Strict):
    key: SectionKey
    heading: str = Field(description="the heading as printed")
    text: str = Field(default="", description="the prose of the section, tables left out")
    source: Source = Field(default_factory=Source)


class Metadata(_Strict):
    agency: str | None = None
    agency_evidence: str = Field(default="", description="where the agency was read: the title, or the words of "
                                 "the text that name it when no title does")
    agency_kind: Literal["department", "government"] | None = Field(
        default=None, description="人民政府部门 (due 1月31日) or 人民政府 (due 3月31日), from the agency name"
    )
    report_year: int | None = None
    report_year_evidence: str = Field(default="", description="where the report year was read: the title, the "
                                      "statistics period, or the words of the text that state it")
    format_version: FormatVersion
    format_evidence: str = Field(default="", description="why this format version was chosen")
    title: str | None = None
    date_of_issue: dt.date | None = None
    date_of_issue_from: str | None = Field(
        default=None, description="where the date was read: 落款 (the signature date) or 网页发布日期 (the portal's field)"
    )
    period_start: dt.date | None = None
    period_end: dt.date | None = None


class Report(_Strict):
    schema_version: str = SCHEMA_VERSION
    source_name: str | None = Field(default=None, description="file name or URL the report was read from")
    source_url: str | None = Field(default=None, description="where the report was downloaded from (ogi fetch)")
    source_sha256: str | None = Field(default=None, description="SHA-256 of the original bytes, kept beside it")
    metadata: Metadata
    preamble: str = Field(default="", description="text between the title and part 一 (often the legal basis and period)")
    sections: list[Section] = Field(default_factory=list, description="the six sections, in printed order")
    tables: dict[TableKey, Table] = Field(default_factory=dict)
    reader_notes: list[str] = Field(default_factory=list, description="what the reader left out or guessed "
                                    "(page footers, running headers, rule lines)")
    damage: list[str] = Field(default_factory=list, description="what could not be read as it is: damaged "
                              "bytes (with their offsets and lines), pages that failed to load")

    @classmethod
    def from_json(cls, data: str | bytes) -> Report:
        """Given a report serialised by ogi, return it; refuses a newer major schema version."""
        report = cls.model_validate_json(data)
        major = report.schema_version.split(".")[0]
        if major != SCHEMA_VERSION.split(".")[0]:
            raise ValueError(f"report schema version {report.schema_version} is not readable by schema {SCHEMA_VERSION}")
        return report

    def table(self, key: TableKey) -> Table:
        return self.tables[key]

    def section(self, key: SectionKey) -> Section | None:
        return next((s for s in self.sections if s.key is key), None)
