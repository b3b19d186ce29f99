"""The text reader: cell splitting for every form, encodings, page footers, and bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from ogi.errors import EmptyInputError, NotTextError, ReadError
from ogi.read.text import read_text, read_text_file, split_cells

from conftest import seed_path


@pytest.mark.parametrize(
    ("line", "cells", "form"),
    [
        ("规章\t0\t0\t0", ("规章", "0", "0", "0"), "tabs"),
        ("| 规章 | 0 |  | 3 |", ("规章", "0", "", "3"), "markdown"),
        ("规章 | 0 | 0 | 3", ("规章", "0", "0", "3"), "pipes"),
        ("规章    0   0    3", ("规章", "0", "0", "3"), "spaces"),
        ("结果 维持", ("结果 维持",), "plain"),
        ("规章｜１｜２", ("规章", "１", "２"), "pipes"),
    ],
)
def test_split_cells(line: str, cells: tuple[str, ...], form: str) -> None:
    assert split_cells(line) == (cells, form)


def test_page_footers_and_rule_lines_are_dropped_and_pages_counted() -> None:
    doc = read_text("标题\n-1-\n规章\t0\n|---|---|\n第 2 页 共 3 页\n行政许可\t5\n\f结尾")
    assert [ln.cells for ln in doc.lines] == [("标题",), ("规章", "0"), ("行政许可", "5"), ("结尾",)]
    assert [ln.page for ln in doc.lines] == [1, 2, 3, 4]
    assert [ln.number for ln in doc.lines] == [1, 3, 6, 7]
    assert doc.notes and "3" in doc.notes[0]


def test_no_page_markers_means_no_page_numbers() -> None:
    assert {ln.page for ln in read_text("a\nb").lines} == {None}


def test_gbk_file_reads_like_utf8(tmp_path: Path) -> None:
    text = seed_path("000").read_text(encoding="utf-8")
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes(text.encode("gbk"))
    doc = read_text_file(gbk)
    assert doc.encoding == "gb18030"
    assert [ln.cells for ln in doc.lines] == [ln.cells for ln in read_text(text).lines]


def test_utf8_bom_and_gb18030(tmp_path: Path) -> None:
    p = tmp_path / "bom.txt"
    p.write_bytes("\ufeff一、总体情况\n".encode())
    assert read_text_file(p).lines[0].cells == ("一、总体情况",)
    q = tmp_path / "gb18030.txt"
    q.write_bytes("二、主动公开政府信息情况\n𠀀".encode("gb18030"))
    assert read_text_file(q).lines[0].cells == ("二、主动公开政府信息情况",)


@pytest.mark.parametrize(
    ("data", "error"),
    [(b"", EmptyInputError), (b"  \n\n", EmptyInputError), (b"%PDF-1.7\x00\x01\x02binary", NotTextError)],
)
def test_bad_input_gets_its_own_error(tmp_path: Path, data: bytes, error: type[ReadError]) -> None:
    p = tmp_path / "bad.txt"
    p.write_bytes(data)
    with pytest.raises(error) as info:
        read_text_file(p)
    assert "bad.txt" in info.value.message()
