"""Clusters: the same real-world event told by several articles is one cluster listing its reports.

Two reports are the same event when they have the same PLOVER type, the same actor and recipient
(country and sector, and the same name where both are named people or organisations), dates within a
window (default 3 days; a month-only date is compatible with any day of that month), and compatible
places (same place, or one of them unknown). Clustering is recomputed from all events, so it does not
depend on the order articles were ingested in.
"""

from __future__ import annotations

import hashlib
from datetime import date

DEFAULT_WINDOW_DAYS = 3
GENERIC_KINDS = ("group", "country")


def _party_key(country, sector, name, kind) -> str:
    # generic groups ('Government of Mali') are keyed by country and sector alone; named
    # people and organisations by name too
    if kind in GENERIC_KINDS or not name:
        return f"{country}|{sector}"
    return f"{country}|{sector}|{name.lower()}"


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
    ra, rb = _day_range(a), _day_range(b)
    if ra is None or rb is None:
        return ra is None and rb is None
    gap = max(ra[0].toordinal() - rb[1].toordinal(), rb[0].toordinal() - ra[1].toordinal(), 0)
    return gap <= window


def _compatible_places(a, b) -> bool:
    if not a or not b:
        return True
    return a.lower() == b.lower()


def cluster_key(r: dict) -> tuple[str, str, str]:
    """The group an event row's reports are clustered within: its type, actor and recipient."""
    return (r["type"], _party_key(r["actor_country"], r["actor_sector"], r["actor_name"], r["actor_kind"]),
            _party_key(r["recipient_country"], r["recipient_sector"], r["recipient_name"], r["recipient_kind"]))


def cluster_group(members: list[dict], window_days: int = DEFAULT_WINDOW_DAYS) -> list[tuple[str, list[dict]]]:
    """The clusters of one group's event rows (one cluster_key), each with its id: the one clustering
    function of the store (recompute_clusters) and of the Ray dataset writer (a groupby's map_groups)."""
    members = sorted(members, key=lambda r: ((_day_range(r["date"]) or (date.max,))[0], r["uid"]))
    open_clusters: list[list[dict]] = []
    for r in members:
        for c in open_clusters:
            if all(_compatible_dates(r["date"], m["date"], window_days) for m in c) and \
                    all(_compatible_places(r["place_name"], m["place_name"]) for m in c):
                c.append(r)
                break
        else:
            open_clusters.append([r])
    return [("C" + hashlib.sha256(min(m["uid"] for m in c).encode()).hexdigest()[:12], c) for c in open_clusters]


def cluster_ids(rows: list[dict], window_days: int = DEFAULT_WINDOW_DAYS) -> dict[str, str]:
    """uid -> cluster id for event rows holding whole groups (any number of them)."""
    return {m["uid"]: cid for members in _groups(rows).values() for cid, c in cluster_group(members, window_days)
            for m in c}


def _groups(rows: list[dict]) -> dict[tuple, list[dict]]:
    groups: dict[tuple, list[dict]] = {}
    for r in rows:
        groups.setdefault(cluster_key(r), []).append(r)
    return groups


def recompute_clusters(store, window_days: int = DEFAULT_WINDOW_DAYS) -> int:
    """Assign every event a cluster and rewrite the clusters table; returns the number of clusters."""
    rows = store.query(
        "SELECT e.uid, e.type, e.actor_country, e.actor_sector, e.actor_name, e.recipient_country,"
        " e.recipient_sector, e.recipient_name, e.date, e.place_name, a.kind AS actor_kind, r.kind AS recipient_kind"
        " FROM events e LEFT JOIN actors a ON a.article_hash = e.article_hash AND a.actor_id = e.actor_id"
        " LEFT JOIN actors r ON r.article_hash = e.article_hash AND r.actor_id = e.recipient_id"
        " ORDER BY e.uid")
    clusters = [(cid, key, c) for key, members in _groups(rows).items() for cid, c in cluster_group(members, window_days)]
    store.begin()
    try:
        store.execute("DELETE FROM clusters")
        for cid, key, members in clusters:
            dates = sorted(m["date"] for m in members if m["date"])
            place = next((m["place_name"] for m in members if m["place_name"]), None)
            store.execute("INSERT INTO clusters (cluster_id, type, actor_key, recipient_key, first_date, last_date,"
                          " place, n_reports) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                          (cid, key[0], key[1], key[2], dates[0] if dates else None, dates[-1] if dates else None,
                           place, len({m["uid"].rsplit(":", 1)[0] for m in members})))
            for m in members:
                store.execute("UPDATE events SET cluster_id = ? WHERE uid = ?", (cid, m["uid"]))
        store.commit()
    except Exception:
        store.rollback()
        raise
    return len(clusters)
