"""The REST API over a store. `annales serve --db events.db` runs it; `create_app(...)` builds it for tests.

Reads are open; writes (POST /api/articles) need `Authorization: Bearer <token>` and are refused when the
server was started without a token. Every list can be downloaded as CSV or JSON Lines (`format=`).
"""

from __future__ import annotations

import asyncio
import base64
import csv
import io
import json
import os
import threading

from fastapi import Depends, FastAPI, Header, Query, Request
from fastapi.responses import JSONResponse, PlainTextResponse
from pydantic import BaseModel, Field

from .. import __version__
from ..store import Store
from ..store.query import EVENT_COLUMNS, event_rows, overview, stats
from . import dashboard
from . import errors as web_errors
from .errors import ApiError

MAX_LIMIT = 1000


class ArticleIn(BaseModel):
    text: str | None = Field(None, description="Plain text of the article (or give html).")
    html: str | None = Field(None, description="The article page's HTML.")
    date: str | None = Field(None, description="Publication date YYYY-MM-DD.")
    title: str | None = None
    url: str | None = None
    source: str | None = None
    id: str | None = None


def _cursor_out(offset: int) -> str:
    return base64.urlsafe_b64encode(str(offset).encode()).decode()


def _cursor_in(cursor: str | None) -> int:
    if not cursor:
        return 0
    try:
        value = int(base64.urlsafe_b64decode(cursor.encode()).decode())
        if value < 0:
            raise ValueError
        return value
    except (ValueError, UnicodeDecodeError, base64.binascii.Error):
        raise ApiError(400, "invalid_cursor", "Invalid 'cursor': pass the 'next' value of the previous page.") from None


def _rows_response(rows: list[dict], fmt: str, offset: int, limit: int, total: int):
    if fmt == "csv":
        buf = io.StringIO()
        if rows:
            w = csv.DictWriter(buf, fieldnames=list(rows[0].keys()))
            w.writeheader()
            w.writerows(rows)
        return PlainTextResponse(buf.getvalue(), media_type="text/csv")
    if fmt == "jsonl":
        return PlainTextResponse("".join(json.dumps(r, default=str) + "\n" for r in rows), media_type="application/x-ndjson")
    nxt = _cursor_out(offset + limit) if offset + limit < total else None
    return JSONResponse({"ok": True, "data": rows, "next": nxt, "total": total})


def event_filters(actor: str | None = Query(None, description="Actor name (part) or code"),
                  recipient: str | None = Query(None, description="Recipient name (part) or code"),
                  type: str | None = Query(None, description="PLOVER event type"),
                  mode: str | None = Query(None, description="PLOVER mode"),
                  country: str | None = Query(None, min_length=3, max_length=3,
                                              description="ISO3 of the actor, recipient or place"),
                  place: str | None = Query(None, description="Place name (part)"),
                  since: str | None = Query(None, description="Earliest event date YYYY-MM-DD"),
                  until: str | None = Query(None, description="Latest event date YYYY-MM-DD"),
                  modality: str | None = Query(None, description="asserted, planned, negated, ..."),
                  text: str | None = Query(None, description="Words in the event's sentence")) -> dict:
    """The filters every event view shares, as query parameters."""
    return dict(actor=actor, recipient=recipient, type=type, mode=mode, country=country, place=place,
                since=since, until=until, modality=modality, text=text)


def _numeric_country(iso3: str | None) -> str | None:
    # the map's shapes (Natural Earth via world-atlas) are keyed by ISO 3166-1 numeric codes
    import pycountry

    rec = pycountry.countries.get(alpha_3=iso3) if iso3 and len(iso3) == 3 else None
    return rec.numeric if rec else None


def create_app(db: str, token: str | None = None, max_body: int = 2_000_000, code_timeout: float = 30.0) -> FastAPI:  # noqa: C901 - to be split into named rules (issue 12)
    """The API over the store at `db` (SQLite path or postgresql:// URL)."""
    token = token or os.environ.get("ANNALES_TOKEN") or None
    app = FastAPI(title="annales", version=__version__,
                  description="Political events coded from news, with their evidence. Errors share one shape: "
                              '{"ok": false, "error": {"code", "message"}, "status"}.')
    web_errors.install(app)
    local = threading.local()
    Store.open(db).close()  # create and migrate now, not on the first request

    def store() -> Store:
        # one connection per worker thread; SQLite in WAL mode lets them read while a writer writes
        s = getattr(local, "store", None)
        if s is None:
            s = local.store = Store.open(db, migrate=False)
        return s

    write_lock = threading.Lock()  # one writer at a time

    @app.middleware("http")
    async def limit_body(request: Request, call_next):
        size = request.headers.get("content-length")
        if size and size.isdigit() and int(size) > max_body:
            return web_errors.error_response(413, "body_too_large",
                                             f"Request body of {int(size):,} bytes is over the limit of {max_body:,}.")
        return await call_next(request)

    def require_token(authorization: str | None = Header(None)) -> None:
        if not token:
            raise ApiError(403, "read_only", "This server is read-only: start it with --token (or ANNALES_TOKEN) to allow writes.")
        if authorization != f"Bearer {token}":
            raise ApiError(401, "unauthorized", "Missing or wrong bearer token: send 'Authorization: Bearer <token>'.")

    @app.get("/api/events", summary="Events, filtered, at report or cluster level")
    def events(filters: dict = Depends(event_filters), level: str = Query("report", pattern="^(report|cluster)$"),
               limit: int = Query(100, ge=1, le=MAX_LIMIT), cursor: str | None = None,
               format: str = Query("json", pattern="^(json|csv|jsonl)$")):
        offset = _cursor_in(cursor)
        rows = event_rows(store(), limit=limit, offset=offset, level=level, **filters)
        total = event_rows(store(), count_only=True, level=level, **filters)
        return _rows_response(rows, format, offset, limit, total)

    @app.get("/api/events/{uid}", summary="One event report, with its sentence and where it sits in its article")
    def event(uid: str):
        s = store()
        rows = s.query("SELECT " + ", ".join(EVENT_COLUMNS) + ", trigger_start, trigger_end FROM events WHERE uid = ?",
                       (uid,))
        if not rows:
            raise ApiError(404, "not_found", f"No event '{uid}' in the store.")
        return {"ok": True, "data": rows[0]}

    @app.get("/api/overview", summary="The dashboard's main view: counts by month and type, actor network, map")
    def get_overview(filters: dict = Depends(event_filters)):
        out = overview(store(), **filters)
        for c in out["countries"]:
            c["numeric"] = _numeric_country(c["country"])
        return {"ok": True, "data": out}

    @app.get("/api/ontology", summary="PLOVER event types (quad class, score, modes) and the modality values")
    def get_ontology():
        from ..ontology import ontology

        o = ontology()
        types = {t: {"quad": v["quad"], "plover_score": v["plover_score"], "modes": sorted(v["modes"])}
                 for t, v in o["types"].items()}
        return {"ok": True, "data": {"types": types, "modalities": list(o["modality"])}}

    @app.get("/api/actors", summary="Actors of the stored articles, with their event counts")
    def actors(name: str | None = None, country: str | None = Query(None, min_length=3, max_length=3),
               limit: int = Query(100, ge=1, le=MAX_LIMIT), cursor: str | None = None,
               format: str = Query("json", pattern="^(json|csv|jsonl)$")):
        offset = _cursor_in(cursor)
        s = store()
        like = "ILIKE" if s.kind == "postgresql" else "LIKE"
        where, params = [], []
        if name:
            where.append(f"name {like} ?")
            params.append(f"%{name}%")
        if country:
            where.append("country = ?")
            params.append(country.upper())
        sql = ("SELECT name, country, sector, code, COUNT(*) AS articles FROM actors"
               + (" WHERE " + " AND ".join(where) if where else "")
               + " GROUP BY name, country, sector, code ORDER BY articles DESC, name")
        rows = s.query(sql, params)
        return _rows_response(rows[offset: offset + limit], format, offset, limit, len(rows))

    @app.get("/api/articles/{article_hash}", summary="One article with everything coded from it")
    def article(article_hash: str):
        s = store()
        arts = s.query("SELECT * FROM articles WHERE hash = ?", (article_hash,))
        if not arts:
            raise ApiError(404, "not_found", f"No article '{article_hash}' in the store.")
        out = {"article": arts[0]}
        for table in ("events", "actors", "mentions", "quantities", "quotes", "timexes", "places"):
            out[table] = s.query(f"SELECT * FROM {table} WHERE article_hash = ?", (article_hash,))
        return {"ok": True, "data": out}

    @app.get("/api/clusters", summary="Real-world events and how many articles report each")
    def clusters(type: str | None = None, limit: int = Query(100, ge=1, le=MAX_LIMIT), cursor: str | None = None,
                 format: str = Query("json", pattern="^(json|csv|jsonl)$")):
        offset = _cursor_in(cursor)
        params = [type.upper()] if type else []
        rows = store().query("SELECT * FROM clusters" + (" WHERE type = ?" if type else "")
                             + " ORDER BY n_reports DESC, first_date, cluster_id", params)
        return _rows_response(rows[offset: offset + limit], format, offset, limit, len(rows))

    @app.get("/api/stats", summary="Counts by type, month, country and dyad")
    def get_stats():
        s = store()
        out = stats(s)
        out["dyad"] = s.query("SELECT actor_name, recipient_name, COUNT(*) AS events FROM events WHERE actor_name IS"
                              " NOT NULL AND recipient_name IS NOT NULL GROUP BY actor_name, recipient_name"
                              " ORDER BY events DESC, actor_name, recipient_name LIMIT 50")
        out["totals"] = {t: s.count(t) for t in ("articles", "events", "clusters", "errors")}
        return {"ok": True, "data": out}

    @app.post("/api/code", summary="Code a posted article on the fly (nothing is stored)")
    async def code_article(body: ArticleIn, with_text: bool = Query(False, description="Include the article's text"
                                                                                        " (the one the offsets point into)")):
        if not (body.text or body.html):
            raise ApiError(400, "missing_text", "Give the article as 'text' or 'html'.")
        import annales

        def run():
            return annales.code(body.html or body.text, date=body.date, title=body.title, html=bool(body.html),
                                id=body.id, url=body.url, source=body.source, errors="record").to_dict(with_text=with_text)
        try:
            doc = await asyncio.wait_for(asyncio.to_thread(run), timeout=code_timeout)
        except TimeoutError:
            raise ApiError(504, "timeout", f"Coding took longer than {code_timeout:.0f} s; send a shorter article.") from None
        return {"ok": True, "data": doc}

    @app.post("/api/articles", status_code=201, dependencies=[Depends(require_token)],
              summary="Code a posted article and store it (needs the bearer token)")
    async def post_article(body: ArticleIn):
        if not (body.text or body.html):
            raise ApiError(400, "missing_text", "Give the article as 'text' or 'html'.")
        import annales

        from ..records import article_hash
        from ..store.clusters import recompute_clusters

        def run():
            doc = annales.code(body.html or body.text, date=body.date, title=body.title, html=bool(body.html),
                               id=body.id, url=body.url, source=body.source, errors="record").to_dict(with_text=True)
            if doc["error"]:
                return doc, None
            h = article_hash(body.html or body.text)
            with write_lock:
                s = store()
                s.write_document(h, doc, body.url)
                recompute_clusters(s)
            return doc, h
        try:
            doc, h = await asyncio.wait_for(asyncio.to_thread(run), timeout=code_timeout)
        except TimeoutError:
            raise ApiError(504, "timeout", f"Coding took longer than {code_timeout:.0f} s; send a shorter article.") from None
        if doc["error"]:
            raise ApiError(422, doc["error"]["code"], doc["error"]["message"])
        return {"ok": True, "data": {"hash": h, "events": len(doc["events"])}}

    @app.get("/api/health", summary="Liveness and version")
    def health():
        return {"ok": True, "data": {"version": __version__, "writable": bool(token)}}

    dashboard.install(app)
    return app
