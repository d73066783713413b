"""The dashboard's pages: the built front end (frontend/, `make dashboard`) served from web/static.

The built assets are committed (and shipped in the package), so that an install without Node.js serves them;
`make dashboard` rebuilds them after a change to frontend/. A server without them says how to build them.
Pages go out with a Content-Security-Policy allowing only this server's own scripts: article text is
rendered as text by the front end, and the policy is a second wall should that ever break.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles

STATIC = Path(__file__).parent / "static"
PAGES = ("/", "/code")
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self';"
    " object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
NOT_BUILT = (
    "<!doctype html><title>annales</title><h1>annales</h1><p>The dashboard is not built: run "
    "<code>make dashboard</code> (needs Node.js and npm) and restart the server. The API works without it: "
    "<a href='/docs'>/docs</a>.</p>"
)


def install(app: FastAPI) -> None:
    built = (STATIC / "index.html").exists()
    if built:
        app.mount("/static", StaticFiles(directory=STATIC), name="static")

    def page():
        headers = {"Content-Security-Policy": CSP, "Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff"}
        if not built:
            return HTMLResponse(NOT_BUILT, headers=headers)
        return FileResponse(STATIC / "index.html", media_type="text/html", headers=headers)

    for path in PAGES:
        app.add_api_route(path, page, methods=["GET"], include_in_schema=False)
