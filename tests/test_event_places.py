"""The learned event-place ranker (learned/event_places.py): where each event happened, among the places named
around it, and the shipped model against its model card."""

from __future__ import annotations

import json

import pytest

import annales
from annales.learned import MODELS_DIR
from annales.learned.event_places import KEEP, choose_place
from tests.conftest import ROOT

PLACES = MODELS_DIR / "event_place_ranker"
needs_model = pytest.mark.skipif(
    not (PLACES / "weights.json").exists(), reason="no trained place ranker in the package yet"
)


def events_of(text: str) -> dict:
    doc = annales.code(text, date="2024-05-01", min_confidence=0)
    return {e.trigger: e for e in doc.events}


@needs_model
def test_event_places_a_place_named_the_sentence_before_is_where_the_attack_happened():
    """The rules read a place only from the event's own clause; the ranker finds it one sentence back."""
    evs = events_of(
        "Fighting broke out in the northern town of Gao on Monday. "
        "Gunmen attacked an army checkpoint and killed four soldiers, the army said."
    )
    assert evs["attacked"].type == "ASSAULT"
    assert evs["attacked"].location["name"] == "Gao" and evs["attacked"].location["country"] == "MLI"
    assert "by the place ranker" in evs["attacked"].why


@needs_model
def test_event_places_a_statement_takes_no_place_the_attack_beside_it_does():
    """The guide's rule (docs/annotation.md section 8): a statement takes a place only when the text says
    where it was made; the shelling of Goma happened in Goma."""
    evs = events_of(
        "Rebels shelled the city of Goma on Sunday. The United Nations urged both sides to respect the ceasefire."
    )
    assert evs["shelled"].location["name"] == "Goma"
    assert evs["urged"].type == "REQUEST" and evs["urged"].location is None


def test_event_places_choice_needs_the_card_thresholds():
    """A place is given only above min_place; the rules' place is taken away only above min_none; else the
    rules' choice stands (KEEP)."""
    decision = {"min_place": 0.55, "min_none": 0.6}
    assert choose_place({None: 0.2, "gao": 0.8}, None, decision) == "gao"
    assert choose_place({None: 0.5, "gao": 0.5}, None, decision) == KEEP
    assert choose_place({None: 0.7, "gao": 0.3}, "gao", decision) is None
    assert choose_place({None: 0.55, "gao": 0.45}, "gao", decision) == KEEP
    assert choose_place({None: 0.1, "gao": 0.9}, "gao", decision) == KEEP  # already the rules' place


@needs_model
def test_event_places_shipped_ranker_reproduces_its_model_card():
    """On the card's dev documents the shipped weights and thresholds give the card's place scores (within
    0.01), and more events their right place than the rules, at a higher precision."""
    from annales.evaluation import default_country_of
    from annales.keys import find_documents
    from annales.learned.event_places import shipped_place_ranker
    from annales.learned.event_places_training import examples, outcome

    card = json.loads((PLACES / "card.json").read_text(encoding="utf-8"))
    names = set(card["data"]["dev_document_names"])
    docs = [d for d in find_documents(ROOT / "corpus", "dev") if d.name in names]
    rows = examples(docs, default_country_of())
    ranker, decision = shipped_place_ranker()
    got, rules = outcome(rows, ranker, decision), outcome(rows, None, None)
    assert decision == card["decision"]
    for measure in ("share_right", "precision", "f1"):
        assert abs(got[measure] - card["dev"]["ranker"][measure]) <= 0.01, (measure, got, card["dev"]["ranker"])
    assert got["place_right"] > rules["place_right"] and got["precision"] > rules["precision"]


def test_event_places_training_runs_on_a_tiny_slice(tmp_path):
    from annales.learned.event_places_training import train_place_ranker

    card = train_place_ranker(ROOT / "corpus", tmp_path, limit_docs=3)
    weights = json.loads((tmp_path / "weights.json").read_text(encoding="utf-8"))["weights"]
    assert len(weights) == card["features"] > 0
    assert set(card["decision"]) == {"min_place", "min_none"}
    assert card["data"]["dev_examples"] == card["dev"]["rules"]["keyed"] + card["dev"]["rules"]["unkeyed"]


def test_event_places_the_town_of_a_hospital_is_not_where_the_attack_happened(code):
    """ "succumbed to his wounds at a hospital in Peshawar": the wounded are treated far from the attack; the
    town of a hospital (lang treatment_nouns) is never an event's place."""
    doc = code(
        "D.I. KHAN, Oct 17 - The toll from the Taliban assault on the police station rose to seven after a "
        "constable succumbed to his wounds at a hospital in Peshawar, officials said.",
        date="2024-10-17",
    )
    attacks = [e for e in doc["events"] if e["type"] == "ASSAULT"]
    assert attacks and all((e["location"] or {}).get("name") != "Peshawar" for e in attacks), attacks
