"""The country an article is about: where it was filed, the places and the countries it names."""

from __future__ import annotations

from collections import Counter

from ..gazetteer import lookup_place
from ..lang import english
from .kb import KnowledgeBase
from .people import city_not_person
from .phrases import is_locative

EN = english()  # the language's word lists (lang/en/*.yaml), loaded once per process


def find_main_country(work, kb: KnowledgeBase) -> str | None:
    """The country the article is about: most named places, then most country mentions."""
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
    if not counts:
        return None
    return counts.most_common(1)[0][0]
