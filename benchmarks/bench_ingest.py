"""Corpus mode throughput: `annales ingest` into SQLite against `annales code` on the same texts with the
same workers, both end to end on the command line (model load included), over several runs.

    python benchmarks/bench_ingest.py [--corpus synthetic|articles] [--articles N] [--workers 2] [--runs 3]

Corpora (corpora.py; no text read twice): `synthetic` (default), the first 1,000 (`--articles`) ~200-word NGEC
synthetic stories the annotated corpus did not take; `articles`, the 100 articles of 500-1,200 words written for
the benchmarks only. The defaults took 4.7 minutes for 3 runs on the shared 2-core machine (2026-12-06).

Each run writes the corpus as one JSON Lines feed, codes it with `annales code --format jsonl`, ingests it
into a new SQLite store, then ingests it again (which must add nothing). Printed: each step's median and
spread (min-max) over the runs, as articles/s and words/s, with its CPU seconds (the command and its workers),
the ratio of ingest to code throughput (per run, target >= 85%), the machine's load during each run, and the
largest process's memory.
"""

from __future__ import annotations

import argparse
import atexit
import json
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpora import header, load, word_count, write_feed  # noqa: E402
from measure import LoadLog, machine_line, own_cpu_seconds, rate_spread, spread  # noqa: E402

ANNALES = [sys.executable, "-m", "annales.cli"]


def timed(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and CPU seconds (the command and its workers) of one command."""
    t0, cpu0 = time.perf_counter(), own_cpu_seconds()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0, own_cpu_seconds() - cpu0


def one_run(feed: Path, db: Path, workers: int) -> dict:
    """Code, ingest and re-ingest the feed once; (wall, CPU) seconds of each and what the store holds."""
    w = ["--workers", str(workers)]
    code_s = timed(ANNALES + ["code", str(feed), "--format", "jsonl", *w])
    # --keep-going: a text annales refuses (one synthetic story is in Spanish) is listed in the store's errors
    # table, as `annales code` writes it as an error row; the run goes on and the exit status stays 0
    ingest_s = timed(ANNALES + ["ingest", str(feed), "--db", str(db), "--keep-going", *w])
    with sqlite3.connect(db) as con:
        stored = [con.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("articles", "events", "errors")]
    reingest_s = timed(ANNALES + ["ingest", str(feed), "--db", str(db), "--keep-going", *w])
    with sqlite3.connect(db) as con:
        again = [con.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("articles", "events", "errors")]
    if again != stored:
        sys.exit(f"re-ingest changed the store: {stored} articles, events, errors before, {again} after")
    return {
        "code": code_s,
        "ingest": ingest_s,
        "reingest": reingest_s,
        "articles": stored[0],
        "events": stored[1],
        "errors": stored[2],
        "store_mb": db.stat().st_size / 2**20,
    }


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", choices=["synthetic", "articles"], default="synthetic")
    ap.add_argument("--articles", type=int, default=None, help="How many (default: 1,000 stories / all 100 articles).")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    corpus = load(args.corpus, args.articles or (1000 if args.corpus == "synthetic" else None))
    n, words = len(corpus), word_count(corpus)
    print(header(args.corpus, corpus, args.runs))
    print(machine_line())
    tmp = Path(tempfile.mkdtemp(prefix="annales-bench-"))
    atexit.register(shutil.rmtree, tmp, True)  # the feeds and stores go, even when a command fails
    feed = tmp / "feed.jsonl"
    write_feed(feed, corpus)

    runs, loads = [], LoadLog()
    for k in range(1, args.runs + 1):
        loads.start()
        runs.append(one_run(feed, tmp / f"events-{k}.db", args.workers))
        loads.stop(f"run {k}")
        (tmp / f"events-{k}.db").unlink()
    code, ingest = [r["code"][0] for r in runs], [r["ingest"][0] for r in runs]
    code_cpu, ingest_cpu = [r["code"][1] for r in runs], [r["ingest"][1] for r in runs]
    share = [c / i for c, i in zip(code, ingest, strict=True)]
    cpu_share = [c / i for c, i in zip(code_cpu, ingest_cpu, strict=True)]
    last = runs[-1]
    print(
        f"annales code --format jsonl, {args.workers} workers: {spread(code)} = "
        f"{rate_spread(n, code, 'articles')}, {rate_spread(words, code, 'words')}; CPU {spread(code_cpu, 'CPU-s')}"
    )
    print(
        f"annales ingest --db (SQLite, clusters included), {args.workers} workers: {spread(ingest)} = "
        f"{rate_spread(n, ingest, 'articles')}, {rate_spread(words, ingest, 'words')}; "
        f"CPU {spread(ingest_cpu, 'CPU-s')}"
    )
    print(
        f"ingest throughput / code throughput (per run): median {statistics.median(share):.0%} "
        f"({min(share):.0%}-{max(share):.0%}; target >= 85%); in CPU time: median {statistics.median(cpu_share):.0%} "
        f"({min(cpu_share):.0%}-{max(cpu_share):.0%})"
    )
    print(f"re-ingest of the same feed (adds nothing): {spread([r['reingest'][0] for r in runs])}")
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"store: {last['articles']} articles, {last['events']} events, {last['errors']} texts refused "
        f"(the errors table), {last['store_mb']:.0f} MB; "
        f"peak memory of the largest process {child:.0f} MB"
    )
    print(loads.report())
    print(
        json.dumps(
            {
                "corpus": args.corpus,
                "articles": n,
                "words": words,
                "workers": args.workers,
                "code_s": [round(x, 2) for x in code],
                "ingest_s": [round(x, 2) for x in ingest],
                "reingest_s": [round(r["reingest"][0], 2) for r in runs],
                "code_cpu_s": [round(x, 2) for x in code_cpu],
                "ingest_cpu_s": [round(x, 2) for x in ingest_cpu],
                "events": last["events"],
                "load": loads.rows,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
