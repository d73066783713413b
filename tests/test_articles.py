"""The hand-written articles (tests/articles) and the seed article, scored against their answer keys."""
from __future__ import annotations

import pytest
import yaml

import annales
from annales.actors import kb as kbmod
from annales.evaluation import score_document
from tests.conftest import ROOT, SHARED

ARTICLES = sorted((ROOT / "tests" / "articles").glob("*.txt"))
SEED = SHARED / "examples" / "seed-article.txt"


def _score(txt):
    key = yaml.safe_load(txt.with_suffix(".expected.yaml").read_text(encoding="utf-8")) if txt != SEED else \
        yaml.safe_load(SEED.with_name("seed-article.expected.yaml").read_text(encoding="utf-8"))
    doc = annales.code(txt.read_text(encoding="utf-8"), date=str(key["article"]["date"])).to_dict(with_text=True)
    return score_document(txt.stem, key, doc, kbmod.load().country_of_word), doc


def test_articles_corpus_is_complete():
    assert len(ARTICLES) >= 10
    kinds = {p.stem.split("-", 1)[1] for p in ARTICLES}
    assert len(kinds) == len(ARTICLES)


# Known misses, each still checked: strict xfail fails the suite the day the article starts passing,
# so the list cannot go stale. Keep it short and say why.
# Scored strictly (annales.evaluation): type, actor, recipient, evidence sentence and modality, one to one.
KNOWN_MISSES = {
    "03-sanctions": "E3: the asset freezes 'agreed on Monday' are not coded from their sentence (only the "
                    "sanctions imposed on Thursday are)",
    "06-ceasefire": "E1, E2, E4: 'will stop fighting ... Angola's presidency said', 'largely observed a truce', "
                    "'would not withdraw' are not coded from their sentences",
    "09-state-visit": "E3-E5: after 'talks with Sharif' the actor is Pakistan, not Xi; 'officials signed 51 "
                      "agreements' has no parties; 'protect Chinese engineers' is coded with the engineers as recipient",
}


def _param(p):
    if p.stem in KNOWN_MISSES:
        return pytest.param(p, id=p.stem, marks=pytest.mark.xfail(reason=KNOWN_MISSES[p.stem], strict=True))
    return pytest.param(p, id=p.stem)


@pytest.mark.parametrize("txt", [_param(p) for p in ARTICLES])
def test_articles_answer_key(txt):
    s, _doc = _score(txt)
    assert s.passed, s.summary() + "\n" + "\n".join(s.missed_lines())


@pytest.mark.skipif(not SEED.exists(), reason="../shared/examples not present")
def test_articles_seed_article():
    s, doc = _score(SEED)
    assert s.passed, s.summary()
    assert len(s.core_found) == len(s.core) == 10 and not s.traps


def _recall(folder: str) -> tuple[int, int]:
    found = total = 0
    for txt in sorted((ROOT / "tests" / folder).glob("*.txt")):
        s, _ = _score(txt)
        found += len(s.core_found)
        total += len(s.core)
    return found, total


@pytest.mark.parametrize("folder,floor", [("heldout", 0.65), ("heldout2", 0.50)])
def test_articles_heldout_recall_floor(folder, floor):
    """Articles written apart from the coder: 'heldout' was used for error analysis after its first
    score (34%); 'heldout2' never was (56% when it arrived). Counted by the strict scorer (type, parties,
    evidence sentence, modality, one to one): heldout 20/29 on 2026-12-06. The floor guards against regressions."""
    found, total = _recall(folder)
    assert total >= 25 and found / total >= floor, f"{folder}: {found}/{total} core events"
