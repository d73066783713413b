"""The learned event-place ranker: for each coded event, which of the places named around it is where the
event happened, or none. The candidates are the places the places stage found in the event's sentence and
the two sentences before it, and the dateline's place; each is scored by a log-linear model over how it
is tied to the trigger (dependency path, preposition, order, distance, sentence), what kind of place it is,
whether it is the dateline or one of the event's parties, how often the article names it, the event type
and the rules' own choice. Trained on corpus train by event_places_training.py (docs/annotation.md section 8
is what the keys say a place is); weights are a small JSON file.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from ..events.place_time import place_location
from ..lang import english
from . import MODELS_DIR
from .arguments import ArgumentRanker, dep_path, softmax

EN = english()  # the language's word lists (lang/en/*.yaml), loaded once per process
SENTENCES_BEFORE = 2  # an event's place is often named a sentence or two before it ("In Gao, ... . Gunmen ...")


def place_name(place) -> str:
    return (getattr(place, "name", None) or "").strip().lower()


def place_counts(work) -> dict[str, int]:
    """How many times the article names each place."""
    counts: dict[str, int] = {}
    for p in work.token_place.values():
        counts[place_name(p)] = counts.get(place_name(p), 0) + 1
    return counts


def candidate_places(work, event, counts: dict[str, int] | None = None) -> dict[str | None, tuple]:
    """name -> (mention token nearest the trigger or None, scope, place, mentions in the article); None stands
    for 'no place'. Scope: 'same' sentence, 'prev1' or 'prev2' sentences before, or 'dateline' only.
    `counts`: place_counts(work), computed once per article by callers that rank every event."""
    trig = event.trigger_token
    si = work.sent_index[trig.i]
    found: dict[str | None, Any] = {None: None}
    counts = place_counts(work) if counts is None else counts
    for k in range(si, max(-1, si - SENTENCES_BEFORE - 1), -1):  # nearest sentence first
        for t in work.sents[k]:
            p = work.token_place.get(t.i)
            if p is None or not place_name(p) or _where_treated(t):
                continue
            name = place_name(p)
            scope = "same" if k == si else f"prev{si - k}"
            old = found.get(name)
            if old is None or (old[1] == scope and abs(t.i - trig.i) < abs(old[0].i - trig.i)):
                found[name] = (t, scope, p, counts.get(name, 1))
    dl = getattr(work, "dateline", None)
    if dl is not None and place_name(dl) and place_name(dl) not in found:
        found[place_name(dl)] = (None, "dateline", dl, counts.get(place_name(dl), 1))
    return found


def _where_treated(tok) -> bool:
    """ "died at a hospital in Peshawar": the town of a hospital (lang `treatment_nouns`) is no event's place."""
    prep = tok.head
    return prep.dep_ == "prep" and prep.head.lemma_.lower() in EN.treatment_nouns


def features(work, event, name: str | None, cand, actors: dict) -> list[str]:
    """The features of one candidate place (or of none) for one event."""
    etype = event.type
    rule = place_name(event.location) if event.location else None
    if name is None:
        return ["none", f"none|{etype}", f"none|rule_none={rule is None}", f"none|rule_none={rule is None}|{etype}"]
    tok, scope, place, count = cand
    trig = event.trigger_token
    dl = getattr(work, "dateline", None)
    is_dl = dl is not None and place_name(dl) == name
    kind = getattr(place, "kind", "?")
    party_countries = {getattr(actors.get(r), "country", None) for r in (event.actor, event.recipient) if r}
    feats = [
        f"scope={scope}",
        f"scope={scope}|{etype}",
        f"kind={kind}",
        f"kind={kind}|scope={scope}",
        f"kind={kind}|{etype}",
        f"dateline={is_dl}",
        f"dateline={is_dl}|scope={scope}",
        f"dateline={is_dl}|{etype}",
        f"rule={rule == name}",
        f"rule={rule == name}|{etype}",
        f"rule={rule == name}|scope={scope}",
        f"mentions={min(count, 4)}",
        f"party_country={getattr(place, 'country', None) in party_countries}|kind={kind}",
    ]
    if tok is None:
        return feats
    prep = tok.head.lower_ if tok.dep_ == "pobj" else f"dep:{tok.dep_}"
    party = work.token_actor.get(tok.i)
    feats += [
        f"prep={prep}",
        f"prep={prep}|{etype}",
        f"prep={prep}|scope={scope}",
        f"prep={prep}|kind={kind}",
        f"actor_mention={party is not None}",
        f"event_party={party is not None and party in (event.actor, event.recipient)}",
        f"lemma={trig.lemma_.lower()}|scope={scope}",
    ]
    if scope == "same":
        path = dep_path(trig, tok)
        order = "before" if tok.i < trig.i else "after"
        feats += [
            f"path={path}",
            f"path={path}|{etype}",
            f"order={order}",
            f"order={order}|prep={prep}",
            f"dist={min(abs(tok.i - trig.i), 15) // 3}",
            f"lemma={trig.lemma_.lower()}|prep={prep}",
        ]
    return feats


class PlaceRanker(ArgumentRanker):
    """Weights per hashed feature; `rank` gives each candidate place's probability for an event."""

    def rank_places(self, work, event, actors: dict, cands: dict | None = None) -> dict[str | None, float]:
        cands = candidate_places(work, event) if cands is None else cands
        return softmax({n: self.score(features(work, event, n, c, actors)) for n, c in cands.items()})


@lru_cache(maxsize=1)
def shipped_place_ranker() -> tuple[PlaceRanker, dict] | None:
    """The ranker inside the package and its card's decision thresholds; None when none has been trained."""
    folder = MODELS_DIR / "event_place_ranker"
    path = folder / "weights.json"
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    card = json.loads((folder / "card.json").read_text(encoding="utf-8")) if (folder / "card.json").exists() else {}
    return PlaceRanker({int(k): v for k, v in data["weights"].items()}), card.get("decision") or {}


KEEP = "(keep the rules' place)"  # choose_place's answer when the rules' choice stands


def choose_place(
    probs: dict[str | None, float], current: str | None, decision: dict, revisable: bool = True
) -> str | None:
    """The place to give the event (a candidate's name, None for no place), or KEEP for the rules'
    choice: a place is set when it is at least `min_place` probable; the rules' place is removed only when
    'none' is at least `min_none` probable. A place the rules read from the event's own clause ("arrested 40
    protesters in Pakistan") is not `revisable`: the ranker only fills an empty place or revises the
    dateline's (the guide: the dateline is the place only when the event is physically there)."""
    if current is not None and not revisable:
        return KEEP
    # the most probable place, even where "none" is more probable still: two places named in the subject
    # ("Police in Nairobi arrested ...") share the mass that one place named after the verb would get
    places = [c for c in probs if c is not None]
    best = max(places, key=probs.__getitem__) if places else None
    if best is not None and best != current and probs[best] >= decision.get("min_place", 0.5):
        return best
    if current is not None and probs.get(None, 0.0) >= decision.get("min_none", 1.01):
        return None
    return KEEP


def from_dateline(ev) -> bool:
    """Whether the event's place is the one the rules took from the dateline (the lead's place)."""
    return ev.location is not None and ev.lead_place is not None and ev.location == ev.lead_place


def rank_event_places(work) -> None:
    """Give each event the place the ranker chooses where it is confident enough (thresholds in the card,
    chosen on corpus dev); the event's `why` says so."""
    shipped = shipped_place_ranker()
    if shipped is None:
        return
    ranker, decision = shipped
    actors = {a.actor_id: a for a in work.result.actors}
    counts = place_counts(work)
    for ev in work.result.events:
        if ev.trigger_token is None:
            continue
        cands = candidate_places(work, ev, counts)
        if len(cands) == 1 and ev.location is None:
            continue  # no place named around the event
        probs = ranker.rank_places(work, ev, actors, cands)
        current = place_name(ev.location) if ev.location else None
        choice = choose_place(probs, current, decision, revisable=from_dateline(ev))
        if choice == KEEP:
            continue
        if choice is None:
            ev.location = None
            ev.why += f"; no place by the place ranker ({probs[None]:.2f})"
        else:
            ev.location = place_location(cands[choice][2])
            ev.why += f"; place {cands[choice][2].name} by the place ranker ({probs[choice]:.2f})"
