"""Actor resolution accuracy on the gold mention set (tests/actors_gold/mentions.yaml).

    python benchmarks/score_actors.py [-v]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import yaml

import annales
from annales.actors.gold import mention_kinds, score_items

GOLD = Path(__file__).resolve().parent.parent / "tests" / "actors_gold" / "mentions.yaml"


def main(verbose: bool) -> int:
    items = yaml.safe_load(GOLD.read_text(encoding="utf-8"))
    t0 = time.perf_counter()
    s = score_items(items, lambda text, date: annales.code(text, date=date).to_dict(), mention_kinds(GOLD))
    print(f"{len(items)} texts, {s.mentions} mentions, {time.perf_counter() - t0:.1f} s")
    print(f"country accuracy {s.country_accuracy:.3f}, sector accuracy {s.sector_accuracy:.3f}, "
          f"resolved {s.found}/{s.mentions}, people named right {s.people_ok}/{s.people}")
    for kind in sorted(s.by_kind):
        print(f"  {kind or '?':12} {s.by_kind_ok[kind]}/{s.by_kind[kind]} right (country and sector)")
    if verbose:
        for e in s.errors:
            print("  ", e)
    return 0


if __name__ == "__main__":
    sys.exit(main("-v" in sys.argv))
