"""The same ingest on a Dask cluster (`ogi ingest --workers N` for a local cluster of worker processes,
`--scheduler tcp://…` for one that spans machines), PostgreSQL as the shared store.

The client lists the sources, stores the bytes of local files once (as the local ingest does) and submits one task
per file to be read. Each task carries only the hash and the name: its worker loads the bytes from the store (or
downloads the URL), reads and checks the file, and writes the outcome itself, idempotently. A worker lost mid-task
is replaced by Dask running the task again elsewhere; the write of a task run twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from ogi.corpus.ingest import Plan, Progress
from ogi.corpus.store import store_task
from ogi.corpus.work import Task

if TYPE_CHECKING:
    from distributed import Client

__all__ = ["ingest_on_cluster"]

def ingest_on_cluster(engine: Engine, args: Iterable[str], *, workers: int | None = None,
                      scheduler: str | None = None, progress: Callable[[Progress], None] | None = None,
                      ocr: str = "never") -> Progress:
    """Given a migrated engine, the sources, and either a worker count (a local cluster is started) or a
    scheduler address, ingest on the cluster; return the counts. ocr: how scans are read (ogi.corpus.ingest);
    the cluster's workers need the `ocr` extra for it."""
    from ogi.errors import InternalError

    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:  # the optional extra is not installed
        raise InternalError("Dask", "未安装分布式组件，请执行 pip install 'ogi[distributed]'") from exc
    url = engine.url.render_as_string(hide_password=False)
    if scheduler:
        with Client(scheduler) as client:
            return _run(client, engine, url, args, progress, ocr)
    with LocalCluster(n_workers=workers or 1, threads_per_worker=1, processes=True, dashboard_address=None) as cl, \
            Client(cl) as client:
        return _run(client, engine, url, args, progress, ocr)


def _run(client: Client, engine: Engine, url: str, args: Iterable[str],
         progress: Callable[[Progress], None] | None, ocr: str) -> Progress:
    from distributed import as_completed

    from ogi.errors import InternalError

    plan = Plan(engine, args, progress, ocr=ocr)
    window = 4 * max(1, len(client.scheduler_info().get("workers", {})) or 1)
    tasks = iter(plan.tasks())
    running: dict[object, Task] = {}

    def submit() -> bool:
        task = next(tasks, None)
        if task is None:
            return False
        plan.write.commit()  # the bytes are in the store before a worker looks for them
        light = replace(task, data=None) if task.sha256 else task
        future = client.submit(store_task, url, light, pure=False, retries=2)
        running[future] = task
        pending.add(future)
        return True

    pending = as_completed()
    try:
        while len(running) < window and submit():
            pass
        for future in pending:
            task = running.pop(future)
            try:
                status, sha, code, message = future.result()
            except Exception as exc:  # noqa: BLE001 - a task lost past its retries: said, tried on the next run
                plan.crashed(task, InternalError(task.name, f"集群任务失败：{type(exc).__name__}"))
            else:
                if status == "crashed":
                    plan.crashed(task, InternalError(task.name, message or ""))
                else:
                    plan.stored(status, sha)
            while len(running) < window and submit():
                pass
    finally:
        plan.write.close()
    return plan.counts
