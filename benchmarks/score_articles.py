"""Score annales on the hand-written test articles (and the seed article when ../shared is present).

    python benchmarks/score_articles.py [-v] [articles|heldout]

`heldout` scores tests/heldout/: articles written after the coder was tuned, never used to tune it.

Prints, per article, what was found against the analyst's answer key (rules: annales/evaluation.py).
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

import annales
from annales.actors import kb as kbmod
from annales.evaluation import score

ROOT = Path(__file__).resolve().parent.parent


def article_pairs(folder: str = "articles"):
    for txt in sorted((ROOT / "tests" / folder).glob("*.txt")):
        key = txt.with_suffix(".expected.yaml")
        if key.exists():
            yield txt, key
    seed = ROOT.parent / "shared" / "examples" / "seed-article.txt"
    if seed.exists() and folder == "articles":
        yield seed, seed.with_name("seed-article.expected.yaml")


def country_of(name: str):
    k = kbmod.load()
    return k.country_of_word(name)


def main(verbose: bool, folder: str = "articles") -> int:
    totals = [0, 0, 0, 0, 0]
    out_total = out_accounted = 0
    for txt, keyp in article_pairs(folder):
        key = yaml.safe_load(keyp.read_text(encoding="utf-8"))
        doc = annales.code(txt.read_text(encoding="utf-8"), date=str(key["article"]["date"])).to_dict(with_text=True)
        s = score(txt.stem, key, doc, country_of)
        print(("PASS " if s.passed else "FAIL ") + s.summary())
        if verbose:
            for label, items in [("core missed", s.core_missed),
                                 ("core found only in another sentence", s.core_elsewhere),
                                 ("extra missed", s.extra_missed),
                                 ("not-events violated", s.not_event_violations),
                                 ("quantities missed", s.quantities_missed), ("quotes missed", s.quotes_missed),
                                 ("dates missed", s.dates_missed), ("places missed", s.places_missed)]:
                if items:
                    print(f"    {label}: {items}")
        out_total += s.events_output
        out_accounted += s.events_accounted
        totals[0] += len(s.core_found)
        totals[1] += len(s.core_found) + len(s.core_missed)
        totals[2] += len(s.extra_found)
        totals[3] += len(s.extra_found) + len(s.extra_missed)
        totals[4] += len(s.core_in_sentence)
    print(f"core events found {totals[0]}/{totals[1]} ({totals[0] / max(1, totals[1]):.0%}); "
          f"of them read from the key's evidence sentence {totals[4]}/{totals[1]} ({totals[4] / max(1, totals[1]):.0%}); "
          f"extra {totals[2]}/{totals[3]} ({totals[2] / max(1, totals[3]):.0%}); output events in the keys "
          f"{out_accounted}/{out_total} ({out_accounted / max(1, out_total):.0%}, a floor on precision: keys list "
          "what an analyst must or may code, not every codable event)")
    return 0


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    sys.exit(main("-v" in sys.argv, args[0] if args else "articles"))
