"""`ogi serve` and `ogi user …`: the web application on the command line — start it, and manage its users
(add, password, API token, list). Thin: parse arguments, call ogi.web, print. FastAPI and uvicorn are imported
inside the commands, so `ogi --help` stays fast."""

from __future__ import annotations

import os
import socket
import sys
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.markup import escape

from ogi.cli_zh import ZhCommand, ZhGroup, db_option, wide_consoles

if TYPE_CHECKING:
    from sqlalchemy import Engine

__all__ = ["serve_cmd", "user_app"]

user_app = typer.Typer(cls=ZhGroup, help="网页应用的用户：新建、设置密码、生成 API 令牌、列出（数据库同 ogi serve）。",
                       no_args_is_help=True, rich_markup_mode=None)
out, err = wide_consoles()

Db = Annotated[str | None, db_option()]
Name = Annotated[str, typer.Argument(help="用户名", metavar="用户名", show_default=False)]
Actor = Annotated[str, typer.Option("--actor", help="操作人（记入审计记录）")]
_NO_WEB = "未安装网页组件：请运行 pip install 'ogi[web]'（或 scripts/setup）后再试"


def _fail(message: str) -> NoReturn:
    err.print(f"[red]失败[/red] {escape(message)}")
    raise typer.Exit(2)


def _engine(db: str | None) -> Engine:
    try:
        import argon2  # noqa: F401 - the web extra's password hasher
    except ImportError:
        _fail(_NO_WEB)
    from ogi.storage.db import ready

    return ready(db)


def _port_free(host: str, port: int) -> bool:
    """Whether the address can be bound now (to say so in Chinese rather than let uvicorn fail in English)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def serve_cmd(
    host: Annotated[str, typer.Option("--host", help="监听地址（0.0.0.0 为所有网卡）")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="端口")] = 8000,
    db: Db = None,
    workers: Annotated[int, typer.Option("--workers", min=1, help="工作进程数（多进程请使用 PostgreSQL，见 docs/web.md）")] = 1,
    demo: Annotated[bool, typer.Option("--demo", help="先把随软件附带的五份样例报告载入数据库（已载入的不重复）")] = False,
    ocr: Annotated[bool, typer.Option("--ocr/--no-ocr", help="扫描件（无文字层的 PDF、图片）在后台进行文字识别（需安装 ogi[ocr]）；"
                                                         "--no-ocr 不识别，扫描件记为无法读取")] = True,
) -> None:
    """启动网页应用：首次启动且没有用户时创建管理员账户 admin（密码取 OGI_ADMIN_PASSWORD，未设置则生成初始密码并只显示这一次；更换密码：ogi user password admin）。"""
    try:
        import uvicorn
    except ImportError:
        _fail(_NO_WEB)
    from ogi.storage.db import database_url
    from ogi.web.users import FIRST_ADMIN, UserError, ensure_first_admin

    engine = _engine(db)  # migrated here once, before any worker starts
    if demo:
        from ogi.web.demo import load_samples

        loaded = load_samples(engine)
        out.print(f"样例报告：新载入 {loaded.read} 份，此前已载入 {loaded.already + loaded.duplicates} 份"
                  f"（数据库 {escape(engine.url.render_as_string(hide_password=True))}）")
    try:
        generated = ensure_first_admin(engine, os.environ.get("OGI_ADMIN_PASSWORD"))
    except UserError as exc:
        _fail(f"环境变量 OGI_ADMIN_PASSWORD 不符合密码要求：{exc.message()}")
    if generated:
        out.print(f"已创建管理员账户 {FIRST_ADMIN}，初始密码（只显示这一次）：[bold]{generated}[/bold]")
        out.print("（此密码只显示这一次，ogi 不把它写入日志文件；请妥善保存，可用 ogi user password admin 修改）")
    if not _port_free(host, port):
        _fail(f"无法监听 {host}:{port}：端口已被占用或没有权限，请用 --port 换一个端口")
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    shown = f"[{shown}]" if ":" in shown else shown
    if generated:
        out.print(f"登录：用户名 {FIRST_ADMIN}，密码为上面显示的初始密码")
    out.print(f"ogi 网页应用已启动，请在浏览器中打开 http://{shown}:{port}/ （按 Ctrl+C 停止）")
    sys.stdout.flush()
    os.environ["OGI_DATABASE_URL"] = database_url(db)  # what each worker's create_app() connects to
    from ogi.web.settings import OCR_ENV

    os.environ[OCR_ENV] = "1" if ocr else "0"  # read by each worker's WebSettings()
    engine.dispose()
    uvicorn.run("ogi.web.app:create_app", factory=True, host=host, port=port, workers=workers,
                proxy_headers=True, forwarded_allow_ips=os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
                server_header=False, log_level="warning")


def _read_password(prompt: str) -> str:
    """A password typed twice without echo at a terminal, or one line of standard input (scripts)."""
    if sys.stdin.isatty():
        return typer.prompt(prompt, hide_input=True, confirmation_prompt="再输入一次")
    return sys.stdin.readline().rstrip("\r\n")


def _user_error(run):  # noqa: ANN001, ANN202
    """Run a user change; a refused one is told in Chinese (exit status 2)."""
    from ogi.web.users import UserError

    try:
        return run()
    except UserError as exc:
        _fail(exc.message())


@user_app.command("add", cls=ZhCommand)
def add_cmd(name: Name,
            role: Annotated[str, typer.Option("--role", help="角色：admin（管理员）、reviewer（审核人员）、reader（只读）")] = "reader",
            scope: Annotated[str, typer.Option("--scope", help="数据范围：行政区划代码前缀或单位名称，以逗号或空格分隔；默认全部")] = "",
            db: Db = None, actor: Actor = "命令行") -> None:
    """新建用户（密码从终端输入两次；非终端时读标准输入的一行）。"""
    from ogi.web.roles import Role
    from ogi.web.users import create_user

    engine = _engine(db)
    password = _read_password("密码")
    user = _user_error(lambda: create_user(engine, actor, name, password, role, scope))
    scope_zh = "、".join(user.scope) or "全部"
    out.print(f"已创建用户 {escape(user.name)}：{Role(user.role).zh}，数据范围 {escape(scope_zh)}")


@user_app.command("password", cls=ZhCommand)
def password_cmd(name: Name, db: Db = None, actor: Actor = "命令行") -> None:
    """设置用户的密码（从终端输入两次；非终端时读标准输入的一行）。"""
    from ogi.web.users import set_password

    engine = _engine(db)
    password = _read_password("新密码")
    _user_error(lambda: set_password(engine, actor, name, password))
    out.print(f"已设置 {escape(name)} 的密码")


@user_app.command("token", cls=ZhCommand)
def token_cmd(name: Name, label: Annotated[str, typer.Option("--label", help="用途说明")] = "",
              db: Db = None, actor: Actor = "命令行") -> None:
    """为用户生成 API 令牌（脚本以 Authorization: Bearer 令牌 调用接口）；令牌只显示这一次。"""
    from ogi.web.users import issue_token

    engine = _engine(db)
    token = _user_error(lambda: issue_token(engine, actor, name, label))
    print(token)  # alone on stdout, for scripts
    err.print("（令牌只显示这一次，数据库中只保存其摘要）")


@user_app.command("list", cls=ZhCommand)
def list_cmd(db: Db = None) -> None:
    """列出全部用户：角色、数据范围、状态。"""
    from rich.table import Table
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from ogi.web.records import WebUser
    from ogi.web.roles import Role

    engine = _engine(db)
    table = Table("用户名", "角色", "数据范围", "状态")
    with Session(engine) as sess:
        for user in sess.scalars(select(WebUser).order_by(WebUser.name)):
            table.add_row(escape(user.name), Role(user.role).zh, escape("、".join(user.scope) or "全部"),
                          "启用" if user.active else "停用")
    out.print(table)
