"""The benchmarks' corpora (text that was never tuned on) and what every speed benchmark reports with them.

Two corpora, neither recycled (no text is drawn twice):
- `articles`: benchmarks/corpus/articles/, 100 articles of 500-1,200 words written for the speed benchmarks
  only (never used for tuning or accuracy; see benchmarks/corpus/README.md).
- `synthetic`: ~200-word synthetic news stories from ../shared/dev-data/ngec_synthetic (the NGEC file), the
  rows the annotated corpus did not take (corpus/ngec/manifest.tsv), the first N by a fixed shuffle, so a
  smaller N is a prefix of a larger one.

bench_throughput.py, bench_ingest.py and bench_ray.py import this module; none builds a corpus of its own.
"""

from __future__ import annotations

import csv
import io
import json
import os
import random
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTICLES_DIR = ROOT / "benchmarks" / "corpus" / "articles"
# ../shared beside the checkout; a git worktree elsewhere names it with ANNALES_SHARED
SHARED = Path(os.environ.get("ANNALES_SHARED", ROOT.parent / "shared"))
NGEC_ZIP = SHARED / "dev-data" / "ngec_synthetic" / "gpt_synthetic_events_2023-10-19_19.csv.zip"
NAMES = ("articles", "synthetic")

HOW_BUILT = {
    "articles": "benchmarks/corpus/articles: articles of 500-1,200 words written for the benchmarks only, "
    "never tuned on, each read once",
    "synthetic": "NGEC synthetic stories (../shared/dev-data/ngec_synthetic) the annotated corpus did not take, "
    "first N of a fixed shuffle, headline + story, each read once",
}


def articles_corpus(n: int | None = None) -> list[dict]:
    """The first `n` benchmark articles (all 100 by default), with fixed made-up dates."""
    files = sorted(ARTICLES_DIR.glob("*.txt"))
    if not files:
        sys.exit(f"no benchmark articles in {ARTICLES_DIR}")
    rng = random.Random(11)
    return [
        {
            "id": p.stem,
            "text": p.read_text(encoding="utf-8"),
            "date": f"20{rng.randint(5, 25):02d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        }
        for p in files[:n]
    ]


def synthetic_corpus(n: int) -> list[dict]:
    """`n` synthetic stories the annotated corpus did not take; exits when the file or enough rows are missing."""
    if not NGEC_ZIP.exists():
        sys.exit(f"the synthetic stories are not here: {NGEC_ZIP}")
    taken = {line.split("\t")[1] for line in (ROOT / "corpus" / "ngec" / "manifest.tsv").read_text().splitlines()[1:]}
    csv.field_size_limit(10**9)
    with zipfile.ZipFile(NGEC_ZIP) as z:
        name = next(x for x in z.namelist() if x.endswith(".csv"))
        rows = list(csv.DictReader(io.TextIOWrapper(z.open(name), encoding="utf-8")))
    # "{" marks a story the generator left as a template; it is not news text
    order = [
        i for i in range(len(rows)) if str(i) not in taken and rows[i]["text"].strip() and "{" not in rows[i]["text"]
    ]
    if n > len(order):
        sys.exit(f"only {len(order)} synthetic stories are free of the corpus; asked for {n}")
    random.Random(13).shuffle(order)
    return [
        {
            "id": f"ngec-row-{i}",
            "text": rows[i]["prompt"].split("\n")[0].strip() + "\n\n" + rows[i]["text"].strip(),
            "date": "2020-06-15",
        }
        for i in order[:n]
    ]


def load(name: str, n: int | None) -> list[dict]:
    """Corpus `name` with `n` texts (None: all the articles; the synthetic stories need an `n`)."""
    if name == "articles":
        return articles_corpus(n)
    if name == "synthetic":
        return synthetic_corpus(n)
    raise ValueError(f"unknown corpus {name!r}: one of {', '.join(NAMES)}")


def word_count(corpus: list[dict]) -> int:
    return sum(len(a["text"].split()) for a in corpus)


def header(name: str, corpus: list[dict], runs: int) -> str:
    """The lines a benchmark prints first: how its corpus is built and its size."""
    words = word_count(corpus)
    return (
        f"corpus {name}: {HOW_BUILT[name]}\n"
        f"  {len(corpus)} texts, {words:,} words ({words / len(corpus):.0f} per text, "
        f"{len({a['text'] for a in corpus})} distinct); {runs} runs, each figure a median and its spread"
    )


def write_feed(path: Path, corpus: list[dict]) -> None:
    """The corpus as a JSON Lines feed (id, text, date), the input of `annales code` and `annales ingest`."""
    with open(path, "w", encoding="utf-8") as f:
        for a in corpus:
            f.write(json.dumps({"id": a["id"], "text": a["text"], "date": a["date"]}) + "\n")
