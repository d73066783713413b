"""The ACLED shape: the 31 columns of ACLED's codebook, in their order, in ACLED's own taxonomy (6 event types,
25 sub-event types, inter codes) mapped from PLOVER by data/exports/acled_types.tsv and acled_actors.tsv.
Asserted events only unless all_modalities; events with no ACLED counterpart, no date or only a year are
left out (and counted in the codebook)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache

from ...model import counts_dead
from .common import (
    EXTENSION_CODEBOOK,
    IDENTITY_EXTENSIONS,
    Shape,
    admin1_name,
    article_facts,
    country_names,
    data_rows,
    date_precision,
    event_day,
    place_info,
)

CODEBOOK = {
    "event_id_cnty": "Unique event id: the place's ISO3 and the annales uid (article hash and event number).",
    "event_date": "Date of the event, YYYY-MM-DD (see time_precision).",
    "year": "Year of the event.",
    "time_precision": "1 the day is told by the text; 2 the day is the story's (its dateline's day, else its "
    "publication day: an event told in the present or recent past with no date of its own); 3 only "
    "the month is known (event_date is the 15th).",
    "disorder_type": "Political violence, Demonstrations, Political violence; Demonstrations, or Strategic developments.",
    "event_type": "ACLED event type: Battles, Explosions/Remote violence, Violence against civilians, Protests, Riots, "
    "Strategic developments.",
    "sub_event_type": "One of ACLED's 25 sub-event types (see docs/exports.md and data/exports/acled_types.tsv).",
    "actor1": "The actor (for a protest met by force, the protesters).",
    "assoc_actor_1": "Actors associated with actor1; annales does not code them (empty).",
    "inter1": "ACLED actor type of actor1: 1 State forces, 2 Rebel groups, 3 Political militias, 4 Identity militias, "
    "5 Rioters, 6 Protesters, 7 Civilians, 8 External/Other forces.",
    "actor2": "The other actor (the target, or the force meeting protesters).",
    "assoc_actor_2": "Actors associated with actor2 (empty).",
    "inter2": "ACLED actor type of actor2 (codes as inter1); empty with no actor2.",
    "interaction": "The two inter codes, lower first (17 = state forces and civilians); inter1 followed by 0 with no actor2.",
    "civilian_targeting": "'Civilian targeting' when civilians are the target of political violence, else empty.",
    "iso": "ISO 3166 numeric code of the country.",
    "region": "ACLED region of the country (data/exports/acled_regions.tsv).",
    "country": "Country where it happened (the place's, else the actor's).",
    "admin1": "Largest sub-national unit: its name where data/places/admin1.tsv has it, else its GeoNames admin1 "
    "code; empty where the gazetteer does not place the town in one.",
    "admin2": "Second sub-national unit (when resolved).",
    "admin3": "Third sub-national unit (when resolved).",
    "location": "The place: the town, else the named place, else the country.",
    "latitude": "Latitude (decimal degrees).",
    "longitude": "Longitude (decimal degrees).",
    "geo_precision": "1 a town (a GeoNames city) or a landmark in one (the White House); 2 a named place the "
    "gazetteer does not know (a district, a street); 3 a region (admin1) or only the country.",
    "source": "The outlet of the story (else its URL).",
    "source_scale": "ACLED's scale of the source (local ... international); annales has no source table (empty).",
    "notes": "The sentence the event was read from.",
    "fatalities": "People killed in this event: the asserted 'killed' counts linked to it (told in its own sentence, or "
    "in the next sentence of its paragraph when that one tells no event; each count given to one event only, never "
    "the article's total on every row, never a running total nor a part of another count); 0 when none is told.",
    "tags": "ACLED tags; annales writes none (empty).",
    "timestamp": "Unix time of the record: the story's publication day (annales records no edit time).",
}

EXTENSIONS = {
    **IDENTITY_EXTENSIONS,
    "modality": "annales: asserted unless --all-modalities (then planned, demanded, negated, hypothetical, claimed, denied too).",
    "plover": "annales: the PLOVER type/mode the row was mapped from.",
    "date_precision": EXTENSION_CODEBOOK["date_precision"],
    "date_source": "annales: text (the text gives the date), dateline or publication (the story's day stood in).",
    "annales_uid": "annales: the event record's id in the store.",
}


@dataclass(frozen=True)
class TypeRule:
    type: str
    mode: str
    actor: frozenset | None  # classes; None = any
    recipient: frozenset | None
    words: re.Pattern | None
    event_type: str
    sub_event_type: str
    disorder_type: str
    swap: bool

    def matches(self, e: dict, actor_class: str, recipient_class: str) -> bool:
        if e["type"] != self.type:
            return False
        if self.mode != "*" and (e["mode"] or "-") != self.mode:
            return False
        if self.actor is not None and actor_class not in self.actor:
            return False
        if self.recipient is not None and recipient_class not in self.recipient:
            return False
        return self.words is None or bool(self.words.search(e.get("sentence") or ""))


def _classes(cell: str) -> frozenset | None:
    return None if cell == "*" else frozenset(cell.split("|"))


@lru_cache(maxsize=1)
def type_rules() -> list[TypeRule]:
    out = []
    for typ, mode, actor, recip, words, etype, sub, disorder, swap in data_rows("acled_types.tsv", 9):
        pattern = None if words == "*" else re.compile(r"\b(?:" + words + ")", re.IGNORECASE)
        out.append(TypeRule(typ, mode, _classes(actor), _classes(recip), pattern, etype, sub, disorder, swap == "swap"))
    return out


@lru_cache(maxsize=1)
def actor_table() -> dict[str, tuple[str, int]]:
    return {key: (cls, int(inter)) for key, cls, inter, _why in data_rows("acled_actors.tsv", 4)}


@lru_cache(maxsize=1)
def regions() -> dict[str, str]:
    return dict(data_rows("acled_regions.tsv", 2))


@lru_cache(maxsize=1)
def iso_numeric() -> dict[str, int]:
    from ... import iso3166

    return {c.alpha_3: int(c.numeric) for c in iso3166.countries()}


def actor_class(name, country, sector) -> tuple[str, int | None]:
    """(ACLED class, inter code) of an actor: by its sector, its non-state code, or as a country's state."""
    if not (name or country or sector):
        return "none", None
    table = actor_table()
    for key in (sector, country, "(state)" if country and not sector else None):
        if key and key in table:
            return table[key]
    return "unknown", None


def acled_type(e: dict) -> tuple[TypeRule | None, tuple, tuple]:
    """The first rule of acled_types.tsv the event matches (None: no ACLED counterpart), with the actor's and
    recipient's (class, inter)."""
    a = actor_class(e["actor_name"], e["actor_country"], e["actor_sector"])
    r = actor_class(e["recipient_name"], e["recipient_country"], e["recipient_sector"])
    return next((rule for rule in type_rules() if rule.matches(e, a[0], r[0])), None), a, r


def _inter(cls_inter: tuple, event_type: str, first: bool) -> int | None:
    cls, inter = cls_inter
    if cls == "civilian" and event_type == "Protests":
        return 6
    if cls == "civilian" and event_type == "Riots" and first:
        return 5
    return inter


def fatalities_by_event(store, events: list[dict]) -> dict[str, int]:
    """uid -> people killed: the asserted 'killed' counts linked to the event (quantity_events.py: its own
    sentence's attack, or the attack told just before a sentence that counts the dead and tells nothing else).
    A running total ("since the war began") is no one event's toll, and a part of the count before it ("among
    them nine children") is in that count already: neither is added."""
    wanted = {(e["article_hash"], e["event_id"]): e["uid"] for e in events if e["type"] == "ASSAULT"}
    if not wanted:
        return {}
    out: dict[str, int] = {}
    for q in store.query(
        "SELECT article_hash, unit, value, modality, cumulative, part, event_id FROM quantities"
        " WHERE unit = 'killed' AND event_id IS NOT NULL"
    ):
        uid = wanted.get((q["article_hash"], q["event_id"]))
        if uid is None or q["value"] is None:
            continue
        if counts_dead(q["unit"], q["modality"], q["cumulative"], q["part"]):
            out[uid] = out.get(uid, 0) + int(q["value"])
    return out


def _when(e: dict) -> tuple[str | None, int | None]:
    day, source = event_day(e)
    if day is not None:
        return day, 1 if source == "text" else 2
    if date_precision(e) == "month":
        return e["date"][:7] + "-15", 3
    return None, None


def _where(e: dict) -> dict:
    iso = e["place_country"] or e["actor_country"]
    name = country_names().get(iso or "", iso)
    place = place_info(e)
    location = e["place_name"] if place.kind in ("city", "other") else name
    return {
        "iso": iso_numeric().get(iso or ""),
        "region": regions().get(iso or ""),
        "country": name,
        "admin1": admin1_name(iso, place.admin1_code),
        "admin2": None,
        "admin3": None,
        "location": location,
        "latitude": e["lat"],
        "longitude": e["lon"],
        "geo_precision": _geo_precision(place, iso),
        "iso3": iso,
    }


def _geo_precision(place, iso: str | None) -> int | None:
    """ACLED's geo_precision: 1 a town or a point in one, 2 a place near or within a town or area the
    gazetteer does not know, 3 a region or only the country."""
    if place.precision in ("city", "landmark") or place.kind == "city":
        return 1
    if place.kind == "other" and place.precision != "admin1":
        return 2
    return 3 if iso else None


def _keys(e: dict, swapped: bool) -> dict:
    """The canonical ids of actor1 and actor2, in the order the row names them."""
    keys = (e.get("actor_key"), e.get("recipient_key"))
    return dict(zip(("actor_key", "recipient_key"), reversed(keys) if swapped else keys, strict=True))


def _timestamp(pub: str | None) -> int | None:
    try:
        return int(datetime.fromisoformat((pub or "")[:10]).replace(tzinfo=UTC).timestamp())
    except ValueError:
        return None


def acled_rows(store, events: list[dict]) -> tuple[list[dict], dict[str, int]]:
    facts = article_facts(store, {e["article_hash"] for e in events})
    killed = fatalities_by_event(store, events)
    out: list[dict] = []
    left_out: dict[str, int] = {}
    for e in events:
        rule, a, r = acled_type(e)
        day, precision = _when(e)
        if rule is None or not day:
            reason = (
                "no ACLED counterpart"
                if rule is None
                else f"date known only to the {date_precision(e)}"
                if e.get("date")
                else "no date"
            )
            left_out[reason] = left_out.get(reason, 0) + 1
            continue
        actors = [(e["actor_name"], a), (e["recipient_name"], r)]
        if rule.swap:
            actors.reverse()
        (name1, c1), (name2, c2) = actors
        if not name1 and "Political violence" in rule.disorder_type:
            # ACLED's convention for violence whose perpetrator the sources do not name
            iso = e["place_country"] or e["actor_country"] or e["recipient_country"] or ""
            name1, c1 = f"Unidentified Armed Group ({country_names().get(iso, 'International')})", ("militia", 3)
        inter1, inter2 = _inter(c1, rule.event_type, True), _inter(c2, rule.event_type, False) if name2 else None
        codes = sorted(x for x in (inter1, inter2) if x is not None)
        where = _where(e)
        out.append(
            {
                "event_id_cnty": f"{where.pop('iso3') or 'XXX'}-{e['uid']}",
                "event_date": day,
                "year": int(day[:4]),
                "time_precision": precision,
                "disorder_type": rule.disorder_type,
                "event_type": rule.event_type,
                "sub_event_type": rule.sub_event_type,
                "actor1": name1,
                "assoc_actor_1": None,
                "inter1": inter1,
                "actor2": name2,
                "assoc_actor_2": None,
                "inter2": inter2,
                "interaction": (int(f"{codes[0]}{codes[1]}") if len(codes) == 2 else codes[0] * 10) if codes else None,
                "civilian_targeting": "Civilian targeting"
                if "Political violence" in rule.disorder_type and (c2[0] == "civilian" and name2) and not rule.swap
                else None,
                **where,
                "source": facts.get(e["article_hash"], {}).get("source") or e["article_url"] or e["article_title"],
                "source_scale": None,
                "notes": e["sentence"],
                "fatalities": e["fatalities"] if e.get("fatalities") is not None else killed.get(e["uid"], 0),
                "tags": None,
                "timestamp": _timestamp(e.get("article_date")),
                "modality": e["modality"],
                "plover": "/".join(x for x in (e["type"], e["mode"]) if x),
                "date_precision": date_precision(e),
                "date_source": e["date_source"],
                "annales_uid": e["uid"],
                **_keys(e, swapped=rule.swap),
            }
        )
    return out, left_out


SHAPE = Shape("acled", acled_rows, CODEBOOK, extensions=EXTENSIONS, happened_only=True)
