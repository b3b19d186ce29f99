"""The command line framework's own words in Chinese: help headings ("用法：", "选项："), and usage errors
told in Chinese with the usage line and where to find help. Used by `ogi` and `ogi office` alike."""

from __future__ import annotations

import re
from enum import StrEnum

from rich.console import Console
from typer._click.exceptions import UsageError  # the vendored click's; ogi pins typer (constraints.txt)
from typer.core import TyperCommand, TyperGroup

__all__ = ["OcrMode", "ZhCommand", "ZhGroup", "ZhUsageError", "zh_help"]


class OcrMode(StrEnum):
    """`--ocr` of the commands that read reports (ogi.api.parse_file)."""

    auto = "auto"
    always = "always"
    never = "never"


err = Console(stderr=True)

# The help framework's own words, in Chinese (the option and command texts are written in Chinese already).
_HELP_ZH = (("Usage: ", "用法："), ("Options:", "选项："), ("Arguments:", "参数："), ("Commands:", "命令："),
            ("Show this message and exit.", "显示本帮助并退出。"), ("[default: ", "[默认："), ("[required]", "[必填]"),
            ("[OPTIONS]", "[选项]"), ("COMMAND [ARGS]...", "命令 [参数]..."))


def zh_help(text: str) -> str:
    for en, zh in _HELP_ZH:
        text = text.replace(en, zh)
    return text


_ERRORS_ZH = ((r"^Missing option '(.+)'\.?$", r"缺少选项 \1"), (r"^Missing argument '(.+)'\.?$", r"缺少参数 \1"),
              (r"^Missing parameter: (.+)$", r"缺少参数 \1"),
              (r"^Invalid value for '(.+)': '(.*)' is not a valid integer\.?$", r"\1 的值“\2”不是整数"),
              (r"^Invalid value for '(.+)': .*valid integer.*$", r"\1 的值应为整数"),
              (r"^Invalid value for '(.+)': (?:Value error, )?'(.*)' is not one of (.+?)\.?$", r"\1 的值“\2”无效，可选：\3"),
              (r"^Invalid value for '(.+)': (.+)$", r"\1 的值无效：\2"), (r"^No such option: (.+)$", r"没有选项 \1"),
              (r"^No such command '(.+)'\.?$", r"没有这个命令：\1"), (r"^Got unexpected extra arguments? \((.+)\)$", r"多余的参数：\1"),
              (r"^Option '(.+)' requires an argument\.?$", r"选项 \1 需要一个值"))


class ZhUsageError(UsageError):
    """A usage error told in Chinese: usage line, where to find help, what is wrong."""

    def show(self, file=None) -> None:  # noqa: ANN001
        message = self.format_message()
        for pattern, zh in _ERRORS_ZH:
            if re.match(pattern, message):
                message = re.sub(pattern, zh, message)
                break
        if self.ctx is not None:
            err.print(zh_help(self.ctx.get_usage()), markup=False, highlight=False)
            err.print(f"运行 {self.ctx.command_path} --help 查看帮助。\n", markup=False, highlight=False)
        err.print(f"错误：{message}", markup=False, highlight=False)


def _in_chinese(parse):  # noqa: ANN001, ANN202
    def wrapped(self, ctx, args):  # noqa: ANN001, ANN202
        try:
            return parse(self, ctx, args)
        except ZhUsageError:
            raise
        except UsageError as exc:
            raise ZhUsageError(exc.format_message(), exc.ctx or ctx) from None
    return wrapped


class ZhCommand(TyperCommand):
    parse_args = _in_chinese(TyperCommand.parse_args)

    def get_help(self, ctx):  # noqa: ANN001, ANN201
        return zh_help(super().get_help(ctx))


class ZhGroup(TyperGroup):
    parse_args = _in_chinese(TyperGroup.parse_args)

    def resolve_command(self, ctx, args):  # noqa: ANN001, ANN201
        try:
            return super().resolve_command(ctx, args)
        except UsageError as exc:
            raise ZhUsageError(exc.format_message(), exc.ctx or ctx) from None

    def get_help(self, ctx):  # noqa: ANN001, ANN201
        return zh_help(super().get_help(ctx))


def wide_consoles() -> tuple[Console, Console]:
    """The command groups' stdout and stderr consoles: whole lines when redirected or piped (a file, a service's
    log, a test), never cut at 80 columns."""
    out, err = Console(), Console(stderr=True)
    for console in (out, err):
        if not console.is_terminal:
            console.width = max(console.width, 200)
    return out, err


def db_option() -> object:
    """The `--db` option every command on the database takes."""
    import typer

    return typer.Option("--db", help="数据库地址（默认取 OGI_DATABASE_URL，否则 sqlite:///ogi.db）")
