"""ISO 3166 country codes and English names, from the compact files that tools/build_iso3166.py writes under
data/places/: a plain install needs no pycountry (23 MB). A leaf module: it imports nothing else from annales,
so the knowledge base, the vocabulary, the evaluation and the export shapes can all use it."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .geonames import place_file_rows

# The fields a name lookup tries, first match wins: pycountry's `countries.lookup` order (its indexes in the
# order its data file first lists them), so that the conversion changed no answer.
LOOKUP_ORDER = ("alpha_2", "alpha_3", "name", "numeric", "official_name", "common_name")

# Kosovo has no ISO 3166-1 code: GeoNames files it under the user-assigned XK / XKX, and PLOVER
# (plover.yaml, actors.country) and the annotation guide code it KOS. annales writes KOS wherever it gives a
# country code and keeps XK, the key of GeoNames' tables, for looking them up. ISO2 -> annales' code.
OUTSIDE_ISO = {"XK": "KOS"}


@dataclass(frozen=True)
class Country:
    alpha_2: str
    alpha_3: str
    numeric: str  # three digits, leading zeros kept ("004"), as ISO writes it
    name: str
    official_name: str | None
    common_name: str | None

    @property
    def display_name(self) -> str:
        """The name a reader expects ("Iran", "Russia"): the common name where ISO gives one."""
        return self.common_name or self.name


@lru_cache(maxsize=1)
def countries() -> tuple[Country, ...]:
    """Every current ISO 3166-1 country, in pycountry's order."""
    return tuple(
        Country(a2, a3, num, name, official or None, common or None)
        for a2, a3, num, name, official, common in place_file_rows("iso3166.tsv")
    )


@lru_cache(maxsize=1)
def by_alpha_3() -> dict[str, Country]:
    return {c.alpha_3: c for c in countries()}


@lru_cache(maxsize=1)
def alpha_2_to_3() -> dict[str, str]:
    return {c.alpha_2: c.alpha_3 for c in countries()}


@lru_cache(maxsize=1)
def alpha_2_to_code() -> dict[str, str]:
    """ISO2 -> the country code annales writes: ISO 3166's alpha-3, and KOS for Kosovo (GeoNames' XK)."""
    return {**alpha_2_to_3(), **OUTSIDE_ISO}


@lru_cache(maxsize=1)
def historic_alpha_3() -> frozenset[str]:
    """The alpha-3 codes of withdrawn countries (ISO 3166-3): YUG, SCG, ..."""
    return frozenset(row[0] for row in place_file_rows("iso3166_historic.tsv"))


@lru_cache(maxsize=1)
def _lookup_index() -> dict[str, Country]:
    index: dict[str, Country] = {}
    for field in reversed(LOOKUP_ORDER):  # an earlier field overwrites a later one: it is tried first
        within: dict[str, Country] = {}
        for c in countries():
            value = getattr(c, field)
            if value:
                within[value.lower()] = c  # the last of two equal values, as in pycountry's indexes
        index.update(within)
    return index


def lookup(value: str) -> Country | None:
    """The country whose code or name is `value`, case-insensitively ("sdn", "Sudan", "729"); None if none."""
    return _lookup_index().get(value.lower()) if isinstance(value, str) else None
