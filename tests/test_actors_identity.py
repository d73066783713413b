"""One identity per actor (issue 13): a canonical key shared by every spelling and every article, names the
knowledge base knows kept whole, and roles checked against the article's date. The sentences are written
for these tests."""

from __future__ import annotations

from annales.actors import kb as kbmod
from annales.actors.identity import keys_for_name, known_variant


def _actor(doc, name):
    found = [a for a in doc["actors"] if a["name"] == name]
    assert found, f"no actor {name}: {[a['name'] for a in doc['actors']]}"
    return found[0]


def test_actors_kb_variant_spellings_of_a_known_group_share_one_key():
    kb = kbmod.load()
    keys = {
        k
        for text in ("RSF", "Rapid Support Forces", "RSF (SDN)", "Rapid Support Force")
        for k in keys_for_name(kb, text)
    }
    assert keys == {"org:SDN:rapid-support-forces"}
    # a bracketed country code or a dropped plural is still the knowledge base's group
    assert known_variant(kb, "Rapid Support Forces (Sudan)").name == "Rapid Support Forces"


def test_actors_one_key_for_a_group_whatever_each_article_calls_it(code):
    first = code("RSF fighters stormed a police station in Nyala on Sunday.", date="2024-03-04")
    second = code(
        "The Rapid Support Forces shelled a market in El Fasher on Monday, residents said.", date="2024-05-14"
    )
    keys = {a["actor_key"] for doc in (first, second) for a in doc["actors"] if a["name"] == "Rapid Support Forces"}
    assert keys == {"org:SDN:rapid-support-forces"}
    # and the events carry it, so that a store counts one actor
    assert {e["actor"]["actor_key"] for doc in (first, second) for e in doc["events"] if e["actor"]} == {
        "org:SDN:rapid-support-forces"
    }


def test_actors_a_party_named_after_its_country_stays_whole(code):
    doc = code(
        "Georgian Dream won a majority in Saturday's parliamentary election, the election commission announced.",
        date="2024-10-27",
    )
    party = _actor(doc, "Georgian Dream")
    assert (party["country"], party["sector"]) == ("GEO", "PTY")
    assert not [a for a in doc["actors"] if a["name"] in ("Dream", "Georgia")]


def test_actors_a_spokesman_is_no_soldier_unless_the_text_says_so(code):
    doc = code(
        "White House national security spokesman John Kirby said on Tuesday that Washington condemned "
        "the missile strike.",
        date="2023-10-10",
    )
    kirby = _actor(doc, "John Kirby")
    assert (kirby["country"], kirby["sector"], kirby["code"]) == ("USA", "GOV", "USAGOV")
    assert not kirby["role"].startswith("former")


def test_actors_a_sitting_president_is_not_a_former_one(code):
    doc = code("President William Ruto met opposition leaders at State House in Nairobi on Monday.", date="2024-07-15")
    ruto = _actor(doc, "William Ruto")
    assert ruto["role"] == "President of Kenya" and ruto["sector"] == "GOV"


def test_actors_a_president_who_left_office_is_former(code):
    # the same rule read the other way: the date decides, not the title the text gives
    doc = code("Former president Uhuru Kenyatta arrived in Addis Ababa for the talks on Friday.", date="2024-03-08")
    kenyatta = _actor(doc, "Uhuru Kenyatta")
    assert kenyatta["sector"] == "ELI" and kenyatta["role"].startswith("former")
