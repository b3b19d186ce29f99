"""narrative.fee_notices: part 六 saying no fee notice was issued, while table 三 （六）2 is not zero."""

from __future__ import annotations

from ogi.api import parse_text
from ogi.check import check

from conftest import seed_path

SEED0 = seed_path("000").read_text(encoding="utf-8")
# seed 000 part 六: "本年度没有需要收费的信息公开申请件，故没有发出收费通知也无实际收费。" and （六）2 = 0 in every column
ROW = "\t\t2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请\t0\t0\t0\t0\t0\t0\t0"


def _fee_findings(text: str) -> list:
    return [f for f in check(parse_text(text)) if f.rule_id == "narrative.fee_notices"]


def test_consistent_seed_has_no_fee_finding() -> None:
    assert ROW in SEED0
    assert _fee_findings(SEED0) == []


def test_unpaid_fee_row_contradicts_no_notice_sentence() -> None:
    # one unpaid fee by a natural person: （六）2 becomes 1 … 1 (the sums then break too; only this rule is examined)
    text = SEED0.replace(ROW, ROW.replace("\t0\t0\t0\t0\t0\t0\t0", "\t1\t0\t0\t0\t0\t0\t1"))
    (f,) = _fee_findings(text)
    assert (f.expected, f.actual, f.location.row) == ("0", "1", "other_unpaid_fee")
    assert "没有发出收费通知" in f.message
