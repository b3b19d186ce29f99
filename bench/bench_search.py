"""Full-text search over the generated corpus of issue 12 (bench/make_corpus.py, 1,000 files by default): the time
of `ogi.corpus.search.search` (one page of 20 and the count) for phrases of 2, 3, 5 and 8 characters and for two
terms, on SQLite (FTS5 trigram) and, with --postgres URL, on PostgreSQL (pg_trgm).

    .venv/bin/python bench/bench_search.py                         # makes the corpus in a temporary folder
    .venv/bin/python bench/bench_search.py --corpus DIR --postgres postgresql://ogi:ogi@127.0.0.1/ogi_bench

Prints per database and phrase: reports found, median and worst of 20 runs in milliseconds.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

PHRASES = ["公开", "申请人", "政府信息公开", "依申请公开政府信息", "主动公开 行政许可"]
RUNS = 20


def _store(url: str, corpus: Path) -> float:
    from ogi.batch import default_jobs
    from ogi.corpus.ingest import ingest
    from ogi.storage.db import ready

    started = time.perf_counter()
    ingest(ready(url), [str(corpus)], jobs=default_jobs())
    return time.perf_counter() - started


def _time(url: str) -> None:
    from ogi.corpus.search import search
    from ogi.storage.db import ready

    engine = ready(url)
    for phrase in PHRASES:
        times, total = [], 0
        for _ in range(RUNS):
            with engine.connect() as conn:
                started = time.perf_counter()
                total = search(conn, phrase).total
                times.append((time.perf_counter() - started) * 1000)
        print(f"  {phrase:<12} {total:6} 份  中位 {statistics.median(times):7.1f} ms  最长 {max(times):7.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description="全文检索计时（议题13）")
    parser.add_argument("--corpus", type=Path, help="已生成的语料文件夹（默认在临时文件夹中生成 1000 个文件，不含 PDF）")
    parser.add_argument("-n", type=int, default=1000)
    parser.add_argument("--postgres", help="另在该 PostgreSQL 数据库（须为空库）上计时")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = args.corpus
        if corpus is None:
            from corpus_gen import make_corpus

            corpus = Path(tmp) / "corpus"
            make_corpus(corpus, n=args.n, pdf_share=0.0)
        urls = [f"sqlite:///{Path(tmp) / 'search.db'}"] + ([args.postgres] if args.postgres else [])
        for url in urls:
            seconds = _store(url, corpus)
            print(f"{url.split(':')[0]}：导入 {seconds:.1f} 秒")
            _time(url)


if __name__ == "__main__":
    main()
