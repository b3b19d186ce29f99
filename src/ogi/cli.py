"""The `ogi` command line: parse, check, demo, schema and rules. Thin: read arguments, call the façade, print."""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer
from rich.console import Console
from rich.markup import escape

from ogi.cli_zh import OcrMode, ZhCommand, ZhGroup, ZhUsageError
from ogi.errors import OgiError
from ogi.fileio import display_name, write_atomic
from ogi.render import OutputForm, render

if TYPE_CHECKING:  # reading, checking and rendering are imported by the commands that use them
    from ogi.check import Finding
    from ogi.model.report import Metadata, Report

__all__ = ["app", "main"]

app = typer.Typer(
    cls=ZhGroup,
    help="ogi：读取、核对政府信息公开工作年度报告。",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
out = Console()
if not out.is_terminal:
    out.width = max(out.width, 132)  # wide enough for table 三 when output goes to a file or pipe
err = Console(stderr=True)

EXIT_FINDINGS = 1  # at least one error finding
EXIT_UNREADABLE = 2  # at least one file could not be read at all

Files = Annotated[list[Path], typer.Argument(help="报告文件（UTF-8 或 GBK/GB18030 文本）", show_default=False)]
AsJson = Annotated[bool, typer.Option("--json", help="以 JSON 输出（供程序使用）")]
Jobs = Annotated[int | None, typer.Option("-j", "--jobs", min=1, show_default=False,
                                          help="并行处理的进程数（默认为本机可用的核数；输出仍按输入顺序）；"
                                               "只读一个文件时为文字识别扫描页的进程数（默认 2）")]


Ocr = Annotated[OcrMode, typer.Option("--ocr", help="扫描件的文字识别：auto 仅识别无文字层的页（需安装 ogi[ocr]），"
                                                  "always 每页都识别，never 不识别")]

SAMPLES = Path(__file__).parent / "samples"
T = TypeVar("T")


def _attempt(path: Path | str, work: Callable[[], T]) -> T | OgiError:
    from ogi.batch import attempt

    return attempt(path, work)


def _internal_error(name: Path | str, exc: BaseException) -> OgiError:
    from ogi.batch import internal_error

    return internal_error(name, exc)


def _expand(files: list[Path]) -> list[Path]:
    """Given the command's file arguments, return the files to read: a folder stands for every file under it
    (sorted, hidden files left out); an empty folder stays, to be reported as unreadable."""
    out: list[Path] = []
    for f in files:
        inner = sorted(p for p in f.rglob("*") if not any(part.startswith(".") for part in p.relative_to(f).parts)
                       and p.is_file()) if f.is_dir() else []
        out.extend(inner or [f])
    return out


def _jobs(jobs: int | None, count: int) -> int:
    from ogi.batch import default_jobs

    return max(1, min(jobs or default_jobs(), count))


def _run_all(files: list[Path], job: Callable[[Path], T], jobs: int | None, what: str = "读取报告"
             ) -> Iterator[tuple[Path, T | OgiError]]:
    """Run a job over every file, in input order, on `jobs` worker processes; a bad file is yielded with its error
    and never stops the batch."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from ogi.batch import run, tune_gc
    tune_gc()
    show = len(files) > 3 and err.is_terminal
    with Progress(TextColumn(what), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=err, transient=True, disable=not show) as progress:
        task = progress.add_task("run", total=len(files))
        # four files a round trip: a text report is read in milliseconds, about the cost of the trip itself
        for f, result in run(job, files, jobs=_jobs(jobs, len(files)), name=str, chunk=4):
            yield f, result
            progress.advance(task)


def _parse_job(path: Path, ocr: str = "never", pages: int = 1) -> Report:
    """Read one file; `pages` worker processes share its OCR pages (one file alone: the pages run in parallel,
    several files: the files do), with a progress bar per page on a terminal."""
    from ogi.api import parse_file

    if pages <= 1 or not err.is_terminal:
        return parse_file(path, ocr=ocr, jobs=pages)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(TextColumn("文字识别"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=err, transient=True) as bar:
        task = bar.add_task("ocr", total=None)
        return parse_file(path, ocr=ocr, jobs=pages,
                          progress=lambda done, total: bar.update(task, completed=done, total=total))


def _parse_json_job(path: Path, ocr: str = "never", pages: int = 1) -> str:
    return json.dumps(_parse_job(path, ocr, pages).model_dump(mode="json"), ensure_ascii=False, indent=2)


def _page_jobs(jobs: int | None, files: list[Path]) -> int:
    """Worker processes for the OCR pages of a file read alone: -j, or two (a worker holds the OCR models,
    some 0.5–0.8 GB), never more than the cores."""
    from ogi.batch import default_jobs

    return 1 if len(files) != 1 else min(jobs or 2, default_jobs())


def _check_job(path: Path, ocr: str = "never", pages: int = 1) -> tuple[Metadata, list[Finding]]:
    from ogi.check import check

    report = _parse_job(path, ocr, pages)
    return report.metadata, check(report)


def _check_json_job(path: Path, ocr: str = "never", pages: int = 1) -> tuple[str, bool]:
    """The JSON of one file's check, made in the worker (the parent only writes it out), and whether it has an
    error finding."""
    from ogi.check import Severity

    metadata, findings = _check_job(path, ocr, pages)
    text = json.dumps(_check_json(path, metadata, findings), ensure_ascii=False, indent=2)
    return text, any(f.severity is Severity.ERROR for f in findings)


def _error_json(path: Path, exc: OgiError) -> dict:
    return {**_file_json(path), "status": "unreadable", "error": {"code": exc.code, "message": exc.message()}}


def _file_json(path: Path) -> dict:
    """The file as JSON can hold it: a name that is not UTF-8 is shown with U+FFFD, its bytes kept escaped."""
    shown = display_name(path)
    raw = os.fsencode(path)
    extra = {"file_bytes": raw.decode("ascii", "backslashreplace")} if shown.encode() != raw else {}
    return {"file": shown, **extra}


class _JsonStream:
    """Writes results as they come: one JSON document, or a JSON array opened before the first file and
    closed after the last, so every good file's result is out even if a later file fails."""

    def __init__(self, single: bool) -> None:
        self.single, self.count = single, 0

    def write(self, item: dict | str) -> None:
        text = item if isinstance(item, str) else json.dumps(item, ensure_ascii=False, indent=2)
        if self.single:
            print(text)
        else:
            print(("[\n" if self.count == 0 else ",\n") + text, end="", flush=True)
        self.count += 1

    def close(self) -> None:
        if not self.single:
            print("[]" if self.count == 0 else "\n]", flush=True)
        elif self.count == 0:
            print("[]")


def _say_unreadable(result: OgiError) -> None:
    err.print(f"[red]无法读取[/red] {escape(result.message())}")


@app.command("parse", cls=ZhCommand)
def parse_cmd(files: Files, as_json: AsJson = False, jobs: Jobs = None, ocr: Ocr = OcrMode.auto) -> None:
    """读取报告，显示元数据与三张统计表（--json 输出报告模型；多个文件时为按顺序逐个输出的数组）。"""
    failed = False
    files = _expand(files)
    stream = _JsonStream(single=len(files) == 1)
    job = functools.partial(_parse_json_job if as_json else _parse_job, ocr=ocr.value, pages=_page_jobs(jobs, files))
    for path, result in _run_all(files, job, jobs):
        if not isinstance(result, OgiError):
            result = _attempt(path, lambda r=result, p=path: _show_report(p, r, stream if as_json else None))
        if isinstance(result, OgiError):
            failed = True
            _say_unreadable(result)
            if as_json and len(files) > 1:
                stream.write(_error_json(path, result))
    if as_json:
        stream.close()
    raise typer.Exit(EXIT_UNREADABLE if failed else 0)


def _show_report(path: Path, report: Report | str, stream: _JsonStream | None) -> None:
    from ogi.render.console import report_view
    if stream is not None:
        stream.write(report)
        return
    out.rule(escape(display_name(path)))
    out.print(report_view(report))


@app.command("check", cls=ZhCommand)
def check_cmd(files: Files, as_json: AsJson = False, jobs: Jobs = None, ocr: Ocr = OcrMode.auto) -> None:
    """核对报告：勾稽关系、合计、章节与格式、正文与表格、发布时限。有错误时退出码为1，文件无法读取时为2。"""
    status = 0
    stream = _JsonStream(single=False)
    files = _expand(files)
    job = functools.partial(_check_json_job if as_json else _check_job, ocr=ocr.value, pages=_page_jobs(jobs, files))
    for path, result in _run_all(files, job, jobs, "核对报告"):
        if not isinstance(result, OgiError):
            result = _attempt(path, lambda r=result, p=path: _check_one(p, *r) if not as_json else _written(stream, *r))
        if isinstance(result, OgiError):
            status = EXIT_UNREADABLE
            if as_json:
                stream.write(_error_json(path, result))
            else:
                out.rule(escape(display_name(path)))
                out.print(f"[red]无法读取[/red] {escape(result.message())}")
            continue
        if result and status == 0:
            status = EXIT_FINDINGS
    if as_json:
        stream.close()
    raise typer.Exit(status)


def _check_one(path: Path, metadata: Metadata, findings: list[Finding]) -> bool:
    """Show one report's findings; return whether it has an error finding."""
    from ogi.check import Severity
    from ogi.render.console import findings_view
    out.rule(escape(display_name(path)))
    out.print(escape(_summary(metadata, findings)))
    out.print(findings_view(findings))
    return any(f.severity is Severity.ERROR for f in findings)


def _written(stream: _JsonStream, text: str, has_error: bool) -> bool:
    stream.write(text)
    return has_error


def _check_json(path: Path, metadata: Metadata, findings: list[Finding]) -> dict:
    from ogi.check import Severity
    return {
        **_file_json(path),
        "status": "read",
        "metadata": metadata.model_dump(mode="json"),
        "counts": {s.value: sum(f.severity is s for f in findings) for s in Severity},
        "findings": [f.model_dump(mode="json") for f in findings],
    }


def _summary(m: Metadata, findings: list[Finding]) -> str:
    from ogi.check import Severity
    counts = {s: sum(f.severity is s for f in findings) for s in Severity}
    return (f"{m.agency or '未识别机关'} {m.report_year or '?'}年度（{m.format_version.value}年格式）："
            f"错误 {counts[Severity.ERROR]}，警告 {counts[Severity.WARNING]}，提示 {counts[Severity.NOTICE]}")


@app.command("render", cls=ZhCommand)
def render_cmd(
    files: Annotated[list[Path], typer.Argument(help="报告文件或目录（ogi 能读取的任何格式，或 ogi 输出的 JSON 模型）",
                                                show_default=False)],
    to: Annotated[OutputForm, typer.Option("--to", help="输出格式")],
    output: Annotated[Path, typer.Option("-o", "--output", help="输出文件；多个文件或目录时为输出目录",
                                         show_default=False)],
    jobs: Jobs = None,
) -> None:
    """按统一格式输出报告：DOCX、PDF、HTML、Markdown、JSON 或 XLSX（含核对结果表）。"""
    inputs = _expand(files)
    batch = not (len(files) == 1 and len(inputs) == 1 and not files[0].is_dir())
    targets = _output_names(files, inputs, output, to) if batch else {inputs[0]: output}
    job = functools.partial(_render_job, to=to, targets=targets, make_folders=batch)
    failed = False
    for path, result in _run_all(inputs, job, jobs, "输出报告"):
        if isinstance(result, OgiError):
            failed = True
            err.print(f"[red]失败[/red] {escape(result.message())}")
        else:
            err.print(f"已写入 {escape(display_name(targets[path]))}（{result:,} 字节）")
    raise typer.Exit(EXIT_UNREADABLE if failed else 0)


def _render_job(path: Path, *, to: OutputForm, targets: dict[Path, Path], make_folders: bool) -> int:
    """Render one file; in a batch the output folder and its subfolders are made as needed."""
    from ogi.api import parse_file

    data = render(parse_file(path), to)
    if make_folders:
        targets[path].parent.mkdir(parents=True, exist_ok=True)
    write_atomic(targets[path], data)
    return len(data)


def _output_names(args: list[Path], inputs: list[Path], folder: Path, to: OutputForm) -> dict[Path, Path]:
    """Where each input of a batch is written: under the output folder, by its path below the folder argument it
    came from, with the new suffix; a second input of the same stem keeps its full name ("a.txt.docx")."""
    targets: dict[Path, Path] = {}
    used: set[Path] = set()
    for path in inputs:
        base = next((a for a in args if a.is_dir() and path.is_relative_to(a)), None)
        rel = path.relative_to(base) if base is not None else Path(path.name)
        target = folder / rel.with_suffix(f".{to.value}")
        if target in used:
            target = folder / rel.with_name(f"{rel.name}.{to.value}")
        used.add(target)
        targets[path] = target
    return targets


@app.command("fetch", cls=ZhCommand)
def fetch_cmd(
    urls: Annotated[list[str], typer.Argument(help="报告网页或附件的网址", show_default=False)],
    output: Annotated[Path, typer.Option("-o", "--output", help="保存原文件与报告模型的目录")] = Path("ogi-fetched"),
    pause: Annotated[float, typer.Option(help="对同一网站两次请求之间的间隔（秒）")] = 1.0,
    as_json: AsJson = False,
) -> None:
    """下载报告（网页只附链接时自动下载其PDF/DOCX附件），保存原始文件和来源网址，并读取、核对。"""
    import hashlib

    from ogi.check import Severity, check
    from ogi.extract.report import extract_report
    from ogi.read.fetch import Fetcher, FetchSettings

    output.mkdir(parents=True, exist_ok=True)
    results: list[dict] = []
    status = 0
    with Fetcher(FetchSettings(pause=pause)) as fetcher:
        for url in urls:
            try:
                got = fetcher.fetch(url)
                report = extract_report(got.document)
            except Exception as exc:  # noqa: BLE001 - one bad address never stops the others
                error = exc if isinstance(exc, OgiError) else _internal_error(url, exc)
                status = EXIT_UNREADABLE
                results.append({"url": url, "status": "unreadable",
                                "error": {"code": error.code, "message": error.message()}})
                if not as_json:
                    out.print(f"[red]失败[/red] {escape(url)}：{escape(error.message())}")
                continue
            sha = hashlib.sha256(got.data).hexdigest()
            suffix = {"pdf": ".pdf", "docx": ".docx", "html": ".html"}.get(got.document.form, ".txt")
            (output / f"{sha}{suffix}").write_bytes(got.data)
            report.source_url, report.source_sha256, report.source_name = got.final_url, sha, got.final_url
            (output / f"{sha}.json").write_text(report.model_dump_json(indent=2), encoding="utf-8")
            findings = check(report)
            results.append({"url": url, "final_url": got.final_url, "via": got.via, "status": "read",
                            "sha256": sha, "saved": str(output / f"{sha}{suffix}"),
                            "metadata": report.metadata.model_dump(mode="json"),
                            "counts": {s.value: sum(f.severity is s for f in findings) for s in Severity}})
            if not as_json:
                out.print(f"[green]已下载[/green] {got.final_url} → {output / (sha + suffix)}")
                out.print("  " + _summary(report, findings))
    if as_json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
    raise typer.Exit(status)


@app.command("demo", cls=ZhCommand)
def demo_cmd(as_json: AsJson = False) -> None:
    """读取并核对随软件附带的五份样例报告（真实发布报告的文本）。"""
    files = sorted(SAMPLES.glob("*.txt"))
    if not as_json:
        out.print(f"样例报告目录：{SAMPLES}")
    try:
        check_cmd(files, as_json=as_json)
    except typer.Exit as done:
        if done.exit_code == EXIT_UNREADABLE:
            raise
    # findings in the samples are the point of the demo, not a failure of it


@app.command("schema", cls=ZhCommand)
def schema_cmd(
    output: Annotated[Path | None, typer.Option("-o", "--output", help="写入文件（默认输出到屏幕）")] = None,
    keys: Annotated[bool, typer.Option("--keys", help="输出各表行、列的稳定键名（Markdown）")] = False,
) -> None:
    """输出报告模型的 JSON Schema（研究者据此使用 --json 的输出）。"""
    from ogi.model.schema import keys_markdown, report_json_schema
    if keys:
        text = keys_markdown()
    else:
        text = json.dumps(report_json_schema(), ensure_ascii=False, indent=2) + "\n"
    if output is None:
        print(text, end="")
        return
    result = _attempt(output, lambda: write_atomic(output, text.encode("utf-8")))
    if isinstance(result, OgiError):
        err.print(f"[red]失败[/red] {escape(result.message())}")
        raise typer.Exit(EXIT_UNREADABLE)
    err.print(f"已写入 {escape(display_name(output))}")


@app.command("rules", cls=ZhCommand)
def rules_cmd(as_json: AsJson = False) -> None:
    """列出全部核对规则（编号、级别、名称、说明）。"""
    from ogi.check import RULES
    if as_json:
        rows = [{"id": r.id, "severity": r.severity.value, "title": r.title, "description": r.description}
                for r in RULES.values()]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    from rich.table import Table

    table = Table("编号", "级别", "名称", "说明")
    for r in RULES.values():
        table.add_row(r.id, r.severity.label, r.title, r.description)
    out.print(table)


def _register_groups() -> None:
    from ogi.cli_corpus import corpus_app, ingest_cmd
    from ogi.cli_office import office_app
    from ogi.cli_web import serve_cmd, user_app

    app.command("ingest", cls=ZhCommand)(ingest_cmd)
    app.add_typer(corpus_app, name="corpus")
    app.add_typer(office_app, name="office")
    app.command("serve", cls=ZhCommand)(serve_cmd)
    app.add_typer(user_app, name="user")


_register_groups()


def main() -> None:
    """Console entry point: usage errors in Chinese; never a traceback."""
    try:
        code = app(standalone_mode=False)
    except KeyboardInterrupt:
        err.print("已中断")
        sys.exit(130)
    except ZhUsageError as exc:  # the command line's usage errors, told in Chinese with the usage line
        exc.show()
        sys.exit(exc.exit_code)
    except typer.TyperException as exc:  # the others (no arguments: the help; Ctrl-C at a prompt)
        sys.exit(_usage_error(exc))
    except Exception as exc:  # noqa: BLE001 - never a traceback: one Chinese line, the details in the log
        err.print(f"[red]失败[/red] {escape(_internal_error('ogi', exc).message())}")
        sys.exit(EXIT_UNREADABLE)
    sys.exit(code if isinstance(code, int) else 0)


def _usage_error(exc: Exception) -> int:
    """Given a usage error of the command line (a private class of typer), print it in Chinese; return the
    exit status."""
    kind = type(exc).__name__
    ctx = getattr(exc, "ctx", None)
    if kind == "NoArgsIsHelpError":
        exc.show()  # type: ignore[attr-defined]  # the help text itself
        return 2
    if kind == "Abort":
        err.print("已中断")
        return 1
    param = getattr(exc, "param", None)
    name = (param.opts[0] if param is not None and getattr(param, "opts", None) else
            getattr(param, "name", None) or getattr(exc, "option_name", None) or "")
    reasons = {"MissingParameter": f"缺少参数 {name}", "NoSuchOption": f"没有选项 {name}",
               "BadParameter": f"参数 {name} 的取值无效", "BadOptionUsage": f"选项 {name} 用法不对",
               "BadArgumentUsage": "参数用法不对"}
    reason = reasons.get(kind) or ("没有这个命令" if "command" in str(exc).lower() else "命令用法不对")
    choices = getattr(getattr(param, "type", None), "choices", None)
    if kind == "BadParameter" and choices:
        reason += "，可选：" + "、".join(map(str, choices))
    where = f"ogi {ctx.command_path.split(' ', 1)[1]} --help" if ctx is not None and " " in ctx.command_path \
        else "ogi --help"
    err.print(f"[red]用法错误[/red] {escape(reason)}（用法见 {where}）")
    return int(getattr(exc, "exit_code", 2))
