"""Throughput of annales against the bare spaCy parse, on text that was not tuned on, over several runs.

    python benchmarks/bench_throughput.py [--corpus articles|synthetic] [--articles N]
                                          [--workers 2] [--runs 3] [--learned]

Corpora (`--corpus`, built by corpora.py; no text read twice): `articles` (default), the 100 articles of
500-1,200 words written for the benchmarks only; `synthetic`, the first 300 (`--articles`) ~200-word NGEC
synthetic stories the annotated corpus did not take. Defaults: about 3 minutes for 3 runs on 2 cores.

Each measurement (bare parse, annales in 1 process, annales in `--workers` processes with their start-up) is
run `--runs` times; the median and the spread (min-max) of its wall time and of its CPU time (this process
and its workers) are printed, with the share of annales' CPU time per stage (1 process, summed over the runs),
so the learned stages' share can be read off (`--learned` adds the trigger tagger). On a machine other jobs
share, wall times grow with their load; the CPU times much less (for 1 process they stay close to an idle
machine's wall time), and the load of each run is printed.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpora import header, load, word_count  # noqa: E402
from measure import LoadLog, machine_line, own_cpu_seconds, rate_spread, spread  # noqa: E402


def peak_mb() -> float:
    self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(self_kb, child_kb) / 1024


def timed_stages(pipe, spent: Counter) -> None:
    """Wrap each stage of `pipe` so that its CPU time adds up in `spent` (by stage name)."""
    for stage in pipe.stages:

        def wrapped(work, _f=stage.func, _name=stage.name):
            t = time.process_time()
            try:
                return _f(work)
            finally:
                spent[_name] += time.process_time() - t

        stage.func = wrapped


class Clock:
    """Appends (wall seconds, CPU seconds of this process and its reaped workers) of a `with` block to a list."""

    def __init__(self, into: list[tuple[float, float]]) -> None:
        self.into = into

    def __enter__(self) -> None:
        self.t0, self.cpu0 = time.perf_counter(), own_cpu_seconds()

    def __exit__(self, *_exc) -> None:
        self.into.append((time.perf_counter() - self.t0, own_cpu_seconds() - self.cpu0))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", choices=["articles", "synthetic"], default="articles")
    ap.add_argument("--articles", type=int, default=None, help="How many (default: all 100 articles / 300 stories).")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--learned", action="store_true", help="With the trained trigger tagger (off by default).")
    args = ap.parse_args()

    from annales import nlp
    from annales.engines import code_many
    from annales.model import Article
    from annales.pipeline import Pipeline

    corpus = load(args.corpus, args.articles or (300 if args.corpus == "synthetic" else None))
    words = word_count(corpus)
    print(header(args.corpus, corpus, args.runs))
    print(machine_line())

    t0 = time.perf_counter()
    pipe = Pipeline(learned=args.learned)
    spacy_nlp = nlp.load()
    print(f"load: {time.perf_counter() - t0:.2f} s (spaCy model + knowledge base)")
    spent: Counter = Counter()
    timed_stages(pipe, spent)
    texts = [a["text"] for a in corpus]
    # wall and CPU seconds of each measurement: on a shared machine the CPU seconds of this process (and of
    # its workers) stay close to an idle machine's wall time for one process, while wall time does not
    parse, one, multi, events, loads = [], [], [], 0, LoadLog()
    for run in range(1, args.runs + 1):
        loads.start()
        with Clock(parse):
            for _doc in spacy_nlp.pipe(texts, batch_size=16):
                pass
        articles = [Article(id=a["id"], text=a["text"], date=a["date"]) for a in corpus]
        with Clock(one):
            events = sum(len(doc.events) for doc in pipe.code_batch(articles))
        if args.workers > 1:
            articles = [Article(id=a["id"], text=a["text"], date=a["date"]) for a in corpus]
            with Clock(multi):
                n = sum(1 for _ in code_many(articles, workers=args.workers, learned=args.learned))
            assert n == len(corpus)
        loads.stop(f"run {run}")
    n = len(corpus)
    wall = {k: [w for w, _ in v] for k, v in (("parse", parse), ("one", one), ("multi", multi))}
    cpu = {k: [c for _, c in v] for k, v in (("parse", parse), ("one", one), ("multi", multi))}
    print(
        f"bare spaCy parse, 1 process: {spread(wall['parse'])} = {rate_spread(n, wall['parse'], 'articles')}; "
        f"CPU {spread(cpu['parse'], 'CPU-s')}"
    )
    print(
        f"annales, 1 process: {spread(wall['one'])} = {rate_spread(n, wall['one'], 'articles')}, "
        f"{rate_spread(words, wall['one'], 'words')}, {events} events; CPU {spread(cpu['one'], 'CPU-s')}"
    )
    # each run's own ratio: the parse and annales ran one after the other, under about the same load
    ratios = [b / a for a, b in zip(wall["parse"], wall["one"], strict=True)]
    cpu_ratios = [b / a for a, b in zip(cpu["parse"], cpu["one"], strict=True)]
    print(
        f"ratio annales / bare parse, wall time: {spread(ratios, 'x')} "
        f"(our stages add {100 * (statistics.median(ratios) - 1):.0f}%); "
        f"CPU time: {spread(cpu_ratios, 'x')} (add {100 * (statistics.median(cpu_ratios) - 1):.0f}%)"
    )
    staged = sum(spent.values())
    print(
        "share of annales' stage CPU time (1 process): "
        + ", ".join(f"{name} {100 * t / staged:.0f}%" for name, t in spent.most_common())
    )
    if multi:
        print(
            f"annales, {args.workers} processes (worker start-up included): {spread(wall['multi'])} = "
            f"{rate_spread(n, wall['multi'], 'articles')}, {rate_spread(words, wall['multi'], 'words')}; "
            f"CPU of all processes {spread(cpu['multi'], 'CPU-s')}"
        )
        print(
            f"speed-up of {args.workers} processes over 1 (wall): "
            f"{spread([a / b for a, b in zip(wall['one'], wall['multi'], strict=True)], 'x')}"
        )
    print(f"peak memory (largest process): {peak_mb():.0f} MB")
    print(loads.report())
    print(
        json.dumps(
            {
                "corpus": args.corpus,
                "articles": len(corpus),
                "words": words,
                "learned": args.learned,
                "parse_s": [round(x, 2) for x in wall["parse"]],
                "annales_1p_s": [round(x, 2) for x in wall["one"]],
                "annales_np_s": [round(x, 2) for x in wall["multi"]],
                "parse_cpu_s": [round(x, 2) for x in cpu["parse"]],
                "annales_1p_cpu_s": [round(x, 2) for x in cpu["one"]],
                "annales_np_cpu_s": [round(x, 2) for x in cpu["multi"]],
                "ratio": round(statistics.median(ratios), 2),
                "cpu_ratio": round(statistics.median(cpu_ratios), 2),
                "load": loads.rows,
                "stage_share": {k: round(v / staged, 3) for k, v in spent.items()},
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
