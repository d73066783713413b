"""The views of the store's other tables: actors, one article with everything coded from it, the clusters
(real-world events) and the store's statistics."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import FastAPI, Query

from ...store.query import LIKE_ESCAPE, like_contains, stats
from ...store.reviews import with_reviews
from ..errors import ISO3_PATTERN, ApiError
from .common import MAX_LIMIT, ApiContext, check_codes, cursor_in, page, words


def install(app: FastAPI, api: ApiContext) -> None:
    @app.get("/api/actors", summary="Actors of the stored articles, with their event counts")
    def actors(
        name: str | None = words("Actor name (part)"),
        country: str | None = Query(None, pattern=ISO3_PATTERN),
        limit: int = Query(100, ge=1, le=MAX_LIMIT),
        cursor: str | None = None,
        format: Literal["json", "csv", "jsonl"] = Query("json"),
    ):
        offset = cursor_in(cursor)
        s = api.store()
        like = "ILIKE" if s.kind == "postgresql" else "LIKE"
        where, params = [], []
        if name:
            # the name, or the actor's canonical id (one across articles: docs/contract.md)
            where.append(f"(name {like} ? {LIKE_ESCAPE} OR actor_key = ?)")
            params += [like_contains(name), name]
        if country:
            where.append("country = ?")
            params.append(country.upper())
        sql = (
            "SELECT actor_key, name, country, sector, code, COUNT(*) AS articles FROM actors"
            + (" WHERE " + " AND ".join(where) if where else "")
            + " GROUP BY actor_key, name, country, sector, code"
            " ORDER BY articles DESC, name, country, sector, code, actor_key"
        )
        return page(s, sql, params, offset, limit, format)

    @app.get("/api/articles/{article_hash}", summary="One article with everything coded from it")
    def article(article_hash: str):
        s = api.store()
        arts = s.query("SELECT * FROM articles WHERE hash = ?", (article_hash,))
        if not arts:
            raise ApiError(404, "not_found", f"No article '{article_hash}' in the store.")
        out: dict[str, Any] = {"article": arts[0]}
        for table in ("events", "actors", "mentions", "quantities", "quotes", "timexes", "places"):
            out[table] = s.query(f"SELECT * FROM {table} WHERE article_hash = ?", (article_hash,))
        out["events"] = with_reviews(s, out["events"])
        return {"ok": True, "data": out}

    @app.get("/api/clusters", summary="Real-world events and how many articles report each")
    def clusters(
        type: str | None = Query(None, max_length=40, description="PLOVER event type"),
        limit: int = Query(100, ge=1, le=MAX_LIMIT),
        cursor: str | None = None,
        format: Literal["json", "csv", "jsonl"] = Query("json"),
    ):
        offset = cursor_in(cursor)
        check_codes(type=type)
        params = [type.upper()] if type else []
        sql = (
            "SELECT * FROM clusters"
            + (" WHERE type = ?" if type else "")
            + " ORDER BY n_reports DESC, first_date, cluster_id"
        )
        return page(api.store(), sql, params, offset, limit, format)

    @app.get("/api/stats", summary="Counts by type, month, country and dyad")
    def get_stats():
        s = api.store()
        out: dict[str, Any] = stats(s)
        out["dyad"] = s.query(
            "SELECT actor_name, recipient_name, COUNT(*) AS events FROM events WHERE actor_name IS"
            " NOT NULL AND recipient_name IS NOT NULL GROUP BY actor_name, recipient_name"
            " ORDER BY events DESC, actor_name, recipient_name LIMIT 50"
        )
        out["totals"] = {t: s.count(t) for t in ("articles", "events", "clusters", "errors")}
        return {"ok": True, "data": out}
