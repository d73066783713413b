"""The annotated corpus (corpus/): every key valid against its text and the ontology, the splits fixed,
the transfer sets kept out, and the size the ground-truth issue asks for."""

from __future__ import annotations

import csv
import re
from collections import Counter

from annales.keys import find_documents, iso3_codes, load_key, validate_key
from annales.ontology import ontology
from tests.conftest import ROOT, SHARED

CORPUS = ROOT / "corpus"
DOCS = find_documents(CORPUS) if CORPUS.exists() else []
SECOND_KEYS = sorted(p for p in (CORPUS / "agreement").glob("*/*.expected.yaml") if p.parent.name != "first")
ISO3 = iso3_codes()
TARGETS = {
    "documents": 600,
    "events": 4000,
    "per_type": 120,
    "synthetic": 350,
    "written": 250,
    "countries": 60,
    "double_annotated": 60,
}


def _events():
    return [e for d in DOCS for e in d.key.get("events") or []]


def test_corpus_every_key_is_valid():
    assert DOCS, "corpus/ has no keyed documents"
    onto = ontology()
    problems = []
    for d in DOCS:
        problems += [f"{d.key_path.relative_to(ROOT)}: {p}" for p in validate_key(d.key, d.text, onto, ISO3)]
    for kp in SECOND_KEYS:
        text = kp.with_name(kp.name.replace(".expected.yaml", ".txt")).read_text(encoding="utf-8")
        problems += [f"{kp.relative_to(ROOT)}: {p}" for p in validate_key(load_key(kp), text, onto, ISO3)]
    assert not problems, f"{len(problems)} problems, first: " + "\n".join(problems[:20])


def test_corpus_every_document_has_a_fixed_split():
    with open(CORPUS / "splits.tsv", encoding="utf-8") as fh:
        rows = {r["doc"]: r["split"] for r in csv.DictReader(fh, delimiter="\t")}
    missing = [d.name for d in DOCS if d.name not in rows]
    assert not missing, f"not in corpus/splits.tsv (run tools/corpus/make_splits.py): {missing[:10]}"
    shares = Counter(rows[d.name] for d in DOCS)
    n = len(DOCS)
    assert set(shares) <= {"train", "dev", "test"}
    for split, target in (("train", 0.70), ("dev", 0.15), ("test", 0.15)):
        assert abs(shares[split] / n - target) <= 0.05, f"{split}: {shares[split]}/{n}"


def _sentences(text: str) -> set[str]:
    return {s.strip() for s in re.split(r"(?<=[.!?])\s+|\n+", text) if len(s.strip()) >= 50}


def test_corpus_holds_no_text_of_the_transfer_sets():
    """tests/heldout*, tests/articles and the seed article stay out of the corpus: they measure transfer."""
    held = set()
    for folder in sorted((ROOT / "tests").glob("heldout*")) + [ROOT / "tests" / "articles"]:
        for p in folder.glob("*.txt"):
            held |= _sentences(p.read_text(encoding="utf-8"))
    seed = SHARED / "examples" / "seed-article.txt"
    if seed.exists():
        held |= _sentences(seed.read_text(encoding="utf-8"))
    shared = [(d.name, s[:60]) for d in DOCS for s in _sentences(d.text) & held]
    assert not shared, shared[:5]


def _counts() -> dict:
    events = _events()
    by_type = Counter(e["type"] for e in events)
    countries = {
        (d.key.get("article") or {}).get("country")
        for d in DOCS
        if (d.key.get("article") or {}).get("style") != "synthetic"
    } - {None}
    return {
        "documents": len(DOCS),
        "events": len(events),
        "min_type": min(by_type.get(t, 0) for t in ontology()["types"]),
        "synthetic": sum((d.key.get("article") or {}).get("style") == "synthetic" for d in DOCS),
        "written": sum((d.key.get("article") or {}).get("style") not in (None, "synthetic") for d in DOCS),
        "countries": len(countries),
        "double_annotated": len(SECOND_KEYS),
    }


def test_corpus_counts_are_reported_honestly():
    """The figures corpus/README.md states are the corpus' own."""
    c = _counts()
    readme = (CORPUS / "README.md").read_text(encoding="utf-8")
    assert f"{c['documents']} documents" in readme and f"{c['events']} events" in readme, c


def test_corpus_meets_the_ground_truth_issue_counts():
    c = _counts()
    assert c["documents"] >= TARGETS["documents"] and c["events"] >= TARGETS["events"], c
    assert c["min_type"] >= TARGETS["per_type"], c
    assert c["synthetic"] >= TARGETS["synthetic"] and c["written"] >= TARGETS["written"], c
    assert c["countries"] >= TARGETS["countries"] and c["double_annotated"] >= TARGETS["double_annotated"], c


def test_corpus_covers_the_modes_of_assault_coerce_and_protest():
    modes = Counter((e["type"], e.get("mode")) for e in _events())
    types = ontology()["types"]
    missing = [(t, m) for t in ("PROTEST", "COERCE") for m in types[t]["modes"] if modes[(t, m)] == 0]
    assert not missing, missing
    assault = [m for m in types["ASSAULT"]["modes"] if modes[("ASSAULT", m)] > 0]
    assert len(assault) >= 10, assault
