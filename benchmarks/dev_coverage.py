"""Error analysis on the noisy development set (../shared/dev-data/ngec_synthetic): how often the
document-level PLOVER label written into the generation prompt appears among annales' events.

    python benchmarks/dev_coverage.py [--n 600]

The labels are the prompt's intent, not a reading of the text (see ../shared/dev-data/README.md), so
this is a coverage signal for the lexicon, not an accuracy measure.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import sys
import zipfile
from collections import Counter
from pathlib import Path

import annales

DEV = (
    Path(__file__).resolve().parent.parent.parent
    / "shared"
    / "dev-data"
    / "ngec_synthetic"
    / "gpt_synthetic_events_2023-10-19_19.csv.zip"
)
LEGACY = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=600)
    args = ap.parse_args()
    if not DEV.exists():
        print(f"{DEV} not found: this benchmark needs ../shared beside the checkout")
        return 0
    with zipfile.ZipFile(DEV) as z:
        name = z.namelist()[0]
        rows = list(csv.DictReader(io.TextIOWrapper(z.open(name), encoding="utf-8")))
    random.Random(3).shuffle(rows)
    rows = rows[: args.n]
    hit, total, any_event = Counter(), Counter(), 0
    for r in rows:
        label = LEGACY.get(r["label"].strip().upper(), r["label"].strip().upper())
        text = "\n".join(r["text"].splitlines()[1:])  # the first line says the story is synthetic
        doc = annales.code(text, date="2023-10-19").to_dict()
        types = {e["type"] for e in doc["events"] if e["modality"] in ("asserted", "claimed", "planned")}
        total[label] += 1
        hit[label] += label in types
        any_event += bool(doc["events"])
    print(
        f"{len(rows)} synthetic stories; any event coded in {any_event / len(rows):.0%}; "
        f"labelled type among the coded types in {sum(hit.values()) / len(rows):.0%}"
    )
    for label in sorted(total, key=lambda x: -total[x]):
        print(f"  {label:10} {hit[label]:4}/{total[label]:<4} {hit[label] / total[label]:.0%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
