"""`annales train`: rebuild the trained components from the annotated corpus, reproducibly.

Each component has a spaCy config beside this module (every hyper-parameter and seed in it); the data
are the corpus' train and dev splits, converted here. The trained model goes to
src/annales/data/models/NAME/ with a model card (meta.json + card.json: data, splits, scores, date,
sha256 of every file).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import tempfile
from pathlib import Path

from ..keys import find_documents
from . import MODELS_DIR
from .examples import trigger_examples

HERE = Path(__file__).resolve().parent
MODELS = MODELS_DIR


def trigger_docbin(docs, nlp, negatives: float = 0.5, seed: int = 20261206):
    """A DocBin of sentences with their triggers as entities labelled by PLOVER type: every sentence with a
    trigger, and a fixed share of the sentences without one (sentences train faster than whole articles
    and keep the classes balanced)."""
    import random

    from spacy.tokens import DocBin
    from spacy.util import filter_spans

    rng = random.Random(seed)
    db = DocBin()
    n_spans = 0
    for _name, text, spans in trigger_examples(docs):
        doc = nlp(text)
        ents = [doc.char_span(s.start, s.end, label=s.type, alignment_mode="expand") for s in spans]
        ents = filter_spans([e for e in ents if e is not None])
        for sent in doc.sents:
            inside = [e for e in ents if sent.start <= e.start and e.end <= sent.end]
            if not inside and rng.random() >= negatives:
                continue
            sdoc = sent.as_doc()
            sdoc.ents = [
                sdoc.char_span(e.start_char - sent.start_char, e.end_char - sent.start_char, label=e.label_)
                for e in inside
            ]
            n_spans += len(inside)
            db.add(sdoc)
    return db, n_spans


def sentence_splitter():
    """Sentences for training: blank English with the rule-based sentencizer, lines never crossed."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer", config={"punct_chars": [".", "!", "?", "\n"]})
    return nlp


def file_hashes(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != "card.json"
    }


def train_triggers(
    corpus: Path, out: Path | None = None, *, max_steps: int | None = None, limit_docs: int | None = None
) -> dict:
    """Train the trigger detector on corpus train, keep the best model on dev; returns its card."""
    from spacy.cli.train import train as spacy_train

    out = out or MODELS / "triggers"
    train_docs = find_documents(corpus, "train")[:limit_docs]
    dev_docs = find_documents(corpus, "dev")[:limit_docs]
    nlp = sentence_splitter()
    overrides: dict[str, int | str] = {}
    if max_steps is not None:
        overrides["training.max_steps"] = max_steps
        overrides["training.eval_frequency"] = max(10, min(200, max_steps // 5))
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        train_db, n_train = trigger_docbin(train_docs, nlp)
        dev_db, n_dev = trigger_docbin(dev_docs, nlp)
        train_db.to_disk(tmp / "train.spacy")
        dev_db.to_disk(tmp / "dev.spacy")
        overrides.update({"paths.train": str(tmp / "train.spacy"), "paths.dev": str(tmp / "dev.spacy")})
        spacy_train(HERE / "triggers.cfg", tmp / "output", overrides=overrides)
        best = tmp / "output" / "model-best"
        meta = json.loads((best / "meta.json").read_text(encoding="utf-8"))
        if out.exists():
            shutil.rmtree(out)
        shutil.copytree(best, out)
    card = {
        "component": "triggers",
        "what": "which words report a PLOVER event, and its type (spaCy NER over trigger spans)",
        "trained": dt.date.today().isoformat(),
        "config": "src/annales/learned/triggers.cfg",
        "data": {
            "corpus": str(corpus),
            "train_documents": len(train_docs),
            "train_triggers": n_train,
            "dev_documents": len(dev_docs),
            "dev_triggers": n_dev,
        },
        "dev_scores": {
            k: round(v, 4) for k, v in (meta.get("performance") or {}).items() if k in ("ents_p", "ents_r", "ents_f")
        },
        "dev_per_type": {
            t: {k: round(v, 4) for k, v in s.items()}
            for t, s in ((meta.get("performance") or {}).get("ents_per_type") or {}).items()
        },
        "files_sha256": file_hashes(out),
    }
    (out / "card.json").write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")
    return card
