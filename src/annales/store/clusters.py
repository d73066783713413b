"""Clusters: the same real-world event told by several articles is one cluster listing its reports.

Two reports are the same event when they have the same PLOVER type, the same actor and recipient
(country and sector, and the same name where both are named people or organisations), dates within a
window (default 3 days; a month-only date is compatible with any day of that month), and compatible
places (same place, or one of them unknown). A report joins the first cluster (in the order clusters
were opened) whose every report it is compatible with; reports are taken in date order, then uid, so
the result does not depend on the order articles were ingested in.

Within a group (one type, actor and recipient) the reports split into *runs*: taken in date order, a
run ends where the next report starts more than the window after every report so far has ended. No
cluster can take a report of a later run (all its reports are too far apart), so each run is clustered
on its own and gives the same clusters as the whole group would. That makes clustering incremental
(`update_clusters`): a new report's *neighbours* are the reports of its run (the reports of its group
whose date ranges, widened by the window, chain to its own); only those runs are clustered again, and
the rest of the store is not read.
"""

from __future__ import annotations

import bisect
import hashlib
from dataclasses import dataclass, field
from datetime import date

DEFAULT_WINDOW_DAYS = 3
GENERIC_KINDS = ("group", "country")
WINDOW_SETTING = "cluster_window_days"

_ROWS_SQL = (
    "SELECT e.uid, e.cluster_id, e.type, e.actor_country, e.actor_sector, e.actor_name, e.actor_key,"
    " e.recipient_country, e.recipient_sector, e.recipient_name, e.recipient_key, e.date, e.place_name,"
    " a.kind AS actor_kind, r.kind AS recipient_kind"
    " FROM events e LEFT JOIN actors a ON a.article_hash = e.article_hash AND a.actor_id = e.actor_id"
    " LEFT JOIN actors r ON r.article_hash = e.article_hash AND r.actor_id = e.recipient_id"
)


def _party_key(country, sector, name, kind, key=None) -> str:
    # generic groups ('Government of Mali') are keyed by country and sector alone; named people and
    # organisations by their canonical key ('RSF' and 'Rapid Support Forces' are one), else (rows stored
    # before migration 8) by name
    if kind in GENERIC_KINDS or not name:
        return f"{country}|{sector}"
    return key or f"{country}|{sector}|{name.lower()}"


def _day_range(value: str | None) -> tuple[date, date] | None:
    if not value:
        return None
    try:
        if len(value) >= 10:
            d = date.fromisoformat(value[:10])
            return d, d
        if len(value) == 7:
            y, m = int(value[:4]), int(value[5:7])
            end = date(y + (m == 12), m % 12 + 1, 1)
            return date(y, m, 1), date.fromordinal(end.toordinal() - 1)
        y = int(value[:4])
        return date(y, 1, 1), date(y, 12, 31)
    except ValueError:
        return None


def _compatible_dates(a, b, window: int) -> bool:
    """Two reports' dates can be one event's: both unknown, or their day ranges at most `window` days apart."""
    ra, rb = _day_range(a), _day_range(b)
    if ra is None or rb is None:
        return ra is None and rb is None
    gap = max(ra[0].toordinal() - rb[1].toordinal(), rb[0].toordinal() - ra[1].toordinal(), 0)
    return gap <= window


def _compatible_places(a, b) -> bool:
    """Two reports' places can be one event's: the same name (any case: rows stored before migration 8 kept
    a dateline's capitals), or one of them unknown."""
    if not a or not b:
        return True
    return a.lower() == b.lower()


def cluster_key(r: dict) -> tuple[str, str, str]:
    """The group an event row's reports are clustered within: its type, actor and recipient."""
    return (
        r["type"],
        _party_key(r["actor_country"], r["actor_sector"], r["actor_name"], r["actor_kind"], r.get("actor_key")),
        _party_key(
            r["recipient_country"],
            r["recipient_sector"],
            r["recipient_name"],
            r["recipient_kind"],
            r.get("recipient_key"),
        ),
    )


@dataclass
class _Report:
    row: dict
    span: tuple[int, int] | None  # first and last day (ordinals) the date can mean; None: no usable date
    place: str | None  # lower-cased; None: unknown

    @classmethod
    def of(cls, row: dict) -> _Report:
        days = _day_range(row["date"])
        return cls(
            row,
            (days[0].toordinal(), days[1].toordinal()) if days else None,
            row["place_name"].lower() if row["place_name"] else None,
        )

    def order(self) -> tuple:
        return (self.span[0] if self.span else date.max.toordinal() + 1, self.row["uid"])


@dataclass
class _OpenCluster:
    """A cluster being built, with what its compatibility with one more report depends on: the earliest
    last day and the latest first day of its reports (every pair of dates within the window holds for a
    report iff it holds for these two) and its one known place (two different places never share one)."""

    rank: int  # the order it was opened in: the first cluster that fits wins
    members: list[dict] = field(default_factory=list)
    dated: bool = True
    min_end: int = 0
    max_start: int = 0
    place: str | None = None

    def add(self, r: _Report) -> None:
        if not self.members:
            self.dated = r.span is not None
            if r.span:
                self.min_end, self.max_start = r.span[1], r.span[0]
        elif r.span:
            self.min_end, self.max_start = min(self.min_end, r.span[1]), max(self.max_start, r.span[0])
        self.place = self.place or r.place
        self.members.append(r.row)

    def closed_for(self, r: _Report, window: int) -> bool:
        """No report from r on (in date order) can join: r and every later report start too late."""
        return self.dated and (r.span is None or r.span[0] - self.min_end > window)

    def fits(self, r: _Report, window: int) -> bool:
        if r.span is None or not self.dated:
            return r.span is None and not self.dated
        return r.span[0] - self.min_end <= window and self.max_start - r.span[1] <= window


def _first_fit(candidates: list[_OpenCluster] | None, r: _Report, window: int) -> _OpenCluster | None:
    """The first cluster of `candidates` (ordered by rank) that r fits, dropping those closed for good."""
    if not candidates:
        return None
    found, closed = None, []
    for i, c in enumerate(candidates):
        if c.closed_for(r, window):
            closed.append(i)
        elif c.fits(r, window):
            found = c
            break
    for i in reversed(closed):
        del candidates[i]
    return found


def _cluster_id(members: list[dict]) -> str:
    return "C" + hashlib.sha256(min(m["uid"] for m in members).encode()).hexdigest()[:12]


def cluster_group(members: list[dict], window_days: int = DEFAULT_WINDOW_DAYS) -> list[tuple[str, list[dict]]]:
    """The clusters of one group's event rows (one cluster_key), each with its id: the one clustering
    function of the store (recompute_clusters, update_clusters) and of the Ray dataset writer (a
    groupby's map_groups). Each report is compared with the clusters still open in its date window
    that could take its place, in constant time each: never with every report of the group."""
    reports = sorted((_Report.of(r) for r in members), key=_Report.order)
    by_place: dict[str | None, list[_OpenCluster]] = {}  # open clusters by their place (None: none known yet)
    made: list[_OpenCluster] = []
    for r in reports:
        places = (None, r.place) if r.place else tuple(by_place)  # a placed report fits no other place
        best = None
        for place in places:
            c = _first_fit(by_place.get(place), r, window_days)
            if c is not None and (best is None or c.rank < best.rank):
                best = c
        if best is None:
            best = _OpenCluster(rank=len(made))
            made.append(best)
            by_place.setdefault(r.place, []).append(best)
        elif r.place and best.place is None:  # its first place: file it under that place, keeping rank order
            by_place[None].remove(best)
            ranks = by_place.setdefault(r.place, [])
            ranks.insert(bisect.bisect([c.rank for c in ranks], best.rank), best)
        best.add(r)
    return [(_cluster_id(c.members), c.members) for c in made]


def group_runs(members: list[dict], window_days: int = DEFAULT_WINDOW_DAYS) -> list[list[dict]]:
    """One group's event rows split into runs that cluster independently (see the module's docstring):
    in date order, a run ends where the next report starts more than the window after every report so
    far has ended; the reports with no usable date are one run of their own."""
    runs: list[list[dict]] = []
    last_end: int | None = None  # the latest last day of the run so far (None: an undated run)
    for r in sorted((_Report.of(m) for m in members), key=_Report.order):
        if r.span is None:  # the undated come last: the first of them starts their run
            starts = not runs or last_end is not None
        else:
            starts = not runs or last_end is None or r.span[0] - last_end > window_days
        if starts:
            runs.append([])
        runs[-1].append(r.row)
        last_end = None if r.span is None else r.span[1] if starts or last_end is None else max(last_end, r.span[1])
    return runs


def cluster_ids(rows: list[dict], window_days: int = DEFAULT_WINDOW_DAYS) -> dict[str, str]:
    """uid -> cluster id for event rows holding whole groups (any number of them)."""
    return {
        m["uid"]: cid for members in _groups(rows).values() for cid, c in cluster_group(members, window_days) for m in c
    }


def _groups(rows: list[dict]) -> dict[tuple, list[dict]]:
    groups: dict[tuple, list[dict]] = {}
    for r in rows:
        groups.setdefault(cluster_key(r), []).append(r)
    return groups


def _cluster_row(cid: str, key: tuple, members: list[dict]) -> tuple:
    dates = sorted(m["date"] for m in members if m["date"])
    place = next((m["place_name"] for m in members if m["place_name"]), None)
    return (
        cid,
        key[0],
        key[1],
        key[2],
        dates[0] if dates else None,
        dates[-1] if dates else None,
        place,
        len({m["uid"].rsplit(":", 1)[0] for m in members}),
    )


def _write_clusters(store, clusters: list[tuple[str, tuple, list[dict]]]) -> None:
    """Insert the clusters and point their events at them (only the events whose cluster changed)."""
    for cid, key, members in clusters:
        store.execute(
            "INSERT INTO clusters (cluster_id, type, actor_key, recipient_key, first_date, last_date,"
            " place, n_reports) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            _cluster_row(cid, key, members),
        )
        for m in members:
            if m.get("cluster_id") != cid:
                store.execute("UPDATE events SET cluster_id = ? WHERE uid = ?", (cid, m["uid"]))


def _save_window(store, window_days: int) -> None:
    store.execute("DELETE FROM store_settings WHERE name = ?", (WINDOW_SETTING,))
    store.execute("INSERT INTO store_settings (name, value) VALUES (?, ?)", (WINDOW_SETTING, str(window_days)))


def _fetch(store, sql: str, params=()) -> list[dict]:
    # inside the clustering transaction (Store.query ends the transaction on PostgreSQL)
    cur = store.execute(sql, params)
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


def _clustering(store, work) -> int:
    """Run `work(store)` in one write transaction that no other clustering runs beside: what it reads is
    what it writes over (two processes clustering at once never insert the same cluster twice)."""
    store.begin()  # SQLite: BEGIN IMMEDIATE, one writer at a time
    try:
        if store.kind == "postgresql":  # readers go on; another clustering waits for this one
            store.execute("LOCK TABLE clusters IN EXCLUSIVE MODE")
        n = work(store)
        store.commit()
    except Exception:
        store.rollback()
        raise
    return n


def recompute_clusters(store, window_days: int = DEFAULT_WINDOW_DAYS) -> int:
    """Assign every event a cluster and rewrite the clusters table; returns the number of clusters."""
    return _clustering(store, lambda s: _recompute(s, window_days))


def _recompute(store, window_days: int) -> int:
    rows = _fetch(store, _ROWS_SQL + " ORDER BY e.uid")
    clusters = [
        (cid, key, c) for key, members in _groups(rows).items() for cid, c in cluster_group(members, window_days)
    ]
    store.execute("DELETE FROM clusters")
    _write_clusters(store, clusters)
    _save_window(store, window_days)
    return len(clusters)


def _group_where(key: tuple) -> tuple[str, list]:
    """The clusters of one group, as a condition on the clusters table (a NULL type is its own group)."""
    cond = "type IS NULL" if key[0] is None else "type = ?"
    return cond + " AND actor_key = ? AND recipient_key = ?", ([] if key[0] is None else [key[0]]) + [key[1], key[2]]


def update_clusters(store, window_days: int = DEFAULT_WINDOW_DAYS) -> int:
    """Cluster what changed since the last clustering, with the same result as `recompute_clusters`:
    the events with no cluster yet (new, or left by a run killed before it clustered) are clustered
    with their neighbours (the runs of their group they fall in), and a group that lost reports (an
    article recoded) is clustered again whole. A full recompute when the store was clustered with
    another window (or never). Returns the number of clusters."""
    return _clustering(store, lambda s: _update(s, window_days))


def _update(store, window_days: int) -> int:
    rows = _fetch(store, "SELECT value FROM store_settings WHERE name = ?", (WINDOW_SETTING,))
    if not rows or int(rows[0]["value"]) != window_days:
        return _recompute(store, window_days)
    fresh = _groups(
        _fetch(
            store,
            _ROWS_SQL + " WHERE e.cluster_id IS NULL"
            " OR NOT EXISTS (SELECT 1 FROM clusters c WHERE c.cluster_id = e.cluster_id)",
        )
    )
    # a cluster reported by fewer articles than it was made with lost reports: its group is redone whole
    shrunk = {
        (r["type"], r["actor_key"], r["recipient_key"])
        for r in _fetch(
            store,
            "SELECT c.type, c.actor_key, c.recipient_key FROM clusters c WHERE c.n_reports <>"
            " (SELECT COUNT(DISTINCT e.article_hash) FROM events e WHERE e.cluster_id = c.cluster_id)",
        )
    }
    for key in sorted(set(fresh) | shrunk, key=repr):
        cond, params = _group_where(key)
        rows = [
            r
            for r in _fetch(
                store, _ROWS_SQL + f" WHERE e.cluster_id IN (SELECT cluster_id FROM clusters WHERE {cond})", params
            )
            if cluster_key(r) == key
        ]
        rows += fresh.get(key, [])
        if key in shrunk:
            store.execute(f"DELETE FROM clusters WHERE {cond}", params)
        else:  # only the runs the new reports fall in
            touched = {r["uid"] for r in fresh[key]}
            rows = [m for run in group_runs(rows, window_days) if any(m["uid"] in touched for m in run) for m in run]
            for cid in {m["cluster_id"] for m in rows if m["cluster_id"]}:
                store.execute("DELETE FROM clusters WHERE cluster_id = ?", (cid,))
        _write_clusters(store, [(cid, key, c) for cid, c in cluster_group(rows, window_days)])
    return int(_fetch(store, "SELECT COUNT(*) AS n FROM clusters")[0]["n"])
