"""`ogi office …`: the disclosure office's register on the command line (init, import, export, due, report,
holiday). Thin: parse arguments, call ogi.office, print."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy import select
from sqlalchemy.engine import make_url

from ogi.check import Severity, check
from ogi.errors import OgiError
from ogi.office.db import connect, database_url, migrate, session
from ogi.office.ledger import LedgerImportError
from ogi.office.records import Application, HolidayOverride
from ogi.render import OutputForm, render
from ogi.render.console import findings_view, report_view

__all__ = ["office_app"]

office_app = typer.Typer(help="依申请公开台账、办理期限与年度报告编制（数据库默认为 SQLite 文件，可用 OGI_DATABASE_URL 指定 PostgreSQL）。",
                         no_args_is_help=True, rich_markup_mode=None)
out = Console()
err = Console(stderr=True)

Db = Annotated[str | None, typer.Option("--db", help="数据库地址（默认取 OGI_DATABASE_URL，否则 sqlite:///ogi-office.db）")]
Actor = Annotated[str, typer.Option("--actor", help="操作人（记入审计记录）")]
AsJson = Annotated[bool, typer.Option("--json", help="以 JSON 输出")]


def _engine(db: str | None):  # noqa: ANN202
    engine = connect(db)
    migrate(engine)
    return engine


def _fail(exc: OgiError) -> NoReturn:
    err.print(f"[red]失败[/red] {exc.message()}")
    raise typer.Exit(2) from exc


def _import_failed(exc: LedgerImportError, file: Path) -> NoReturn:
    err.print(f"[red]{exc.message_zh}[/red]（{file.name}）")
    for problem in exc.problems:
        err.print(f"  {problem}")
    raise typer.Exit(1) from exc


@office_app.command("init")
def init_cmd(db: Db = None) -> None:
    """创建或升级台账数据库（Alembic 迁移）。"""
    _engine(db)
    out.print(f"数据库已就绪：{make_url(database_url(db)).render_as_string(hide_password=True)}")


@office_app.command("import")
def import_cmd(file: Annotated[Path, typer.Argument(help="台账文件（XLSX 或 CSV）", show_default=False)],
               db: Db = None, actor: Actor = "导入") -> None:
    """导入依申请公开台账；逐行校验，有任何错误则一条也不导入，并列出每处错误。"""
    from ogi.office.ledger import import_ledger

    try:
        with session(_engine(db), actor=actor) as s:
            apps = import_ledger(s, file)
    except LedgerImportError as exc:
        _import_failed(exc, file)
    out.print(f"已导入 {len(apps)} 条申请记录")


@office_app.command("export")
def export_cmd(file: Annotated[Path, typer.Argument(help="输出文件（.xlsx 或 .csv）", show_default=False)],
               db: Db = None) -> None:
    """导出依申请公开台账（XLSX 或 CSV，办公室常用列）。"""
    from sqlalchemy.orm import selectinload

    from ogi.office.ledger import export_ledger

    with session(_engine(db)) as s:
        apps = s.scalars(select(Application).options(selectinload(Application.events)).order_by(Application.ref))
        n = export_ledger(apps, file)
    out.print(f"已导出 {n} 条记录到 {file}")


@office_app.command("due")
def due_cmd(db: Db = None,
            within: Annotated[int | None, typer.Option(help="只列出已逾期或 N 个工作日内到期的申请")] = None,
            on: Annotated[str | None, typer.Option(help="以哪一天为准（默认今天，格式 2024-03-01）")] = None,
            explain: Annotated[bool, typer.Option(help="列出每件答复期限的计算过程")] = False,
            as_json: AsJson = False) -> None:
    """列出未办结申请的答复期限（工作日，含法定节假日与调休），逾期的排在最前。"""
    from ogi.office.due import due_items

    day = dt.date.fromisoformat(on) if on else dt.date.today()
    try:
        with session(_engine(db)) as s:
            items = due_items(s, day, within)
    except OgiError as exc:
        _fail(exc)
    if as_json:
        print(json.dumps([{"ref": i.ref, "received_on": i.received_on.isoformat(),
                           "due": i.deadline.due.isoformat() if i.deadline.due else None,
                           "overdue": i.status.overdue, "remaining_workdays": i.status.remaining_workdays,
                           "status": i.status.text_zh, "steps": list(i.deadline.steps)} for i in items],
                         ensure_ascii=False, indent=2))
        return
    table = Table("编号", "收到日期", "答复期限", "状态", title=f"未办结申请（{day.isoformat()}）")
    for i in items:
        style = "red" if i.status.overdue else ""
        table.add_row(i.ref, i.received_on.isoformat(), i.deadline.due.isoformat() if i.deadline.due else "—",
                      i.status.text_zh, style=style)
        if explain:
            table.add_row("", "", "", "\n".join(i.deadline.steps), style="dim")
    out.print(table if items else "没有符合条件的未办结申请。")


@office_app.command("report")
def report_cmd(year: Annotated[int, typer.Option("--year", help="报告年度")],
               agency: Annotated[str, typer.Option("--agency", help="机关名称，如 某某市科学技术局")],
               db: Db = None,
               to: Annotated[OutputForm | None, typer.Option("--to", help="同时输出为该格式")] = None,
               output: Annotated[Path | None, typer.Option("-o", "--output", help="输出文件")] = None,
               as_json: AsJson = False) -> None:
    """由台账编制年度报告：表二、表三、表四由记录计算，第一、六部分给出含实际数字的草稿；随后核对。"""
    from ogi.office.compile import compile_report

    with session(_engine(db)) as s:
        report = compile_report(s, year, agency=agency)
    findings = check(report)
    if to is not None:
        target = output or Path(f"{agency}{year}年政府信息公开工作年度报告.{to.value}")
        target.write_bytes(render(report, to))
        err.print(f"已写入 {target}")
    if as_json:
        print(json.dumps({"report": report.model_dump(mode="json"),
                          "findings": [f.model_dump(mode="json") for f in findings]}, ensure_ascii=False, indent=2))
    else:
        out.print(report_view(report))
        out.print(findings_view(findings))
    if any(f.severity is Severity.ERROR for f in findings):
        raise typer.Exit(1)


@office_app.command("holiday")
def holiday_cmd(day: Annotated[str, typer.Argument(help="日期，如 2027-02-08", show_default=False)],
                workday: Annotated[bool, typer.Option("--workday/--holiday", help="调休上班日 / 放假日")],
                note: Annotated[str, typer.Option(help="说明，如 2027年春节")] = "",
                db: Db = None, actor: Actor = "管理员") -> None:
    """录入本机关的节假日或调休上班日（用于日历软件包尚未覆盖的年份）。"""
    d = dt.date.fromisoformat(day)
    with session(_engine(db), actor=actor) as s:
        row = s.get(HolidayOverride, d)
        if row is None:
            s.add(HolidayOverride(day=d, is_workday=workday, note=note))
        else:
            row.is_workday, row.note = workday, note
    out.print(f"已录入 {d.isoformat()}：{'调休上班' if workday else '放假'}")


@office_app.command("fee")
def fee_cmd(ref: Annotated[str, typer.Argument(help="申请编号", show_default=False)],
            on: Annotated[str, typer.Option(help="收费通知送达日期，如 2024-06-03")],
            by: Annotated[str, typer.Option("--by", help="piece（按件）或 volume（按量）")] = "piece",
            pages: Annotated[int | None, typer.Option(help="按量收费的页数")] = None,
            db: Db = None, actor: Actor = "办公室") -> None:
    """按国办函〔2020〕109号计算信息处理费并记录收费通知（按件或按量，超额累进），给出缴费期限。"""
    from ogi.office.actions import issue_fee_notice
    from ogi.office.deadlines import zh_date

    if by not in ("piece", "volume"):
        err.print("[red]--by 只能是 piece（按件）或 volume（按量）[/red]")
        raise typer.Exit(2)
    with session(_engine(db), actor=actor) as s:
        app = s.scalars(select(Application).where(Application.ref == ref)).first()
        if app is None:
            err.print(f"[red]台账中没有编号为 {ref} 的申请[/red]")
            raise typer.Exit(2)
        try:
            notice = issue_fee_notice(s, app, dt.date.fromisoformat(on), by, pages)  # type: ignore[arg-type]
        except ValueError as exc:
            err.print(f"[red]{exc}[/red]")
            raise typer.Exit(2) from exc
    out.print(f"{ref}：{notice.basis}，应收 {notice.amount} 元，缴费期限 {zh_date(notice.pay_by)}")


@office_app.command("lapse")
def lapse_cmd(on: Annotated[str | None, typer.Option(help="以哪一天为准（默认今天）")] = None,
              db: Db = None, actor: Actor = "办公室") -> None:
    """办结逾期不补正（表三（六）1）和逾期未缴费（表三（六）2）的申请。"""
    from ogi.office.actions import lapse
    from ogi.office.due import calendar_for

    day = dt.date.fromisoformat(on) if on else dt.date.today()
    with session(_engine(db), actor=actor) as s:
        closed = lapse(s, day, calendar_for(s))
        for app in closed:
            out.print(f"{app.ref}：{app.outcome_basis}")
    out.print(f"共办结 {len(closed)} 件")


@office_app.command("import-sources")
def import_sources_cmd(file: Annotated[Path, typer.Argument(help="XLSX：主动公开、规章和规范性文件、处理决定、行政事业性收费、复议诉讼 各一张工作表", show_default=False)],
                       db: Db = None, actor: Actor = "导入") -> None:
    """导入表二、表四的其他来源（主动公开信息、规范性文件、处理决定数、收费金额、复议诉讼案件）；全部校验通过才导入。"""
    from ogi.office.sources import import_sources

    try:
        with session(_engine(db), actor=actor) as s:
            counts = import_sources(s, file)
    except LedgerImportError as exc:
        _import_failed(exc, file)
    out.print("已导入：" + "，".join(f"{k} {v} 条" for k, v in counts.items()))
