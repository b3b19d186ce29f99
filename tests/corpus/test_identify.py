"""Identification scored on a table of real report titles, portal URLs and text (tests/fixtures/truth/identify.csv,
typed by hand; division codes checked against GB/T 2260 by hand, not taken from ogi's output)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from ogi.api import parse_text
from ogi.corpus import divisions
from ogi.corpus.identify import AgencyKind, How, Identity, agency_kind, identify

TRUTH = Path(__file__).resolve().parent.parent / "fixtures" / "truth" / "identify.csv"
SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
HEADINGS = "\n".join(["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                      "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"])


def _rows() -> list[dict[str, str]]:
    with TRUTH.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


ROWS = _rows()


def _identify(row: dict[str, str]) -> Identity:
    head, rest = HEADINGS.split("\n", 1)
    text = f"{row['title']}\n\n{head}\n{row['text_snippet']}\n{rest}\n"
    report = parse_text(text, name=row["file_name"] or None)
    return identify(report, url=row["url"] or None, page_agency=row["page_agency"] or None)


def score(row: dict[str, str], got: Identity) -> tuple[str, list[str]]:
    """Given a truth row and the identity found, return ("right" | "low" | "wrong", what was wrong)."""
    wrong = []
    agency = got.agency.value if got.agency else ""
    if agency != row["agency"]:
        wrong.append(f"agency {agency!r} != {row['agency']!r}")
    kind = got.agency_kind.value.value if got.agency_kind and got.agency_kind.value else ""
    if kind != row["kind"]:
        wrong.append(f"kind {kind!r} != {row['kind']!r}")
    year = str(got.year.value) if got.year and got.year.value else ""
    if year != row["year"]:
        wrong.append(f"year {year!r} != {row['year']!r}")
    expected = row["division"]
    division = got.division
    if expected.startswith("?"):  # genuinely ambiguous: low confidence, no value, every candidate listed
        wanted = set(expected[1:].split("|"))
        if division is None or division.value is not None or division.confidence > 0.3 \
                or wanted - {c.code for c in division.candidates}:
            wrong.append(f"division {division and division.model_dump()} is not low confidence with {sorted(wanted)}")
        return ("low" if not wrong else "wrong"), wrong
    code = division.value.code if division and division.value else ""
    if code != expected:
        wrong.append(f"division {code!r} != {expected!r}"
                     + (f" (candidates {[c.code for c in division.candidates]})" if division else ""))
    return ("right" if not wrong else "wrong"), wrong


def test_the_truth_table_has_at_least_50_cases_of_every_kind() -> None:
    assert len(ROWS) >= 50
    assert {r["kind"] for r in ROWS} >= {k.value for k in AgencyKind} - {AgencyKind.OTHER.value}
    assert len({r["division"][:2] for r in ROWS if r["division"][:1].isdigit()}) >= 20  # provinces
    assert sum(r["division"].startswith("?") for r in ROWS) >= 2


def test_every_expected_code_is_a_division_of_that_name() -> None:
    """The hand-typed codes exist in the dataset (a typo in the table or a gap in the dataset shows here)."""
    for row in ROWS:
        for code in row["division"].lstrip("?").split("|"):
            if code:
                assert divisions.lookup(code) is not None, (code, row["source"])


@pytest.mark.parametrize("row", ROWS, ids=[f"{i:02d}-{(r['agency'] or r['source'])[:14]}" for i, r in enumerate(ROWS)])
def test_case(row: dict[str, str]) -> None:
    got = _identify(row)
    verdict, wrong = score(row, got)
    assert verdict != "wrong", wrong
    json.loads(got.model_dump_json())  # stored as JSON later


def test_score_on_the_truth_table() -> None:
    verdicts = [score(row, _identify(row))[0] for row in ROWS]
    assert verdicts.count("wrong") == 0
    assert verdicts.count("low") == sum(r["division"].startswith("?") for r in ROWS)


def test_a_unique_chain_is_sure_and_a_bare_ambiguous_name_lists_candidates() -> None:
    sure = _identify({"title": "淮安市洪泽区人民政府2024年政府信息公开工作年度报告", "text_snippet": "", "file_name": "",
                      "url": "", "page_agency": ""})
    assert sure.division.value.code == "320813" and sure.division.confidence >= 0.9
    assert sure.division.value.path == ["江苏省", "淮安市", "洪泽区"] and sure.division.how is How.TITLE
    assert sure.year.value == 2024 and sure.year.how is How.TITLE
    vague = _identify({"title": "朝阳区财政局2023年政府信息公开工作年度报告", "text_snippet": "", "file_name": "",
                       "url": "", "page_agency": ""})
    assert vague.division.value is None and vague.division.confidence <= 0.3
    assert {c.code for c in vague.division.candidates} == {"110105", "220104"}


def test_the_text_narrows_an_ambiguous_name() -> None:
    got = _identify({"title": "鼓楼区教育局2023年政府信息公开工作年度报告", "file_name": "", "url": "", "page_agency": "",
                     "text_snippet": "本报告在“福州市鼓楼区人民政府门户网站”公布。"})
    assert got.division.value.code == "350102" and 0.5 <= got.division.confidence < 0.9
    assert "福州市鼓楼区" in got.division.evidence


def test_conflicting_sources_lower_the_confidence_and_are_recorded() -> None:
    row = {"title": "淮安市洪泽区人民政府2024年政府信息公开工作年度报告", "text_snippet": "", "file_name": "",
           "page_agency": "", "url": "http://www.hongze.gov.cn/"}
    agreeing = _identify(row)
    disagreeing = _identify(row | {"url": "https://www.wenzhou.gov.cn/art/2022/1/22/art_1.html"})
    assert agreeing.division.conflicts == [] and disagreeing.division.value.code == "320813"
    assert disagreeing.division.confidence < agreeing.division.confidence
    assert "温州市" in disagreeing.division.conflicts[0]
    assert disagreeing.year.value == 2024 and disagreeing.year.conflicts  # the URL dates it 2021
    assert disagreeing.year.confidence < agreeing.year.confidence


def test_a_merged_district_is_still_found_and_marked() -> None:
    got = _identify({"title": "重庆市渝北区人民政府2023年政府信息公开工作年度报告", "text_snippet": "", "file_name": "",
                     "url": "", "page_agency": ""})
    assert got.division.value.code == "500112" and got.division.value.current is False
    assert "撤销" in got.division.evidence


def test_the_year_from_the_text_when_there_is_no_title() -> None:
    got = _identify({"title": "", "file_name": "", "url": "", "page_agency": "",
                     "text_snippet": "截至2023年12月31日，我局共主动公开政府信息120条。"})
    assert got.year.value == 2023 and got.year.how is How.TEXT and got.agency is None


def test_the_file_name_names_the_unit() -> None:
    got = _identify({"title": "", "text_snippet": "本报告统计数据从2024年1月1日至12月31日。", "url": "",
                     "page_agency": "", "file_name": "huaian_hongzequ_gov_2024.pdf"})
    assert got.division.value.code == "320813" and got.division.how is How.FILE_NAME


@pytest.mark.parametrize(("name", "kind"), [
    ("淮安市洪泽区人民政府", AgencyKind.GOVERNMENT), ("洪泽区人民政府办公室", AgencyKind.GENERAL_OFFICE),
    ("江苏省人民政府办公厅", AgencyKind.GENERAL_OFFICE), ("洪泽区教育局", AgencyKind.DEPARTMENT),
    ("洪泽区高良涧街道办事处", AgencyKind.SUBDISTRICT_TOWNSHIP), ("老子山镇人民政府", AgencyKind.SUBDISTRICT_TOWNSHIP),
    ("苏州工业园区管理委员会", AgencyKind.DEVELOPMENT_ZONE), ("市乡村振兴局", AgencyKind.DEPARTMENT),
    ("某某有限公司", AgencyKind.OTHER),
])
def test_agency_kind(name: str, kind: AgencyKind) -> None:
    assert agency_kind(name) is kind


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not present (real reports are not committed)")
def test_the_seed_reports() -> None:
    expected = {"000": ("410500", 2023), "001": ("640200", 2023), "002": ("411100", 2021), "003": ("410303", 2022),
                "004": ("410822", 2023)}
    for path in sorted(SEEDS.glob("*.txt")):
        got = identify(parse_text(path.read_text(encoding="utf-8"), name=path.name))
        code, year = expected[path.name[:3]]
        assert (got.division.value.code, got.year.value) == (code, year), path.name
