"""The labelled sentences (corpus/sentences/): valid against the guide and the ontology, unique, and written
apart from every text the coder is scored on (corpus dev and test, tests/heldout*, tests/articles, the
seed article), since they train the learned components."""

from __future__ import annotations

import re

from annales.keys import find_documents, load_sentences, validate_sentences
from tests.conftest import ROOT, SHARED

SENTENCES = ROOT / "corpus" / "sentences"
SHINGLE = 10  # words: a shared run this long is copied text; shorter runs are stock phrases and names ("to the
# International Committee of the Red Cross"); three sentences sharing a 10-word run with a scored text about the
# same real event or body were reworded


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


def test_corpus_sentences_are_valid():
    problems = validate_sentences(SENTENCES)
    assert not problems, f"{len(problems)} problems, first: " + "\n".join(problems[:20])


def test_corpus_sentences_share_no_phrase_with_scored_text():
    scored = [d.text for split in ("dev", "test") for d in find_documents(ROOT / "corpus", split)]
    for folder in sorted((ROOT / "tests").glob("heldout*")) + [ROOT / "tests" / "articles"]:
        scored += [p.read_text(encoding="utf-8") for p in folder.glob("*.txt")]
    seed = SHARED / "examples" / "seed-article.txt"
    if seed.exists():
        scored.append(seed.read_text(encoding="utf-8"))
    held = set().union(*(_shingles(t) for t in scored))
    copied = [
        (d.name, " ".join(min(shared))) for d in load_sentences(SENTENCES) if (shared := _shingles(d.text) & held)
    ]
    assert not copied, copied[:5]  # (sentence id, the run of words it shares with a scored text)


def test_corpus_sentences_load_as_train_documents_with_their_events():
    docs = load_sentences(SENTENCES)
    assert docs and all(d.split == "train" for d in docs)
    events = [e for d in docs for e in d.key["events"]]
    assert events and all(e["evidence"] == d.text for d in docs for e in d.key["events"])
    # the classifier learns what is not an event from sentences that report none
    assert sum(not d.key["events"] for d in docs) >= len(docs) // 10


def test_corpus_sentences_validator_names_a_trigger_cut_by_an_unquoted_comma(tmp_path):
    f = tmp_path / "x.sentences.yaml"
    f.write_text(
        'date: 2020-01-01\nsentences:\n  - id: x-1\n    text: "Kenya will send 20,000 troops to Somalia."\n'
        "    actors:\n      - {name: Kenya, country: KEN, sector: GOV}\n"
        '    events:\n      - {type: MOBILIZE, mode: troops, cameo: "154", trigger: send 20,000 troops, actor: Kenya,'
        " recipient: null, modality: planned}\n",
        encoding="utf-8",
    )
    problems = validate_sentences(f)
    assert any("'000 troops'" in p and "comma" in p for p in problems), problems
