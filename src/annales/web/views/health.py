"""GET /api/health: liveness, version and whether the server accepts writes."""

from __future__ import annotations

from fastapi import FastAPI

from ... import __version__
from .common import ApiContext


def install(app: FastAPI, api: ApiContext) -> None:
    @app.get("/api/health", summary="Liveness and version")
    async def health():
        # async: answered on the event loop, even while every worker thread is busy
        return {"ok": True, "data": {"version": __version__, "writable": bool(api.token)}}
