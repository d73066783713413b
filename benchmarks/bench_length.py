"""Coding time against article length: is it linear?

    python benchmarks/bench_length.py [--long] [--sizes 10000,20000] [--hostile]

Each text is the bodies of the benchmark articles, then of the synthetic stories, one after the other
(corpora.py: news text never tuned on, nothing repeated), cut to the size in characters. Prints, per size,
the spaCy parse, annales' own stages and the total in CPU seconds of this process (steadier than wall time
on a shared machine), and the total per 1,000 characters: a flat column means time linear in length.
--long adds 500k and 1M characters (minutes). --hostile adds texts built to be slow (punctuation runs,
one endless sentence), 16k characters each.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
import corpora  # noqa: E402

SIZES = (10_000, 20_000, 50_000, 100_000, 200_000)
LONG_SIZES = (500_000, 1_000_000)


def news_text(size: int) -> str:
    """The first `size` characters of the benchmark articles' bodies, then of the synthetic stories (corpora.py),
    one blank line between texts: news text never tuned on, none of it repeated, up to 1.7M characters."""
    parts, total = [], 0
    sources = (lambda: corpora.articles_corpus(), lambda: corpora.synthetic_corpus(1000))
    for source in sources:
        for item in source():
            body = item["text"].split("\n\n", 1)[-1].strip()  # without its headline: one long article, not a list
            parts.append(body)
            total += len(body) + 2
            if total >= size:
                return "\n\n".join(parts)[:size]
    raise SystemExit(f"the benchmark corpora hold {total:,} characters, fewer than {size:,}")


def hostile_texts() -> dict[str, str]:
    """Texts that were slow before annales bounded its work (issue 15), 16k characters each."""
    base = news_text(8_000)
    return {
        "16k '!'": "!" * 16_000,
        "16k ')'": ")" * 16_000,
        "'!' run in an article": base[:4_000] + "!" * 8_000 + base[4_000:8_000],
        "\"'s's...\" in an article": base[:4_000] + "'s" * 4_000 + base[4_000:8_000],
        "one endless sentence": ("Police arrested protesters and soldiers shelled the town, " * 300)[:16_000],
    }


def time_one(pipe, text: str) -> tuple[float, float, int]:
    """(parse CPU seconds, stages CPU seconds, events) for one article."""
    from annales import nlp
    from annales.model import Article

    parse = getattr(nlp, "parse", None) or nlp.load()  # the bare model before issue 15, for before/after figures
    start = time.process_time()
    doc = parse(text)
    parsed = time.process_time()
    result = pipe(Article(id="bench", text=text, date="2024-06-12"), doc=doc)
    if result.error:
        print(f"  coding failed: {result.error['message']}")
    return parsed - start, time.process_time() - parsed, len(result.events)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--long", action="store_true", help="also 500k and 1M characters")
    ap.add_argument("--sizes", help="comma-separated sizes in characters, instead of the defaults")
    ap.add_argument("--hostile", action="store_true", help="also time texts built to be slow")
    args = ap.parse_args()
    sizes = (
        [int(s) for s in args.sizes.split(",")] if args.sizes else list(SIZES) + (list(LONG_SIZES) if args.long else [])
    )

    from annales.pipeline import Pipeline

    pipe = Pipeline()
    time_one(pipe, news_text(2_000))  # models loaded, caches warm
    print(f"{'characters':>12} {'parse s':>9} {'stages s':>9} {'total s':>9} {'s per 1k chars':>15} {'events':>7}")
    for size in sizes:
        parse_s, stages_s, events = time_one(pipe, news_text(size))
        total = parse_s + stages_s
        print(
            f"{size:>12,} {parse_s:>9.2f} {stages_s:>9.2f} {total:>9.2f} {total / size * 1000:>15.3f} {events:>7}",
            flush=True,
        )
    if args.hostile:
        print()
        for name, text in hostile_texts().items():
            parse_s, stages_s, events = time_one(pipe, text)
            print(f"{name:>24}: {parse_s + stages_s:.2f} s ({len(text):,} characters, {events} events)", flush=True)


if __name__ == "__main__":
    main()
