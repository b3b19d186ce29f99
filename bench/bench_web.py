"""Benchmark: `ogi serve` under load — N concurrent signed-in users browsing a corpus of 10,000 reports (p50 / p95 /
max latency per page kind, requests per second), and the time from uploading a PDF to its findings page.

The corpus is built once and kept in --store (default bench/.web-store): the five sample reports written out
10,000 times with the year of the title varied (2019–2024) and a number added to it (every file its own bytes), read
by `ogi ingest -j 2` into a SQLite store. The server is a real `ogi serve` (uvicorn, --workers) in a subprocess;
each user is its own httpx client with its own session, signed in through the real form, picking pages at random
from the list below for --seconds. The upload is a real PDF of ../shared/realdocs (the one closest to 6 pages; else
ogi's own rendering of a sample) with a numbered comment appended after %%EOF, posted to /reports/new; the time
is until the report page with its findings has arrived, median of --rounds.

Each user pauses about --think seconds between pages (a person reads the page; 0 measures the tight loop, where
50 users on 2 cores measure the throughput, not a browsing latency).

Run: .venv/bin/python bench/bench_web.py [--reports 10000] [--users 50] [--seconds 30] [--think 1] [--workers 2]
[--db URL]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import re
import statistics
import subprocess
import sys
import time
import zlib
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "src" / "ogi" / "samples"
REALDOCS = ROOT.parent / "shared" / "realdocs"
sys.path.insert(0, str(ROOT / "tests"))

from web.server import Server, start  # noqa: E402

PASSWORD = "Bench-harbour-2026"
YEARS = range(2019, 2025)


def make_files(folder: Path, count: int) -> None:
    """The samples written `count` times, the title's year varied and numbered."""
    folder.mkdir(parents=True, exist_ok=True)
    seeds = [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))]
    for k in range(count):
        text = seeds[k % len(seeds)]
        first = text.index("\n")
        title = re.sub(r"20\d\d", str(YEARS[k % len(YEARS)]), text[:first], count=1)
        (folder / f"r{k:05d}.txt").write_text(f"{title}（第{k}号）{text[first:]}", encoding="utf-8")


def build_store(store: Path, count: int, url: str | None) -> str:
    """The database URL of a store holding `count` reports (made once, then reused)."""
    url = url or f"sqlite:///{store / f'web-{count}.db'}"
    marker = store / f"ingested-{count}-{zlib.crc32(url.encode()):08x}"  # hash() differs per process
    if marker.exists():
        return url
    files = store / f"files-{count}"
    if not files.exists():
        make_files(files, count)
    began = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "ogi", "ingest", str(files), "--db", url, "-j", "2", "--json"],
                          capture_output=True, text=True)
    if done.returncode not in (0, 2):
        raise SystemExit(f"ogi ingest 失败（{done.returncode}）：{done.stderr[-800:]}")
    print(f"报告库已建立：{count} 份，用时 {time.perf_counter() - began:.0f} 秒")
    marker.write_text(url, encoding="utf-8")
    return url


async def sign_in(base: str) -> httpx.AsyncClient:
    client = httpx.AsyncClient(base_url=base, timeout=60)
    form = (await client.get("/login")).text
    token = form.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    answer = await client.post("/login", data={"name": "admin", "password": PASSWORD, "csrf_token": token})
    if answer.status_code != 303:
        raise SystemExit(f"登录失败：{answer.status_code}")
    return client


async def discover(client: httpx.AsyncClient) -> dict[str, list[str]]:
    """The pages to browse, by kind: found from the list pages as a user would (report and cell links)."""
    listing = (await client.get("/reports")).text
    shas = sorted(set(re.findall(r'href="/reports/([0-9a-f]{64})"', listing)))[:20]
    cells: list[str] = []
    for sha in shas[:5]:
        page = (await client.get(f"/reports/{sha}")).text
        cells += [c.replace("&amp;", "&") for c in re.findall(r'href="(/reports/[0-9a-f]{64}/cell\?[^"]+)"', page)][:5]
    kinds = {
        "报告列表": [f"/reports?page={p}" for p in range(1, 50)],
        "报告列表（按年度）": [f"/reports?year={y}" for y in YEARS],
        "单份报告": [f"/reports/{s}" for s in shas],
        "单元格": cells,
        "接口：报告列表": [f"/api/v1/reports?page={p}&per_page=50" for p in range(1, 20)],
        "报告库筛选": [f"/corpus?year={y}" for y in YEARS] + ["/corpus"],
        "全文检索": ["/corpus/search?q=依申请公开", "/corpus/search?q=行政复议", "/corpus/search?q=政府网站"],
        "地区": ["/corpus/region"],
    }
    present = {}
    for kind, paths in kinds.items():
        if paths and (await client.get(paths[0])).status_code == 200:
            present[kind] = paths
        else:
            print(f"（跳过：{kind}，本版本无此页面）")
    return present


async def user(client: httpx.AsyncClient, kinds: dict[str, list[str]], until: float, seed: int,
               timings: dict[str, list[float]], errors: list[str], think: float) -> None:
    """One user: a page, then a pause of think × (0.5–1.5) seconds (0: no pause — every user a tight loop)."""
    rng = random.Random(seed)
    names = list(kinds)
    while time.perf_counter() < until:
        if think:
            await asyncio.sleep(think * rng.uniform(0.5, 1.5))
        kind = rng.choice(names)
        path = rng.choice(kinds[kind])
        began = time.perf_counter()
        answer = await client.get(path)
        timings.setdefault(kind, []).append(time.perf_counter() - began)
        if answer.status_code != 200:
            errors.append(f"{answer.status_code} {path}")


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def load(base: str, users: int, seconds: float, think: float) -> None:
    clients = [await sign_in(base) for _ in range(users)]
    kinds = await discover(clients[0])
    timings: dict[str, list[float]] = {}
    errors: list[str] = []
    began = time.perf_counter()
    await asyncio.gather(*(user(c, kinds, began + seconds, k, timings, errors, think) for k, c in enumerate(clients)))
    took = time.perf_counter() - began
    total = sum(len(v) for v in timings.values())
    print(f"\n{users} 个并发用户（每页间隔约 {think:g} 秒），{took:.0f} 秒，共 {total} 次请求（{total / took:.0f} 次/秒），出错 {len(errors)} 次")
    print(f"{'页面':22}{'次数':>7}{'p50 ms':>9}{'p95 ms':>9}{'最大 ms':>9}")
    for kind, values in timings.items():
        print(f"{kind:22}{len(values):>7}{pct(values, .5) * 1000:>9.0f}{pct(values, .95) * 1000:>9.0f}"
              f"{max(values) * 1000:>9.0f}")
    for line in errors[:5]:
        print("  出错：", line)
    for c in clients:
        await c.aclose()


def upload_pdf() -> tuple[bytes, int]:
    import pypdfium2

    candidates = sorted(REALDOCS.glob("*.pdf")) if REALDOCS.is_dir() else []
    if candidates:
        pages = {p: len(pypdfium2.PdfDocument(str(p))) for p in candidates}
        chosen = min(pages, key=lambda p: abs(pages[p] - 6))
        return chosen.read_bytes(), pages[chosen]
    from ogi.api import parse_file
    from ogi.render import render

    data = render(parse_file(next(SAMPLES.glob("000_*.txt"))), "pdf")
    return data, len(pypdfium2.PdfDocument(data))


def upload_to_findings(base: str, rounds: int) -> None:
    data, pages = upload_pdf()
    times = []
    with httpx.Client(base_url=base, timeout=120) as client:
        form = client.get("/login").text
        token = form.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
        client.post("/login", data={"name": "admin", "password": PASSWORD, "csrf_token": token})
        for k in range(rounds):
            page = client.get("/reports/new").text
            token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
            body = data + f"\n%ogi-bench-upload {time.time_ns()} {k}\n".encode()
            began = time.perf_counter()
            answer = client.post("/reports/new", data={"csrf_token": token},
                                 files={"file": ("bench.pdf", body, "application/pdf")}, follow_redirects=True)
            times.append(time.perf_counter() - began)
            if answer.status_code != 200 or not re.search(r"/reports/[0-9a-f]{64}$", str(answer.url)):
                raise SystemExit(f"上传失败：{answer.status_code}")
    print(f"\n上传到显示核对结果（{pages} 页 PDF，{rounds} 次）：中位数 {statistics.median(times):.2f} 秒，"
          f"最快 {min(times):.2f} 秒，最慢 {max(times):.2f} 秒")


def main() -> None:
    parser = argparse.ArgumentParser(description="网页负载测试：并发用户浏览报告库，以及上传到显示核对结果的时间")
    parser.add_argument("--reports", type=int, default=10000, help="报告库中的报告数（默认10000）")
    parser.add_argument("--users", type=int, default=50, help="并发用户数（默认50）")
    parser.add_argument("--seconds", type=float, default=30, help="浏览持续秒数（默认30）")
    parser.add_argument("--think", type=float, default=1.0,
                        help="每个用户两页之间的平均停顿秒数（默认1；0为不停顿，测最大吞吐）")
    parser.add_argument("--workers", type=int, default=2, help="服务器工作进程数（默认2）")
    parser.add_argument("--rounds", type=int, default=5, help="上传测量次数（默认5）")
    parser.add_argument("--db", default=None, help="数据库网址（默认 --store 中的 SQLite 文件）")
    parser.add_argument("--store", type=Path, default=ROOT / "bench" / ".web-store", help="报告库缓存文件夹")
    args = parser.parse_args()
    args.store.mkdir(parents=True, exist_ok=True)
    url = build_store(args.store, args.reports, args.db)
    server: Server = start(url, env={"OGI_ADMIN_PASSWORD": PASSWORD},
                           args=("--workers", str(args.workers)))
    try:
        asyncio.run(load(server.url, args.users, args.seconds, args.think))
        upload_to_findings(server.url, args.rounds)
    finally:
        server.stop()


if __name__ == "__main__":
    main()
