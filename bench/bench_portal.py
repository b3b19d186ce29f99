"""Benchmark: the public portal under load — N concurrent visitors browsing the portal's pages while citizens
submit online applications at R per second, for --seconds; then every tracking number a citizen was given is
looked up in the register (a lost submission is one answered with a number the register does not hold).

The server is a real `ogi serve` (uvicorn, --workers) in a subprocess, on a fresh database (a SQLite file in a
temporary folder, or --db, e.g. a PostgreSQL database it may empty) holding 300 proactively published items. Each
visitor is its own httpx client (own cookies), picks a portal page at random and pauses about --think seconds.
Each submission is a citizen of its own (its own cookies and, through X-Forwarded-For from the trusted local proxy
address, its own client address, as real citizens have): it opens the form, waits the 3 seconds a person needs at
least (the form refuses faster ones), sends it, and one in five then looks up its status with the number and
code. Printed: p50 / p95 / max per page kind, requests per second, errors, submissions answered and lost.

Run: .venv/bin/python bench/bench_portal.py [--seconds 60] [--visitors 100] [--rate 10] [--think 1] [--workers 1]
[--db URL]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import random
import re
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from bench_web import pct  # noqa: E402

from corpus.test_ingest import fresh  # noqa: E402
from web.server import Server, start  # noqa: E402

PAGES = {"门户首页": ["/portal"], "公开指南": ["/portal/guide"], "公开目录": ["/portal/catalogue"],
         "主动公开": [f"/portal/published?page={p}" for p in range(1, 11)], "申请表": ["/portal/apply"],
         "查询页": ["/portal/status"]}
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
FORM_TOKEN = re.compile(r'name="form_token" value="([^"]+)"')
REF = re.compile(r'id="tracking-ref">([^<]+)<')
CODE = re.compile(r'id="tracking-code">([^<]+)<')
FILL_SECONDS = 3.2


def prepare(url: str) -> None:
    """A fresh schema with 300 published items (a PostgreSQL database given by --db is emptied first)."""
    from ogi.office.records import PublishedItem
    from ogi.storage.db import session

    engine = fresh(url)
    with session(engine, "bench") as sess:
        for k in range(300):
            sess.add(PublishedItem(published_on=dt.date(2026, 1, 1) + dt.timedelta(days=k % 300), channel="门户网站",
                                   category=("规划计划", "财政信息", "行政许可", "法规文件")[k % 4],
                                   title=f"关于第{k}项工作的公告"))
    engine.dispose()


class Tally:
    def __init__(self) -> None:
        self.timings: dict[str, list[float]] = {}
        self.errors: list[str] = []
        self.refs: list[str] = []
        self.sent = 0
        self.took = 0.0

    async def timed(self, kind: str, call, expect: int = 200) -> httpx.Response | None:  # noqa: ANN001
        began = time.perf_counter()
        try:
            answer = await call
        except httpx.HTTPError as exc:
            self.errors.append(f"{kind}: {type(exc).__name__}")
            return None
        self.timings.setdefault(kind, []).append(time.perf_counter() - began)
        if answer.status_code != expect:
            self.errors.append(f"{kind}: {answer.status_code}")
            return None
        return answer


def client_for(base: str, address: str, transport: httpx.AsyncHTTPTransport) -> httpx.AsyncClient:
    """A browser of its own (its cookies, its address) over the one shared connection pool: a client per person
    made with its own pool and TLS context would cost the load generator more than the server."""
    return httpx.AsyncClient(base_url=base, timeout=60, headers={"X-Forwarded-For": address}, transport=transport,
                             trust_env=False)


async def visitor(base: str, until: float, seed: int, tally: Tally, think: float,
                  transport: httpx.AsyncHTTPTransport) -> None:
    rng = random.Random(seed)
    client = client_for(base, f"10.1.{seed // 250}.{seed % 250 + 1}", transport)
    while time.perf_counter() < until:
        await asyncio.sleep(think * rng.uniform(0.5, 1.5))
        kind = rng.choice(list(PAGES))
        await tally.timed(kind, client.get(rng.choice(PAGES[kind])))


async def citizen(base: str, k: int, tally: Tally, transport: httpx.AsyncHTTPTransport) -> None:
    client = client_for(base, f"10.2.{k // 250 % 250}.{k % 250 + 1}", transport)
    form = await tally.timed("申请表（提交前）", client.get("/portal/apply"))
    if form is None:
        return
    await asyncio.sleep(FILL_SECONDS)
    data = {"csrf_token": CSRF.search(form.text).group(1), "form_token": FORM_TOKEN.search(form.text).group(1),
            "website": "", "category": "natural_person" if k % 3 else "commercial_enterprise",
            "name": f"压测申请人{k}", "id_document": "11010519491231002X", "phone": f"139{k:08d}",
            "email": f"c{k}@example.com", "address": "", "form": "电子邮件发送电子文本",
            "request": f"第{k}号压测申请：2025年行政许可办理结果", "purpose": ""}
    tally.sent += 1
    done = await tally.timed("提交申请", client.post("/portal/apply", data=data))
    if done is None:
        return
    ref, code = REF.search(done.text), CODE.search(done.text)
    if not ref or not code:
        tally.errors.append("提交申请: 页面没有查询号")
        return
    tally.refs.append(ref.group(1))
    if k % 5 == 0:
        page = await tally.timed("查询页", client.get("/portal/status"))
        if page is not None:
            token = CSRF.search(page.text).group(1)
            shown = await tally.timed("查询结果", client.post("/portal/status", data={
                "csrf_token": token, "ref": ref.group(1), "code": code.group(1)}))
            if shown is not None and 'id="state">待处理<' not in shown.text:
                tally.errors.append("查询结果: 未显示状态")


async def load(base: str, visitors: int, seconds: float, rate: float, think: float) -> Tally:
    tally = Tally()
    began = time.perf_counter()
    until = began + seconds
    transport = httpx.AsyncHTTPTransport(limits=httpx.Limits(max_connections=400, max_keepalive_connections=200,
                                                                  keepalive_expiry=2))  # < uvicorn's 5 s
    browsing = [asyncio.create_task(visitor(base, until, k, tally, think, transport)) for k in range(visitors)]
    submissions = []
    k = 0
    while (now := time.perf_counter()) < until:
        submissions.append(asyncio.create_task(citizen(base, k, tally, transport)))
        k += 1
        await asyncio.sleep(max(0.0, began + k / rate - now))
    await asyncio.gather(*browsing, *submissions)
    await transport.aclose()
    tally.took = time.perf_counter() - began
    return tally


def missing_from_register(url: str, refs: list[str]) -> tuple[list[str], int]:
    """The numbers given out that the register does not hold, and how many online applications it holds."""
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from ogi.office.records import Application
    from ogi.storage.db import connect

    engine = connect(url)
    with Session(engine) as sess:
        held = set(sess.scalars(select(Application.ref).where(Application.channel == "网络")))
    engine.dispose()
    return [r for r in refs if r not in held], len(held)


def report(tally: Tally, visitors: int, rate: float, think: float, missing: list[str], held: int) -> None:
    total = sum(len(v) for v in tally.timings.values())
    took = tally.took
    print(f"\n{visitors} 个并发访客（每页间隔约 {think:g} 秒）+ 每秒 {rate:g} 份在线申请，{took:.0f} 秒，"
          f"共 {total} 次请求（{total / took:.0f} 次/秒），出错 {len(tally.errors)} 次")
    print(f"{'页面':14}{'次数':>7}{'p50 ms':>9}{'p95 ms':>9}{'最大 ms':>9}")
    for kind, values in tally.timings.items():
        print(f"{kind:14}{len(values):>7}{pct(values, .5) * 1000:>9.0f}{pct(values, .95) * 1000:>9.0f}"
              f"{max(values) * 1000:>9.0f}")
    for line in sorted(set(tally.errors))[:8]:
        print("  出错：", line, f"（{tally.errors.count(line)} 次）")
    duplicates = len(tally.refs) - len(set(tally.refs))
    print(f"\n在线申请：发出 {tally.sent} 份，得到查询号 {len(tally.refs)} 份（重复的查询号 {duplicates} 个），"
          f"台账中的网络申请 {held} 份；丢失（有查询号而台账中没有）{len(missing)} 份")


def main() -> None:
    parser = argparse.ArgumentParser(description="门户网站负载测试：并发访客浏览门户页面，同时按固定速率在线提交申请，"
                                                 "最后核对每个查询号都在台账中")
    parser.add_argument("--seconds", type=float, default=60, help="持续秒数（默认60）")
    parser.add_argument("--visitors", type=int, default=100, help="并发访客数（默认100）")
    parser.add_argument("--rate", type=float, default=10, help="每秒提交的申请数（默认10）")
    parser.add_argument("--think", type=float, default=1.0, help="访客两页之间的平均停顿秒数（默认1）")
    parser.add_argument("--workers", type=int, default=1, help="服务器工作进程数（默认1；多进程请用 PostgreSQL）")
    parser.add_argument("--db", default=None, help="数据库网址（默认临时文件夹中的新 SQLite 文件；PostgreSQL 库会被清空）")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ogi-bench-portal-") as folder:
        url = args.db or f"sqlite:///{Path(folder) / 'portal.db'}"
        prepare(url)
        server: Server = start(url, env={"OGI_ADMIN_PASSWORD": "Bench-harbour-2026"},
                               args=("--workers", str(args.workers)))
        try:
            tally = asyncio.run(load(server.url, args.visitors, args.seconds, args.rate, args.think))
        finally:
            server.stop()
        missing, held = missing_from_register(url, tally.refs)
        report(tally, args.visitors, args.rate, args.think, missing, held)
        if tally.errors or missing:
            raise SystemExit(1)


if __name__ == "__main__":
    main()
