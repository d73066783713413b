"""Throughput of annales against the bare spaCy parse, on text that was not tuned on, over several runs.

    python benchmarks/bench_throughput.py [--corpus articles|synthetic] [--articles N]
                                          [--workers 2] [--runs 3] [--learned]

Corpora (`--corpus`, built by corpora.py; no text read twice): `articles` (default), the 100 articles of
500-1,200 words written for the benchmarks only; `synthetic`, the first 300 (`--articles`) ~200-word NGEC
synthetic stories the annotated corpus did not take. Defaults: about 3 minutes for 3 runs on 2 cores.

Each measurement (bare parse, annales in 1 process, annales in `--workers` processes with their start-up) is
run `--runs` times; the median and the spread (min-max) are printed, with the share of annales' time per
stage (1 process, summed over the runs), so the learned stages' share can be read off (`--learned` adds the
trigger tagger).
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
from measure import LoadLog, machine_line, rate_spread, spread  # noqa: E402


def peak_mb() -> float:
    self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(self_kb, child_kb) / 1024


def timed_stages(pipe, spent: Counter) -> None:
    """Wrap each stage of `pipe` so that its time adds up in `spent` (by stage name)."""
    for stage in pipe.stages:

        def wrapped(work, _f=stage.func, _name=stage.name):
            t = time.perf_counter()
            try:
                return _f(work)
            finally:
                spent[_name] += time.perf_counter() - t

        stage.func = wrapped


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
    parse, one, multi, events, loads = [], [], [], 0, LoadLog()
    for run in range(1, args.runs + 1):
        loads.start()
        t0 = time.perf_counter()
        for _doc in spacy_nlp.pipe(texts, batch_size=16):
            pass
        parse.append(time.perf_counter() - t0)
        articles = [Article(id=a["id"], text=a["text"], date=a["date"]) for a in corpus]
        t0 = time.perf_counter()
        events = sum(len(doc.events) for doc in pipe.code_batch(articles))
        one.append(time.perf_counter() - t0)
        if args.workers > 1:
            articles = [Article(id=a["id"], text=a["text"], date=a["date"]) for a in corpus]
            t0 = time.perf_counter()
            n = sum(1 for _ in code_many(articles, workers=args.workers, learned=args.learned))
            multi.append(time.perf_counter() - t0)
            assert n == len(corpus)
        loads.stop(f"run {run}")
    p, o = statistics.median(parse), statistics.median(one)
    n = len(corpus)
    print(f"bare spaCy parse, 1 process: {spread(parse)} = {rate_spread(n, parse, 'articles')}")
    print(
        f"annales, 1 process: {spread(one)} = {rate_spread(n, one, 'articles')}, "
        f"{rate_spread(words, one, 'words')}, {events} events"
    )
    # each run's own ratio: the parse and annales ran one after the other, under the same load
    ratios = [b / a for a, b in zip(parse, one, strict=True)]
    print(
        f"ratio annales / bare parse: {spread(ratios, 'x')}, of the medians {o / p:.2f} "
        f"(our stages add {100 * (statistics.median(ratios) - 1):.0f}%)"
    )
    staged = sum(spent.values())
    print(
        "share of annales' stage time (1 process): "
        + ", ".join(f"{name} {100 * t / staged:.0f}%" for name, t in spent.most_common())
    )
    if multi:
        print(
            f"annales, {args.workers} processes (worker start-up included): {spread(multi)} = "
            f"{rate_spread(n, multi, 'articles')}, {rate_spread(words, multi, 'words')}"
        )
        print(
            f"speed-up of {args.workers} processes over 1: "
            f"{spread([a / b for a, b in zip(one, multi, strict=True)], 'x')}"
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
                "parse_s": [round(x, 2) for x in parse],
                "annales_1p_s": [round(x, 2) for x in one],
                "annales_np_s": [round(x, 2) for x in multi],
                "ratio": round(statistics.median(ratios), 2),
                "load": loads.rows,
                "stage_share": {k: round(v / staged, 3) for k, v in spent.items()},
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
