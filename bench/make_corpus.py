"""Make the test corpus of issue 12 and print what it holds and how long it took.

Run: .venv/bin/python bench/make_corpus.py OUT_DIR [-n 1000] [--seed 0] [--pdf-share 0.08] [--cache DIR]

OUT_DIR must be empty or absent; the manifest is written beside it (OUT_DIR.manifest.json). The PDF
conversions (and ogi's DOCX rendering) are cached by content hash in --cache (default: OUT_DIR's parent /
.corpus-cache), so a second run into another folder is fast. Generated, never committed.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from corpus_gen import make_corpus, manifest_path  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description="生成测试语料库（议题12）：各种形式的年度报告、损坏文件、重复文件和清单")
    parser.add_argument("out", type=Path, help="输出文件夹（须为空或不存在）")
    parser.add_argument("-n", type=int, default=1000, help="至少生成的文件数（默认1000）")
    parser.add_argument("--seed", type=int, default=0, help="随机种子（相同种子生成相同语料）")
    parser.add_argument("--pdf-share", type=float, default=0.08, help="PDF文件所占比例（默认0.08）")
    parser.add_argument("--cache", type=Path, default=None, help="转换缓存文件夹（默认为输出文件夹旁的 .corpus-cache）")
    args = parser.parse_args()
    start = time.perf_counter()
    try:
        manifest = make_corpus(args.out, n=args.n, seed=args.seed, pdf_share=args.pdf_share, cache=args.cache)
    except FileExistsError:
        sys.exit(f"输出文件夹不为空：{args.out}")
    seconds = time.perf_counter() - start
    for form, count in manifest.counts().items():
        print(f"{form:22} {count:6}")
    print(f"报告数（含原件）        {len(manifest.reports):6}")
    print(f"系列                   {len(manifest.series):6}")
    print(f"缓存命中/未命中         {manifest.cache['hits']}/{manifest.cache['misses']}")
    print(f"用时                   {seconds:6.1f} 秒")
    print(f"清单                   {manifest_path(args.out)}")


if __name__ == "__main__":
    main()
