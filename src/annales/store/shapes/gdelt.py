"""The GDELT shape: the 61 columns of a GDELT 2.0 event record (GDELT Event Codebook V2.0), in their order,
filled as GDELT defines them; annales' extension columns follow. Only events with a day go out: a GDELT
row is dated to the day (SQLDATE YYYYMMDD), and a month or year told by the text is never padded to a
made-up day (such events stay in the annales and POLECAT shapes)."""

from __future__ import annotations

import hashlib
from datetime import date as Date
from functools import lru_cache

from .common import (
    EXTENSION_CODEBOOK,
    IDENTITY_EXTENSIONS,
    Shape,
    article_facts,
    country_names,
    data_rows,
    date_precision,
    event_day,
    fips,
    place_info,
)

_ACTOR = {
    "Code": "The full CAMEO actor code: country + type (e.g. SDNMIL).",
    "Name": "The actor's name (canonical, as annales resolved it).",
    "CountryCode": "The actor's 3-character CAMEO country code (ISO 3166 alpha-3); empty for a known group.",
    "KnownGroupCode": "CAMEO known-group code for an international body (UNO, IGO, EUR, NGO, IMG, MNC); else empty.",
    "EthnicCode": "CAMEO ethnic code; annales does not code ethnicity (empty).",
    "Religion1Code": "CAMEO religion code; annales does not code religion (empty).",
    "Religion2Code": "Second religion code (empty).",
    "Type1Code": "CAMEO actor type (GOV, MIL, REB, CVL, MED = media, HLH = health ...) from the PLOVER sector.",
    "Type2Code": "Second actor type (empty: annales keeps one sector).",
    "Type3Code": "Third actor type (empty).",
}
_GEO = {
    "Type": "1 country, 2 US state, 3 US city, 4 world city, 5 world state (ADM1): from the place's geo precision "
    "(a landmark is a point of its city: 3 or 4).",
    "FullName": "The place's name, followed by its country's name.",
    "CountryCode": "FIPS 10-4 country code of the place (as GDELT uses, not ISO).",
    "ADM1Code": "FIPS country code + GeoNames admin1 code of a city; the FIPS code alone for a country.",
    "ADM2Code": "Second-level administrative code (empty: annales does not resolve districts yet).",
    "Lat": "Latitude (decimal degrees).",
    "Long": "Longitude (decimal degrees).",
    "FeatureID": "GeoNames id of a city (GDELT uses GNS/GNIS ids: a different id space); FIPS code of a country; "
    "empty for a landmark or a region (no GeoNames id known).",
}

CODEBOOK = {
    "GLOBALEVENTID": "Unique integer id of the record: the first 60 bits of SHA-1 of the annales uid (stable across exports).",
    "SQLDATE": "Day of the event, YYYYMMDD: always a real day (events known only to the month are not exported).",
    "MonthYear": "YYYYMM of SQLDATE.",
    "Year": "YYYY of SQLDATE.",
    "FractionDate": "YYYY.FFFF: the year plus the fraction of it elapsed on SQLDATE.",
    **{f"Actor1{k}": v for k, v in _ACTOR.items()},
    **{f"Actor2{k}": v.replace("actor", "recipient", 1) for k, v in _ACTOR.items()},
    "IsRootEvent": "1 when the event is told in the article's title or lead paragraph, else 0.",
    "EventCode": "CAMEO event code (text, leading zeros kept).",
    "EventBaseCode": "Its level-two code (first three digits).",
    "EventRootCode": "Its root code (first two digits).",
    "QuadClass": "1 Verbal Cooperation, 2 Material Cooperation, 3 Verbal Conflict, 4 Material Conflict, from the CAMEO root.",
    "GoldsteinScale": "Goldstein scale (-10 .. +10) of the CAMEO code, from GDELT's CAMEO.goldsteinscale.txt table.",
    "NumMentions": "Reports of this event across the store (the reports of its cluster).",
    "NumSources": "Distinct outlets among those reports.",
    "NumArticles": "Distinct articles among those reports.",
    "AvgTone": "Average tone of the articles; annales does not score tone (empty).",
    **{f"Actor1Geo_{k}": "Actor1's location; annales does not geolocate actors (empty)." for k in _GEO},
    **{f"Actor2Geo_{k}": "Actor2's location (empty)." for k in _GEO},
    **{f"ActionGeo_{k}": v for k, v in _GEO.items()},
    "DATEADDED": "YYYYMMDDHHMMSS: the article's publication day (annales records no crawl time; 000000 for the hour).",
    "SOURCEURL": "The article's URL, else its outlet.",
}

EXTENSIONS = {
    **IDENTITY_EXTENSIONS,
    "modality": "annales: asserted unless --all-modalities (then planned, demanded, negated, hypothetical, claimed, denied too).",
    "date_source": "annales: text (the event's own day), dateline (no date of its own: the day the story's dateline "
    "names) or publication (told in the present or recent past of a dated story with no date of its "
    "own: the story's day, as GDELT dates such events).",
    "date_precision": EXTENSION_CODEBOOK["date_precision"],
    "annales_uid": "annales: the event record's id in the store.",
}
NON_STATE = ("IGO", "UNO", "EUR", "NGO", "ISM", "IMG", "MNC")


@lru_cache(maxsize=1)
def goldstein_table() -> dict[str, float]:
    return {code: float(v) for code, v in data_rows("cameo_goldstein.tsv", 2)}


@lru_cache(maxsize=1)
def quad_classes() -> dict[str, int]:
    return {root: int(q) for root, q in data_rows("cameo_quadclass.tsv", 2)}


@lru_cache(maxsize=1)
def actor_types() -> dict[str, str]:
    return {sector: cameo for sector, cameo in data_rows("cameo_actor_types.tsv", 2)}


def goldstein(code: str | None) -> float | None:
    """The published Goldstein value of a CAMEO code, else of its nearest parent code."""
    table, c = goldstein_table(), code or ""
    while c:
        if c in table:
            return table[c]
        c = c[:-1] if len(c) > 2 else ""
    return None


def global_event_id(uid: str) -> int:
    return int(hashlib.sha1(uid.encode("utf-8")).hexdigest()[:15], 16)


def cluster_counts(store) -> dict[str, tuple[int, int, int]]:
    """cluster_id -> (mentions, sources, articles) over every report in the store (an event not clustered
    yet is in none: it counts as its own cluster, not as one with every other unclustered event)."""
    rows = store.query(
        "SELECT e.cluster_id, COUNT(*) AS mentions, COUNT(DISTINCT e.article_hash) AS articles,"
        " COUNT(DISTINCT COALESCE(a.source, a.url, a.hash)) AS sources FROM events e"
        " JOIN articles a ON a.hash = e.article_hash WHERE e.cluster_id IS NOT NULL"
        " GROUP BY e.cluster_id"
    )
    return {r["cluster_id"]: (int(r["mentions"]), int(r["sources"]), int(r["articles"])) for r in rows}


def _actor(prefix: str, name, country, sector, code) -> dict:
    known = country if country in NON_STATE else None
    return {
        f"{prefix}Code": code,
        f"{prefix}Name": name,
        f"{prefix}CountryCode": None if known else country,
        f"{prefix}KnownGroupCode": known,
        f"{prefix}Type1Code": actor_types().get(sector or known or ""),
    }


def _action_geo(e: dict) -> dict:
    place = place_info(e)
    if place.kind is None:
        return {}
    iso = e["place_country"]
    code = fips(iso)
    country = country_names().get(iso or "", iso)
    if place.kind == "country":
        return {
            "ActionGeo_Type": 1,
            "ActionGeo_FullName": country,
            "ActionGeo_CountryCode": code,
            "ActionGeo_ADM1Code": code,
            "ActionGeo_Lat": e["lat"],
            "ActionGeo_Long": e["lon"],
            "ActionGeo_FeatureID": code,
        }
    kind: int | None
    if place.precision == "admin1":
        kind = 2 if iso == "USA" else 5
    else:
        kind = (3 if iso == "USA" else 4) if place.kind == "city" or e["lat"] is not None else None
    return {
        "ActionGeo_Type": kind,
        "ActionGeo_FullName": ", ".join(x for x in (e["place_name"], country) if x),
        "ActionGeo_CountryCode": code,
        "ActionGeo_ADM1Code": f"{code}{place.admin1_code}" if code and place.admin1_code else code,
        "ActionGeo_Lat": e["lat"],
        "ActionGeo_Long": e["lon"],
        "ActionGeo_FeatureID": place.geonames_id,
    }


def _date_fields(day: str) -> dict:
    d = Date.fromisoformat(day)
    days_in_year = 366 if (d.year % 4 == 0 and d.year % 100) or d.year % 400 == 0 else 365
    return {
        "SQLDATE": d.strftime("%Y%m%d"),
        "MonthYear": d.strftime("%Y%m"),
        "Year": d.strftime("%Y"),
        "FractionDate": round(d.year + d.timetuple().tm_yday / days_in_year, 4),
    }


def gdelt_rows(store, events: list[dict]) -> tuple[list[dict], dict[str, int]]:
    counts, facts = cluster_counts(store), article_facts(store, {e["article_hash"] for e in events})
    out: list[dict] = []
    left_out: dict[str, int] = {}
    for e in events:
        day, source = event_day(e)
        if day is None:
            reason = f"date known only to the {date_precision(e)}" if e.get("date") else "no date"
            left_out[reason] = left_out.get(reason, 0) + 1
            continue
        cameo = e["cameo"] or ""
        if not cameo:
            left_out["no CAMEO code"] = left_out.get("no CAMEO code", 0) + 1
            continue
        mentions, sources, articles = counts.get(e["cluster_id"], (1, 1, 1))
        pub = (e.get("article_date") or "")[:10]
        lead = facts.get(e["article_hash"], {}).get("lead_end", 0)
        row = {
            "GLOBALEVENTID": global_event_id(e["uid"]),
            **_date_fields(day),
            **_actor("Actor1", e["actor_name"], e["actor_country"], e["actor_sector"], e["actor_code"]),
            **_actor("Actor2", e["recipient_name"], e["recipient_country"], e["recipient_sector"], e["recipient_code"]),
            "IsRootEvent": int((e["start_char"] or 0) < lead),
            "EventCode": cameo,
            "EventBaseCode": cameo[:3],
            "EventRootCode": cameo[:2],
            "QuadClass": quad_classes().get(cameo[:2]),
            "GoldsteinScale": goldstein(cameo),
            "NumMentions": mentions,
            "NumSources": sources,
            "NumArticles": articles,
            **_action_geo(e),
            "DATEADDED": pub.replace("-", "") + "000000" if len(pub) == 10 else None,
            "SOURCEURL": e["article_url"] or facts.get(e["article_hash"], {}).get("source"),
            "modality": e["modality"],
            "date_source": source,
            "date_precision": date_precision(e),
            "annales_uid": e["uid"],
            "actor_key": e.get("actor_key"),
            "recipient_key": e.get("recipient_key"),
        }
        out.append(row)
    return out, left_out


SHAPE = Shape(
    "gdelt",
    gdelt_rows,
    CODEBOOK,
    extensions=EXTENSIONS,
    happened_only=True,
    # a FeatureID is a GeoNames number for a city and a FIPS code for a country: text in every row
    text_columns=(
        "EventCode",
        "EventBaseCode",
        "EventRootCode",
        "SQLDATE",
        "MonthYear",
        "Year",
        "DATEADDED",
        "ActionGeo_FeatureID",
        "Actor1Geo_FeatureID",
        "Actor2Geo_FeatureID",
    ),
)
