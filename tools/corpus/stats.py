"""The corpus' figures as Markdown, written into corpus/README.md between its STATS markers.

    .venv/bin/python tools/corpus/stats.py [--write]

Counts documents, events (core and extra), PLOVER types, the modes of ASSAULT, COERCE and PROTEST,
modalities, source styles, countries and years of the written articles, and documents per split.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from pathlib import Path

from annales.keys import find_documents
from annales.ontology import ontology

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
BEGIN, END = "<!-- STATS BEGIN (tools/corpus/stats.py --write) -->", "<!-- STATS END -->"


def stats_markdown() -> str:
    docs = find_documents(CORPUS)
    with open(CORPUS / "splits.tsv", encoding="utf-8") as fh:
        split_of = {r["doc"]: r["split"] for r in csv.DictReader(fh, delimiter="\t")}
    events = [(d, e) for d in docs for e in d.key.get("events") or []]
    types = ontology()["types"]
    by_type = Counter(e["type"] for _, e in events)
    core = Counter(e["type"] for _, e in events if e.get("tier", "core") == "core")
    styles = Counter((d.key.get("article") or {}).get("style") for d in docs)
    written = [d for d in docs if (d.key.get("article") or {}).get("style") != "synthetic"]
    countries = Counter((d.key.get("article") or {}).get("country") for d in written)
    years = Counter(str((d.key.get("article") or {}).get("date"))[:4] for d in written)
    splits = Counter(split_of.get(d.name, "?") for d in docs)
    split_events = Counter(split_of.get(d.name, "?") for d, _ in events)
    modality = Counter(e.get("modality") for _, e in events)
    lines = [
        f"**{len(docs)} documents, {len(events)} events** ({sum(core.values())} core), "
        f"{sum(len(d.key.get('not_events') or []) for d in docs)} not-events, "
        f"{sum(len(d.key.get('quantities') or []) for d in docs)} quantities; "
        f"{styles.get('synthetic', 0)} synthetic stories and {len(written)} written articles "
        f"({styles.get('no-event', 0)} with no political event) from {len(set(countries) - {None})} countries, "
        f"{min(years) if years else '-'}-{max(years) if years else '-'}.",
        "",
        "| split | documents | events |",
        "|---|---|---|",
        *[f"| {s} | {splits[s]} | {split_events[s]} |" for s in ("train", "dev", "test")],
        "",
        "| PLOVER type | events | core |",
        "|---|---|---|",
        *[f"| {t} | {by_type.get(t, 0)} | {core.get(t, 0)} |" for t in types],
        "",
        "Modes: "
        + "; ".join(
            f"{t} "
            + ", ".join(
                f"{m} {Counter(e.get('mode') for _, e in events if e['type'] == t).get(m, 0)}"
                for m in types[t]["modes"]
            )
            for t in ("ASSAULT", "COERCE", "PROTEST")
        )
        + ".",
        "",
        "Modalities: " + ", ".join(f"{k} {v}" for k, v in modality.most_common()) + ".",
        "",
        "Styles: " + ", ".join(f"{k} {v}" for k, v in styles.most_common()) + ".",
    ]
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args()
    md = stats_markdown()
    if not args.write:
        print(md)
        return 0
    readme = CORPUS / "README.md"
    text = readme.read_text(encoding="utf-8")
    start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
    readme.write_text(text[:start] + "\n" + md + "\n" + text[end:], encoding="utf-8")
    print(md)
    return 0


if __name__ == "__main__":
    sys.exit(main())
