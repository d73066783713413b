"""The learned argument ranker: for each coded event, which of the sentence's actors is its actor and which
its recipient (or none), scored by a log-linear model over the grammar between the trigger and each
candidate (dependency path, order, distance), the event type, the candidate's kind and sector, and the
rules' own choice. Trained on corpus train by argument_training.py; weights are a small JSON file.
"""

from __future__ import annotations

import json
import math
import zlib
from functools import lru_cache
from typing import Any

from ..lang import english
from . import MODELS_DIR

EN = english()

DIM = 1 << 18  # hashed feature space
MAX_PATH = 4  # dependency arcs between trigger and candidate that are spelled out


def _h(feature: str) -> int:
    return zlib.crc32(feature.encode()) % DIM


def softmax(scores: dict) -> dict:
    """Candidate -> probability, from candidate -> score."""
    top = max(scores.values())
    z = sum(math.exp(s - top) for s in scores.values())
    return {c: math.exp(s - top) / z for c, s in scores.items()}


def dep_path(a, b) -> str:
    """The dependency path from token a to token b: up-arcs to their common ancestor, then down-arcs."""
    up_a, node = [a], a
    while node.head.i != node.i and len(up_a) < 12:
        node = node.head
        up_a.append(node)
    index = {t.i: k for k, t in enumerate(up_a)}
    down: list = []  # spaCy tokens
    node = b
    while node.i not in index and node.head.i != node.i and len(down) < 12:
        down.append(node)
        node = node.head
    if node.i not in index:
        return "far"
    ups = [t.dep_ for t in up_a[: index[node.i]]]
    downs = [t.dep_ for t in reversed(down)]
    if len(ups) + len(downs) > MAX_PATH:
        return f"long{len(ups)}:{len(downs)}"
    return "^" + "^".join(ups) + "|" + "v".join(downs) + ("|" + node.lower_ if node.pos_ == "ADP" else "")


def candidate_mentions(work, event) -> dict[str | None, Any]:
    """The actors mentioned in the event's sentence, each with its mention token nearest the trigger; None
    stands for 'no actor'."""
    trig = event.trigger_token
    sent = work.sents[work.sent_index[trig.i]]
    best: dict[str | None, Any] = {None: None}  # actor -> its spaCy token
    for t in sent:
        a = work.token_actor.get(t.i)
        if a is None:
            continue
        if a not in best or abs(t.i - trig.i) < abs(best[a].i - trig.i):
            best[a] = t
    return best


def features(work, event, cand: str | None, tok, role: str, actors: dict) -> list[str]:
    """The features of one candidate for one role ("actor" or "recipient") of one event."""
    etype = event.type
    chosen = event.actor if role == "actor" else event.recipient
    other = event.recipient if role == "actor" else event.actor
    if cand is None:
        return [f"{role}|none", f"{role}|none|{etype}", f"{role}|none|rule_none={chosen is None}"]
    trig = event.trigger_token
    path = dep_path(trig, tok)
    order = "before" if tok.i < trig.i else "after"
    dist = min(abs(tok.i - trig.i), 12) // 3
    a = actors.get(cand)
    kind = getattr(a, "kind", "?")
    sector = getattr(a, "sector", None) or "-"
    feats = [
        f"{role}|path={path}",
        f"{role}|path={path}|{etype}",
        f"{role}|{order}",
        f"{role}|{order}|{etype}",
        f"{role}|dist={dist}",
        f"{role}|kind={kind}",
        f"{role}|sector={sector}|{etype}",
        f"{role}|dep={tok.dep_}",
        f"{role}|dep={tok.dep_}|{order}",
        f"{role}|trigpos={trig.pos_}|dep={tok.dep_}",
        f"{role}|rule={cand == chosen}",
        f"{role}|rule={cand == chosen}|{etype}",
        f"{role}|other_role={cand == other}",
        # the trigger's own word with the grammar: "accused X" and "called on X" name their recipient
        # where "said" or "met" name someone else
        f"{role}|lemma={trig.lemma_.lower()}|path={path}",
        f"{role}|lemma={trig.lemma_.lower()}|{order}",
        f"{role}|head={tok.head.lemma_.lower()}|dep={tok.dep_}",
    ]
    return feats


class ArgumentRanker:
    """Weights per hashed feature; `rank` gives each candidate's probability for a role."""

    def __init__(self, weights: dict[int, float]):
        self.w = weights

    def score(self, feats: list[str]) -> float:
        return sum(self.w.get(_h(f), 0.0) for f in feats)

    def rank(self, work, event, role: str, actors: dict, cands: dict | None = None) -> dict[str | None, float]:
        """Each candidate's probability for the role (`cands`: the event's candidate_mentions, if known)."""
        cands = candidate_mentions(work, event) if cands is None else cands
        return softmax({c: self.score(features(work, event, c, t, role, actors)) for c, t in cands.items()})


@lru_cache(maxsize=1)
def shipped_ranker() -> ArgumentRanker | None:
    path = MODELS_DIR / "argument_ranker" / "weights.json"
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return ArgumentRanker({int(k): v for k, v in data["weights"].items()})


def reporters(work, trigger) -> set[str]:
    """Actors who only report the event: subjects of a reporting verb above the trigger ("Al Shabaab said
    the missile had killed three civilians"). The guide's rule: a reporter of an act is not its actor."""
    found, node = set(), trigger
    while node.head.i != node.i:
        node = node.head
        if node.lemma_.lower() in EN.reporting:
            found |= {work.token_actor[c.i] for c in node.children if c.dep_ == "nsubj" and c.i in work.token_actor}
    return found


def rerank_arguments(work) -> None:
    """Set an event's actor or recipient to the ranker's choice where the ranker is confident (with FILL_ONLY,
    only where the rules left it empty: then nothing is ranked for a role the rules filled)."""
    ranker = shipped_ranker()
    if ranker is None:
        return
    actors = {a.actor_id: a for a in work.result.actors}
    for ev in work.result.events:
        if ev.trigger_token is None:
            continue
        roles = [r for r in ROLES if not (FILL_ONLY and getattr(ev, r) is not None)]
        cands = candidate_mentions(work, ev) if roles else {}
        for role in roles:
            probs = ranker.rank(work, ev, role, actors, cands)
            # the party in the other role is never this one too ("two soldiers killed in clashes with
            # rebels": the soldiers are the recipient, so they cannot fill the empty actor): the probabilities
            # are the ranker's given that
            other = ev.recipient if role == "actor" else ev.actor
            if other is not None and other in probs and probs[other] < 1.0:
                rest = 1.0 - probs.pop(other)
                probs = {c: p / rest for c, p in probs.items()}
            best = max(probs, key=probs.__getitem__)
            current = getattr(ev, role)
            if role == "actor" and best in reporters(work, ev.trigger_token):
                continue
            if best != current and probs[best] >= MIN_SWITCH and probs[best] - probs.get(current, 0.0) >= MARGIN:
                setattr(ev, role, best)
                ev.why += f"; {role} {'none' if best is None else best} by the argument ranker ({probs[best]:.2f})"
        if ev.actor is not None and ev.actor == ev.recipient:
            ev.recipient = None


# A learned choice replaces the rules' only when it is this probable and this much ahead of the rules' choice.
MIN_SWITCH = 0.5
MARGIN = 0.2
ROLES = ("actor", "recipient")
# Only fill an actor or recipient the rules left empty, never replace one they chose.
FILL_ONLY = True
