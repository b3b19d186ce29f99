"""A generated register: applications through every outcome and event, for compile tests."""

from __future__ import annotations

import datetime as dt
import random

from ogi.model.layout import LAYOUT_2021, outcome_rows
from ogi.office.records import ApplicantCategory, Application, Case, Channel, Event, EventKind

OUTCOMES = [r.key for r in outcome_rows(LAYOUT_2021)]
CATEGORIES = list(ApplicantCategory)


def application(ref: str, received: dt.date, name: str = "某甲", events: list[Event] | None = None) -> Application:
    """One application of a natural person received online, with the given events (for hand-made cases)."""
    a = Application(ref=ref, applicant_category="natural_person", applicant_name=name, id_document="X",
                    channel="网络", received_on=received)
    a.events = events or []
    return a


def _events(rng: random.Random, a: Application) -> list[Event]:
    got = a.received_on
    ev: list[Event] = []
    if a.outcome in ("other_no_correction", "unable_unclear_after_correction") or rng.random() < 0.05:
        ev.append(Event(kind=EventKind.CORRECTION_REQUESTED, on=got + dt.timedelta(days=3), actor="办公室"))
        if a.outcome != "other_no_correction":
            ev.append(Event(kind=EventKind.CORRECTION_RECEIVED, on=got + dt.timedelta(days=8)))
    if a.outcome == "withheld_third_party" or rng.random() < 0.03:
        ev.append(Event(kind=EventKind.CONSULTATION_SENT, on=got + dt.timedelta(days=4), note="征求第三方意见"))
        ev.append(Event(kind=EventKind.CONSULTATION_ANSWERED, on=got + dt.timedelta(days=15)))
    if rng.random() < 0.05:
        ev.append(Event(kind=EventKind.EXTENSION, on=got + dt.timedelta(days=20), workdays=rng.randint(5, 20),
                        actor="工作机构负责人"))
    fee_fits = a.replied_on is None or a.replied_on >= got + dt.timedelta(days=15)  # no notice after the reply
    if a.outcome == "other_unpaid_fee" or (rng.random() < 0.02 and fee_fits):
        ev.append(Event(kind=EventKind.FEE_NOTICE, on=got + dt.timedelta(days=10), amount=rng.choice([100, 700, 4700])))
        if a.outcome != "other_unpaid_fee":
            ev.append(Event(kind=EventKind.FEE_PAID, on=got + dt.timedelta(days=15), amount=ev[-1].amount))
    if a.replied_on is not None:
        kind = EventKind.CLOSURE if a.outcome and a.outcome.startswith("other_") else EventKind.REPLY
        ev.append(Event(kind=kind, on=a.replied_on))
    return ev


def generate(n: int, year: int, seed: int = 7) -> list[Application]:
    """Given a count and a year, return n applications received from 1 Dec of the year before to 31 Dec of
    the next year, every outcome of the 2021 format used, some still open at each year's end."""
    rng = random.Random(seed)
    start = dt.date(year - 1, 12, 1)
    span = (dt.date(year + 1, 12, 31) - start).days
    apps = []
    for i in range(n):
        received = start + dt.timedelta(days=rng.randrange(span))
        outcome = OUTCOMES[i % len(OUTCOMES)] if i < 3 * len(OUTCOMES) else rng.choice(OUTCOMES)
        replied = received + dt.timedelta(days=rng.randint(1, 70)) if rng.random() > 0.04 else None
        if outcome == "other_unpaid_fee" and replied is not None:  # closed after the 20 working days to pay
            replied = max(replied, received + dt.timedelta(days=45))
        a = Application(ref=f"{year}-{i:05d}", applicant_category=rng.choice(CATEGORIES),
                        applicant_name=f"申请人{i}", contact="13800000000", id_document="110101199001011234",
                        channel=rng.choice(list(Channel)), received_on=received, request="请公开某项信息",
                        outcome=outcome if replied else None, replied_on=replied,
                        outcome_basis="《中华人民共和国政府信息公开条例》" if replied else None)
        a.events = _events(rng, a)
        apps.append(a)
    return apps


def cases(year: int) -> list[Case]:
    d = dt.date
    return [
        Case(kind="review", filed_on=d(year, 3, 1), result="upheld", closed_on=d(year, 5, 1)),
        Case(kind="review", filed_on=d(year, 11, 1), result=None, closed_on=None),
        Case(kind="litigation_direct", filed_on=d(year - 1, 12, 1), result="corrected", closed_on=d(year, 2, 1)),
        Case(kind="litigation_after_review", filed_on=d(year, 6, 1), result="other", closed_on=d(year, 9, 1)),
    ]
