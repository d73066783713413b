"""Counts of events by week, month or year in which every event is counted exactly once.

An event is counted in the period its date names, at its date's precision:
- by week, an event dated to the day goes to its ISO week ("2024-W19"); one known only to its month goes to a
  row of its own for that month ("2024-05 (month only)"), never into each of the month's weeks; one known only
  to its year to "2024 (year only)";
- by month, day and month events go to their month, year-only events to "2024 (year only)";
- by year, every dated event goes to its year;
- undated events (and a date that is not a calendar day) go to one "undated" row.

So the rows always add up to the number of events matching the filters. At cluster level each cluster (one
real-world event, however many articles report it) is counted once, at the date of its most precise report
(the earliest among equals).
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from ..errors import AnnalesError
from .query import CLUSTER_OF, event_filter

BY = ("week", "month", "year")
# the finer precision first: a cluster is dated by its most precise report, rows of a start sort finer first
_RANK = {"day": 0, "week": 0, "month": 1, "year": 2}
UNDATED = "undated"


def event_counts(store, by: str = "week", level: str = "report", **filters) -> list[dict]:
    """Rows {period, unit, start, end, events}, in date order then 'undated': the events matching the
    filters (see query.event_filter) counted by `by` (week, month or year), each exactly once (see the
    module's docstring). `unit` is the period's own unit: `by` for a whole period, 'month' or 'year' for a
    row of events known only to a coarser period, None for 'undated'."""
    if by not in BY:
        raise AnnalesError("E058", value=by)
    if level not in ("report", "cluster"):
        raise AnnalesError("E016", value=level)
    cond, params = event_filter(store, **filters)
    if level == "report":
        dated = store.query(
            "SELECT e.date, e.date_precision, COUNT(*) AS n FROM events e"
            + cond
            + " GROUP BY e.date, e.date_precision",
            params,
        )
        pairs = [((r["date"], r["date_precision"]), int(r["n"])) for r in dated]
    else:
        pairs = [(d, 1) for d in _cluster_dates(store, cond, params)]
    totals: dict[tuple, int] = {}
    for (value, precision), n in pairs:
        key = period_of(value, precision, by)
        totals[key] = totals.get(key, 0) + n
    rows = [dict(_row(key), events=n) for key, n in totals.items()]
    for r in rows:
        if r["unit"] is not None and r["unit"] != by:
            r["period"] += f" ({r['unit']} only)"  # events known only to a coarser period than `by`
    rows.sort(key=lambda r: (r["start"] is None, r["start"] or "", _RANK.get(r["unit"], 3), r["period"]))
    return rows


def _cluster_dates(store, cond: str, params: list) -> list[tuple[str | None, str | None]]:
    """(date, precision) of each cluster among the matching events: that of its most precise report, the
    earliest among equals."""
    best: dict[str, tuple] = {}
    for r in store.query(f"SELECT {CLUSTER_OF} AS cluster, e.date, e.date_precision FROM events e" + cond, params):
        rank = (_RANK.get(r["date_precision"], 3), r["date"] or "")
        if r["cluster"] not in best or rank < best[r["cluster"]][0]:
            best[r["cluster"]] = (rank, (r["date"], r["date_precision"]))
    return [v[1] for v in best.values()]


def period_of(value: str | None, precision: str | None, by: str) -> tuple:
    """The period an event dated `value` at `precision` is counted in: (unit, year, number) with number the
    ISO week or the month (0 for a year), or (None,) for undated."""
    if value is None:
        return (None,)
    try:
        if precision == "day":
            d = date.fromisoformat(value)
            if by == "week":
                iso = d.isocalendar()
                return ("week", iso[0], iso[1])
            return ("month", d.year, d.month) if by == "month" else ("year", d.year, 0)
        if precision == "month":
            d = date.fromisoformat(value + "-01")
            return ("year", d.year, 0) if by == "year" else ("month", d.year, d.month)
        if precision == "year" and len(value) == 4 and value.isdigit():
            return ("year", int(value), 0)
    except (TypeError, ValueError):
        pass
    return (None,)


def _row(key: tuple) -> dict:
    """The row of a period key: its label, unit, and first and last day."""
    unit = key[0]
    if unit is None:
        return {"period": UNDATED, "unit": None, "start": None, "end": None}
    year, number = key[1], key[2]
    if unit == "week":
        start = date.fromisocalendar(year, number, 1)
        return {
            "period": f"{year:04d}-W{number:02d}",
            "unit": "week",
            "start": start.isoformat(),
            "end": (start + timedelta(days=6)).isoformat(),
        }
    if unit == "month":
        last = calendar.monthrange(year, number)[1]
        return {
            "period": f"{year:04d}-{number:02d}",
            "unit": "month",
            "start": f"{year:04d}-{number:02d}-01",
            "end": f"{year:04d}-{number:02d}-{last:02d}",
        }
    return {"period": f"{year:04d}", "unit": "year", "start": f"{year:04d}-01-01", "end": f"{year:04d}-12-31"}
