"""Training the event-place ranker on corpus train: the coder runs over each document (without this stage and
the verifier), its events are aligned with the key's (same type, same evidence sentence), and each aligned
event gives one example: its candidate places, the ones agreeing with the key's `location` (by the scorer's
place rule) as right, or 'none' when the key gives no place. Fitted by argument_training.fit (softmax over
candidates, hashed features, seeded SGD; numpy only). The decision thresholds are chosen on corpus dev.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

from ..evaluation import default_country_of
from ..evaluation import match as m
from ..events.place_time import place_location
from ..keys import find_documents
from .argument_training import EPOCHS, L2, LEARNING_RATE, SEED, aligned_events, fit
from .arguments import DIM, softmax
from .event_places import KEEP, PlaceRanker, candidate_places, choose_place, features, from_dateline, place_name


def examples(docs, country_of) -> list[dict]:
    """One row per aligned event with a place to choose: features of each candidate, the right ones, the
    rules' choice, and whether the key gives a place."""
    rows = []
    for work, parties, actors, ev, k in aligned_events(docs, country_of, leave_out=("event_places", "verifier")):
        cands = candidate_places(work, ev)
        names = list(cands)
        gold = k.get("location")
        right = [
            i
            for i, n in enumerate(names)
            if (n is None and not gold)
            or (n is not None and gold and m.place_agrees(parties, gold, place_location(cands[n][2])))
        ]
        current = place_name(ev.location) if ev.location else None
        rule_right = m.place_agrees(parties, gold, ev.location) if gold else ev.location is None
        rows.append(
            {
                "feats": [features(work, ev, n, cands[n], actors) for n in names],
                "names": names,
                "right": right,
                "current": current,
                "keyed": bool(gold),
                "rule_right": bool(rule_right),
                "revisable": from_dateline(ev),
            }
        )
    return rows


def outcome(rows, ranker: PlaceRanker | None, decision: dict | None) -> dict:
    """What the coder ends up with on the rows: events with a keyed place given it rightly (`place_right`,
    the scorer's place field), and events with no keyed place given one anyway (`place_unkeyed`)."""
    right = unkeyed = keyed = total_unkeyed = placed = 0
    for r in rows:
        final = r["current"]
        if ranker is not None:
            probs = softmax({n: ranker.score(f) for n, f in zip(r["names"], r["feats"], strict=True)})
            choice = choose_place(probs, r["current"], decision or {}, r["revisable"])
            if choice != KEEP:
                final = choice
        placed += final is not None
        if r["keyed"]:
            keyed += 1
            if final == r["current"]:
                right += r["rule_right"]
            else:
                right += final is not None and r["names"].index(final) in r["right"]
        else:
            total_unkeyed += 1
            unkeyed += final is not None
    precision = right / placed if placed else 0.0
    recall = right / keyed if keyed else 0.0
    return {
        "keyed": keyed,
        "place_right": right,
        "share_right": round(recall, 4),
        "unkeyed": total_unkeyed,
        "place_unkeyed": unkeyed,
        "placed": placed,
        "precision": round(precision, 4),
        "f1": round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0,
    }


# Thresholds tried on dev; the pair kept is the one of best place F1: a place given is right when it agrees
# with the key (precision: every place given, to keyed and unkeyed events alike, since a place on an event
# that has none is as wrong on a map as a wrong one), and recall is over the events with a keyed place.
MIN_PLACE = (0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7)
MIN_NONE = (0.5, 0.6, 0.7, 0.8, 0.9, 1.01)


def choose_decision(rows, ranker: PlaceRanker) -> dict:
    best = None
    for mp in MIN_PLACE:
        for mn in MIN_NONE:
            dec = {"min_place": mp, "min_none": mn}
            o = outcome(rows, ranker, dec)
            if best is None or o["f1"] > best[0]["f1"]:
                best = (o, dec)
    assert best is not None  # the grid is never empty
    return best[1]


def train_place_ranker(corpus: Path, out: Path, *, limit_docs: int | None = None) -> dict:
    country_of = default_country_of()
    train = examples(find_documents(corpus, "train")[:limit_docs], country_of)
    dev_docs = find_documents(corpus, "dev")[:limit_docs]
    dev = examples(dev_docs, country_of)
    data = [("place", r["feats"], r["right"], 0) for r in train if r["right"]]
    weights = fit(data)
    ranker = PlaceRanker(weights)
    decision = choose_decision(dev, ranker)
    out.mkdir(parents=True, exist_ok=True)
    body = json.dumps({"dim": DIM, "weights": {str(k): v for k, v in sorted(weights.items())}}, separators=(",", ":"))
    (out / "weights.json").write_text(body + "\n", encoding="utf-8")
    card = {
        "component": "event place ranker",
        "trained": dt.date.today().isoformat(),
        "what": "which place named in an event's sentence, the two before it or the dateline is where it "
        "happened, or none (log-linear, hashed features)",
        "config": {
            "seed": SEED,
            "epochs": EPOCHS,
            "learning_rate": LEARNING_RATE,
            "l2": L2,
            "dim": DIM,
            "sentences_before": 2,
        },
        "decision": decision,
        "data": {
            "train_examples": len(data),
            "dev_examples": len(dev),
            "dev_document_names": [d.name for d in dev_docs],
        },
        "dev": {"rules": outcome(dev, None, None), "ranker": outcome(dev, ranker, decision)},
        "train": {"rules": outcome(train, None, None), "ranker": outcome(train, ranker, decision)},
        "files_sha256": {"weights.json": hashlib.sha256(body.encode() + b"\n").hexdigest()},
        "features": len(weights),
    }
    (out / "card.json").write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")
    return card
