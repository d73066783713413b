"""The learned trigger tagger: training examples from the keys, BIO decoding, the stage that adds events,
and the shipped model against its model card."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import numpy as np
import pytest

import annales
from annales.learned import MODELS_DIR
from annales.learned.examples import trigger_spans
from annales.learned.tagger import LABELS, decode_spans
from tests.conftest import ROOT

TEXT = "Police arrested 12 protesters in Nairobi on Monday. The rebels freed two hostages."
KEY = {
    "events": [
        {"type": "COERCE", "trigger": "arrested", "evidence": "Police arrested 12 protesters in Nairobi on Monday"},
        {
            "type": "COERCE",
            "trigger": "arrested",
            "evidence": "Police arrested 12 protesters in Nairobi",
        },  # same trigger
        {"type": "RETREAT", "trigger": "freed", "evidence": "The rebels freed two hostages"},
        {"type": "ASSAULT", "trigger": "shelled", "evidence": "not in the text"},
    ]
}


def test_learned_trigger_spans_are_the_keys_triggers_in_the_text():
    spans = trigger_spans(TEXT, KEY)
    assert [(TEXT[s.start : s.end], s.type) for s in spans] == [("arrested", "COERCE"), ("freed", "RETREAT")]


def _logits(tags: list[str]) -> np.ndarray:
    out = np.full((len(tags), len(LABELS)), -5.0)
    for k, tag in enumerate(tags):
        out[k, LABELS.index(tag)] = 5.0
    return out


def test_learned_decode_spans_joins_pieces_of_one_trigger():
    # [CLS] set off a car bomb [SEP], then a new B- starts a second trigger
    offsets = [(0, 0), (0, 3), (4, 7), (8, 9), (10, 13), (14, 18), (19, 24), (0, 0)]
    tags = ["O", "B-ASSAULT", "I-ASSAULT", "I-ASSAULT", "O", "B-COERCE", "I-ASSAULT", "O"]
    spans = decode_spans(_logits(tags), offsets)
    assert [(s, e, t) for s, e, t, _p in spans] == [(0, 9, "ASSAULT"), (14, 18, "COERCE"), (19, 24, "ASSAULT")]
    assert all(0.9 < p <= 1.0 for *_x, p in spans)


def test_learned_encode_labels_first_piece_b_and_the_rest_i():
    from annales.learned.tagger_training import encode

    class Enc:
        ids = [101, 7, 8, 9, 102]
        offsets = [(0, 0), (0, 4), (5, 10), (10, 12), (0, 0)]

    class Tok:
        def encode(self, text):
            return Enc()

    rows = encode(Tok(), [("They shelled it", [(5, 12, "ASSAULT")])], max_pieces=128)
    assert [LABELS[i] if i >= 0 else None for i in rows[0][1]] == [None, "O", "B-ASSAULT", "I-ASSAULT", None]


class _FakeTagger:
    """Marks every occurrence of fixed words as triggers: a stand-in for the trained model."""

    def __init__(self, words: dict[str, str]):
        self.words = words

    def tag(self, sentences):
        out = []
        for s in sentences:
            found = []
            for w, t in self.words.items():
                i = s.find(w)
                if i >= 0:
                    found.append((i, i + len(w), t, 0.9))
            out.append(found)
        return out


def test_learned_events_take_actor_and_recipient_from_the_grammar(monkeypatch):
    from annales.learned import triggers
    from annales.readers import article_from_text

    monkeypatch.setattr(triggers, "shipped_tagger", lambda: _FakeTagger({"slapped": "SANCTION"}))
    pipe = annales.Pipeline(learned=True)
    doc = pipe(
        article_from_text("Washington slapped sanctions on Caracas on Tuesday.", "t.txt", date="2024-06-12")
    ).to_dict()
    learned = [e for e in doc["events"] if e["why"].startswith("trigger model")]
    rule = [e for e in doc["events"] if not e["why"].startswith("trigger model")]
    if rule:  # the rules found it: the model adds nothing beside them
        assert not [e for e in learned if e["type"] in {r["type"] for r in rule}]
    else:
        assert len(learned) == 1
        ev = learned[0]
        assert (ev["type"], ev["actor"]["country"], ev["recipient"]["country"]) == ("SANCTION", "USA", "VEN")
        assert ev["date"] == "2024-06-11" and ev["trigger"] == "slapped"


SHIPPED = MODELS_DIR / "trigger_tagger"


def test_learned_shipped_tagger_is_the_model_its_card_names():
    """The model ships gzipped (tagger.MODEL_FILE); unpacked, it is byte for byte the model the card hashes."""
    from annales.learned.tagger import MODEL_FILE
    from annales.learned.tagger_training import files_sha256

    card = json.loads((SHIPPED / "card.json").read_text(encoding="utf-8"))
    assert (SHIPPED / MODEL_FILE).exists() and not (SHIPPED / "model.onnx").exists()
    assert files_sha256(SHIPPED) == card["files_sha256"]


def test_learned_tagger_batches_by_length_and_answers_in_the_order_asked():
    """Sentences are run in batches of like length (less padding: a fifth faster on the benchmark articles); the
    spans come back for each sentence in the order given. A stub model tags the first word of every sentence
    longer than five pieces."""
    import numpy as np

    from annales.learned.tagger import LABELS, TriggerTagger

    class Stub:
        def run(self, _names, feeds):
            mask = feeds["attention_mask"]
            logits = np.zeros((*mask.shape, len(LABELS)), dtype=np.float32)
            logits[:, :, 0] = 1.0  # O
            long_rows = mask.sum(axis=1) > 5
            logits[long_rows, 1, LABELS.index("B-ASSAULT")] = 5.0
            return [logits]

    tagger = object.__new__(TriggerTagger)
    tagger.tokenizer = TriggerTagger(SHIPPED).tokenizer
    tagger.session = Stub()
    sentences = ["Rebels shelled the town of Gao on Monday.", "Calm.", "Troops attacked the base near the river."]
    spans = tagger.tag(sentences * 20)
    assert [[(s, e, t) for s, e, t, _p in sp] for sp in spans[:3]] == [[(0, 6, "ASSAULT")], [], [(0, 6, "ASSAULT")]]
    assert spans == spans[:3] * 20


def test_learned_shipped_tagger_reproduces_its_model_card():
    """The shipped ONNX model gives the dev scores its card records (within 0.01), on the same sentences."""
    from annales.keys import find_documents
    from annales.learned.tagger import TriggerTagger
    from annales.learned.tagger_training import score_tagger, sentence_examples

    card = json.loads((SHIPPED / "card.json").read_text(encoding="utf-8"))
    names = set(card["data"]["dev_document_names"])  # the documents it was scored on, whatever dev holds now
    docs = [d for d in find_documents(ROOT / "corpus", "dev") if d.name in names]
    sents = sentence_examples(docs, 1.0, card["config"]["seed"])
    assert len(docs) == len(names) and len(sents) == card["data"]["dev_sentences"], "the card's dev documents changed"
    scores = score_tagger(TriggerTagger(SHIPPED), sents)
    for kind in ("exact", "overlap"):
        assert abs(scores[kind]["f1"] - card["dev_scores_int8"][kind]["f1"]) <= 0.01, (
            kind,
            scores,
            card["dev_scores_int8"],
        )


@pytest.mark.skipif(
    importlib.util.find_spec("torch") is None or importlib.util.find_spec("all_minilm_l6_v2") is None,
    reason="training needs the train extra (torch, transformers, onnx) and the encoder package",
)
def test_learned_training_path_runs_on_a_tiny_slice(tmp_path):
    from annales.learned.tagger import TriggerTagger
    from annales.learned.tagger_training import TaggerConfig, train_tagger

    card = train_tagger(ROOT / "corpus", tmp_path, TaggerConfig(epochs=1), limit_docs=3, log=lambda *_: None)
    assert (tmp_path / "model.onnx.gz").exists() and card["data"]["train_documents"] == 3
    assert len(TriggerTagger(Path(tmp_path)).tag(["Police arrested 12 protesters."])) == 1


RANKER = MODELS_DIR / "argument_ranker"


def test_learned_dep_path_spells_the_grammar_between_trigger_and_candidate():
    from annales.learned.arguments import dep_path
    from annales.nlp import load

    doc = load()("Police arrested 12 protesters in Nairobi.")
    trigger, police, protesters = doc[1], doc[0], doc[3]
    assert dep_path(trigger, police) == "^|nsubj"
    assert dep_path(trigger, protesters) == "^|dobj"


@pytest.mark.skipif(not (RANKER / "weights.json").exists(), reason="no trained ranker in the package yet")
def test_learned_shipped_ranker_reproduces_its_model_card():
    """The shipped weights rank the card's dev examples as the card says (within 0.01), and beat the rules'
    choice of actor there; so does the reach model (actors named beyond the sentence), and it fills the empty
    roles the card says it fills, at the shipped MIN_REACH."""
    from annales.evaluation import default_country_of
    from annales.keys import find_documents
    from annales.learned.argument_training import accuracy, all_examples, reach_fills
    from annales.learned.arguments import MIN_REACH, shipped_ranker

    card = json.loads((RANKER / "card.json").read_text(encoding="utf-8"))
    names = set(card["data"]["dev_document_names"])
    docs = [d for d in find_documents(ROOT / "corpus", "dev") if d.name in names]
    sentence, beyond = all_examples(docs, default_country_of())
    ranker = shipped_ranker()
    got = accuracy(sentence, ranker)
    for role in ("actor", "recipient"):
        assert abs(got[role]["ranker"] - card["dev_top1"][role]["ranker"]) <= 0.01, (role, got, card["dev_top1"])
    assert got["actor"]["ranker"] > got["actor"]["rules"]
    reach = card["reach"]
    assert ranker.reach is not None and reach["min_reach"] == MIN_REACH
    got = accuracy(beyond, ranker.reach)
    for role in ("actor", "recipient"):
        assert abs(got[role]["ranker"] - reach["dev_top1"][role]["ranker"]) <= 0.01, (role, got, reach["dev_top1"])
        assert got[role]["ranker"] > got[role]["rules"]
    assert reach_fills(beyond, ranker.reach) == reach["dev_fills_where_the_rules_left_it_empty"]


VERIFIER = MODELS_DIR / "event_verifier"


def test_learned_verifier_reproduces_its_model_card_and_is_calibrated():
    """On the card's dev documents the shipped verifier gives the card's scores (within 0.01), and its
    probabilities mean what they say: the weighted gap between predicted and observed (ECE) is under 0.05, and
    in each tenth with 30 events or more the share of right events is within 0.12 of the mean probability, or
    within two binomial standard errors of it where the tenth holds too few events for 0.12 to be more than
    noise (37 events at 0.4: one standard error is 0.08)."""
    from annales.evaluation import default_country_of
    from annales.keys import find_documents
    from annales.learned.verifier import shipped_verifier
    from annales.learned.verifier_training import labelled_events, reliability, scores_at

    card = json.loads((VERIFIER / "card.json").read_text(encoding="utf-8"))
    names = set(card["data"]["dev_document_names"])
    docs = [d for d in find_documents(ROOT / "corpus", "dev") if d.name in names]
    rows = labelled_events(docs, default_country_of())
    verifier = shipped_verifier()
    for kept in ("dev_keep_all", "dev_at_keep_threshold"):
        got = scores_at(rows, verifier, card[kept]["threshold"])
        for measure in ("recall", "precision", "f1"):
            assert abs(got[measure] - card[kept][measure]) <= 0.01, (kept, got, card[kept])
    table = reliability(rows, verifier)
    n = sum(b["events"] for b in table)
    assert sum(b["events"] * abs(b["mean_predicted"] - b["observed_right"]) for b in table) / n < 0.05, table

    def tolerance(b: dict) -> float:
        p = b["mean_predicted"]
        return max(0.12, 2 * (p * (1 - p) / b["events"]) ** 0.5)

    assert all(abs(b["mean_predicted"] - b["observed_right"]) <= tolerance(b) for b in table if b["events"] >= 30), (
        table
    )
    # the default threshold keeps (nearly) every right event and drops many wrong ones
    assert (
        got["recall"] >= 0.97 * card["dev_keep_all"]["recall"] and got["precision"] > card["dev_keep_all"]["precision"]
    )


def test_learned_verifier_sets_confidence_and_leaves_out_what_is_below_the_floor():
    """Every event's confidence is the verifier's probability; `min_confidence` is a floor the output never
    goes under, and 0 keeps every event the coder found."""
    from annales.learned.verifier import shipped_verifier

    text = (
        "Police arrested 40 protesters in Nairobi on Monday, witnesses said. The opposition accused the "
        "government of rigging the election and called for a recount. The army denied it had shelled the village."
    )
    everything = annales.Pipeline(min_confidence=0.0)(annales.Article(id="a", text=text, date="2024-06-10"))
    assert len(everything.events) >= 3
    assert all(0.0 <= e.confidence <= 1.0 for e in everything.events)
    floor = sorted(e.confidence for e in everything.events)[len(everything.events) // 2]
    some = annales.Pipeline(min_confidence=floor)(annales.Article(id="a", text=text, date="2024-06-10"))
    assert [e.id for e in some.events] == [e.id for e in everything.events if e.confidence >= floor]
    default = annales.Pipeline()(annales.Article(id="a", text=text, date="2024-06-10"))
    threshold = shipped_verifier().keep_threshold
    assert [e.id for e in default.events] == [e.id for e in everything.events if e.confidence >= threshold]


def test_learned_verifier_training_runs_on_a_tiny_slice(tmp_path):
    from annales.learned.verifier_training import train_verifier

    card = train_verifier(ROOT / "corpus", tmp_path, limit_docs=3)
    weights = json.loads((tmp_path / "weights.json").read_text(encoding="utf-8"))["weights"]
    assert card["data"]["train_documents"] == 3 and len(weights) == card["features"] > 0
    assert 0.0 <= card["keep_threshold"] <= 0.6
