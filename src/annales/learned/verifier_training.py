"""Training the event verifier on corpus train: the default pipeline (with the linear trigger classifier,
so that the verifier also learns what its events are worth) codes each document, `annales evaluate`'s strict
scorer says which of its events are right, and a logistic model over verifier.features is fitted by seeded
SGD (numpy only). On dev the card records the reliability table (predicted against observed share, by
tenths) and the keep threshold: the highest that still keeps KEEP_RECALL of the strict core matches made
with every event kept. Why not the threshold of best dev F1 (0.10 when this was written, F1 0.203 against
0.189): it drops right events in the tuned articles and the seed article, and a user who wants fewer, surer
events raises `--min-confidence` instead; the default only removes events that are almost never right.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import random
from pathlib import Path

from ..evaluation import default_country_of
from ..evaluation.score import score_document
from ..keys import find_documents
from .argument_training import captured_works
from .verifier import DIM, EventVerifier, _h, event_features

SEED = 20261206
EPOCHS = 6
LEARNING_RATE = 0.02
L2 = 1e-5
THRESHOLDS = [round(0.01 * k, 2) for k in range(0, 61)]
KEEP_RECALL = 0.98


def labelled_events(docs, country_of, learned: bool = False) -> list[dict]:
    """One row per coded event: its features, whether the strict scorer matched it, its document, and
    whether the key event it matched is core."""
    rows = []
    for d, work in captured_works(docs, leave_out=("verifier",), learned=learned):
        if work is None:
            continue
        out = work.result.to_dict(with_text=True)
        s = score_document(d.name, d.key, out, country_of)
        matched = {id(o): k.get("tier", "core") == "core" for k, o in s.matched}
        core_keys = len(s.core)
        for feats, o in zip(event_features(work), out["events"], strict=True):
            rows.append(
                {
                    "doc": d.name,
                    "feats": feats,
                    "right": id(o) in matched,
                    "core": matched.get(id(o), False),
                    "core_keys": core_keys,
                }
            )
        if not out["events"]:
            rows.append({"doc": d.name, "feats": None, "right": False, "core": False, "core_keys": core_keys})
    return rows


def fit(rows, epochs: int = EPOCHS, lr: float = LEARNING_RATE, seed: int = SEED) -> dict[int, float]:
    import numpy as np

    w = np.zeros(DIM)
    data = [(np.array(sorted({_h(f) for f in r["feats"]})), 1.0 if r["right"] else 0.0) for r in rows if r["feats"]]
    rng = random.Random(seed)
    order = list(range(len(data)))
    for epoch in range(epochs):
        rng.shuffle(order)
        step = lr / (1 + epoch * 0.5)
        for i in order:
            idx, y = data[i]
            z = max(-30.0, min(30.0, float(w[idx].sum())))
            p = 1.0 / (1.0 + np.exp(-z))
            w[idx] -= step * (p - y)
            w[idx] *= 1 - L2
    return {int(k): round(float(w[k]), 5) for k in np.nonzero(np.abs(w) > 1e-4)[0]}


def platt(rows, verifier: EventVerifier) -> tuple[float, float]:
    """(scale, shift) of the logistic's input that minimise the log loss on `rows` (dev): the model is fitted
    on train, whose documents the rules were studied on, so it is over-sure on text they were not."""
    scored = [(verifier.score(r["feats"]), 1.0 if r["right"] else 0.0) for r in rows if r["feats"]]

    def loss(a: float, b: float) -> float:
        total = 0.0
        for z, y in scored:
            p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, a * z + b))))
            p = min(max(p, 1e-9), 1 - 1e-9)
            total -= y * math.log(p) + (1 - y) * math.log(1 - p)
        return total

    grid = [(round(0.5 + 0.05 * i, 2), round(-1.0 + 0.05 * j, 2)) for i in range(21) for j in range(41)]
    return min(grid, key=lambda ab: (loss(*ab), abs(ab[0] - 1) + abs(ab[1])))


def reliability(rows, verifier: EventVerifier) -> list[dict]:
    """Predicted probability against the observed share of right events, in tenths."""
    bins: dict[int, list] = {}
    for r in rows:
        if r["feats"]:
            p = verifier.probability(r["feats"])
            bins.setdefault(min(int(p * 10), 9), []).append((p, r["right"]))
    return [
        {
            "bin": f"{b / 10:.1f}-{(b + 1) / 10:.1f}",
            "events": len(v),
            "mean_predicted": round(sum(p for p, _ in v) / len(v), 3),
            "observed_right": round(sum(y for _, y in v) / len(v), 3),
        }
        for b, v in sorted(bins.items())
    ]


def scores_at(rows, verifier: EventVerifier, threshold: float) -> dict:
    """Strict core recall, precision and F1 if events below the threshold are dropped (removing an output
    never lets another one match, to a first approximation: the scorer's one-to-one pairing)."""
    core_keys = sum({r["doc"]: r["core_keys"] for r in rows}.values())
    kept = [r for r in rows if r["feats"] and verifier.probability(r["feats"]) >= threshold]
    right = sum(r["right"] for r in kept)
    core = sum(r["core"] for r in kept)
    recall = core / core_keys if core_keys else 0.0
    precision = right / len(kept) if kept else 0.0
    f1 = 2 * recall * precision / (recall + precision) if recall + precision else 0.0
    return {
        "threshold": threshold,
        "kept": len(kept),
        "core_matched": core,
        "recall": round(recall, 4),
        "precision": round(precision, 4),
        "f1": round(f1, 4),
    }


def train_verifier(corpus: Path, out: Path, *, limit_docs: int | None = None) -> dict:
    country_of = default_country_of()
    train_docs = find_documents(corpus, "train")[:limit_docs]
    dev_docs = find_documents(corpus, "dev")[:limit_docs]
    train, dev = labelled_events(train_docs, country_of), labelled_events(dev_docs, country_of)
    weights = fit(train)
    scale, shift = platt(dev, EventVerifier(weights))
    verifier = EventVerifier(weights, scale=scale, shift=shift)
    sweep = [scores_at(dev, verifier, t) for t in THRESHOLDS]
    best_f1 = max(sweep, key=lambda s: (s["f1"], -s["threshold"]))
    best = max(
        (s for s in sweep if s["core_matched"] >= KEEP_RECALL * sweep[0]["core_matched"]), key=lambda s: s["threshold"]
    )
    out.mkdir(parents=True, exist_ok=True)
    body = json.dumps(
        {"dim": DIM, "scale": scale, "shift": shift, "weights": {str(k): v for k, v in sorted(weights.items())}},
        separators=(",", ":"),
    )
    (out / "weights.json").write_text(body + "\n", encoding="utf-8")
    card = {
        "component": "event verifier",
        "trained": dt.date.today().isoformat(),
        "what": "probability that a coded event is right in the strict sense of annales evaluate "
        "(type, actor, recipient, sentence, modality); logistic over hashed features",
        "config": {
            "seed": SEED,
            "epochs": EPOCHS,
            "learning_rate": LEARNING_RATE,
            "l2": L2,
            "dim": DIM,
            "coded_with": "the default pipeline (rules, trigger classifier, rankers)",
        },
        "data": {
            "train_documents": len(train_docs),
            "train_events": sum(1 for r in train if r["feats"]),
            "train_right": sum(r["right"] for r in train),
            "dev_documents": len(dev_docs),
            "dev_events": sum(1 for r in dev if r["feats"]),
            "dev_right": sum(r["right"] for r in dev),
            "dev_document_names": [d.name for d in dev_docs],
        },
        "calibration": {"scale": scale, "shift": shift, "fitted_on": "dev (Platt scaling of the logistic's input)"},
        "keep_threshold": best["threshold"],
        "keep_rule": f"highest threshold keeping {KEEP_RECALL} of dev's strict core matches",
        "dev_at_keep_threshold": best,
        "dev_keep_all": sweep[0],
        "dev_best_f1": best_f1,
        "dev_threshold_sweep": sweep[::5],
        "dev_reliability": reliability(dev, verifier),
        "train_reliability": reliability(train, verifier),
        "files_sha256": {"weights.json": hashlib.sha256(body.encode() + b"\n").hexdigest()},
        "features": len(weights),
    }
    (out / "card.json").write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")
    return card
