"""`ogi office …`: the disclosure office's register on the command line — init, import, export, template, due,
report, holiday, setting, and every step of one application (add, correction, consult, extend, fee, fee-notice,
pay, reply, close, withdraw, show, list, lapse). Thin: parse arguments, call ogi.office, print."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.table import Table

from ogi.cli_zh import ZhCommand, ZhGroup, db_option, wide_consoles
from ogi.errors import OgiError
from ogi.render.forms import OutputForm  # light: typer reads it from the signature

if TYPE_CHECKING:  # the storage layer is imported by the commands that use it: `ogi --help` stays fast
    from sqlalchemy import Engine

    from ogi.office.ledger import LedgerImportError

__all__ = ["office_app"]

office_app = typer.Typer(cls=ZhGroup, help="依申请公开台账、办理期限与年度报告编制（数据库默认为 SQLite 文件，可用 OGI_DATABASE_URL 指定 PostgreSQL）。",
                         no_args_is_help=True, rich_markup_mode=None)
out, err = wide_consoles()

def _command(name: str):  # noqa: ANN202
    return office_app.command(name, cls=ZhCommand)


Db = Annotated[str | None, db_option()]
Actor = Annotated[str, typer.Option("--actor", help="操作人（记入审计记录）")]
AsJson = Annotated[bool, typer.Option("--json", help="以 JSON 输出")]


On = Annotated[str | None, typer.Option("--on", help="日期，如 2024-03-01（默认今天）", show_default=False)]
Ref = Annotated[str, typer.Argument(help="申请编号", metavar="编号", show_default=False)]
def _engine(db: str | None) -> Engine:
    """Return the (migrated) engine of a database, made once per process."""
    from ogi.storage.db import ready
    return ready(db)


def _fail(exc: OgiError) -> NoReturn:
    err.print(f"[red]失败[/red] {exc.message()}")
    raise typer.Exit(2) from exc


def _file_failed(exc: OSError) -> NoReturn:
    import errno

    why = {errno.ENOENT: "文件或目录不存在", errno.EACCES: "没有权限", errno.EISDIR: "这是一个目录",
           errno.ENOSPC: "磁盘空间不足"}.get(exc.errno or 0, exc.strerror or str(exc))
    err.print(f"[red]失败[/red] 无法打开或写入文件 {exc.filename or ''}（{why}）")
    raise typer.Exit(2) from exc


def _day(text: str | None, what: str = "日期") -> dt.date:
    """Given a date typed on the command line (or none: today), return it, or exit with a Chinese message."""
    if not text:
        return dt.date.today()
    from ogi.office.ledger import parse_date

    try:
        day = parse_date(text)
    except ValueError as exc:
        err.print(f"[red]{what}有误[/red]：{exc}")
        raise typer.Exit(2) from None
    assert day is not None
    return day


def _import_failed(exc: LedgerImportError, file: Path) -> NoReturn:
    err.print(f"[red]{exc.message_zh}[/red]（{file.name}）")
    for problem in exc.problems:
        err.print(f"  {problem}")
    raise typer.Exit(1) from exc


@_command("init")
def init_cmd(db: Db = None) -> None:
    """创建或升级台账数据库（Alembic 迁移）。"""
    from sqlalchemy.engine import make_url

    from ogi.storage.db import database_url
    _engine(db)
    out.print(f"数据库已就绪：{make_url(database_url(db)).render_as_string(hide_password=True)}")


def _warn(warnings: list) -> None:  # noqa: ANN001
    for w in warnings:
        err.print(f"[yellow]提示[/yellow] {w}")


@_command("import")
def import_cmd(file: Annotated[Path, typer.Argument(help="台账文件（XLSX 或 CSV）", show_default=False)],
               update: Annotated[bool, typer.Option("--update", help="编号已在台账中的行用于更正该申请（记入审计记录），而不是报错")] = False,
               db: Db = None, actor: Actor = "导入") -> None:
    """导入依申请公开台账；逐行校验，有任何错误则一条也不导入，并列出每处错误。"""
    from ogi.office.ledger import LedgerImportError, import_ledger
    from ogi.storage.db import session

    warnings: list = []
    try:
        with session(_engine(db), actor=actor) as s:
            apps = import_ledger(s, file, warnings=warnings, update=update)
    except LedgerImportError as exc:
        _warn(warnings)
        _import_failed(exc, file)
    except OgiError as exc:
        _fail(exc)
    except OSError as exc:
        _file_failed(exc)
    _warn(warnings)
    out.print(f"已导入 {len(apps)} 条申请记录" + ("（含更正）" if update else ""))


@_command("template")
def template_cmd(file: Annotated[Path, typer.Argument(help="输出文件，如 台账.xlsx 或 来源.xlsx", show_default=False)],
                 kind: Annotated[str | None, typer.Option("--kind", help="台账 或 来源（默认按文件名判断）")] = None) -> None:
    """生成待填写的空白工作簿：全部列、一行示例、“可选值”工作表（各编码列的可选值）。"""
    from ogi.office.templates import write_ledger_template, write_sources_template

    which = kind or ("来源" if "来源" in file.stem or "source" in file.stem.lower() else "台账")
    if which not in ("台账", "来源"):
        err.print("[red]--kind 应为 台账 或 来源[/red]")
        raise typer.Exit(2)
    try:
        (write_sources_template if which == "来源" else write_ledger_template)(file)
    except OSError as exc:
        _file_failed(exc)
    out.print(f"已生成{which}模板 {file}（第2行为示例，可选值见“可选值”工作表）")


@_command("export")
def export_cmd(file: Annotated[Path, typer.Argument(help="输出文件（.xlsx 或 .csv）", show_default=False)],
               db: Db = None) -> None:
    """导出依申请公开台账（XLSX 或 CSV，办公室常用列）。"""
    from sqlalchemy import select
    from sqlalchemy.orm import selectinload

    from ogi.office.ledger import export_ledger
    from ogi.office.records import Application
    from ogi.storage.db import session

    with session(_engine(db)) as s:
        apps = s.scalars(select(Application).options(selectinload(Application.events)).order_by(Application.ref))
        try:
            n = export_ledger(apps, file)
        except OSError as exc:
            _file_failed(exc)
    out.print(f"已导出 {n} 条记录到 {file}")


@_command("due")
def due_cmd(db: Db = None,
            within: Annotated[int | None, typer.Option(help="只列出已逾期或 N 个工作日内到期的申请")] = None,
            on: Annotated[str | None, typer.Option(help="以哪一天为准（默认今天，格式 2024-03-01）；该日以后收到的申请不列出")] = None,
            explain: Annotated[bool, typer.Option(help="列出每件答复期限的计算过程")] = False,
            output: Annotated[Path | None, typer.Option("-o", "--output", help="另存可打印的逾期清单（.xlsx 或 .pdf）")] = None,
            as_json: AsJson = False) -> None:
    """列出未办结申请的答复期限（工作日，含法定节假日与调休），逾期的排在最前。"""
    from ogi.office.due import due_items
    from ogi.office.vocab import CATEGORY_ZH
    from ogi.storage.db import session

    day = _day(on)
    try:
        with session(_engine(db)) as s:
            items = due_items(s, day, within)
    except OgiError as exc:
        _fail(exc)
    if output is not None:
        from ogi.office.due_list import write_due_list

        try:
            write_due_list(items, day, output)
        except OgiError as exc:
            _fail(exc)
        except OSError as exc:
            _file_failed(exc)
        err.print(f"已写入 {output}")
    if as_json:
        print(json.dumps([{"ref": i.ref, "received_on": i.received_on.isoformat(),
                           "applicant_category": i.applicant_category, "request": i.request,
                           "due": i.deadline.due.isoformat() if i.deadline.due else None,
                           "overdue": i.status.overdue, "remaining_workdays": i.status.remaining_workdays,
                           "status": i.status.text_zh, "steps": list(i.deadline.steps)} for i in items],
                         ensure_ascii=False, indent=2))
        return
    rows = [(i.ref, CATEGORY_ZH.get(i.applicant_category, i.applicant_category), i.request,
             i.received_on.isoformat(), i.deadline.due.isoformat() if i.deadline.due else "—", i.status.text_zh)
            for i in items]
    header = ("编号", "申请人类型", "申请内容", "收到日期", "答复期限", "状态")
    if not items:
        out.print("没有符合条件的未办结申请。")
    elif not out.is_terminal:  # redirected or piped: one whole line per application, tab-separated, never cut
        print(f"未办结申请（{day.isoformat()}）")
        print("\t".join(header))
        for i, row in zip(items, rows, strict=True):
            print("\t".join(row))
            if explain:
                print("\n".join(f"\t{step}" for step in i.deadline.steps))
    else:
        table = Table(*header, title=f"未办结申请（{day.isoformat()}）")
        for column in table.columns:
            column.overflow = "fold"  # wrapped, never cut with "…"
        for i, row in zip(items, rows, strict=True):
            table.add_row(*row, style="red" if i.status.overdue else "")
            if explain:
                table.add_row("", "", "", "", "", "\n".join(i.deadline.steps), style="dim")
        out.print(table)


@_command("report")
def report_cmd(year: Annotated[int, typer.Option("--year", help="报告年度")],
               agency: Annotated[str, typer.Option("--agency", help="机关名称，如 某某市科学技术局")],
               db: Db = None,
               date: Annotated[str | None, typer.Option("--date", help="落款日期（报告末尾写明机关名称和该日期），如 2025-01-20")] = None,
               to: Annotated[OutputForm | None, typer.Option("--to", help="同时输出为该格式")] = None,
               output: Annotated[Path | None, typer.Option("-o", "--output", help="输出文件")] = None,
               as_json: AsJson = False) -> None:
    """由台账编制年度报告：表二、表三、表四由记录计算，第一、六部分给出含实际数字的草稿；随后核对。"""
    from ogi.check import Severity, check
    from ogi.office.compile import compile_report
    from ogi.render import render
    from ogi.render.console import findings_view, report_view
    from ogi.storage.db import session

    signed = _day(date, "落款日期") if date else None
    with session(_engine(db)) as s:
        report = compile_report(s, year, agency=agency, signed_on=signed)
    findings = check(report)
    if to is not None:
        target = output or Path(f"{agency}{year}年政府信息公开工作年度报告.{to.value}")
        try:
            target.write_bytes(render(report, to))
        except OSError as exc:
            _file_failed(exc)
        err.print(f"已写入 {target}")
    if as_json:
        print(json.dumps({"report": report.model_dump(mode="json"),
                          "findings": [f.model_dump(mode="json") for f in findings]}, ensure_ascii=False, indent=2))
    else:
        out.print(report_view(report))
        out.print(findings_view(findings))
    if any(f.severity is Severity.ERROR for f in findings):
        raise typer.Exit(1)


@_command("holiday")
def holiday_cmd(day: Annotated[str | None, typer.Argument(help="日期，如 2027-02-08", show_default=False)] = None,
                workday: Annotated[bool | None, typer.Option("--workday/--holiday", help="调休上班日 / 放假日", show_default=False)] = None,
                complete: Annotated[int | None, typer.Option("--complete", help="确认该年的放假和调休日期已全部录入，如 2027", show_default=False)] = None,
                note: Annotated[str, typer.Option(help="说明，如 2027年春节")] = "",
                db: Db = None, actor: Actor = "管理员") -> None:
    """录入本机关的节假日或调休上班日（用于日历软件包尚未覆盖的年份）；录完一年后用 --complete 年份 确认，该年才计入工作日历。"""
    from sqlalchemy import select

    from ogi.office.records import HolidayOverride, HolidayYear
    from ogi.storage.db import session

    if day is None and complete is None:
        err.print("[red]请给出日期（如 ogi office holiday 2027-02-08 --holiday）或 --complete 年份[/red]")
        raise typer.Exit(2)
    with session(_engine(db), actor=actor) as s:
        if day is not None:
            if workday is None:
                err.print("[red]请用 --workday（调休上班）或 --holiday（放假）说明这一天[/red]")
                raise typer.Exit(2)
            d = _day(day)
            row = s.get(HolidayOverride, d)
            if row is None:
                s.add(HolidayOverride(day=d, is_workday=workday, note=note))
            else:
                row.is_workday, row.note = workday, note
            out.print(f"已录入 {d.isoformat()}：{'调休上班' if workday else '放假'}")
        if complete is not None:
            entered = [o for o in s.scalars(select(HolidayOverride)) if o.day.year == complete]
            if not entered:
                err.print(f"[red]尚未录入{complete}年的任何放假或调休日期，不能确认该年已录入完整[/red]")
                raise typer.Exit(2)
            if s.get(HolidayYear, complete) is None:
                s.add(HolidayYear(year=complete, note=note or f"已录入{len(entered)}天"))
            out.print(f"已确认{complete}年的放假和调休已录入完整（{len(entered)}天）；该年其余周一至周五按工作日计算")


@_command("setting")
def setting_cmd(key: Annotated[str | None, typer.Argument(help="设置项，如 fee_pause", show_default=False)] = None,
                value: Annotated[str | None, typer.Argument(help="on（开启）或 off（关闭）", show_default=False)] = None,
                db: Db = None, actor: Actor = "管理员") -> None:
    """查看或更改本机关的设置（如 fee_pause：收费通知至缴费期间是否不计入答复期限，默认关闭）。"""
    from ogi.office.settings import SETTINGS, SettingError, get_flag, set_flag
    from ogi.storage.db import session

    try:
        with session(_engine(db), actor=actor) as s:
            if key is not None and value is not None:
                set_flag(s, key, value)
            for k, setting in SETTINGS.items():
                if key is None or k == key:
                    out.print(f"{k}（{setting.title_zh}）：{'开启' if get_flag(s, k) else '关闭'}。{setting.help_zh}")
            if key is not None and key not in SETTINGS:
                raise SettingError(None, f"没有设置项“{key}”，可用：{'、'.join(SETTINGS)}")
    except OgiError as exc:
        _fail(exc)


@_command("import-sources")
def import_sources_cmd(file: Annotated[Path, typer.Argument(help="XLSX：主动公开、规章和规范性文件、处理决定、行政事业性收费、复议诉讼 各一张工作表", show_default=False)],
                       db: Db = None, actor: Actor = "导入") -> None:
    """导入表二、表四的其他来源（主动公开信息、规范性文件、处理决定数、收费金额、复议诉讼案件）；全部校验通过才导入。"""
    from ogi.office.ledger import LedgerImportError
    from ogi.office.sources import import_sources
    from ogi.storage.db import session

    warnings: list = []
    try:
        with session(_engine(db), actor=actor) as s:
            counts = import_sources(s, file, warnings=warnings)
    except LedgerImportError as exc:
        _warn(warnings)
        _import_failed(exc, file)
    except OSError as exc:
        _file_failed(exc)
    _warn(warnings)
    out.print("已导入：" + "，".join(f"{k} {v} 条" for k, v in counts.items()))


# ------------------------------------------------------------------------------------------------------------
# One application, step by step (ogi.office.lifecycle and ogi.office.actions do the work)

def _step(db: str | None, actor: str, ref: str, do: Callable[..., str]) -> None:
    """Find the application, run one step on it in an audited session, print what was recorded."""
    from ogi.office.lifecycle import find
    from ogi.storage.db import session

    try:
        with session(_engine(db), actor=actor) as s:
            message = do(s, find(s, ref))
    except OgiError as exc:
        _fail(exc)
    out.print(f"{ref}：{message}")


def _said(_recorded: object, message: str) -> str:
    """Return the message once the step (evaluated first, as the first argument) has been recorded."""
    return message


def _ask(value: str | None, prompt: str, default: str | None = None) -> str:
    """Return a flag's value, or ask for it in Chinese when it was not given."""
    if value is not None:
        return value

    try:
        return typer.prompt(prompt, default=default, show_default=default is not None)
    except typer.Abort:
        err.print(f"\n[red]未填写“{prompt}”，未登记[/red]（可用选项给出，如 ogi office add --help 所列）")
        raise typer.Exit(2) from None


@_command("add")
def add_cmd(ref: Annotated[str | None, typer.Option("--ref", help="编号")] = None,
            category: Annotated[str | None, typer.Option("--category", help="申请人类型：自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他")] = None,
            name: Annotated[str | None, typer.Option("--name", help="申请人姓名或名称")] = None,
            channel: Annotated[str | None, typer.Option("--channel", help="申请方式：当面、邮寄、网络、传真、电子邮件、其他")] = None,
            received: Annotated[str | None, typer.Option("--received", help="收到申请日期（条例第三十一条），如 2024-03-01")] = None,
            request: Annotated[str | None, typer.Option("--request", help="申请公开的政府信息（名称、文号或特征描述）")] = None,
            form: Annotated[str, typer.Option("--form", help="获取信息的方式、途径")] = "",
            contact: Annotated[str, typer.Option("--contact", help="联系方式")] = "",
            id_document: Annotated[str, typer.Option("--id-document", help="身份证明（证件号码）")] = "",
            db: Db = None, actor: Actor = "办公室") -> None:
    """登记一件政府信息公开申请；未给出的项目在终端中逐项询问。"""
    from ogi.office.lifecycle import add_application
    from ogi.storage.db import session

    values = {"ref": _ask(ref, "编号"), "applicant_category": _ask(category, "申请人类型", "自然人"),
              "applicant_name": _ask(name, "申请人姓名或名称"), "channel": _ask(channel, "申请方式", "网络")}
    day = _day(_ask(received, "收到申请日期", dt.date.today().isoformat()), "收到申请日期")
    text = _ask(request, "申请内容", "")
    try:
        with session(_engine(db), actor=actor) as s:
            app = add_application(s, received_on=day, request=text, form=form, contact=contact,
                                  id_document=id_document, **values)
            _ = app.ref
    except OgiError as exc:
        _fail(exc)
    out.print(f"已登记 {values['ref']}（{day.isoformat()}收到）")


@_command("correction")
def correction_cmd(ref: Ref, on: On = None,
                   period: Annotated[int, typer.Option("--period", help="补正告知书给出的补正期限（工作日）")] = 15,
                   db: Db = None, actor: Actor = "办公室") -> None:
    """记录发出补正告知书及其补正期限（条例第三十条：收到申请之日起7个工作日内一次性告知）。"""
    from ogi.office.actions import correction_period_end
    from ogi.office.deadlines import zh_date
    from ogi.office.due import calendar_for
    from ogi.office.lifecycle import request_correction

    def do(s, app):  # noqa: ANN001, ANN202
        e = request_correction(app, _day(on), workdays=period, actor=actor)
        default = "（默认）" if period == 15 else ""
        return f"已记录补正告知，补正期限{period}个工作日{default}，至{zh_date(correction_period_end(e, calendar_for(s)))}"

    _step(db, actor, ref, do)


@_command("correction-received")
def correction_received_cmd(ref: Ref, on: On = None, db: Db = None, actor: Actor = "办公室") -> None:
    """记录收到补正后的申请；答复期限自该日重新计算（条例第三十条）。"""
    from ogi.office.lifecycle import receive_correction

    _step(db, actor, ref, lambda s, app: _said(receive_correction(app, _day(on)), "已记录收到补正"))


@_command("consult")
def consult_cmd(ref: Ref, on: On = None,
                party: Annotated[str, typer.Option("--party", help="第三方 或 其他机关")] = "第三方",
                note: Annotated[str, typer.Option("--note", help="征求谁的意见、事由")] = "",
                db: Db = None, actor: Actor = "办公室") -> None:
    """记录书面征求第三方（条例第三十二条）或其他机关（第三十四条）意见；所需时间不计入答复期限。"""
    from ogi.office.lifecycle import consult

    key = {"第三方": "third_party", "其他机关": "agency"}.get(party, party)
    _step(db, actor, ref, lambda s, app: _said(consult(app, _day(on), party=key, note=note), "已记录征求意见"))


@_command("consult-answer")
def consult_answer_cmd(ref: Ref, on: On = None, db: Db = None, actor: Actor = "办公室") -> None:
    """记录收到第三方或其他机关的意见。"""
    from ogi.office.lifecycle import answer_consultation

    _step(db, actor, ref, lambda s, app: _said(answer_consultation(app, _day(on)), "已记录收到意见"))


@_command("extend")
def extend_cmd(ref: Ref, days: Annotated[int, typer.Option("--days", help="延长的工作日数（最多20）")],
               approver: Annotated[str, typer.Option("--approver", help="批准人（政府信息公开工作机构负责人）")],
               on: On = None, db: Db = None, actor: Actor = "办公室") -> None:
    """记录经批准延长答复期限（条例第三十三条第二款：最长20个工作日）。"""
    from ogi.office.lifecycle import extend

    _step(db, actor, ref, lambda s, app: _said(extend(app, _day(on), workdays=days, approver=approver),
                                          f"已记录延长{days}个工作日（经{approver}批准）"))


By = Annotated[str, typer.Option("--by", help="piece（按件）或 volume（按量）；同一申请只能选一种（国办函〔2020〕109号第三条）")]
Pages = Annotated[int | None, typer.Option("--pages", help="按量收费的页数")]


@_command("fee")
def fee_cmd(ref: Ref, by: By = "piece", pages: Pages = None, db: Db = None) -> None:
    """按国办函〔2020〕109号计算信息处理费（按件或按量，超额累进）并显示；不记录。发出通知用 fee-notice。"""
    from ogi.office.actions import quote_fee

    def do(s, app):  # noqa: ANN001, ANN202
        q = quote_fee(s, app, {"按件": "piece", "按量": "volume"}.get(by, by), pages)
        if q.amount <= 0:
            return f"{q.basis}，应收 0 元：无需缴费，不发收费通知"
        return (f"{q.basis}，应收 {q.amount} 元（仅计算，未记录）。发出收费通知请运行："
                f"ogi office fee-notice {ref} --on 送达日期 --by {q.method}" + (f" --pages {pages}" if pages else ""))

    _step(db, "办公室", ref, do)


@_command("fee-notice")
def fee_notice_cmd(ref: Ref, on: On = None, by: By = "piece", pages: Pages = None,
                   db: Db = None, actor: Actor = "办公室") -> None:
    """记录送达收费通知（金额由 ogi 计算；0元不发通知，一件申请只发一份，答复后不能再发）。"""
    from ogi.office.actions import issue_fee_notice
    from ogi.office.deadlines import zh_date
    from ogi.office.due import calendar_for

    def do(s, app):  # noqa: ANN001, ANN202
        n = issue_fee_notice(s, app, _day(on), {"按件": "piece", "按量": "volume"}.get(by, by), pages,
                             calendar_for(s), actor=actor)
        return f"已记录收费通知：{n.basis}，应收 {n.amount} 元，缴费期限 {zh_date(n.pay_by)}"

    _step(db, actor, ref, do)


@_command("fee-withdraw")
def fee_withdraw_cmd(ref: Ref, reason: Annotated[str, typer.Option("--reason", help="撤回原因")],
                     db: Db = None, actor: Actor = "办公室") -> None:
    """撤回有误的收费通知（保留记录并注明原因，不计入任何统计）。"""
    from ogi.office.actions import withdraw_fee_notice

    _step(db, actor, ref, lambda s, app: f"已撤回{withdraw_fee_notice(app, reason).on.isoformat()}的收费通知")


@_command("pay")
def pay_cmd(ref: Ref, on: On = None,
            amount: Annotated[int | None, typer.Option("--amount", help="实缴金额（元，默认为通知金额）")] = None,
            db: Db = None, actor: Actor = "办公室") -> None:
    """记录申请人缴纳信息处理费（金额计入年度报告第六部分）。"""
    from ogi.office.actions import record_payment

    _step(db, actor, ref, lambda s, app: f"已记录缴费 {record_payment(app, _day(on), amount, actor).amount} 元")


@_command("unpaid")
def unpaid_cmd(ref: Ref, on: On = None, db: Db = None, actor: Actor = "办公室") -> None:
    """缴费期限届满仍未缴费的，按表三（六）2 办结；办结日期为缴费期限届满之日。"""
    from ogi.office.due import calendar_for
    from ogi.office.lifecycle import close

    def do(s, app):  # noqa: ANN001, ANN202
        e = close(app, _day(on), outcome="other_unpaid_fee", calendar=calendar_for(s))
        return f"已按逾期未缴费办结（{e.on.isoformat()}）"

    _step(db, actor, ref, do)


Outcome = Annotated[str, typer.Option("--outcome", help="办理结果，如 予以公开、不予公开：国家秘密、无法提供：本机关不掌握")]


@_command("reply")
def reply_cmd(ref: Ref, outcome: Outcome, basis: Annotated[str, typer.Option("--basis", help="答复依据，如 条例第三十六条第（二）项")],
              on: On = None, db: Db = None, actor: Actor = "办公室") -> None:
    """记录答复及其办理结果（表三的一行）和法律依据。"""
    from ogi.office.lifecycle import reply
    from ogi.office.vocab import outcome_label

    _step(db, actor, ref, lambda s, app: _said(reply(app, _day(on), outcome=outcome, basis=basis, actor=actor),
                                          f"已记录答复：{outcome_label(app.outcome)}"))


@_command("close")
def close_cmd(ref: Ref, outcome: Outcome, basis: Annotated[str, typer.Option("--basis", help="办结依据或说明")] = "",
              on: On = None, db: Db = None, actor: Actor = "办公室") -> None:
    """不经答复办结（表三（六）其他处理）；逾期不补正、逾期未缴费以期限届满之日为办结日期。"""
    from ogi.office.due import calendar_for
    from ogi.office.lifecycle import close
    from ogi.office.vocab import outcome_label

    def do(s, app):  # noqa: ANN001, ANN202
        e = close(app, _day(on), outcome=outcome, basis=basis, calendar=calendar_for(s))
        return f"已办结（{e.on.isoformat()}）：{outcome_label(app.outcome)}"

    _step(db, actor, ref, do)


@_command("withdraw")
def withdraw_cmd(ref: Ref, reason: Annotated[str, typer.Option("--reason", help="撤销原因，如 重复录入")],
                 db: Db = None, actor: Actor = "办公室") -> None:
    """撤销误录的申请（保留记录并注明原因，不计入任何统计）。"""
    from ogi.office.lifecycle import withdraw

    _step(db, actor, ref, lambda s, app: _said(withdraw(app, reason), f"已撤销（{reason}）"))


@_command("show")
def show_cmd(ref: Ref, on: On = None, db: Db = None) -> None:
    """显示一件申请的办理过程、状态和答复期限（附计算过程）。"""
    from ogi.office.due import calendar_for, deadline_of
    from ogi.office.lifecycle import STATUS_ZH, find, status_of, timeline
    from ogi.office.settings import get_flag
    from ogi.office.vocab import CATEGORY_ZH
    from ogi.storage.db import session

    day = _day(on)
    try:
        with session(_engine(db)) as s:
            app, cal = find(s, ref), calendar_for(s)
            lines = timeline(app, cal)
            status = status_of(app)
            deadline = deadline_of(app, cal, pause_fees=get_flag(s, "fee_pause")) if status != "withdrawn" else None
            head = (f"{app.ref}　{CATEGORY_ZH.get(app.applicant_category, app.applicant_category)}　"
                    f"{app.request or '（未填写申请内容）'}　状态：{STATUS_ZH[status]}")
            if app.withdrawn_reason:
                head += f"（{app.withdrawn_reason}）"
    except OgiError as exc:
        _fail(exc)
    out.print(head)
    for line in lines:
        out.print(f"  {line.on.isoformat()}  {line.text}")
    if deadline is not None and status != "closed":
        out.print(f"答复期限：{deadline.due.isoformat() if deadline.due else '尚未起算'}；{deadline.status_on(day).text_zh}")
        for step in deadline.steps:
            out.print(f"    {step}")


@_command("list")
def list_cmd(status: Annotated[str | None, typer.Option("--status", help="办理中、待补正、征求意见中、待缴费、已办结、已撤销（默认全部）")] = None,
             db: Db = None) -> None:
    """按状态列出申请。"""
    from ogi.office.lifecycle import STATUS_ZH, list_applications, status_of
    from ogi.office.vocab import CATEGORY_ZH, outcome_label
    from ogi.storage.db import session

    try:
        with session(_engine(db)) as s:
            rows = [(a.ref, CATEGORY_ZH.get(a.applicant_category, ""), a.request, a.received_on.isoformat(),
                     STATUS_ZH[status_of(a)], outcome_label(a.outcome) if a.outcome else "")
                    for a in list_applications(s, status)]
    except OgiError as exc:
        _fail(exc)
    table = Table("编号", "申请人类型", "申请内容", "收到日期", "状态", "办理结果", title=f"申请（{status or '全部'}，共{len(rows)}件）")
    for r in rows:
        table.add_row(*r)
    out.print(table if rows else "没有符合条件的申请。")


@_command("lapse")
def lapse_cmd(on: On = None,
              dry_run: Annotated[bool, typer.Option("--dry-run", help="只列出将办结的申请，不作更改")] = False,
              db: Db = None, actor: Actor = "办公室") -> None:
    """办结逾期不补正（表三（六）1）和逾期未缴费（表三（六）2）的申请；办结日期为补正或缴费期限届满之日。"""
    from ogi.office.actions import lapse
    from ogi.office.due import calendar_for
    from ogi.storage.db import session

    day = _day(on)
    try:
        with session(_engine(db), actor=actor) as s:
            found = lapse(s, day, calendar_for(s), dry_run=dry_run)
            lines = [f"{i.ref}：{i.basis}（期限{i.closed_on.isoformat()}届满，以该日为办结日期）" for i in found]
    except OgiError as exc:
        _fail(exc)
    for line in lines:
        out.print(line)
    out.print(f"{'将办结' if dry_run else '共办结'} {len(lines)} 件" + ("（预览，未作更改）" if dry_run else ""))


@_command("checklist")
def checklist_cmd(year: Annotated[int, typer.Option("--year", help="报告年度")], db: Db = None,
                  as_json: AsJson = False) -> None:
    """年度报告的年终核对清单：结转下年度的申请及其答复期限（期限在次年1月的标出）、尚未编写的第一、五、六部分、核查发现的错误和警告。"""
    from ogi.office.annual import checklist
    from ogi.storage.db import session

    try:
        with session(_engine(db)) as s:
            found = checklist(s, year)
    except OgiError as exc:
        _fail(exc)
    items = [{"ref": i.ref, "received_on": i.received_on.isoformat(), "due": i.due.isoformat() if i.due else None,
              "due_in_january": i.due_in_january(year)} for i in found.carry_over]
    if as_json:
        out.print_json(data={"year": year, "carry_over": items, "calendar_error": found.calendar_error or None,
                             "unedited": found.unedited, "findings": [f.rule_id for f in found.findings]})
        return
    out.print(f"结转{year + 1}年继续办理的申请：{len(items)}件")
    for i in items:
        mark = f"（{year + 1}年1月）" if i["due_in_january"] else ""
        out.print(f"  {i['ref']}  收到 {i['received_on']}  答复期限 {i['due'] or '待补正后起算'}{mark}")
    if found.calendar_error:
        err.print(f"[red]{found.calendar_error}[/red]")
    out.print(f"尚未编写的部分：{'、'.join(found.unedited) or '无'}")
    out.print(f"核查发现的错误和警告：{len(found.findings)}条")
    for f in found.findings:
        out.print(f"  [{f.severity.label}] {f.title}")


import ogi.cli_notices  # noqa: E402, F401 - adds `notice` and `notice-template` to office_app
