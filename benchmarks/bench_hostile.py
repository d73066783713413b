"""Hostile inputs end to end: a generated corpus (tests/hostile_corpus.py: JSON Lines rows in 20 kinds and
files in 20 kinds) through the readers, `annales code` and `annales ingest` (SQLite, and PostgreSQL when
a URL is given), counting batch crashes, inputs unaccounted for and tracebacks, with the peak memory of each.

    python benchmarks/bench_hostile.py [--rows 10000] [--pg postgresql://...] [--workers 1]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.hostile_corpus import build, unaccounted  # noqa: E402


def _run(args: list[str], env: dict) -> tuple[subprocess.CompletedProcess, float, float]:
    """The command's result, its wall seconds, and the peak resident memory (MB) of the children so far."""
    t0 = time.perf_counter()
    run = subprocess.run(args, capture_output=True, env=env)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return run, time.perf_counter() - t0, peak


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=10_000)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--pg", default=None, help="a postgresql:// URL of an empty database to ingest into too")
    args = ap.parse_args()
    from annales.readers import read_inputs

    tmp = Path(tempfile.mkdtemp(prefix="annales-hostile-"))
    corpus = build(tmp / "corpus", args.rows)
    print(f"corpus: {len(corpus.inputs):,} hostile inputs in {len(corpus.kinds)} kinds, --max-chars {corpus.max_chars}")
    t0 = time.perf_counter()
    items = list(read_inputs([str(corpus.root)], max_chars=corpus.max_chars))
    problems = unaccounted(corpus, [i.path for i in items])
    n_errors = sum(1 for i in items if hasattr(i, "error"))
    print(
        f"readers: {len(items):,} items ({len(items) - n_errors:,} articles, {n_errors:,} error rows) in "
        f"{time.perf_counter() - t0:.1f} s; {len(problems)} unaccounted for"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    cli = [sys.executable, "-m", "annales.cli"]
    common = ["--workers", str(args.workers)]
    run, secs, peak = _run(
        cli + ["code", str(corpus.root), "--format", "jsonl", "--max-chars", str(corpus.max_chars)] + common, env
    )
    docs = [json.loads(line) for line in run.stdout.decode("utf-8").splitlines()]
    ids_match = [d["article"]["id"] for d in docs] == [i.id for i in items]
    print(
        f"annales code: exit {run.returncode}, {len(docs):,} output lines (one per input: {ids_match}), "
        f"{sum(1 for d in docs if not d['error']):,} coded, {run.stderr.count(b'Traceback')} tracebacks, "
        f"{secs:.1f} s, peak {peak:.0f} MB"
    )
    stores = [str(tmp / "events.db")] + ([args.pg] if args.pg else [])
    for db in stores:
        for attempt in ("first", "rerun"):
            run, secs, peak = _run(cli + ["ingest", str(corpus.root), "--db", db] + common, env)
            summary = run.stderr.decode("utf-8").replace("\n", " ").rsplit("Done:", 1)[-1].strip()
            print(
                f"annales ingest ({db.split(':')[0] if '://' in db else 'sqlite'}, {attempt}): exit {run.returncode}, "
                f"{run.stderr.count(b'Traceback')} tracebacks, {secs:.1f} s, peak {peak:.0f} MB: {summary}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
