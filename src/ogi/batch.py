"""Many files on every core: a function mapped over items by worker processes, results back in input order.

One bad item never stops a batch: the function's own failures come back as OgiError values (see `attempt`), and a
worker process that dies (a crash in a native library, the kernel's OOM killer) costs only the item it held: the
items that were in flight are run again one at a time in a fresh worker, so the one that kills its worker is
named and the rest come back as usual.
"""

from __future__ import annotations

import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from ogi.errors import InternalError, OgiError, ReadError, os_error_zh
from ogi.fileio import display_name

if TYPE_CHECKING:  # the pool is imported when a batch runs on more than one core
    from concurrent.futures import Future, ProcessPoolExecutor

__all__ = ["attempt", "default_jobs", "internal_error", "run", "tune_gc"]

T = TypeVar("T")
R = TypeVar("R")


def default_jobs() -> int:
    """The cores this process may use (the affinity mask, not the machine's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def attempt(name: Path | str, work: Callable[[], T]) -> T | OgiError:
    """Run one item's work; any failure becomes an OgiError naming the item, so a batch never stops.

    An unexpected exception (a defect, MemoryError, RecursionError) is one Chinese line for the user; its
    traceback goes to the log file (ogi.log.log_path())."""
    try:
        return work()
    except OgiError as exc:
        return exc
    except OSError as exc:
        return ReadError(display_name(name), f"无法打开文件：{os_error_zh(exc)}")
    except Exception as exc:  # noqa: BLE001 - the batch goes on; the details are in the log
        return internal_error(name, exc)


def internal_error(name: Path | str, exc: BaseException) -> InternalError:
    """Given an unexpected exception, log its traceback and return the one-line Chinese error naming the item."""
    from ogi.log import log_exception

    logged = log_exception(f"ogi {' '.join(map(display_name, sys.argv[1:]))[:500]} — {display_name(name)}", exc)
    kind = "内存不足" if isinstance(exc, MemoryError) else "内部错误"
    where = f"，详细信息已写入日志 {logged}" if logged else ""
    return InternalError(display_name(name), f"{kind}（{type(exc).__name__}）{where}；请将该文件与日志一并反馈")


def run(func: Callable[[T], R], items: Iterable[T], *, jobs: int = 1, name: Callable[[T], str] = str,
        ordered: bool = True, chunk: int = 1) -> Iterator[tuple[T, R | OgiError]]:
    """Given a picklable top-level function and items, yield (item, func(item) or its OgiError).

    jobs=1 runs in this process. Otherwise `jobs` worker processes take the items `chunk` at a time (a chunk of
    several light items costs one round trip), at most 4·jobs chunks in flight (a folder of 100,000 files is not
    submitted at once); with ordered=False results come as their chunks finish."""
    if jobs <= 1:
        for item in items:
            yield item, attempt(name(item), lambda item=item: func(item))
        return
    yield from _pooled(func, iter(items), jobs, name, ordered, max(1, chunk))


def _pooled(func: Callable[[T], R], items: Iterator[T], jobs: int, name: Callable[[T], str],
            ordered: bool, chunk: int) -> Iterator[tuple[T, R | OgiError]]:
    from concurrent.futures.process import BrokenProcessPool

    window = 4 * jobs
    pool = _pool(jobs)
    pending: deque[tuple[list[T], Future | None]] = deque()  # None: not taken by a pool that had already broken
    try:
        while True:
            while len(pending) < window and (group := list(islice(items, chunk))):
                try:
                    future: Future | None = pool.submit(_call_all, func, group, [name(i) for i in group])
                except BrokenProcessPool:
                    future = None
                pending.append((group, future))
            if not pending:
                return
            if not ordered:
                _wait_first(pending)
            group, future = pending.popleft()
            try:
                if future is None:
                    raise BrokenProcessPool("lost")
                results = future.result()
            except BrokenProcessPool:
                # a worker died: every item in flight failed with it; find which one killed it, alone
                pool.shutdown(wait=False, cancel_futures=True)
                lost = [*group, *(i for g, _ in pending for i in g)]
                pending.clear()
                for i in lost:
                    yield i, _alone(func, i, name(i))
                pool = _pool(jobs)
                continue
            yield from zip(group, results, strict=True)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


_END = object()


def _wait_first(pending: deque[tuple[list[T], Future | None]]) -> None:
    """Move the first finished future to the front of the queue (an item no pool took counts as finished)."""
    from concurrent.futures import FIRST_COMPLETED, wait

    if any(f is None for _, f in pending):
        done = {None}
    else:
        done, _ = wait([f for _, f in pending], return_when=FIRST_COMPLETED)
    for k, (_, f) in enumerate(pending):
        if f in done:
            pending.rotate(-k)
            first = pending.popleft()
            pending.rotate(k)
            pending.appendleft(first)
            return


def _alone(func: Callable[[T], R], item: T, label: str) -> R | OgiError:
    from concurrent.futures.process import BrokenProcessPool

    with _pool(1) as solo:
        try:
            return solo.submit(_call, func, item, label).result()
        except BrokenProcessPool:
            return InternalError(display_name(label), "处理该文件的进程异常退出（可能是文件触发了底层库的崩溃或内存耗尽）")


def _pool(jobs: int) -> ProcessPoolExecutor:
    import multiprocessing
    import threading
    from concurrent.futures import ProcessPoolExecutor

    # fork when this process runs no other thread: the workers start at once with what is loaded and cached here;
    # forkserver otherwise (a copy of a process holding threads — Rich's refresh thread — may deadlock)
    method = "fork" if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods() \
        else "forkserver"
    return ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context(method), initializer=_quiet)


def tune_gc() -> None:
    """Reading a report allocates some ten thousand small objects and keeps few: the collector's default
    (a pass every 700 allocations, over every module object too) costs about a fifth of the time. The objects
    alive now (the imported modules) are set aside for good, and young objects are collected less often."""
    import gc

    gc.freeze()
    gc.set_threshold(20_000, 20, 20)


def _quiet() -> None:
    """A worker's own stderr goes to the log file: what Python prints of a worker that dies is for the log, the
    user hears of it as one Chinese line naming the file. Its collector is tuned for reading (tune_gc)."""
    from ogi.log import log_path

    tune_gc()
    try:
        path = log_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        sys.stderr = open(path, "a", encoding="utf-8", errors="replace")  # noqa: SIM115 - lives with the worker
    except OSError:
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115


def _call(func: Callable[[T], R], item: T, label: str) -> R | OgiError:
    return attempt(label, lambda: func(item))


def _call_all(func: Callable[[T], R], items: list[T], labels: list[str]) -> list[R | OgiError]:
    return [_call(func, item, label) for item, label in zip(items, labels, strict=True)]
