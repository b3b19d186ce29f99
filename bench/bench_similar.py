"""雷同 detection on synthetic corpora: index build time, all-pairs time, memory peak and recall of planted copies.

    .venv/bin/python bench/bench_similar.py              # 10,000 reports (median of 3 rounds) and 100,000 (1 round)
    .venv/bin/python bench/bench_similar.py --sizes 2000 --rounds 1

Each report has four sections of random prose (two-character words of the seeds, ~2,300 characters in all) and
the national template's fixed sentences (boilerplate, in every report). 2% of the reports copy a passage of
300 characters, or a whole section, from another report (its agency's name and the year changed). Each round
runs in a process of its own, so its peak memory (ru_maxrss) is its own; "texts" is the peak before the index.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests")]

TEMPLATE = {
    "general": "根据《中华人民共和国政府信息公开条例》（以下简称《条例》）规定，现公布本机关年度政府信息公开工作报告。"
               "本报告中所列数据的统计期限自1月1日起至12月31日止。",
    "other": "本年度没有需要收费的信息公开申请件，故没有发出收费通知也无实际收费。无其他需要报告的事项。",
}
SECTIONS = {"general": 900, "proactive": 500, "problems": 500, "other": 400}
COPY_SHARE = 0.02


def corpus(n: int, seed: int = 7):
    """n synthetic reports as (id, sections, agency, year), and the planted copies as (copy id, source id)."""
    import numpy as np

    from corpus.series import seeds, vocabulary

    rng = np.random.default_rng(seed)
    words = np.array(vocabulary(list(seeds().values())) + ["，"] * 60 + ["。"] * 40)
    reports = []
    for i in range(n):
        year = 2021 + i % 4
        agency = f"第{i}号市测试局"
        sections = {}
        for key, chars in SECTIONS.items():
            text = "".join(words[rng.integers(0, len(words), chars // 2)])
            sections[key] = f"{year}年，{agency}" + TEMPLATE.get(key, "") + text
        reports.append((f"r{i}", sections, agency, year))
    planted = []
    sources = rng.permutation(n)
    n_copies = int(n * COPY_SHARE)
    for c, s in zip(sources[:n_copies].tolist(), sources[n_copies:2 * n_copies].tolist(), strict=True):
        cid, csec, cagency, cyear = reports[c]
        sid, ssec, sagency, syear = reports[s]
        key = list(SECTIONS)[c % len(SECTIONS)]
        source_text = ssec[key].replace(sagency, cagency).replace(str(syear), str(cyear))
        if c % 2:  # a whole section
            csec[key] = source_text
        else:  # a passage of 300 characters in the middle of the copy's own text
            start = len(source_text) // 3
            cut = len(csec[key]) // 2
            csec[key] = csec[key][:cut] + source_text[start:start + 300] + csec[key][cut:]
        planted.append((cid, sid))
    return reports, planted


def one_round(n: int) -> dict:
    from ogi.corpus.similar import SimilarityIndex

    reports, planted = corpus(n)
    texts_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    index = SimilarityIndex()
    for rid, sections, agency, year in reports:
        index.add_sections(rid, sections, agency=agency, year=year)
    if index.boilerplate is None:
        index.learn_boilerplate()
    t1 = time.perf_counter()
    candidates = index.candidates()
    t2 = time.perf_counter()
    pairs = [p for c in sorted(candidates) if (p := index.verify(*c)) is not None]
    t3 = time.perf_counter()
    found = {frozenset((p.a.report_id, p.b.report_id)) for p in pairs}
    want = {frozenset(pair) for pair in planted}
    return {
        "n": n, "build_s": t1 - t0, "candidates_s": t2 - t1, "verify_s": t3 - t2, "candidates": len(candidates),
        "pairs": len(found), "planted": len(want), "recall": len(found & want) / len(want) if want else 1.0,
        "unplanted_pairs": len(found - want), "skipped_buckets": index.skipped_buckets,
        "windows": int(len(index._bands)), "boilerplate_shingles": int(len(index.boilerplate)),
        "texts_peak_mb": texts_peak / 1024, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--rounds", type=int, default=None, help="rounds per size (default 3 under 50,000, else 1)")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(one_round(args.child)))
        return
    for n in args.sizes:
        rounds = args.rounds or (3 if n < 50_000 else 1)
        results = []
        for _ in range(rounds):
            out = subprocess.run([sys.executable, __file__, "--child", str(n)], capture_output=True, text=True,
                                 check=True)
            results.append(json.loads(out.stdout.strip().splitlines()[-1]))
        med = {k: statistics.median(r[k] for r in results) for k in results[0]}
        total = med["build_s"] + med["candidates_s"] + med["verify_s"]
        print(f"{n:>7} reports, {rounds} round(s), median: build {med['build_s']:.1f} s, candidates "
              f"{med['candidates_s']:.1f} s, verify {med['verify_s']:.1f} s, total {total:.1f} s "
              f"({n / total:.0f} reports/s)")
        print(f"         windows {med['windows']:.0f}, boilerplate shingles {med['boilerplate_shingles']:.0f}, "
              f"candidate section pairs {med['candidates']:.0f}, skipped buckets {med['skipped_buckets']:.0f}")
        print(f"         planted copies {med['planted']:.0f}, recall {med['recall']:.3f}, pairs not planted "
              f"{med['unplanted_pairs']:.0f}; peak memory {med['peak_mb']:.0f} MB (texts alone {med['texts_peak_mb']:.0f} MB)")


if __name__ == "__main__":
    main()
