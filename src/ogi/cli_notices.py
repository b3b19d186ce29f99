"""`ogi office notice` and `ogi office notice-template …`: the office's written notices on the command line.
Thin: parse arguments, call ogi.office.notices, print. Registered by ogi.cli_office (one import at its end)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ogi.cli_office import Actor, Db, On, Ref, _day, _engine, _fail, _file_failed, err, office_app, out
from ogi.cli_zh import ZhCommand, ZhGroup
from ogi.errors import OgiError

__all__ = ["template_app"]

template_app = typer.Typer(cls=ZhGroup, help="书面告知文书的模板：列出、查看、修改、恢复默认，以及文书所署的机关名称。",
                           no_args_is_help=True, rich_markup_mode=None)
office_app.add_typer(template_app, name="notice-template")
Kind = Annotated[str, typer.Argument(help="文书种类（英文代号或中文名称，见 ogi office notice-template list）",
                                     metavar="种类", show_default=False)]


@office_app.command("notice", cls=ZhCommand)
def notice_cmd(ref: Ref, kind: Annotated[str, typer.Option("--kind", help="文书种类：correction（补正告知书）、extension、"
                                                                        "consultation、fee、disclosed 等；不写则列出该申请适用的种类")] = "",
               out_file: Annotated[Path | None, typer.Option("--out", help="DOCX 输出文件（默认：编号-文书名称.docx）")] = None,
               on: On = None, db: Db = None, actor: Actor = "办公室") -> None:
    """生成一件申请的书面告知文书（DOCX），并随申请留存；只能生成该申请当前办理情况适用的文书。"""
    from ogi.office.lifecycle import find
    from ogi.office.notices import fitting_kinds, issue_notice, notices_of
    from ogi.storage.db import session

    try:
        with session(_engine(db), actor=actor) as s:
            app = find(s, ref)
            if not kind:
                fitting = fitting_kinds(app)
                out.print(f"{ref} 适用的文书：" + ("、".join(f"{k.key}（{k.name_zh}）" for k in fitting) or "无"))
                for n in notices_of(s, app):
                    out.print(f"  已留存 #{n.id} {n.title} {n.dated.isoformat()}（{n.issued_by}）")
                return
            notice = issue_notice(s, app, kind, by=actor, on=_day(on) if on else None)
            data, title, notice_id = notice.docx, notice.title, notice.id
    except OgiError as exc:
        _fail(exc)
    target = out_file or Path(f"{ref}-{title}.docx")
    try:
        target.write_bytes(data)
    except OSError as exc:
        _file_failed(exc)
    out.print(f"已生成并留存{title}（#{notice_id}）：{target}")


@template_app.command("list", cls=ZhCommand)
def list_cmd(db: Db = None) -> None:
    """列出全部文书种类、所引条例条款，以及是否使用本机关修改过的模板。"""
    from ogi.office.notices import template_rows
    from ogi.storage.db import session

    with session(_engine(db)) as s:
        rows = template_rows(s)
    for r in rows:
        own = f"本机关模板（{r.changed_by}修改）" if r.own else "默认模板"
        out.print(f"{r.kind.key}\t{r.kind.name_zh}\t{own}\t{r.kind.basis or '依据为办结时登记的依据'}")


@template_app.command("show", cls=ZhCommand)
def show_cmd(kind: Kind, default: Annotated[bool, typer.Option("--default", help="显示默认模板")] = False,
             db: Db = None) -> None:
    """显示一种文书的模板正文（可用字段见 ogi office notice-template fields）。"""
    from ogi.office.notices import default_template, template_of
    from ogi.storage.db import session

    try:
        if default:
            text = default_template(kind)
        else:
            with session(_engine(db)) as s:
                text = template_of(s, kind)
    except OgiError as exc:
        _fail(exc)
    sys.stdout.write(text)


@template_app.command("set", cls=ZhCommand)
def set_cmd(kind: Kind, file: Annotated[Path, typer.Argument(help="模板文件（UTF-8 纯文本；- 为标准输入）", show_default=False)],
            db: Db = None, actor: Actor = "办公室") -> None:
    """以文件内容替换一种文书的模板：第一行为标题，“---”之后为落款，{字段} 替换为申请的内容。"""
    from ogi.office.notices import set_template
    from ogi.storage.db import session

    try:
        body = sys.stdin.read() if str(file) == "-" else file.read_text(encoding="utf-8")
    except OSError as exc:
        _file_failed(exc)
    except UnicodeDecodeError:
        err.print(f"[red]失败[/red] {file} 不是 UTF-8 编码的文本文件")
        raise typer.Exit(2) from None
    try:
        with session(_engine(db), actor=actor) as s:
            set_template(s, kind, body, actor)
    except OgiError as exc:
        _fail(exc)
    out.print(f"已保存“{kind}”的本机关模板")


@template_app.command("reset", cls=ZhCommand)
def reset_cmd(kind: Kind, db: Db = None, actor: Actor = "办公室") -> None:
    """恢复一种文书的默认模板（修改记录保留在审计日志中）。"""
    from ogi.office.notices import reset_template
    from ogi.storage.db import session

    try:
        with session(_engine(db), actor=actor) as s:
            reset_template(s, kind, actor)
    except OgiError as exc:
        _fail(exc)
    out.print(f"“{kind}”已恢复为默认模板")


@template_app.command("fields", cls=ZhCommand)
def fields_cmd() -> None:
    """列出模板中可用的 {字段}。"""
    from ogi.office.notices import FIELDS

    for name, help_zh in FIELDS.items():
        out.print(f"{{{name}}}\t{help_zh}")


@template_app.command("agency", cls=ZhCommand)
def agency_cmd(name: Annotated[str | None, typer.Argument(help="机关名称，如 某市某局", show_default=False)] = None,
               db: Db = None, actor: Actor = "管理员") -> None:
    """查看或设置文书所署的机关名称（设置项 agency_name）。"""
    from ogi.office.notices import agency_name, set_agency_name
    from ogi.storage.db import session

    try:
        with session(_engine(db), actor=actor) as s:
            if name is not None:
                set_agency_name(s, name)
            current = agency_name(s)
    except OgiError as exc:
        _fail(exc)
    out.print(f"机关名称：{current or '（未设置，文书中留空）'}")
