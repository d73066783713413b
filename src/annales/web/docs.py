"""/docs: the Swagger UI page over /openapi.json, sent with a Content-Security-Policy.

The page loads Swagger UI from its CDN and starts it with one inline script; the policy allows that CDN and
that one script (by its hash), nothing else: no other inline script, no frames, no form posts elsewhere.
"""

from __future__ import annotations

import base64
import hashlib
import re

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse

CDN = "https://cdn.jsdelivr.net"
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)


def docs_policy(html: str) -> str:
    """The CSP for a Swagger UI page: the CDN's scripts and styles plus the page's own inline scripts."""
    hashes = " ".join("'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"
                      for body in _INLINE_SCRIPT.findall(html))
    # Swagger UI sets style attributes on its elements, hence 'unsafe-inline' for styles (never for scripts)
    return (f"default-src 'none'; script-src {CDN} {hashes}; style-src {CDN} 'unsafe-inline'; img-src 'self' data:"
            f" https://fastapi.tiangolo.com; connect-src 'self'; frame-ancestors 'none'; base-uri 'none';"
            " form-action 'none'")


def install(app: FastAPI) -> None:
    if app.openapi_url is None:  # an app without a schema has nothing to document
        return
    html = bytes(get_swagger_ui_html(openapi_url=app.openapi_url, title=f"{app.title} API").body).decode()
    headers = {"Content-Security-Policy": docs_policy(html), "Cache-Control": "no-cache"}

    @app.get("/docs", include_in_schema=False)
    async def swagger_ui():
        return HTMLResponse(html, headers=headers)
