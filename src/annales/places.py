"""The places stage: the article's place names resolved to a country and coordinates (the lookup itself
is gazetteer.py's)."""

from __future__ import annotations

import re

from .actors.kb import norm
from .gazetteer import gazetteer, lookup_place  # noqa: F401 - gazetteer re-exported for the pipeline's warm-up
from .model import Place

SETTLEMENT_WORDS = {"town", "village", "city", "port", "capital", "district", "province", "region", "camp", "hamlet"}
REGION_WORDS = {"avenue", "street", "road", "square", "district", "province", "region", "territory", "county",
                "governorate", "state", "valley", "camp"}
FACILITY_WORDS = {"university", "airport", "hospital", "square", "mosque", "church", "palace", "base", "airbase",
                  "camp", "prison", "stadium", "port", "school", "college", "market", "bridge", "embassy"}


LOCATIVE_NAME_PREPS = {"in", "at", "near", "around", "outside", "from", "to", "into", "toward", "towards"}


def _big_city(name: str) -> bool:
    cities, _ = gazetteer()
    return max((c[4] for c in cities.get(norm(name), [])), default=0) >= 50_000


def _framed_place(work, ent) -> Place | None:
    """A place named by the words around it: 'the town of Kibumba', 'Bunagana, the border town',
    'Masisi territory', 'Prey Sar prison', 'a Monterrey business chamber'."""
    root = ent.root
    head = root.head
    kb = work.kb
    main = work.main_country
    inner = lookup_place(kb, ent.text.removeprefix("the "), main)
    after = work.article.text[ent.end_char: ent.end_char + 40]
    described = re.match(r",\s+(?:the|a)\s+(?:[\w-]+\s+){0,2}(" + "|".join(SETTLEMENT_WORDS) + r")\b", after)
    if root.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in SETTLEMENT_WORDS \
            or any(c.dep_ == "appos" and c.lemma_.lower() in SETTLEMENT_WORDS for c in root.children) or described:
        if inner is not None:
            inner.name, inner.start, inner.end = ent.text, ent.start_char, ent.end_char
            return inner
        if main:
            return Place(name=ent.text, country=main, lat=None, lon=None, start=ent.start_char, end=ent.end_char)
    if root.dep_ == "compound" and head.i == ent.end and head.lemma_.lower() in REGION_WORDS | FACILITY_WORDS:
        name = work.article.text[ent.start_char: head.idx + len(head.text)]
        country = inner.country if inner is not None else main
        if country:
            return Place(name=name, country=country, lat=inner.lat if inner else None,
                         lon=inner.lon if inner else None, start=ent.start_char, end=head.idx + len(head.text),
                         kind="facility", city=inner.name if inner is not None and inner.kind == "city" else None)
    if root.dep_ == "compound" and head.pos_ == "NOUN" and inner is not None and inner.kind == "city" \
            and ent.label_ in ("PERSON", "ORG", "GPE"):
        cities, _ = gazetteer()
        if max((c[4] for c in cities.get(norm(ent.text), [])), default=0) >= 100_000:
            inner.name, inner.start, inner.end = ent.text, ent.start_char, ent.end_char
            return inner
    return None


def resolve_places(work) -> None:
    kb = work.kb
    doc = work.doc
    places = []
    work.token_place = {}
    dl = work.dateline
    if dl is not None:
        places.append(dl)
        span = doc.char_span(dl.start, dl.end, alignment_mode="expand")
        for t in span or []:
            work.token_place[t.i] = dl
    place_ents = {t.i for e in doc.ents if e.label_ in ("GPE", "LOC", "FAC") for t in e}
    for tok in doc:
        if tok.pos_ != "PROPN" or tok.i in place_ents or tok.i in work.token_place:
            continue
        head = tok.head
        # "the town of Bunagana", "the port of Gwadar", "the capital Sanaa": a place by the words around it
        framed = (tok.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in SETTLEMENT_WORDS) or \
                 (tok.dep_ == "appos" and head.lemma_.lower() in SETTLEMENT_WORDS) or \
                 (tok.dep_ == "compound" and head.lemma_.lower() in SETTLEMENT_WORDS and False)
        # proper nouns the entity recogniser missed, named as where something happened ("near Sake")
        located = tok.dep_ == "pobj" and head.lower_ in LOCATIVE_NAME_PREPS and tok.i not in work.token_actor
        if not (framed or located):
            continue
        p = lookup_place(kb, tok.text, work.main_country)
        if p is None and framed and work.main_country:
            p = Place(name=tok.text, country=work.main_country, lat=None, lon=None, start=0, end=0, kind="city")
        if p is not None and (p.kind == "city" or framed):
            p.name = tok.text
            p.start, p.end = tok.idx, tok.idx + len(tok.text)
            places.append(p)
            work.token_place[tok.i] = p
    for ent in doc.ents:
        if ent.label_ not in ("GPE", "LOC", "FAC", "ORG", "PERSON"):
            continue
        framed = _framed_place(work, ent)
        if framed is not None:
            places.append(framed)
            for t in ent:
                work.token_place[t.i] = framed
            continue
        # "borders both Mali and Burkina Faso": a country the recogniser took for a person is a country
        country_name = ent.label_ == "PERSON" and bool(kb.lookup(ent.text.strip(), kinds=("country",)))
        if ent.label_ == "PERSON" and not country_name and (ent.root.i in work.token_actor or not (
                ent.root.dep_ == "pobj" and ent.root.head.lower_ in LOCATIVE_NAME_PREPS or _big_city(ent.text))):
            continue  # a place the recogniser took for a person: where something happened, or a large city
        if work.sents[work.sent_index[ent.start]].start in work.skip_sentences:
            continue
        text = ent.text.rstrip()  # a headline's entity can run into the blank line after it
        if text.lower().startswith("the "):
            text = text[4:]
        place = None
        if ent.label_ in ("GPE", "LOC") or country_name:
            place = lookup_place(kb, text, work.main_country)
        if place is None and (ent.label_ in ("FAC",) or any(w.lower() in FACILITY_WORDS for w in text.split())):
            # "Bamako University": a facility takes its country and coordinates from the place in its name
            words = text.split()
            for n in range(len(words), 0, -1):
                for i in range(len(words) - n + 1):
                    inner = " ".join(words[i:i + n])
                    if inner.lower() in FACILITY_WORDS:
                        continue
                    p = lookup_place(kb, inner, work.main_country)
                    if p:
                        place = Place(name=text, country=p.country, lat=p.lat, lon=p.lon, start=0, end=0,
                                      kind="facility", city=p.name if p.kind == "city" else None)
                        break
                if place:
                    break
        if place is None and ent.label_ in ("PERSON", "ORG") and ent.root.i not in work.token_actor:
            p = lookup_place(kb, text, work.main_country)  # "from Athens to Vilnius" tagged ORG
            big = _big_city(text)
            if p is not None and (ent.root.dep_ == "pobj" and ent.root.head.lower_ in LOCATIVE_NAME_PREPS or big):
                place = p
        if place is None and ent.label_ == "ORG" and len(text.split()) == 1:
            p = lookup_place(kb, text, work.main_country)
            place = p if p is not None and p.kind == "country" else None  # "Nagorno-Karabakh region"
        if place is None and ent.label_ == "PERSON":
            continue
        if place is None and ent.label_ == "ORG" and len(text.split()) > 1:
            # "a Monterrey business chamber": the city in an organisation's name is a place
            for t in ent:
                p = lookup_place(kb, t.text, work.main_country) if t.pos_ == "PROPN" else None
                if p is not None and p.kind == "city":
                    p.start, p.end = t.idx, t.idx + len(t.text)
                    p.name = t.text
                    places.append(p)
                    work.token_place[t.i] = p
                    break
            continue
        if place is None and ent.label_ in ("GPE", "LOC", "FAC", "ORG") and work.main_country and len(text.split()) > 1 and \
                any(w.lower() in REGION_WORDS | FACILITY_WORDS for w in text.split()):  # a name and its word: not "State"
            # "Rustaveli Avenue", "Masisi territory": a named street or district of the story's country
            place = Place(name=text, country=work.main_country, lat=None, lon=None, start=0, end=0, kind="region")
        if place is None and ent.label_ == "LOC":
            place = Place(name=text, country=None, lat=None, lon=None, start=0, end=0, kind="region")  # seas, regions
        if place is None:
            continue
        if any(ent.start_char <= p.start < ent.end_char for p in places):
            continue
        start = ent.start_char + (len(ent.text.rstrip()) - len(text))
        place.start, place.end = start, start + len(text)
        places.append(place)
        for t in ent:
            work.token_place[t.i] = place
    places.sort(key=lambda p: p.start)
    work.result.places = places
