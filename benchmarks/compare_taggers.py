"""Trigger detection on corpus dev: the shipped MiniLM tagger (ONNX int8) against a spaCy NER over
triggers (train one with `annales train --family spacy --out DIR`), on the same dev sentences, with the same
span scores (exact span and type; overlapping span and same type), and the time each takes.

    .venv/bin/python benchmarks/compare_taggers.py --spacy DIR
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from annales.keys import find_documents
from annales.learned import MODELS_DIR
from annales.learned.tagger import TriggerTagger
from annales.learned.tagger_training import sentence_examples, span_scores

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--spacy", type=Path, help="a spaCy trigger NER trained by annales train --family spacy")
    args = ap.parse_args()
    tagger = TriggerTagger(MODELS_DIR / "trigger_tagger")
    names = set(tagger.card["data"]["dev_document_names"])
    docs = [d for d in find_documents(ROOT / "corpus", "dev") if d.name in names]
    sents = sentence_examples(docs, 1.0, tagger.card["config"]["seed"])
    gold = [s for _, s in sents]
    rows = {}
    t0 = time.perf_counter()
    pred = [[(a, b, t) for a, b, t, _p in p] for p in tagger.tag([t for t, _ in sents])]
    rows["MiniLM-L6 fine-tuned, ONNX int8"] = (span_scores(gold, pred), time.perf_counter() - t0)
    if args.spacy:
        import spacy

        nlp = spacy.load(args.spacy)
        t0 = time.perf_counter()
        pred = [[(e.start_char, e.end_char, e.label_) for e in doc.ents] for doc in nlp.pipe(t for t, _ in sents)]
        rows[f"spaCy NER ({args.spacy.name})"] = (span_scores(gold, pred), time.perf_counter() - t0)
    print(f"{len(docs)} dev documents, {len(sents)} sentences, {sum(map(len, gold))} triggers\n")
    print("| model | exact P / R / F1 | overlap P / R / F1 | seconds |")
    print("|---|---|---|---|")
    for name, (s, secs) in rows.items():
        e, o = s["exact"], s["overlap"]
        print(
            f"| {name} | {e['precision']:.2f} / {e['recall']:.2f} / {e['f1']:.2f} | "
            f"{o['precision']:.2f} / {o['recall']:.2f} / {o['f1']:.2f} | {secs:.1f} |"
        )
    json.dump({k: v[0] for k, v in rows.items()}, sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
