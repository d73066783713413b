"""The speed benchmarks time text that was never tuned on, none of it read twice (issue 16).

bench_throughput.py, bench_ingest.py, bench_ray.py and bench_length.py read their text through one module,
benchmarks/corpora.py: the benchmark articles and the NGEC synthetic stories. The composed corpus they used
before (paragraphs of tests/articles drawn with replacement) flattered the coder; these tests keep it out.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
import corpora  # noqa: E402

SPEED_BENCHMARKS = ("bench_throughput.py", "bench_ingest.py", "bench_ray.py", "bench_length.py", "bench_api.py")
# how a script names the tuned or held-out articles
TUNED_TEXT = ("tests/articles", '"tests" / "articles"', "heldout")
# benchmarks that read the tuned or held-out articles for something other than the coder's speed
NOT_SPEED = {
    "accuracy.py": "scores accuracy on every answer-keyed set, tuned and held out, and says which is which",
}


def test_no_benchmark_reads_tuned_text_for_a_speed_figure():
    readers = sorted(
        p.name
        for p in (ROOT / "benchmarks").glob("*.py")
        if any(t in p.read_text(encoding="utf-8") for t in TUNED_TEXT)
    )
    assert readers == sorted(NOT_SPEED)


def test_the_speed_benchmarks_take_their_text_from_corpora_and_draw_nothing_at_random():
    for name in SPEED_BENCHMARKS:
        source = (ROOT / "benchmarks" / name).read_text(encoding="utf-8")
        assert "from corpora import" in source or "import corpora" in source, name
        assert ".choice(" not in source, name


def test_the_benchmark_articles_are_100_distinct_texts_of_500_to_1200_words():
    corpus = corpora.articles_corpus()
    assert len(corpus) == 100
    assert len({a["text"] for a in corpus}) == 100
    assert len({a["id"] for a in corpus}) == 100
    lengths = [len(a["text"].split()) for a in corpus]
    assert min(lengths) >= 500 and max(lengths) <= 1200, (min(lengths), max(lengths))
    assert sum(lengths) == 83_067  # the count benchmarks/README.md and corpus/README.md give


def test_the_benchmark_articles_share_no_paragraph_with_the_tuned_articles():
    tuned = [
        p.strip()
        for path in sorted((ROOT / "tests" / "articles").glob("*.txt"))
        for p in path.read_text(encoding="utf-8").split("\n\n")
        if len(p.split()) > 12
    ]
    assert len(tuned) > 50
    bench = "\n".join(a["text"] for a in corpora.articles_corpus())
    assert [p[:60] for p in tuned if p in bench] == []


def test_a_feed_holds_each_text_once_with_its_id_and_date(tmp_path):
    import json

    corpus = corpora.articles_corpus(3)
    corpora.write_feed(tmp_path / "feed.jsonl", corpus)
    rows = [json.loads(line) for line in (tmp_path / "feed.jsonl").read_text(encoding="utf-8").splitlines()]
    assert rows == [{"id": a["id"], "text": a["text"], "date": a["date"]} for a in corpus]
