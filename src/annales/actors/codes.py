"""CAMEO actor codes: an actor's code from its country and sector."""

from __future__ import annotations

# annales sector codes that CAMEO spells otherwise.
CAMEO_SECTOR = {"JRN": "MED", "MED": "HLH"}


# CAMEO's non-state "countries": their code is the body itself, a sector only when it differs.
NON_STATE = {"IGO", "UNO", "EUR", "NGO", "IMG", "MNC", "ISM"}


def cameo_code(country: str | None, sector: str | None) -> str | None:
    """The CAMEO actor code of a country and sector ('SYRGOV', 'IGO' bodies as themselves), or None."""
    if not country and not sector:
        return None
    c = country or "---"
    if country in NON_STATE:
        return c if sector in (None, "IGO", "NGO", country) else c + CAMEO_SECTOR.get(sector, sector)
    return c + (CAMEO_SECTOR.get(sector, sector) if sector else "")
