"""API latency over a store of >= 50,000 events: the dashboard's main queries.

    python benchmarks/bench_api.py [--events 50000]

The store is filled with the coded test articles copied under new hashes and shifted dates (a real
coded mix of types, actors and places), then each request is timed (median of 5) through the ASGI app.
"""

from __future__ import annotations

import argparse
import copy
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=50_000)
    args = ap.parse_args()
    import yaml
    from fastapi.testclient import TestClient

    import annales
    from annales.store import Store
    from annales.store.clusters import recompute_clusters
    from annales.web import create_app

    docs = []
    for txt in sorted((ROOT / "tests" / "articles").glob("*.txt")):
        key = yaml.safe_load(txt.with_suffix(".expected.yaml").read_text(encoding="utf-8"))
        docs.append(annales.code(txt.read_text(encoding="utf-8"), date=str(key["article"]["date"])).to_dict())
    db = Path(tempfile.mkdtemp(prefix="annales-api-")) / "events.db"
    store = Store.open(str(db))
    t0 = time.perf_counter()
    n = i = 0
    while n < args.events:
        doc = copy.deepcopy(docs[i % len(docs)])
        year = 2000 + (i % 25)
        for e in doc["events"]:
            if e["date"]:
                e["date"] = f"{year}{e['date'][4:]}"
        doc["article"]["id"] = f"copy-{i}"
        store.write_document(f"h{i:08d}", doc, f"copy-{i}")
        n += len(doc["events"])
        i += 1
    clusters = recompute_clusters(store)
    print(f"store: {i} articles, {n} events, {clusters} clusters, built in {time.perf_counter() - t0:.0f} s")
    store.close()
    client = TestClient(create_app(str(db)))
    requests = [
        ("events, first page", "/api/events?limit=100"),
        ("events by type", "/api/events?type=ASSAULT&limit=100"),
        ("events by country and dates", "/api/events?country=YEM&since=2010-01-01&until=2015-12-31&limit=100"),
        ("events by actor text", "/api/events?actor=police&limit=100"),
        ("events, cluster level", "/api/events?level=cluster&type=SANCTION&limit=100"),
        ("stats (dashboard summary)", "/api/stats"),
        ("actors", "/api/actors?limit=100"),
    ]
    worst = 0.0
    for label, url in requests:
        times = []
        for _ in range(5):
            t0 = time.perf_counter()
            r = client.get(url)
            times.append((time.perf_counter() - t0) * 1000)
            assert r.status_code == 200, (url, r.text[:200])
        med = statistics.median(times)
        worst = max(worst, med)
        print(f"  {label:32} {med:7.1f} ms   {url}")
    print(f"slowest median: {worst:.0f} ms (target < 300 ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
