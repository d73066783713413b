"""The local engine against the Ray engine on the same texts, both end to end through `annales code` (model load
and, for Ray, starting a local Ray included), over several runs, and a projection to a GDELT day and an archive.

    python benchmarks/bench_ray.py [--corpus synthetic|articles] [--articles N] [--runs 3]

Corpora (corpora.py; no text read twice): `synthetic` (default), the first 500 (`--articles`) ~200-word NGEC
synthetic stories the annotated corpus did not take; `articles`, the 100 articles of 500-1,200 words written for
the benchmarks only. The defaults took 7 minutes for 3 runs on the shared 2-core machine (2026-12-06).

Each run codes the feed with the local engine on 2 workers, Ray on 1 worker and Ray on 2 workers, and each of
them also codes a feed of the first text alone: its time is the fixed cost (start-up), and the texts after
the first divided by the difference give the rate once started, from which the projection is made.
CPU-seconds are those of the command's whole process tree (Ray's GCS, raylet and workers included: this
benchmark adopts the daemons a run leaves behind and waits for them); memory is the largest sum of the
tree's PSS (shared pages divided among the processes, so Ray's object store is counted once), sampled every
0.5 s. Neither counts other jobs on the machine, whose share of the cores is printed for each run.
"""

from __future__ import annotations

import argparse
import atexit
import hashlib
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpora import header, load, word_count, write_feed  # noqa: E402
from measure import LoadLog, PeakMemory, adopt_orphans, machine_line, own_cpu_seconds, reap_orphans, spread  # noqa: E402

ENGINES = {
    "local engine, 2 workers": ["--workers", "2"],
    "ray engine, 1 worker": ["--workers", "1", "--engine", "ray"],
    "ray engine, 2 workers": ["--workers", "2", "--engine", "ray"],
}


def code(feed: Path, flags: list[str]) -> dict:
    """`annales code FEED --format jsonl FLAGS`: wall and CPU seconds of its process tree, peak PSS, the output."""
    cmd = [sys.executable, "-m", "annales.cli", "code", str(feed), "--format", "jsonl", *flags]
    cpu0 = own_cpu_seconds()
    with PeakMemory() as memory:
        t0 = time.perf_counter()
        out = subprocess.run(cmd, check=True, capture_output=True).stdout
        wall = time.perf_counter() - t0
        lingering = reap_orphans()
    if lingering:
        print(f"  (processes {lingering} outlived the run by a minute and were stopped)")
    docs = [json.loads(line) for line in out.splitlines() if line.strip()]
    return {
        "wall": wall,
        "cpu": own_cpu_seconds() - cpu0,
        "peak_mb": memory.peak,
        "documents": len(docs),
        "events": sum(len(d["events"]) for d in docs),
        "digest": hashlib.sha256(out).hexdigest()[:12],
    }


def summary(n: int, words: int, label: str, full: list[dict], first: list[dict]) -> dict:
    """Prints one engine's line: medians and spreads of its runs; returns its steady rate (texts after start-up)."""
    walls = [r["wall"] for r in full]
    # a run whose start-up alone took as long as the whole feed (too few texts, or a burst of load) says nothing
    steady = [(n - 1) / (r["wall"] - f["wall"]) for r, f in zip(full, first, strict=True) if r["wall"] > f["wall"]]
    # articles per CPU-second once started: what one core kept busy would code, whatever the load
    per_cpu = [(n - 1) / (r["cpu"] - f["cpu"]) for r, f in zip(full, first, strict=True) if r["cpu"] > f["cpu"]]
    print(
        f"{label}: {spread(walls)} = {statistics.median(n / w for w in walls):.1f} articles/s, "
        f"{statistics.median(words / w for w in walls):,.0f} words/s; "
        f"CPU {spread([r['cpu'] for r in full], 'CPU-s')}; "
        f"peak {statistics.median(r['peak_mb'] for r in full):,.0f} MB (PSS, max {max(r['peak_mb'] for r in full):,.0f})"
    )
    once = (
        f"{spread(steady, 'articles/s')}, {spread(per_cpu, 'articles per CPU-s')}"
        if steady and per_cpu
        else "not measurable (the start-up took as long as the whole feed: use more texts)"
    )
    print(f"  start-up (the first text alone): {spread([f['wall'] for f in first])}; once started: {once}")
    return {"walls": walls, "cpus": [r["cpu"] for r in full], "steady": steady, "per_cpu": per_cpu}


def project(ray_rows: dict, n: int, words: int) -> None:
    """Prints the cores a GDELT day and the hours an archive would take, from Ray's rate on 2 workers."""
    # A worker is one core. Per core, Ray on 2 workers once started codes half its wall-time rate (on a shared
    # machine, less than a core each) and at most its rate per CPU-second; the lower is used.
    if not ray_rows["steady"] or not ray_rows["per_cpu"]:
        print("no projection: the rate once started was not measurable")
        return
    by_wall, by_cpu = statistics.median(ray_rows["steady"]) / 2, statistics.median(ray_rows["per_cpu"])
    per_core = min(by_wall, by_cpu)
    per_word = per_core * words / n
    print(
        f"per core once started: {by_wall:.1f} articles/s by wall time, {by_cpu:.1f} per CPU-second; "
        f"projected with {per_core:.1f} articles/s of {words / n:.0f} words = {per_word:,.0f} words/s"
    )
    day, archive = 700_000, 50_000_000
    for length in (round(words / n), 600):
        rate = per_word / length
        print(
            f"  {length}-word articles: a {day:,}-article day in 24 h / 4 h / 1 h needs "
            f"{day / (rate * 24 * 3600):.1f} / {day / (rate * 4 * 3600):.1f} / {day / (rate * 3600):.1f} cores; "
            f"a {archive:,}-article archive takes {archive / (rate * 256) / 3600:.1f} h on 256 cores, "
            f"{archive / (rate * 1024) / 3600:.1f} h on 1,024"
        )


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", choices=["synthetic", "articles"], default="synthetic")
    ap.add_argument("--articles", type=int, default=None, help="How many (default: 500 stories / all 100 articles).")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    corpus = load(args.corpus, args.articles or (500 if args.corpus == "synthetic" else None))
    n, words = len(corpus), word_count(corpus)
    print(header(args.corpus, corpus, args.runs))
    print(machine_line())
    adopt_orphans()
    tmp = Path(tempfile.mkdtemp(prefix="annales-bench-"))
    atexit.register(shutil.rmtree, tmp, True)  # the feeds and stores go, even when a command fails
    feed, first_feed = tmp / "feed.jsonl", tmp / "first.jsonl"
    write_feed(feed, corpus)
    write_feed(first_feed, corpus[:1])

    full = {label: [] for label in ENGINES}
    first = {label: [] for label in ENGINES}
    loads = LoadLog()
    for k in range(1, args.runs + 1):
        loads.start()
        for label, flags in ENGINES.items():
            first[label].append(code(first_feed, flags))
            full[label].append(code(feed, flags))
        loads.stop(f"run {k}")
    rows = {label: summary(n, words, label, full[label], first[label]) for label in ENGINES}

    digests = {r["digest"] for runs in full.values() for r in runs}
    done = full["local engine, 2 workers"][0]
    print(
        f"same output from every engine and run: {len(digests) == 1} ({done['documents']} documents, "
        f"{done['events']} events, output {', '.join(sorted(digests))})"
    )
    local, ray1, ray2 = (rows[label]["walls"] for label in ENGINES)
    print(
        f"ray 2 workers against local 2 workers, wall time per run: "
        f"{spread([r / w for r, w in zip(ray2, local, strict=True)], 'x')} (target <= 1.25x)"
    )
    local_cpu, ray2_cpu = rows["local engine, 2 workers"]["cpus"], rows["ray engine, 2 workers"]["cpus"]
    print(f"  in CPU-seconds: {spread([r / w for r, w in zip(ray2_cpu, local_cpu, strict=True)], 'x')}")
    print(f"ray scaling 1 -> 2 workers per run: {spread([a / b for a, b in zip(ray1, ray2, strict=True)], 'x')}")
    project(rows["ray engine, 2 workers"], n, words)
    print(loads.report())
    print(
        json.dumps(
            {
                "corpus": args.corpus,
                "articles": n,
                "words": words,
                "load": loads.rows,
                **{
                    label: [{k: round(v, 2) if isinstance(v, float) else v for k, v in r.items()} for r in runs]
                    for label, runs in full.items()
                },
                "first_text_s": {label: [round(r["wall"], 2) for r in runs] for label, runs in first.items()},
            }
        )
    )
    return 0 if len(digests) == 1 else 1


if __name__ == "__main__":
    raise SystemExit(main())
