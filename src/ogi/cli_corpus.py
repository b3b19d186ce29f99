"""`ogi ingest` and `ogi corpus …`: the corpus on the command line — ingest, errors, stats, reparse, export.
Thin: parse arguments, call ogi.corpus, print (a table for people, --json for programs)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ogi.cli_zh import OcrMode, ZhCommand, ZhGroup, db_option, wide_consoles

if TYPE_CHECKING:
    import pandas as pd

    from ogi.corpus.ingest import Progress

__all__ = ["corpus_app", "ingest_cmd"]

corpus_app = typer.Typer(cls=ZhGroup, help="报告库：导入后的报告的错误清单、统计、重新读取与导出（数据库同 ogi office）。",
                         no_args_is_help=True, rich_markup_mode=None)
out, err = wide_consoles()

Db = Annotated[str | None, db_option()]
Jobs = Annotated[int | None, typer.Option("-j", "--jobs", min=1, show_default=False,
                                          help="并行处理的进程数（默认为本机可用的核数）")]
AsJson = Annotated[bool, typer.Option("--json", help="以 JSON 输出")]
Ocr = Annotated[OcrMode | None, typer.Option(
    "--ocr", show_default=False, help="扫描件的文字识别：auto 识别无文字层的页，always 每页都识别，never 不识别"
                                      "（默认：已安装 ogi[ocr] 时为 auto，否则为 never）；每个文件在读取它的进程中识别")]


def _ocr(requested: OcrMode | None) -> str:
    """The run's OCR mode (ogi.corpus.work.ocr_mode), said on the terminal when scans will not be read."""
    from ogi.corpus.work import ocr_mode, ocr_used

    mode = ocr_mode(requested.value if requested else None)
    if not ocr_used(mode) and not (requested and requested is OcrMode.never):
        err.print("未安装文字识别（OCR）组件：扫描件将记为无法读取；安装 pip install \"ogi[ocr]\" 后运行 "
                  "ogi corpus reparse 即可读取")
    return mode


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
    ocr: Ocr = None,
) -> None:
    """导入报告到报告库：同一内容只存一次；可随时中断，再次运行同一命令即继续；无法读取的文件记录原因后跳过。"""
    import time

    from ogi.storage.db import ready

    engine = ready(db)
    mode = _ocr(ocr)
    bar, update = _progress_bar("导入报告")
    started = time.monotonic()
    try:
        with bar:  # type: ignore[attr-defined]
            if workers or scheduler:
                from ogi.corpus.dask_ingest import ingest_on_cluster

                counts = ingest_on_cluster(engine, sources, workers=workers, scheduler=scheduler, progress=update,
                                           ocr=mode)
            else:
                from ogi.batch import default_jobs
                from ogi.corpus.ingest import ingest

                counts = ingest(engine, sources, jobs=jobs or default_jobs(), progress=update, ocr=mode)
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
def reparse_cmd(db: Db = None, jobs: Jobs = None, as_json: AsJson = False, ocr: Ocr = None) -> None:
    """用当前版本的读取程序重新读取报告库中读取版本已过时的文件（原结果在新结果保存前保留）；可识别扫描件时，
    此前未做文字识别的扫描件也重新读取。"""
    import time

    from ogi.batch import default_jobs
    from ogi.corpus.reparse import reparse
    from ogi.storage.db import ready

    engine = ready(db)
    mode = _ocr(ocr)
    bar, update = _progress_bar("重新读取")
    started = time.monotonic()
    with bar:  # type: ignore[attr-defined]
        counts = reparse(engine, jobs=jobs or default_jobs(), progress=update, ocr=mode)
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


Year = Annotated[int | None, typer.Option("--year", help="报告年度", show_default=False)]


@_command("compare")
def compare_cmd(agency: Annotated[str, typer.Argument(help="机关名称（与报告中的名称一致）", show_default=False)],
                db: Db = None, as_json: AsJson = False) -> None:
    """同一机关历年比较：上年结转与上年结转下年度是否衔接、现行有效件数是否连续、缺少的年度、与本机关往年报告雷同的段落。"""
    from ogi.corpus.api import open as open_corpus
    from ogi.corpus.compare import compare_years
    from ogi.corpus.copies import find_copies
    from ogi.corpus.query import agency_reports

    with open_corpus(db).engine.connect() as conn:
        series = agency_reports(conn, agency)
        if not series:
            err.print(f"[red]报告库中没有“{agency}”的报告[/red]（名称须与报告中的一致，可用 ogi corpus export 查看）")
            raise typer.Exit(2)
        own = {r.source_sha256 for _, r in series if r.source_sha256}
        reused = find_copies(conn, involving=own)
    result = compare_years(series)
    if as_json:
        print(json.dumps({"agency": agency, "years": result.years, "missing_years": result.missing_years,  # noqa: T201
                          "checks": [c.as_row() for c in result.checks],
                          "reused": [{"message": p.message_zh(), "passages": [x.a_text for x in p.passages]}
                                     for p in reused]}, ensure_ascii=False, default=str))
        return
    out.print(f"{agency}：{'、'.join(map(str, result.years))}年度报告"
              + (f"；缺少 {'、'.join(map(str, result.missing_years))} 年度" if result.missing_years else ""))
    breaks = result.breaks
    out.print(f"逐年衔接检查 {len(result.checks)} 项，不衔接 {len(breaks)} 项")
    for c in breaks:
        out.print(f"  [red]不衔接[/red] {c.message_zh}")
    for p in reused:
        out.print(f"  [yellow]雷同[/yellow] {p.message_zh()}")


@_command("rank")
def rank_cmd(year: Annotated[int, typer.Option("--year", help="报告年度", show_default=False)],
             by: Annotated[str, typer.Option("--by", help="指标，如 applications_received、disclosure_rate、"
                                                           "refusal_rate、unable_rate、review_correction_rate")] = "applications_received",
             top: Annotated[int, typer.Option("--top", help="显示前 N 名")] = 20,
             ascending: Annotated[bool, typer.Option("--ascending", help="从小到大排列")] = False,
             db: Db = None, as_json: AsJson = False) -> None:
    """同一年度各机关排名与分布：申请量、公开率、不予公开率、无法提供率、复议诉讼纠错率、问题数等。"""
    from ogi.corpus.api import open as open_corpus
    from ogi.corpus.compare import distribution, ranking
    from ogi.corpus.query import metric_rows

    with open_corpus(db).engine.connect() as conn:
        rows = metric_rows(conn, year=year)
    if rows and by not in rows[0]:
        err.print(f"[red]用法错误[/red] 没有指标 {by}，可选：{'、'.join(k for k in rows[0] if k not in ('sha256',))}")
        raise typer.Exit(2)
    ranked = ranking(rows, by, descending=not ascending)[:top] if rows else []
    spread = distribution(rows, [by])[by] if rows else {}
    if as_json:
        print(json.dumps({"metric": by, "ranking": ranked, "distribution": spread}, ensure_ascii=False,  # noqa: T201
                         default=str))
        return
    from rich.table import Table

    table = Table("名次", "机关", by)
    for r in ranked:
        table.add_row(str(r["rank"]), str(r["agency"] or ""), f"{r['value']:.4g}" if isinstance(r["value"], float)
                      else str(r["value"]))
    out.print(table)
    if spread:
        out.print(f"{spread['count']} 份报告有此指标（{spread['missing']} 份无法计算）；中位数 {spread['median']}，"
                  f"四分位 {spread['q25']}–{spread['q75']}，最小 {spread['min']}，最大 {spread['max']}")


@_command("similar")
def similar_cmd(year: Year = None, db: Db = None, as_json: AsJson = False,
                limit: Annotated[int, typer.Option("--limit", help="最多列出的对数")] = 50) -> None:
    """雷同检测：在报告库中找出与其他机关或本机关往年报告相同的段落（去掉模板套话后比较）。"""
    from ogi.corpus.api import open as open_corpus
    from ogi.corpus.copies import find_copies

    with open_corpus(db).engine.connect() as conn:
        pairs = find_copies(conn, year=year)
    if as_json:
        print(json.dumps([{"a": p.a.report_id, "b": p.b.report_id, "a_section": p.a.section,  # noqa: T201
                           "b_section": p.b.section, "jaccard": round(p.jaccard, 3), "copied_chars": p.copied_chars,
                           "message": p.message_zh(),
                           "passages": [{"a": [x.a_start, x.a_end], "b": [x.b_start, x.b_end], "text": x.a_text}
                                        for x in p.passages]} for p in pairs[:limit]], ensure_ascii=False))
        return
    from rich.markup import escape

    out.print(f"找到 {len(pairs)} 对雷同章节" + (f"（列出前 {limit} 对）" if len(pairs) > limit else ""))
    for p in pairs[:limit]:
        out.print(f"[yellow]雷同[/yellow] {escape(p.message_zh())}")
        for x in p.passages[:3]:
            out.print(f"    “{escape(x.a_text[:80])}{'…' if len(x.a_text) > 80 else ''}”")


@_command("late")
def late_cmd(year: Annotated[int, typer.Option("--year", help="报告年度", show_default=False)], db: Db = None,
             as_json: AsJson = False) -> None:
    """按时公布情况：落款或网页发布日期与法定时限（部门1月31日、政府3月31日，条例第四十九条）比较。"""
    from ogi.corpus.api import open as open_corpus
    from ogi.corpus.query import metrics

    with open_corpus(db).engine.connect() as conn:
        frame = metrics(conn, year=year)
    if frame.empty:
        _frame_out(frame, as_json, {})
        return
    frame = frame[["agency", "date_of_issue", "timeliness", "days_late"]].sort_values(
        ["timeliness", "days_late"], ascending=[True, False], na_position="last")
    if not as_json:
        counts = frame["timeliness"].value_counts().to_dict()
        out.print(f"{year}年度 {len(frame)} 份报告：按时 {counts.get('on_time', 0)}，逾期 {counts.get('late', 0)}，"
                  f"日期早于年度结束 {counts.get('premature', 0)}，日期未知 {counts.get('unknown', 0)}")
    _frame_out(frame, as_json, {"agency": "机关", "date_of_issue": "落款日期", "timeliness": "状态",
                                "days_late": "逾期天数"})


@_command("units")
def units_cmd(units_file: Annotated[Path, typer.Argument(help="所辖单位名单（XLSX：单位名称、所属区划、上级单位）",
                                                         show_default=False)],
              year: Annotated[int, typer.Option("--year", help="报告年度", show_default=False)],
              db: Db = None, as_json: AsJson = False) -> None:
    """对照所辖单位名单：每份报告对应哪个单位、哪些单位该年度没有报告。"""
    from ogi.corpus.api import open as open_corpus
    from ogi.corpus.identify import Identity
    from ogi.corpus.records import Reading
    from ogi.corpus.units import load_units, match, missing
    from ogi.errors import OgiError

    try:
        units = load_units(units_file)
    except OgiError as exc:
        err.print(f"[red]失败[/red] {exc.message()}")
        raise typer.Exit(2) from exc
    from sqlalchemy import select

    with open_corpus(db).engine.connect() as conn:
        rows = conn.execute(select(Reading.sha256, Reading.agency, Reading.identity).where(
            Reading.current.is_(True), Reading.status == "read", Reading.year == year)).all()
    identities = {sha: Identity.model_validate(identity or {}) for sha, _agency, identity in rows}
    names = {sha: agency for sha, agency, _ in rows}
    matches = match(identities, units)
    absent = missing(units, {year: matches}, year)
    if as_json:
        print(json.dumps({"year": year, "matches": [{"report": m.report, "agency": names[m.report],  # noqa: T201
                                                     "unit": m.unit.name if m.unit else None, "why": m.why}
                                                    for m in matches],
                          "missing": [{"unit": u.name, "division": u.division.code} for u in absent]},
                         ensure_ascii=False))
        return
    matched = sum(m.unit is not None for m in matches)
    out.print(f"{year}年度：{len(matches)} 份报告，{matched} 份对应到名单中的单位；名单中 {len(units)} 个单位，"
              f"{len(absent)} 个没有报告")
    for u in absent:
        out.print(f"  [red]未发布[/red] {u.name}（{'/'.join(u.division.path)}）")
    for m in matches:
        if m.unit is None:
            out.print(f"  [yellow]未对应[/yellow] {names[m.report] or m.report[:12]}：{m.why}")
