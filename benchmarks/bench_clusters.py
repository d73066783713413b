"""Clustering time for one group: the rule checked pairwise (each report against every member of every open
cluster, `cluster_rule.compatible`) against the fast clustering (constant-time checks against the traits of the
clusters open in the report's date window), which must give identical clusters; then in a store: a full
recompute against an incremental update.

    python benchmarks/bench_clusters.py --events 4000
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from annales.store.cluster_rule import DEFAULT_WINDOW_DAYS, Report, compatible
from annales.store.clusters import cluster_group, recompute_clusters, update_clusters


def pairwise_cluster_group(members, window_days=DEFAULT_WINDOW_DAYS):
    """The rule checked report against report, in the clustering's order (the reference it must equal): each
    report joins, of the clusters whose every member it is compatible with, the one whose members know the
    most of its levels alike, the first opened among equals."""

    def agreement(c: list[Report], r: Report) -> int:
        same = sum(1 for i, x in enumerate(r.traits) if x is not None and any(m.traits[i] == x for m in c))
        days = [m.span for m in c if m.day]  # the earliest end and latest start of its day reports are r's own
        return same + bool(r.day and days and (min(d[1] for d in days), max(d[0] for d in days)) == r.span[::-1])

    open_clusters: list[list[Report]] = []
    for r in sorted((Report.of(m) for m in members), key=Report.order):
        fitting = [
            (agreement(c, r), -i, c)
            for i, c in enumerate(open_clusters)
            if all(compatible(r, m, window_days) for m in c)
        ]
        if fitting:
            max(fitting, key=lambda f: f[:2])[2].append(r)
        else:
            open_clusters.append([r])
    return [[m.row for m in c] for c in open_clusters]


RSF = {"actor_name": "Rapid Support Forces", "actor_country": "SDN", "actor_sector": "REB"}
RSF.update(actor_kind="organization", actor_key="org:SDN:rapid-support-forces")
REBELS = {"actor_name": "Rebels in Sudan", "actor_country": "SDN", "actor_sector": "REB", "actor_kind": "group"}


def scenarios(n: int) -> dict[str, list[dict]]:
    rng = random.Random(15)
    day0 = date(2024, 1, 1)
    return {
        "same day, same place": [{"uid": f"a{i:06d}:E1", "date": "2024-05-01", "place_name": "Gao"} for i in range(n)],
        "one year, 10 places": [
            {
                "uid": f"a{i:06d}:E1",
                "date": (day0 + timedelta(rng.randrange(365))).isoformat(),
                "place_name": rng.choice([None] + [f"Town {k}" for k in range(10)]),
            }
            for i in range(n)
        ],
        "one week, a place each": [
            {"uid": f"a{i:06d}:E1", "date": (day0 + timedelta(rng.randrange(7))).isoformat(), "place_name": f"Town {i}"}
            for i in range(n)
        ],
        "one month, parties read 3 ways, month dates": [
            {
                "uid": f"a{i:06d}:E1",
                "date": rng.choice(["2024-01"] + [f"2024-01-{d:02d}" for d in range(1, 32)]),
                "place_name": rng.choice([None] + [f"Town {k}" for k in range(10)]),
                **rng.choice([RSF, REBELS, {}]),
            }
            for i in range(n)
        ],
    }


def timed(fn, *args):
    t0 = time.perf_counter()
    out = fn(*args)
    return out, time.perf_counter() - t0


def store_figures(n: int, per_article: int = 100) -> None:
    from annales.store import Store

    text = "Rebels shelled Gao."
    reb = {"actor_id": "A1", "name": "Rebels in Mali", "country": "MLI", "sector": "REB", "code": "MLIREB"}
    mil = {"actor_id": "A2", "name": "Armed forces of Mali", "country": "MLI", "sector": "MIL", "code": "MLIMIL"}
    rng = random.Random(4)

    def doc(k: int, n_events: int) -> dict:
        events = [
            {
                "id": f"E{i}",
                "type": "ASSAULT",
                "mode": None,
                "cameo": "190",
                "actor": reb,
                "recipient": mil,
                "date": (date(2024, 1, 1) + timedelta(rng.randrange(365))).isoformat(),
                "date_source": "text",
                "location": {"name": rng.choice(["Gao", "Kidal"]), "country": "MLI", "lat": 1.0, "lon": 2.0},
                "modality": "asserted",
                "sentence": text,
                "start": 0,
                "end": len(text),
                "trigger": "shelled",
                "trigger_start": 7,
                "trigger_end": 14,
                "confidence": 0.9,
                "why": "bench",
            }
            for i in range(n_events)
        ]
        return {
            "article": {
                "id": f"a{k}",
                "title": None,
                "date": None,
                "url": None,
                "source": None,
                "language": "en",
                "text": f"{text} {k}",
            },
            "actors": [],
            "events": events,
            "quantities": [],
            "quotes": [],
            "timexes": [],
            "places": [],
            "warnings": [],
        }

    with tempfile.TemporaryDirectory() as tmp, Store.open(str(Path(tmp) / "bench.db")) as store:
        for k in range(n // per_article):
            store.write_document(f"h{k:05d}", doc(k, per_article))
        clusters, full = timed(recompute_clusters, store)
        store.write_document("hnew", doc(10**6, 5))
        _, incremental = timed(update_clusters, store)
        print(
            f"store, {n:,} events in one dyad ({clusters:,} clusters): full recompute {full:.2f} s; "
            f"incremental update after one more article of 5 events {incremental:.3f} s"
        )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=4000)
    args = ap.parse_args()
    for name, rows in scenarios(args.events).items():
        before, t_before = timed(pairwise_cluster_group, rows)
        after, t_after = timed(cluster_group, rows)
        same = [[m["uid"] for m in c] for c in before] == [[m["uid"] for m in c] for _, c in after]
        print(
            f"{args.events:,} events in one dyad, {name}: {len(after):,} clusters; pairwise {t_before:.2f} s, "
            f"now {t_after:.3f} s ({t_before / max(t_after, 1e-9):.0f}x); identical clusters: {same}"
        )
        if not same:
            return 1
    store_figures(args.events)
    return 0


if __name__ == "__main__":
    sys.exit(main())
