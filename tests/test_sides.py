from __future__ import annotations

from tests.conftest import find_events

# Short articles written for these tests: "both sides" and the like, as the recipient of an act, are the
# article's two opposing parties, one event each (docs/annotation.md 5.3), when the text determines them.


def _recipients(doc, type_, actor):
    return sorted(e["recipient"]["name"] for e in find_events(doc, type_, actor=actor) if e["recipient"])


def test_both_sides_are_the_parties_of_the_hostile_events(code):
    doc = code(
        "Azerbaijani forces shelled Armenian villages near the border on Monday. Armenia accused Azerbaijan of "
        "violating the ceasefire. The UN Secretary-General called on both sides to agree to a humanitarian pause."
    )
    assert _recipients(doc, "REQUEST", "Guterres") == ["Armenia", "Azerbaijan"]
    whys = [e["why"] for e in find_events(doc, "REQUEST", actor="Guterres")]
    assert all("recipients: both sides (Armenia, Azerbaijan)" in w for w in whys), whys


def test_the_two_sides_are_the_coordinated_parties_before(code):
    doc = code(
        "Talks between Ethiopia and Eritrea resumed in Algiers on Tuesday. "
        "The African Union urged the two sides to show restraint."
    )
    assert _recipients(doc, "REQUEST", "African Union") == ["Eritrea", "Ethiopia"]


def test_warring_parties_follow_the_fighting(code):
    doc = code(
        "Rwandan troops attacked Burundian army positions on Friday. Burundi accused Rwanda of an invasion. "
        "The European Union urged the warring parties to return to talks."
    )
    assert _recipients(doc, "REQUEST", "European Union") == ["Burundi", "Rwanda"]


def test_sides_undetermined_leave_the_event_as_it_was(code):
    doc = code("The UN Secretary-General called on all parties to show restraint.")
    requests = find_events(doc, "REQUEST")
    assert len(requests) == 1
    assert "recipients:" not in requests[0]["why"]
