"""The dashboard's chart and table endpoints (web/charts.py) over a store whose events the test wrote: the
timeline's bins, scores and left-out dates, the network of the top actors, a dyad, the map's places with
their precision, and the table sorted, paged and downloaded as CSV (exactly the filtered rows)."""

from __future__ import annotations

import csv
import io
from collections import Counter
from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient

from annales.ontology import plover_score
from annales.store.shapes.gdelt import goldstein
from annales.web import create_app
from tests.chart_store import CODES, Spec, write_store

NEWEST = "2024-05-15"
ARTICLES = [
    (
        "Shelling in Kharkiv",
        "2024-03-10",
        [
            Spec("ASSAULT", "Russia", "Ukraine", "2024-03-04", "Kharkiv"),
            Spec("ASSAULT", "Russia", "Ukraine", "2024-03-09", "Kharkiv"),
            Spec("ACCUSE", "Ukraine", "Russia", "2024-03-09", "Ukraine"),
        ],
    ),
    (
        "Talks in Warsaw",
        "2024-04-20",
        [
            Spec("CONSULT", "Ukraine", "Poland", "2024-04-02"),
            Spec("CONSULT", "Poland", "Ukraine", "2024-04-15"),
            Spec("AID", "Poland", "Ukraine", "2024-04-18", "Zaporizhzhia nuclear plant"),
            Spec(
                "ASSAULT", "Russia", "Ukraine", "2024-04", sentence='=HYPERLINK("x") Russia shelled Ukraine in April.'
            ),
        ],
    ),
    (
        "Outlook",
        NEWEST,
        [
            Spec("AID", "European Union", "Ukraine", "2031-01-01"),  # after the newest article: a misread date
            Spec("ACCUSE", "Russia", "European Union", "1990-05-01"),  # decades before the articles
            Spec("ACCUSE", "Russia", "Ukraine", None),
            Spec("CONSULT", "European Union", "Poland", "2024"),
            Spec("ASSAULT", "Russia", "Ukraine", "2024-05-06", "Kharkiv"),
        ],
    ),
]
SPECS = [s for _, _, specs in ARTICLES for s in specs]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def client(request, tmp_path_factory):
    """The API over the test's events, on SQLite and on PostgreSQL (the same SQL runs on both)."""
    db = str(tmp_path_factory.mktemp("charts") / "events.db")
    if request.param == "postgresql":
        import psycopg

        base = request.getfixturevalue("postgres_url")
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute("CREATE DATABASE charts")
        db = base.rsplit("/", 1)[0] + "/charts"
    write_store(db, ARTICLES)
    return TestClient(create_app(db))


def _get(client, path, **params):
    r = client.get(path, params=params)
    assert r.status_code == 200, r.text
    return r.json()["data"]


def _error(client, path, code, **params):
    r = client.get(path, params=params)
    body = r.json()
    assert r.status_code == 400 and body["ok"] is False and body["status"] == 400, r.text
    assert body["error"]["code"] == code, body
    return body["error"]["message"]


def _mean(values):
    values = [v for v in values if v is not None]
    return round(sum(values) / len(values), 2) if values else None


def test_web_charts_timeline_monthly_bins_scores_and_what_is_left_out(client):
    data = _get(client, "/api/timeline", by="month")
    starts = [b["start"] for b in data["bins"]]
    assert starts == ["2024-03-01", "2024-04-01", "2024-05-01"]  # 2031 and 1990 do not stretch the axis
    assert data["span"]["end"] <= NEWEST
    assert data["left_out"] == {"after": 1, "before": 1, "undated": 1, "year_only": 1}
    assert data["total"] == len(SPECS) == sum(b["events"] for b in data["bins"]) + sum(data["left_out"].values())
    march = [s for s in SPECS if (s.date or "").startswith("2024-03")]
    assert data["bins"][0]["goldstein"] == _mean([goldstein(CODES[s.type][1]) for s in march])
    assert data["bins"][0]["plover"] == _mean([plover_score(s.type) for s in march])
    assert data["bins"][0]["counts"] == dict(
        Counter("material_conflict" if s.type == "ASSAULT" else "verbal_conflict" for s in march)
    )
    april = data["bins"][1]
    assert april["events"] == sum(1 for s in SPECS if (s.date or "").startswith("2024-04"))  # the month-only one too


def test_web_charts_timeline_weekly_bins_are_contiguous_weeks(client):
    data = _get(client, "/api/timeline", by="week")
    bins = data["bins"]
    for b, following in zip(bins, bins[1:], strict=False):
        assert date.fromisoformat(b["start"]).weekday() == 0
        assert date.fromisoformat(b["end"]) - date.fromisoformat(b["start"]) == timedelta(days=6)
        assert date.fromisoformat(following["start"]) == date.fromisoformat(b["end"]) + timedelta(days=1)
    assert data["left_out"]["month_only"] == 1  # known only to April: in no week
    assert sum(b["events"] for b in bins) + sum(data["left_out"].values()) == len(SPECS)
    # filtered to a period, the bins hold only its events
    april = _get(client, "/api/timeline", by="week", since="2024-04-01", until="2024-04-30")
    assert sum(b["events"] for b in april["bins"]) == 3


def test_web_charts_refuse_unknown_bins_sorts_and_dyads(client):
    assert "week or month" in _error(client, "/api/timeline", "E066", by="day")
    assert "date" in _error(client, "/api/table", "E063", sort="colour")
    assert _error(client, "/api/table.csv", "E063", sort="colour")
    assert _error(client, "/api/dyad", "E064", a="Russia", b="Russia")
    assert "Did you mean 'Ukraine'" in _error(client, "/api/dyad", "E065", a="Russia", b="Ukrane")
    assert "'b'" in _error(client, "/api/dyad", "invalid_parameter", a="Russia")


def test_web_charts_network_shows_the_top_actors_and_their_edges(client):
    data = _get(client, "/api/network", top=3)
    weight = Counter()
    for s in SPECS:
        if s.recipient:
            weight[s.actor] += 1
            weight[s.recipient] += 1
    top = sorted(weight, key=lambda n: (-weight[n], n))[:3]
    assert [n["name"] for n in data["nodes"]] == top
    assert [n["events"] for n in data["nodes"]] == [weight[n] for n in top]
    assert data["total_actors"] == len(weight)
    pairs = Counter((s.actor, s.recipient) for s in SPECS if s.actor in top and s.recipient in top)
    assert {(e["source"], e["target"]): e["events"] for e in data["edges"]} == dict(pairs)


def test_web_charts_party_filter_keeps_the_events_of_either_role(client):
    # what a click on a network node asks: the events the node takes part in, as actor or as recipient
    poland = [s for s in SPECS if "Poland" in (s.actor, s.recipient)]
    assert any(s.actor == "Poland" for s in poland) and any(s.recipient == "Poland" for s in poland)
    rows = _get(client, "/api/table", party="Poland", limit=100)
    assert sorted((r["actor_name"], r["recipient_name"]) for r in rows) == sorted(
        (s.actor, s.recipient) for s in poland
    )
    network = _get(client, "/api/network", party="Poland")
    assert network["edges"] and all("Poland" in (e["source"], e["target"]) for e in network["edges"])
    assert _get(client, "/api/timeline", party="Poland")["total"] == len(poland)
    assert "'party'" in _error(client, "/api/table", "invalid_parameter", party="x" * 201)


def test_web_charts_dyad_counts_both_directions_dated_first(client):
    data = _get(client, "/api/dyad", a="Ukraine", b="Russia")
    both = [s for s in SPECS if {s.actor, s.recipient} == {"Ukraine", "Russia"}]
    assert data["totals"] == {
        "a_to_b": sum(s.actor == "Ukraine" for s in both),
        "b_to_a": sum(s.actor == "Russia" for s in both),
    }
    assert len(data["events"]) == len(both)
    dates = [e["date"] for e in data["events"]]
    assert dates[-1] is None and dates[:-1] == sorted(dates[:-1])  # undated last
    assert {e["direction"] for e in data["events"] if e["actor_name"] == "Ukraine"} == {"a_to_b"}
    assert (
        sum(b["counts"].get("b_to_a", 0) for b in data["bins"]) + data["left_out"].get("undated", 0)
        == data["totals"]["b_to_a"]
    )


def test_web_charts_places_carry_their_precision(client):
    data = _get(client, "/api/places")
    by_name = {p["name"]: p for p in data["places"]}
    assert by_name["Kharkiv"]["precision"] == "city" and by_name["Kharkiv"]["geonames_id"]
    assert by_name["Kharkiv"]["admin1"].startswith("UA.")
    assert by_name["Ukraine"]["precision"] == "country" and by_name["Ukraine"]["admin1"] is None
    assert by_name["Zaporizhzhia nuclear plant"]["precision"] == "other"
    assert by_name["Kharkiv"]["events"] == sum(s.place == "Kharkiv" for s in SPECS)
    ukraine = next(c for c in data["countries"] if c["country"] == "UKR")
    assert ukraine["numeric"] == "804"


@pytest.mark.parametrize(
    "sort, field",
    [
        ("date", "date"),
        ("actor", "actor_name"),
        ("recipient", "recipient_name"),
        ("place", "place_name"),
        ("type", "type"),
        ("title", "article_title"),
    ],
)
@pytest.mark.parametrize("order", ["asc", "desc"])
def test_web_charts_table_sorts_any_column_with_empty_values_last(client, sort, field, order):
    body = client.get("/api/table", params={"sort": sort, "order": order, "limit": 100}).json()
    values = [r[field] for r in body["data"]]
    assert len(values) == body["total"] == len(SPECS)
    present = [v for v in values if v not in (None, "")]
    assert values[: len(present)] == present  # the empty ones (undated rows, no place) come last
    assert present == sorted(present, reverse=order == "desc")


def test_web_charts_table_pages_forward_and_back_with_title_and_source(client):
    seen, cursor, offsets = [], None, []
    while True:
        body = client.get("/api/table", params={"limit": 4, **({"cursor": cursor} if cursor else {})}).json()
        seen += [r["uid"] for r in body["data"]]
        offsets.append(body["offset"])
        assert all(r["article_title"] and r["source"] == "example.org" for r in body["data"])
        if not body["next"]:
            break
        cursor = body["next"]
    assert len(seen) == len(set(seen)) == len(SPECS) and offsets == list(range(0, len(SPECS), 4))
    back = client.get("/api/table", params={"limit": 4, "cursor": body["previous"]}).json()
    assert back["offset"] == offsets[-2] and [r["uid"] for r in back["data"]] == seen[offsets[-2] : offsets[-1]]


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"actor": "Russia", "sort": "place", "order": "desc"},
        {"type": "CONSULT"},
        {"since": "2024-04-01"},
        {"level": "cluster", "sort": "reports"},
    ],
)
def test_web_charts_csv_download_holds_exactly_the_filtered_rows(client, params):
    r = client.get("/api/table.csv", params=params)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert r.headers["content-disposition"].startswith('attachment; filename="annales-events')
    rows = list(csv.DictReader(io.StringIO(r.text)))
    table = client.get("/api/table", params={**params, "limit": 1000}).json()
    assert [row["uid"] for row in rows] == [t["uid"] for t in table["data"]] and len(rows) == table["total"]
    if "level" not in params:
        listed = client.get("/api/events", params={**params, "limit": 1000}).json()
        assert sorted(row["uid"] for row in rows) == sorted(e["uid"] for e in listed["data"])
    # a cell a spreadsheet would run as a formula is escaped
    assert all(not row["sentence"].startswith("=") for row in rows)


def test_web_charts_docs_page_loads_only_this_servers_assets(client):
    import re

    page = client.get("/docs")
    assets = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert assets and not [a for a in assets if "://" in a or a.startswith("//")], assets
    for path in (a for a in assets if a.startswith("/static/")):
        assert client.get(path).status_code == 200, path
    assert "cdn" not in page.headers["content-security-policy"].lower()
