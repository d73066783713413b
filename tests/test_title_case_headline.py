"""A Title Case headline ("Syrian Rebels Reject Calls for Ceasefire") is parsed in sentence case: its verbs and
nouns of acts were read as parts of a name, and the act was lost (nlp.sentence_cased_headline). Names stay."""

from __future__ import annotations

from annales.nlp import sentence_cased_headline

BODY = "\n\nThe fighting went on in the north on Monday, residents said.\n"


def test_title_case_headline_is_parsed_in_sentence_case_and_keeps_its_offsets():
    text = "Syrian Rebels Reject Calls for Ceasefire After Talks With Army" + BODY
    cased = sentence_cased_headline(text)
    assert len(cased) == len(text) and cased.lower() == text.lower()
    assert cased.startswith("Syrian rebels reject calls for ceasefire after talks with Army")
    assert cased.endswith(BODY)  # the story itself is untouched


def test_title_case_headline_keeps_the_names_of_organisations():
    cased = sentence_cased_headline("Rapid Support Forces Attack Town in North Darfur" + BODY)
    assert cased.startswith("Rapid Support Forces attack Town in North Darfur")
    cased = sentence_cased_headline("National Unity Party Calls for Talks" + BODY)
    assert cased.startswith("National Unity Party calls for talks")


def test_title_case_headline_only_a_title_case_first_line_is_changed():
    for text in (
        "Rebels reject calls for a ceasefire in Syria" + BODY,  # already in sentence case
        "Syrian Rebels Reject Calls for Ceasefire",  # no story after it: not a headline
        "SYRIAN REBELS REJECT CALLS FOR CEASEFIRE" + BODY,  # capitals: left to the parser
    ):
        assert sentence_cased_headline(text) == text


def test_events_an_act_told_only_in_a_title_case_headline_is_read(code):
    doc = code("Syrian Rebels Reject Calls for Ceasefire After Mediation Efforts" + BODY)
    rejects = [e for e in doc["events"] if e["type"] == "REJECT"]
    assert rejects and rejects[0]["actor"]["country"] == "SYR" and rejects[0]["actor"]["sector"] == "REB", doc["events"]
    assert rejects[0]["sentence"].startswith("Syrian Rebels Reject")  # the record quotes the text as written
