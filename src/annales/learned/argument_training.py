"""Training the argument ranker on corpus train: the rule coder runs over each document, its events are
aligned with the key's (same type, same evidence sentence), and each aligned event gives one example per
role: the sentence's actors as candidates, the ones the key names (by the scorer's party rules) as right.
A log-linear model (softmax over candidates, hashed features) is fitted by seeded SGD; numpy only.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
from pathlib import Path

from ..evaluation import default_country_of
from ..evaluation import match as m
from ..keys import find_documents
from .arguments import DIM, ArgumentRanker, _h, candidate_mentions, features
from .examples import training_documents

SEED = 20261206
EPOCHS = 3
LEARNING_RATE = 0.1
L2 = 1e-5


def captured_works(docs, leave_out=("arguments", "verifier"), learned: bool = False):
    """(document, Work) after the pipeline without the stages in `leave_out`, for each keyed document. The
    ranker learns from the rules' choices, so by default its own stage is left out, and the verifier, which
    would drop events by the ranker's choices."""
    from ..pipeline import Pipeline, Stage, Work, default_stages
    from ..readers import article_from_text

    works: list[Work] = []
    capture = Stage("capture", works.append, (), ())
    pipe = Pipeline(stages=[s for s in default_stages(learned=learned) if s.name not in leave_out] + [capture])
    for d in docs:
        date = (d.key.get("article") or {}).get("date")
        pipe(article_from_text(d.text, str(d.text_path), id=d.name, date=str(date) if date else None))
        yield d, works.pop() if works else None


def key_event_of(ev, kevs: list, text: str) -> dict | None:
    """The key event a coded event reports, by the scorer's rules (its type or `alt`, its evidence sentence);
    None when it reports none."""
    out_dict = {"start": ev.start, "end": ev.end, "sentence": ev.sentence, "also_reported": []}
    return next(
        (
            k
            for k in kevs
            if ev.type in m.types_of(k)
            and m.read_from_evidence(
                k, m.spans_of(text, [k.get("evidence")] + list(k.get("also") or [])), out_dict, text
            )
        ),
        None,
    )


def aligned_events(docs, country_of, leave_out=("arguments", "verifier")):
    """(work, the key's parties, the article's actors by id, coded event, its key event) for every coded event
    that reports a key event, the coder run without the stages in `leave_out` (captured_works)."""
    for d, work in captured_works(docs, leave_out=leave_out):
        if work is None:
            continue
        text = work.article.text
        parties = m.PartyKey(d.key, country_of)
        kevs = [e for e in d.key.get("events") or [] if isinstance(e, dict) and e.get("type")]
        actors = {a.actor_id: a for a in work.result.actors}
        for ev in work.result.events:
            if ev.trigger_token is None:
                continue
            k = key_event_of(ev, kevs, text)
            if k is not None:
                yield work, parties, actors, ev, k


def examples(docs, country_of) -> list[tuple[str, list[list[str]], list[int], int]]:
    """(role, candidates' features, indices of the right candidates, index of the rules' choice)."""
    out = []
    for work, parties, actors, ev, k in aligned_events(docs, country_of):
        cands = candidate_mentions(work, ev)
        for role in ("actor", "recipient"):
            if role == "actor" and k.get("actor") is None:
                continue  # the key leaves the actor open
            gold = k.get(role)
            names = list(cands)
            right = [
                i
                for i, c in enumerate(names)
                if (c is None and gold is None)
                or (c is not None and gold is not None and parties.matches(work.result.party(c), gold))
            ]
            if not right:
                continue  # the right party is not in the sentence: nothing to rank
            feats = [features(work, ev, c, cands[c], role, actors) for c in names]
            chosen = names.index(getattr(ev, role)) if getattr(ev, role) in names else names.index(None)
            out.append((role, feats, right, chosen))
    return out


def fit(data, epochs: int = EPOCHS, lr: float = LEARNING_RATE, seed: int = SEED) -> dict[int, float]:
    import numpy as np

    w = np.zeros(DIM)
    hashed = [([[_h(f) for f in fs] for fs in feats], right) for _role, feats, right, _c in data]
    rng = random.Random(seed)
    order = list(range(len(hashed)))
    for _ in range(epochs):
        rng.shuffle(order)
        for i in order:
            cands, right = hashed[i]
            scores = np.array([w[idx].sum() for idx in cands])
            p = np.exp(scores - scores.max())
            p /= p.sum()
            q = np.zeros_like(p)
            q[right] = p[right] / p[right].sum()
            for k, idx in enumerate(cands):
                g = p[k] - q[k]
                if g:
                    w[idx] -= lr * g
            w *= 1 - L2
    return {int(k): round(float(w[k]), 5) for k in np.nonzero(np.abs(w) > 1e-4)[0]}


def accuracy(data, ranker: ArgumentRanker | None) -> dict:
    """Share of examples whose top candidate is right: the rules' choice, and the ranker's."""
    res = {}
    for role in ("actor", "recipient"):
        rows = [r for r in data if r[0] == role]
        rules = sum(c in right for _r, _f, right, c in rows)
        learned = 0
        if ranker is not None:
            for _r, feats, right, _c in rows:
                scores = [ranker.score(f) for f in feats]
                learned += scores.index(max(scores)) in right
        res[role] = {
            "examples": len(rows),
            "rules": round(rules / len(rows), 4) if rows else None,
            "ranker": round(learned / len(rows), 4) if rows else None,
        }
    return res


def train_ranker(corpus: Path, out: Path, *, limit_docs: int | None = None) -> dict:
    country_of = default_country_of()
    train_docs = training_documents(corpus, limit_docs)
    train = examples(train_docs, country_of)
    dev_docs = find_documents(corpus, "dev")[:limit_docs]
    dev = examples(dev_docs, country_of)
    weights = fit(train)
    ranker = ArgumentRanker(weights)
    out.mkdir(parents=True, exist_ok=True)
    body = json.dumps({"dim": DIM, "weights": {str(k): v for k, v in sorted(weights.items())}}, separators=(",", ":"))
    (out / "weights.json").write_text(body + "\n", encoding="utf-8")
    card = {
        "component": "argument ranker",
        "trained": dt.date.today().isoformat(),
        "what": "which of the sentence's actors is an event's actor and recipient (log-linear, hashed features)",
        "config": {"seed": SEED, "epochs": EPOCHS, "learning_rate": LEARNING_RATE, "l2": L2, "dim": DIM},
        "data": {
            "train_documents": len(train_docs),
            "train_examples": len(train),
            "dev_examples": len(dev),
            "dev_document_names": [d.name for d in dev_docs],
        },
        "dev_top1": accuracy(dev, ranker),
        "train_top1": accuracy(train, ranker),
        "files_sha256": {"weights.json": hashlib.sha256(body.encode() + b"\n").hexdigest()},
        "features": len(weights),
    }
    (out / "card.json").write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")
    return card
