"""Assign every keyed corpus document to train, dev or test (about 70/15/15), once, and record it.

    python tools/corpus/make_splits.py            # updates corpus/splits.tsv

A document keeps the split it was given (test documents never move into training as the corpus grows).
New documents are stratified by source style and by main PLOVER type at once: in an order fixed by a
hash of the document's name, each goes to the split furthest below its share, summed over its style, its
type and the whole corpus (so that small strata still fill dev and test). The agreement
study's second keys (corpus/agreement/) are not documents of their own.
"""

from __future__ import annotations

import csv
import hashlib
import sys
from collections import Counter, defaultdict
from pathlib import Path

from standalone_keys import keys  # the tools' folder is on the path when run as a script

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
SHARES = {"train": 0.70, "dev": 0.15, "test": 0.15}
COLUMNS = ["doc", "split", "path", "style", "main_type", "annotator"]


def main_type(key: dict) -> str:
    """The type of the first core event (the story's lead), else of the first event, else none."""
    events = [e for e in key.get("events") or [] if isinstance(e, dict) and e.get("type")]
    core = [e for e in events if e.get("tier", "core") == "core"]
    return (core or events or [{"type": "none"}])[0]["type"]


def read_existing(path: Path) -> dict[str, dict]:
    if not path.exists():
        return {}
    with open(path, encoding="utf-8") as fh:
        return {row["doc"]: row for row in csv.DictReader(fh, delimiter="\t")}


def main() -> int:
    path = CORPUS / "splits.tsv"
    rows = read_existing(path)
    docs = keys.find_documents(CORPUS)
    strata: dict[tuple, list] = defaultdict(list)
    for d in docs:
        art = d.key.get("article") or {}
        row = {
            "doc": d.name,
            "path": str(d.text_path.relative_to(CORPUS)),
            "style": art.get("style") or "",
            "main_type": main_type(d.key),
            "annotator": art.get("annotator") or "",
        }
        if d.name in rows:
            rows[d.name].update({k: v for k, v in row.items() if k != "split"})
        else:
            strata[(row["style"], row["main_type"])].append(row)
    counts: dict[str, Counter] = defaultdict(Counter)
    for row in rows.values():
        for group in (f"style:{row['style']}", f"type:{row['main_type']}", "all"):
            counts[group][row["split"]] += 1
    added = 0
    new_rows = [r for rows_ in strata.values() for r in rows_]
    for row in sorted(new_rows, key=lambda r: hashlib.sha256(r["doc"].encode()).hexdigest()):
        groups = (f"style:{row['style']}", f"type:{row['main_type']}", "all")

        def deficit(split: str, groups=groups) -> float:
            return sum(SHARES[split] * (sum(counts[g].values()) + 1) - counts[g][split] for g in groups)

        row["split"] = max(SHARES, key=deficit)
        for g in groups:
            counts[g][row["split"]] += 1
        rows[row["doc"]] = row
        added += 1
    present = {d.name for d in docs}
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, COLUMNS, delimiter="\t", lineterminator="\n")
        w.writeheader()
        for name in sorted(rows):
            if name in present:
                w.writerow({k: rows[name].get(k, "") for k in COLUMNS})
    by_split = Counter(rows[n]["split"] for n in rows if n in present)
    print(f"{len(present)} documents ({added} newly assigned): " + ", ".join(f"{s} {by_split[s]}" for s in SHARES))
    return 0


if __name__ == "__main__":
    sys.exit(main())
