"""Compiling the annual report from a generated register, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal

from sqlalchemy import Engine, func, select

from ogi.check import Severity, check
from ogi.model.layout import TableKey
from ogi.office.compile import compile_report
from ogi.office.records import Application, DecisionCount, FeeIncome, NormativeDocument, PublishedItem
from ogi.storage.base import AuditEntry
from ogi.storage.db import session

from .register_factory import cases, generate

AGENCY = "某某市科学技术局"


def _load(engine: Engine, n: int = 2000) -> list[Application]:
    apps = generate(n, 2023)
    with session(engine, actor="测试") as s:
        s.add_all(apps)
        s.add_all(cases(2023))
        s.add_all([
            NormativeDocument(kind="normative_documents", title="甲", issued_on=dt.date(2021, 5, 1)),
            NormativeDocument(kind="normative_documents", title="乙", issued_on=dt.date(2023, 5, 1)),
            NormativeDocument(kind="normative_documents", title="丙", issued_on=dt.date(2020, 1, 1),
                              abolished_on=dt.date(2023, 8, 1)),
            NormativeDocument(kind="regulations", title="丁", issued_on=dt.date(2023, 2, 1)),
            DecisionCount(year=2023, kind="licensing", count=12),
            DecisionCount(year=2023, kind="penalty", count=3),
            FeeIncome(year=2023, amount=Decimal("11.5500")),
            PublishedItem(published_on=dt.date(2023, 4, 1), channel="门户网站", title="通知"),
            PublishedItem(published_on=dt.date(2023, 4, 2), channel="微信公众号", title="动态"),
        ])
    return apps


def test_a_year_of_2000_applications_compiles_to_a_report_that_passes_every_check(engine: Engine) -> None:
    apps = _load(engine)
    with session(engine) as s:
        report = compile_report(s, 2023, agency=AGENCY)
    findings = [f for f in check(report) if f.severity is not Severity.NOTICE]
    assert findings == []
    t3 = report.tables[TableKey.APPLICATIONS].rows
    # independent count straight from the generated list
    new = Counter(a.applicant_category for a in apps if a.received_on.year == 2023)
    assert {c: t3["new_received"].cells[c].value for c in new} == dict(new)
    assert t3["new_received"].cells["total"].value == sum(new.values())
    open_end = sum(1 for a in apps if a.received_on.year <= 2023 and (a.replied_on is None or a.replied_on.year > 2023))
    assert t3["carried_forward"].cells["total"].value == open_end
    used = {a.outcome for a in apps if a.replied_on and a.replied_on.year == 2023}
    assert len(used) == 21, "every outcome row of the 2021 format: （一）（二）+ 8 + 3 + 5 + 3 = 21"
    t2 = report.tables[TableKey.PROACTIVE].rows
    assert [t2["normative_documents"].cells[c].value for c in ("issued", "abolished", "in_force")] == [1, 1, 2]
    assert t2["fees"].cells["amount"].value == Decimal("11.55")
    t4 = report.tables[TableKey.REVIEW_LITIGATION].rows
    assert [t4["review"].cells[c].value for c in ("upheld", "pending", "total")] == [1, 1, 2]
    assert str(sum(new.values())) in report.section(report.sections[0].key).text  # draft text states the figure


def test_consecutive_years_carry_over(engine: Engine) -> None:
    _load(engine, 800)
    with session(engine) as s:
        y1 = compile_report(s, 2023, agency=AGENCY)
        y2 = compile_report(s, 2024, agency=AGENCY)
    forward = y1.tables[TableKey.APPLICATIONS].rows["carried_forward"].cells
    over = y2.tables[TableKey.APPLICATIONS].rows["carried_over"].cells
    assert {k: c.value for k, c in over.items()} == {k: c.value for k, c in forward.items()}
    assert forward["total"].value > 0
    assert [f for f in check(y2) if f.severity is Severity.ERROR] == []


def test_2020_compiles_in_the_2019_layout(engine: Engine) -> None:
    with session(engine) as s:
        s.add_all(generate(300, 2020, seed=3))
    with session(engine) as s:
        report = compile_report(s, 2020, agency=AGENCY)
    assert report.metadata.format_version.value == "2019"
    rows = report.tables[TableKey.APPLICATIONS].rows
    assert "other_handling" in rows and "other_no_correction" not in rows
    procurement = report.tables[TableKey.PROACTIVE].rows["procurement"].cells["amount"]
    assert (procurement.kind.value, procurement.value) == ("blank", None), "not kept in the register: left blank"
    assert [f for f in check(report) if f.severity is not Severity.NOTICE] == []


def test_withdrawn_records_count_nowhere_and_every_change_is_audited(engine: Engine) -> None:
    with session(engine, actor="张科员") as s:
        s.add_all(generate(50, 2023, seed=1))
    with session(engine) as s:
        before = compile_report(s, 2023, agency=AGENCY).tables[TableKey.APPLICATIONS].rows["new_received"]
    with session(engine, actor="李科长") as s:
        app = s.scalars(select(Application).where(func.extract("year", Application.received_on) == 2023)).first()
        app.withdrawn_reason = "重复录入"
    with session(engine) as s:
        after = compile_report(s, 2023, agency=AGENCY).tables[TableKey.APPLICATIONS].rows["new_received"]
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "update")).one()
        inserts = s.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "insert"))
    assert after.cells["total"].value == before.cells["total"].value - 1
    assert entry.actor == "李科长" and entry.before["withdrawn_reason"] is None
    assert entry.after["withdrawn_reason"] == "重复录入"
    assert entry.after["applicant_name"] == "***", "personal data stays out of the audit values"
    assert inserts >= 50


def test_records_cannot_be_deleted(engine: Engine) -> None:
    import pytest

    from ogi.storage.db import DeleteRefusedError

    with session(engine) as s:
        s.add_all(generate(3, 2023))
    with pytest.raises(DeleteRefusedError), session(engine) as s:
        s.delete(s.scalars(select(Application)).first())
    with session(engine) as s:
        assert s.scalar(select(func.count()).select_from(Application)) == 3


def test_part_1_lists_outcomes_as_a_person_writes_them_and_the_report_is_signed(engine: Engine) -> None:
    import datetime as dt

    from ogi.model.report import SectionKey
    from ogi.office.records import Application

    def app(ref: str, outcome: str) -> Application:
        return Application(ref=ref, applicant_category="natural_person", applicant_name="甲", channel="网络",
                           received_on=dt.date(2024, 3, 1), replied_on=dt.date(2024, 3, 20), outcome=outcome)

    with session(engine) as s:
        s.add_all([app("1", "disclosed"), app("2", "disclosed"), app("3", "partially_disclosed"),
                   app("4", "withheld_state_secret"), app("5", "withheld_third_party"), app("6", "withheld_third_party"),
                   app("7", "unable_not_held"), app("8", "other_no_correction")])
    with session(engine) as s:
        report = compile_report(s, 2024, agency=AGENCY, signed_on=dt.date(2025, 1, 20))
    general = report.section(SectionKey.GENERAL).text
    assert ("办结8件，其中予以公开2件，部分公开1件，不予公开3件（属于国家秘密1件、保护第三方合法权益2件），"
            "无法提供1件（本机关不掌握相关政府信息1件），其他处理1件（申请人逾期不补正1件）；") in general
    assert report.section(SectionKey.OTHER).text.endswith(f"\n{AGENCY}\n2025年1月20日")
    assert report.metadata.date_of_issue == dt.date(2025, 1, 20)
    assert [f for f in check(report) if f.severity is Severity.ERROR] == []
