"""Round trips: every seed written in every form ogi also reads, then read back: identical values, metadata
and findings. PDF goes DOCX → LibreOffice → PDF → ogi's PDF reader, as a published report would."""

from __future__ import annotations

from pathlib import Path

import pytest

from lo import soffice_convert_all
from ogi.api import parse_bytes, parse_file, parse_text
from ogi.check import check
from ogi.model.report import CellKind, Report
from ogi.render import render

from conftest import SEED_IDS, seed_path


def values(report: Report) -> dict:
    return {k: {r: (row.status.value, {c: (x.text, x.value, x.kind.value) for c, x in row.cells.items()},
                    [x.text for x in row.seen]) for r, row in t.rows.items()}
            for k, t in report.tables.items()}


def findings(report: Report) -> list[tuple]:
    return sorted((f.rule_id, f.severity.value, f.location.row or "", f.location.column or "", f.expected or "",
                   f.actual or "") for f in check(report))


@pytest.mark.parametrize("form", ["md", "json", "html", "docx", "pdf"])
@pytest.mark.parametrize("seed_id", SEED_IDS)
def test_write_then_read_back(seed_id: str, form: str) -> None:
    original = parse_file(seed_path(seed_id))
    data = render(original, form)
    back = Report.from_json(data) if form == "json" else parse_bytes(data, name=f"{seed_id}.{form}")
    assert values(back) == values(original)
    assert back.metadata == original.metadata
    assert [s.key for s in back.sections] == [s.key for s in original.sections]
    assert findings(back) == findings(original)


def test_unreadable_rows_survive_the_round_trip() -> None:
    """Seed 001's rows with 6 printed values stay unreadable with the same 6 values in every form."""
    original = parse_file(seed_path("001"))
    for form in ("md", "html", "docx"):
        back = parse_bytes(render(original, form), name=f"x.{form}")
        row = back.tables["table3"].rows["withheld_state_secret"]
        assert row.status.value == "unreadable" and [c.text for c in row.seen] == ["0"] * 6, form


@pytest.fixture(scope="module")
def seed_docx(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("docx")
    out = {}
    for seed_id in SEED_IDS:
        out[seed_id] = folder / f"{seed_id}.docx"
        out[seed_id].write_bytes(render(parse_file(seed_path(seed_id)), "docx"))
    return out


@pytest.mark.parametrize("target", ["html", "docx:MS Word 2007 XML", "doc"])
def test_files_written_by_another_program_read_back(
    seed_docx: dict[str, Path], target: str, tmp_path: Path
) -> None:
    """Other writers' markup: LibreOffice's own HTML export (cells as <p><font>…</font></p> with line breaks
    and tabs inside, as office-suite HTML pasted into portal editors looks), its own DOCX, and binary DOC.
    Every seed must read back with the same values, metadata and findings."""
    converted = soffice_convert_all(list(seed_docx.values()), target, tmp_path)
    for seed_id, path in zip(seed_docx, converted, strict=True):
        original, back = parse_file(seed_path(seed_id)), parse_file(path)
        assert values(back) == values(original), (seed_id, target)
        assert back.metadata == original.metadata, (seed_id, target)
        assert findings(back) == findings(original), (seed_id, target)


def with_blank_cells() -> Report:
    """Seed 003 with three cells left empty, as offices often leave zero cells: one inside table 三's first row
    (whose label spans two grid columns), one in the middle of table 二's first row, one at the end of table
    三's total row."""
    report = parse_file(seed_path("003"))
    for table, row, column in (("table3", "new_received", "research_institution"),
                               ("table2", "regulations", "abolished"),
                               ("table3", "total_processed", "total")):
        cells = report.tables[table].rows[row].cells
        cells[column] = cells[column].model_copy(update={"text": "", "value": None, "kind": CellKind.BLANK})
    return report


@pytest.mark.parametrize("form", ["md", "html", "docx", "pdf"])
def test_empty_cells_keep_their_column(form: str) -> None:
    """An empty cell is printed as nothing: the reader must place the values around it by the drawn grid
    (merged cells are not empty cells), so the row stays readable with the blank where it was."""
    original = with_blank_cells()
    back = parse_bytes(render(original, form), name=f"blank.{form}")
    assert values(back) == values(original)
    assert back.tables["table3"].rows["new_received"].cells["research_institution"].kind is CellKind.BLANK


@pytest.mark.parametrize("form", ["md", "html", "docx", "pdf"])
def test_unreadable_rows_read_back_unreadable(form: str) -> None:
    """A row printed with too few values, and one printed with none, stay unreadable with the same values
    seen through every form: never ok with the values moved left or with blanks made up."""
    text = seed_path("000").read_text(encoding="utf-8")
    assert "行政规范性文件\t3\t0\t12\n" in text and "行政许可\t0\t\t\n" in text
    text = text.replace("行政规范性文件\t3\t0\t12\n", "行政规范性文件\t3\t12\n").replace("行政许可\t0\t\t\n", "行政许可\t\t\t\n")
    original = parse_text(text)
    rows = original.tables["table2"].rows
    assert [c.text for c in rows["normative_documents"].seen] == ["3", "12"]
    assert rows["licensing"].status.value == "unreadable" and rows["licensing"].seen == []
    back = parse_bytes(render(original, form), name=f"unreadable.{form}")
    assert values(back) == values(original)


def test_blank_row_below_a_wrapped_label_reads_blank_from_pdf() -> None:
    """In the PDF the label of （六）2 wraps over lines; the row below it (（六）3 其他) left blank must still read
    back as a row of blanks, not as unreadable."""
    report = parse_file(seed_path("000"))
    cells = report.tables["table3"].rows["other_misc"].cells
    for key in cells:
        cells[key] = cells[key].model_copy(update={"text": "", "value": None, "kind": CellKind.BLANK})
    back = parse_bytes(render(report, "pdf"), name="blank-row.pdf")
    assert values(back) == values(report)
