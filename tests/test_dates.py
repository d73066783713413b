"""Publication dates in the forms inputs give them (RFC 2822, ISO 8601 with time and zone, news forms)."""

from __future__ import annotations

import json

import pytest

from annales.dates import parse_publication_date
from annales.errors import AnnalesError
from annales.readers import ReadFailure, read_inputs


@pytest.mark.parametrize(
    "value, day",
    [
        ("Wed, 01 May 2024 10:00:00 GMT", "2024-05-01"),
        ("Wed, 1 May 2024 23:30:00 -0500", "2024-05-01"),  # the publisher's day, not UTC's
        ("2024-05-01", "2024-05-01"),
        ("2024-05-01T23:30:00-05:00", "2024-05-01"),
        ("2024-05-01T10:00:00Z", "2024-05-01"),
        ("2024-05-01 10:00:00", "2024-05-01"),
        ("May 1, 2024", "2024-05-01"),
        ("1 May 2024 10:00 GMT", "2024-05-01"),
        ("Thursday, May 2, 2024 at 3:45 PM EDT", "2024-05-02"),
        ("2024/05/01", "2024-05-01"),
        ("13/05/2024", "2024-05-13"),
        (None, None),
        ("", None),
    ],
)
def test_dates_news_forms_are_read(value, day):
    assert parse_publication_date(value, "the date") == day


@pytest.mark.parametrize("value", ["03/04/2024", "yesterday", "not a date", "2024-13-45"])
def test_dates_ambiguous_or_relative_or_wrong_dates_are_refused(value):
    with pytest.raises(AnnalesError) as info:
        parse_publication_date(value, "the date")
    assert info.value.code == "E035" and f"'{value}'" in info.value.message


def test_dates_jsonl_rss_date_no_longer_skips_the_article(tmp_path):
    p = tmp_path / "feed.jsonl"
    p.write_text(
        "\n".join(
            json.dumps(r)
            for r in [
                {"id": "a", "text": "Rebels attacked the base.", "date": "Wed, 01 May 2024 10:00:00 GMT"},
                {"id": "b", "text": "Police arrested ten people.", "date": "2024-05-02T08:15:00+03:00"},
                {"id": "c", "text": "Police arrested ten people again.", "date": "03/04/2024"},
            ]
        )
        + "\n"
    )
    items = list(read_inputs([str(p)]))
    assert [(i.id, i.date) for i in items[:2]] == [("a", "2024-05-01"), ("b", "2024-05-02")]
    assert isinstance(items[2], ReadFailure) and items[2].error.code == "E035"
    assert f"line 3 of {p}" in items[2].error.message
