"""annales' own shape: every column the store keeps, with COW and Gleditsch-Ward codes beside ISO3."""

from __future__ import annotations

from .common import Shape, cow, date_precision, gw

CODEBOOK = {
    "uid": "Unique event record id: article hash and event number (E1, E2 ...).",
    "cluster_id": "The real-world event this report belongs to (same type, dates within a day or one month, places and "
    "parties that do not conflict: store/cluster_rule.py).",
    "n_reports": "Cluster level only: how many articles report the event.",
    "reports": "Cluster level only: the uids of all its reports.",
    "article_hash": "Hash of the article text (the article's key in the store).",
    "event_id": "Event number within its article.",
    "date": "When it happened: YYYY, YYYY-MM or YYYY-MM-DD.",
    "date_precision": "day, month, year or none (undated): how precise `date` is.",
    "date_source": "text (the event's own words date it), dateline (the story's dateline gave the day) or "
    "publication (the story's publication day stood in); empty when undated.",
    "type": "PLOVER event type (one of 16).",
    "mode": "PLOVER mode, or empty.",
    "cameo": "CAMEO event code, as text with leading zeros.",
    "actor_name": "Who did it.",
    "actor_key": "The actor's canonical id, one across articles whatever the spelling: the knowledge base's entry "
    "('org:SDN:rapid-support-forces' for RSF, Rapid Support Forces, RSF (SDN)), else its normalised "
    "name, country and sector (docs/contract.md).",
    "actor_country": "ISO 3166 alpha-3 of the actor, or IGO/UNO/EUR/NGO/IMG.",
    "actor_cow": "Correlates of War state code of actor_country.",
    "actor_gw": "Gleditsch-Ward state code of actor_country.",
    "actor_sector": "PLOVER sector of the actor (GOV, MIL, REB ...).",
    "actor_code": "CAMEO actor code (country + sector).",
    "recipient_name": "To whom.",
    "recipient_key": "The recipient's canonical id (as actor_key).",
    "recipient_country": "ISO 3166 alpha-3 of the recipient.",
    "recipient_cow": "Correlates of War state code of recipient_country.",
    "recipient_gw": "Gleditsch-Ward state code of recipient_country.",
    "recipient_sector": "PLOVER sector of the recipient.",
    "recipient_code": "CAMEO actor code of the recipient.",
    "place_name": "Where it happened (the event's own clause, else the story's dateline: see place_source), its "
    "capitals folded (a dateline's GOMA is Goma); geonames_id is the identity across spellings.",
    "place_country": "ISO 3166 alpha-3 of the place.",
    "place_admin1": "GeoNames admin1 code of the place (its first-level region: 'DC', 'ENG'), where the gazetteer knows it.",
    "lat": "Latitude of the place (decimal degrees).",
    "lon": "Longitude of the place.",
    "geo_precision": "What lat/lon point at: city, landmark, admin1 (a region: no point), country (its capital) or "
    "none (a place the gazetteer does not know).",
    "geonames_id": "GeoNames id of the city or country, where known.",
    "place_source": "text (the event's own words name the place) or dateline (the story's dateline stood in).",
    "modality": "asserted, planned, demanded, negated, hypothetical, claimed or denied.",
    "confidence": "The event verifier's calibrated probability (0-1) that the record is right: type, actor, recipient, sentence and modality.",
    "trigger": "The word(s) that signalled the event.",
    "sentence": "The sentence it was read from.",
    "start_char": "Start of that sentence in the article text (character offset).",
    "end_char": "End of that sentence in the article text.",
    "also_reported": "The article's other tellings of the same event (a headline and its lead are one event), as a JSON "
    "list of [start, end] character spans; [] when told once.",
    "why": "Why it was coded so: rule or lexicon entry.",
    "article_title": "Title of the article.",
    "article_url": "URL of the article, when known.",
    "article_date": "Publication date of the article.",
}


def annales_rows(store, events: list[dict]) -> list[dict]:
    out = []
    for e in events:
        r = {k: e.get(k) for k in CODEBOOK}
        r["date_precision"] = date_precision(e)
        r["actor_cow"], r["actor_gw"] = cow(e["actor_country"]), gw(e["actor_country"])
        r["recipient_cow"], r["recipient_gw"] = cow(e["recipient_country"]), gw(e["recipient_country"])
        out.append(r)
    return out


SHAPE = Shape(
    "annales",
    annales_rows,
    CODEBOOK,
    extensions={},
    text_columns=("cameo", "actor_cow", "actor_gw", "recipient_cow", "recipient_gw"),
)
