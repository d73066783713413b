"""The POLECAT shape: the column names of POLECAT's published weekly files (Harvard Dataverse,
doi:10.7910/DVN/AJGVIT), in their order, filled from annales' PLOVER coding; every event is kept, with its
modality in an extension column."""

from __future__ import annotations

from ...ontology import ontology
from .common import IDENTITY_EXTENSIONS, Shape, cow, date_precision, place_info

CODEBOOK = {
    "Event ID": "Unique event record id (annales: article hash and event number).",
    "Event Date": "Date of the event: YYYY-MM-DD, or YYYY-MM / YYYY when the text gives no day (see date_precision).",
    "Event Type": "PLOVER event type (AGREE ... ASSAULT).",
    "Event Mode": "PLOVER mode, or empty.",
    "Intensity": "PLOVER conflict (-10) to cooperation (+10) score of the type, or of its mode where the mode has one.",
    "Quad Code": "PLOVER quad class: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict.",
    "Contexts": "PLOVER contexts; annales does not code contexts yet (empty).",
    "Actor Name": "Actor, canonical name.",
    "Actor Country": "Actor ISO 3166 alpha-3 (or a PLOVER non-state code: IGO, UNO, EUR, NGO, IMG ...).",
    "Actor COW": "Correlates of War state code of the actor's country.",
    "Primary Actor Sector": "The actor's PLOVER sector (GOV, MIL, REB ...).",
    "Actor Sectors": "All the actor's PLOVER sectors (annales keeps one: the primary).",
    "Actor Title": "The actor's title or role; annales does not keep it separately (empty).",
    "Actor Name Raw": "The actor as the text names it; annales keeps the canonical name only, repeated here.",
    "Wikipedia Actor ID": "Wikipedia id of the actor; annales does not link to Wikipedia (empty).",
    "Recipient Name": "Recipient, canonical name.",
    "Recipient Country": "Recipient ISO 3166 alpha-3.",
    "Recipient COW": "Correlates of War state code of the recipient's country.",
    "Primary Recipient Sector": "The recipient's PLOVER sector.",
    "Recipient Sectors": "All the recipient's PLOVER sectors (annales keeps one).",
    "Recipient Title": "The recipient's title or role (empty).",
    "Recipient Name Raw": "The recipient as the text names it (the canonical name, repeated).",
    "Wikipedia Recipient ID": "Wikipedia id of the recipient (empty).",
    "Placename": "Where it happened.",
    "City": "The place when it is a city (GeoNames).",
    "District": "Second-level administrative unit (empty: annales does not resolve districts yet).",
    "Province": "GeoNames admin1 code of the city, when known.",
    "Country": "ISO 3166 alpha-3 of the place.",
    "Latitude": "Latitude of the place (decimal degrees).",
    "Longitude": "Longitude of the place.",
    "GeoNames ID": "GeoNames id of the city or country, when known.",
    "Raw Placename": "The place as the text names it.",
    "Feature Type": "What the place is: city, landmark, admin1 (a region), country, or other (a place the gazetteer "
    "does not know).",
    "Source": "The outlet or URL of the story.",
    "Publication Date": "Publication date of the story.",
    "Story People": "People named in the story (annales keeps them in the actors table; empty here).",
    "Story Organizations": "Organizations named in the story (empty here).",
    "Story Locations": "Places named in the story (empty here).",
    "Language": "Language of the story (ISO 639-1).",
    "Version": "The annales coder version that coded the story.",
}

EXTRA = {
    "CAMEO Code": "annales: CAMEO event code (text, leading zeros kept).",
    "Cluster ID": "annales: the cluster of reports of the same real-world event.",
    **IDENTITY_EXTENSIONS,
}


def plover_quad_score(type_: str | None, mode: str | None) -> tuple[int | None, float | None]:
    t = ontology()["types"].get(type_ or "", {})
    score = t.get("plover_score")
    if mode and mode in t.get("modes", {}):
        score = t["modes"][mode].get("plover_score", score)
    return t.get("quad_code"), score


def polecat_rows(store, events: list[dict]) -> list[dict]:
    meta = {r["hash"]: r for r in store.query("SELECT hash, source, url, language, coder_version FROM articles")}
    out = []
    for e in events:
        quad, score = plover_quad_score(e["type"], e["mode"])
        art = meta.get(e["article_hash"], {})
        place = place_info(e)
        out.append(
            {
                "Event ID": e["uid"],
                "Event Date": e["date"],
                "Event Type": e["type"],
                "Event Mode": e["mode"],
                "Intensity": score,
                "Quad Code": quad,
                "Contexts": None,
                "Actor Name": e["actor_name"],
                "Actor Country": e["actor_country"],
                "Actor COW": cow(e["actor_country"]),
                "Primary Actor Sector": e["actor_sector"],
                "Actor Sectors": e["actor_sector"],
                "Actor Title": None,
                "Actor Name Raw": e["actor_name"],
                "Wikipedia Actor ID": None,
                "Recipient Name": e["recipient_name"],
                "Recipient Country": e["recipient_country"],
                "Recipient COW": cow(e["recipient_country"]),
                "Primary Recipient Sector": e["recipient_sector"],
                "Recipient Sectors": e["recipient_sector"],
                "Recipient Title": None,
                "Recipient Name Raw": e["recipient_name"],
                "Wikipedia Recipient ID": None,
                "Placename": e["place_name"],
                "City": e["place_name"] if place.kind == "city" else None,
                "District": None,
                "Province": place.admin1_code,
                "Country": e["place_country"],
                "Latitude": e["lat"],
                "Longitude": e["lon"],
                "GeoNames ID": place.geonames_id,
                "Raw Placename": e["place_name"],
                "Feature Type": place.precision if place.precision not in (None, "none") else place.kind,
                "Source": art.get("source") or art.get("url") or e["article_url"],
                "Publication Date": e["article_date"],
                "Story People": None,
                "Story Organizations": None,
                "Story Locations": None,
                "Language": art.get("language"),
                "Version": art.get("coder_version"),
                "CAMEO Code": e["cameo"],
                "Cluster ID": e["cluster_id"],
                "actor_key": e.get("actor_key"),
                "recipient_key": e.get("recipient_key"),
                "modality": e["modality"],
                "date_precision": date_precision(e),
            }
        )
    return out


SHAPE = Shape(
    "polecat",
    polecat_rows,
    CODEBOOK,
    extensions={
        **EXTRA,
        "modality": "annales: asserted (it happened), planned, demanded, negated, hypothetical, claimed or denied.",
        "date_precision": "annales: day, month, year or none (undated): how precise Event Date is.",
    },
    text_columns=("CAMEO Code", "Actor COW", "Recipient COW", "Event Date"),
)
