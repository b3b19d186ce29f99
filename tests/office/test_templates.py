"""The template workbooks filled as a person fills them — values picked from the 可选值 sheet — import without
error; and what the import tells a person about a 台账 it cannot take as it is."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine, func, select

from ogi.office.ledger import COLUMNS, LedgerImportError, RowProblem, import_ledger
from ogi.office.lifecycle import find
from ogi.office.records import Application, Case, DecisionCount, EventKind, NormativeDocument
from ogi.office.sources import import_sources
from ogi.office.templates import write_ledger_template, write_sources_template
from ogi.office.vocab import outcome_key
from ogi.storage.base import AuditEntry
from ogi.storage.db import session


def _allowed(path: Path) -> dict[str, list[str]]:
    ws = load_workbook(path)["可选值"]
    columns: dict[str, list[str]] = {}
    for col in ws.iter_cols(values_only=True):
        if col[0] and len(col) > 1 and col[1]:
            columns[col[0]] = [v for v in col[1:] if v]
    return columns


def test_the_ledger_template_filled_from_its_allowed_values_imports(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "台账.xlsx"
    write_ledger_template(path)
    allowed = _allowed(path)
    assert set(allowed) == {"申请人类型", "申请方式", "办理结果", "收费方式"}
    assert len(allowed["办理结果"]) == 21 and "不予公开：属于国家秘密" in allowed["办理结果"]
    wb = load_workbook(path)
    ws = wb["依申请公开台账"]
    assert [c.value for c in ws[1]] == list(COLUMNS)
    assert str(ws["A2"].value).startswith("示例")  # the example row stays where it is, as people leave it
    col = {name: i for i, name in enumerate(COLUMNS, start=1)}
    for n, outcome in enumerate(allowed["办理结果"]):
        row = 3 + n
        values = {"编号": f"2024-{n:03d}", "申请人类型": allowed["申请人类型"][n % 6], "申请人姓名或名称": f"申请人{n}",
                  "申请方式": allowed["申请方式"][n % len(allowed["申请方式"])], "收到申请日期": "2024-03-01",
                  "申请内容": "某文件", "答复日期": "2024年3月20日", "办理结果": outcome, "答复依据": "条例"}
        if outcome.endswith("逾期不补正、行政机关不再处理其政府信息公开申请"):
            values |= {"补正告知日期": "2024-03-04", "补正期限（工作日）": "10", "答复日期": "2024-03-18"}
        if "缴纳费用" in outcome:
            values |= {"收费通知日期": "2024-03-05", "收费方式": allowed["收费方式"][1], "收费页数": "40",
                       "收费金额（元）": "100"}
            values["答复日期"] = "2024-04-03"
        for name, v in values.items():
            ws.cell(row=row, column=col[name], value=v)
    wb.save(path)
    warnings: list[RowProblem] = []
    with session(engine) as s:
        apps = import_ledger(s, path, warnings=warnings)
    assert len(apps) == 21
    assert [str(w) for w in warnings] == ["第2行示例行，未导入"]
    with session(engine) as s:
        outcomes = set(s.scalars(select(Application.outcome)))
    assert len(outcomes) == 21, "each allowed value names its own row of table 三"


def test_the_sources_template_filled_from_its_allowed_values_imports(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "来源.xlsx"
    write_sources_template(path)
    allowed = _allowed(path)
    wb = load_workbook(path)
    wb["主动公开"].append(["2024-04-01", allowed["主动公开·渠道"][0], "通知公告", "关于某事项的通知"])
    wb["规章和规范性文件"].append([allowed["规章和规范性文件·类型"][1], "某办法", "某政规〔2024〕2号", "2024-02-01", None])
    for kind in allowed["处理决定·类别"]:
        wb["处理决定"].append([2024, kind, 5])
    wb["行政事业性收费"].append([2024, 1.25])
    for kind, result in zip(allowed["复议诉讼·类型"], allowed["复议诉讼·结果"], strict=False):
        closed = None if result == "尚未审结" else "2024-08-01"
        wb["复议诉讼"].append([kind, "某复〔2024〕3号", "2024-05-01", "" if closed is None else result, closed])
    wb.save(path)
    warnings: list[RowProblem] = []
    with session(engine) as s:
        counts = import_sources(s, path, warnings=warnings)
    assert counts == {"主动公开": 1, "规章和规范性文件": 1, "处理决定": 3, "行政事业性收费": 1, "复议诉讼": 3}
    assert len(warnings) == 5 and all("示例行" in str(w) for w in warnings)
    with session(engine) as s:
        assert s.scalar(select(func.count()).select_from(DecisionCount)) == 3
        assert s.scalar(select(func.count()).select_from(Case)) == 3
        assert s.scalar(select(func.count()).select_from(NormativeDocument)) == 1


@pytest.mark.parametrize(("written", "key"), [
    ("不予公开：国家秘密", "withheld_state_secret"), ("逾期不补正", "other_no_correction"),
    ("其他处理：逾期未缴费", "other_unpaid_fee"), ("无法提供：本机关不掌握", "unable_not_held"),
    ("不予处理-重复申请", "not_processed_repeat"), ("部分公开", "partially_disclosed"),
    ("（一）予以公开", "disclosed"), ("保护第三方合法权益", "withheld_third_party"),
])
def test_short_forms_offices_write(written: str, key: str) -> None:
    assert outcome_key(written) == key


def _csv(path: Path, rows: list[dict[str, str]], header: list[str] | None = None, title: str | None = None) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        if title:
            w.writerow([title])
        header = header or list(COLUMNS)
        w.writerow(header)
        for r in rows:
            w.writerow([r.get(c, "") for c in header])


GOOD = {"编号": "A-1", "申请人类型": "自然人", "申请人姓名或名称": "王五", "申请方式": "网上",
        "收到申请日期": "2024-03-01", "答复日期": "2024-03-20", "办理结果": "予以公开"}


def test_a_title_row_is_skipped_and_unknown_columns_are_reported(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "台账.csv"
    _csv(path, [{**GOOD, "备注": "加急"}], header=[*COLUMNS, "备注"], title="某县某局2024年依申请公开台账")
    warnings: list[RowProblem] = []
    with session(engine) as s:
        (app,) = import_ledger(s, path, warnings=warnings)
        assert app.channel == "网络"
    assert [str(w) for w in warnings] == ["第1行表头在第2行，上方1行作为标题跳过", "第2行“备注”：不是台账的列，该列内容未导入"]


def test_no_header_and_unknown_values_name_the_problem_and_the_allowed_values(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "台账.csv"
    path.write_text("序号,姓名\n1,王五\n", encoding="utf-8")
    with pytest.raises(LedgerImportError) as info, session(engine) as s:
        import_ledger(s, path)
    assert "没有表头" in info.value.message()
    _csv(path, [{**GOOD, "申请人类型": "个体户", "办理结果": "同意"}, {**GOOD, "编号": "A-2", "办理结果": "同意"}])
    with pytest.raises(LedgerImportError) as info, session(engine) as s:
        import_ledger(s, path)
    messages = [str(p) for p in info.value.problems]
    assert "应为：自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他" in messages[0]
    assert "应为：予以公开、部分公开、不予公开：属于国家秘密" in messages[1]
    assert messages[2] == "第3行“办理结果”：“同意”不是统一格式表三中的办理结果（可选值见第2行的说明）"


def test_import_checks_an_office_wants(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "台账.csv"
    rows = [
        {**GOOD, "编号": "F-1", "收到申请日期": "2099-01-04", "答复日期": "", "办理结果": ""},  # in the future
        {**GOOD, "编号": "E-1", "延期工作日数": "10"},  # extension without approver
        {**GOOD, "编号": "C-1", "收到补正日期": "2024-03-08"},  # 补正 received without a notice
        {**GOOD, "编号": "D-1", "收到申请日期": "2024-02-30"},  # no such day
        {**GOOD, "编号": "Z-1", "收费通知日期": "2024-03-05", "收费金额（元）": "0"},  # a 0 元 notice
    ]
    _csv(path, rows)
    with pytest.raises(LedgerImportError) as info, session(engine) as s:
        import_ledger(s, path)
    got = {(p.row, p.column): p.message for p in info.value.problems}
    assert "在今天" in got[(2, "收到申请日期")]
    assert "批准人" in got[(3, "延期批准人")]
    assert "没有补正告知日期" in got[(4, "收到补正日期")]
    assert got[(5, "收到申请日期")] == "日期“2024-02-30”不存在"
    assert "0元" in got[(6, "收费金额（元）")]
    # a reply past its deadline is imported, with a warning that counts the working days
    # received Fri 3-1: 20 working days → 3-29; replied Wed 4-3: Apr 1, 2, 3 → 3 working days late
    _csv(path, [{**GOOD, "编号": "L-1", "答复日期": "2024-04-03"}])
    warnings: list[RowProblem] = []
    with session(engine) as s:
        import_ledger(s, path, warnings=warnings)
    assert [str(w) for w in warnings] == ["第2行“答复日期”：晚于答复期限（2024-03-29）3个工作日"]


def test_update_mode_corrects_by_number_and_audits(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "台账.csv"
    first = {**GOOD, "答复日期": "", "办理结果": "", "收费通知日期": "2024-03-05", "收费方式": "按量",
             "收费页数": "40", "收费金额（元）": "100"}
    _csv(path, [first])
    with session(engine, actor="导入") as s:
        import_ledger(s, path)
    with pytest.raises(LedgerImportError, match="--update"), session(engine) as s:
        import_ledger(s, path)
    corrected = {**first, "收费页数": "50", "收费金额（元）": "200", "缴费日期": "2024-03-07", "答复日期": "2024-03-20",
                 "办理结果": "予以公开"}
    _csv(path, [corrected])
    with session(engine, actor="李科长") as s:
        import_ledger(s, path, update=True)
    with session(engine) as s:
        app = find(s, "A-1")
        assert (app.outcome, str(app.replied_on)) == ("disclosed", "2024-03-20")
        notices = [(e.amount, e.withdrawn_reason is None) for e in app.events if e.kind == EventKind.FEE_NOTICE]
        assert sorted(notices) == [(100, False), (200, True)], "the old notice is withdrawn, not deleted"
        assert [e.amount for e in app.events if e.kind == EventKind.FEE_PAID] == [200]
        updates = s.scalars(select(AuditEntry).where(AuditEntry.action == "update")).all()
    assert {u.actor for u in updates} == {"李科长"} and any(u.entity == "application" for u in updates)


def test_reimporting_an_unchanged_export_with_update_changes_nothing(engine: Engine, tmp_path: Path) -> None:
    import datetime as dt

    from ogi.office.actions import issue_fee_notice, record_payment
    from ogi.office.ledger import export_ledger
    from ogi.office.lifecycle import add_application, extend, reply, request_correction

    with session(engine, actor="张科员") as s:
        app = add_application(s, ref="U-1", applicant_category="商业企业", applicant_name="某公司", channel="邮寄",
                              received_on=dt.date(2024, 6, 3), request="某批复")
        request_correction(app, dt.date(2024, 6, 4), workdays=10)
        extend(app, dt.date(2024, 6, 20), workdays=15, approver="王主任")
        issue_fee_notice(s, app, dt.date(2024, 6, 21), "volume", pages=120)
        record_payment(app, dt.date(2024, 6, 24))
        reply(app, dt.date(2024, 7, 1), outcome="予以公开", basis="条例第三十六条")
    path = tmp_path / "台账.xlsx"
    with session(engine) as s:
        export_ledger([find(s, "U-1")], path)
        before = s.scalar(select(func.count()).select_from(AuditEntry))
    with session(engine, actor="李科长") as s:
        import_ledger(s, path, update=True)
    with session(engine) as s:
        assert s.scalar(select(func.count()).select_from(AuditEntry)) == before, "nothing to correct, nothing changed"
        assert all(e.withdrawn_reason is None for e in find(s, "U-1").events)
