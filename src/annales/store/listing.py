"""Listings of what a store holds besides events: the articles coded and the inputs that failed."""

from __future__ import annotations

import json
from pathlib import Path

from ..errors import AnnalesError


def require_existing(url: str) -> None:
    """Raise E032 when `url` is a SQLite path with no file: a read command must not create an empty store
    (a typo in --db would otherwise answer '0 rows'). PostgreSQL URLs are checked on connecting."""
    if url.startswith(("postgresql://", "postgres://")):
        return
    if not Path(url).is_file():
        raise AnnalesError("E032", path=url)


def error_rows(store, *, code: str | None = None, limit: int | None = None) -> list[dict]:
    """The stored failures (one per input that could not be read or coded), by path: path, code, message."""
    sql = "SELECT path, code, message FROM errors"
    params: list = []
    if code:
        sql += " WHERE code = ?"
        params.append(code.upper())
    sql += " ORDER BY path, code"
    if limit:
        sql += f" LIMIT {int(limit)}"
    return store.query(sql, params)


def error_counts(store) -> list[dict]:
    """How many stored failures have each error code, most frequent first."""
    return store.query("SELECT code, COUNT(*) AS inputs FROM errors GROUP BY code ORDER BY inputs DESC, code")


def article_rows(
    store, *, since: str | None = None, until: str | None = None, undated: bool = False, limit: int | None = None
) -> list[dict]:
    """The coded articles, oldest first (undated ones last): id, date, title, source, url, path, events,
    warnings (their codes), coder version and the store hash."""
    from ..readers import check_date

    where, params = [], []
    if since:
        where.append("date >= ?")
        params.append(check_date(since, "--since"))
    if until:
        where.append("substr(date, 1, 10) <= ?")
        params.append(check_date(until, "--until"))
    if undated:
        where.append("date IS NULL")
    sql = (
        "SELECT id, date, title, source, url, path, n_events AS events, warnings, coder_version, hash FROM articles"
        + (" WHERE " + " AND ".join(where) if where else "")
        + " ORDER BY CASE WHEN date IS NULL THEN 1 ELSE 0 END, date, id"
    )
    if limit:
        sql += f" LIMIT {int(limit)}"
    rows = store.query(sql, params)
    for r in rows:
        r["warnings"] = " ".join(w["code"] for w in json.loads(r["warnings"] or "[]"))
    return rows
