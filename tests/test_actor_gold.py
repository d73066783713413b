"""Actor resolution on the gold mention set: the accuracy the actors issue promises."""
from __future__ import annotations

import yaml

import annales
from annales.actors.gold import score_items, span_of
from tests.conftest import ROOT

GOLD = ROOT / "tests" / "actors_gold" / "mentions.yaml"
UNKNOWN = ROOT / "tests" / "actors_gold" / "unknown_people.yaml"  # what each set measures: actors_gold/README.md


def test_actor_gold_set_is_large_and_consistent():
    items = yaml.safe_load(GOLD.read_text(encoding="utf-8"))
    mentions = sum(len(i["mentions"]) for i in items)
    assert len(items) >= 30 and mentions >= 150
    for item in items:
        for m in item["mentions"]:
            assert span_of(item["text"], m["text"], int(m.get("occurrence", 1))), (item["id"], m["text"])


def test_actor_gold_accuracy():
    items = yaml.safe_load(GOLD.read_text(encoding="utf-8"))
    s = score_items(items, lambda text, date: annales.code(text, date=date).to_dict())
    assert s.country_accuracy >= 0.95, (s.country_accuracy, s.errors[:20])
    assert s.sector_accuracy >= 0.90, (s.sector_accuracy, s.errors[:20])


def test_actor_gold_unknown_people_are_not_in_the_knowledge_base():
    from annales.actors import kb as kbmod

    items = yaml.safe_load(UNKNOWN.read_text(encoding="utf-8"))
    names = {m["name"] for item in items for m in item["mentions"] if m.get("name")}
    assert len(items) >= 20 and len(names) >= 20
    known = kbmod.load()
    assert sorted(n for n in names if any(e.kind == "person" for e in known.lookup(n))) == []
    for item in items:
        for m in item["mentions"]:
            assert span_of(item["text"], m["text"], int(m.get("occurrence", 1))), (item["id"], m["text"])


def test_actor_gold_unknown_people_coverage():
    """Coverage of people the knowledge base does not know, apart from lookup accuracy. The counts measured
    on 2026-12-06 (tests/actors_gold/README.md) are the floor: a regression guard, not a target."""
    items = yaml.safe_load(UNKNOWN.read_text(encoding="utf-8"))
    s = score_items(items, lambda text, date: annales.code(text, date=date).to_dict())
    assert s.mentions == 33
    got = {"found": s.found, "country": s.country_ok, "sector": s.sector_ok, "name": s.people_ok}
    floor = {"found": 32, "country": 30, "sector": 26, "name": 21}
    assert [k for k in floor if got[k] < floor[k]] == [], (got, s.errors)
