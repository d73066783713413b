"""API latency over a store of >= 50,000 events: the dashboard's main queries.

    python benchmarks/bench_api.py [--events 50000] [--browser]

The store is filled with the 100 benchmark articles (benchmarks/corpus/articles, never tuned on: see
corpora.py), coded once, then copied under new hashes and shifted dates until it holds --events events (a
real coded mix of types, actors and places; copies are how a 2-core machine builds a store of 50,000 events
in a minute, and a store's query latency depends on its size and mix, not on whether its text repeats).
Each request is then timed (median of 5) through the ASGI app.
The dashboard's main view is three requests (ontology, overview, first page of events), timed together.
With --browser, the built dashboard is also loaded in headless Chromium over a real socket and timed from
navigation to the drawn view (timeline, network, map and table), median of 5.
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


def dyad_url(client) -> str:
    """The dyad view of the network's heaviest edge: two actors the store surely has."""
    from urllib.parse import urlencode

    edge = client.get("/api/network?top=30").json()["data"]["edges"][0]
    return "/api/dyad?" + urlencode({"a": edge["source"], "b": edge["target"], "by": "month"})


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=50_000)
    ap.add_argument("--browser", action="store_true", help="also time the dashboard in headless Chromium")
    args = ap.parse_args()
    from fastapi.testclient import TestClient

    import annales
    from annales.store import Store
    from annales.store.clusters import recompute_clusters
    from annales.web import create_app

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from corpora import articles_corpus

    docs = [annales.code(a["text"], date=a["date"]).to_dict() for a in articles_corpus()]
    print(f"corpus: {len(docs)} benchmark articles coded once (benchmarks/corpus/articles), then copied")
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
        ("stats", "/api/stats"),
        ("actors", "/api/actors?limit=100"),
        ("overview (dashboard charts)", "/api/overview"),
        ("overview by type", "/api/overview?type=ASSAULT"),
        ("overview by country and dates", "/api/overview?country=YEM&since=2010-01-01&until=2015-12-31"),
        ("overview by actor text", "/api/overview?actor=police"),
        ("timeline, monthly", "/api/timeline?by=month"),
        ("network, top 30", "/api/network?top=30"),
        ("places", "/api/places"),
        ("table, first page by date", "/api/table?sort=date&order=desc&limit=50"),
        ("table sorted by actor", "/api/table?sort=actor&order=asc&limit=50"),
        ("dyad (the network's heaviest edge)", dyad_url(client)),
        (
            "dashboard main view (5 requests)",
            [
                "/api/ontology",
                "/api/timeline?by=month",
                "/api/network?top=30",
                "/api/places",
                "/api/table?sort=date&order=desc&limit=50",
            ],
        ),
        (
            "dashboard view filtered",
            [
                "/api/ontology",
                "/api/timeline?by=month&type=PROTEST&country=KEN",
                "/api/network?top=30&type=PROTEST&country=KEN",
                "/api/places?type=PROTEST&country=KEN",
                "/api/table?sort=date&order=desc&limit=50&type=PROTEST&country=KEN",
            ],
        ),
    ]
    worst = 0.0
    for label, urls in requests:
        urls = [urls] if isinstance(urls, str) else urls
        times = []
        for _ in range(5):
            t0 = time.perf_counter()
            for url in urls:
                r = client.get(url)
                assert r.status_code == 200, (url, r.text[:200])
            times.append((time.perf_counter() - t0) * 1000)
        med = statistics.median(times)
        worst = max(worst, med)
        print(f"  {label:34} {med:7.1f} ms   {' + '.join(urls)}")
    print(f"slowest median: {worst:.0f} ms (target < 300 ms)")
    if args.browser:
        browser_times(str(db))
    return 0


def browser_times(db: str) -> None:
    import shutil
    import socket
    import threading

    import uvicorn
    from playwright.sync_api import sync_playwright

    from annales.web import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    args = [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
    ]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=args)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        for label, query in (("dashboard in Chromium", ""), ("filtered in Chromium", "?type=ASSAULT&country=YEM")):
            times = []
            for _ in range(6):
                t0 = time.perf_counter()
                page.goto(f"http://127.0.0.1:{port}/{query}")
                page.wait_for_selector("#app[aria-busy=false] #events tbody tr")
                times.append((time.perf_counter() - t0) * 1000)
            print(f"  {label:34} {statistics.median(times[1:]):7.1f} ms   navigation to drawn view, warm")
        page.goto(f"http://127.0.0.1:{port}/")
        page.wait_for_selector("#app[aria-busy=false] #events tbody tr")
        times = []
        for kind in ("ASSAULT", "CONSULT", "PROTEST", "AID", "ASSAULT", "CONSULT"):
            page.select_option("#f-type", kind)
            t0 = time.perf_counter()
            page.click("#apply")
            # Apply redraws synchronously up to its first request: aria-busy is "true" when click returns
            page.wait_for_selector("#app[aria-busy=false] #events tbody tr")
            times.append((time.perf_counter() - t0) * 1000)
        print(f"  {'filter change in Chromium':34} {statistics.median(times):7.1f} ms   Apply to redrawn view")
        browser.close()
    server.should_exit = True


if __name__ == "__main__":
    sys.exit(main())
