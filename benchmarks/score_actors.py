"""Actor resolution on the gold sets of tests/actors_gold, one block per set (README.md there says what each
measures): lookup accuracy on mentions.yaml is reported apart from coverage of actors the knowledge base does
not know (unknown_people.yaml, unknown_actors.yaml) and from the reading of ambiguous names
(ambiguous_names.yaml).

    python benchmarks/score_actors.py [--set lookup|unknown_people|unknown_actors|ambiguous|all] [-v]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import yaml

import annales
from annales.actors.gold import ActorScore, mention_kinds, score_items

GOLD_DIR = Path(__file__).resolve().parent.parent / "tests" / "actors_gold"
SETS = {  # --set name: (file, what it measures)
    "lookup": ("mentions.yaml", "lookup of known people and reading of generic descriptions"),
    "unknown_people": ("unknown_people.yaml", "coverage of people the knowledge base does not know"),
    "unknown_actors": (
        "unknown_actors.yaml",
        "coverage of people, organisations and groups the knowledge base does not know",
    ),
    "ambiguous": ("ambiguous_names.yaml", "reading of ambiguous names in context"),
}
NOT_AMBIGUOUS_KIND = "other"  # ambiguous_names.yaml: context mentions of the same story


def score_set(name: str) -> tuple[ActorScore, int, float]:
    path = GOLD_DIR / SETS[name][0]
    items = yaml.safe_load(path.read_text(encoding="utf-8"))
    t0 = time.perf_counter()
    s = score_items(items, lambda text, date: annales.code(text, date=date).to_dict(), mention_kinds(path))
    return s, len(items), time.perf_counter() - t0


def print_block(name: str, verbose: bool) -> None:
    s, texts, seconds = score_set(name)
    file, measures = SETS[name]
    print(f"== {file}: {measures}")
    print(f"   {texts} texts, {s.mentions} actor mentions, {seconds:.1f} s")
    print(
        f"   resolved at all {s.found}/{s.mentions}; country {s.country_ok}/{s.mentions} "
        f"({s.country_accuracy:.3f}); sector {s.sector_ok}/{s.mentions} ({s.sector_accuracy:.3f}); "
        f"both {s.both_ok}/{s.mentions}; names right {s.people_ok}/{s.people}"
    )
    if s.non_actors:
        print(f"   not actors left unresolved {s.non_actors_ok}/{s.non_actors}")
    if name == "ambiguous":
        amb = sum(n for k, n in s.by_kind.items() if k != NOT_AMBIGUOUS_KIND)
        amb_ok = sum(n for k, n in s.by_kind_ok.items() if k != NOT_AMBIGUOUS_KIND)
        print(
            f"   ambiguous actor mentions right (country and sector) {amb_ok}/{amb}, "
            f"plus not-actors {s.non_actors_ok}/{s.non_actors}"
        )
    for kind in sorted(s.by_kind):
        print(f"     {kind or '?':12} {s.by_kind_ok[kind]}/{s.by_kind[kind]} right (country and sector)")
    if verbose:
        for e in s.errors:
            print("     ", e)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=[*SETS, "all"], default="all", dest="which")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every wrong mention")
    args = parser.parse_args(argv)
    for name in SETS if args.which == "all" else [args.which]:
        print_block(name, args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
