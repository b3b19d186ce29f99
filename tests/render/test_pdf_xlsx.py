"""The PDF (LibreOffice from the DOCX layout) and the XLSX workbook."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from ogi.api import parse_file
from ogi.check import check
from ogi.render.pdf import render_pdf
from ogi.render.xlsx import render_xlsx

from conftest import seed_path


@pytest.mark.parametrize(("seed_id", "pages"), [("000", 5), ("002", 5)])
def test_pdf_pages_and_table_text(seed_id: str, pages: int, tmp_path: Path) -> None:
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(render_pdf(parse_file(seed_path(seed_id))))
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert f"Pages:           {pages}" in info  # the pages shown in docs/images (pdftoppm of this file)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    for label in ("第二十条第（一）项", "本年新收政府信息公开申请数量", "结转下年度继续办理", "未经复议直接起诉", "-1-"):
        assert label in text
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "CJK" in fonts and all(line.split()[-5] == "yes" for line in fonts.splitlines()[2:])  # all embedded


def test_xlsx_tables_as_in_the_format_and_findings() -> None:
    report = parse_file(seed_path("001"))
    findings = check(report)
    wb = load_workbook(io.BytesIO(render_xlsx(report, findings)))
    assert wb.sheetnames == ["表二", "表三", "表四", "核对结果"]
    t3 = wb["表三"]
    assert "A1:C3" in {str(r) for r in t3.merged_cells.ranges}  # the 勾稽 note cell
    assert "D1:J1" in {str(r) for r in t3.merged_cells.ranges}  # 申请人情况
    rows = {t3.cell(r, 3).value or t3.cell(r, 2).value or t3.cell(r, 1).value: r for r in range(4, t3.max_row + 1)}
    r1 = rows["一、本年新收政府信息公开申请数量"]
    assert [t3.cell(r1, c).value for c in range(4, 11)] == [0] * 7
    bad = rows["1.属于国家秘密"]
    assert t3.cell(bad, 4).value == "0 0 0 0 0 0"  # the six printed cells, kept as seen, across D:J
    assert f"D{bad}:J{bad}" in {str(r) for r in t3.merged_cells.ranges}
    notes = [t3.cell(r, 1).value for r in range(t3.max_row - 5, t3.max_row + 1)]
    assert any(n and "“1.属于国家秘密”行" in n and "读到6个" in n for n in notes)
    t2 = wb["表二"]
    values = [[c.value for c in row] for row in t2.iter_rows()]
    assert ["行政规范性文件", 1, 0, 1] in [v[:4] for v in values]
    sheet = wb["核对结果"]
    assert sheet.max_row == len(findings) + 1
    assert {sheet.cell(r, 2).value for r in range(2, sheet.max_row + 1)} == {f.rule_id for f in findings}
