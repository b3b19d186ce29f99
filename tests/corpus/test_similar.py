"""雷同 detection: every planted copy is found with its spans, unrelated reports are not paired, boilerplate is
dropped, and what the real reports share (read by hand) is found."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus.series import AGENCY, agency_series, prose, seeds, vocabulary
from ogi.corpus.similar import SimilarityIndex, mask_words, normalise

ROOT = Path(__file__).resolve().parents[2]
REALDOCS = ROOT.parent / "shared" / "realdocs"


@pytest.fixture(scope="module")
def series():
    return agency_series()


@pytest.fixture(scope="module")
def series_index(series):
    index = SimilarityIndex()
    for rid, report in series.reports.items():
        index.add(rid, report)
    return index


def _section_text(series, rid: str, key: str) -> str:
    return next(s.text for s in series.reports[rid].sections if s.key.value == key)


def test_every_planted_copy_is_found_with_its_spans_and_nothing_else(series, series_index):
    pairs = series_index.pairs()
    got = {frozenset({(p.a.report_id, p.a.section), (p.b.report_id, p.b.section)}) for p in pairs}
    want = {frozenset({(c.copy, c.copy_section), (c.source, c.source_section)}) for c in series.copies}
    assert got == want
    for planted in series.copies:
        pair = next(p for p in pairs if {p.a.report_id, p.b.report_id} == {planted.copy, planted.source})
        copy_text = _section_text(series, planted.copy, planted.copy_section)
        source_text = _section_text(series, planted.source, planted.source_section)
        start_c, start_s = copy_text.index(planted.copy_text), source_text.index(planted.source_text)
        spans = [((x.a_start, x.a_end), (x.b_start, x.b_end)) if pair.a.report_id == planted.copy
                 else ((x.b_start, x.b_end), (x.a_start, x.a_end)) for x in pair.passages]
        assert len(spans) == 1  # one passage: the planted one
        (c0, c1), (s0, s1) = spans[0]
        # the passage is the planted one, less at most its final punctuation mark
        assert (c0, s0) == (start_c, start_s)
        assert start_c + len(planted.copy_text) - 1 <= c1 <= start_c + len(planted.copy_text)
        assert start_s + len(planted.source_text) - 1 <= s1 <= start_s + len(planted.source_text)
        assert copy_text[c0:c1] in planted.copy_text and source_text[s0:s1] in planted.source_text


def test_copy_from_another_agency_masks_name_and_year(series, series_index):
    pair = next(p for p in series_index.pairs() if not p.same_agency)
    assert {pair.a.agency, pair.b.agency} == {AGENCY, "石嘴山市科学技术局"}
    passage = pair.passages[0]
    tail = "坚持以《政府信息公开条例》为工作依据"
    heads = sorted([passage.a_text, passage.b_text])  # "2021…" (the copy) before "2023…" (the source)
    assert heads[0].startswith("2021年，安阳市科学技术局" + tail)
    assert heads[1].startswith("2023年，石嘴山市科学技术局" + tail)
    assert "雷同" in pair.message_zh() and "石嘴山市科学技术局" in pair.message_zh()


def test_own_previous_year_copy_is_marked_same_agency(series_index):
    pair = next(p for p in series_index.pairs() if p.same_agency)
    assert {pair.a.year, pair.b.year} == {2022, 2023}
    assert pair.jaccard > 0.8  # 2023 is 2022 with one sentence added
    assert "本机关往年报告" in pair.message_zh()


def test_query_one_report_finds_its_pairs(series_index):
    found = series_index.query("anyang-2021")
    assert [(p.a.report_id, p.a.section, p.b.report_id, p.b.section) for p in found] == [
        ("anyang-2021", "general", "seed-001", "general")]
    assert series_index.query("seed-003") == []


def test_the_five_seeds_are_not_paired():
    index = SimilarityIndex()
    for sid, report in seeds().items():
        index.add(sid, report)
    assert index.pairs() == []


def test_incremental_adds_after_warmup_match_a_batch_build(series):
    one_by_one = SimilarityIndex(warmup=2)  # boilerplate learned from two reports, the rest added after
    for rid, report in series.reports.items():
        one_by_one.add(rid, report)
        one_by_one.query(rid)  # a query between adds must not lose what is added later
    got = {(p.a.report_id, p.b.report_id) for p in one_by_one.pairs()}
    assert got == {("seed-001", "anyang-2021"), ("anyang-2022", "anyang-2023")}


def test_boilerplate_shared_by_most_reports_is_not_a_copy():
    import random

    rng = random.Random(5)
    words = vocabulary(list(seeds().values()))
    template = "本年度报告中所列数据的统计期限自1月1日起至12月31日止。本报告电子版可在本机关门户网站政府信息公开专栏下载。" * 2
    index = SimilarityIndex(boilerplate_min_reports=3, warmup=20)
    for n in range(20):
        index.add_sections(f"r{n}", {"general": prose(rng, words, 300) + template, "other": template},
                           agency=f"第{n}局", year=2023)
    assert len(index.boilerplate) > 0
    assert index.pairs() == []  # the template is in every report: boilerplate, not 雷同
    # the same corpus, template learned nowhere (too few reports for the share): the template pairs them all
    small = SimilarityIndex(boilerplate_min_reports=50, warmup=20)
    for n in range(20):
        small.add_sections(f"r{n}", {"other": template}, agency=f"第{n}局", year=2023)
    assert len(small.pairs()) == 20 * 19 // 2


def test_normalise_maps_back_to_the_original():
    text = "2023年，安阳市科学技术局 全年收到申请１２件。"
    norm, starts, ends = normalise(text, mask_words("安阳市科学技术局"), offsets=True)
    assert norm == "㊀年㊣全年收到申请㊀件"
    assert text[starts[2]:ends[2]] == "安阳市科学技术局"
    assert text[starts[-2]:ends[-2]] == "１２"
    assert normalise(text, mask_words("安阳市科学技术局"))[0] == norm


def test_mask_words_strip_leading_divisions():
    assert mask_words("淮安市洪泽区人民政府") == ["淮安市洪泽区人民政府", "洪泽区人民政府", "人民政府"]
    assert mask_words(None) == []


@pytest.mark.skipif(not REALDOCS.is_dir(), reason="../shared/realdocs (the real published PDFs) is absent")
def test_real_reports_share_only_the_fee_sentence():
    """Read by hand: 淮安市 and 洪泽区 2024 both close part 六 with "2024年，市/区政府严格落实《政府信息公开信息处理费
    管理办法》，全年收取政府信息公开信息处理费N元" (3940 and 0); nothing else of theirs, nor of the seeds, is shared."""
    from ogi.api import parse_file

    index = SimilarityIndex()
    for sid, report in seeds().items():
        index.add(sid, report)
    for name in ("huaian_city_gov_2024.pdf", "huaian_hongzequ_gov_2024.pdf"):
        index.add(name, parse_file(REALDOCS / name))
    pairs = index.pairs()
    assert [(p.a.report_id, p.a.section, p.b.report_id, p.b.section) for p in pairs] == [
        ("huaian_city_gov_2024.pdf", "other", "huaian_hongzequ_gov_2024.pdf", "other")]
    passage = pairs[0].passages[0]
    assert passage.a_text.replace("\n", "") == "2024年，市政府严格落实《政府信息公开信息处理费管理办法》，全年收取政府信息公开信息处理费3940元"
    assert passage.b_text.replace("\n", "") == "2024年，区政府严格落实《政府信息公开信息处理费管理办法》，全年收取政府信息公开信息处理费0元"
