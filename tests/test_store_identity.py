"""One identity per actor and place in the store and its exports (issue 13, migration 8), on SQLite and
PostgreSQL. The sentences are written for these tests."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from annales.store import Store
from annales.store.export import export
from annales.store.ingest import ingest
from annales.store.query import event_rows
from tests.older_store import apply_migrations

TWO_SPELLINGS = [
    ("RSF fighters stormed a police station in Nyala on Sunday.", "2024-03-04"),
    ("The Rapid Support Forces shelled army positions in El Fasher on Monday, residents said.", "2024-05-14"),
]


def _jsonl(tmp_path, rows):
    p = tmp_path / "in.jsonl"
    p.write_text("\n".join(json.dumps({"id": f"a{i}", "text": t, "date": d}) for i, (t, d) in enumerate(rows)) + "\n")
    return p


@pytest.fixture
def two_spellings(store_url, tmp_path):
    """A store (SQLite, then PostgreSQL) holding two articles that name one group two ways."""
    ingest([str(_jsonl(tmp_path, TWO_SPELLINGS))], store_url)
    return store_url


def test_store_keeps_one_actor_key_across_articles(two_spellings):
    with Store.open(two_spellings) as store:
        actors = store.query("SELECT article_hash, actor_key FROM actors WHERE name = 'Rapid Support Forces'")
        assert len({a["article_hash"] for a in actors}) == 2
        assert {a["actor_key"] for a in actors} == {"org:SDN:rapid-support-forces"}


def test_store_actor_filter_matches_any_spelling_through_the_key(two_spellings):
    with Store.open(two_spellings) as store:
        articles = {r["article_hash"] for r in store.query("SELECT hash AS article_hash FROM articles")}
        # 'RSF' is in no stored name: the events are found through the canonical id of that spelling
        assert {r["article_hash"] for r in event_rows(store, actor="RSF")} == articles
        assert {r["article_hash"] for r in event_rows(store, actor="org:SDN:rapid-support-forces")} == articles
        assert event_rows(store, actor="Hezbollah") == []


def test_store_migration_8_adds_the_identity_columns_to_an_older_store(store_url):
    with Store.open(store_url, migrate=False) as store:
        apply_migrations(store, 7)
        store.execute("INSERT INTO actors (article_hash, actor_id, name) VALUES ('h', 'A1', 'Old actor')")
        store.commit()
        assert store.migrate() == [8, 9, 10]
        assert {"actor_key"} <= set(store._columns("actors"))
        assert {"actor_key", "recipient_key", "place_admin1", "geo_precision", "geonames_id", "place_source"} <= set(
            store._columns("events")
        )
        assert store.query("SELECT name, actor_key FROM actors") == [{"name": "Old actor", "actor_key": None}]


WASHINGTON_TEXT = "Protesters marched to the White House on Sunday. Police arrested four people in Goma."


def _doc() -> dict:
    text = WASHINGTON_TEXT
    first, second = text.split(". ")[0] + ".", text.split(". ")[1]
    protesters = {
        "actor_id": "A1",
        "name": "Protesters in the United States",
        "country": "USA",
        "sector": "CVL",
        "code": "USACVL",
        "actor_key": "agent:USA:CVL",
    }
    police = {
        "actor_id": "A2",
        "name": "Police of DR Congo",
        "country": "COD",
        "sector": "COP",
        "code": "CODCOP",
        "actor_key": "agent:COD:COP",
    }
    detainees = {
        "actor_id": "A3",
        "name": "Civilians in DR Congo",
        "country": "COD",
        "sector": "CVL",
        "code": "CODCVL",
        "actor_key": "agent:COD:CVL",
    }
    landmark = {
        "name": "White House",
        "country": "USA",
        "lat": 38.8977,
        "lon": -77.0365,
        "admin1": "DC",
        "geo_precision": "landmark",
        "geonames_id": None,
        "source": "text",
    }
    goma = {
        "name": "Goma",
        "country": "COD",
        "lat": -1.6792,
        "lon": 29.2228,
        "admin1": "11",
        "geo_precision": "city",
        "geonames_id": 216281,
        "source": "dateline",
    }

    def event(i, typ, cameo, actor, recipient, sentence, place):
        start = text.index(sentence)
        return {
            "id": f"E{i}",
            "type": typ,
            "mode": "arrest" if typ == "COERCE" else None,
            "cameo": cameo,
            "actor": actor,
            "recipient": recipient,
            "date": "2024-02-18",
            "date_source": "text",
            "location": place,
            "modality": "asserted",
            "sentence": sentence,
            "start": start,
            "end": start + len(sentence),
            "trigger": "x",
            "trigger_start": start,
            "trigger_end": start + 1,
            "confidence": 0.9,
            "why": "test",
        }

    return {
        "article": {
            "id": "w",
            "title": None,
            "date": "2024-02-19",
            "url": "https://news.example/w",
            "source": "News Example",
            "language": "en",
            "text": text,
        },
        "actors": [],
        "events": [
            event(1, "PROTEST", "141", protesters, None, first, landmark),
            event(2, "COERCE", "173", police, detainees, second, goma),
        ],
        "quantities": [],
        "quotes": [],
        "timexes": [],
        "places": [],
        "warnings": [],
    }


@pytest.fixture
def placed(tmp_path):
    path = str(tmp_path / "placed.db")
    with Store.open(path) as store:
        store.write_document("hw", _doc())
    return path


def _export(path, tmp_path, shape) -> pd.DataFrame:
    out = tmp_path / f"{shape}.csv"
    with Store.open(path) as store:
        export(store, out, shape=shape)
    return pd.read_csv(out, dtype=str, keep_default_na=False)


@pytest.mark.parametrize(
    "shape,actor_column",
    [("annales", "actor_name"), ("acled", "actor1"), ("gdelt", "Actor1Name"), ("polecat", "Actor Name")],
)
def test_store_exports_every_shape_carries_the_actor_key(placed, tmp_path, shape, actor_column):
    df = _export(placed, tmp_path, shape)
    keys = dict(zip(df[actor_column], df["actor_key"], strict=True))
    assert keys["Police of DR Congo"] == "agent:COD:COP"


def test_store_exports_acled_admin1_and_geo_precision_from_the_place(placed, tmp_path):
    df = _export(placed, tmp_path, "acled").set_index("location")
    assert (df.loc["Goma", "admin1"], df.loc["Goma", "geo_precision"]) == ("Nord Kivu", "1")
    # a landmark is a point within its town: as precise as the town, in the town's region
    assert (df.loc["White House", "admin1"], df.loc["White House", "geo_precision"]) == ("District of Columbia", "1")


def test_store_exports_gdelt_action_geo_from_the_place(placed, tmp_path):
    df = _export(placed, tmp_path, "gdelt").set_index("ActionGeo_FullName")
    goma = df.loc["Goma, DR Congo"]
    assert (goma["ActionGeo_Type"], goma["ActionGeo_ADM1Code"], goma["ActionGeo_FeatureID"]) == ("4", "CG11", "216281")
    wh = df.loc["White House, United States"]
    assert (wh["ActionGeo_Type"], wh["ActionGeo_ADM1Code"], wh["ActionGeo_FeatureID"]) == ("3", "USDC", "")


def test_store_api_filters_and_lists_actors_by_their_key(tmp_path):
    from fastapi.testclient import TestClient

    from annales.web import create_app

    path = str(tmp_path / "api.db")
    ingest([str(_jsonl(tmp_path, TWO_SPELLINGS))], path)
    client = TestClient(create_app(path, token=None))
    events = client.get("/api/events", params={"actor": "RSF"}).json()["data"]
    assert len({e["article_hash"] for e in events}) == 2
    assert {e["actor_key"] for e in events} == {"org:SDN:rapid-support-forces"}
    listed = client.get("/api/actors", params={"name": "org:SDN:rapid-support-forces"}).json()["data"]
    assert [(a["name"], a["actor_key"], a["articles"]) for a in listed] == [
        ("Rapid Support Forces", "org:SDN:rapid-support-forces", 2)
    ]


def test_store_clusters_two_spellings_of_one_group_as_one_event(store_url, tmp_path):
    same_day = [
        ("RSF fighters shelled El Fasher on Monday, residents said.", "2024-05-14"),
        ("The Rapid Support Forces shelled El Fasher on Monday.", "2024-05-14"),
    ]
    ingest([str(_jsonl(tmp_path, same_day))], store_url)
    with Store.open(store_url) as store:
        shelling = event_rows(store, type="ASSAULT")
        assert len({e["article_hash"] for e in shelling}) == 2
        assert len({e["cluster_id"] for e in shelling}) == 1
