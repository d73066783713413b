"""The country an article is about: where it was filed, the places and the countries it names."""

from __future__ import annotations

import re
from collections import Counter

from ..gazetteer import lookup_place
from ..lang import english
from .kb import KnowledgeBase, norm
from .people import city_not_person
from .phrases import is_locative

EN = english()  # the language's word lists (lang/en/*.yaml), loaded once per process

# A headline is the article's first line when it is this short; the recogniser often misses its names
# ("Cameroon: Army burned villages", "Burkina Faso live: ..." as a person), so they are looked up as words.
HEADLINE_LENGTH = 200
# The longest country name looked for in a headline, in words ("Democratic Republic of the Congo").
LONGEST_COUNTRY_NAME = 5
# What a country named in the headline weighs: more than the dateline (2), as the story is about it.
HEADLINE_WEIGHT = 3
# A country named after a preposition in a headline ("flies into exile in Nigeria", "measures against the
# Russian Federation") is where or whom the story's actors act on: it weighs only as any mention does.
OBJECT_PREPS = EN.locative_preps | EN.place_name_preps | EN.belonging_preps | EN.headline_object_preps
WORD = re.compile(r"[\w'’.\-]+")


def find_main_country(work, kb: KnowledgeBase, named=None) -> str | None:
    """The country the article is about: most named places, then most country mentions; else (`named`: the
    article's resolved actors) the country of the organisations it names."""
    counts: Counter = Counter()
    dl = work.dateline
    if dl is not None and dl.country:
        counts[dl.country] += 2  # where the story was filed
    # the named actors' countries: a story from Geneva about Yemen's parties is about Yemen
    for ent in work.doc.ents:
        root = ent.root
        if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lemma_.lower() in EN.framing_place_nouns:
            p = lookup_place(kb, ent.text, None)
            if p is not None and p.country:
                counts[p.country] += 2  # "the town of Kidal"
                continue
        if ent.label_ in ("PERSON", "ORG") and len(ent) <= 2 and city_not_person(kb, ent, list(ent), work.article.date):
            p = lookup_place(kb, ent.text, None)
            if p is not None and p.country:
                counts[p.country] += 2  # "rebels shelled Gao": a city the recogniser took for a person
            continue
        if ent.label_ in ("GPE", "LOC", "NORP"):
            iso = kb.country_of_word(ent.text)
            if iso:
                counts[iso] += 2 if ent.label_ != "NORP" and is_locative(ent) else 1
            elif ent.label_ == "GPE" and is_locative(ent):
                # "in Katsina", "in Nabatieh": a town where something happened is in the story's country
                p = lookup_place(kb, ent.text, None)
                if p is not None and p.country and p.kind == "city":
                    counts[p.country] += 1
    for iso, weight in headline_countries(work, kb).items():
        counts[iso] += weight
    if not counts and named is not None:
        counts = _organisations_countries(named)
    if not counts:
        return None
    return counts.most_common(1)[0][0]


def _organisations_countries(named) -> Counter:
    """ "the FAMa repelled a terrorist assault on Diafarabé": a story that names no country and no place the
    gazetteer knows is about the country of the organisations it names (Mali's army), by their mentions."""
    counts: Counter = Counter()
    for actor in named:
        if actor.kind == "organization" and actor.country and actor.country not in NOT_STATES:
            counts[actor.country] += len(actor.mentions)
    return counts


# The knowledge base's codes of bodies that belong to no one state.
NOT_STATES = frozenset({"IGO", "UNO", "EUR", "NGO", "IMG", "AFR", "ASA", "MEA", "WST", "---"})


def headline_countries(work, kb: KnowledgeBase) -> dict[str, int]:
    """country -> weight, for the countries the headline names by their own names or demonyms ("Cameroon: Army
    burned villages"). The headline is the article's title, else its first line when more lines follow."""
    lines = work.article.text.lstrip().split("\n", 1)
    text = work.article.title or (lines[0] if len(lines) > 1 else "")
    if len(text) > HEADLINE_LENGTH:
        return {}
    words = [w.strip(".'’") for w in WORD.findall(text)]
    found: dict[str, int] = {}
    used: set[int] = set()
    for n in range(LONGEST_COUNTRY_NAME, 0, -1):  # longest first: "Republic of Korea" is not "Korea"
        for i in range(len(words) - n + 1):
            name = " ".join(words[i : i + n])
            iso = kb.country_of_word(name) if name[:1].isupper() and norm(name) in kb.country_names_strict else None
            if iso and not used & set(range(i, i + n)):
                used |= set(range(i, i + n))
                before = [w.lower() for w in words[max(0, i - 2) : i] if w.lower() != "the"]
                if not (before and before[-1] in OBJECT_PREPS):
                    found[iso] = HEADLINE_WEIGHT
    return found
