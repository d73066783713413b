"""Corpus mode throughput: `annales ingest` into SQLite against `annales code` on the same articles with
the same workers (both end to end, model load included).

    python benchmarks/bench_ingest.py [--articles 5000] [--words 300] [--workers 2]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_throughput import write_feed  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=5000)
    ap.add_argument("--words", type=int, default=300)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="annales-bench-"))
    feed = tmp / "feed.jsonl"
    corpus = write_feed(feed, args.articles, args.words)
    n_words = sum(len(a["text"].split()) for a in corpus)
    print(f"corpus: {len(corpus)} articles, {n_words:,} words")
    annales = [sys.executable, "-m", "annales.cli"]
    env = dict(os.environ)
    t0 = time.perf_counter()
    subprocess.run(annales + ["code", str(feed), "--format", "jsonl", "--workers", str(args.workers)],
                   check=True, stdout=subprocess.DEVNULL, env=env)
    code_s = time.perf_counter() - t0
    print(f"annales code,   {args.workers} workers: {code_s:.1f} s = {len(corpus) / code_s:.1f} articles/s")
    db = tmp / "events.db"
    t0 = time.perf_counter()
    subprocess.run(annales + ["ingest", str(feed), "--db", str(db), "--workers", str(args.workers)],
                   check=True, stderr=subprocess.DEVNULL, env=env)
    ingest_s = time.perf_counter() - t0
    print(f"annales ingest, {args.workers} workers: {ingest_s:.1f} s = {len(corpus) / ingest_s:.1f} articles/s")
    print(f"ingest throughput / code throughput: {code_s / ingest_s:.0%} (target >= 85%)")
    t0 = time.perf_counter()
    subprocess.run(annales + ["ingest", str(feed), "--db", str(db), "--workers", str(args.workers)],
                   check=True, stderr=subprocess.DEVNULL, env=env)
    print(f"re-ingest of the same feed (adds nothing): {time.perf_counter() - t0:.1f} s")
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak memory of the largest process: {child:.0f} MB; store size {db.stat().st_size / 2**20:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
