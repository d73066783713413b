"""Throughput of annales on a corpus of ~600-word articles, against the bare spaCy parse.

    python benchmarks/bench_throughput.py [--articles 200] [--workers 2]

The corpus is composed from the project's own test articles (tests/articles and the bundled sample):
each benchmark article strings together paragraphs drawn from them until it reaches ~600 words, with a
publication date. Prints articles/s, words/s, peak memory, and the ratio of annales' total time to the
bare spaCy parse of the same texts (both single-process), then the multi-process rate.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def build_corpus(n: int, seed: int = 7) -> list[dict]:
    sources = sorted((ROOT / "tests" / "articles").glob("*.txt")) + [
        ROOT / "src" / "annales" / "data" / "samples" / "sample-article.txt"]
    paragraphs = []
    for p in sources:
        paras = [x.strip() for x in p.read_text(encoding="utf-8").split("\n\n") if len(x.split()) > 12]
        paragraphs.extend(paras)
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



def write_feed(path, n: int, words: int) -> list[dict]:
    """A JSON Lines feed of `n` composed articles cut to `words` words; returns the articles."""
    import json

    corpus = build_corpus(n)
    with open(path, "w", encoding="utf-8") as f:
        for a in corpus:
            a["text"] = " ".join(a["text"].split(" ")[:words])
            f.write(json.dumps(a) + "\n")
    return corpus

def peak_mb() -> float:
    self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(self_kb, child_kb) / 1024


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=200)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()

    import annales
    from annales import nlp
    from annales.engines import code_many
    from annales.model import Article

    corpus = build_corpus(args.articles)
    words = sum(len(a["text"].split()) for a in corpus)
    print(f"corpus: {len(corpus)} articles, {words:,} words ({words / len(corpus):.0f} per article)")

    t0 = time.perf_counter()
    pipe = annales.default_pipeline()
    spacy_nlp = nlp.load()
    print(f"load: {time.perf_counter() - t0:.2f} s (spaCy model + knowledge base)")

    texts = [a["text"] for a in corpus]
    t0 = time.perf_counter()
    for _ in spacy_nlp.pipe(texts, batch_size=16):
        pass
    parse_s = time.perf_counter() - t0
    print(f"bare spaCy parse, 1 process: {parse_s:.2f} s = {len(corpus) / parse_s:.1f} articles/s")

    articles = [Article(id=a["id"], text=a["text"], date=a["date"]) for a in corpus]
    t0 = time.perf_counter()
    events = 0
    for doc in pipe.code_batch(articles):
        events += len(doc.events)
    one_s = time.perf_counter() - t0
    print(f"annales, 1 process: {one_s:.2f} s = {len(corpus) / one_s:.1f} articles/s, {words / one_s:,.0f} words/s, "
          f"{events} events")
    print(f"ratio annales / bare parse: {one_s / parse_s:.2f} (our stages add {100 * (one_s / parse_s - 1):.0f}%)")

    if args.workers > 1:
        articles = [Article(id=a["id"], text=a["text"], date=a["date"]) for a in corpus]
        t0 = time.perf_counter()
        n = sum(1 for _ in code_many(articles, workers=args.workers))
        multi_s = time.perf_counter() - t0
        print(f"annales, {args.workers} processes: {multi_s:.2f} s = {n / multi_s:.1f} articles/s, "
              f"{words / multi_s:,.0f} words/s (includes worker start-up)")
    print(f"peak memory (largest process): {peak_mb():.0f} MB")
    print(json.dumps({"articles": len(corpus), "words": words, "parse_s": round(parse_s, 2),
                      "annales_1p_s": round(one_s, 2), "ratio": round(one_s / parse_s, 2)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
