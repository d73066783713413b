"""Place names to countries and coordinates, and the dateline a story was filed from: shared by the
actors and places stages (a neutral module: no stage imports another).

Countries (and their short forms) are looked up before cities, so "the United States" is never the
Virgin Islands; cities come from GeoNames (CC BY 4.0, data/places/) with accents folded; among
same-named cities the article's main country wins, then population.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from . import geonames, iso3166
from .actors.kb import norm
from .model import Place


@lru_cache(maxsize=1)
def gazetteer() -> tuple[dict, dict]:
    """(norm(city name) -> list of cities, ISO3 -> (lat, lon) of its capital)."""
    cities: dict[str, list] = {}
    path = resources.files("annales") / "data" / "places" / "cities.tsv"
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        key, name, iso3, lat, lon, pop = line.split("\t")
        cities.setdefault(key, []).append((name, iso3, float(lat), float(lon), int(pop)))
    iso2to3 = iso3166.alpha_2_to_3()
    capitals = {}
    for info in geonames.countries():
        country = iso2to3.get(info.iso2)
        cap = norm(info.capital or "")
        for rec in cities.get(cap, []):
            if rec[1] == country:
                capitals[country] = (rec[2], rec[3])
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


def find_dateline(text: str, kb) -> tuple[Place, tuple[int, int]] | None:
    """'GOMA, Democratic Republic of Congo, March 6 (Reuters) -': the city a story was filed from, and the
    characters of its paragraph."""
    pos = 0
    for line in text.splitlines(keepends=True)[:6]:
        m = DATELINE_RE.match(line)
        if m:
            name = m.group(1).strip().title()
            p = lookup_place(kb, name, None)
            if p is not None:
                p.name = m.group(1).strip()
                p.start, p.end = pos, pos + len(m.group(1).strip())
                return p, (pos, pos + len(line))
        pos += len(line)
    return None
