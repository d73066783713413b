"""The REST API over a store. `annales serve --db events.db` runs it; `create_app(...)` builds it for tests.

Reads are open; writes (POST /api/articles) need `Authorization: Bearer <token>` and are refused when the
server was started without a token. Every list can be downloaded as CSV or JSON Lines (`format=`).
The routes live in views/, one module per group of URLs. What holds the server up under abuse (body limits on
the stream, bounded coding jobs, timeouts, headers) lives in guard.py, jobs.py and server.py.
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import FastAPI

from .. import __version__
from ..store import Store
from . import charts, dashboard, docs, review
from . import errors as web_errors
from .errors import document_errors
from .guard import RequestGuard, token_refusal
from .jobs import CodingJobs, code_article
from .server import read_token
from .views import coding, events, health, tables
from .views.common import ApiContext

GUARDED = {("POST", "/api/articles")}


class AnnalesApp(FastAPI):
    """FastAPI with the request guard outermost, so that even the 500 page carries the security headers."""

    guard_options: dict = {}

    def build_middleware_stack(self):
        return RequestGuard(super().build_middleware_stack(), **self.guard_options)

    def openapi(self) -> dict:
        return document_errors(super().openapi())  # a refused parameter is a 400 of the error shape, never a 422


def create_app(
    db: str,
    token: str | None = None,
    max_body: int = 2_000_000,
    code_timeout: float = 30.0,
    max_jobs: int = 2,
    body_timeout: float = 30.0,
    coder: Callable[[dict], dict] = code_article,
    review_tokens: dict[str, str] | None = None,
) -> FastAPI:
    """The API over the store at `db` (SQLite path or postgresql:// URL). `token` (else $ANNALES_TOKEN) allows
    writes; bodies over `max_body` bytes get 413, more than `max_jobs` coding requests at once 429, coding
    longer than `code_timeout` seconds 504. `coder` codes a request's fields in a worker process (a picklable
    function; the default runs annales.code). `review_tokens` (token -> reviewer name; else
    $ANNALES_REVIEW_TOKENS) lets reviewers accept, reject or correct events (review.py)."""
    token = read_token(token)
    app = AnnalesApp(
        title="annales",
        version=__version__,
        docs_url=None,
        redoc_url=None,
        description="Political events coded from news, with their evidence. Errors share one shape: "
        '{"ok": false, "error": {"code", "message"}, "status"}.',
    )
    app.guard_options = dict(
        max_body=max_body,
        body_timeout=body_timeout,
        guarded=GUARDED,
        token_check=lambda authorization: token_refusal(token, authorization),
    )
    web_errors.install(app)
    docs.install(app)
    Store.open(db).close()  # create and migrate now, not on the first request
    jobs = app.state.coding_jobs = CodingJobs(max_jobs, code_timeout, coder)
    api = ApiContext(db, token, jobs)

    # the route groups (views/), one line each, in the order /docs lists them
    events.install(app, api)
    tables.install(app, api)
    coding.install(app, api)
    health.install(app, api)
    review.install(app, api.store, api.write_lock, review_tokens)
    charts.install(app, api.store)

    dashboard.install(app)
    return app
