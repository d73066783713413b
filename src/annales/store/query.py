"""Queries over the store: events at report or cluster level with filters, and counts."""

from __future__ import annotations

import calendar
import re
from datetime import date as _date

from ..errors import AnnalesError

EVENT_COLUMNS = (
    "uid",
    "article_hash",
    "event_id",
    "cluster_id",
    "date",
    "date_precision",
    "date_source",
    "type",
    "mode",
    "cameo",
    "actor_name",
    "actor_key",
    "actor_country",
    "actor_sector",
    "actor_code",
    "recipient_name",
    "recipient_key",
    "recipient_country",
    "recipient_sector",
    "recipient_code",
    "place_name",
    "place_country",
    "place_admin1",
    "lat",
    "lon",
    "geo_precision",
    "geonames_id",
    "place_source",
    "modality",
    "confidence",
    "trigger",
    "sentence",
    "start_char",
    "end_char",
    "also_reported",
    "why",
)


# LIKE patterns escape their wildcards with a backslash: a user's '%' or '_' is a character, not "anything"
LIKE_ESCAPE = "ESCAPE '\\'"
# The cluster an event is counted in: an event not clustered yet (an ingest running, or killed before it
# clustered) is its own cluster, never one with every other unclustered event
CLUSTER_OF = "COALESCE(e.cluster_id, 'E' || e.uid)"
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def like_contains(value: str) -> str:
    """A LIKE pattern (used with LIKE_ESCAPE) matching text that contains `value` literally."""
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def strict_date(value, what: str) -> str:
    """`value` as YYYY-MM-DD when it is exactly a valid date of that form (or a date object); E010 otherwise,
    trailing text and the other ISO forms ("20201217", "2020-W51-4") included."""
    if isinstance(value, _date):
        return _date(value.year, value.month, value.day).isoformat()
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        raise AnnalesError("E010", value=value, what=what)
    try:
        return _date.fromisoformat(value).isoformat()
    except ValueError:
        raise AnnalesError("E010", value=value, what=what) from None


# An event belongs to the period its date names: a month-only event is in a date range only when its whole
# month is, never in each of its days (so that consecutive weekly windows never count it twice), a year-only
# event likewise. The filters compare each precision with the first (or last) whole period of the range.
PERIODS = ("day", "month", "year")


def first_whole_periods(since: str) -> tuple[str, str, str]:
    """(day, month, year) as stored dates: the first day, month and year wholly on or after `since`."""
    d = _date.fromisoformat(since)
    month = (d.year, d.month) if d.day == 1 else (d.year + d.month // 12, d.month % 12 + 1)
    year = d.year if (d.month, d.day) == (1, 1) else d.year + 1
    return d.isoformat(), _stamp(*month), _stamp(year)


def last_whole_periods(until: str) -> tuple[str, str, str]:
    """(day, month, year) as stored dates: the last day, month and year wholly on or before `until`."""
    d = _date.fromisoformat(until)
    last_day = d.day == calendar.monthrange(d.year, d.month)[1]
    month = (d.year, d.month) if last_day else (d.year - (d.month == 1), (d.month - 2) % 12 + 1)
    year = d.year if (d.month, d.day) == (12, 31) else d.year - 1
    return d.isoformat(), _stamp(*month), _stamp(year)


def _stamp(year: int, month: int | None = None) -> str:
    # past year 9999 no stored date can reach the bound: "~" sorts after every digit
    if year > 9999:
        return "~"
    return f"{year:04d}" + (f"-{month:02d}" if month else "")


def event_filter(
    store,
    *,
    actor: str | None = None,
    recipient: str | None = None,
    party: str | None = None,
    type: str | None = None,
    mode: str | None = None,
    country: str | None = None,
    place: str | None = None,
    since: str | None = None,
    until: str | None = None,
    modality: str | None = None,
    text: str | None = None,
    sector: str | None = None,
    min_confidence: float | None = None,
) -> tuple[str, list]:
    """The WHERE clause (over `events e`) and its parameters for the filters every event view shares.
    `party` matches the actor or the recipient (the events a party takes part in, in either role);
    `min_confidence` keeps events at least that probable (the event verifier's calibrated probability that
    the record is right; see the model card in data/models/event_verifier)."""
    since = strict_date(since, "--since") if since else None
    until = strict_date(until, "--until") if until else None
    where: list[str] = []
    params: list[str | float] = []
    like = "ILIKE" if store.kind == "postgresql" else "LIKE"
    for sides, value in ((("actor",), actor), (("recipient",), recipient), (("actor", "recipient"), party)):
        if value:
            clause, values = _party_filter(sides, value, like)
            where.append(clause)
            params += values
    if type:
        where.append("e.type = ?")
        params.append(type.upper())
    if mode:
        where.append("e.mode = ?")
        params.append(mode.lower())
    if country:
        where.append("(e.actor_country = ? OR e.recipient_country = ? OR e.place_country = ?)")
        params += [country.upper()] * 3
    if sector:
        where.append("(e.actor_sector = ? OR e.recipient_sector = ?)")
        params += [sector.upper()] * 2
    if place:
        where.append(f"e.place_name {like} ? {LIKE_ESCAPE}")
        params.append(like_contains(place))
    if since:
        where.append("(" + " OR ".join(f"(e.date_precision = '{p}' AND e.date >= ?)" for p in PERIODS) + ")")
        params += list(first_whole_periods(since))
    if until:
        where.append("(" + " OR ".join(f"(e.date_precision = '{p}' AND e.date <= ?)" for p in PERIODS) + ")")
        params += list(last_whole_periods(until))
    if modality:
        where.append("e.modality = ?")
        params.append(modality.lower())
    if text:
        where.append(f"e.sentence {like} ? {LIKE_ESCAPE}")
        params.append(like_contains(text))
    if min_confidence is not None:
        if not 0.0 <= float(min_confidence) <= 1.0:
            raise AnnalesError("E048", value=min_confidence)
        where.append("e.confidence >= ?")
        params.append(float(min_confidence))
    return (" WHERE " + " AND ".join(where)) if where else "", params


def _party_filter(sides: tuple[str, ...], value: str, like: str) -> tuple[str, list]:
    """A filter on who takes part, matching on any of `sides` ('actor', 'recipient'): the name containing the
    text, the CAMEO code, or the canonical key of any spelling of it ('RSF' finds the events of 'Rapid Support
    Forces', whatever each article wrote)."""
    from ..actors import kb as kbmod
    from ..actors.identity import keys_for_name

    keys = keys_for_name(kbmod.load(), value)
    clauses: list[str] = []
    params: list[str] = []
    for side in sides:
        clause = f"e.{side}_name {like} ? {LIKE_ESCAPE} OR e.{side}_code = ?"
        if keys:
            clause += f" OR e.{side}_key IN ({', '.join('?' * len(keys))})"
        clauses.append(clause)
        params += [like_contains(value), value.upper(), *keys]
    return "(" + " OR ".join(clauses) + ")", params


def event_rows(
    store, *, level: str = "report", limit: int | None = None, offset: int = 0, count_only: bool = False, **filters
):
    """Events matching every given filter (see `event_filter`), oldest first; level 'cluster' gives one
    row per cluster. With count_only, the number of rows the query would give."""
    if level not in ("report", "cluster"):
        raise AnnalesError("E016", value=level)
    cond, params = event_filter(store, **filters)
    if count_only:
        what = f"COUNT(DISTINCT {CLUSTER_OF})" if level == "cluster" else "COUNT(*)"
        return int(store.query(f"SELECT {what} AS n FROM events e{cond}", params)[0]["n"])
    sql = (
        "SELECT " + ", ".join(f"e.{c}" for c in EVENT_COLUMNS) + ", a.title AS article_title, a.url AS article_url,"
        " a.date AS article_date FROM events e JOIN articles a ON a.hash = e.article_hash" + cond
    )
    sql += " ORDER BY e.date, e.uid"
    if level == "report" and limit:
        # pages come from the database, not from Python: a dashboard over 50,000 events stays fast
        sql += f" LIMIT {int(limit)} OFFSET {int(offset)}"
    rows = store.query(sql, params)
    if level == "cluster":
        by_cluster: dict[str, dict] = {}
        for r in rows:
            key = r["cluster_id"] or "E" + r["uid"]  # as CLUSTER_OF: not clustered yet, its own cluster
            c = by_cluster.get(key)
            if c is None:
                r = dict(r)
                r["n_reports"] = 1
                r["reports"] = [r["uid"]]
                by_cluster[key] = r
            else:
                c["n_reports"] += 1
                c["reports"].append(r["uid"])
        rows = list(by_cluster.values())
        for r in rows:
            r["reports"] = " ".join(r["reports"])
        return rows[offset : offset + limit] if limit else rows[offset:]
    return rows


def stats(store) -> dict[str, list[dict]]:
    """Counts of events by type, actor, country and month."""
    return {
        "type": store.query("SELECT type, COUNT(*) AS events FROM events GROUP BY type ORDER BY events DESC, type"),
        "actor": store.query(
            "SELECT actor_name, actor_country, COUNT(*) AS events FROM events WHERE actor_name IS NOT NULL"
            " GROUP BY actor_name, actor_country ORDER BY events DESC, actor_name LIMIT 25"
        ),
        "country": store.query(
            "SELECT actor_country AS country, COUNT(*) AS events FROM events"
            " WHERE actor_country IS NOT NULL GROUP BY actor_country ORDER BY events DESC, country"
        ),
        "month": store.query(
            "SELECT substr(date, 1, 7) AS month, COUNT(*) AS events FROM events WHERE date IS NOT NULL"
            " GROUP BY substr(date, 1, 7) ORDER BY month"
        ),
    }


def overview(store, *, top_edges: int = 60, top_places: int = 300, **filters) -> dict:
    """What the dashboard's main view draws, for the events matching the filters: counts by month and
    type (timeline), actor -> recipient edges with their mean PLOVER score (network), places and
    country totals (map)."""
    from ..ontology import ontology, plover_score

    cond, params = event_filter(store, **filters)

    def where(extra: str) -> str:
        return cond + (" AND " if cond else " WHERE ") + extra

    quads = {t: v["quad"] for t, v in ontology()["types"].items()}
    timeline = store.query(
        "SELECT substr(e.date, 1, 7) AS month, e.type, COUNT(*) AS events FROM events e"
        + where("e.date IS NOT NULL")
        + " GROUP BY substr(e.date, 1, 7), e.type ORDER BY month, e.type",
        params,
    )
    for r in timeline:
        r["quad"] = quads.get(r["type"])
    pairs = store.query(
        "SELECT e.actor_name, e.actor_country, e.recipient_name, e.recipient_country, e.type, e.mode,"
        " COUNT(*) AS events FROM events e"
        + where("e.actor_name IS NOT NULL AND e.recipient_name IS NOT NULL")
        + " GROUP BY e.actor_name,"
        " e.actor_country, e.recipient_name, e.recipient_country, e.type, e.mode",
        params,
    )
    edges: dict[tuple, dict] = {}
    for r in pairs:
        key = (r["actor_name"], r["actor_country"], r["recipient_name"], r["recipient_country"])
        edge = edges.setdefault(
            key,
            {
                "source": f"{key[0]}|{key[1] or ''}",
                "target": f"{key[2]}|{key[3] or ''}",
                "events": 0,
                "score_sum": 0.0,
                "scored": 0,
            },
        )
        n = int(r["events"])
        edge["events"] += n
        score = plover_score(r["type"], r["mode"])
        if score is not None:
            edge["score_sum"] += score * n
            edge["scored"] += n
    kept = sorted(edges.values(), key=lambda e: (-e["events"], e["source"], e["target"]))[:top_edges]
    nodes: dict[str, dict] = {}
    for e in kept:
        e["mean_score"] = round(e.pop("score_sum") / e["scored"], 2) if e["scored"] else None
        e.pop("scored")
        for end in ("source", "target"):
            name, country = e[end].rsplit("|", 1)
            node = nodes.setdefault(e[end], {"id": e[end], "name": name, "country": country or None, "events": 0})
            node["events"] += e["events"]
    places = store.query(
        "SELECT e.place_name AS name, e.place_country AS country, e.lat, e.lon, COUNT(*) AS events"
        " FROM events e"
        + where("e.lat IS NOT NULL")
        + " GROUP BY e.place_name, e.place_country, e.lat, e.lon ORDER BY events DESC, name"
        f" LIMIT {int(top_places)}",
        params,
    )
    countries = store.query(
        "SELECT COALESCE(e.place_country, e.actor_country) AS country, COUNT(*) AS events"
        " FROM events e"
        + where("COALESCE(e.place_country, e.actor_country) IS NOT NULL")
        + " GROUP BY COALESCE(e.place_country, e.actor_country) ORDER BY events DESC, country",
        params,
    )
    total = int(store.query("SELECT COUNT(*) AS n FROM events e" + cond, params)[0]["n"])
    return {
        "total": total,
        "timeline": timeline,
        "network": {"nodes": list(nodes.values()), "edges": kept},
        "places": places,
        "countries": countries,
    }
