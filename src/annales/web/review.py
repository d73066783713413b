"""Review over the API: an authorised reviewer accepts, rejects or corrects an event; anyone reads the reviews.

    POST /api/events/{uid}/reviews      {"verdict": "correct", "corrected": {"type": "PROTEST"}, "note": "..."}
    GET  /api/events/{uid}/reviews      the review in force and the history
    GET  /api/articles/{hash}/reviews   the review in force of each reviewed event of an article
    GET  /api/review                    whether review is on, and whose token the request carries

Reviewers and their tokens come from `annales serve --review-token NAME=TOKEN` (reviewers.py); with none,
review is off (403). The coder's record is never changed: reviews sit beside it (store/reviews.py).
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Callable

from fastapi import FastAPI, Header, Request

from ..store.reviews import CORRECTABLE, VERDICTS, current_reviews, event_row, review_history, write_review
from .errors import ApiError
from .reviewers import read_reviewers, reviewer_of

PARTY_SCHEMA = {
    "anyOf": [
        {"type": "null"},
        {"type": "string"},
        {
            "type": "object",
            "properties": {
                "name": {"type": "string"},
                "country": {"type": ["string", "null"]},
                "sector": {"type": ["string", "null"]},
            },
        },
    ]
}
REVIEW_BODY = {
    "required": True,
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "required": ["verdict"],
                "properties": {
                    "verdict": {"type": "string", "enum": list(VERDICTS)},
                    "corrected": {
                        "type": "object",
                        "description": "verdict correct: any of " + ", ".join(CORRECTABLE),
                        "properties": {
                            "type": {"type": "string"},
                            "mode": {"type": ["string", "null"]},
                            "actor": PARTY_SCHEMA,
                            "recipient": PARTY_SCHEMA,
                            "date": {"type": ["string", "null"]},
                        },
                    },
                    "note": {"type": "string"},
                },
            }
        }
    },
}
REVIEW_OFF = (
    "Review is off on this server: start it with --review-token NAME=TOKEN (or --review-tokens-file, or "
    "ANNALES_REVIEW_TOKENS) to let reviewers accept, reject or correct events."
)


def review_body(raw: bytes) -> dict:
    """The posted review as a JSON object; 400 in the error shape otherwise."""
    try:
        body = json.loads(raw or b"null")
    except (ValueError, UnicodeDecodeError):
        body = None
    if not isinstance(body, dict):
        raise ApiError(
            400,
            "invalid_body",
            'The request body must be a JSON object: {"verdict": "accept" | '
            '"reject" | "correct", "corrected": {...}, "note": "..."}.',
        )
    unknown = sorted(set(body) - {"verdict", "corrected", "note"})
    if unknown:
        raise ApiError(
            400, "invalid_body", f"Unknown field(s) {', '.join(unknown)}: a review takes verdict, corrected and note."
        )
    return body


def install(app: FastAPI, store: Callable, write_lock: threading.Lock, reviewers: dict[str, str] | None) -> None:
    """Add the review routes. `reviewers` maps token -> name (None: from $ANNALES_REVIEW_TOKENS)."""
    tokens = read_reviewers() if reviewers is None else reviewers

    def reviewer(authorization: str | None) -> str:
        if not tokens:
            raise ApiError(403, "review_off", REVIEW_OFF)
        name = reviewer_of(tokens, authorization)
        if name is None:
            raise ApiError(
                401,
                "unauthorized",
                "Missing or wrong reviewer token: send 'Authorization: Bearer "
                "<token>' with a token the server was started with.",
                headers={"WWW-Authenticate": "Bearer"},
            )
        return name

    @app.get("/api/review", summary="Whether review is on, and whose reviewer token the request carries")
    def review_status(authorization: str | None = Header(None)):
        name = reviewer(authorization) if tokens and authorization else None
        return {"ok": True, "data": {"enabled": bool(tokens), "reviewer": name}}

    @app.post(
        "/api/events/{uid}/reviews",
        status_code=201,
        openapi_extra={"requestBody": REVIEW_BODY},
        summary="Accept, reject or correct an event (needs a reviewer token); supersedes its last review",
    )
    async def post_review(uid: str, request: Request, authorization: str | None = Header(None)):
        name = reviewer(authorization)
        body = review_body(await request.body())

        def write():
            with write_lock:
                s = store()
                event = event_row(s, uid)
                if event is None:
                    raise ApiError(404, "not_found", f"No event '{uid}' in the store.")
                return write_review(s, event, body.get("verdict"), name, body.get("corrected"), body.get("note"))

        return {"ok": True, "data": await asyncio.to_thread(write)}

    @app.get("/api/events/{uid}/reviews", summary="An event's review in force and every review of it, oldest first")
    def get_reviews(uid: str):
        s = store()
        history = review_history(s, uid)
        if not history and event_row(s, uid) is None:
            raise ApiError(404, "not_found", f"No event '{uid}' in the store.")
        current = next((r for r in reversed(history) if r["superseded_at"] is None), None)
        return {"ok": True, "data": {"event_uid": uid, "current": current, "history": history}}

    @app.get("/api/articles/{article_hash}/reviews", summary="The review in force of each reviewed event of an article")
    def article_reviews(article_hash: str):
        s = store()
        if not s.query("SELECT hash FROM articles WHERE hash = ?", (article_hash,)):
            raise ApiError(404, "not_found", f"No article '{article_hash}' in the store.")
        return {"ok": True, "data": current_reviews(s, article_hash=article_hash)}
