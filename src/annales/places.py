"""The places stage: the article's place names resolved to a country and coordinates (the lookup itself
is gazetteer.py's)."""

from __future__ import annotations

import re
from bisect import bisect_left, insort

from .actors.kb import norm
from .actors.people import person_name_words
from .gazetteer import gazetteer, lookup_place  # noqa: F401 - gazetteer re-exported for the pipeline's warm-up
from .lang import english
from .model import Place

EN = english()  # the language's word lists (lang/en/*.yaml), loaded once per process

# A 'person' the recogniser found that names a city this large, after 'in/at/near', is the city; smaller
# places share too many names with people (the same threshold as actors/people.py's).
BIG_CITY_POPULATION = 50_000
# A city naming a noun it modifies ('a Monterrey business chamber') must be larger still to count as a place.
MODIFIER_CITY_POPULATION = 100_000


def _big_city(name: str) -> bool:
    cities, _ = gazetteer()
    return max((c[4] for c in cities.get(norm(name), [])), default=0) >= BIG_CITY_POPULATION


def _framed_place(work, ent) -> Place | None:
    """A place named by the words around it: 'the town of Kibumba', 'Bunagana, the border town',
    'Masisi territory', 'Prey Sar prison', 'a Monterrey business chamber'."""
    root = ent.root
    head = root.head
    kb = work.kb
    main = work.main_country
    inner = lookup_place(kb, ent.text.removeprefix("the "), main)
    after = work.article.text[ent.end_char : ent.end_char + 40]
    described = re.match(r",\s+(?:the|a)\s+(?:[\w-]+\s+){0,2}(" + "|".join(sorted(EN.settlement_words)) + r")\b", after)
    if (
        root.dep_ == "pobj"
        and head.lower_ == "of"
        and head.head.lemma_.lower() in EN.settlement_words
        or any(c.dep_ == "appos" and c.lemma_.lower() in EN.settlement_words for c in root.children)
        or described
    ):
        if inner is not None:
            inner.name, inner.start, inner.end = ent.text, ent.start_char, ent.end_char
            return inner
        if main:
            return Place(name=ent.text, country=main, lat=None, lon=None, start=ent.start_char, end=ent.end_char)
    if root.dep_ == "compound" and head.i == ent.end and head.lemma_.lower() in EN.region_words | EN.facility_words:
        name = work.article.text[ent.start_char : head.idx + len(head.text)]
        country = inner.country if inner is not None else main
        city = inner if inner is not None and inner.kind == "city" else None
        if city is not None and head.lemma_.lower() in EN.division_words:
            return _division_of(city, name, ent.start_char, head.idx + len(head.text))
        if country:
            return Place(
                name=name,
                country=country,
                lat=inner.lat if inner else None,
                lon=inner.lon if inner else None,
                start=ent.start_char,
                end=head.idx + len(head.text),
                kind="facility",
                **_city_identity(city),
            )
    if (
        root.dep_ == "compound"
        and head.pos_ == "NOUN"
        and inner is not None
        and inner.kind == "city"
        and ent.label_ in ("PERSON", "ORG", "GPE")
    ):
        cities, _ = gazetteer()
        if max((c[4] for c in cities.get(norm(ent.text), [])), default=0) >= MODIFIER_CITY_POPULATION:
            inner.name, inner.start, inner.end = ent.text, ent.start_char, ent.end_char
            return inner
    return None


def resolve_places(work) -> None:
    """The places stage: the dateline's place, proper nouns framed or located as places, and the place
    entities, each with a country and coordinates; fills work.result.places and work.token_place."""
    doc = work.doc
    places = _Places()
    work.token_place = {}
    dl = work.dateline
    if dl is not None:
        places.append(dl)
        span = doc.char_span(dl.start, dl.end, alignment_mode="expand")
        for t in span or []:
            work.token_place[t.i] = dl
    _proper_noun_places(work, places)
    for ent in doc.ents:
        if ent.label_ not in ("GPE", "LOC", "FAC", "ORG", "PERSON"):
            continue
        _entity_place(work, ent, places)
    work.result.places = sorted(places, key=lambda p: p.start)


class _Places(list):
    """The article's places as found, with their starts kept sorted: whether an entity overlaps one found
    before is a bisection, not a pass over all of them."""

    def __init__(self):
        super().__init__()
        self.starts: list[int] = []

    def append(self, place) -> None:
        super().append(place)
        insort(self.starts, place.start)

    def any_start_in(self, start: int, end: int) -> bool:
        k = bisect_left(self.starts, start)
        return k < len(self.starts) and self.starts[k] < end


def _proper_noun_places(work, places: _Places) -> None:
    """Proper nouns outside place entities that the words around them make places: "the town of
    Bunagana", "the capital Sanaa", or a missed name where something happened ("near Sake")."""
    kb = work.kb
    doc = work.doc
    place_ents = {t.i for e in doc.ents if e.label_ in ("GPE", "LOC", "FAC") for t in e}
    for tok in doc:
        if tok.pos_ != "PROPN" or tok.i in place_ents or tok.i in work.token_place:
            continue
        head = tok.head
        # "the town of Bunagana", "the port of Gwadar", "the capital Sanaa": a place by the words around it
        framed = (tok.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in EN.settlement_words) or (
            tok.dep_ == "appos" and head.lemma_.lower() in EN.settlement_words
        )
        # proper nouns the entity recogniser missed, named as where something happened ("near Sake")
        located = tok.dep_ == "pobj" and head.lower_ in EN.place_name_preps and tok.i not in work.token_actor
        if not (framed or located):
            continue
        run = hyphen_run(tok)
        name = doc[run[0] : run[1] + 1].text
        p = lookup_place(kb, name, work.main_country)
        if p is None and framed and work.main_country:
            p = Place(name=name, country=work.main_country, lat=None, lon=None, start=0, end=0, kind="city")
        if p is not None and (p.kind == "city" or framed):
            p.name = name
            p.start, p.end = doc[run[0]].idx, doc[run[0]].idx + len(name)
            places.append(p)
            for i in range(run[0], run[1] + 1):
                work.token_place[i] = p


def _hyphenated_place(work, ent, places: _Places) -> bool:
    """ "Guinea-Bissau", "Saut-d'Eau": an entity that is part of a hyphenated name the gazetteer knows is that
    place (not Guinea); whether it was."""
    doc = work.doc
    first, last = hyphen_run(doc[ent.start])[0], hyphen_run(doc[ent.end - 1])[1]
    if (first, last) == (ent.start, ent.end - 1) or places.any_start_in(doc[first].idx, doc[last].idx + 1):
        return False
    name = doc[first : last + 1].text
    place = lookup_place(work.kb, name, work.main_country)
    if place is None:
        return False
    place.name, place.start, place.end = name, doc[first].idx, doc[first].idx + len(name)
    places.append(place)
    for i in range(first, last + 1):
        work.token_place[i] = place
    return True


def hyphen_run(tok) -> tuple[int, int]:
    """(first, last) token index of the hyphenated name a token is part of: the tokenizer splits
    "Saut-d'Eau" and "Guinea-Bissau" at their hyphens, and a part alone is another place or none."""
    doc = tok.doc

    def joined(left, hyphen) -> bool:  # "Saut" "-" "d'Eau", written with no space between
        return hyphen.text == "-" and not left.whitespace_ and not hyphen.whitespace_ and left.is_alpha

    first = last = tok.i
    while first >= 2 and joined(doc[first - 2], doc[first - 1]) and doc[first - 2].text[:1].isupper():
        first -= 2
    while last + 2 < len(doc) and joined(doc[last], doc[last + 1]) and doc[last + 2].text[:1].isalpha():
        last += 2
    return first, last


def _entity_place(work, ent, places: _Places) -> None:
    """The place an entity names, if any, added to `places` and work.token_place."""
    kb = work.kb
    if all(t.i in work.token_place for t in ent) or _hyphenated_place(work, ent, places):
        return  # "Saut" of "Saut-d'Eau", placed whole as a proper noun
    framed = _framed_place(work, ent)
    if framed is not None:
        places.append(framed)
        for t in ent:
            work.token_place[t.i] = framed
        return
    # "borders both Mali and Burkina Faso": a country the recogniser took for a person is a country
    country_name = ent.label_ == "PERSON" and bool(kb.lookup(ent.text.strip(), kinds=("country",)))
    if (
        ent.label_ == "PERSON"
        and not country_name
        and (
            ent.root.i in work.token_actor
            or not (ent.root.dep_ == "pobj" and ent.root.head.lower_ in EN.place_name_preps or _big_city(ent.text))
        )
    ):
        return  # a place the recogniser took for a person: where something happened, or a large city
    if work.sents[work.sent_index[ent.start]].start in work.skip_sentences:
        return
    if len(ent) == 1 and ent.label_ != "GPE" and ent.text in person_name_words(work.doc):
        return  # "Molina was treated" after "Andres Molina": the man, not Molina, Chile
    text = ent.text.rstrip()  # a headline's entity can run into the blank line after it
    if text.lower().startswith("the "):
        text = text[4:]
    place = _known_place(work, ent, text, country_name)
    if place is None and ent.label_ == "PERSON":
        return
    if place is None and ent.label_ == "ORG" and len(text.split()) > 1:
        _city_in_organization_name(work, ent, places)
        return
    if (
        place is None
        and ent.label_ in ("GPE", "LOC", "FAC", "ORG")
        and work.main_country
        and len(text.split()) > 1
        and any(w.lower() in EN.region_words | EN.facility_words for w in text.split())
    ):  # a name and its word: not "State"
        # "Rustaveli Avenue", "Masisi territory": a named street or district of the story's country
        place = Place(name=text, country=work.main_country, lat=None, lon=None, start=0, end=0, kind="region")
    if place is None and ent.label_ == "LOC":
        place = Place(name=text, country=None, lat=None, lon=None, start=0, end=0, kind="region")  # seas, regions
    if place is None:
        return
    if places.any_start_in(ent.start_char, ent.end_char):
        return
    start = ent.start_char + (len(ent.text.rstrip()) - len(text))
    place.start, place.end = start, start + len(text)
    places.append(place)
    for t in ent:
        work.token_place[t.i] = place


def _known_place(work, ent, text: str, country_name: bool) -> Place | None:
    """The gazetteer's place for an entity's text: a named place or country, a facility placed by the
    place in its name, a city tagged as a person or organisation, a one-word country tagged ORG."""
    kb = work.kb
    place = None
    if ent.label_ in ("GPE", "LOC") or country_name:
        place = lookup_place(kb, text, work.main_country)
    if place is None and (ent.label_ in ("FAC",) or any(w.lower() in EN.facility_words for w in text.split())):
        place = _facility_place(kb, text, work.main_country)
    if place is None and ent.label_ in ("PERSON", "ORG") and ent.root.i not in work.token_actor:
        p = lookup_place(kb, text, work.main_country)  # "from Athens to Vilnius" tagged ORG
        big = _big_city(text)
        if p is not None and (ent.root.dep_ == "pobj" and ent.root.head.lower_ in EN.place_name_preps or big):
            place = p
    if place is None and ent.label_ == "ORG" and len(text.split()) == 1:
        p = lookup_place(kb, text, work.main_country)
        place = p if p is not None and p.kind == "country" else None  # "Nagorno-Karabakh region"
    return place


def _facility_place(kb, text: str, main: str | None) -> Place | None:
    """ "Bamako University": a facility takes its country and coordinates from the place in its name
    (the longest words first)."""
    words = text.split()
    for n in range(len(words), 0, -1):
        for i in range(len(words) - n + 1):
            inner = " ".join(words[i : i + n])
            if inner.lower() in EN.facility_words:
                continue
            p = lookup_place(kb, inner, main)
            if p and p.kind == "landmark" and inner == text:
                p.name = text  # "the White House": a landmark the gazetteer knows is its own point
                return p
            if p:
                return Place(
                    name=text,
                    country=p.country,
                    lat=p.lat,
                    lon=p.lon,
                    start=0,
                    end=0,
                    kind="facility",
                    **_city_identity(p if p.kind == "city" else None),
                )
    return None


def _division_of(city: Place, name: str, start: int, end: int) -> Place:
    """ "the Mopti region", "Kaduna State": the division named after a city, placed at the precision of the
    city's admin1 (it holds the city; which of its towns the event was in is not said)."""
    return Place(
        name=name,
        country=city.country,
        lat=city.lat,
        lon=city.lon,
        start=start,
        end=end,
        kind="facility",  # the kind 'X region' has always had: what the place ranker was trained on
        admin1=city.admin1,
        precision="admin1",
    )


def _city_identity(city: Place | None) -> dict:
    """A facility's place fields from the city in its name: the city (its gazetteer name), admin1, GeoNames
    id, and a point that is the city's, not the facility's own."""
    if city is None:
        return {}
    return {
        "city": city.canonical or city.name,
        "admin1": city.admin1,
        "geonames_id": city.geonames_id,
        "precision": "city" if city.lat is not None else None,
    }


def _city_in_organization_name(work, ent, places: _Places) -> None:
    """ "a Monterrey business chamber": the city in an organisation's name is a place."""
    for t in ent:
        # a city's name is written with its capital: "the National Police union" names no Union, New Jersey
        p = lookup_place(work.kb, t.text, work.main_country) if t.pos_ == "PROPN" and t.text[:1].isupper() else None
        if p is not None and p.kind == "city":
            p.start, p.end = t.idx, t.idx + len(t.text)
            p.name = t.text
            places.append(p)
            work.token_place[t.i] = p
            break
