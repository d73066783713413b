"""A fast learned trigger detector: a linear classifier over the parse's own features (issue 11, option (a)).

For each verb and noun of a sentence it gives the probability of each PLOVER type, or of none, from
hashed features of the word and its grammatical neighbourhood: its lemma, tag and dependency, its head, its
particles and prepositions, its object's lemma, the kind of entity its subject is. It writes the same
`learned_triggers` spans as the MiniLM tagger (tagger.py), so the `learned_events` stage (triggers.py) turns
them into events the rules did not find, with their parties from the grammar. One matrix product an
article: about a hundredth of the MiniLM tagger's time, which is why it can run by default.

Trained by `annales train --component trigger-classifier` (trigger_classifier_training.py; numpy only) on
corpus train's keyed triggers; its threshold chosen on dev. Without a shipped model it adds nothing.
"""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path

import numpy as np

from . import MODELS_DIR

MODEL_DIR = MODELS_DIR / "trigger_classifier"
DIM = 1 << 16
LABELS = (
    "NONE",
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "COOPERATE",
    "AID",
    "CONCEDE",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "MOBILIZE",
    "SANCTION",
    "COERCE",
    "ASSAULT",
)
CANDIDATE_POS = ("VERB", "NOUN")
# Children whose words say what the act is: "step up" (prt), "fire on" (prep), "launch an attack" (dobj).
TELLING_CHILDREN = ("dobj", "prt", "prep", "xcomp", "acomp", "neg", "agent", "nsubjpass", "attr", "dative")


@functools.lru_cache(maxsize=1 << 18)  # feature strings repeat (lemmas, tags): hashing was half the stage's time
def _h(feature: str) -> int:
    return int.from_bytes(hashlib.blake2b(feature.encode("utf-8"), digest_size=8).digest(), "little") % DIM


def token_features(tok) -> list[str]:
    """What the classifier reads of one candidate word (strings; hashed by `feature_indices`)."""
    lemma, head = tok.lemma_.lower(), tok.head
    feats = [
        "bias",
        f"l={lemma}",
        f"pos={tok.pos_}",
        f"tag={tok.tag_}",
        f"dep={tok.dep_}",
        f"l+dep={lemma}|{tok.dep_}",
        f"l+tag={lemma}|{tok.tag_}",
        f"head={head.lemma_.lower()}",
        f"l+head={lemma}|{head.lemma_.lower()}",
        f"headpos={head.pos_}|{tok.dep_}",
    ]
    for c in tok.children:
        if c.dep_ in TELLING_CHILDREN:
            feats.append(f"c={c.dep_}|{c.lemma_.lower()}")
            feats.append(f"l+c={lemma}|{c.dep_}|{c.lemma_.lower()}")
            if c.dep_ == "prep":
                obj = next((p for p in c.children if p.dep_ == "pobj"), None)
                if obj is not None:
                    feats.append(f"l+prep+obj={lemma}|{c.lower_}|{obj.lemma_.lower()}")
                    if obj.ent_type_:
                        feats.append(f"prep+ent={c.lower_}|{obj.ent_type_}")
        elif c.dep_ in ("nsubj", "nsubjpass") and (c.ent_type_ or c.pos_):
            feats.append(f"subj={c.ent_type_ or c.pos_}")
            feats.append(f"subjl={c.lemma_.lower()}")
    if tok.dep_ in ("dobj", "pobj", "nsubj", "nsubjpass"):
        feats.append(f"gov={tok.dep_}|{head.lemma_.lower()}|{lemma}")
    return feats


def feature_indices(feats: list[str]) -> np.ndarray:
    return np.fromiter((_h(f) for f in feats), dtype=np.int64, count=len(feats))


def candidates(sent) -> list:
    return [t for t in sent if t.pos_ in CANDIDATE_POS and t.is_alpha and len(t) > 2]


def probabilities(weights: np.ndarray, toks: list) -> np.ndarray:
    """(len(toks), len(LABELS)) probabilities: a softmax over the summed weights of each word's features."""
    if not toks:
        return np.zeros((0, len(LABELS)), dtype=np.float32)
    indices = [feature_indices(token_features(t)) for t in toks]
    rows = np.repeat(np.arange(len(toks)), [len(ix) for ix in indices])
    scores = np.zeros((len(toks), len(LABELS)), dtype=np.float32)
    np.add.at(scores, rows, weights[np.concatenate(indices)])  # one gather for the whole sentence
    scores -= scores.max(axis=1, keepdims=True)
    e = np.exp(scores)
    return e / e.sum(axis=1, keepdims=True)


class TriggerClassifier:
    def __init__(self, weights: np.ndarray, threshold: float):
        self.weights, self.threshold = weights, threshold

    def triggers(self, sent) -> list[tuple[int, int, str, float]]:
        """(start, end, type, probability) of the words of `sent` whose most likely label is a type over
        the threshold."""
        toks = candidates(sent)
        out = []
        for tok, p in zip(toks, probabilities(self.weights, toks), strict=True):
            best = int(p[1:].argmax()) + 1
            if p[best] >= self.threshold:
                out.append((tok.idx, tok.idx + len(tok), LABELS[best], float(p[best])))
        return out


@functools.lru_cache(maxsize=1)
def shipped_classifier() -> TriggerClassifier | None:
    weights_file, card_file = MODEL_DIR / "weights.npz", MODEL_DIR / "card.json"
    if not weights_file.exists() or not card_file.exists():
        return None
    card = json.loads(card_file.read_text(encoding="utf-8"))
    with np.load(weights_file) as z:
        weights = z["weights"].astype(np.float32)
    return TriggerClassifier(weights, float(card["decision"]["threshold"]))


def classify_triggers(work) -> None:
    """The classifier's triggers in the article's sentences, as `learned_triggers` (see triggers.py)."""
    model = shipped_classifier()
    work.learned_triggers = []
    if model is None:
        return
    for sent in work.sents:
        if sent.start in work.skip_sentences:
            continue
        work.learned_triggers += model.triggers(sent)


def save(weights: np.ndarray, card: dict, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out / "weights.npz", weights=weights.astype(np.float16))
    card["sha256"] = {"weights.npz": hashlib.sha256((out / "weights.npz").read_bytes()).hexdigest()}
    (out / "card.json").write_text(json.dumps(card, indent=1) + "\n", encoding="utf-8")
