from __future__ import annotations

import pytest

import annales

PUB = "2020-12-17"


def value_of(sentence: str, text: str, date: str = PUB) -> str | None:
    doc = annales.code(sentence, date=date).to_dict()
    for t in doc["timexes"]:
        if text.lower() in t["text"].lower() or t["text"].lower() in text.lower():
            return t["value"]
    raise AssertionError(f"no timex '{text}' in {doc['timexes']}")


@pytest.mark.parametrize(
    "sentence,text,value",
    [
        ("The alliance is set to make a decision in February.", "in February", "2021-02"),
        ("The minister resigned in February.", "in February", "2020-02"),
        ("Troops will leave by January 15.", "January 15", "2021-01-15"),
        ("The talks are on hiatus until January 5.", "January 5", "2021-01-05"),
        ("The deal was signed on February 29.", "February 29", "2020-02-29"),
        ("The army had 13,000 troops a year ago.", "a year ago", "2019-12"),
        ("It had reduced the level to 4,500 as of November.", "as of November", "2020-11"),
        ("He said so earlier this month.", "earlier this month", "2020-12"),
        ("Protesters gathered on Tuesday.", "Tuesday", "2020-12-15"),
        ("Leaders will meet on Tuesday.", "Tuesday", "2020-12-22"),
        ("Rebels attacked the town yesterday.", "yesterday", "2020-12-16"),
        ("The vote is planned for mid-January.", "mid-January", "2021-01"),
        ("The attacks of September 11, 2001 changed everything.", "September 11, 2001", "2001-09-11"),
        ("Talks resumed in May 2019.", "May 2019", "2019-05"),
        ("The army said it would hold elections next year.", "next year", "2021"),
        ("Fighting has raged since 2014.", "since 2014", "2014"),
        ("The troops stay into the new year.", "the new year", "2021"),
    ],
)
def test_timexes_resolved_against_publication_date(sentence, text, value):
    assert value_of(sentence, text) == value


def test_timexes_without_publication_date_stay_unresolved():
    doc = annales.code("Rebels attacked the town on Tuesday and will meet in March.", date=None).to_dict()
    assert doc["timexes"] and all(t["value"] is None for t in doc["timexes"])


def test_timexes_offsets_point_into_text():
    text = "Police arrested 12 people on Monday in Nairobi."
    doc = annales.code(text, date="2024-01-10").to_dict()  # a Wednesday: Monday is the 8th
    # spans keep their preposition, as in the cases above ('in February', 'as of November')
    assert [(t["text"], t["value"], t["start"], t["end"]) for t in doc["timexes"]] == [
        ("on Monday", "2024-01-08", 26, 35)
    ]
    assert text[26:35] == "on Monday"


@pytest.mark.parametrize(
    "text,value",
    [
        ("Members of the union said they would stage another strike in Bishkek on Thursday.", "2023-03-23"),  # coming
        ("He said he would have attacked on Sunday if ordered.", "2023-03-19"),  # 'would have': the past
    ],
)
def test_timexes_would_under_a_reporting_verb(code, text, value):
    doc = code(text, date="2023-03-20")  # a Monday
    assert [t["value"] for t in doc["timexes"]] == [value]


def test_timexes_past_weekday_of_a_wednesday_story_is_the_friday_before():
    # issue 13: told in the past, "Friday" in a story of Wednesday 15 May is 10 May, never 17 May
    assert value_of("On Friday, troops shelled the town.", "On Friday", date="2024-05-15") == "2024-05-10"
    assert value_of("Troops will shell the town on Friday.", "on Friday", date="2024-05-15") == "2024-05-17"
