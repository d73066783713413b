"""Per-event numbers and one record per real event, measured on the sets written for them (issue 13):

    .venv/bin/python benchmarks/score_numbers.py [--pairs tests/cluster_pairs] [--json out.json]

- tests/fatalities: every article ingested into a fresh store and exported in the ACLED shape (asserted events
  only, its default); the fatalities of each article's rows are summed and compared with the key's
  `fatalities_total` (the killed counts of asserted events, never a cumulative or claimed one:
  tests/fatalities/README.md). The issue asks for the sums to be equal.
- tests/cluster_pairs (or another folder of the same layout, `--pairs DIR`): all its articles ingested into one
  store (clustering runs after ingest); for each pair of pairs.yaml, each key event is found among its article's coded events (same PLOVER type, or one of the key's
  `alt`, in the key's evidence sentence) and the pair is merged when both events have one cluster. The issue
  asks for >= 90% of same-event pairs merged and >= 95% of distinct pairs kept apart.

Both sets were written by a helper who never ran the coder; they count as dev for issue 13 (benchmarks/README.md:
their errors may be studied).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import yaml

import annales
from annales.evaluation import match as m
from annales.store import Store

ROOT = Path(__file__).resolve().parent.parent


def keyed(folder: Path) -> dict[str, tuple[str, dict]]:
    """name -> (text, key) for every NAME.txt with its NAME.expected.yaml."""
    out = {}
    for key_path in sorted(folder.glob("*.expected.yaml")):
        name = key_path.name.removesuffix(".expected.yaml")
        text = (folder / f"{name}.txt").read_text(encoding="utf-8")
        out[name] = (text, yaml.safe_load(key_path.read_text(encoding="utf-8")))
    return out


def ingest_docs(docs: dict[str, tuple[str, dict]], tmp: Path, workers: int) -> str:
    """A store with every document, its name as id and source, dated by its key."""
    feed = tmp / "docs.jsonl"
    with feed.open("w", encoding="utf-8") as f:
        for name, (text, key) in docs.items():
            date = (key.get("article") or {}).get("date")
            f.write(json.dumps({"id": name, "source": name, "text": text, "date": str(date) if date else None}) + "\n")
    db = str(tmp / "events.db")
    annales.open(db).ingest(str(feed), workers=workers)
    return db


def score_fatalities(folder: Path, workers: int) -> dict:
    docs = keyed(folder)
    with tempfile.TemporaryDirectory() as tmp:
        db = ingest_docs(docs, Path(tmp), workers)
        out = Path(tmp) / "acled.csv"
        annales.open(db).export(str(out), fmt="csv", shape="acled")
        exported: dict[str, int] = defaultdict(int)
        rows = 0
        with out.open(encoding="utf-8") as f:
            for row in csv.DictReader(f):
                rows += 1
                exported[row["source"]] += int(row["fatalities"] or 0)
    per = {
        name: {"key": int(key.get("fatalities_total") or 0), "exported": exported.get(name, 0)}
        for name, (_text, key) in docs.items()
    }
    return {
        "articles": len(per),
        "acled_rows": rows,
        "key_sum": sum(v["key"] for v in per.values()),
        "exported_sum": sum(v["exported"] for v in per.values()),
        "articles_equal": sum(v["key"] == v["exported"] for v in per.values()),
        "articles_over": sum(v["exported"] > v["key"] for v in per.values()),
        "articles_under": sum(v["exported"] < v["key"] for v in per.values()),
        # a sum can hide errors that cancel: the deaths counted too many and too few, article by article
        "deaths_over": sum(max(0, v["exported"] - v["key"]) for v in per.values()),
        "deaths_under": sum(max(0, v["key"] - v["exported"]) for v in per.values()),
        "per_article": per,
    }


def coded_event(store: Store, name: str, text: str, kev: dict) -> dict | None:
    """The coded event of article `name` that reports key event `kev`: its type (or alt), its sentence."""
    spans = m.spans_of(text, [kev.get("evidence")] + list(kev.get("also") or []))
    rows = store.query(
        "SELECT e.type, e.start_char AS start, e.end_char AS end, e.sentence, e.uid, "
        "COALESCE(e.cluster_id, 'E' || e.uid) AS cluster FROM events e JOIN articles a "
        "ON a.hash = e.article_hash WHERE a.id = ? ORDER BY e.event_id",
        [name],
    )
    for r in rows:
        out = {"start": r["start"], "end": r["end"], "sentence": r["sentence"], "also_reported": []}
        if r["type"] in m.types_of(kev) and m.read_from_evidence(kev, spans, out, text):
            return dict(r)
    return None


def score_clusters(folder: Path, workers: int) -> dict:
    docs = keyed(folder)
    pairs = yaml.safe_load((folder / "pairs.yaml").read_text(encoding="utf-8"))
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        db = ingest_docs(docs, Path(tmp), workers)
        with Store.open(db) as store:
            for p in pairs:
                found = []
                for side in ("a", "b"):
                    text, key = docs[p[side]]
                    kev = next(e for e in key["events"] if e.get("id") == p[f"event_{side}"])
                    found.append(coded_event(store, p[side], text, kev))
                merged = None if None in found else found[0]["cluster"] == found[1]["cluster"]
                results.append(
                    {
                        "a": p["a"],
                        "b": p["b"],
                        "same_event": p["same_event"],
                        "kind": p.get("kind", "lead"),
                        "both_found": None not in found,
                        "merged": merged,
                    }
                )

    def tally(rows, same: bool) -> dict:
        rows = [r for r in rows if r["same_event"] is same]
        found = [r for r in rows if r["both_found"]]
        good = sum(r["merged"] is same for r in found)
        return {
            "pairs": len(rows),
            "both_events_found": len(found),
            "right": good,
            "share_of_found": round(good / len(found), 3) if found else None,
            "share_of_all": round(good / len(rows), 3) if rows else None,
        }

    lead = [r for r in results if r["kind"] == "lead"]
    return {
        "lead": {"same_merged": tally(lead, True), "distinct_apart": tally(lead, False)},
        "all": {"same_merged": tally(results, True), "distinct_apart": tally(results, False)},
        "pairs": results,
    }


def _shown(folder: Path) -> str:
    """A folder as the report names it: relative to the repository when inside it."""
    folder = folder.resolve()
    return str(folder.relative_to(ROOT)) if folder.is_relative_to(ROOT) else str(folder)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--json", type=Path)
    ap.add_argument(
        "--pairs",
        type=Path,
        default=ROOT / "tests" / "cluster_pairs",
        help="A folder of NAME.txt, NAME.expected.yaml and pairs.yaml (tests/cluster_pairs/README.md).",
    )
    args = ap.parse_args()
    fat = score_fatalities(ROOT / "tests" / "fatalities", args.workers)
    clu = score_clusters(args.pairs, args.workers)
    print(
        f"tests/fatalities: {fat['articles']} articles, {fat['acled_rows']} ACLED rows; fatalities exported "
        f"{fat['exported_sum']} against {fat['key_sum']} in the keys; articles equal {fat['articles_equal']}, "
        f"over {fat['articles_over']}, under {fat['articles_under']}; deaths counted too many {fat['deaths_over']}, "
        f"too few {fat['deaths_under']} (summed article by article)"
    )
    for scope in ("lead", "all"):
        s, d = clu[scope]["same_merged"], clu[scope]["distinct_apart"]
        print(
            f"{_shown(args.pairs)} ({scope} pairs): same event merged {s['right']}/{s['pairs']} "
            f"(both events found in {s['both_events_found']}); distinct kept apart {d['right']}/{d['pairs']} "
            f"(both found in {d['both_events_found']})"
        )
    if args.json:
        args.json.write_text(json.dumps({"fatalities": fat, "clusters": clu}, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
