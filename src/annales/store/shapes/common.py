"""What every export shape shares: the Shape record, the data files they read, dates with their precision,
places with their kind and ids, and the per-article facts (source, lead paragraph) some shapes need."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from ... import dates, geonames

EXPORT_DATA = ("data", "exports")

# Columns annales appends after a shape's published columns, so that tools reading the published columns by
# position or name are unaffected (every shape carries them; issue 13: modality on every export).
EXTENSION_CODEBOOK = {
    "modality": "annales: asserted (it happened), planned, demanded, negated, hypothetical, claimed or denied.",
    "date_precision": "annales: day, month, year or none (undated): how precise the event's date is, as stored.",
    "annales_uid": "annales: the event record's id in the store (article hash and event number).",
    "actor_key": "annales: the actor's canonical id, one across articles whatever the spelling ('RSF' and 'Rapid "
    "Support Forces' are org:SDN:rapid-support-forces; see docs/contract.md).",
    "recipient_key": "annales: the recipient's canonical id (as actor_key).",
}
# The extension columns that say who is who across articles, for the shapes whose published columns have no
# actor identity of their own (ACLED's actor1 and GDELT's Actor1Name are names, Actor1Code a country + type).
IDENTITY_EXTENSIONS = {k: EXTENSION_CODEBOOK[k] for k in ("actor_key", "recipient_key")}


@dataclass
class Shape:
    """An export shape, added the way a plugin would: a function from the store's event rows to output rows,
    the published columns (in their published order) and annales' extension columns, each with its meaning."""

    name: str
    rows: Callable[..., list[dict] | tuple[list[dict], dict[str, int]]]  # rows, or rows and {why left out: count}
    codebook: dict[str, str]  # published column -> meaning, in the published order
    extensions: dict[str, str] = field(default_factory=lambda: dict(EXTENSION_CODEBOOK))
    text_columns: tuple[str, ...] = ()  # columns that must stay text (codes with leading zeros)
    happened_only: bool = False  # exports asserted events only unless all_modalities is asked for
    notes: list[str] = field(default_factory=list)  # lines for the codebook: rules, what was left out

    @property
    def columns(self) -> list[str]:
        return list(self.codebook) + [c for c in self.extensions if c not in self.codebook]


def data_rows(name: str, width: int) -> list[list[str]]:
    """The rows of a tab-separated data file under data/exports/, comments and blank lines skipped, each
    padded to `width` cells."""
    path = resources.files("annales").joinpath(*EXPORT_DATA, name)
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        out.append((cells + [""] * width)[:width])
    return out


@lru_cache(maxsize=1)
def country_codes() -> dict[str, dict]:
    """ISO3 -> {cow, cow_abb, gw, name}, from data/actors/country_codes.tsv."""
    path = resources.files("annales") / "data" / "actors" / "country_codes.tsv"
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        iso, cow, abb, gw, name = (line.split("\t") + [""] * 5)[:5]
        out[iso] = {"cow": cow or None, "cow_abb": abb or None, "gw": gw or None, "name": name}
    return out


def cow(iso: str | None) -> str | None:
    return (country_codes().get(iso or "") or {}).get("cow")


def gw(iso: str | None) -> str | None:
    return (country_codes().get(iso or "") or {}).get("gw")


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """ISO3 -> the country's display name (the knowledge base's, else ISO 3166's)."""
    from ... import iso3166
    from ...actors import kb as kbmod

    names = {c.alpha_3: c.display_name for c in iso3166.countries()}
    names.update(kbmod.load().country_names)
    return names


DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def date_precision(e: dict) -> str:
    """'day', 'month', 'year' or 'none' for the event's date: the store's own column (migration 5), else the
    form of the date (rows built by hand, older stores read without migrating)."""
    return e.get("date_precision") or dates.date_precision(e.get("date"))


def event_day(e: dict) -> tuple[str | None, str | None]:
    """(YYYY-MM-DD, how it was found) for shapes whose rows need a day: the event's day and its source (text,
    dateline or publication); for an event an older coder dated to the publication month, the story's
    publication day, as GDELT and POLECAT date such events; (None, None) when no day is known (a month or year
    told by the text)."""
    precision = date_precision(e)
    if precision == "day":
        return e["date"][:10], e.get("date_source") or "text"
    pub = e.get("article_date") or ""
    if e.get("date_source") == "publication" and DATE_RE.match(pub[:10]) and len(pub) >= 10:
        return pub[:10], "publication"
    return None, None


def fips(iso3: str | None) -> str | None:
    """The FIPS 10-4 country code GDELT's geography fields use, for an ISO3 code."""
    country = geonames.countries_by_iso3().get(iso3 or "")
    return country.fips if country else None


@dataclass
class PlaceInfo:
    kind: str | None  # city | country | other | None (no place)
    geonames_id: int | None = None
    admin1_code: str | None = None
    country: str | None = None
    precision: str | None = None  # the store's geo_precision: country | admin1 | city | landmark | none


# The store's geo precision (migration 8) as the kind of place the shapes tell apart.
PRECISION_KIND = {"city": "city", "country": "country", "admin1": "other", "landmark": "other", "none": "other"}


def place_info(e: dict) -> PlaceInfo:
    """What kind of place the event's place is: a GeoNames city of its country (with its id and admin1 code),
    the country itself, another named place (a region, a landmark), or none. The store's own columns
    (geo_precision, place_admin1, geonames_id) when the coder wrote them, else the place's name looked up."""
    name, iso = e.get("place_name"), e.get("place_country")
    if not name:
        return PlaceInfo(None, country=iso or None)
    precision = e.get("geo_precision")
    if precision in PRECISION_KIND:
        gid = e.get("geonames_id")
        return PlaceInfo(
            PRECISION_KIND[precision], int(gid) if gid is not None else None, e.get("place_admin1"), iso, precision
        )
    return _looked_up_place(name, iso)


def _looked_up_place(name: str, iso: str | None) -> PlaceInfo:
    """place_info for rows stored before migration 8: the kind from the place's name."""
    from ...actors import kb as kbmod
    from ...actors.kb import norm

    key = norm(name)
    country = geonames.countries_by_iso3().get(iso or "")
    city = geonames.city_ids().get((key, country.iso2)) if country else None
    if city is not None:
        return PlaceInfo("city", city.geonames_id, city.admin1_code, iso, "city")
    kb = kbmod.load()
    if iso and kb.demonyms.get(key) == iso:
        return PlaceInfo("country", country.geonames_id if country else None, None, iso, "country")
    return PlaceInfo("other", None, None, iso)


@lru_cache(maxsize=1)
def admin1_names() -> dict[tuple[str, str], str]:
    """(ISO2, GeoNames admin1 code) -> the region's name, from data/places/admin1.tsv where it is shipped."""
    try:
        return {(iso2, code): name for iso2, code, name in geonames.place_file_rows("admin1.tsv")}
    except FileNotFoundError:
        return {}


def admin1_name(iso3: str | None, code: str | None) -> str | None:
    """The name of a country's admin1 unit ('Nord Kivu'), else its GeoNames code, else None."""
    if not code:
        return None
    country = geonames.countries_by_iso3().get(iso3 or "")
    return admin1_names().get((country.iso2, code), code) if country else code


def article_facts(store, hashes: set[str]) -> dict[str, dict]:
    """Article hash -> {source, lead_end} for the given articles: the outlet that published it, and where its
    lead paragraph ends (the title and first paragraph of text, the 'lead' GDELT's IsRootEvent refers to).
    Read in chunks, and only the head of each text: an export of a few events never reads the whole store."""
    out, ordered = {}, sorted(hashes)
    for i in range(0, len(ordered), FACTS_CHUNK):
        chunk = ordered[i : i + FACTS_CHUNK]
        marks = ", ".join("?" * len(chunk))
        for r in store.query(
            f"SELECT hash, source, url, title, substr(text, 1, 4000) AS head FROM articles WHERE hash IN ({marks})",
            chunk,
        ):
            out[r["hash"]] = {
                "source": r["source"] or _domain(r["url"]),
                "lead_end": lead_end(r["head"] or "", r["title"]),
            }
    return out


FACTS_CHUNK = 500


def _domain(url: str | None) -> str | None:
    m = re.match(r"^[a-z]+://(?:www\.)?([^/:?#]+)", url or "")
    return m.group(1) if m else None


def lead_end(text: str, title: str | None) -> int:
    """The character offset where the article's lead paragraph ends: the first line of text that is not the
    title (a title, a dateline alone or a byline are skipped); the first 400 characters when the text is one
    block."""
    if "\n" not in text.strip():
        return min(len(text), 400)
    pos = 0
    for line in re.split(r"(?<=\n)", text):
        start, pos = pos, pos + len(line)
        body = line.strip()
        if not body or body == (title or "").strip() or len(body) < 60:
            continue
        return start + len(line.rstrip())
    return min(len(text), 400)
