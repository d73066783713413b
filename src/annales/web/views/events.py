"""The event views: /api/events (filtered, paged), one event, the dashboard's overview, counts by period, and
the ontology their filters use."""

from __future__ import annotations

from typing import Literal

from fastapi import Depends, FastAPI, Query

from ...store.counts import event_counts
from ...store.query import EVENT_COLUMNS, event_rows, overview
from ...store.reviews import with_reviews
from ..errors import ApiError
from .common import MAX_LIMIT, ApiContext, cursor_in, event_filters, rows_response


def _numeric_country(iso3: str | None) -> str | None:
    # the map's shapes (Natural Earth via world-atlas) are keyed by ISO 3166-1 numeric codes
    from ... import iso3166

    rec = iso3166.by_alpha_3().get(iso3.upper()) if iso3 and len(iso3) == 3 else None
    return rec.numeric if rec else None


def install(app: FastAPI, api: ApiContext) -> None:
    @app.get("/api/events", summary="Events, filtered, at report or cluster level")
    def events(
        filters: dict = Depends(event_filters),
        level: Literal["report", "cluster"] = Query("report"),
        limit: int = Query(100, ge=1, le=MAX_LIMIT),
        cursor: str | None = None,
        format: Literal["json", "csv", "jsonl"] = Query("json"),
    ):
        offset = cursor_in(cursor)
        rows = with_reviews(
            api.store(),
            event_rows(api.store(), limit=limit, offset=offset, level=level, **filters),
            flat=format == "csv",
        )
        total = event_rows(api.store(), count_only=True, level=level, **filters)
        return rows_response(rows, format, offset, limit, total)

    @app.get("/api/events/{uid}", summary="One event report, with its sentence and where it sits in its article")
    def event(uid: str):
        s = api.store()
        rows = s.query(
            "SELECT " + ", ".join(EVENT_COLUMNS) + ", trigger_start, trigger_end FROM events WHERE uid = ?", (uid,)
        )
        if not rows:
            raise ApiError(404, "not_found", f"No event '{uid}' in the store.")
        return {"ok": True, "data": with_reviews(s, rows)[0]}

    @app.get("/api/overview", summary="The dashboard's main view: counts by month and type, actor network, map")
    def get_overview(filters: dict = Depends(event_filters)):
        out = overview(api.store(), **filters)
        for c in out["countries"]:
            c["numeric"] = _numeric_country(c["country"])
        return {"ok": True, "data": out}

    @app.get("/api/counts", summary="Events counted by week, month or year, each exactly once")
    def get_counts(
        filters: dict = Depends(event_filters),
        by: str = Query(
            "week",
            pattern="^(week|month|year)$",
            description=(
                "week (ISO weeks), month or year; events known only to a coarser period get a row of their "
                "own ('2024-05 (month only)'), so the rows add up to the events matched"
            ),
        ),
        level: str = Query("report", pattern="^(report|cluster)$"),
        format: str = Query("json", pattern="^(json|csv|jsonl)$"),
    ):
        rows = event_counts(api.store(), by=by, level=level, **filters)
        return rows_response(rows, format, 0, len(rows), len(rows))

    @app.get("/api/ontology", summary="PLOVER event types (quad class, score, modes) and the modality values")
    def get_ontology():
        from ...ontology import ontology

        o = ontology()
        types = {
            t: {"quad": v["quad"], "plover_score": v["plover_score"], "modes": sorted(v["modes"])}
            for t, v in o["types"].items()
        }
        return {"ok": True, "data": {"types": types, "modalities": list(o["modality"])}}
