"""What the dashboard's charts draw, computed from the store under the filters every event view shares:
the timeline's bins with their conflict-cooperation score, the network of the top actors, a dyad's events
over time, and the map's places with their precision.

The timeline is plotted over the bulk of the events' dates, so that one bad date cannot stretch its axis:
from a year before the oldest publication date of the matched articles (older dates are history the
articles recall, or misread dates) to the newest publication date (an event cannot be reported before it
happens; one dated later is a plan or a misread date). Where no article is dated, from the 1st to the 99th
percentile of the event dates. What is left out is counted, never dropped silently.
"""

from __future__ import annotations

import calendar
from collections import Counter
from datetime import date, timedelta
from typing import Any

from ..errors import AnnalesError
from .query import event_filter

BINS = ("week", "month")
# events dated up to this long before the oldest article are plotted (the first days a corpus reports on)
KEPT_BEFORE_OLDEST = timedelta(days=365)
LOW_PERCENTILE = 0.01  # the share cut at each end when no article is dated


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value and len(value) >= 10 else None
    except ValueError:
        return None


def _month(value: str | None) -> date | None:
    try:
        return date(int(value[:4]), int(value[5:7]), 1) if value and len(value) == 7 else None
    except ValueError:
        return None


def bin_start(day: date, by: str) -> date:
    """The first day of the week (Monday, as ISO weeks) or month holding `day`."""
    return day - timedelta(days=day.weekday()) if by == "week" else day.replace(day=1)


def bin_end(start: date, by: str) -> date:
    if by == "week":
        return start + timedelta(days=6)
    return start.replace(day=calendar.monthrange(start.year, start.month)[1])


def next_bin(start: date, by: str) -> date:
    return bin_end(start, by) + timedelta(days=1)


def check_bins(by: str) -> None:
    if by not in BINS:
        raise AnnalesError("E066", value=by)


class ScoredBin:
    """One bin's events counted by a key (quad class, direction) and its mean Goldstein (of the CAMEO code)
    and PLOVER (of the type and mode) scores."""

    def __init__(self, start: date, by: str):
        self.start, self.end = start, bin_end(start, by)
        self.counts: Counter = Counter()
        self.sums = {"goldstein": [0.0, 0], "plover": [0.0, 0]}

    def add(self, row: dict, n: int, key: str) -> None:
        from ..ontology import plover_score
        from .shapes.gdelt import goldstein

        self.counts[key] += n
        for name, score in (
            ("goldstein", goldstein(row.get("cameo"))),
            ("plover", plover_score(row["type"], row.get("mode"))),
        ):
            if score is not None:
                self.sums[name][0] += score * n
                self.sums[name][1] += n

    def to_dict(self) -> dict:
        out: dict[str, Any] = {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "events": sum(self.counts.values()),
            "counts": dict(self.counts),
        }
        for name, (total, n) in self.sums.items():
            out[name] = round(total / n, 2) if n else None
        return out


def _publication_span(store, cond: str, params: list) -> tuple[date | None, date | None]:
    r = store.query(
        "SELECT MIN(a.date) AS first, MAX(a.date) AS last FROM events e JOIN articles a ON"
        " a.hash = e.article_hash" + cond,
        params,
    )[0]
    return _day(r["first"]), _day(r["last"])


def _percentile(days: Counter, share: float) -> date:
    ordered, seen, cut = sorted(days), 0, share * sum(days.values())
    for d in ordered:
        seen += days[d]
        if seen > cut:
            return d
    return ordered[-1]


def plotted_span(days: Counter, oldest_pub: date | None, newest_pub: date | None) -> tuple[date, date] | None:
    """(first, last) day the timeline plots for these day-dated event counts (see the module's docstring)."""
    if not days:
        return None
    if oldest_pub and newest_pub:
        inside = sorted(d for d in days if oldest_pub - KEPT_BEFORE_OLDEST <= d <= newest_pub)
        if inside:
            return inside[0], inside[-1]
    return _percentile(days, LOW_PERCENTILE), _percentile(days, 1 - LOW_PERCENTILE)


def binned(rows: list[dict], by: str, span_of_articles: tuple[date | None, date | None], key) -> dict:
    """Rows {date, type, mode, cameo, n} in contiguous weekly or monthly bins over the plotted span, each
    counted under key(row); `left_out` counts what is not plotted and why."""
    days: Counter = Counter()
    for r in rows:
        day = _day(r["date"]) or (_month(r["date"]) if by == "month" else None)
        if day:
            days[day] += int(r["n"])
    span = plotted_span(days, *span_of_articles)
    bins: dict[date, ScoredBin] = {}
    if span:
        start = bin_start(span[0], by)
        while start <= span[1]:
            bins[start] = ScoredBin(start, by)
            start = next_bin(start, by)
    left_out: Counter = Counter()
    for r in rows:
        n, where = int(r["n"]), _place_in_bins(r["date"], by, span)
        if isinstance(where, str):
            left_out[where] += n
        else:
            bins[bin_start(where, by)].add(r, n, key(r))
    return {
        "by": by,
        "total": sum(int(r["n"]) for r in rows),
        "span": {"start": span[0].isoformat(), "end": span[1].isoformat()} if span else None,
        "bins": [b.to_dict() for b in bins.values()],
        "left_out": dict(left_out),
    }


def timeline(store, by: str = "month", **filters) -> dict:
    """The matched events in bins (see `binned`) counted by PLOVER quad class; `total` is every matched event."""
    from ..ontology import ontology

    check_bins(by)
    cond, params = event_filter(store, **filters)
    rows = store.query(
        "SELECT e.date, e.type, e.mode, e.cameo, COUNT(*) AS n FROM events e"
        + cond
        + " GROUP BY e.date, e.type, e.mode, e.cameo",
        params,
    )
    types = ontology()["types"]
    return binned(
        rows,
        by,
        _publication_span(store, cond, params),
        lambda r: types[r["type"]]["quad"] if r["type"] in types else "other",
    )


def _place_in_bins(value: str | None, by: str, span: tuple[date, date] | None) -> date | str:
    """The day whose bin holds an event dated `value`, or why it is not plotted."""
    day, month = _day(value), _month(value)
    if day is None and month is not None and by == "month":
        day = month
    if day is None:
        if month is not None:
            return "month_only"
        return "year_only" if value and len(value) == 4 and value.isdigit() else "undated"
    if span is None or day > span[1]:
        return "after"
    if day < bin_start(span[0], by):
        return "before"
    return day


def actor_network(store, top: int = 30, **filters) -> dict:
    """The `top` actors by weight (events with a recipient, as actor or recipient) and the edges among them,
    each with its events and mean PLOVER score; `actors` lists up to 200 actors by weight (for pickers)."""
    from ..ontology import plover_score

    cond, params = event_filter(store, **filters)
    where = (
        cond
        + (" AND " if cond else " WHERE ")
        + ("e.actor_name IS NOT NULL AND e.recipient_name IS NOT NULL AND e.actor_name <> e.recipient_name")
    )
    pairs = store.query(
        "SELECT e.actor_name, e.actor_country, e.recipient_name, e.recipient_country, e.type, e.mode,"
        " COUNT(*) AS n FROM events e" + where + " GROUP BY e.actor_name, e.actor_country,"
        " e.recipient_name, e.recipient_country, e.type, e.mode",
        params,
    )
    weight: Counter = Counter()
    countries: dict[str, Counter] = {}
    for r in pairs:
        n = int(r["n"])
        for name, country in ((r["actor_name"], r["actor_country"]), (r["recipient_name"], r["recipient_country"])):
            weight[name] += n
            countries.setdefault(name, Counter())[country] += n
    ranked = sorted(weight, key=lambda name: (-weight[name], name))
    shown = set(ranked[:top])
    edges: dict[tuple[str, str], dict[str, Any]] = {}
    for r in pairs:
        a, b = r["actor_name"], r["recipient_name"]
        if a in shown and b in shown:
            edge = edges.setdefault((a, b), {"source": a, "target": b, "events": 0, "sum": 0.0, "scored": 0})
            n, score = int(r["n"]), plover_score(r["type"], r["mode"])
            edge["events"] += n
            if score is not None:
                edge["sum"] += score * n
                edge["scored"] += n
    for e in edges.values():
        e["mean_score"] = round(e.pop("sum") / e["scored"], 2) if e["scored"] else None
        e.pop("scored")

    def node(name: str) -> dict:
        return {"id": name, "name": name, "country": countries[name].most_common(1)[0][0], "events": weight[name]}

    return {
        "nodes": [node(n) for n in ranked[:top]],
        "edges": sorted(edges.values(), key=lambda e: -e["events"]),
        "actors": [node(n) for n in ranked[:200]],
        "total_actors": len(ranked),
    }


DYAD_EVENTS = 500
DYAD_COLUMNS = (
    "uid",
    "date",
    "type",
    "mode",
    "cameo",
    "actor_name",
    "recipient_name",
    "place_name",
    "modality",
    "sentence",
)


def check_actor(store, name: str) -> None:
    """E065, with the nearest names, for an actor no event of the store has."""
    import difflib

    if store.query("SELECT 1 AS found FROM events WHERE actor_name = ? OR recipient_name = ? LIMIT 1", (name, name)):
        return
    names = [
        r["name"]
        for r in store.query(
            "SELECT DISTINCT actor_name AS name FROM events WHERE actor_name IS NOT NULL"
            " UNION SELECT DISTINCT recipient_name FROM events WHERE recipient_name"
            " IS NOT NULL"
        )
    ]
    near = difflib.get_close_matches(name, names, n=3, cutoff=0.5)
    hint = ("Did you mean " + " or ".join(f"'{n}'" for n in near) + "? ") if near else ""
    raise AnnalesError("E065", value=name, hint=hint)


def dyad(store, a: str, b: str, by: str = "month", **filters) -> dict:
    """The events between actors `a` and `b` (by exact name, both directions) under the other filters: binned
    as the timeline (counts keyed 'a_to_b', 'b_to_a'), totals by direction, and the first DYAD_EVENTS events
    in date order (undated last), each with its direction."""
    check_bins(by)
    if a == b:
        raise AnnalesError("E064", value=a)
    for name in (a, b):
        check_actor(store, name)
    filters = {k: v for k, v in filters.items() if k not in ("actor", "recipient")}
    cond, params = event_filter(store, **filters)
    cond += (" AND " if cond else " WHERE ") + (
        "((e.actor_name = ? AND e.recipient_name = ?) OR (e.actor_name = ? AND e.recipient_name = ?))"
    )
    params = [*params, a, b, b, a]
    rows = store.query(
        "SELECT "
        + ", ".join(f"e.{c}" for c in DYAD_COLUMNS)
        + ", 1 AS n FROM events e"
        + cond
        + " ORDER BY CASE WHEN e.date IS NULL THEN 1 ELSE 0 END, e.date, e.uid",
        params,
    )
    for r in rows:
        r["direction"] = "a_to_b" if r["actor_name"] == a else "b_to_a"
    out = binned(rows, by, _publication_span(store, cond, params), lambda r: r["direction"])
    out.update(
        a=a,
        b=b,
        totals=dict(Counter(r["direction"] for r in rows)),
        events=[{k: v for k, v in r.items() if k != "n"} for r in rows[:DYAD_EVENTS]],
    )
    return out


PRECISIONS = {
    "city": "a city or town (a GeoNames populated place, feature class P)",
    "country": "the country only (drawn at its capital)",
    "other": "a named place (region, site), located approximately",
}


def map_places(store, top: int = 500, **filters) -> dict:
    """The map's data: the `top` places by events, each with its precision (city, country, other), GeoNames
    id and admin1 code where known; and the events by country (of the place, else of the actor)."""
    from .. import iso3166
    from .shapes.common import place_info

    cond, params = event_filter(store, **filters)

    def where(extra: str) -> str:
        return cond + (" AND " if cond else " WHERE ") + extra

    places = store.query(
        "SELECT e.place_name AS name, e.place_country AS country, e.lat, e.lon, COUNT(*) AS events"
        " FROM events e"
        + where("e.lat IS NOT NULL AND e.lon IS NOT NULL")
        + " GROUP BY e.place_name, e.place_country, e.lat, e.lon ORDER BY events DESC, name"
        f" LIMIT {int(top)}",
        params,
    )
    iso2 = {code: a2 for a2, code in iso3166.alpha_2_to_code().items()}  # KOS: XK, GeoNames' key
    for p in places:
        info = place_info({"place_name": p["name"], "place_country": p["country"]})
        p["precision"] = info.kind or "other"
        p["precision_words"] = PRECISIONS[p["precision"]]
        p["geonames_id"] = info.geonames_id
        p["admin1"] = f"{iso2.get(p['country'] or '', '?')}.{info.admin1_code}" if info.admin1_code else None
    countries = store.query(
        "SELECT COALESCE(e.place_country, e.actor_country) AS country, COUNT(*) AS events"
        " FROM events e"
        + where("COALESCE(e.place_country, e.actor_country) IS NOT NULL")
        + " GROUP BY COALESCE(e.place_country, e.actor_country) ORDER BY events DESC, country",
        params,
    )
    by_iso3 = iso3166.by_alpha_3()
    for c in countries:
        rec = by_iso3.get(c["country"] or "")
        c["numeric"] = rec.numeric if rec else None
    return {"places": places, "countries": countries}
