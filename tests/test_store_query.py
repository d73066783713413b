"""The event filters of store/query.py on SQLite and PostgreSQL: `party` finds the events a party takes part
in, as actor or as recipient, matched as the actor filter matches (part of the name, the code, the canonical
id of any spelling), and combines with the other filters."""

from __future__ import annotations

import pytest

from annales.store import Store
from annales.store.query import event_rows
from tests.chart_store import Spec, write_store

ARTICLES = [
    (
        "Talks and threats",
        "2024-04-20",
        [
            Spec("CONSULT", "Ukraine", "Poland", "2024-04-02"),
            Spec("AID", "Poland", "Ukraine", "2024-04-18"),
            Spec("ACCUSE", "Russia", "Moldova", "2024-04-19"),  # Moldova is only ever a recipient
            Spec("ASSAULT", "Russia", None, "2024-04-20"),
            Spec("ACCUSE", "Ukraine", "Rapid Support Forces", "2024-04-20"),
        ],
    )
]


@pytest.fixture
def store(store_url):
    write_store(store_url, ARTICLES)
    with Store.open(store_url) as s:
        yield s


def _pairs(rows: list[dict]) -> list[tuple]:
    return sorted((r["actor_name"], r["recipient_name"] or "") for r in rows)


def test_store_query_party_matches_the_actor_or_the_recipient(store):
    assert _pairs(event_rows(store, party="Poland")) == [("Poland", "Ukraine"), ("Ukraine", "Poland")]
    assert _pairs(event_rows(store, party="Russia")) == [("Russia", ""), ("Russia", "Moldova")]


def test_store_query_party_finds_a_party_that_is_only_ever_a_recipient(store):
    assert event_rows(store, actor="Moldova") == []
    assert _pairs(event_rows(store, party="Moldova")) == [("Russia", "Moldova")]
    assert event_rows(store, party="Moldova", count_only=True) == 1


@pytest.mark.parametrize(
    "value,pairs",
    [
        ("molD", [("Russia", "Moldova")]),  # part of the name, in any case
        ("RSF", [("Ukraine", "Rapid Support Forces")]),  # a spelling of its canonical id
        ("org:SDN:rapid-support-forces", [("Ukraine", "Rapid Support Forces")]),
        ("%", []),  # a wildcard is a character
        ("Hezbollah", []),
    ],
)
def test_store_query_party_matches_as_the_actor_filter_does(store, value, pairs):
    assert _pairs(event_rows(store, party=value)) == pairs


def test_store_query_party_combines_with_the_other_filters(store):
    assert _pairs(event_rows(store, party="Ukraine", type="AID")) == [("Poland", "Ukraine")]
    assert _pairs(event_rows(store, party="Ukraine", actor="Poland")) == [("Poland", "Ukraine")]
    assert _pairs(event_rows(store, party="Poland", recipient="Poland")) == [("Ukraine", "Poland")]
    assert event_rows(store, party="Moldova", until="2024-04-18") == []
