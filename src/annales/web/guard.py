"""The ASGI layer every request passes first: what can be refused before a byte of the body is read is
refused there, the body is read under a size and time limit, and every response gets the security headers.

Why here and not in the routes: FastAPI reads the whole body before a route (or its dependencies) runs,
so a token check or a size check in a route comes after a 200 MB chunked upload has been buffered.
"""

from __future__ import annotations

import asyncio
import hmac
import json
from collections.abc import Callable

from .errors import ApiError

# Every response: no MIME sniffing, no referrer leaking article URLs, never framed (clickjacking).
SECURITY_HEADERS = (
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
)
# Responses that set no policy of their own (JSON, CSV, errors) may load and run nothing.
API_CSP = b"default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

TokenCheck = Callable[[str | None], ApiError | None]


def token_refusal(token: str | None, authorization: str | None) -> ApiError | None:
    """Why a write with this Authorization header is refused (403 read-only, 401 wrong token), or None.
    The comparison takes the same time whatever the header, so the token cannot be guessed byte by byte."""
    if not token:
        return ApiError(
            403, "read_only", "This server is read-only: start it with --token-file (or ANNALES_TOKEN) to allow writes."
        )
    expected = f"Bearer {token}".encode()
    # header values arrive decoded as Latin-1 (HTTP's rule): encoding back gives the bytes sent, UTF-8 tokens included
    if authorization is None or not hmac.compare_digest(authorization.encode("latin-1", "replace"), expected):
        return ApiError(401, "unauthorized", "Missing or wrong bearer token: send 'Authorization: Bearer <token>'.")
    return None


class BodyTooLarge(Exception):
    pass


class RequestGuard:
    """ASGI middleware: refusals before the body (NUL in the path or query, missing token on a guarded route,
    declared size over the limit), then the body read as a stream and cut at `max_body` bytes (413) or after
    `body_timeout` seconds (408), chunked or not; security headers on every response."""

    def __init__(
        self, app, *, max_body: int, body_timeout: float, guarded: set[tuple[str, str]], token_check: TokenCheck
    ):
        self.app, self.max_body, self.body_timeout = app, max_body, body_timeout
        self.guarded, self.token_check = guarded, token_check

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        send = _with_security_headers(send)
        refusal = self._refusal(scope)
        if refusal is not None:
            return await _send_error(send, refusal)
        try:
            body = await asyncio.wait_for(self._read_body(receive), self.body_timeout)
        except BodyTooLarge:
            return await _send_error(
                send,
                ApiError(
                    413,
                    "body_too_large",
                    f"The request body is over the limit of {self.max_body:,} bytes; send a shorter article.",
                ),
            )
        except TimeoutError:
            return await _send_error(
                send,
                ApiError(
                    408,
                    "request_timeout",
                    f"The request body took longer than {self.body_timeout:g} s to arrive; send it again, faster.",
                ),
            )
        if body is None:  # the client went away while sending
            return None
        await self.app(scope, _replay(body, receive), send)

    def _refusal(self, scope) -> ApiError | None:
        headers = dict(scope["headers"])
        if "\x00" in scope["path"] or b"%00" in scope["query_string"] or b"\x00" in scope["query_string"]:
            return ApiError(
                400,
                "invalid_character",
                "The URL contains a NUL character (%00), which no name, code or date has: remove it.",
            )
        if (scope["method"], scope["path"].rstrip("/")) in self.guarded:
            authorization = headers.get(b"authorization")
            refusal = self.token_check(authorization.decode("latin-1") if authorization is not None else None)
            if refusal is not None:
                return refusal
        declared = headers.get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.max_body:
            return ApiError(
                413,
                "body_too_large",
                f"Request body of {int(declared):,} bytes is over the limit of"
                f" {self.max_body:,}; send a shorter article.",
            )
        return None

    async def _read_body(self, receive) -> bytes | None:
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return None
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body:
                raise BodyTooLarge
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)


def _replay(body: bytes, receive):
    """A `receive` that gives the already read body once, then passes on (to see the client disconnect)."""
    given = False

    async def replay():
        nonlocal given
        if given:
            return await receive()
        given = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay


def _with_security_headers(send):
    async def wrapped(message):
        if message["type"] == "http.response.start":
            headers = list(message.get("headers", []))
            present = {name.lower() for name, _ in headers}
            headers += [(name, value) for name, value in SECURITY_HEADERS if name not in present]
            if b"content-security-policy" not in present:
                headers.append((b"content-security-policy", API_CSP))
            message = {**message, "headers": headers}
        await send(message)

    return wrapped


async def _send_error(send, error: ApiError) -> None:
    """The API's error shape, sent before (or instead of) reading the body; the connection is then closed
    so that the server does not go on reading a body nobody will use (after a bounded lingering close when the
    client is still sending, connections.py, so that the client reads this answer)."""
    body = json.dumps(
        {"ok": False, "error": {"code": error.code, "message": error.message}, "status": error.status}
    ).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        (b"connection", b"close"),
    ]
    headers += [(k.lower().encode(), str(v).encode()) for k, v in error.headers.items()]
    await send({"type": "http.response.start", "status": error.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
