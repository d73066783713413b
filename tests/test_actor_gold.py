"""Actor resolution on the gold mention set: the accuracy the actors issue promises."""
from __future__ import annotations

import yaml

import annales
from annales.actors.gold import score_items, span_of
from tests.conftest import ROOT

GOLD = ROOT / "tests" / "actors_gold" / "mentions.yaml"


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
