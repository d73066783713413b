"""The coding views: POST /api/code codes an article on the fly (nothing stored), POST /api/articles codes
and stores it (needs the bearer token)."""

from __future__ import annotations

import asyncio

from fastapi import Depends, FastAPI, Query
from pydantic import BaseModel, Field

from ...store.query import strict_date
from ..errors import ApiError
from .common import ApiContext


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
            raise ApiError(
                400,
                "invalid_character",
                f"Field '{name}' contains a lone surrogate (\\ud800-\\udfff), which"
                " is not text: send valid UTF-8 or escaped pairs.",
            ) from None
    if not (body.text or body.html):
        raise ApiError(400, "missing_text", "Give the article as 'text' or 'html'.")
    if body.date:
        strict_date(body.date, "'date'")


def install(app: FastAPI, api: ApiContext) -> None:
    @app.post("/api/code", summary="Code a posted article on the fly (nothing is stored)")
    async def code_posted(
        body: ArticleIn,
        with_text: bool = Query(False, description="Include the article's text (the one the offsets point into)"),
    ):
        _check_article(body)
        return {"ok": True, "data": await api.jobs.run({**body.model_dump(), "with_text": with_text})}

    @app.post(
        "/api/articles",
        status_code=201,
        dependencies=[Depends(api.require_token)],
        summary="Code a posted article and store it (needs the bearer token)",
    )
    async def post_article(body: ArticleIn):
        _check_article(body)
        from ...records import article_hash
        from ...store.clusters import update_clusters

        # coded under the time limit first; only a finished job reaches the write (a 504 stores nothing)
        doc = await api.jobs.run({**body.model_dump(), "with_text": True})
        if doc["error"]:
            raise ApiError(422, doc["error"]["code"], doc["error"]["message"])
        # the text as coded (extracted from the HTML), as ingest hashes it: the same page sent both ways is one article
        h = article_hash(doc["article"]["text"])

        def write():
            with api.write_lock:
                s = api.store()
                s.write_document(h, doc, body.url)
                update_clusters(s)

        await asyncio.to_thread(write)
        return {"ok": True, "data": {"hash": h, "events": len(doc["events"])}}
