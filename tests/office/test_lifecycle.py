"""Every step of an application on the command line (ogi.office.lifecycle under ogi office add/reply/…), on
SQLite and PostgreSQL: a generated year of 300 applications driven entirely through the single-record commands
compiles to the same report as the same events imported from a 台账."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
import typer.testing
from sqlalchemy import Engine, func, select
from typer.testing import CliRunner

import ogi.storage.db as storage_db
from ogi.cli_office import office_app
from ogi.model.layout import TableKey
from ogi.model.report import SectionKey
from ogi.office.compile import compile_report
from ogi.office.ledger import COLUMNS, import_ledger
from ogi.office.lifecycle import (
    StepRefusedError,
    add_application,
    answer_consultation,
    consult,
    extend,
    find,
    list_applications,
    receive_correction,
    reply,
    request_correction,
    status_of,
    withdraw,
)
from ogi.office.records import Application, EventKind
from ogi.storage.base import AuditEntry
from ogi.storage.db import connect, migrate, session

from .lifecycle_plan import plan_year

D = dt.date


def _url(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def _run(runner: CliRunner, url: str, args: list[str], input: str | None = None):  # noqa: A002, ANN202
    result = runner.invoke(office_app, [*args, "--db", url], input=input)
    assert result.exit_code == 0, (args, result.output)
    return result


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    # build the click command once, as one `ogi` process does, instead of once per invocation
    command = typer.main.get_command(office_app)
    monkeypatch.setattr(typer.testing, "_get_command", lambda _app: command)
    yield CliRunner()
    for engine in storage_db._ready.values():  # the test databases are made afresh for every test
        engine.dispose()
    storage_db._ready.clear()


def test_300_applications_by_commands_equal_the_same_events_imported(engine: Engine, runner: CliRunner,
                                                                      tmp_path: Path) -> None:
    plans = plan_year(300)
    url = _url(engine)
    for p in plans:
        for args in p.commands:
            _run(runner, url, args)
    ledger = tmp_path / "台账.csv"
    with ledger.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS)
        w.writeheader()
        w.writerows(p.row for p in plans)
    imported = connect(f"sqlite:///{tmp_path / 'imported.db'}")
    migrate(imported)
    with session(imported) as s:
        import_ledger(s, ledger)
    with session(engine) as s:
        by_commands = compile_report(s, 2024, agency="某县某局")
    with session(imported) as s:
        by_import = compile_report(s, 2024, agency="某县某局")
    for key in TableKey:
        assert by_commands.tables[key].model_dump() == by_import.tables[key].model_dump()
    assert [x.model_dump() for x in by_commands.sections] == [x.model_dump() for x in by_import.sections]
    # and the report says what the plan holds, counted straight from it
    t3 = by_commands.tables[TableKey.APPLICATIONS].rows
    kept = [p for p in plans if "撤销原因" not in p.row]
    assert t3["new_received"].cells["total"].value == sum(p.received.year == 2024 for p in kept)
    assert t3["carried_over"].cells["total"].value == sum(
        p.received.year == 2023 and p.row.get("答复日期", "9999") >= "2024-01-01" for p in kept)
    assert t3["carried_forward"].cells["total"].value == sum(
        p.row.get("答复日期", "9999") > "2024-12-31" for p in kept)
    assert t3["other_unpaid_fee"].cells["total"].value > 0 and t3["other_no_correction"].cells["total"].value > 0
    paid = sum(p.paid for p in kept if p.paid_on and p.paid_on.year == 2024)
    assert paid > 0
    assert f"实际收取信息处理费{paid}元" in by_commands.section(SectionKey.OTHER).text
    with session(engine) as s:  # every command left its audit entries; nothing was deleted
        steps = sum(len(p.commands) for p in plans)
        assert s.scalar(select(func.count()).select_from(AuditEntry)) >= steps
        assert s.scalar(select(func.count()).select_from(Application)) == 300


def _new(s, ref: str = "A-1") -> Application:  # noqa: ANN001
    return add_application(s, ref=ref, applicant_category="自然人", applicant_name="王五", channel="网上",
                           received_on=D(2024, 3, 1), request="某文件")


def test_steps_refuse_what_the_register_or_the_regulation_does_not_allow(engine: Engine) -> None:
    with session(engine, actor="张科员") as s:
        app = _new(s)
        assert (app.applicant_category, app.channel) == ("natural_person", "网络")
        with pytest.raises(StepRefusedError, match="没有补正告知"):
            receive_correction(app, D(2024, 3, 5))
        with pytest.raises(StepRefusedError, match="没有尚未答复的征求意见"):
            answer_consultation(app, D(2024, 3, 5))
        with pytest.raises(StepRefusedError, match="批准人"):
            extend(app, D(2024, 3, 5), workdays=10, approver=" ")
        with pytest.raises(StepRefusedError, match="早于收到申请日期"):
            request_correction(app, D(2024, 2, 28))
        with pytest.raises(StepRefusedError, match="之后"):
            request_correction(app, D(2024, 3, 5), today=D(2024, 3, 4))
        with pytest.raises(StepRefusedError, match="已有此编号"):
            _new(s)
        request_correction(app, D(2024, 3, 4), workdays=10)
        with pytest.raises(StepRefusedError, match="一次性告知"):
            request_correction(app, D(2024, 3, 5))
        assert status_of(app) == "awaiting_correction"
        receive_correction(app, D(2024, 3, 8))
        consult(app, D(2024, 3, 11), party="agency")
        assert status_of(app) == "consulting"
        answer_consultation(app, D(2024, 3, 15))
        with pytest.raises(StepRefusedError, match="逾期不补正|lapse"):
            reply(app, D(2024, 3, 20), outcome="逾期不补正", basis="条例第三十条")
        reply(app, D(2024, 3, 20), outcome="不予公开：国家秘密", basis="条例第十四条")
        assert app.outcome == "withheld_state_secret"
        with pytest.raises(StepRefusedError, match="已于2024年3月20日答复"):
            extend(app, D(2024, 3, 21), workdays=5, approver="王主任")
        with pytest.raises(StepRefusedError, match="原因"):
            withdraw(app, "")
    with session(engine) as s:
        app = find(s, "A-1")
        assert [e.kind for e in app.events] == [EventKind.CORRECTION_REQUESTED, EventKind.CORRECTION_RECEIVED,
                                                EventKind.CONSULTATION_SENT, EventKind.CONSULTATION_ANSWERED,
                                                EventKind.REPLY]
        assert app.events[0].workdays == 10 and "其他机关" in app.events[2].note
        assert {a.ref for a in list_applications(s, "已办结")} == {"A-1"} and list_applications(s, "办理中") == []
        actors = set(s.scalars(select(AuditEntry.actor)))
    assert actors == {"张科员"}


def test_add_asks_in_chinese_and_show_gives_timeline_and_due_date(engine: Engine, runner: CliRunner) -> None:
    url = _url(engine)
    typed = "B-1\n法律服务机构\n某律师事务所\n邮寄\n2024-04-01\n某项目批复\n"
    result = _run(runner, url, ["add"], input=typed)
    assert "编号" in result.output and "申请人类型" in result.output and "已登记 B-1" in result.output
    _run(runner, url, ["correction", "B-1", "--on", "2024-04-02"])
    _run(runner, url, ["correction-received", "B-1", "--on", "2024-04-08"])
    _run(runner, url, ["fee-notice", "B-1", "--on", "2024-04-09", "--by", "volume", "--pages", "250"])
    shown = _run(runner, url, ["show", "B-1", "--on", "2024-04-10"]).output
    assert "法律服务机构" in shown and "某项目批复" in shown and "状态：待缴费" in shown
    assert "补正期限15个工作日" in shown and "按量4700元" in shown
    assert "收费期间计入答复期限" in shown and "fee_pause" in shown  # the office setting is stated
    # 20 working days after the corrected application (Mon 4-8): Apr 9-12 (4), 15-19 (9), 22-26 (14),
    # Sun 4-28 make-up (15), 29, 30 (17); 5-1..5-5 劳动节; 5-6, 5-7, 5-8 (20)
    assert "答复期限：2024-05-08" in shown
    _run(runner, url, ["setting", "fee_pause", "on"])
    shown = _run(runner, url, ["show", "B-1", "--on", "2024-04-10"]).output
    assert "收费期间不计入答复期限" in shown and "答复期限：2024-05-08" not in shown
    bad = runner.invoke(office_app, ["reply", "B-1", "--outcome", "予以公开", "--basis", "x", "--on", "2024-02-30",
                                     "--db", url])
    assert bad.exit_code == 2 and "不存在" in bad.output


def test_fee_computes_only_and_lapse_previews_on_the_command_line(engine: Engine, runner: CliRunner) -> None:
    url = _url(engine)
    for i in range(11):  # one applicant's 11 applications in May: the 11th costs 100元 按件
        _run(runner, url, ["add", "--ref", f"P-{i:02d}", "--category", "企业", "--name", "某咨询公司",
                           "--channel", "网络", "--received", f"2024-05-{1 + i:02d}", "--request", "某文件"])
    quoted = _run(runner, url, ["fee", "P-10"]).output
    assert "本月第11件申请" in quoted and "应收 100 元（仅计算，未记录）" in quoted
    assert "无需缴费，不发收费通知" in _run(runner, url, ["fee", "P-00"]).output
    with session(engine) as s:
        assert [e for e in find(s, "P-10").events] == []
    _run(runner, url, ["fee-notice", "P-10", "--on", "2024-05-13", "--by", "volume", "--pages", "100"])
    _run(runner, url, ["fee-withdraw", "P-10", "--reason", "应按件收费"])
    _run(runner, url, ["fee-notice", "P-10", "--on", "2024-05-14", "--by", "piece"])
    _run(runner, url, ["fee-notice", "P-09", "--on", "2024-05-14", "--by", "volume", "--pages", "31"])
    again = runner.invoke(office_app, ["fee-notice", "P-10", "--on", "2024-05-15", "--db", url])
    assert again.exit_code == 2 and "第三条" in again.output
    # 20 working days to pay from Tue 5-14: May 15-17 (3), 20-24 (8), 27-31 (13), Jun 3-7 (18), 6-10 端午, 11, 12 (20)
    preview = _run(runner, url, ["lapse", "--on", "2024-06-20", "--dry-run"]).output
    assert "P-09" in preview and "P-10" in preview and "2024-06-12届满" in preview and "预览，未作更改" in preview
    _run(runner, url, ["pay", "P-10", "--on", "2024-06-05"])
    early = runner.invoke(office_app, ["unpaid", "P-09", "--on", "2024-06-12", "--db", url])
    assert early.exit_code == 2 and "尚未届满" in early.output
    assert "2024-06-12" in _run(runner, url, ["unpaid", "P-09", "--on", "2024-06-20"]).output
    with session(engine) as s:
        p09, p10 = find(s, "P-09"), find(s, "P-10")
        assert (p09.outcome, str(p09.replied_on)) == ("other_unpaid_fee", "2024-06-12")
        assert [e.amount for e in p10.events if e.kind == EventKind.FEE_PAID] == [100]
    listed = _run(runner, url, ["list", "--status", "已办结"]).output
    assert "P-09" in listed and "P-10" not in listed
