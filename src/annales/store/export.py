"""Exports in the shapes analysts load in one line: annales' own, POLECAT-, GDELT- and ACLED-like,
as CSV, TSV, JSON Lines or Parquet, each with a codebook describing every column.

CAMEO codes stay text (leading zeros kept), dates are ISO, countries carry ISO3 plus Correlates of
War and Gleditsch-Ward codes where known. Shapes are registered in SHAPES the way a plugin would add
one: a function from the store's rows to output rows, and a codebook.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..errors import AnnalesError
from ..ontology import ontology
from .query import event_rows


@lru_cache(maxsize=1)
def country_codes() -> dict[str, dict]:
    """ISO3 -> {cow, cow_abb, gw, name}, from data/actors/country_codes.tsv."""
    path = resources.files("annales") / "data" / "actors" / "country_codes.tsv"
    out = {}
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return out
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        iso, cow, abb, gw, name = (line.split("\t") + [""] * 5)[:5]
        out[iso] = {"cow": cow or None, "cow_abb": abb or None, "gw": gw or None, "name": name}
    return out


def _cow(iso):
    return (country_codes().get(iso or "") or {}).get("cow")


def _gw(iso):
    return (country_codes().get(iso or "") or {}).get("gw")


@dataclass
class Shape:
    name: str
    rows: Callable[[object, list[dict]], list[dict]]
    codebook: dict[str, str]  # column -> meaning
    text_columns: tuple[str, ...] = ()  # columns that must stay text (codes with leading zeros)


def _annales_rows(store, events):
    out = []
    for e in events:
        r = {k: e.get(k) for k in ANNALES_CODEBOOK}
        r["actor_cow"], r["actor_gw"] = _cow(e["actor_country"]), _gw(e["actor_country"])
        r["recipient_cow"], r["recipient_gw"] = _cow(e["recipient_country"]), _gw(e["recipient_country"])
        out.append(r)
    return out


ANNALES_CODEBOOK = {
    "uid": "Unique event record id: article hash and event number (E1, E2 ...).",
    "cluster_id": "The real-world event this report belongs to (same type, actors, date window, place).",
    "n_reports": "Cluster level only: how many articles report the event.",
    "reports": "Cluster level only: the uids of all its reports.",
    "article_hash": "Hash of the article text (the article's key in the store).",
    "event_id": "Event number within its article.",
    "date": "When it happened: YYYY, YYYY-MM or YYYY-MM-DD.",
    "date_source": "'text' when resolved from the article, 'publication' when it fell back to the story's month.",
    "type": "PLOVER event type (one of 16).",
    "mode": "PLOVER mode, or empty.",
    "cameo": "CAMEO event code, as text with leading zeros.",
    "actor_name": "Who did it.",
    "actor_country": "ISO 3166 alpha-3 of the actor, or IGO/UNO/EUR/NGO/IMG.",
    "actor_cow": "Correlates of War state code of actor_country.",
    "actor_gw": "Gleditsch-Ward state code of actor_country.",
    "actor_sector": "PLOVER sector of the actor (GOV, MIL, REB ...).",
    "actor_code": "CAMEO actor code (country + sector).",
    "recipient_name": "To whom.",
    "recipient_country": "ISO 3166 alpha-3 of the recipient.",
    "recipient_cow": "Correlates of War state code of recipient_country.",
    "recipient_gw": "Gleditsch-Ward state code of recipient_country.",
    "recipient_sector": "PLOVER sector of the recipient.",
    "recipient_code": "CAMEO actor code of the recipient.",
    "place_name": "Where it happened (the event's own clause).",
    "place_country": "ISO 3166 alpha-3 of the place.",
    "lat": "Latitude of the place (decimal degrees).",
    "lon": "Longitude of the place.",
    "modality": "asserted, planned, demanded, negated, hypothetical, claimed or denied.",
    "confidence": "The coder's confidence, 0-1.",
    "trigger": "The word(s) that signalled the event.",
    "sentence": "The sentence it was read from.",
    "start_char": "Start of that sentence in the article text (character offset).",
    "end_char": "End of that sentence in the article text.",
    "why": "Why it was coded so: rule or lexicon entry.",
    "article_title": "Title of the article.",
    "article_url": "URL of the article, when known.",
    "article_date": "Publication date of the article.",
}

POLECAT_CODEBOOK = {
    "Event ID": "Unique event record id.", "Event Date": "ISO date of the event.",
    "Event Type": "PLOVER event type.", "Event Mode": "PLOVER mode.",
    "Quad Code": "PLOVER quad class: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict.",
    "Event Intensity": "PLOVER conflict-cooperation score of the type or mode (-10..10).",
    "Actor Name": "Actor.", "Actor Country": "Actor ISO3.", "Actor COW": "Actor COW code.", "Actor Sector": "Actor PLOVER sector.",
    "Recipient Name": "Recipient.", "Recipient Country": "Recipient ISO3.", "Recipient COW": "Recipient COW code.",
    "Recipient Sector": "Recipient PLOVER sector.", "Placename": "Place.", "Latitude": "Latitude.", "Longitude": "Longitude.",
    "Event Text": "Sentence the event was read from.", "Story Date": "Publication date.", "Source URL": "URL.",
    "CAMEO Code": "CAMEO event code (text).", "Cluster ID": "Cluster of duplicate reports.",
}

GDELT_CODEBOOK = {
    "GLOBALEVENTID": "Unique event record id.", "SQLDATE": "Event date as YYYYMMDD (00 for an unknown day or month).",
    "Actor1Code": "CAMEO actor code of the actor.", "Actor1Name": "Actor name.", "Actor1CountryCode": "Actor ISO3.",
    "Actor2Code": "CAMEO actor code of the recipient.", "Actor2Name": "Recipient name.",
    "Actor2CountryCode": "Recipient ISO3.", "EventCode": "CAMEO event code (text).",
    "EventBaseCode": "First three digits of the CAMEO code.", "EventRootCode": "CAMEO root (two digits, text).",
    "QuadClass": "1-4 quad class from the PLOVER type.", "NumArticles": "Reports of the same event (cluster size).",
    "ActionGeo_FullName": "Place.", "ActionGeo_CountryCode": "Place ISO3.", "ActionGeo_Lat": "Latitude.",
    "ActionGeo_Long": "Longitude.", "SOURCEURL": "Article URL.", "IsNegated": "1 when the text says it did not happen.",
}

ACLED_CODEBOOK = {
    "event_id_cnty": "Unique event record id.", "event_date": "ISO date of the event.", "year": "Year.",
    "event_type": "ACLED-style type mapped from PLOVER (Battles, Explosions/Remote violence, Violence against "
                  "civilians, Protests, Riots, Strategic developments).",
    "sub_event_type": "PLOVER type/mode it came from.", "actor1": "Actor.", "actor2": "Recipient.",
    "country": "Country name of the place or actor.", "iso3": "ISO3 of that country.", "location": "Place.",
    "latitude": "Latitude.", "longitude": "Longitude.", "source": "Article URL or title.",
    "notes": "Sentence the event was read from.", "fatalities": "People reported killed in the article (sum of its 'killed' counts).",
}


def _date_digits(d: str | None) -> str | None:
    if not d:
        return None
    digits = d.replace("-", "")
    return digits.ljust(8, "0")


def _plover(type_, mode):
    t = ontology()["types"].get(type_ or "", {})
    score = t.get("plover_score")
    if mode and mode in t.get("modes", {}):
        score = t["modes"][mode].get("plover_score", score)
    return t.get("quad_code"), score


def _polecat_rows(store, events):
    out = []
    for e in events:
        quad, score = _plover(e["type"], e["mode"])
        out.append({"Event ID": e["uid"], "Event Date": e["date"], "Event Type": e["type"], "Event Mode": e["mode"],
                    "Quad Code": quad, "Event Intensity": score, "Actor Name": e["actor_name"],
                    "Actor Country": e["actor_country"], "Actor COW": _cow(e["actor_country"]),
                    "Actor Sector": e["actor_sector"], "Recipient Name": e["recipient_name"],
                    "Recipient Country": e["recipient_country"], "Recipient COW": _cow(e["recipient_country"]),
                    "Recipient Sector": e["recipient_sector"], "Placename": e["place_name"], "Latitude": e["lat"],
                    "Longitude": e["lon"], "Event Text": e["sentence"], "Story Date": e["article_date"],
                    "Source URL": e["article_url"], "CAMEO Code": e["cameo"], "Cluster ID": e["cluster_id"]})
    return out


def _cluster_sizes(store) -> dict[str, int]:
    return {r["cluster_id"]: r["n_reports"] for r in store.query("SELECT cluster_id, n_reports FROM clusters")}


def _gdelt_rows(store, events):
    sizes = _cluster_sizes(store)
    out = []
    for e in events:
        quad, _ = _plover(e["type"], e["mode"])
        cameo = e["cameo"] or ""
        out.append({"GLOBALEVENTID": e["uid"], "SQLDATE": _date_digits(e["date"]), "Actor1Code": e["actor_code"],
                    "Actor1Name": e["actor_name"], "Actor1CountryCode": e["actor_country"],
                    "Actor2Code": e["recipient_code"], "Actor2Name": e["recipient_name"],
                    "Actor2CountryCode": e["recipient_country"], "EventCode": cameo, "EventBaseCode": cameo[:3],
                    "EventRootCode": cameo[:2], "QuadClass": quad, "NumArticles": sizes.get(e["cluster_id"], 1),
                    "ActionGeo_FullName": e["place_name"], "ActionGeo_CountryCode": e["place_country"],
                    "ActionGeo_Lat": e["lat"], "ActionGeo_Long": e["lon"], "SOURCEURL": e["article_url"],
                    "IsNegated": int(e["modality"] in ("negated", "denied"))})
    return out


def _acled_type(e) -> str:
    if e["type"] == "PROTEST":
        return "Riots" if e["mode"] == "riot" else "Protests"
    if e["type"] == "ASSAULT":
        if e["recipient_sector"] == "CVL":
            return "Violence against civilians"
        if e["mode"] in ("aerial", "explosives", "suicide-attack", "heavy-weapons"):
            return "Explosions/Remote violence"
        return "Battles"
    return "Strategic developments"


def _acled_rows(store, events):
    from ..actors import kb as kbmod

    names = kbmod.load().country_names
    killed = {r["article_hash"]: r["n"] for r in store.query(
        "SELECT article_hash, SUM(value) AS n FROM quantities WHERE unit = 'killed' GROUP BY article_hash")}
    out = []
    for e in events:
        iso = e["place_country"] or e["actor_country"]
        out.append({"event_id_cnty": e["uid"], "event_date": e["date"], "year": (e["date"] or "")[:4] or None,
                    "event_type": _acled_type(e), "sub_event_type": f"{e['type']}/{e['mode'] or ''}".rstrip("/"),
                    "actor1": e["actor_name"], "actor2": e["recipient_name"], "country": names.get(iso, iso),
                    "iso3": iso, "location": e["place_name"], "latitude": e["lat"], "longitude": e["lon"],
                    "source": e["article_url"] or e["article_title"], "notes": e["sentence"],
                    "fatalities": int(killed.get(e["article_hash"]) or 0) if e["type"] == "ASSAULT" else 0})
    return out


SHAPES = {
    "annales": Shape("annales", _annales_rows, ANNALES_CODEBOOK,
                     ("cameo", "actor_cow", "actor_gw", "recipient_cow", "recipient_gw")),
    "polecat": Shape("polecat", _polecat_rows, POLECAT_CODEBOOK, ("CAMEO Code", "Actor COW", "Recipient COW")),
    "gdelt": Shape("gdelt", _gdelt_rows, GDELT_CODEBOOK, ("EventCode", "EventBaseCode", "EventRootCode", "SQLDATE")),
    "acled": Shape("acled", _acled_rows, ACLED_CODEBOOK, ()),
}
FORMATS = ("csv", "tsv", "jsonl", "parquet")
CHILD_TABLES = {
    "quantities": "SELECT article_hash, idx, subject, value, unit, date, modality, text, start_char, end_char FROM quantities ORDER BY article_hash, idx",
    "quotes": "SELECT article_hash, idx, text, speaker_name, via_name, direct, start_char, end_char FROM quotes ORDER BY article_hash, idx",
}


def write_rows(rows: list[dict], columns: list[str], path: Path, fmt: str, text_columns=()) -> None:
    if fmt in ("csv", "tsv"):
        with open(path, "w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=columns, delimiter="," if fmt == "csv" else "\t", extrasaction="ignore")
            w.writeheader()
            for r in rows:
                w.writerow({k: ("" if r.get(k) is None else r.get(k)) for k in columns})
    elif fmt == "jsonl":
        with open(path, "w", encoding="utf-8") as f:
            for r in rows:
                f.write(json.dumps({k: r.get(k) for k in columns}, ensure_ascii=False) + "\n")
    elif fmt == "parquet":
        from ..extras import require

        pa = require("pyarrow", "data", "Export to Parquet")
        pq = require("pyarrow.parquet", "data", "Export to Parquet")

        arrays = {}
        for k in columns:
            values = [r.get(k) for r in rows]
            if k in text_columns:
                values = [None if v is None else str(v) for v in values]
                arrays[k] = pa.array(values, type=pa.string())
            else:
                arrays[k] = pa.array(values)
        pq.write_table(pa.table(arrays), path)
    else:
        raise AnnalesError("E017", value=fmt)


def export(store, out: str | Path, *, fmt: str = "csv", shape: str = "annales", level: str = "report",
           **filters) -> list[Path]:
    """Write the events (and, in the annales shape, the child tables) plus a codebook; returns the files."""
    if fmt not in FORMATS:
        raise AnnalesError("E017", value=fmt)
    if shape not in SHAPES:
        raise AnnalesError("E018", value=shape)
    sh = SHAPES[shape]
    events = event_rows(store, level=level, **filters)
    rows = sh.rows(store, events)
    columns = [c for c in sh.codebook if c not in ("n_reports", "reports") or level == "cluster"]
    if shape == "annales" and level == "cluster":
        for r, e in zip(rows, events, strict=True):
            r["n_reports"], r["reports"] = e.get("n_reports"), e.get("reports")
    out = Path(out)
    written = []
    write_rows(rows, columns, out, fmt, sh.text_columns)
    written.append(out)
    if shape == "annales":
        for table, sql in CHILD_TABLES.items():
            child = out.with_name(f"{out.stem}.{table}{out.suffix}")
            crow = store.query(sql)
            write_rows(crow, list(crow[0].keys()) if crow else ["article_hash"], child, fmt)
            written.append(child)
    book = out.with_name(f"{out.stem}.codebook.md")
    lines = [f"# Codebook: {out.name} ({shape} shape, {level} level, {fmt})", "",
             "Read it with pandas: " + (f"pd.read_parquet('{out.name}')" if fmt == "parquet" else
                                        f"pd.read_json('{out.name}', lines=True, dtype=False)" if fmt == "jsonl" else
                                        f"pd.read_csv('{out.name}', dtype=str{', sep=chr(9)' if fmt == 'tsv' else ''})"),
             "", "| column | meaning |", "|---|---|"]
    lines += [f"| {c} | {sh.codebook[c]} |" for c in columns]
    if shape == "annales":
        lines += ["", f"Child tables (joined on article_hash): {out.stem}.quantities{out.suffix} (counts: value, unit, "
                      f"date, modality) and {out.stem}.quotes{out.suffix} (quotes with speaker and via)."]
    book.write_text("\n".join(lines) + "\n", encoding="utf-8")
    written.append(book)
    return written
