"""Filter values checked against what annales codes: PLOVER types, modes and sectors, modalities, and
countries (ISO 3166 alpha-3, alpha-2 or an English name -> alpha-3). A value that matches nothing raises
an error with the nearest known values, so a typo never quietly gives zero rows."""

from __future__ import annotations

import difflib
from functools import lru_cache
from importlib import resources

from .errors import AnnalesError
from .ontology import ontology


def _suggest(value: str, known: list[str], n: int = 3) -> str:
    """' Did you mean X or Y?' for the nearest known values, or the whole list when it is short."""
    close = difflib.get_close_matches(value, known, n=n, cutoff=0.6)
    if close:
        return " Did you mean " + " or ".join(repr(c) for c in close) + "?"
    if len(known) <= 30:
        return " Known values: " + ", ".join(known) + "."
    return ""


def _known(value: str, known: list[str], what: str, option: str, example: str, upper: bool) -> str:
    """`value` normalised (upper- or lower-cased, trimmed) when it is one of `known`; E033 with a suggestion
    otherwise."""
    norm = value.strip().upper() if upper else value.strip().lower()
    if norm in known:
        return norm
    raise AnnalesError("E033", what=what, value=value, option=option, hint=_suggest(norm, known), example=example)


def check_type(value: str, option: str = "--type") -> str:
    """A PLOVER event type, upper-cased ('assault' -> 'ASSAULT'); E033 when there is none by that name."""
    return _known(value, list(ontology()["types"]), "PLOVER event type", option, "ASSAULT", upper=True)


def check_mode(value: str, option: str = "--mode") -> str:
    """A PLOVER mode of any type ('Protest-Violent' -> 'protest-violent'); E033 when unknown."""
    modes = sorted({m for t in ontology()["types"].values() for m in t["modes"]})
    return _known(value, modes, "PLOVER mode", option, "ASSAULT", upper=False)


def check_sector(value: str, option: str = "--sector") -> str:
    """A PLOVER actor sector code ('mil' -> 'MIL'); E033 when unknown."""
    return _known(value, list(ontology()["sectors"]), "actor sector", option, "MIL", upper=True)


def check_modality(value: str, option: str = "--modality") -> str:
    """An annales modality ('asserted', 'planned', ...); E033 when unknown."""
    return _known(value, list(ontology()["modality"]), "modality", option, "asserted", upper=False)


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """Lower-cased name, alias or code -> ISO 3166 alpha-3: ISO 3166's names and codes, annales' own
    aliases (data/actors/country_aliases.tsv) and PLOVER's non-state country codes (IGO, NGO, ...)."""
    from . import iso3166

    names: dict[str, str] = {}
    for c in iso3166.countries():
        for attr in ("alpha_3", "alpha_2", "name", "common_name", "official_name"):
            v = getattr(c, attr)
            if v:
                names.setdefault(v.lower(), c.alpha_3)
    aliases = resources.files("annales") / "data" / "actors" / "country_aliases.tsv"
    for line in aliases.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        iso3, display, *rest = line.split("\t")
        for name in [display, *(rest[0].split("|") if rest else [])]:
            names.setdefault(name.strip().lower(), iso3)
    for code in ontology()["non_state_countries"]:
        names.setdefault(code.lower(), code)
    return names


def country_code(value: str, option: str = "--country") -> str:
    """The ISO 3166 alpha-3 code of a country given by code or English name ('Sudan' -> 'SDN',
    'uk' -> 'GBR'); E036 with the nearest names when none matches."""
    names = country_names()
    key = value.strip().lower()
    if key in names:
        return names[key]
    close, seen = [], set()
    for c in difflib.get_close_matches(key, [n for n in names if len(n) > 3], n=8, cutoff=0.75):
        if names[c] not in seen:
            seen.add(names[c])
            close.append(f"'{c.title()}' ({names[c]})")
    hint = (" Did you mean " + " or ".join(close[:3]) + "?") if close else ""
    raise AnnalesError("E036", value=value, option=option, hint=hint)
