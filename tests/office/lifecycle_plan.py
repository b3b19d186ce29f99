"""A generated year of applications as the events an office records, written two ways: as the single-record
`ogi office` commands a clerk would type, and as the rows of a 台账 holding the same events. Both must compile to
the same report.

Every application's steps are dated in order (receipt < 补正 < its receipt < consultation < answer < fee notice
< payment < extension < reply); periods that must run out (逾期不补正, 逾期未缴费) are closed well after they did.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from ogi.model.layout import LAYOUT_2021, outcome_rows
from ogi.office.fees import per_volume_fee
from ogi.office.vocab import CATEGORY_ZH, outcome_label
from ogi.office.workdays import WorkdayCalendar

REPLY_OUTCOMES = [r.key for r in outcome_rows(LAYOUT_2021) if not r.key.startswith("other_")]
CAL = WorkdayCalendar()
D = dt.timedelta


@dataclass
class Planned:
    """One application: its register fields, the commands that record it, and its 台账 row."""

    ref: str
    received: dt.date
    commands: list[list[str]] = field(default_factory=list)
    row: dict[str, str] = field(default_factory=dict)
    paid: int = 0  # 元 actually paid (in the year of the payment)
    paid_on: dt.date | None = None


def _iso(d: dt.date) -> str:
    return d.isoformat()


def _plan_one(rng: random.Random, i: int, received: dt.date, outcome: str | None, applicant: str) -> Planned:
    ref = f"2024-{i:04d}"
    category = rng.choice(list(CATEGORY_ZH))
    p = Planned(ref, received)
    p.commands.append(["add", "--ref", ref, "--category", CATEGORY_ZH[category], "--name", applicant,
                       "--channel", rng.choice(["网络", "邮寄", "当面", "信函", "网上"]), "--received", _iso(received),
                       "--request", f"请公开第{i}号事项的相关文件", "--id-document", f"ID-{applicant}"])
    channel = p.commands[0][8]
    p.row = {"编号": ref, "申请人类型": CATEGORY_ZH[category], "申请人姓名或名称": applicant, "证件号码": f"ID-{applicant}",
             "申请方式": channel, "收到申请日期": _iso(received), "申请内容": f"请公开第{i}号事项的相关文件"}
    day = received
    if outcome in ("other_no_correction", "unable_unclear_after_correction") or rng.random() < 0.1:
        day += D(days=2)
        period = rng.choice([10, 15, 15, 20])
        p.commands.append(["correction", ref, "--on", _iso(day), "--period", str(period)])
        p.row |= {"补正告知日期": _iso(day), "补正期限（工作日）": str(period)}
        if outcome == "other_no_correction":
            end = CAL.add_workdays(day, period)
            p.commands.append(["close", ref, "--outcome", "逾期不补正", "--on", _iso(end + D(days=9))])
            p.row |= {"答复日期": _iso(end), "办理结果": "逾期不补正"}
            return p
        day += D(days=3)
        p.commands.append(["correction-received", ref, "--on", _iso(day)])
        p.row["收到补正日期"] = _iso(day)
    if outcome == "withheld_third_party" or rng.random() < 0.08:
        sent, back = day + D(days=1), day + D(days=rng.randint(3, 12))
        p.commands += [["consult", ref, "--on", _iso(sent), "--note", "某公司"], ["consult-answer", ref, "--on", _iso(back)]]
        p.row |= {"征求意见日期": _iso(sent), "收到意见日期": _iso(back)}
        day = back
    if outcome == "other_unpaid_fee" or rng.random() < 0.08:
        pages = rng.choice([31, 60, 150, 250])
        day += D(days=1)
        notices, reasons = [day], [""]
        p.commands.append(["fee-notice", ref, "--on", _iso(day), "--by", "volume", "--pages", str(pages)])
        if rng.random() < 0.3:  # a notice withdrawn and served again
            p.commands.append(["fee-withdraw", ref, "--reason", "页数计算有误"])
            day += D(days=1)
            pages += 10
            p.commands.append(["fee-notice", ref, "--on", _iso(day), "--by", "volume", "--pages", str(pages)])
            notices.append(day)
            reasons = ["页数计算有误", ""]
        amount = per_volume_fee(pages)
        last = len(notices) - 1
        p.row |= {"收费通知日期": "；".join(map(_iso, notices)), "收费方式": "；".join(["按量"] * len(notices)),
                  "收费页数": "；".join(str(pages - 10 * (last - k)) for k in range(len(notices))),
                  "收费金额（元）": "；".join(str(per_volume_fee(pages - 10 * (last - k))) for k in range(len(notices))),
                  "收费通知撤回原因": "；".join(reasons)}
        if outcome == "other_unpaid_fee":
            end = CAL.add_workdays(day, 20)
            p.commands.append(["unpaid", ref, "--on", _iso(end + D(days=3))])
            p.row |= {"答复日期": _iso(end), "办理结果": "其他处理：逾期未缴费"}
            return p
        day += D(days=rng.randint(1, 10))
        p.commands.append(["pay", ref, "--on", _iso(day)])
        p.row["缴费日期"] = _iso(day)
        p.paid, p.paid_on = amount, day
    if rng.random() < 0.06:
        day += D(days=1)
        days = rng.randint(5, 20)
        p.commands.append(["extend", ref, "--on", _iso(day), "--days", str(days), "--approver", "王主任"])
        p.row |= {"延期日期": _iso(day), "延期工作日数": str(days), "延期批准人": "王主任"}
    if outcome is None:  # still open
        return p
    replied = day + D(days=rng.randint(1, 25))
    if outcome == "other_misc":
        p.commands.append(["close", ref, "--outcome", "其他处理：其他", "--basis", "申请人撤回申请", "--on", _iso(replied)])
        p.row |= {"答复日期": _iso(replied), "办理结果": "其他处理：其他", "答复依据": "申请人撤回申请"}
        return p
    words = outcome_label(outcome)
    p.commands.append(["reply", ref, "--outcome", words, "--basis", "条例第三十六条", "--on", _iso(replied)])
    p.row |= {"答复日期": _iso(replied), "办理结果": words, "答复依据": "条例第三十六条"}
    return p


def plan_year(n: int = 300, seed: int = 10) -> list[Planned]:
    """Given a count, return n applications received from 1 Dec 2023 to 31 Dec 2024: every outcome of the 2021
    format, some carried over from 2023, some still open or replied in 2025, some withdrawn."""
    rng = random.Random(seed)
    outcomes = REPLY_OUTCOMES + ["other_no_correction", "other_unpaid_fee", "other_misc"]
    start, span = dt.date(2023, 12, 1), (dt.date(2024, 12, 31) - dt.date(2023, 12, 1)).days
    plans = []
    for i in range(n):
        received = start + D(days=rng.randrange(span + 1))
        if i < 2 * len(outcomes):
            outcome: str | None = outcomes[i % len(outcomes)]
        else:
            outcome = None if rng.random() < 0.05 else rng.choice(outcomes)
        p = _plan_one(rng, i, received, outcome, f"申请人{rng.randrange(60)}")
        if rng.random() < 0.03:
            p.commands.append(["withdraw", p.ref, "--reason", "重复录入"])
            p.row["撤销原因"] = "重复录入"
        plans.append(p)
    return plans
