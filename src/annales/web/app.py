"""The REST API over a store. `annales serve --db events.db` runs it; `create_app(...)` builds it for tests.

Reads are open; writes (POST /api/articles) need `Authorization: Bearer <token>` and are refused when the
server was started without a token. Every list can be downloaded as CSV or JSON Lines (`format=`).
What holds the server up under abuse (body limits on the stream, bounded coding jobs, timeouts, headers)
lives in guard.py, jobs.py and server.py.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import csv
import hmac
import io
import json
import threading
from collections.abc import Callable
from typing import Any, Literal

from fastapi import Depends, FastAPI, Header, Query
from fastapi.responses import JSONResponse, PlainTextResponse
from pydantic import BaseModel, Field

from .. import __version__
from ..errors import AnnalesError
from ..store import Store
from ..store.counts import event_counts
from ..store.export import csv_safe_rows
from ..store.query import EVENT_COLUMNS, LIKE_ESCAPE, event_rows, like_contains, overview, stats, strict_date
from . import dashboard, docs
from . import errors as web_errors
from .errors import ISO3_PATTERN, ApiError, document_errors
from .guard import RequestGuard
from .jobs import CodingJobs, code_article
from .server import read_token

MAX_LIMIT = 1000
# a cursor is an offset this server handed out; past this it cannot be one (and SQL's OFFSET would overflow)
MAX_OFFSET = 2**53
MAX_FILTER_CHARS = 200
GUARDED = {("POST", "/api/articles")}


class AnnalesApp(FastAPI):
    """FastAPI with the request guard outermost, so that even the 500 page carries the security headers."""

    guard_options: dict = {}

    def build_middleware_stack(self):
        return RequestGuard(super().build_middleware_stack(), **self.guard_options)

    def openapi(self) -> dict:
        return document_errors(super().openapi())  # a refused parameter is a 400 of the error shape, never a 422


class ArticleIn(BaseModel):
    text: str | None = Field(None, description="Plain text of the article (or give html).")
    html: str | None = Field(None, description="The article page's HTML.")
    date: str | None = Field(None, description="Publication date YYYY-MM-DD.")
    title: str | None = None
    url: str | None = None
    source: str | None = None
    id: str | None = None


def _check_article(body: ArticleIn) -> None:
    """400 for what no store column can hold: NUL characters (PostgreSQL refuses them) and lone surrogates
    (not encodable as UTF-8); and an article needs its text."""
    for name, value in body.model_dump().items():
        if value is None:
            continue
        if "\x00" in value:
            raise ApiError(400, "invalid_character", f"Field '{name}' contains a NUL character (\\u0000): remove it.")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise ApiError(400, "invalid_character", f"Field '{name}' contains a lone surrogate (\\ud800-\\udfff), which"
                                                     " is not text: send valid UTF-8 or escaped pairs.") from None
    if not (body.text or body.html):
        raise ApiError(400, "missing_text", "Give the article as 'text' or 'html'.")
    if body.date:
        strict_date(body.date, "'date'")


def _cursor_out(offset: int) -> str:
    return base64.urlsafe_b64encode(str(offset).encode()).decode()


def _cursor_in(cursor: str | None) -> int:
    if not cursor:
        return 0
    try:
        if len(cursor) > 24:  # base64 of a 16-digit offset; longer is not one of ours
            raise ValueError
        digits = base64.urlsafe_b64decode(cursor.encode("ascii")).decode("ascii")
        if not digits.isdigit() or int(digits) > MAX_OFFSET:
            raise ValueError
        return int(digits)
    except (ValueError, UnicodeError, binascii.Error):
        raise ApiError(400, "invalid_cursor", "Invalid 'cursor': pass the 'next' value of the previous page.") from None


def _rows_response(rows: list[dict], fmt: str, offset: int, limit: int, total: int):
    if fmt == "csv":
        buf = io.StringIO()
        if rows:
            w = csv.DictWriter(buf, fieldnames=list(rows[0].keys()))
            w.writeheader()
            w.writerows(csv_safe_rows(rows))  # no cell a spreadsheet would run as a formula
        return PlainTextResponse(buf.getvalue(), media_type="text/csv")
    if fmt == "jsonl":
        return PlainTextResponse("".join(json.dumps(r, default=str) + "\n" for r in rows), media_type="application/x-ndjson")
    nxt = _cursor_out(offset + limit) if offset + limit < total else None
    return JSONResponse({"ok": True, "data": rows, "next": nxt, "total": total})


def _page(store, sql: str, params: list, offset: int, limit: int, fmt: str):
    """One page of `sql`'s rows, cut by the database: a request never loads the whole table."""
    rows = store.query(f"{sql} LIMIT {int(limit)} OFFSET {int(offset)}", params)
    total = int(store.query(f"SELECT COUNT(*) AS n FROM ({sql}) AS listed", params)[0]["n"])
    return _rows_response(rows, fmt, offset, limit, total)


def _words(description: str):
    return Query(None, max_length=MAX_FILTER_CHARS, description=description)


def event_filters(actor: str | None = _words("Actor name (part), CAMEO code, or canonical id (any spelling the "
                                             "knowledge base knows: RSF finds Rapid Support Forces)"),
                  recipient: str | None = _words("Recipient name (part), CAMEO code, or canonical id"),
                  type: str | None = Query(None, max_length=40, description="PLOVER event type"),
                  mode: str | None = Query(None, max_length=40, description="PLOVER mode"),
                  country: str | None = Query(None, pattern=ISO3_PATTERN,
                                              description="ISO3 of the actor, recipient or place"),
                  place: str | None = _words("Place name (part)"),
                  since: str | None = Query(None, description="Earliest event date YYYY-MM-DD"),
                  until: str | None = Query(None, description="Latest event date YYYY-MM-DD"),
                  modality: str | None = Query(None, max_length=40, description="asserted, planned, negated, ..."),
                  text: str | None = _words("Words in the event's sentence"),
                  min_confidence: float | None = Query(None, ge=0.0, le=1.0, description=(
                      "Only events at least this probable: the event verifier's calibrated probability that the "
                      "record is right"))) -> dict:
    """The filters every event view shares, as query parameters; codes are checked against the ontology, dates
    are exactly YYYY-MM-DD (E010)."""
    _check_codes(type=type, mode=mode, modality=modality)
    for name, value in (("since", since), ("until", until)):
        if value:
            strict_date(value, f"'{name}'")
    return dict(actor=actor, recipient=recipient, type=type, mode=mode, country=country, place=place,
                since=since, until=until, modality=modality, text=text, min_confidence=min_confidence)


def _check_codes(type: str | None = None, mode: str | None = None, modality: str | None = None) -> None:
    """400 for a type, mode or modality the ontology does not have: a typo answers an error, not an empty list."""
    from ..ontology import ontology

    o = ontology()
    if type and type.upper() not in o["types"]:
        raise AnnalesError("E011", value=type)
    if mode and mode.lower() not in {m for t in o["types"].values() for m in t["modes"]}:
        raise AnnalesError("E011", value=mode)
    if modality and modality.lower() not in o["modality"]:
        raise ApiError(400, "invalid_parameter", f"Unknown modality '{modality}': use one of "
                                                 + ", ".join(o["modality"]) + ".")


def _numeric_country(iso3: str | None) -> str | None:
    # the map's shapes (Natural Earth via world-atlas) are keyed by ISO 3166-1 numeric codes
    from .. import iso3166

    rec = iso3166.by_alpha_3().get(iso3.upper()) if iso3 and len(iso3) == 3 else None
    return rec.numeric if rec else None


def token_refusal(token: str | None, authorization: str | None) -> ApiError | None:
    """Why a write with this Authorization header is refused (403 read-only, 401 wrong token), or None.
    The comparison takes the same time whatever the header, so the token cannot be guessed byte by byte."""
    if not token:
        return ApiError(403, "read_only", "This server is read-only: start it with --token-file (or ANNALES_TOKEN)"
                                          " to allow writes.")
    expected = f"Bearer {token}".encode()
    # header values arrive decoded as Latin-1 (HTTP's rule): encoding back gives the bytes sent, UTF-8 tokens included
    if authorization is None or not hmac.compare_digest(authorization.encode("latin-1", "replace"), expected):
        return ApiError(401, "unauthorized", "Missing or wrong bearer token: send 'Authorization: Bearer <token>'.")
    return None


def create_app(db: str, token: str | None = None, max_body: int = 2_000_000, code_timeout: float = 30.0,  # noqa: C901 - to be split into named rules (issue 12)
               max_jobs: int = 2, body_timeout: float = 30.0, coder: Callable[[dict], dict] = code_article) -> FastAPI:
    """The API over the store at `db` (SQLite path or postgresql:// URL). `token` (else $ANNALES_TOKEN) allows
    writes; bodies over `max_body` bytes get 413, more than `max_jobs` coding requests at once 429, coding
    longer than `code_timeout` seconds 504. `coder` codes a request's fields in a worker process (a picklable
    function; the default runs annales.code)."""
    token = read_token(token)
    app = AnnalesApp(title="annales", version=__version__, docs_url=None, redoc_url=None,
                     description="Political events coded from news, with their evidence. Errors share one shape: "
                                 '{"ok": false, "error": {"code", "message"}, "status"}.')
    app.guard_options = dict(max_body=max_body, body_timeout=body_timeout, guarded=GUARDED,
                             token_check=lambda authorization: token_refusal(token, authorization))
    web_errors.install(app)
    docs.install(app)
    local = threading.local()
    Store.open(db).close()  # create and migrate now, not on the first request
    jobs = app.state.coding_jobs = CodingJobs(max_jobs, code_timeout, coder)

    def store() -> Store:
        # one connection per worker thread; SQLite in WAL mode lets them read while a writer writes
        s = getattr(local, "store", None)
        if s is None:
            s = local.store = Store.open(db, migrate=False)
        return s

    write_lock = threading.Lock()  # one writer at a time

    def require_token(authorization: str | None = Header(None)) -> None:
        # the guard refused already before reading the body; this keeps the rule with the route (and in /docs)
        refusal = token_refusal(token, authorization)
        if refusal is not None:
            raise refusal

    @app.get("/api/events", summary="Events, filtered, at report or cluster level")
    def events(filters: dict = Depends(event_filters), level: Literal["report", "cluster"] = Query("report"),
               limit: int = Query(100, ge=1, le=MAX_LIMIT), cursor: str | None = None,
               format: Literal["json", "csv", "jsonl"] = Query("json")):
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

    @app.get("/api/counts", summary="Events counted by week, month or year, each exactly once")
    def get_counts(filters: dict = Depends(event_filters),
                   by: str = Query("week", pattern="^(week|month|year)$", description=(
                       "week (ISO weeks), month or year; events known only to a coarser period get a row of their "
                       "own ('2024-05 (month only)'), so the rows add up to the events matched")),
                   level: str = Query("report", pattern="^(report|cluster)$"),
                   format: str = Query("json", pattern="^(json|csv|jsonl)$")):
        rows = event_counts(store(), by=by, level=level, **filters)
        return _rows_response(rows, format, 0, len(rows), len(rows))

    @app.get("/api/ontology", summary="PLOVER event types (quad class, score, modes) and the modality values")
    def get_ontology():
        from ..ontology import ontology

        o = ontology()
        types = {t: {"quad": v["quad"], "plover_score": v["plover_score"], "modes": sorted(v["modes"])}
                 for t, v in o["types"].items()}
        return {"ok": True, "data": {"types": types, "modalities": list(o["modality"])}}

    @app.get("/api/actors", summary="Actors of the stored articles, with their event counts")
    def actors(name: str | None = _words("Actor name (part)"), country: str | None = Query(None, pattern=ISO3_PATTERN),
               limit: int = Query(100, ge=1, le=MAX_LIMIT), cursor: str | None = None,
               format: Literal["json", "csv", "jsonl"] = Query("json")):
        offset = _cursor_in(cursor)
        s = store()
        like = "ILIKE" if s.kind == "postgresql" else "LIKE"
        where, params = [], []
        if name:
            # the name, or the actor's canonical id (one across articles: docs/contract.md)
            where.append(f"(name {like} ? {LIKE_ESCAPE} OR actor_key = ?)")
            params += [like_contains(name), name]
        if country:
            where.append("country = ?")
            params.append(country.upper())
        sql = ("SELECT actor_key, name, country, sector, code, COUNT(*) AS articles FROM actors"
               + (" WHERE " + " AND ".join(where) if where else "")
               + " GROUP BY actor_key, name, country, sector, code"
               " ORDER BY articles DESC, name, country, sector, code, actor_key")
        return _page(s, sql, params, offset, limit, format)

    @app.get("/api/articles/{article_hash}", summary="One article with everything coded from it")
    def article(article_hash: str):
        s = store()
        arts = s.query("SELECT * FROM articles WHERE hash = ?", (article_hash,))
        if not arts:
            raise ApiError(404, "not_found", f"No article '{article_hash}' in the store.")
        out: dict[str, Any] = {"article": arts[0]}
        for table in ("events", "actors", "mentions", "quantities", "quotes", "timexes", "places"):
            out[table] = s.query(f"SELECT * FROM {table} WHERE article_hash = ?", (article_hash,))
        return {"ok": True, "data": out}

    @app.get("/api/clusters", summary="Real-world events and how many articles report each")
    def clusters(type: str | None = Query(None, max_length=40, description="PLOVER event type"), limit: int = Query(100, ge=1, le=MAX_LIMIT), cursor: str | None = None,
                 format: Literal["json", "csv", "jsonl"] = Query("json")):
        offset = _cursor_in(cursor)
        _check_codes(type=type)
        params = [type.upper()] if type else []
        sql = ("SELECT * FROM clusters" + (" WHERE type = ?" if type else "")
               + " ORDER BY n_reports DESC, first_date, cluster_id")
        return _page(store(), sql, params, offset, limit, format)

    @app.get("/api/stats", summary="Counts by type, month, country and dyad")
    def get_stats():
        s = store()
        out: dict[str, Any] = stats(s)
        out["dyad"] = s.query("SELECT actor_name, recipient_name, COUNT(*) AS events FROM events WHERE actor_name IS"
                              " NOT NULL AND recipient_name IS NOT NULL GROUP BY actor_name, recipient_name"
                              " ORDER BY events DESC, actor_name, recipient_name LIMIT 50")
        out["totals"] = {t: s.count(t) for t in ("articles", "events", "clusters", "errors")}
        return {"ok": True, "data": out}

    @app.post("/api/code", summary="Code a posted article on the fly (nothing is stored)")
    async def code_posted(body: ArticleIn, with_text: bool = Query(False, description="Include the article's text"
                                                                                       " (the one the offsets point into)")):
        _check_article(body)
        return {"ok": True, "data": await jobs.run({**body.model_dump(), "with_text": with_text})}

    @app.post("/api/articles", status_code=201, dependencies=[Depends(require_token)],
              summary="Code a posted article and store it (needs the bearer token)")
    async def post_article(body: ArticleIn):
        _check_article(body)
        from ..records import article_hash
        from ..store.clusters import update_clusters

        # coded under the time limit first; only a finished job reaches the write (a 504 stores nothing)
        doc = await jobs.run({**body.model_dump(), "with_text": True})
        if doc["error"]:
            raise ApiError(422, doc["error"]["code"], doc["error"]["message"])
        # the text as coded (extracted from the HTML), as ingest hashes it: the same page sent both ways is one article
        h = article_hash(doc["article"]["text"])

        def write():
            with write_lock:
                s = store()
                s.write_document(h, doc, body.url)
                update_clusters(s)
        await asyncio.to_thread(write)
        return {"ok": True, "data": {"hash": h, "events": len(doc["events"])}}

    @app.get("/api/health", summary="Liveness and version")
    async def health():
        # async: answered on the event loop, even while every worker thread is busy
        return {"ok": True, "data": {"version": __version__, "writable": bool(token)}}

    dashboard.install(app)
    return app
