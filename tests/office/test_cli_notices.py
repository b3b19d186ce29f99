"""`ogi office notice` and `ogi office notice-template` run as real processes on a SQLite register."""

from __future__ import annotations

import io
from pathlib import Path

import docx

from .test_cli_office import ogi


def test_notice_and_templates_on_the_command_line(tmp_path: Path) -> None:
    db = tmp_path / "office.db"
    assert ogi("add", "--ref", "C-1", "--category", "自然人", "--name", "孙七", "--channel", "当面",
               "--received", "2025-01-20", "--request", "某文件", db=db).returncode == 0
    assert ogi("notice-template", "agency", "某区教育局", db=db).returncode == 0
    refused = ogi("notice", "C-1", "--kind", "correction", db=db)
    assert refused.returncode == 2 and "不适用" in refused.stderr
    assert ogi("extend", "C-1", "--on", "2025-02-20", "--days", "10", "--approver", "钱主任", db=db).returncode == 0
    listed = ogi("notice", "C-1", db=db)
    assert "extension（延期答复告知书）" in listed.stdout
    out = tmp_path / "延期.docx"
    made = ogi("notice", "C-1", "--kind", "延期答复告知书", "--out", out, db=db)
    assert made.returncode == 0, made.stderr
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(out.read_bytes())).paragraphs)
    # due 2025-02-21 (20 working days across 春节), +10: 2/24–2/28, 3/3–3/7 → 2025年3月7日
    assert "第三十三条第二款" in text and "延长10个工作日" in text and "2025年3月7日前作出答复" in text
    assert text.endswith("某区教育局\n2025年2月20日")
    assert "已留存 #1 延期答复告知书 2025-02-20" in ogi("notice", "C-1", db=db).stdout

    body = tmp_path / "ext.txt"
    body.write_text("延期告知\n{申请人}：延至{答复期限}。\n", encoding="utf-8")
    assert ogi("notice-template", "set", "extension", body, db=db).returncode == 0
    assert "本机关模板" in ogi("notice-template", "list", db=db).stdout.split("\n")[1]
    assert ogi("notice-template", "show", "extension", db=db).stdout == "延期告知\n{申请人}：延至{答复期限}。\n"
    body.write_text("延期告知\n{手机号}\n", encoding="utf-8")
    bad = ogi("notice-template", "set", "extension", body, db=db)
    assert bad.returncode == 2 and "{手机号}" in bad.stderr
    assert ogi("notice-template", "reset", "extension", db=db).returncode == 0
    assert ogi("notice-template", "show", "extension", db=db).stdout.startswith("政府信息公开申请延期答复告知书\n")
