"""Regression tests for the examples of issue 13 that tests elsewhere did not pin yet (tests/README.md lists
which test covers which example). The sentences are written for these tests, with other names, places and
numbers than the stories the issue saw."""

from __future__ import annotations


def test_events_shelling_that_kills_is_one_assault_with_its_dead(code):
    doc = code("Rebels shelled the village of Tamkan on Tuesday, killing five civilians.", date="2024-04-11")
    assaults = [e for e in doc["events"] if e["type"] == "ASSAULT"]
    assert len(assaults) == 1, [(e["type"], e["trigger"]) for e in doc["events"]]
    assert [(q["value"], q["unit"]) for q in doc["quantities"]] == [(5, "killed")]


def test_events_a_visit_is_dated_by_its_own_day_not_by_the_month_the_leader_took_office(code):
    doc = code(
        "President William Ruto, who took office in September 2022, visited Kampala on Tuesday.", date="2024-03-14"
    )
    visits = [e for e in doc["events"] if e["trigger"].startswith("visit")]
    assert visits and visits[0]["date"] == "2024-03-12"
