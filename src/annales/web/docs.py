"""/docs: the Swagger UI page over /openapi.json, from this server's own assets, sent with a
Content-Security-Policy.

Swagger UI's script and stylesheet are copied from the swagger-ui-dist package into web/static/swagger by
`make dashboard`, so the page works with no network; the policy allows this server's own scripts and the
page's one inline script (by its hash), nothing else: no CDN, no frames, no form posts elsewhere. A server
whose assets are not built says how to build them (the schema is still at /openapi.json).
"""

from __future__ import annotations

import base64
import hashlib
import re

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse

from .dashboard import STATIC

ASSETS = "/static/swagger"
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)
NOT_BUILT = (
    "<!doctype html><title>annales API</title><h1>annales API</h1><p>The interactive documentation is not"
    " built: run <code>make dashboard</code> (needs Node.js and npm) and restart the server. The OpenAPI"
    " schema is at <a href='/openapi.json'>/openapi.json</a>.</p>"
)


def docs_policy(html: str) -> str:
    """The CSP for the Swagger UI page: this server's scripts and styles plus the page's own inline scripts."""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"
        for body in _INLINE_SCRIPT.findall(html)
    )
    # Swagger UI sets style attributes on its elements, hence 'unsafe-inline' for styles (never for scripts)
    return (
        f"default-src 'none'; script-src 'self' {hashes}; style-src 'self' 'unsafe-inline'; img-src 'self' data:;"
        " connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
    )


def docs_page(openapi_url: str, title: str) -> str:
    """The Swagger UI page, loading its assets from this server; no validator badge (it would call out)."""
    return bytes(
        get_swagger_ui_html(
            openapi_url=openapi_url,
            title=title,
            swagger_js_url=f"{ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{ASSETS}/swagger-ui.css",
            swagger_favicon_url="data:,",
            swagger_ui_parameters={"validatorUrl": None},
        ).body
    ).decode()


def install(app: FastAPI) -> None:
    if app.openapi_url is None:  # an app without a schema has nothing to document
        return
    built = (STATIC / "swagger" / "swagger-ui-bundle.js").exists()
    html = docs_page(app.openapi_url, f"{app.title} API") if built else NOT_BUILT
    headers = {"Content-Security-Policy": docs_policy(html), "Cache-Control": "no-cache"}

    @app.get("/docs", include_in_schema=False)
    async def swagger_ui():
        return HTMLResponse(html, headers=headers)
