"""The generated test corpus (tests/corpus_gen.py): what the manifest says of each file is what ogi reads in it.

A small corpus (60 files, six PDFs) is made once for the module; every file that holds a readable report is
read back with ogi.api to the manifest's truth (agency, year, format, and every cell where the form keeps
them exactly), every broken file raises the OgiError the manifest names, naming the file; duplicates have
the same bytes; series chain except where a break is recorded; copied passages stand in both reports.
The 1,000-file corpus is made and read back in the slow test.
"""

from __future__ import annotations

import hashlib
import random
import re
import urllib.parse
import zipfile
import zlib
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest

from corpus_broken import BROKEN
from ogi.api import parse_bytes
from ogi.check import check
from ogi.errors import OgiError
from ogi.model.report import Report, SectionKey

from corpus_gen import (
    PDF_FORMS,
    ROUGH_FORMS,
    SHARED,
    TEXT_FORMS,
    FileEntry,
    Manifest,
    make_corpus,
    manifest_path,
    read_entry,
)

_RULES = {"table3.row_total": "t3.row_total", "table3.outcomes": "t3.outcome_total", "table3.balance": "t3.balance",
          "table4.total": "t4.block_total"}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Manifest]:
    root = tmp_path_factory.mktemp("corpus")
    dest = root / "语料"
    make_corpus(dest, n=60, seed=5, pdf_share=0.1, cache=root / "cache")
    return dest, Manifest.load(manifest_path(dest))


@pytest.fixture(scope="module")
def readings(corpus: tuple[Path, Manifest]) -> dict[int, Report]:
    """ogi's reading of every sound or readable file, by its index in the manifest."""
    dest, manifest = corpus
    return {i: parse_bytes(read_entry(dest, f), name=f.name) for i, f in enumerate(manifest.files)
            if f.readable and f.report is not None}


def _cells(report: Report) -> dict:
    return {k: {r: {c: (format(x.value, "f") if isinstance(x.value, Decimal) else x.value)
                    for c, x in row.cells.items()} for r, row in t.rows.items()} for k, t in report.tables.items()}


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_the_corpus_has_every_form_folders_zips_and_url_lists(corpus: tuple[Path, Manifest]) -> None:
    dest, manifest = corpus
    forms = {f.form for f in manifest.files}
    assert len(manifest.files) >= 60
    assert {*PDF_FORMS, "html-utf8", "html-gbk", "docx", "md", "seed-text"} <= forms
    assert len(forms & set(TEXT_FORMS)) >= 3
    if (SHARED / "realdocs").is_dir():
        assert sum(f.form == "realdoc-pdf" for f in manifest.files) == len(list((SHARED / "realdocs").glob("*.pdf")))
    # every file is where the manifest says, and nothing else is in the folder but the two URL lists
    on_disk = {p.relative_to(dest).as_posix() for p in dest.rglob("*") if p.is_file()}
    assert on_disk == {f.path for f in manifest.files} | {u["path"] for u in manifest.url_lists}
    assert manifest_path(dest).parent == dest.parent
    members = [f for f in manifest.files if f.member is not None]
    assert len({f.path for f in members}) >= 1 and len(members) >= 10
    assert any("/" in f.member for f in members)  # the zip that keeps its folders
    assert max(f.path.count("/") for f in manifest.files) >= 3  # 省/市/区县/单位/file
    for url_list in manifest.url_lists:
        lines = (dest / url_list["path"]).read_text(encoding="utf-8").splitlines()
        assert lines == [e["url"] for e in url_list["entries"]]
        for e in url_list["entries"]:
            assert (e["file"] is None) == (e["expected"] == "missing")
            if url_list["scheme"] == "file" and e["file"]:
                path = Path(urllib.parse.unquote(urllib.parse.urlparse(e["url"]).path))
                assert path == (dest / e["file"]).resolve() and path.is_file()
            if url_list["scheme"] == "http":
                assert e["url"].startswith(f"http://127.0.0.1:{url_list['port']}/")


def test_files_read_back_to_the_truth(corpus: tuple[Path, Manifest], readings: dict[int, Report]) -> None:
    _, manifest = corpus
    assert len(readings) >= 40
    for i, report in readings.items():
        f, truth = manifest.files[i], manifest.reports[manifest.files[i].report]
        m = report.metadata
        assert (m.agency, m.report_year, m.format_version.value) == (truth["agency"], truth["year"],
                                                                     truth["format_version"]), f.path
        if f.origin == "generated" and f.exact:
            assert _cells(report) == truth["tables"], (f.path, f.member)


def test_sums_that_hold_and_planted_errors_are_what_the_checker_finds(
        corpus: tuple[Path, Manifest], readings: dict[int, Report]) -> None:
    _, manifest = corpus
    planted = 0
    for i, report in readings.items():
        f, truth = manifest.files[i], manifest.reports[manifest.files[i].report]
        if f.origin != "generated" or not f.exact:
            continue
        for e in truth["planted_errors"]:
            assert truth["tables"][e["table"]][e["row"]][e["column"]] == e["printed"] != e["correct"]
            planted += 1
        want = {_RULES[x.split(":")[0]] for x in truth["failing_identities"]}
        found = {x.rule_id for x in check(report) if x.rule_id in _RULES.values()}
        assert found == want, f.path
        assert truth["sums_hold"] == (not want)
    assert planted >= 1 and sum(bool(r.get("planted_errors")) for r in manifest.reports.values()) >= 3


def test_broken_files_raise_an_error_naming_the_file(corpus: tuple[Path, Manifest]) -> None:
    dest, manifest = corpus
    damaged = [f for f in manifest.files if f.broken is not None]
    assert {f.broken for f in damaged} == set(BROKEN)
    for f in damaged:
        if f.broken == "corrupt-zip-member":
            with pytest.raises((zipfile.BadZipFile, zlib.error)):
                read_entry(dest, f)
            continue
        data = read_entry(dest, f)
        if f.readable:  # ogi reads it anyway: the GBK page declared UTF-8, the huge file
            assert parse_bytes(data, name=f.name).metadata.agency == manifest.reports[f.report]["agency"]
            continue
        with pytest.raises(OgiError) as caught:
            parse_bytes(data, name=f.name)
        assert caught.value.code == f.expected_error, f.path
        assert caught.value.message().startswith(f.name + "："), f.path


def test_duplicates_are_byte_identical(corpus: tuple[Path, Manifest]) -> None:
    dest, manifest = corpus
    groups: dict[str, list[FileEntry]] = defaultdict(list)
    for f in manifest.files:
        if f.dup_group:
            groups[f.dup_group].append(f)
    assert len(groups) >= 3
    for files in groups.values():
        assert len(files) >= 2 and len({(f.path, f.member) for f in files}) == len(files)
        assert len({hashlib.sha256(read_entry(dest, f)).hexdigest() for f in files}) == 1
        assert len({f.sha256 for f in files}) == 1
    # and sound files that share their bytes are in one group (two empty broken files may share theirs)
    by_hash: dict[str, list[str | None]] = defaultdict(list)
    for f in manifest.files:
        if f.broken is None:
            by_hash[f.sha256].append(f.dup_group)
    for found in by_hash.values():
        assert len(found) == 1 or (len(set(found)) == 1 and found[0] is not None)


def test_series_chain_except_the_recorded_breaks(corpus: tuple[Path, Manifest],
                                                 readings: dict[int, Report]) -> None:
    _, manifest = corpus
    read_by_report = {manifest.files[i].report: r for i, r in readings.items()
                      if manifest.files[i].exact and manifest.files[i].origin == "generated"}
    assert manifest.series and sum(len(s["carry_breaks"]) for s in manifest.series) >= 1
    for s in manifest.series:
        breaks = {(b["report"], b["column"]) for b in s["carry_breaks"]}
        for prev, this in zip(s["reports"], s["reports"][1:], strict=False):
            forward = manifest.reports[prev]["tables"]["table3"]["carried_forward"]
            over = manifest.reports[this]["tables"]["table3"]["carried_over"]
            for col in forward:
                if col != "total":
                    assert (over[col] != forward[col]) == ((this, col) in breaks), (this, col)
            if prev in read_by_report and this in read_by_report:  # the files say the same
                got_prev, got_this = read_by_report[prev].tables["table3"], read_by_report[this].tables["table3"]
                for col in forward:
                    if col != "total":
                        a = got_this.rows["carried_over"].value(col)
                        b = got_prev.rows["carried_forward"].value(col)
                        assert (a != b) == ((this, col) in breaks), (this, col)


def test_copied_passages_stand_in_both_reports(corpus: tuple[Path, Manifest], readings: dict[int, Report]) -> None:
    _, manifest = corpus
    copies = [c for r in manifest.reports.values() for c in r.get("copies", [])]
    assert {c["kind"] for c in copies} >= {"other_agency", "previous_year"}
    for c in copies:
        source = manifest.reports[c["from"]]
        if "sections" in source:
            assert _flat(c["passage"]) in _flat(source["sections"][c["section"]])
        assert manifest.reports[c["report"]]["sections"][c["section"]] == c["passage"]
    for i, report in readings.items():
        f = manifest.files[i]
        for c in manifest.reports[f.report].get("copies", []):
            if f.origin == "generated" and f.exact:
                assert _flat(c["passage"]) in _flat(report.section(SectionKey(c["section"])).text), f.path


def _shingles(text: str, k: int = 5) -> set[str]:
    flat = _flat(text)
    return {flat[i:i + k] for i in range(len(flat) - k + 1)}


def test_reports_share_little_text_by_chance(corpus: tuple[Path, Manifest]) -> None:
    """Template text must not look like 雷同: two reports that copied nothing share few 5-character shingles
    in 一 and 五, so a detector's hits there are the copies the manifest records (六, a sentence or two on
    fees, is boilerplate in real reports too)."""
    _, manifest = corpus
    plain = [r for r in manifest.reports.values()
             if "sections" in r and not r["copies"] and not r["text_from_base"] and r["series"] is None]
    rng = random.Random(0)
    scores = []
    for _ in range(200):
        a, b = rng.sample(plain, 2)
        for key in ("general", "problems"):
            x, y = _shingles(a["sections"][key]), _shingles(b["sections"][key])
            scores.append(len(x & y) / len(x | y))
    scores.sort()
    assert scores[len(scores) // 2] < 0.2 and scores[int(len(scores) * 0.95)] < 0.4 and scores[-1] < 0.8


def test_the_same_seed_makes_the_same_corpus(corpus: tuple[Path, Manifest], tmp_path: Path) -> None:
    dest, manifest = corpus
    again = make_corpus(tmp_path / "语料", n=60, seed=5, pdf_share=0.1, cache=dest.parent / "cache")
    assert again.cache["misses"] == 0  # every PDF and DOCX from the cache
    assert [(f.path, f.member, f.sha256) for f in again.files] == [(f.path, f.member, f.sha256) for f in manifest.files]
    assert again.reports == manifest.reports and again.series == manifest.series
    other = make_corpus(tmp_path / "其他", n=60, seed=6, pdf_share=0.1, cache=dest.parent / "cache")
    assert [f.sha256 for f in other.files] != [f.sha256 for f in manifest.files]


def test_a_folder_that_is_not_empty_is_refused(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_text("x", encoding="utf-8")
    with pytest.raises(FileExistsError):
        make_corpus(tmp_path, n=10)


@pytest.mark.slow
def test_a_thousand_files_read_back(tmp_path: Path) -> None:
    """The full-size corpus (fewer PDFs than bench/make_corpus.py makes, to keep the test near two minutes)."""
    dest = tmp_path / "语料"
    manifest = make_corpus(dest, n=1000, seed=0, pdf_share=0.04, cache=tmp_path / "cache")
    counts = manifest.counts()
    assert counts["(total)"] >= 1000
    assert 30 <= counts["(broken)"] <= 50 and counts["(duplicate copies)"] >= 25 and counts["(in zip)"] >= 70
    assert all(counts.get(form, 0) >= 15 for form in PDF_FORMS)
    assert all(counts.get(form, 0) >= 30 for form in ("html-utf8", "html-gbk", "docx", *TEXT_FORMS))
    assert sum(counts.get(form, 0) for form in ROUGH_FORMS) >= 10
    wrong = []
    for f in manifest.files:
        if not f.readable or f.report is None:
            continue
        truth = manifest.reports[f.report]
        report = parse_bytes(read_entry(dest, f), name=f.name)
        m = report.metadata
        if (m.agency, m.report_year, m.format_version.value) != (truth["agency"], truth["year"], truth["format_version"]):
            wrong.append((f.path, "metadata"))
        elif f.origin == "generated" and f.exact and _cells(report) != truth["tables"]:
            wrong.append((f.path, "cells"))
    assert wrong == []
