"""Local engine against the Ray engine on the same articles (both end to end through `annales code`,
model load and, for Ray, cluster start included), and a projection to a GDELT day and an archive.

    python benchmarks/bench_ray.py [--articles 5000] [--words 300]

CPU-seconds are the machine's busy time from /proc/stat over each run (run it on a quiet machine);
peak memory is the largest rise of the machine's used memory (MemTotal - MemAvailable) during a run,
sampled every 0.2 s, so it counts Ray's GCS, raylet and object store as well as the workers.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_throughput import write_feed  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")


def busy_seconds() -> float:
    fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = fields[3] + fields[4]
    return (sum(fields[:8]) - idle) / TICK


def used_mb() -> float:
    info = {line.split(":")[0]: int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()}
    return (info["MemTotal"] - info["MemAvailable"]) / 1024


def run(label: str, cmd: list[str], n: int) -> dict:
    base, peak, stop = used_mb(), [0.0], threading.Event()

    def sample():
        while not stop.is_set():
            peak[0] = max(peak[0], used_mb() - base)
            time.sleep(0.2)

    t = threading.Thread(target=sample)
    t.start()
    cpu0, t0 = busy_seconds(), time.perf_counter()
    out = subprocess.run(cmd, check=True, capture_output=True).stdout
    wall, cpu = time.perf_counter() - t0, busy_seconds() - cpu0
    stop.set()
    t.join()
    docs = [json.loads(line) for line in out.splitlines() if line.strip()]
    events = sum(len(d["events"]) for d in docs)
    digest = hashlib.sha256(out).hexdigest()[:12]
    print(f"{label:<22} {wall:7.1f} s  {n / wall:6.1f} articles/s  {cpu:7.0f} CPU-s  "
          f"peak +{peak[0]:5.0f} MB  {len(docs)} documents, {events} events, output {digest}")
    return {"wall": wall, "cpu": cpu, "rate": n / wall, "digest": digest}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=5000)
    ap.add_argument("--words", type=int, default=300)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="annales-bench-"))
    feed = tmp / "feed.jsonl"
    corpus = write_feed(feed, args.articles, args.words)
    n = len(corpus)
    print(f"corpus: {n} articles of about {args.words} words; machine: {os.cpu_count()} CPUs")
    code = [sys.executable, "-m", "annales.cli", "code", str(feed), "--format", "jsonl"]
    local2 = run("local engine, 2 workers", code + ["--workers", "2"], n)
    ray1 = run("ray engine, 1 worker", code + ["--workers", "1", "--engine", "ray"], n)
    ray2 = run("ray engine, 2 workers", code + ["--workers", "2", "--engine", "ray"], n)
    same = local2["digest"] == ray1["digest"] == ray2["digest"]
    print(f"same output from all three: {same}")
    print(f"ray 2 workers vs local 2 workers: {ray2['wall'] / local2['wall'] - 1:+.0%} wall time "
          f"(target <= +25%), ray scaling 1 -> 2 workers: {ray1['wall'] / ray2['wall']:.2f}x")
    # Projection: a worker is one core; per-core rate from the 2-worker Ray run.
    per_core = ray2["rate"] / 2
    day, archive = 700_000, 50_000_000
    print(f"per core: {per_core:.1f} articles/s ({per_core * 3600:,.0f} per hour)")
    for hours in (24, 4, 1):
        print(f"  a {day:,}-article day in {hours:>2} h needs {day / (per_core * hours * 3600):6.0f} cores")
    for cores in (64, 256, 1024):
        print(f"  a {archive:,}-article archive on {cores:>4} cores: {archive / (per_core * cores) / 3600:7.1f} h")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
