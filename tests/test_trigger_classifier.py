"""The linear trigger classifier (learned/trigger_classifier.py): what it reads in a sentence, the events the
default pipeline adds from it, its training, and the shipped model against its model card."""

from __future__ import annotations

import json

import pytest

import annales
from annales.errors import AnnalesError
from annales.keys import find_documents
from annales.learned.trigger_classifier import MODEL_DIR, shipped_classifier
from annales.learned.trigger_classifier_training import labelled_words, train_trigger_classifier, trigger_scores
from annales.nlp import parse
from annales.pipeline import default_stages
from tests.conftest import ROOT


def _triggers(text: str) -> list[tuple[str, str]]:
    model = shipped_classifier()
    assert model is not None, "the trigger classifier is not shipped: run `annales train --component triggers`"
    doc = parse(text)
    return [(text[a:b], t) for sent in doc.sents for a, b, t, _p in model.triggers(sent)]


@pytest.mark.parametrize(
    "text, trigger, etype",
    [
        ("Thousands of teachers marched on the ministry in Accra on Monday.", "marched", "PROTEST"),
        ("The opposition boycotted the vote in parliament.", "boycotted", "REJECT"),
        ("Kenyan police fired tear gas at protesters in Nairobi on Monday.", "fired", "ASSAULT"),
        ("The army mobilized thousands of reservists after the border clash.", "mobilized", "MOBILIZE"),
    ],
)
def test_learned_trigger_classifier_marks_the_word_that_reports_the_event(text, trigger, etype):
    assert (trigger, etype) in _triggers(text)


def test_learned_trigger_classifier_marks_nothing_in_a_sentence_without_an_event():
    assert _triggers("The weather was warm on Sunday and the markets in the old town were busy.") == []


def test_learned_trigger_classifier_runs_by_default_and_gives_way_to_the_tagger():
    names = [s.name for s in default_stages()]
    assert names.index("events") < names.index("learned_events") < names.index("modality")
    assert "trigger_classifier" in names and "triggers" not in names
    try:
        learned = [s.name for s in default_stages(learned=True)]
    except AnnalesError:  # annales[learned] is not installed here: the tagger cannot run
        return
    assert "triggers" in learned and "trigger_classifier" not in learned and "learned_events" in learned


def test_learned_trigger_classifier_adds_an_event_the_rules_do_not_find():
    """No lexicon entry reads 'set fire to': the riot comes from the classifier, its parties from the grammar."""
    doc = annales.code("Protesters set fire to a police station in Cairo on Friday.", date="2024-05-04").to_dict()
    found = [e for e in doc["events"] if e["type"] == "PROTEST"]
    assert len(found) == 1
    assert found[0]["why"].startswith("trigger classifier: 'set'")
    assert (found[0]["actor"]["country"], found[0]["recipient"]["name"]) == ("EGY", "Police of Egypt")


def test_learned_trigger_classifier_reproduces_its_model_card():
    """The shipped weights give the dev trigger scores its card records (within 0.01), on the same documents."""
    card = json.loads((MODEL_DIR / "card.json").read_text(encoding="utf-8"))
    docs = find_documents(ROOT / "corpus", "dev")
    assert len(docs) == card["data"]["dev_documents"], "the corpus' dev split changed: retrain"
    rows = labelled_words(docs)
    assert len(rows) == card["data"]["dev_words"]
    model = shipped_classifier()
    got = {r["threshold"]: r for r in trigger_scores(model.weights, rows)}
    for want in card["dev_triggers_by_threshold"]:
        for measure in ("precision", "recall"):
            assert abs(got[want["threshold"]][measure] - want[measure]) <= 0.01, (want, got[want["threshold"]])


def test_learned_trigger_classifier_trains_from_the_corpus(tmp_path):
    card = train_trigger_classifier(ROOT / "corpus", tmp_path, limit_docs=3)
    assert (tmp_path / "weights.npz").exists() and (tmp_path / "card.json").exists()
    assert card["data"]["train_documents"] == 3 and card["data"]["train_triggers"] > 0
    assert card["data"]["train_sentences"] == 3  # the labelled sentences of corpus/sentences/ train it too
    assert [r["threshold"] for r in card["dev_triggers_by_threshold"]] == [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]
