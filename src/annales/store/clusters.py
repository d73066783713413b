"""Clusters in the store: each real-world event told by several reports is one row of `clusters`, and each of
its reports (events) points at it. When two reports can be one event is `cluster_rule`'s to say; this module
reads a store's reports, clusters them by that rule and writes the clusters back, whole (`recompute_clusters`)
or only where new reports fall (`update_clusters`: the runs of their groups, never the rest of the store).
"""

from __future__ import annotations

from .cluster_rule import (
    DEFAULT_WINDOW_DAYS,
    RULE_VERSION,
    cluster_group,
    cluster_ids,
    cluster_key,
    group_runs,
    groups,
    party_traits,
    place_traits,
)

__all__ = [
    "DEFAULT_WINDOW_DAYS",
    "cluster_group",
    "cluster_ids",
    "cluster_key",
    "group_runs",
    "recompute_clusters",
    "update_clusters",
]

WINDOW_SETTING = "cluster_window_days"
RULE_SETTING = "cluster_rule"

_ROWS_SQL = (
    "SELECT e.uid, e.cluster_id, e.type, e.actor_country, e.actor_sector, e.actor_name, e.actor_key,"
    " e.recipient_country, e.recipient_sector, e.recipient_name, e.recipient_key, e.date, e.date_source, e.place_name,"
    " e.place_country, e.place_admin1, e.geo_precision, e.geonames_id,"
    " a.kind AS actor_kind, r.kind AS recipient_kind"
    " FROM events e LEFT JOIN actors a ON a.article_hash = e.article_hash AND a.actor_id = e.actor_id"
    " LEFT JOIN actors r ON r.article_hash = e.article_hash AND r.actor_id = e.recipient_id"
)


def _party_id(members: list[dict], side: str) -> str | None:
    """The cluster's party on one side as its most specific report reads it: a named party before a generic
    one (a cluster may join 'Rapid Support Forces' and 'Rebels in Sudan'); None when no report has one."""
    named = [m for m in members if party_traits(m, side)[2]]
    for m in named or members:
        country, sector = m.get(f"{side}_country"), m.get(f"{side}_sector")
        if m.get(f"{side}_key") or country or sector:
            return m.get(f"{side}_key") or f"{country}|{sector}"  # rows before migration 8 have no key
    return None


def _place(members: list[dict]) -> str | None:
    """The cluster's place: that of its first report whose place is known to the most levels (a town before
    its admin1 or country)."""
    placed = [m for m in members if m.get("place_name")]
    best = max(placed, key=lambda m: sum(x is not None for x in place_traits(m)), default=None)
    return best["place_name"] if best else None


def _cluster_row(cid: str, key: tuple, members: list[dict]) -> tuple:
    dates = sorted(m["date"] for m in members if m["date"])
    return (
        cid,
        key[0],
        key[1],
        _party_id(members, "actor"),
        _party_id(members, "recipient"),
        dates[0] if dates else None,
        dates[-1] if dates else None,
        _place(members),
        len({m["uid"].rsplit(":", 1)[0] for m in members}),
    )


def _write_clusters(store, clusters: list[tuple[str, tuple, list[dict]]]) -> None:
    """Insert the clusters and point their events at them (only the events whose cluster changed)."""
    for cid, key, members in clusters:
        store.execute(
            "INSERT INTO clusters (cluster_id, type, country, actor_key, recipient_key, first_date, last_date,"
            " place, n_reports) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            _cluster_row(cid, key, members),
        )
        for m in members:
            if m.get("cluster_id") != cid:
                store.execute("UPDATE events SET cluster_id = ? WHERE uid = ?", (cid, m["uid"]))


def _save_settings(store, window_days: int) -> None:
    for name, value in ((WINDOW_SETTING, str(window_days)), (RULE_SETTING, RULE_VERSION)):
        store.execute("DELETE FROM store_settings WHERE name = ?", (name,))
        store.execute("INSERT INTO store_settings (name, value) VALUES (?, ?)", (name, value))


def _made_alike(store, window_days: int) -> bool:
    """Whether the store's clusters were made with this window and this version of the rule."""
    rows = _fetch(store, "SELECT name, value FROM store_settings WHERE name IN (?, ?)", (WINDOW_SETTING, RULE_SETTING))
    return {r["name"]: r["value"] for r in rows} == {WINDOW_SETTING: str(window_days), RULE_SETTING: RULE_VERSION}


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
        (cid, key, c) for key, members in groups(rows).items() for cid, c in cluster_group(members, window_days)
    ]
    store.execute("DELETE FROM clusters")
    _write_clusters(store, clusters)
    _save_settings(store, window_days)
    return len(clusters)


def _group_where(key: tuple) -> tuple[str, list]:
    """The clusters of one group, as a condition on the clusters table (a NULL type or country is a group)."""
    conds, params = [], []
    for column, value in zip(("type", "country"), key, strict=True):
        conds.append(f"{column} IS NULL" if value is None else f"{column} = ?")
        params += [] if value is None else [value]
    return " AND ".join(conds), params


def update_clusters(store, window_days: int = DEFAULT_WINDOW_DAYS) -> int:
    """Cluster what changed since the last clustering, with the same result as `recompute_clusters`:
    the events with no cluster yet (new, or left by a run killed before it clustered) are clustered
    with their neighbours (the runs of their group they fall in), and a group that lost reports (an
    article recoded) is clustered again whole. A full recompute when the store was clustered with
    another window or version of the rule (or never). Returns the number of clusters."""
    return _clustering(store, lambda s: _update(s, window_days))


def _update(store, window_days: int) -> int:
    if not _made_alike(store, window_days):
        return _recompute(store, window_days)
    fresh = groups(
        _fetch(
            store,
            _ROWS_SQL + " WHERE e.cluster_id IS NULL"
            " OR NOT EXISTS (SELECT 1 FROM clusters c WHERE c.cluster_id = e.cluster_id)",
        )
    )
    # a cluster reported by fewer articles than it was made with lost reports: its group is redone whole
    shrunk = {
        (r["type"], r["country"])
        for r in _fetch(
            store,
            "SELECT c.type, c.country FROM clusters c WHERE c.n_reports <>"
            " (SELECT COUNT(DISTINCT e.article_hash) FROM events e WHERE e.cluster_id = c.cluster_id)",
        )
    }
    for key in sorted(set(fresh) | shrunk, key=repr):
        _update_group(store, key, fresh.get(key, []), key in shrunk, window_days)
    return int(_fetch(store, "SELECT COUNT(*) AS n FROM clusters")[0]["n"])


def _update_group(store, key: tuple, fresh: list[dict], shrunk: bool, window_days: int) -> None:
    """Cluster one group again: whole when it shrank, else only the runs its fresh reports fall in."""
    cond, params = _group_where(key)
    rows = [
        r
        for r in _fetch(
            store, _ROWS_SQL + f" WHERE e.cluster_id IN (SELECT cluster_id FROM clusters WHERE {cond})", params
        )
        if cluster_key(r) == key
    ]
    rows += fresh
    if shrunk:
        store.execute(f"DELETE FROM clusters WHERE {cond}", params)
    else:
        touched = {r["uid"] for r in fresh}
        rows = [m for run in group_runs(rows, window_days) if any(m["uid"] in touched for m in run) for m in run]
        for cid in {m["cluster_id"] for m in rows if m["cluster_id"]}:
            store.execute("DELETE FROM clusters WHERE cluster_id = ?", (cid,))
    _write_clusters(store, [(cid, key, c) for cid, c in cluster_group(rows, window_days)])
