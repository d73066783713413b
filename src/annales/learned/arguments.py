"""The learned argument ranker: for each coded event, which of the article's actors is its actor and which
its recipient (or none). The candidates are the actors of the event's sentence, scored by a log-linear model
over the grammar between the trigger and each candidate (dependency path, order, distance), the event type,
the candidate's kind and sector, and the rules' own choice; and the actors named beyond the sentence
(argument_context: the sentences before, the headline, the lead, the dateline's country, the most mentioned
actor, the event before), scored by how far back and from where, how often the article names them, and
whether the sentence has a party or a subject of its own. Trained on corpus train by argument_training.py;
weights are a small JSON file.
"""

from __future__ import annotations

import json
import math
import zlib
from functools import lru_cache
from typing import Any

from ..lang import english
from . import MODELS_DIR
from .argument_context import ArticleContext, reach_features

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
    """Weights per hashed feature; `rank` gives each candidate's probability for a role among the sentence's
    actors, `rank_reach` among those named beyond it (a second model, `reach`, asked only when the first
    leaves the role empty)."""

    def __init__(self, weights: dict[int, float], reach: ArgumentRanker | None = None):
        self.w = weights
        self.reach = reach

    def score(self, feats: list[str]) -> float:
        return sum(self.w.get(_h(f), 0.0) for f in feats)

    def rank(self, work, event, role: str, actors: dict, cands: dict | None = None) -> dict[str | None, float]:
        """Each candidate's probability for the role (`cands`: the event's candidate_mentions, if known)."""
        cands = candidate_mentions(work, event) if cands is None else cands
        return softmax({c: self.score(features(work, event, c, t, role, actors)) for c, t in cands.items()})

    def rank_reach(self, event, role: str, actors: dict, reach: dict) -> dict[str | None, float]:
        """Each candidate's probability for the role among 'none' and the actors named beyond the sentence
        (`reach`: ArticleContext.reach); empty without a reach model."""
        if self.reach is None:
            return {}
        return softmax(
            {c: self.reach.score(reach_features(event, c, reach.get(c), role, actors)) for c in [None, *reach]}
        )


def load_weights(raw: dict) -> dict[int, float]:
    return {int(k): v for k, v in raw.items()}


@lru_cache(maxsize=1)
def shipped_ranker() -> ArgumentRanker | None:
    path = MODELS_DIR / "argument_ranker" / "weights.json"
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    reach = ArgumentRanker(load_weights(data["reach_weights"])) if data.get("reach_weights") else None
    return ArgumentRanker(load_weights(data["weights"]), reach)


def reporters(work, trigger) -> set[str]:
    """Actors who only report the event: subjects of a reporting verb above the trigger ("Al Shabaab said
    the missile had killed three civilians") or of a verb of witness ("The Red Cross documented the killing of
    14 people"). The guide's rule: a reporter of an act is not its actor."""
    found, node = set(), trigger
    while node.head.i != node.i:
        node = node.head
        if node.lemma_.lower() in EN.reporting or node.lemma_.lower() in EN.witness_verbs:
            found |= {work.token_actor[c.i] for c in node.children if c.dep_ == "nsubj" and c.i in work.token_actor}
    return found


def rerank_arguments(work) -> None:
    """Set an event's actor or recipient to the ranker's choice where the ranker is confident (with FILL_ONLY,
    only where the rules left it empty: then nothing is ranked for a role the rules filled). A role the
    sentence's actors leave empty may then take an actor named before it (the reach model, above MIN_REACH)."""
    ranker = shipped_ranker()
    if ranker is None:
        return
    actors = {a.actor_id: a for a in work.result.actors}
    # gathered before any choice of the ranker's, so that the events before an event have their parties as
    # the rules left them, as in training
    context = ArticleContext(work) if ranker.reach is not None and work.result.events else None
    acts = _parties_of_each_act(work.result.events)
    for ev in work.result.events:
        if ev.trigger_token is None:
            continue
        roles = [r for r in ROLES if not (FILL_ONLY and getattr(ev, r) is not None)]
        if not roles:
            continue
        cands, reach = candidate_mentions(work, ev), None
        for role in roles:
            others = {getattr(ev, OTHER_ROLE[role])}
            if role == "actor":  # a recipient of the act is never its doer
                others |= acts.get(ev.trigger_start, {}).get("recipient", set()) | _victims_of_the_act(work, ev)
            elif ev.type not in MUTUAL_TYPES:  # "The UN and the US called for restraint": not of each other
                others |= acts.get(ev.trigger_start, {}).get("actor", set())
            if _rank_in_sentence(ranker, work, ev, role, actors, cands, others) or getattr(ev, role) is not None:
                continue
            if context is None:
                continue
            if reach is None:
                reach = context.reach(work, ev, cands)
            _rank_beyond_sentence(ranker, ev, role, actors, reach, others)
        if ev.actor is not None and ev.actor == ev.recipient:
            ev.recipient = None


def _parties_of_each_act(events) -> dict[int, dict[str, set]]:
    """For each trigger, the parties the rules gave its events in each role: one act told of several parties
    is several events ("killing 14 traders and herders": one for each), and a party that receives the act
    in one of them is not its doer in another (but "Algeria and Tunisia stepped up joint patrols": each
    co-actor may be the other's recipient)."""
    acts: dict[int, dict[str, set]] = {}
    for ev in events:
        for role in ROLES:
            if getattr(ev, role) is not None:
                acts.setdefault(ev.trigger_start, {r: set() for r in ROLES})[role].add(getattr(ev, role))
    return acts


def _victims_of_the_act(work, ev) -> set[str]:
    """The actors the act killed or hurt ("air strike kills 14", "killing 14 traders", "five soldiers were
    killed when ... struck"): objects of a casualty verb that is the trigger, governs it or is governed by it."""
    trig = ev.trigger_token
    act = {trig.i, trig.head.i} | {c.i for c in trig.children}
    sent = work.sents[work.sent_index[trig.i]]
    return {
        work.token_actor[t.i]
        for t in sent
        if t.i in work.token_actor
        and t.dep_ in ("dobj", "nsubjpass")
        and t.head.i in act
        and t.head.lemma_.lower() in EN.casualty_verbs
    }


def _without_other_role(others: set, probs: dict) -> dict:
    """The probabilities given that no party of the act's other role is this one too ("two soldiers killed in
    clashes with rebels": the soldiers are the recipient, so they cannot fill the empty actor)."""
    for other in others - {None}:
        if other in probs and probs[other] < 1.0:
            rest = 1.0 - probs.pop(other)
            probs = {c: p / rest for c, p in probs.items()}
    return probs


def _rank_in_sentence(ranker: ArgumentRanker, work, ev, role: str, actors: dict, cands: dict, others: set) -> bool:
    """Give the role the sentence's actor the ranker prefers, where it is confident; whether it did."""
    probs = _without_other_role(others, ranker.rank(work, ev, role, actors, cands))
    best = max(probs, key=probs.__getitem__)
    current = getattr(ev, role)
    if role == "actor" and best in reporters(work, ev.trigger_token):
        return False
    if best != current and probs[best] >= MIN_SWITCH and probs[best] - probs.get(current, 0.0) >= MARGIN:
        setattr(ev, role, best)
        ev.why += f"; {role} {'none' if best is None else best} by the argument ranker ({probs[best]:.2f})"
        return True
    return False


def _rank_beyond_sentence(ranker: ArgumentRanker, ev, role: str, actors: dict, reach: dict, others: set) -> None:
    """Fill the empty role with an actor named beyond the sentence, where the reach model is confident."""
    probs = _without_other_role(others, ranker.rank_reach(ev, role, actors, reach))
    best = max(probs, key=probs.__getitem__, default=None)
    if best is not None and probs[best] >= MIN_REACH:
        setattr(ev, role, best)
        ev.why += f"; {role} {best} by the argument ranker, {REACHED} ({probs[best]:.2f})"


# A learned choice replaces the rules' only when it is this probable and this much ahead of the rules' choice.
MIN_SWITCH = 0.45
MARGIN = 0.2
# An actor named beyond the sentence fills an empty role only when this probable (then ahead of none too;
# chosen on corpus dev: benchmarks/README.md).
MIN_REACH = 0.5
ROLES = ("actor", "recipient")
# Acts whose co-actors may be each other's recipients ("Algeria and Tunisia stepped up joint patrols"); in the
# others, those who act together do not act on each other ("The UN and the US called for restraint").
MUTUAL_TYPES = frozenset({"AGREE", "CONSULT", "COOPERATE"})
OTHER_ROLE = {"actor": "recipient", "recipient": "actor"}
REACHED = "named beyond its sentence"  # in an event's `why`: the verifier learns how far such a party is to be trusted
# Only fill an actor or recipient the rules left empty, never replace one they chose.
FILL_ONLY = True
