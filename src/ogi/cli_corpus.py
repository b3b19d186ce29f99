"""`ogi ingest` and `ogi corpus …`: the corpus on the command line — ingest, errors, stats, reparse, export.
Thin: parse arguments, call ogi.corpus, print (a table for people, --json for programs)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from ogi.cli_zh import ZhCommand, ZhGroup

if TYPE_CHECKING:
    import pandas as pd

    from ogi.corpus.ingest import Progress

__all__ = ["corpus_app", "ingest_cmd"]

corpus_app = typer.Typer(cls=ZhGroup, help="报告库：导入后的报告的错误清单、统计、重新读取与导出（数据库同 ogi office）。",
                         no_args_is_help=True, rich_markup_mode=None)
out = Console()
if not out.is_terminal:
    out.width = max(out.width, 200)
err = Console(stderr=True)

Db = Annotated[str | None, typer.Option("--db", help="数据库地址（默认取 OGI_DATABASE_URL，否则 sqlite:///ogi.db）")]
Jobs = Annotated[int | None, typer.Option("-j", "--jobs", min=1, show_default=False,
                                          help="并行处理的进程数（默认为本机可用的核数）")]
AsJson = Annotated[bool, typer.Option("--json", help="以 JSON 输出")]


def _command(name: str):  # noqa: ANN202
    return corpus_app.command(name, cls=ZhCommand)


def _progress_bar(what: str) -> tuple[object, Callable[[Progress], None]]:
    """A Rich progress bar (files done, reports/s, errors so far, time left) and the callback that moves it."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    bar = Progress(TextColumn(what), BarColumn(), MofNCompleteColumn(),
                   TextColumn("{task.fields[rate]:.1f} 份/秒"), TextColumn("错误 {task.fields[errors]}"),
                   TimeRemainingColumn(), console=err, transient=True, disable=not err.is_terminal)
    task = bar.add_task(what, total=None, rate=0.0, errors=0)

    def update(p: Progress) -> None:
        bar.update(task, total=p.total, completed=p.done, rate=p.rate, errors=p.errors)

    return bar, update


def _summary(p: Progress, as_json: bool, seconds: float) -> None:
    figures = {"sources": p.total, "read": p.read, "unreadable": p.unreadable, "failed": p.failed,
               "duplicates": p.duplicates, "already_stored": p.already, "seconds": round(seconds, 2)}
    if as_json:
        print(json.dumps(figures, ensure_ascii=False))  # noqa: T201
        return
    out.print(f"共 {p.total} 个来源：新读取 {p.read} 份（其中无法作为报告读取 {p.unreadable} 份），"
              f"无法打开或下载 {p.failed} 个，与已有文件内容相同 {p.duplicates} 个，此前已导入 {p.already} 个；"
              f"用时 {seconds:.1f} 秒")
    if p.errors:
        out.print("错误清单：ogi corpus errors")


def ingest_cmd(
    sources: Annotated[list[str], typer.Argument(help="报告文件、目录（含子目录）、zip 压缩包、网址，或每行一个网址的文本文件",
                                                 show_default=False)],
    db: Db = None,
    jobs: Jobs = None,
    workers: Annotated[int | None, typer.Option("--workers", min=1, show_default=False,
                                                help="在本机启动 N 个 Dask 工作进程处理（需安装 ogi[distributed]）")] = None,
    scheduler: Annotated[str | None, typer.Option("--scheduler", show_default=False,
                                                  help="Dask 集群调度器地址，如 tcp://10.0.0.1:8786（各节点共用 PostgreSQL）")] = None,
    as_json: AsJson = False,
) -> None:
    """导入报告到报告库：同一内容只存一次；可随时中断，再次运行同一命令即继续；无法读取的文件记录原因后跳过。"""
    import time

    from ogi.storage.db import ready

    engine = ready(db)
    bar, update = _progress_bar("导入报告")
    started = time.monotonic()
    try:
        with bar:  # type: ignore[attr-defined]
            if workers or scheduler:
                from ogi.corpus.dask_ingest import ingest_on_cluster

                counts = ingest_on_cluster(engine, sources, workers=workers, scheduler=scheduler, progress=update)
            else:
                from ogi.batch import default_jobs
                from ogi.corpus.ingest import ingest

                counts = ingest(engine, sources, jobs=jobs or default_jobs(), progress=update)
    except KeyboardInterrupt:
        err.print("已中断：已完成的文件已保存，再次运行同一命令即可继续")
        raise typer.Exit(130) from None
    _summary(counts, as_json, time.monotonic() - started)
    raise typer.Exit(2 if counts.errors else 0)


def _frame_out(frame: pd.DataFrame, as_json: bool, labels: dict[str, str]) -> None:
    if as_json:
        print(frame.to_json(orient="records", force_ascii=False, date_format="iso"))  # noqa: T201
        return
    from rich.markup import escape
    from rich.table import Table

    table = Table(*(labels.get(c, c) for c in frame.columns))
    for row in frame.itertuples(index=False):
        table.add_row(*("" if v is None or v != v else escape(str(v)) for v in row))
    out.print(table)


@_command("errors")
def errors_cmd(db: Db = None, as_json: AsJson = False) -> None:
    """列出无法读取的文件及原因（无法打开、下载失败、不是年度报告等）。"""
    from ogi.corpus.api import open as open_corpus

    frame = open_corpus(db).errors()
    _frame_out(frame, as_json, {"location": "位置", "file": "文件", "code": "错误代码", "reason": "原因"})
    if not as_json:
        out.print(f"共 {len(frame)} 个文件无法读取")


@_command("stats")
def stats_cmd(db: Db = None, year: Annotated[int | None, typer.Option("--year", help="只统计该报告年度")] = None,
              as_json: AsJson = False) -> None:
    """按报告年度统计：报告数、机关数、有错误的报告数、平均每份错误数。"""
    from ogi.corpus.api import open as open_corpus

    frame = open_corpus(db).stats(year=year)
    _frame_out(frame, as_json, {"year": "年度", "reports": "报告数", "agencies": "机关数",
                                "with_errors": "有错误的报告", "errors_per_report": "平均每份错误数"})


@_command("reparse")
def reparse_cmd(db: Db = None, jobs: Jobs = None, as_json: AsJson = False) -> None:
    """用当前版本的读取程序重新读取报告库中读取版本已过时的文件（原结果在新结果保存前保留）。"""
    import time

    from ogi.batch import default_jobs
    from ogi.corpus.reparse import reparse
    from ogi.storage.db import ready

    bar, update = _progress_bar("重新读取")
    started = time.monotonic()
    with bar:  # type: ignore[attr-defined]
        counts = reparse(ready(db), jobs=jobs or default_jobs(), progress=update)
    if as_json:
        print(json.dumps({"outdated": counts.total, "read": counts.read, "failed": counts.failed}))  # noqa: T201
    else:
        out.print(f"读取版本已过时的文件 {counts.total} 个：已重新读取 {counts.read} 个，失败 {counts.failed} 个；"
                  f"用时 {time.monotonic() - started:.1f} 秒")


@_command("export")
def export_cmd(
    output: Annotated[Path, typer.Option("-o", "--output", help="输出文件", show_default=False)],
    to: Annotated[str, typer.Option("--to", help="输出格式：csv、xlsx 或 parquet")] = "csv",
    what: Annotated[str, typer.Option("--what", help="reports：每份报告一行（各单元格为列）；cells：每个单元格一行")] = "reports",
    year: Annotated[int | None, typer.Option("--year", help="只导出该报告年度")] = None,
    db: Db = None,
) -> None:
    """导出报告库：CSV、XLSX 或 Parquet；列名为 docs/keys.md 的稳定键名。"""
    from ogi.corpus.api import open as open_corpus
    from ogi.corpus.export import ExportForm, What, export
    from ogi.errors import OgiError

    forms = {f.value: f for f in ExportForm}
    kinds = {w.value: w for w in What}
    if to not in forms or what not in kinds:
        bad = ("--to", to, "、".join(forms)) if to not in forms else ("--what", what, "、".join(kinds))
        err.print(f"[red]用法错误[/red] 参数 {bad[0]} 的取值无效：{bad[1]}，可选：{bad[2]}")
        raise typer.Exit(2)
    corpus = open_corpus(db)
    try:
        with corpus.engine.connect() as conn:
            rows = export(conn, kinds[what], forms[to], output, year=year)
    except OgiError as exc:
        err.print(f"[red]失败[/red] {exc.message()}")
        raise typer.Exit(2) from exc
    out.print(f"已写入 {output}（{rows:,} 行）")
