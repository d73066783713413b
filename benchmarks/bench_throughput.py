"""Throughput of annales against the bare spaCy parse, on text that was not tuned on, over several runs.

    python benchmarks/bench_throughput.py [--corpus articles|synthetic|composed] [--articles N]
                                          [--workers 2] [--runs 3] [--learned]

Corpora (`--corpus`):
- `articles` (default): benchmarks/corpus/articles/, 100 articles of 500-1,200 words written for this
  benchmark only (never used for tuning or accuracy; see benchmarks/corpus/README.md).
- `synthetic`: ~200-word synthetic news stories from ../shared/dev-data/ngec_synthetic (the NGEC file), those
  rows the annotated corpus did not take (corpus/ngec/manifest.tsv), the first N by a fixed shuffle.
- `composed`: the old corpus, ~600-word articles strung together from paragraphs of tests/articles drawn with
  replacement: the tuned articles recycled, kept only to compare with figures measured on it before.

Each measurement (bare parse, annales in 1 process, annales in `--workers` processes with their start-up) is
run `--runs` times; the median and the spread (min-max) are printed, with the share of annales' time per
stage (1 process, summed over the runs), so the learned stages' share can be read off (`--learned` adds the
trigger tagger).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import resource
import statistics
import sys
import time
import zipfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NGEC_ZIP = ROOT.parent / "shared" / "dev-data" / "ngec_synthetic" / "gpt_synthetic_events_2023-10-19_19.csv.zip"


def composed_corpus(n: int, seed: int = 7) -> list[dict]:
    """~600-word articles from paragraphs of the tuned test articles, drawn with replacement (recycled text)."""
    sources = sorted((ROOT / "tests" / "articles").glob("*.txt")) + [
        ROOT / "src" / "annales" / "data" / "samples" / "sample-article.txt"]
    paragraphs = []
    for p in sources:
        paragraphs += [x.strip() for x in p.read_text(encoding="utf-8").split("\n\n") if len(x.split()) > 12]
    rng = random.Random(seed)
    corpus = []
    for i in range(n):
        words, parts = 0, []
        while words < 600:
            para = rng.choice(paragraphs)
            parts.append(para)
            words += len(para.split())
        date = f"20{rng.randint(10, 24):02d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        corpus.append({"id": f"bench-{i}", "text": "Benchmark article\n\n" + "\n\n".join(parts), "date": date})
    return corpus


build_corpus = composed_corpus  # the name bench_ingest.py and bench_ray.py import


def articles_corpus(n: int | None) -> list[dict]:
    files = sorted((ROOT / "benchmarks" / "corpus" / "articles").glob("*.txt"))
    if not files:
        sys.exit("no benchmark articles in benchmarks/corpus/articles/")
    rng = random.Random(11)
    return [{"id": p.stem, "text": p.read_text(encoding="utf-8"),
             "date": f"20{rng.randint(5, 25):02d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"}
            for p in files[:n]]


def synthetic_corpus(n: int) -> list[dict]:
    if not NGEC_ZIP.exists():
        sys.exit(f"the synthetic stories are not here: {NGEC_ZIP}")
    taken = {line.split("\t")[1] for line in (ROOT / "corpus" / "ngec" / "manifest.tsv").read_text().splitlines()[1:]}
    csv.field_size_limit(10**9)
    with zipfile.ZipFile(NGEC_ZIP) as z:
        name = next(x for x in z.namelist() if x.endswith(".csv"))
        rows = list(csv.DictReader(io.TextIOWrapper(z.open(name), encoding="utf-8")))
    order = [i for i in range(len(rows)) if str(i) not in taken and rows[i]["text"].strip() and "{" not in rows[i]["text"]]
    random.Random(13).shuffle(order)
    return [{"id": f"ngec-row-{i}", "text": rows[i]["prompt"].split("\n")[0].strip() + "\n\n" + rows[i]["text"].strip(),
             "date": "2020-06-15"} for i in order[:n]]


def write_feed(path, n: int, words: int) -> list[dict]:
    """A JSON Lines feed of `n` composed articles cut to `words` words; returns the articles."""
    corpus = composed_corpus(n)
    with open(path, "w", encoding="utf-8") as f:
        for a in corpus:
            a["text"] = " ".join(a["text"].split(" ")[:words])
            f.write(json.dumps(a) + "\n")
    return corpus


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


def spread(xs: list[float]) -> str:
    return f"median {statistics.median(xs):.2f} s (min {min(xs):.2f}, max {max(xs):.2f}, {len(xs)} runs)"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", choices=["articles", "synthetic", "composed"], default="articles")
    ap.add_argument("--articles", type=int, default=None, help="How many (default: all 100 / 300 / 200).")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--learned", action="store_true", help="With the trained trigger tagger (off by default).")
    args = ap.parse_args()

    from annales import nlp
    from annales.engines import code_many
    from annales.model import Article
    from annales.pipeline import Pipeline

    corpus = {"articles": lambda: articles_corpus(args.articles), "synthetic": lambda: synthetic_corpus(args.articles or 300),
              "composed": lambda: composed_corpus(args.articles or 200)}[args.corpus]()
    words = sum(len(a["text"].split()) for a in corpus)
    print(f"corpus {args.corpus}: {len(corpus)} articles, {words:,} words ({words / len(corpus):.0f} per article)")

    t0 = time.perf_counter()
    pipe = Pipeline(learned=args.learned)
    spacy_nlp = nlp.load()
    print(f"load: {time.perf_counter() - t0:.2f} s (spaCy model + knowledge base)")
    spent: Counter = Counter()
    timed_stages(pipe, spent)
    texts = [a["text"] for a in corpus]
    parse, one, multi, events = [], [], [], 0
    for _ in range(args.runs):
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
    p, o = statistics.median(parse), statistics.median(one)
    print(f"bare spaCy parse, 1 process: {spread(parse)} = {len(corpus) / p:.1f} articles/s")
    print(f"annales, 1 process: {spread(one)} = {len(corpus) / o:.1f} articles/s, {words / o:,.0f} words/s, {events} events")
    print(f"ratio annales / bare parse (medians): {o / p:.2f} (our stages add {100 * (o / p - 1):.0f}%)")
    staged = sum(spent.values())
    print("share of annales' stage time (1 process): " + ", ".join(
        f"{name} {100 * t / staged:.0f}%" for name, t in spent.most_common()))
    if multi:
        m = statistics.median(multi)
        print(f"annales, {args.workers} processes (worker start-up included): {spread(multi)} = "
              f"{len(corpus) / m:.1f} articles/s, {words / m:,.0f} words/s")
    print(f"peak memory (largest process): {peak_mb():.0f} MB")
    print(json.dumps({"corpus": args.corpus, "articles": len(corpus), "words": words, "learned": args.learned,
                      "parse_s": [round(x, 2) for x in parse], "annales_1p_s": [round(x, 2) for x in one],
                      "annales_np_s": [round(x, 2) for x in multi], "ratio": round(o / p, 2),
                      "stage_share": {k: round(v / staged, 3) for k, v in spent.items()}}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
