"""The REST API: every endpoint, the one error shape, the token rule, limits."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from annales.store.ingest import ingest
from annales.web import create_app
from tests.conftest import ROOT

TEXT = "Police in Nairobi arrested 12 protesters on Monday, officials said. Rebels attacked a base near Gao."


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("api") / "events.db"
    rows = []
    import yaml

    for txt in sorted((ROOT / "tests" / "articles").glob("*.txt"))[:4]:
        key = yaml.safe_load(txt.with_suffix(".expected.yaml").read_text(encoding="utf-8"))
        rows.append(
            {
                "id": txt.stem,
                "text": txt.read_text(encoding="utf-8"),
                "date": str(key["article"]["date"]),
                "url": f"https://example.org/{txt.stem}",
            }
        )
    feed = path.parent / "feed.jsonl"
    feed.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    ingest([str(feed)], str(path))
    return str(path)


@pytest.fixture(scope="module")
def client(db):
    return TestClient(create_app(db, token="s3cret"))


@pytest.fixture(scope="module")
def readonly(db):
    return TestClient(create_app(db, token=None))


def _error_shape(r, status, code=None):
    body = r.json()
    assert r.status_code == status and body["ok"] is False and body["status"] == status
    assert set(body["error"]) == {"code", "message"} and body["error"]["message"]
    if code:
        assert body["error"]["code"] == code


def test_web_api_events_filters_and_pagination(client):
    everything = client.get("/api/events", params={"type": "ASSAULT", "limit": 1000}).json()
    uids = [e["uid"] for e in everything["data"]]
    # several pages: the answer keys of these four articles list 8 assaults
    assert everything["next"] is None and len(uids) == everything["total"] >= 5
    assert {e["type"] for e in everything["data"]} == {"ASSAULT"}
    # pages of 2, walked to the end, give the same events in the same order, each once
    paged, cursor, sizes = [], None, []
    while True:
        body = client.get(
            "/api/events", params={"type": "ASSAULT", "limit": 2, **({"cursor": cursor} if cursor else {})}
        ).json()
        assert body["ok"] and body["total"] == len(uids)
        paged += [e["uid"] for e in body["data"]]
        sizes.append(len(body["data"]))
        cursor = body["next"]
        if not cursor:
            break
    assert paged == uids
    assert sizes == [2] * (len(uids) // 2) + ([len(uids) % 2] if len(uids) % 2 else [])
    clusters = client.get("/api/events", params={"level": "cluster"}).json()["data"]
    assert clusters and all(c["n_reports"] >= 1 for c in clusters)


def test_web_api_downloads_csv_and_jsonl(client):
    r = client.get("/api/events", params={"format": "csv", "limit": 5})
    assert r.headers["content-type"].startswith("text/csv") and r.text.splitlines()[0].startswith("uid,")
    r = client.get("/api/actors", params={"format": "jsonl", "limit": 3})
    assert len(r.text.strip().splitlines()) == 3 and json.loads(r.text.splitlines()[0])["name"]


def test_web_api_article_actors_clusters_stats(client):
    ev = client.get("/api/events", params={"limit": 1}).json()["data"][0]
    art = client.get(f"/api/articles/{ev['article_hash']}").json()["data"]
    assert art["article"]["hash"] == ev["article_hash"] and art["events"] and art["actors"]
    assert client.get("/api/clusters").json()["data"]
    stats = client.get("/api/stats").json()["data"]
    assert stats["totals"]["articles"] == 4 and stats["type"] and "dyad" in stats
    assert client.get("/api/health").json()["data"]["writable"] is True


def test_web_api_code_on_the_fly(client):
    r = client.post("/api/code", json={"text": TEXT, "date": "2024-01-09"})
    doc = r.json()["data"]
    assert r.status_code == 200 and any(e["type"] == "COERCE" for e in doc["events"])


def test_web_api_writes_need_the_token(client, readonly):
    _error_shape(readonly.post("/api/articles", json={"text": TEXT}), 403, "read_only")
    _error_shape(client.post("/api/articles", json={"text": TEXT}), 401, "unauthorized")
    r = client.post(
        "/api/articles", json={"text": TEXT, "date": "2024-01-09"}, headers={"Authorization": "Bearer s3cret"}
    )
    assert r.status_code == 201 and r.json()["data"]["events"] >= 1
    assert client.get("/api/stats").json()["data"]["totals"]["articles"] == 5


@pytest.mark.parametrize(
    "path,params,status,code",
    [
        ("/api/events", {"limit": 0}, 400, "invalid_parameter"),
        ("/api/events", {"level": "everything"}, 400, "invalid_parameter"),
        ("/api/events", {"since": "last year"}, 400, "E010"),
        ("/api/events", {"cursor": "!!!"}, 400, "invalid_cursor"),
        ("/api/events", {"country": "Afghanistan"}, 400, "invalid_parameter"),
        ("/api/events", {"party": "x" * 201}, 400, "invalid_parameter"),
        ("/api/articles/nope", {}, 404, "not_found"),
        ("/api/events/nope", {}, 404, "not_found"),
        ("/api/overview", {"until": "soon"}, 400, "E010"),
        ("/api/overview", {"country": "Kenya"}, 400, "invalid_parameter"),
        ("/api/nowhere", {}, 404, "not_found"),
        ("/api/counts", {"by": "fortnight"}, 400, "invalid_parameter"),
        ("/api/counts", {"since": "May"}, 400, "E010"),
    ],
)
def test_web_api_bad_parameters_get_the_error_shape(client, path, params, status, code):
    _error_shape(client.get(path, params=params), status, code)


def test_web_api_body_limits_and_missing_text(db):
    small = TestClient(create_app(db, token="t", max_body=1000))
    _error_shape(
        small.post("/api/code", content=json.dumps({"text": "x" * 5000}), headers={"content-type": "application/json"}),
        413,
        "body_too_large",
    )
    _error_shape(small.post("/api/code", json={"date": "2024-01-01"}), 400, "missing_text")
    _error_shape(
        small.post("/api/code", content="not json", headers={"content-type": "application/json"}), 400, "invalid_body"
    )


def test_web_api_openapi_spec_lists_every_endpoint(client):
    spec = client.get("/openapi.json").json()
    for path in (
        "/api/events",
        "/api/events/{uid}",
        "/api/actors",
        "/api/articles/{article_hash}",
        "/api/clusters",
        "/api/stats",
        "/api/overview",
        "/api/ontology",
        "/api/code",
        "/api/articles",
        "/api/counts",
    ):
        assert path in spec["paths"]


def test_web_api_event_by_uid_points_into_its_article(client):
    listed = client.get("/api/events", params={"limit": 1, "type": "ASSAULT"}).json()["data"][0]
    ev = client.get(f"/api/events/{listed['uid']}").json()["data"]
    assert ev["sentence"] == listed["sentence"] and ev["trigger_start"] is not None
    text = client.get(f"/api/articles/{ev['article_hash']}").json()["data"]["article"]["text"]
    assert text[ev["start_char"] : ev["end_char"]] == ev["sentence"]
    assert text[ev["trigger_start"] : ev["trigger_end"]] == ev["trigger"]


def test_web_api_overview_counts_agree_with_the_event_list(client):
    everything = client.get("/api/overview").json()["data"]
    assert everything["total"] == client.get("/api/events", params={"limit": 1}).json()["total"]
    dated = client.get("/api/events", params={"limit": 1000}).json()["data"]
    assert sum(r["events"] for r in everything["timeline"]) == sum(1 for e in dated if e["date"])
    assert {r["quad"] for r in everything["timeline"]} <= {
        "verbal_cooperation",
        "material_cooperation",
        "verbal_conflict",
        "material_conflict",
    }
    net = everything["network"]
    ids = {n["id"] for n in net["nodes"]}
    assert net["edges"] and all(e["source"] in ids and e["target"] in ids for e in net["edges"])
    assert all(e["mean_score"] is None or -10 <= e["mean_score"] <= 10 for e in net["edges"])
    assert all(c["numeric"] is None or len(c["numeric"]) == 3 for c in everything["countries"])
    assert any(c["numeric"] for c in everything["countries"]) and everything["places"]
    assault = client.get("/api/overview", params={"type": "ASSAULT"}).json()["data"]
    assert 0 < assault["total"] < everything["total"]
    assert {r["type"] for r in assault["timeline"]} == {"ASSAULT"}
    assert assault["total"] == client.get("/api/events", params={"type": "ASSAULT", "limit": 1}).json()["total"]


def test_web_api_overview_edge_score_is_the_mean_plover_score(tmp_path):
    from annales.store import Store
    from annales.store.query import overview

    # two acts of the police on the protesters: an arrest (PLOVER COERCE/arrest, -7) and a shooting
    # (ASSAULT/firearms, -9), so one edge of 2 events with a mean score of -8
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        json.dumps(
            {
                "id": "tbilisi",
                "date": "2024-05-02",
                "text": (
                    "TBILISI, May 2 (annales) - Police arrested 40 protesters in Tbilisi on Monday. Police shot dead two "
                    "protesters on Tuesday."
                ),
            }
        )
        + "\n"
    )
    ingest([str(feed)], str(tmp_path / "events.db"))
    with Store.open(str(tmp_path / "events.db")) as store:
        edges = overview(store)["network"]["edges"]
    assert [(e["source"], e["target"], e["events"], e["mean_score"]) for e in edges] == [
        ("Police of Georgia|GEO", "Civilians in Georgia|GEO", 2, -8.0)
    ]


def test_web_api_ontology_and_code_with_text(client):
    o = client.get("/api/ontology").json()["data"]
    assert len(o["types"]) == 16 and o["types"]["ASSAULT"]["quad"] == "material_conflict"
    assert "negated" in o["modalities"]
    doc = client.post("/api/code", params={"with_text": "true"}, json={"text": TEXT, "date": "2024-01-09"}).json()[
        "data"
    ]
    ev = doc["events"][0]
    assert doc["article"]["text"][ev["start"] : ev["end"]] == ev["sentence"]
    assert "text" not in client.post("/api/code", json={"text": TEXT}).json()["data"]["article"]


def test_web_dashboard_pages_are_served_with_a_strict_policy(client, monkeypatch, db):
    from annales.web import dashboard

    for path in ("/", "/code"):
        r = client.get(path)
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
        assert "script-src 'self'" in r.headers["content-security-policy"]
    # a server whose dashboard was never built says how to build it, and the API still works
    monkeypatch.setattr(dashboard, "STATIC", dashboard.STATIC.parent / "not-built")
    bare = TestClient(create_app(db))
    assert "make dashboard" in bare.get("/").text
    assert bare.get("/api/health").status_code == 200


@pytest.mark.parametrize("by", ["week", "month", "year"])
def test_web_api_counts_count_each_event_once(client, by):
    total = client.get("/api/events", params={"limit": 1}).json()["total"]
    body = client.get("/api/counts", params={"by": by}).json()
    assert body["ok"] and body["next"] is None and body["total"] == len(body["data"])
    assert sum(r["events"] for r in body["data"]) == total
    units = {r["unit"] for r in body["data"]}
    assert by in units and units <= {"week", "month", "year", None}
    # events known only to a coarser period than asked are in rows of their own, named so
    assert all(r["period"].endswith(f"({r['unit']} only)") for r in body["data"] if r["unit"] not in (by, None))
    # the filters narrow the counts as they narrow the event list
    assaults = client.get("/api/counts", params={"by": by, "type": "ASSAULT"}).json()["data"]
    assert sum(r["events"] for r in assaults) == client.get("/api/events", params={"type": "ASSAULT"}).json()["total"]


def test_web_api_counts_weeks_agree_with_the_event_list_and_download_as_csv(client):
    weeks = [r for r in client.get("/api/counts", params={"by": "week"}).json()["data"] if r["unit"] == "week"]
    assert weeks
    for r in weeks:
        listed = client.get("/api/events", params={"since": r["start"], "until": r["end"], "limit": 1}).json()
        assert listed["total"] == r["events"], r
    csv_text = client.get("/api/counts", params={"by": "month", "format": "csv"}).text
    assert csv_text.splitlines()[0] == "period,unit,start,end,events"
