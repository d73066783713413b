"""The event verifier: how likely each coded event is to be right, as a calibrated probability, and the
events too unlikely to keep left out.

"Right" is the strict sense of `annales evaluate`: an annotator reading the sentence would code an event of
this type, with this actor and recipient and this modality. A logistic model over what the coder knows of
each event (its type and mode, the rule or model that found it and the trigger word, whether and how its
parties were found, where the sentence stands in the story, whether it is reported speech, how crowded the
sentence is) gives that probability; it becomes the event's `confidence`. Trained on the pipeline's own
output on corpus train by verifier_training.py; the reliability table on dev is in the model card.

Events below the card's `keep_threshold` (chosen on dev for strict F1) are dropped by the stage; a user who
wants them passes `min_confidence=0` (`annales code --min-confidence 0`). One exception to the default
threshold: an asserted ASSAULT whose own sentence tells how many were killed is kept whatever its confidence
("Gunmen killed 12 villagers"): strictly it is often wrong (a party unnamed or read wrongly), but the attack
and its dead happened, and a fatalities count (the ACLED shape) that loses them undercounts (issue 13). Its
confidence stays the model's, so `--min-confidence` still leaves it out.
"""

from __future__ import annotations

import json
import math
import zlib
from functools import lru_cache

from ..model import counts_dead
from . import MODELS_DIR
from .arguments import REACHED

DIM = 1 << 18  # hashed feature space
# Reporting verbs above the trigger make the event reported speech ("X said Y attacked Z").
_REPORTED_DEPS = ("ccomp", "parataxis")
_SUBORDINATE_DEPS = ("relcl", "advcl", "xcomp", "acl", "pcomp")


def _h(feature: str) -> int:
    return zlib.crc32(feature.encode()) % DIM


def _bin(n: int, edges: tuple[int, ...]) -> str:
    for e in edges:
        if n <= e:
            return f"<={e}"
    return f">{edges[-1]}"


def _ranked(why: str, role: str) -> bool:
    """Whether the argument ranker chose the event's `role` ("; actor A2 by the argument ranker (0.91)")."""
    return any(p.startswith(role + " ") and "by the argument ranker" in p for p in why.split("; "))


def _source(why: str) -> str:
    """Which kind of reading found the event, from the first words of its explanation."""
    if why.startswith("trigger model"):
        return "tagger"
    if why.startswith("trigger classifier"):
        return "classifier"
    head = why.split(":", 1)[0]
    return head.split("'")[0].strip()[:24] or "-"


def _clause_chain(tok) -> list[str]:
    deps: list[str] = []
    node = tok
    while node.head.i != node.i and len(deps) < 6:
        deps.append(node.dep_)
        node = node.head
    return deps


def _in_quotes(text: str, sent_start: int, at: int) -> bool:
    """Whether an odd number of double quotes opens before the trigger in its sentence."""
    before = text[sent_start:at]
    return (before.count('"') + before.count("\u201c") - before.count("\u201d")) % 2 == 1


# A dateline's day and the publication day both stand in for a date the event's clause does not give: one
# feature value, as when the verifier was trained (before datelines dated events).
_STORY_DAY = {"dateline": "publication"}


def features(work, ev, per_sentence: dict, per_type: dict, actors: dict) -> list[str]:
    """The features of one coded event (after every other stage has run)."""
    t = ev.type
    tok = ev.trigger_token
    lemma = (tok.lemma_.lower() if tok is not None else ev.trigger.lower())[:30]
    source = _source(ev.why)
    a, r = actors.get(ev.actor), actors.get(ev.recipient)
    feats = [
        "bias",
        f"type={t}",
        f"type={t}|mode={ev.mode}",
        f"cameo={str(ev.cameo)[:3]}",
        f"lemma={lemma}",
        f"lemma={lemma}|type={t}",
        f"source={source}",
        f"source={source}|type={t}",
        f"modality={ev.modality}",
        f"modality={ev.modality}|type={t}",
        f"prior={round(ev.confidence, 2)}",
        f"actor={'none' if a is None else a.kind}",
        f"recipient={'none' if r is None else r.kind}",
        f"actor_sector={getattr(a, 'sector', None)}|type={t}",
        f"recipient_sector={getattr(r, 'sector', None)}|type={t}",
        f"parties={a is not None}{r is not None}|type={t}",
        f"ranked_actor={_ranked(ev.why, 'actor')}",
        f"party_beyond_sentence={REACHED in ev.why}",
        f"same_country={a is not None and r is not None and a.country == r.country}",
        f"sentence={_bin(_sentence_number(work, ev), (0, 1, 3, 8))}",
        f"events_in_sentence={_bin(per_sentence.get(ev.start, 0), (1, 2, 4))}",
        f"type_in_article={_bin(per_type.get(t, 0), (1, 2, 4))}",
        f"also_reported={bool(ev.also_reported)}",
        f"has_place={ev.location is not None}",
        f"has_date={ev.date is not None}|{_STORY_DAY.get(ev.date_source, ev.date_source)}",
        f"sentence_words={_bin(len(ev.sentence.split()), (8, 15, 25, 40))}",
    ]
    if tok is not None:
        chain = _clause_chain(tok)
        feats += [
            f"pos={tok.pos_}",
            f"dep={tok.dep_}",
            f"dep={tok.dep_}|type={t}",
            f"reported={any(d in _REPORTED_DEPS for d in chain)}",
            f"subordinate={any(d in _SUBORDINATE_DEPS for d in chain)}",
            f"head={tok.head.lemma_.lower()[:20]}|dep={tok.dep_}",
            f"quoted={_in_quotes(work.article.text, ev.start, ev.trigger_start)}",
        ]
    return feats


def _sentence_number(work, ev) -> int:
    tok = ev.trigger_token
    if tok is None:
        return 9
    return work.sent_index[tok.i]


def event_features(work) -> list[list[str]]:
    """Each event's features, in the order of `work.result.events`."""
    events = work.result.events
    per_sentence: dict[int, int] = {}
    per_type: dict[str, int] = {}
    for ev in events:
        per_sentence[ev.start] = per_sentence.get(ev.start, 0) + 1
        per_type[ev.type] = per_type.get(ev.type, 0) + 1
    actors = {a.actor_id: a for a in work.result.actors}
    return [features(work, ev, per_sentence, per_type, actors) for ev in events]


class EventVerifier:
    """Weights per hashed feature; `probability` is the logistic of their sum."""

    def __init__(self, weights: dict[int, float], keep_threshold: float = 0.0, scale: float = 1.0, shift: float = 0.0):
        """`scale` and `shift` recalibrate the logistic's input (Platt scaling, fitted on dev after training)."""
        self.w = weights
        self.keep_threshold = keep_threshold
        self.scale, self.shift = scale, shift

    def score(self, feats: list[str]) -> float:
        return sum(self.w.get(_h(f), 0.0) for f in feats)

    def probability(self, feats: list[str]) -> float:
        z = self.scale * self.score(feats) + self.shift
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@lru_cache(maxsize=1)
def shipped_verifier() -> EventVerifier | None:
    folder = MODELS_DIR / "event_verifier"
    if not (folder / "weights.json").exists():
        return None
    data = json.loads((folder / "weights.json").read_text(encoding="utf-8"))
    card = json.loads((folder / "card.json").read_text(encoding="utf-8"))
    return EventVerifier(
        {int(k): v for k, v in data["weights"].items()},
        float(card["keep_threshold"]),
        float(data.get("scale", 1.0)),
        float(data.get("shift", 0.0)),
    )


def verify_events(work, min_confidence: float | None = None) -> None:
    """Set each event's confidence to the verifier's probability; drop those below the keep threshold (or
    `min_confidence`, when the caller gives one). Without a shipped model the rules' confidences stay."""
    verifier = shipped_verifier()
    if verifier is None or not work.result.events:
        return
    floor = verifier.keep_threshold if min_confidence is None else min_confidence
    killed = [] if min_confidence is not None else _killed_counts(work)
    kept = []
    for ev, feats in zip(work.result.events, event_features(work), strict=True):
        ev.confidence = verifier.probability(feats)
        if ev.confidence >= floor:
            kept.append(ev)
        elif _tells_its_dead(ev, killed):
            ev.why += "; kept under the verifier's threshold: an attack whose sentence counts its dead"
            kept.append(ev)
    work.result.events = kept


def _killed_counts(work) -> list[int]:
    """Where the article tells, as fact, how many one event killed (never a running total)."""
    return [q.start for q in work.result.quantities if counts_dead(q.unit, q.modality, q.cumulative)]


def _tells_its_dead(ev, killed: list[int]) -> bool:
    """An asserted attack with a count of its dead in its own sentence."""
    return (
        ev.type == "ASSAULT"
        and (ev.modality or "asserted") == "asserted"
        and any(ev.start <= at < ev.end for at in killed)
    )
