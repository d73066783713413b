"""Clusters (issue 15): the fast clustering equals the pairwise rule, incremental clustering equals a full
recompute on SQLite and PostgreSQL, and views never fold events not clustered yet into one row."""

from __future__ import annotations

import random
from datetime import date

import pytest

from annales.store import Store
from annales.store.cluster_rule import Report
from annales.store.clusters import cluster_group, group_runs, recompute_clusters, update_clusters
from annales.store.query import event_rows
from tests.test_store import db_url  # noqa: F401 - the SQLite/PostgreSQL fixture


def _days(value):
    """(first day, last day, precision) a date can mean, written out independently of the code under test."""
    if not value:
        return None
    try:
        if len(value) >= 10:
            d = date.fromisoformat(value[:10]).toordinal()
            return d, d, "day"
        if len(value) == 7:
            first = date(int(value[:4]), int(value[5:7]), 1)
            nxt = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
            return first.toordinal(), nxt.toordinal() - 1, "month"
        return date(int(value[:4]), 1, 1).toordinal(), date(int(value[:4]), 12, 31).toordinal(), "year"
    except ValueError:
        return None


STATE = {"GOV", "MIL", "COP", "SPY"}  # ACLED's State forces: one sector for clustering
UNIDENTIFIED = {"UAF"}  # 'gunmen': armed, of no known sector
LOOKBACK = 2  # a day the story stood in for (dateline, publication) covers the two days before it too


def _party(r, side):
    """A side's party as the rule reads it: None when nothing is known of it."""
    name, country, sector = r.get(f"{side}_name"), r.get(f"{side}_country"), r.get(f"{side}_sector")
    if not (name or country or sector):
        return None
    named = bool(name) and r.get(f"{side}_kind") not in ("group", "country")
    return {
        "country": country,
        "sector": "state" if sector in STATE else None if sector in UNIDENTIFIED else sector,
        "id": r[f"{side}_key"] if named else None,
    }


def _parties_ok(p, q):
    """A missing party fits any; two named ones only themselves; a named one a generic one of its country and
    sector (what the generic one does not say fits, what the named one does not say does not); two generic ones
    where neither country nor sector differ."""
    if p is None or q is None:
        return True
    if p["id"] and q["id"]:
        return p["id"] == q["id"]
    if p["id"] or q["id"]:
        named, generic = (p, q) if p["id"] else (q, p)
        return all(generic[k] is None or generic[k] == named[k] for k in ("country", "sector"))
    return all(p[k] is None or q[k] is None or p[k] == q[k] for k in ("country", "sector"))


def _place(r):
    """The levels a place is known to: a country, an admin1, a landmark in an admin1, or a town."""
    if not r.get("place_name"):
        return {}
    country, precision = r.get("place_country"), r.get("geo_precision")
    admin1 = (country, r["place_admin1"]) if r.get("place_admin1") else None
    ident = r.get("geonames_id") or r["place_name"].lower()
    if precision == "country":
        return {"country": country}
    if precision == "admin1":
        return {"country": country, "admin1": admin1 or ident}
    key = "site" if precision == "landmark" else "town"
    return {"country": country, "admin1": admin1, key: ident}


def _reading(r, side):
    named = r.get(f"{side}_name") and r.get(f"{side}_kind") not in ("group", "country")
    return r[f"{side}_key"] if named else (r.get(f"{side}_country"), r.get(f"{side}_sector"))


def _story_days(r):
    """The days a report's date can mean: a day the text did not give is the latest it can have happened."""
    d = _days(r["date"])
    if d and d[2] == "day" and r.get("date_source") in ("dateline", "publication"):
        return d[0] - LOOKBACK, d[1], "day"
    return d


def _compatible(a, b, window=1):
    """The rule as the module's docstring states it, for two reports."""
    same_article = a["uid"].split(":")[0] == b["uid"].split(":")[0]
    if same_article and any(_reading(a, side) != _reading(b, side) for side in ("actor", "recipient")):
        return False
    da, db = _story_days(a), _story_days(b)
    if da is None or da[2] == "year" or db is None or db[2] == "year":  # no day or month
        year = [d[0] if d and d[2] == "year" else None for d in (da, db)]
        if not (same_article and (da is None or da[2] == "year") and (db is None or db[2] == "year")):
            return False
        if year[0] != year[1]:
            return False
    else:
        tolerance = window if da[2] == db[2] == "day" else 0
        if max(da[0] - db[1], db[0] - da[1]) > tolerance:
            return False
    pa, pb = _place(a), _place(b)
    if any(pa.get(k) is not None and pb.get(k) is not None and pa[k] != pb[k] for k in pa.keys() & pb.keys()):
        return False
    return all(_parties_ok(_party(a, side), _party(b, side)) for side in ("actor", "recipient"))


def _pairwise_clusters(rows, window=1):
    """The rule as stated: in date-then-uid order (no day or month: last), each report joins, among the
    clusters whose every report it is compatible with, the one whose reports know the most of its levels of
    place and parties alike (the first opened among equals), report by report."""

    def order(r):
        d = _story_days(r)
        return (d[0] if d and d[2] != "year" else 10**9, r["uid"])

    def agreement(c, r):
        mine = Report.of(r).traits
        known = [{Report.of(m).traits[i] for m in c} - {None} for i in range(len(mine))]
        same = sum(1 for i, x in enumerate(mine) if x is not None and x in known[i])
        # one more when the cluster's day reports end no earlier and start no later than r's own days
        days = [_story_days(m) for m in c if (_story_days(m) or (0, 0, ""))[2] == "day"]
        mine = _story_days(r)
        tells = mine and mine[2] == "day" and days
        return same + bool(tells and (min(d[1] for d in days), max(d[0] for d in days)) == (mine[1], mine[0]))

    clusters = []
    for r in sorted(rows, key=order):
        fitting = [c for c in clusters if all(_compatible(r, m, window) for m in c)]
        if fitting:
            max(fitting, key=lambda c: (agreement(c, r), -clusters.index(c))).append(r)
        else:
            clusters.append([r])
    return [[m["uid"] for m in c] for c in clusters]


DATES = [
    "2024-05-01",
    "2024-05-02",
    "2024-05-03",
    "2024-05-04",
    "2024-05-09",
    "2024-05-30",
    "2024-05-31",
    "2024-06-01",
    "2024-06-02",
    "2024-05",
    "2024-06",
    "2024",
    "2023",
    "2025-01-01",
    None,
    "",
    "garbage",
]
PLACES = [
    {},
    {},
    {
        "place_name": "Gao",
        "place_country": "MLI",
        "place_admin1": "07",
        "geo_precision": "city",
        "geonames_id": 2457163,
    },
    {
        "place_name": "GAO",
        "place_country": "MLI",
        "place_admin1": "07",
        "geo_precision": "city",
        "geonames_id": 2457163,
    },
    {
        "place_name": "Ansongo",
        "place_country": "MLI",
        "place_admin1": "07",
        "geo_precision": "city",
        "geonames_id": 2460954,
    },
    {
        "place_name": "Kidal",
        "place_country": "MLI",
        "place_admin1": "08",
        "geo_precision": "city",
        "geonames_id": 2455290,
    },
    {"place_name": "Mali", "place_country": "MLI", "geo_precision": "country", "geonames_id": 2453866},
    {"place_name": "Gao Region", "place_country": "MLI", "place_admin1": "07", "geo_precision": "admin1"},
    {"place_name": "Gao airport", "place_country": "MLI", "place_admin1": "07", "geo_precision": "landmark"},
    {"place_name": "Tarkint", "place_country": "MLI", "geo_precision": "none"},
    {
        "place_name": "Niamey",
        "place_country": "NER",
        "place_admin1": "08",
        "geo_precision": "city",
        "geonames_id": 2440485,
    },
    {"place_name": "Gao"},  # a row stored before migration 8: a town by its name
]


def _actor(name, country, sector, kind, key):
    return {"name": name, "country": country, "sector": sector, "kind": kind, "key": key}


PARTIES = [
    None,
    _actor("Rebels in Mali", "MLI", "REB", "group", "agent:MLI:REB"),
    _actor("CMA", "MLI", "REB", "organization", "org:MLI:cma"),
    _actor("JNIM", "MLI", "REB", "organization", "org:MLI:jnim"),
    _actor("Armed forces of Mali", "MLI", "MIL", "group", "agent:MLI:MIL"),
    _actor("Police of Mali", "MLI", "COP", "group", "agent:MLI:COP"),
    _actor("Mali", "MLI", "GOV", "country", "country:MLI"),
    _actor("gunmen", None, "UAF", "group", "agent:-:UAF:gunmen"),
    _actor("Public Defender", None, None, "organization", "org:-:-:public-defender"),
    _actor("Armed forces of Niger", "NER", "MIL", "group", "agent:NER:MIL"),
]


def _random_rows(rng, n, articles=12):
    rows = []
    for i in range(n):
        row = {"uid": f"h{rng.randrange(articles):02d}:E{i}", "type": "ASSAULT", "date": rng.choice(DATES)}
        row["date_source"] = rng.choice(["text", "text", "dateline", "publication"])
        row.update(rng.choice(PLACES))
        for side in ("actor", "recipient"):
            p = rng.choice(PARTIES) or {}
            row.update({f"{side}_{k}": p.get(k) for k in ("name", "country", "sector", "kind", "key")})
        rows.append(row)
    return rows


def test_clusters_group_equals_the_pairwise_rule_on_random_groups():
    rng = random.Random(15)
    for _ in range(400):
        rows = _random_rows(rng, rng.randrange(1, 40))
        assert [[m["uid"] for m in c] for _, c in cluster_group(rows)] == _pairwise_clusters(rows)


def test_clusters_runs_cluster_like_their_whole_group():
    rng = random.Random(7)
    for _ in range(300):
        rows = _random_rows(rng, rng.randrange(1, 40))
        runs = group_runs(rows)
        assert sorted(m["uid"] for run in runs for m in run) == sorted(r["uid"] for r in rows)
        by_run = sorted((cid, [m["uid"] for m in c]) for run in runs for cid, c in cluster_group(run))
        assert by_run == sorted((cid, [m["uid"] for m in c]) for cid, c in cluster_group(rows))


def test_clusters_group_of_4000_same_day_reports_is_one_cluster_quickly():
    import time

    rows = [{"uid": f"a{i:05d}:E1", "date": "2024-05-01", "place_name": "Gao"} for i in range(4000)]
    t0 = time.perf_counter()
    clusters = cluster_group(rows)
    assert [len(c) for _, c in clusters] == [4000]
    assert time.perf_counter() - t0 < 5  # was 10 s pairwise; linear now (benchmarks/bench_clusters.py)


REB = {"actor_id": "A1", "name": "Rebels in Mali", "country": "MLI", "sector": "REB", "code": "MLIREB"}
MIL = {"actor_id": "A2", "name": "Armed forces of Mali", "country": "MLI", "sector": "MIL", "code": "MLIMIL"}
COP = {"actor_id": "A3", "name": "Police of Mali", "country": "MLI", "sector": "COP", "code": "MLICOP"}
TEXT = "Rebels shelled Gao."


def _doc(n_events, rng, art):
    """An article (by hand, no coder) with events in two dyads and two types, dates and places at random."""
    events = []
    for i in range(n_events):
        actor, recipient = rng.choice([(REB, MIL), (REB, MIL), (COP, REB)])
        place = rng.choice(
            [
                None,
                {"name": "Gao", "country": "MLI", "lat": 16.3, "lon": -0.04},
                {"name": "Kidal", "country": "MLI", "lat": 18.4, "lon": 1.4},
            ]
        )
        events.append(
            {
                "id": f"E{i}",
                "type": rng.choice(["ASSAULT", "ASSAULT", "COERCE"]),
                "mode": None,
                "cameo": "190",
                "actor": actor,
                "recipient": recipient,
                "date": rng.choice(DATES[:13] + [None]),
                "date_source": "text",
                "location": place,
                "modality": "asserted",
                "sentence": TEXT,
                "start": 0,
                "end": len(TEXT),
                "trigger": "shelled",
                "trigger_start": 7,
                "trigger_end": 14,
                "confidence": 0.9,
                "why": "test",
            }
        )
    return {
        "article": {
            "id": art,
            "title": None,
            "date": "2024-05-01",
            "url": None,
            "source": None,
            "language": "en",
            "text": TEXT + " " + art,
        },
        "actors": [],
        "events": events,
        "quantities": [],
        "quotes": [],
        "timexes": [],
        "places": [],
        "warnings": [],
    }


def _snapshot(store):
    return (
        store.query("SELECT uid, cluster_id FROM events ORDER BY uid"),
        store.query("SELECT * FROM clusters ORDER BY cluster_id"),
    )


def test_clusters_incremental_batches_equal_a_full_recompute(db_url, monkeypatch):  # noqa: F811
    from annales.store import clusters

    rng = random.Random(3)
    docs = [(f"h{i:03d}", _doc(rng.randrange(1, 6), rng, f"a{i}")) for i in range(60)]
    with Store.open(db_url) as store:
        for h, doc in docs[:25]:
            store.write_document(h, doc)
        update_clusters(store)  # the store's first clustering: a full one, recording the window
        with monkeypatch.context() as m:  # from now on, only the new events and their neighbours
            m.setattr(clusters, "_recompute", lambda *a: pytest.fail("not incremental"))
            for batch in (docs[25:50], docs[50:]):
                for h, doc in batch:
                    store.write_document(h, doc)
                update_clusters(store)
        # an article recoded with fewer events: its old reports leave their clusters
        store.write_document("h007", _doc(1, random.Random(99), "a7"))
        store.write_document("h030", _doc(0, rng, "a30"))
        with monkeypatch.context() as m:
            m.setattr(clusters, "_recompute", lambda *a: pytest.fail("not incremental"))
            n = update_clusters(store)
        incremental = _snapshot(store)
        assert len(incremental[1]) == n
        assert all(r["cluster_id"] for r in incremental[0])
        assert recompute_clusters(store) == n
        assert _snapshot(store) == incremental
        assert 10 < n < len(incremental[0])  # real clustering happened: neither all apart nor all one


def test_clusters_incremental_ingest_in_two_batches_equals_one_batch(db_url, tmp_path):  # noqa: F811
    from annales.store.ingest import ingest
    from tests.test_store import OTHER_CITY, SAME_EVENT, _jsonl

    one = str(tmp_path / "one.db") if not db_url.startswith("postgres") else db_url
    rows = SAME_EVENT + OTHER_CITY
    ingest([str(_jsonl(tmp_path, rows, "all.jsonl"))], one)
    two = str(tmp_path / "two.db")
    ingest([str(_jsonl(tmp_path, rows[:2], "first.jsonl"))], two)
    # the second batch's article ids continue the first's (a2, a3), as one feed cut in two
    second = tmp_path / "second.jsonl"
    import json

    second.write_text(
        "".join(json.dumps({"id": f"a{i + 2}", "text": t, "date": d}) + "\n" for i, (t, d) in enumerate(rows[2:]))
    )
    ingest([str(second)], two)
    with Store.open(one) as a, Store.open(two) as b:
        assert _snapshot(a) == _snapshot(b)
        assert sorted(
            r["n_reports"] for r in event_rows(a, type="ASSAULT", level="cluster") if r["recipient_sector"] == "MIL"
        ) == [1, 3]


def test_clusters_views_keep_unclustered_events_apart(db_url):  # noqa: F811
    """While an ingest runs (or after one killed before clustering), an event with no cluster yet is its
    own row at cluster level, never folded with the other unclustered ones."""
    rng = random.Random(5)
    with Store.open(db_url) as store:
        store.write_document("h1", _doc(4, rng, "a1"))
        store.write_document("h2", _doc(3, rng, "a2"))
        assert store.count("clusters") == 0
        rows = event_rows(store, level="cluster")
        assert sorted(r["reports"] for r in rows) == sorted(f"h{a}:E{i}" for a, n in ((1, 4), (2, 3)) for i in range(n))
        assert [r["n_reports"] for r in rows] == [1] * 7
        assert event_rows(store, level="cluster", count_only=True) == 7
        # half clustered: the clustered ones are grouped, the rest still one row each
        update_clusters(store)
        store.write_document("h3", _doc(2, rng, "a3"))
        n_clusters = store.count("clusters")
        assert event_rows(store, level="cluster", count_only=True) == n_clusters + 2
        assert len(event_rows(store, level="cluster")) == n_clusters + 2


def test_clusters_two_updates_at_once_both_succeed(db_url):  # noqa: F811
    """An ingest and an API write clustering at the same moment: each reads what it writes over, so
    neither inserts a cluster the other already made."""
    from concurrent.futures import ThreadPoolExecutor

    rng = random.Random(8)
    with Store.open(db_url) as store:
        store.write_document("h0", _doc(3, rng, "a0"))
        update_clusters(store)
        for i in range(1, 30):
            store.write_document(f"h{i}", _doc(4, rng, f"a{i}"))

    def cluster_once(_):
        with Store.open(db_url) as s:
            return update_clusters(s)

    with ThreadPoolExecutor(4) as pool:
        counts = list(pool.map(cluster_once, range(4)))
    with Store.open(db_url) as store:
        incremental = _snapshot(store)
        assert counts == [len(incremental[1])] * 4
        recompute_clusters(store)
        assert _snapshot(store) == incremental
