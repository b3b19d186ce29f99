"""`ogi office` run as a real process: import a ledger, list what is due, compile and render the report."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

from ogi.office.ledger import COLUMNS


def ogi(*args: str | Path, db: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ogi", "office", *map(str, args), "--db", f"sqlite:///{db}"],
                          capture_output=True, text=True, encoding="utf-8", timeout=180)


def _ledger(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS)
        w.writeheader()
        w.writerows(rows)


ROWS = [
    # received Fri 2024-02-02, before 春节: still open; its due date comes from the working-day calendar
    {"编号": "2024-001", "申请人类型": "自然人", "申请人姓名或名称": "甲", "申请方式": "网络", "收到申请日期": "2024-02-02"},
    {"编号": "2024-002", "申请人类型": "商业企业", "申请人姓名或名称": "乙公司", "申请方式": "邮寄",
     "收到申请日期": "2024-01-10", "答复日期": "2024-01-20", "办理结果": "予以公开"},
]


def test_import_due_and_report(tmp_path: Path) -> None:
    db = tmp_path / "office.db"
    ledger = tmp_path / "ledger.csv"
    _ledger(ledger, ROWS)
    assert ogi("import", ledger, db=db).returncode == 0
    due = ogi("due", "--on", "2024-03-01", "--json", db=db)
    assert due.returncode == 0, due.stderr
    (item,) = json.loads(due.stdout)
    from ogi.office.workdays import WorkdayCalendar

    assert item["ref"] == "2024-001"
    assert item["due"] == WorkdayCalendar().add_workdays(__import__("datetime").date(2024, 2, 2), 20).isoformat()
    assert item["steps"][0].startswith("2024年2月2日收到申请")
    report = ogi("report", "--year", "2024", "--agency", "某某市科学技术局", "--json", db=db)
    assert report.returncode == 0, report.stderr
    data = json.loads(report.stdout)
    t3 = data["report"]["tables"]["table3"]["rows"]
    assert t3["new_received"]["cells"]["total"]["value"] == 2
    assert t3["disclosed"]["cells"]["commercial_enterprise"]["value"] == 1
    assert t3["carried_forward"]["cells"]["natural_person"]["value"] == 1
    out = tmp_path / "r.docx"
    assert ogi("report", "--year", "2024", "--agency", "某某市科学技术局", "--to", "docx", "-o", out, db=db).returncode == 0
    assert out.read_bytes()[:2] == b"PK"


def test_bad_ledger_lists_rows_and_exits_1(tmp_path: Path) -> None:
    db = tmp_path / "office.db"
    ledger = tmp_path / "bad.csv"
    _ledger(ledger, [{**ROWS[1], "答复日期": "2023-12-01"}])
    result = ogi("import", ledger, db=db)
    assert result.returncode == 1
    assert "第2行“答复日期”" in result.stderr


def test_due_piped_prints_whole_lines_and_writes_the_printable_list(tmp_path: Path) -> None:
    db = tmp_path / "office.db"
    ledger = tmp_path / "ledger.csv"
    long_request = "请公开本机关二〇二三年度关于某某工业园区基础设施建设项目的立项批复、环境影响评价批复及验收文件"
    _ledger(ledger, [{**ROWS[0], "申请人类型": "法律服务机构", "申请内容": long_request},
                     {**ROWS[0], "编号": "2024-003", "收到申请日期": "2024-03-05"}])  # received after --on
    assert ogi("import", ledger, db=db).returncode == 0
    due = ogi("due", "--on", "2024-03-01", "--explain", "-o", tmp_path / "逾期清单.xlsx", db=db)
    assert due.returncode == 0, due.stderr
    assert long_request in due.stdout and "法律服务机构" in due.stdout and "…" not in due.stdout
    assert "2024-003" not in due.stdout
    from openpyxl import load_workbook

    ws = load_workbook(tmp_path / "逾期清单.xlsx")["逾期清单"]
    assert ws["A1"].value.startswith("政府信息公开申请答复期限清单（截至2024年3月1日，共1件")
    assert [c.value for c in ws[3]][1:4] == ["2024-001", "法律服务机构", long_request]
    pdf = ogi("due", "--on", "2024-03-01", "-o", tmp_path / "逾期清单.pdf", db=db)
    assert pdf.returncode == 0, pdf.stderr
    assert (tmp_path / "逾期清单.pdf").read_bytes()[:5] == b"%PDF-"


def test_messages_are_chinese(tmp_path: Path) -> None:
    db = tmp_path / "office.db"
    bad = ogi("due", "--on", "2024-02-30", db=db)
    assert bad.returncode == 2 and "日期“2024-02-30”不存在" in bad.stderr
    help_text = ogi("reply", "--help", db=db).stdout
    assert "记录答复" in help_text and "办理结果" in help_text
    assert "用法：" in help_text and "选项：" in help_text and "显示本帮助并退出。" in help_text
    assert "Usage" not in help_text and "Show this message" not in help_text
    missing = ogi("extend", "X", "--days", "十", "--approver", "王主任", db=db)
    assert missing.returncode == 2 and "错误：--days 的值应为整数" in missing.stderr and "Error" not in missing.stderr


def test_a_year_the_calendar_lacks_counts_once_the_office_says_its_list_is_complete(tmp_path: Path) -> None:
    import datetime as dt

    from ogi.office.records import Application
    from ogi.storage.db import connect, migrate, session

    db = tmp_path / "office.db"
    engine = connect(f"sqlite:///{db}")
    migrate(engine)
    with session(engine) as s:  # entered directly: a receipt date late in 2026 may still be in the future today
        s.add(Application(ref="Y-1", applicant_category="natural_person", applicant_name="某", channel="网络",
                          received_on=dt.date(2026, 12, 28)))
    engine.dispose()
    assert ogi("holiday", "2027-01-01", "--holiday", "--note", "元旦", db=db).returncode == 0
    missing = ogi("due", "--on", "2027-01-04", db=db)
    assert missing.returncode == 2
    assert "2027年" in missing.stderr and "ogi office holiday --complete 2027" in missing.stderr
    assert ogi("holiday", "--complete", "2027", db=db).returncode == 0
    due = ogi("due", "--on", "2027-01-04", "--json", db=db)
    assert due.returncode == 0, due.stderr
    assert json.loads(due.stdout)[0]["due"] == "2027-01-26"  # worked by hand in test_due.py
