"""Running the API under uvicorn so that it holds under abuse: idle and slow clients are cut off, the number
of connections is bounded (excess ones are closed at once instead of exhausting file descriptors), and the
bearer token can come from a file or the environment rather than the command line (where `ps` shows it).
"""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass
from pathlib import Path

TOKEN_ENV = "ANNALES_TOKEN"
log = logging.getLogger("annales.web")


@dataclass(frozen=True)
class ServerLimits:
    """What one server allows. Defaults suit a small public data service on one machine."""

    header_timeout: float = 10.0  # from connecting (or the last response) to a complete request head
    keep_alive: float = 5.0  # an idle kept-alive connection is closed after this
    max_connections: int = 500  # open at once; beyond, new connections are closed at once
    max_header_bytes: int = 16_384  # a request line plus headers


def read_token(token: str | None = None, token_file: str | None = None) -> str | None:
    """The write token: --token-file's first line, else --token, else $ANNALES_TOKEN; None = read-only."""
    if token_file:
        try:
            lines = Path(token_file).read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise ValueError(f"Could not read the token file '{token_file}': {exc}. Give a readable UTF-8 file"
                             " whose first line is the token.") from None
        if not lines or not lines[0].strip():
            raise ValueError(f"The token file '{token_file}' is empty: put the token on its first line.")
        return lines[0].strip()
    return token or os.environ.get(TOKEN_ENV) or None


def guarded_protocol(limits: ServerLimits):
    """uvicorn's h11 protocol, plus a deadline for the request head and a cap on open connections.

    uvicorn times out idle kept-alive connections only after a first response: a client that connects and
    sends nothing, or sends its headers a byte at a time, would hold its socket for ever."""
    import h11
    from uvicorn.protocols.http.h11_impl import H11Protocol

    class GuardedH11Protocol(H11Protocol):
        _refused = 0
        _refused_logged_at = 0.0

        def connection_made(self, transport):
            self._head_deadline = None
            super().connection_made(transport)
            if len(self.connections) > limits.max_connections:
                self._refuse()
                return
            self._arm_head_deadline()

        def data_received(self, data: bytes) -> None:
            super().data_received(data)
            if self.conn.their_state is not h11.IDLE:  # the request head is complete
                self._disarm_head_deadline()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            if not self.transport.is_closing() and self.conn.their_state is h11.IDLE:
                self._arm_head_deadline()

        def connection_lost(self, exc):
            self._disarm_head_deadline()
            super().connection_lost(exc)

        def _arm_head_deadline(self):
            self._disarm_head_deadline()
            self._head_deadline = self.loop.call_later(limits.header_timeout, self._head_too_slow)

        def _disarm_head_deadline(self):
            if self._head_deadline is not None:
                self._head_deadline.cancel()
                self._head_deadline = None

        def _head_too_slow(self):
            self._head_deadline = None
            if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
                self.transport.close()

        def _refuse(self):
            self.transport.abort()
            cls = type(self)
            cls._refused += 1
            now = time.monotonic()
            if now - cls._refused_logged_at > 10:  # one line per 10 s under a flood, not one per connection
                log.warning("%d connection(s) refused: over the limit of %d open connections", cls._refused,
                            limits.max_connections)
                cls._refused, cls._refused_logged_at = 0, now

    return GuardedH11Protocol


def raise_file_limit(wanted: int) -> int:
    """Raise this process' open-file limit towards `wanted` (within the hard limit); the limit now in force."""
    try:
        import resource
    except ImportError:  # not on Windows
        return wanted
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        return target
    return soft if soft != resource.RLIM_INFINITY else wanted


def server_config(app, host: str, port: int, limits: ServerLimits = ServerLimits(), log_level: str = "info"):
    """The uvicorn Config that runs `app` within `limits`."""
    import uvicorn

    # file descriptors for the database, logs and the model besides the connections
    available = raise_file_limit(limits.max_connections + 200) - 200
    if available < limits.max_connections:
        limits = ServerLimits(limits.header_timeout, limits.keep_alive, max(16, available), limits.max_header_bytes)
    return uvicorn.Config(app, host=host, port=port, http=guarded_protocol(limits), log_level=log_level,
                          # uvicorn annotates an int, but hands it to loop.call_later: seconds as a float
                          timeout_keep_alive=limits.keep_alive,  # type: ignore[arg-type]
                          server_header=False,
                          h11_max_incomplete_event_size=limits.max_header_bytes)


def serve(app, host: str, port: int, limits: ServerLimits = ServerLimits()) -> None:
    """Run `app` until interrupted."""
    import uvicorn

    uvicorn.Server(server_config(app, host, port, limits)).run()
