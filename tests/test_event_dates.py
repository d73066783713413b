"""Each event's date, its precision and its source (issue 13): the event's own date resolved against the
publication date, the dateline's or the publication day for an event with no date of its own, and nothing
dated after the publication date unless it has not happened."""

from __future__ import annotations

import pytest

from annales.dates import DATE_PRECISIONS, DATE_SOURCES, date_precision
from annales.event_dates import after
from tests.conftest import ROOT, find_events

WEDNESDAY = "2024-05-15"


def _dates(doc: dict, type_: str) -> list[tuple]:
    return [(e["date"], e["date_precision"], e["date_source"], e["modality"]) for e in find_events(doc, type_)]


@pytest.mark.parametrize(
    "text",
    [
        "On Friday, troops shelled the town.",
        "Troops shelled the town on Friday.",
        "On Friday, troops shelled the town, killing three civilians.",
    ],
)
def test_event_dates_past_weekday_is_the_one_before_publication(code, text):
    # published on a Wednesday: "Friday" told in the past is five days before, never two days after
    dates = _dates(code(text, date=WEDNESDAY), "ASSAULT")
    assert dates and set(dates) == {("2024-05-10", "day", "text", "asserted")}


def test_event_dates_a_threat_made_in_2024_is_not_dated_2028(code):
    # the threat was made when the story was told; 2028 is when what it threatens would end
    doc = code("Hamas threatened to attack Israel until the end of 2028.", date=WEDNESDAY)
    assert _dates(doc, "THREATEN") == [(WEDNESDAY, "day", "publication", "asserted")]
    assert all(e["modality"] != "asserted" for e in doc["events"] if e["date"] and after(e["date"], WEDNESDAY))
    doc = code("Iran threatened to retaliate against Israel in December.", date=WEDNESDAY)
    assert _dates(doc, "THREATEN") == [(WEDNESDAY, "day", "publication", "asserted")]


def test_event_dates_after_publication_only_for_what_has_not_happened(code):
    doc = code("The army will attack the town on Friday.", date=WEDNESDAY)
    assert _dates(doc, "ASSAULT") == [("2024-05-17", "day", "text", "planned")]
    # a past verb with a year after the story's: the story's day, still asserted
    doc = code("Police arrested protesters in 2028.", date=WEDNESDAY)
    assert _dates(doc, "COERCE") == [(WEDNESDAY, "day", "publication", "asserted")]


def test_event_dates_no_date_of_its_own_takes_the_publication_day(code):
    doc = code("Rebels seized the town.", date=WEDNESDAY)
    assert _dates(doc, "COERCE") == [(WEDNESDAY, "day", "publication", "asserted")]
    doc = code("Police arrested 40 protesters in Nairobi in March.", date=WEDNESDAY)
    assert _dates(doc, "COERCE") == [("2024-03", "month", "text", "asserted")]
    doc = code("Soldiers shelled the town of Kidal in 2023.", date=WEDNESDAY)
    assert _dates(doc, "ASSAULT") == [("2023", "year", "text", "asserted")]


def test_event_dates_a_dated_dateline_gives_the_day(code):
    doc = code(
        "KHARTOUM, June 12 (Reuters) - The army shelled the town, killing three civilians.\n\nRebels seized a base.",
        date="2024-06-13",
    )
    assert {d[:3] for e in ("ASSAULT", "COERCE") for d in _dates(doc, e)} == {("2024-06-12", "day", "dateline")}
    # a dateline with no date: the publication day
    doc = code("WASHINGTON \u2014 The United States imposed sanctions on Iran.", date="2024-02-22")
    assert _dates(doc, "SANCTION") == [("2024-02-22", "day", "publication", "asserted")]


def test_event_dates_undated_events_have_precision_none(code):
    doc = code("The army said rebels had attacked the base.", date=WEDNESDAY)
    undated = [e for e in doc["events"] if e["date"] is None]
    assert undated and all(e["date_precision"] == "none" and e["date_source"] is None for e in undated)
    doc = code("Rebels attacked the town on Tuesday.", date=None)  # no publication date: nothing to resolve against
    assert doc["events"] and all(
        (e["date"], e["date_precision"], e["date_source"]) == (None, "none", None) for e in doc["events"]
    )


def test_event_dates_every_test_article_keeps_the_rules(code):
    """On the test articles: precision is the date's form, sources are the documented ones, and no asserted
    event is dated after its story."""
    import yaml

    for path in sorted((ROOT / "tests" / "articles").glob("*.txt")):
        pub = str(yaml.safe_load(path.with_suffix(".expected.yaml").read_text(encoding="utf-8"))["article"]["date"])
        for e in code(path.read_text(encoding="utf-8"), date=pub)["events"]:
            assert e["date_precision"] == date_precision(e["date"]) and e["date_precision"] in DATE_PRECISIONS
            assert e["date_source"] in DATE_SOURCES or (e["date_source"] is None and e["date"] is None), e
            assert not (e["modality"] == "asserted" and e["date"] and after(e["date"], pub)), (path.name, e)
