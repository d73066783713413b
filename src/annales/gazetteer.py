"""Place names to countries and coordinates, and the dateline a story was filed from: shared by the
actors and places stages (a neutral module: no stage imports another).

Landmarks (data/places/landmarks.tsv) are looked up first, so "the White House" is in Washington, not
Casablanca (one of whose GeoNames alternate names it is); then countries (and their short forms), so "the
United States" is never the Virgin Islands; cities come from GeoNames (CC BY 4.0, data/places/) with
accents folded; among same-named cities the article's main country wins, then population. Each place
carries one identity (issue 13): the gazetteer's spelling, its admin1 code and GeoNames id where known, and
how precise its coordinates are.
"""

from __future__ import annotations

import re
import unicodedata
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
    iso2to3 = iso3166.alpha_2_to_code()  # Kosovo too, as KOS
    capitals = {}
    for info in geonames.countries():
        country = iso2to3.get(info.iso2)
        # the most populous city of the capital's name: Washington, D.C., never Washington, Utah
        same_name = [rec for rec in cities.get(norm(info.capital or ""), []) if rec[1] == country]
        if same_name:
            rec = max(same_name, key=lambda r: r[4])
            capitals[country] = (rec[2], rec[3])
    return cities, capitals


@lru_cache(maxsize=1)
def landmarks() -> dict[str, tuple[str, str, float, float, str | None, str]]:
    """norm(name or alias) -> (name, ISO3, lat, lon, admin1 code, city) of data/places/landmarks.tsv."""
    out = {}
    for name, aliases, iso3, lat, lon, admin1, city in geonames.place_file_rows("landmarks.tsv"):
        for n in [name, *(a for a in aliases.split("|") if a)]:
            out[norm(n)] = (name, iso3, float(lat), float(lon), admin1 or None, city)
    return out


def folded(name: str) -> str:
    """A GeoNames name without its accents, as the news and ACLED spell it ('Kandahār' is Kandahar)."""
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


def _city_place(text: str, c: tuple) -> Place:
    """A GeoNames city as a place, with its admin1 code and GeoNames id where the id table has them."""
    country = geonames.countries_by_iso3().get(c[1])
    ids = geonames.city_ids().get((norm(c[0]), country.iso2)) if country else None
    return Place(
        name=text,
        country=c[1],
        lat=c[2],
        lon=c[3],
        start=0,
        end=0,
        kind="city",
        canonical=folded(c[0]),
        admin1=ids.admin1_code if ids else None,
        geonames_id=ids.geonames_id if ids else None,
    )


def _country_place(kb, text: str, iso: str, key: str) -> Place:
    """A country named as a place, at its capital; a province the knowledge base files under its country
    ('Darfur') is the country's, with no point of its own (the gazetteer has no regions)."""
    info = geonames.countries_by_iso3().get(iso)
    if key not in kb.country_names_strict:
        return Place(name=text, country=iso, lat=None, lon=None, start=0, end=0, kind="country", precision="admin1")
    lat, lon = gazetteer()[1].get(iso, (None, None))
    return Place(
        name=text,
        country=iso,
        lat=lat,
        lon=lon,
        start=0,
        end=0,
        kind="country",
        canonical=kb.country_names.get(iso),
        geonames_id=info.geonames_id if info else None,
        precision="country",
    )


def _landmark_place(text: str, key: str) -> Place | None:
    hit = landmarks().get(key)
    if hit is None:
        return None
    name, iso, lat, lon, admin1, city = hit
    return Place(
        name=text,
        country=iso,
        lat=lat,
        lon=lon,
        start=0,
        end=0,
        kind="landmark",
        city=city,
        canonical=name,
        admin1=admin1,
        precision="landmark",
    )


def lookup_place(kb, text: str, main_country: str | None = None) -> Place | None:
    """The place a name means: a landmark, a country (or a capital named for it), else a city."""
    cities, _ = gazetteer()
    key = norm(text)
    if not key or (" " not in key and kb.agent_sectors(key)):
        return None  # "State" of "Islamic State", "Police": a word for who acts, never a town in the news
    landmark = _landmark_place(text, key)
    if landmark is not None:
        return landmark
    for ent in kb.lookup(text, kinds=("country",)):
        iso = ent.country
        # a capital named as a place is the city, not the country
        city_hits = [c for c in cities.get(key, []) if c[1] == iso]
        if city_hits and norm(ent.name) != key:
            return _city_place(text, max(city_hits, key=lambda c: c[4]))
        if norm(ent.name) == key or kb.demonyms.get(key) == iso:
            if not city_hits and key in cities and norm(ent.name) != key:
                break  # a city of that name elsewhere beats a province alias
            return _country_place(kb, text, iso, key)
    hits = cities.get(key)
    if hits:
        # the story's country first, then a city of that very name over one that once had it (Southport, not
        # Kenosha), then the most populous
        return _city_place(text, max(hits, key=lambda c: (c[1] == main_country, norm(c[0]) == key, c[4])))
    return None


# The ways a story's first lines say where it was filed, each with the place as group 1: 'GOMA, March 6',
# 'BEIRUT — ...', 'MANAGUA. - ...', 'CURUGUATY (Canindeyu). - ...', 'Maputo, 7 November 2024',
# '(Johannesburg, 11 July) –', 'Geneva - ...', 'Ottawa, Ontario - ...'.
MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
TITLE_WORDS = r"[A-Z][a-z'’\-]+(?: [A-Z][a-z'’\-]+){0,2}"
DATELINE_RES = (
    re.compile(r"^([A-Z][A-Z'.\- ]{2,40}?),\s"),
    re.compile(r"^([A-Z][A-Z'.\- ]{2,40}?)\.?(?:\s*\([^)\n]{0,80}\))?\.?\s*[-—–:]\s"),
    re.compile(rf"^\(?({TITLE_WORDS}),\s+(?:\d{{1,2}}\b|{MONTH}\s+\d)"),
    re.compile(rf"^({TITLE_WORDS})(?:,\s[A-Z][a-z]+)?\s[-—–]\s"),
)


def find_dateline(text: str, kb) -> tuple[Place, tuple[int, int]] | None:
    """'GOMA, Democratic Republic of Congo, March 6 (Reuters) -': the city a story was filed from, and the
    characters of its paragraph."""
    pos = 0
    for line in text.splitlines(keepends=True)[:6]:
        m = next((m for r in DATELINE_RES if (m := r.match(line))), None)
        if m:
            name = m.group(1).strip().title()
            p = lookup_place(kb, name, None)
            if p is not None:
                # the ALL-CAPS spelling is the text's; the place's name is the gazetteer's ('Goma')
                p.name = m.group(1).strip()
                p.start, p.end = pos, pos + len(m.group(1).strip())
                p.source = "dateline"
                return p, (pos, pos + len(line))
        pos += len(line)
    return None
