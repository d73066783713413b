"""Training the argument ranker on corpus train: the rule coder runs over each document, its events are
aligned with the key's (same type, same evidence sentence), and each aligned event gives one example per
role: the sentence's actors as candidates, the ones the key names (by the scorer's party rules) as right.
A log-linear model (softmax over candidates, hashed features) is fitted by seeded SGD; numpy only. A second
model, the reach model, learns the same way from 'none' and the actors named beyond the sentence
(argument_context), 'none' being right wherever none of those is the key's party.
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
from .argument_context import ArticleContext, reach_features
from .arguments import DIM, MIN_REACH, ArgumentRanker, _h, candidate_mentions, features, softmax
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


Example = tuple[str, list[list[str]], list[int], int]  # role, candidates' features, right ones, rules' choice


def right_candidates(work, parties: m.PartyKey, names: list, gold) -> list[int]:
    """Indices of the candidates (actor ids, None for none) that are the key's party `gold`."""
    return [
        i
        for i, c in enumerate(names)
        if (c is None and gold is None)
        or (c is not None and gold is not None and parties.matches(work.result.party(c), gold))
    ]


def examples(docs, country_of) -> list[Example]:
    """(role, candidates' features, indices of the right candidates, index of the rules' choice): the
    sentence's actors as candidates."""
    return all_examples(docs, country_of)[0]


def all_examples(docs, country_of) -> tuple[list[Example], list[Example]]:
    """The examples of the sentence model (`examples`) and those of the reach model: 'none' and the actors
    named beyond the sentence as candidates, 'none' right where none of those is; the rules' choice is -1
    when it is an actor of the sentence."""
    sentence: list[Example] = []
    beyond: list[Example] = []
    context_work, context = None, None  # one context per article: its events come one after another
    for work, parties, actors, ev, k in aligned_events(docs, country_of):
        if context is None or work is not context_work:
            context_work, context = work, ArticleContext(work)
        cands = candidate_mentions(work, ev)
        reach: dict = context.reach(work, ev, cands)
        for role in ("actor", "recipient"):
            if role == "actor" and k.get("actor") is None:
                continue  # the key leaves the actor open
            gold = k.get(role)
            names, current = list(cands), getattr(ev, role)
            right = right_candidates(work, parties, names, gold)
            if right:  # else the right party is not in the sentence: nothing for the sentence model
                feats = [features(work, ev, c, cands[c], role, actors) for c in names]
                sentence.append((role, feats, right, names.index(current if current in names else None)))
            # for the reach model 'none' is right also where the right party is not named beyond the sentence
            # (in it, or nowhere): reaching back would then be wrong
            names = [None, *reach]
            right = right_candidates(work, parties, names, gold) or [0]
            feats = [reach_features(ev, c, reach.get(c), role, actors) for c in names]
            beyond.append((role, feats, right, names.index(current) if current in names else -1))
    return sentence, beyond


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


def reach_fills(data, ranker: ArgumentRanker) -> dict:
    """On the reach examples whose role the rules left empty: how many the reach model fills (an actor named
    beyond the sentence at least MIN_REACH probable) and how many of those rightly."""
    res = {}
    for role in ("actor", "recipient"):
        rows = [r for r in data if r[0] == role and r[3] == 0]
        given = right = 0
        for _r, feats, ok, _c in rows:
            probs = softmax(dict(enumerate(ranker.score(f) for f in feats)))
            best = max(probs, key=probs.__getitem__)
            if best != 0 and probs[best] >= MIN_REACH:
                given += 1
                right += best in ok
        res[role] = {"examples": len(rows), "filled": given, "filled_right": right}
    return res


def train_ranker(corpus: Path, out: Path, *, limit_docs: int | None = None) -> dict:
    country_of = default_country_of()
    train_docs = training_documents(corpus, limit_docs)
    train, train_reach = all_examples(train_docs, country_of)
    dev_docs = find_documents(corpus, "dev")[:limit_docs]
    dev, dev_reach = all_examples(dev_docs, country_of)
    weights, reach_weights = fit(train), fit(train_reach)
    ranker, reach = ArgumentRanker(weights), ArgumentRanker(reach_weights)
    out.mkdir(parents=True, exist_ok=True)
    body = json.dumps(
        {
            "dim": DIM,
            "weights": {str(k): v for k, v in sorted(weights.items())},
            "reach_weights": {str(k): v for k, v in sorted(reach_weights.items())},
        },
        separators=(",", ":"),
    )
    (out / "weights.json").write_text(body + "\n", encoding="utf-8")
    card = {
        "component": "argument ranker",
        "trained": dt.date.today().isoformat(),
        "what": "which of the sentence's actors is an event's actor and recipient, and, where none is, which actor "
        "named beyond the sentence (log-linear, hashed features)",
        "config": {"seed": SEED, "epochs": EPOCHS, "learning_rate": LEARNING_RATE, "l2": L2, "dim": DIM},
        "data": {
            "train_documents": len(train_docs),
            "train_examples": len(train),
            "dev_examples": len(dev),
            "dev_document_names": [d.name for d in dev_docs],
        },
        "dev_top1": accuracy(dev, ranker),
        "train_top1": accuracy(train, ranker),
        # the reach model: asked only where the sentence model leaves a role empty, among 'none' and the actors
        # named before the sentence, in the headline and lead, the dateline's country, the most mentioned
        "reach": {
            "min_reach": MIN_REACH,
            "train_examples": len(train_reach),
            "dev_examples": len(dev_reach),
            "dev_top1": accuracy(dev_reach, reach),
            "dev_fills_where_the_rules_left_it_empty": reach_fills(dev_reach, reach),
            "train_top1": accuracy(train_reach, reach),
            "features": len(reach_weights),
        },
        "files_sha256": {"weights.json": hashlib.sha256(body.encode() + b"\n").hexdigest()},
        "features": len(weights),
    }
    (out / "card.json").write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")
    return card
