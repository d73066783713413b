"""Counts by week, month and year on SQLite and PostgreSQL (issue 13): each event counted exactly once, events
known only to their month or year in rows of their own, the filters and the counts agreeing, and the date
filters placing a month-only event in its month, never in each of its days."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from annales.errors import AnnalesError
from annales.store import Store
from annales.store.clusters import recompute_clusters
from annales.store.counts import event_counts
from annales.store.query import event_rows

REB = {"actor_id": "A1", "name": "Rebels in Mali", "country": "MLI", "sector": "REB", "code": "MLIREB"}
MIL = {"actor_id": "A2", "name": "Armed forces of Mali", "country": "MLI", "sector": "MIL", "code": "MLIMIL"}
CVL = {"actor_id": "A3", "name": "Protesters in Mali", "country": "MLI", "sector": "CVL", "code": "MLICVL"}
COP = {"actor_id": "A4", "name": "Police of Mali", "country": "MLI", "sector": "COP", "code": "MLICOP"}
GAO = {"name": "Gao", "country": "MLI", "lat": 16.27, "lon": -0.04}

# (type, actor, recipient, date, source, modality) for each article, published on the day given
ARTICLES = {
    "a": (
        "2024-05-15",
        [  # a Wednesday, ISO week 20
            ("ASSAULT", REB, MIL, "2024-05-10", "text", "asserted"),  # Friday of week 19
            ("ASSAULT", REB, CVL, "2024-05-13", "text", "asserted"),  # Monday of week 20
            ("PROTEST", CVL, None, "2024-05-15", "publication", "asserted"),
            ("ASSAULT", MIL, REB, "2024-05", "text", "asserted"),  # known only to its month
            ("PROTEST", CVL, COP, "2024-05", "text", "asserted"),
            ("ASSAULT", REB, None, "2024", "text", "asserted"),  # known only to its year
            ("COERCE", COP, CVL, None, None, "asserted"),  # undated (told in the past perfect)
        ],
    ),
    "b": (
        "2024-06-03",
        [
            ("ASSAULT", MIL, CVL, "2024-05-31", "dateline", "asserted"),  # week 22
            ("COERCE", COP, CVL, "2024-06", "text", "asserted"),
            ("ASSAULT", REB, MIL, "2024-12-30", "text", "planned"),  # a Monday of ISO week 1 of 2025
        ],
    ),
    "c": (
        "2024-05-16",
        [
            ("ASSAULT", REB, MIL, "2024-05-10", "text", "asserted"),  # a second report of a's first event
            ("PROTEST", CVL, None, "2024-04", "publication", "asserted"),  # an older coder's publication month
        ],
    ),
}
N_EVENTS = sum(len(evs) for _, evs in ARTICLES.values())

WEEKLY = {
    "2024-W19": 2,
    "2024-W20": 2,
    "2024-W22": 1,
    "2025-W01": 1,
    "2024-04 (month only)": 1,
    "2024-05 (month only)": 2,
    "2024-06 (month only)": 1,
    "2024 (year only)": 1,
    "undated": 1,
}
MONTHLY = {"2024-04": 1, "2024-05": 7, "2024-06": 1, "2024-12": 1, "2024 (year only)": 1, "undated": 1}
YEARLY = {"2024": 11, "undated": 1}


def _doc(art_id: str, pub: str, events: list[tuple]) -> dict:
    text = " ".join(f"Sentence {i} about {t.lower()}." for i, (t, *_rest) in enumerate(events))
    out = []
    for i, (typ, actor, recipient, day, source, modality) in enumerate(events):
        sentence = f"Sentence {i} about {typ.lower()}."
        start = text.index(sentence)
        out.append(
            {
                "id": f"E{i + 1}",
                "type": typ,
                "mode": None,
                "cameo": "190",
                "actor": actor,
                "recipient": recipient,
                "date": day,
                "date_source": source,
                "location": GAO,
                "modality": modality,
                "sentence": sentence,
                "start": start,
                "end": start + len(sentence),
                "trigger": "about",
                "trigger_start": start + 11,
                "trigger_end": start + 16,
                "confidence": 0.9,
                "why": "test",
            }
        )
    return {
        "article": {
            "id": art_id,
            "title": None,
            "date": pub,
            "url": None,
            "source": None,
            "language": "en",
            "text": text,
        },
        "actors": [],
        "events": out,
        "quantities": [],
        "quotes": [],
        "timexes": [],
        "places": [],
        "warnings": [],
    }


@pytest.fixture
def store(store_url):
    with Store.open(store_url) as s:
        for art_id, (pub, events) in ARTICLES.items():
            s.write_document(f"h{art_id}", _doc(art_id, pub, events))
        recompute_clusters(s)
        yield s


def _by_period(rows: list[dict]) -> dict[str, int]:
    return {r["period"]: r["events"] for r in rows}


def test_store_counts_weekly_counts_each_event_once(store):
    rows = event_counts(store, by="week")
    assert sum(r["events"] for r in rows) == N_EVENTS == store.count("events")
    assert _by_period(rows) == WEEKLY
    # the month-only events are in one row for their month, not in any week of it
    may = next(r for r in rows if r["period"] == "2024-05 (month only)")
    assert (may["unit"], may["start"], may["end"]) == ("month", "2024-05-01", "2024-05-31")
    week = next(r for r in rows if r["period"] == "2025-W01")
    assert (week["unit"], week["start"], week["end"]) == ("week", "2024-12-30", "2025-01-05")
    # date order, each period's finer rows first, undated last
    assert [r["period"] for r in rows] == [
        "2024 (year only)",
        "2024-04 (month only)",
        "2024-05 (month only)",
        "2024-W19",
        "2024-W20",
        "2024-W22",
        "2024-06 (month only)",
        "2025-W01",
        "undated",
    ]


@pytest.mark.parametrize("by,expected", [("month", MONTHLY), ("year", YEARLY)])
def test_store_counts_by_month_and_year(store, by, expected):
    rows = event_counts(store, by=by)
    assert _by_period(rows) == expected and sum(r["events"] for r in rows) == N_EVENTS


def test_store_counts_filters_still_work_and_agree_with_the_event_list(store):
    assaults = event_counts(store, by="week", type="ASSAULT")
    assert _by_period(assaults) == {
        "2024-W19": 2,
        "2024-W20": 1,
        "2024-W22": 1,
        "2025-W01": 1,
        "2024-05 (month only)": 1,
        "2024 (year only)": 1,
    }
    assert sum(r["events"] for r in assaults) == event_rows(store, type="ASSAULT", count_only=True)
    assert _by_period(event_counts(store, by="week", modality="planned")) == {"2025-W01": 1}
    assert _by_period(event_counts(store, by="month", actor="police")) == {"2024-06": 1, "undated": 1}
    assert _by_period(event_counts(store, by="month", recipient="police")) == {"2024-05": 1}
    # a month's range holds that month's day and month-only events, not the year-only one
    may = event_counts(store, by="week", since="2024-05-01", until="2024-05-31")
    assert _by_period(may) == {"2024-W19": 2, "2024-W20": 2, "2024-W22": 1, "2024-05 (month only)": 2}
    # each week row is what the event list gives for that week's dates
    for r in event_counts(store, by="week"):
        if r["unit"] == "week":
            assert event_rows(store, since=r["start"], until=r["end"], count_only=True) == r["events"], r


def test_store_counts_date_filters_put_a_month_only_event_in_its_month_not_its_days(store):
    def dates(**filters):
        return sorted(r["date"] for r in event_rows(store, **filters))

    # a week inside May: its day events only; the whole month: the month-only events too
    assert dates(since="2024-05-13", until="2024-05-19") == ["2024-05-13", "2024-05-15"]
    assert dates(since="2024-05-01", until="2024-05-31") == [
        "2024-05",
        "2024-05",
        "2024-05-10",
        "2024-05-10",
        "2024-05-13",
        "2024-05-15",
        "2024-05-31",
    ]
    assert "2024" in dates(since="2024-01-01", until="2024-12-31")
    assert "2024" not in dates(since="2024-01-02")
    # consecutive weekly windows over the months of the store never count an event twice
    seen: list[str] = []
    for monday in (  # ISO weeks 14 to 23 of 2024
        "2024-04-01",
        "2024-04-08",
        "2024-04-15",
        "2024-04-22",
        "2024-04-29",
        "2024-05-06",
        "2024-05-13",
        "2024-05-20",
        "2024-05-27",
        "2024-06-03",
    ):
        sunday = (date.fromisoformat(monday) + timedelta(days=6)).isoformat()
        seen += [r["uid"] for r in event_rows(store, since=monday, until=sunday)]
    assert len(seen) == len(set(seen))


def test_store_counts_cluster_level_counts_each_real_world_event_once(store):
    # a's and c's reports of the assault of 10 May are one cluster
    rows = event_counts(store, by="week", level="cluster")
    clusters = int(store.query("SELECT COUNT(DISTINCT COALESCE(cluster_id, 'E' || uid)) AS n FROM events")[0]["n"])
    assert sum(r["events"] for r in rows) == clusters == N_EVENTS - 1
    assert _by_period(rows)["2024-W19"] == 1


def test_store_counts_refuse_an_unknown_period(store):
    with pytest.raises(AnnalesError) as exc:
        event_counts(store, by="fortnight")
    assert exc.value.code == "E058" and "use week, month or year" in exc.value.message
    with pytest.raises(AnnalesError) as exc:
        event_counts(store, level="article")
    assert exc.value.code == "E016"


def test_store_keeps_each_events_date_precision(store):
    rows = store.query("SELECT date, date_precision FROM events")
    by_length = {0: "none", 4: "year", 7: "month", 10: "day"}  # YYYY, YYYY-MM, YYYY-MM-DD
    assert [r["date_precision"] for r in rows] == [by_length[len(r["date"] or "")] for r in rows]
    assert {r["date_precision"] for r in rows} == set(by_length.values())
    listed = event_rows(store, type="PROTEST")
    assert {(r["date"], r["date_precision"], r["date_source"]) for r in listed} == {
        ("2024-05-15", "day", "publication"),
        ("2024-05", "month", "text"),
        ("2024-04", "month", "publication"),
    }
