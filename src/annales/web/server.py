"""Running the API under uvicorn so that it holds under abuse: idle and slow clients are cut off, the number
of connections is bounded (beyond it the oldest idle connection makes room, so that a flood of idle or
trickling clients cannot lock everyone else out, nor exhaust file descriptors), a client still sending a
body after its answer (413) gets to read that answer, and the bearer token can come from a file or the
environment rather than the command line (where `ps` shows it).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

TOKEN_ENV = "ANNALES_TOKEN"


@dataclass(frozen=True)
class ServerLimits:
    """What one server allows. Defaults suit a small public data service on one machine."""

    header_timeout: float = 10.0  # from connecting (or the last response) to a complete request head
    keep_alive: float = 5.0  # an idle kept-alive connection is closed after this
    # open at once; beyond, the oldest connection with no request under way is closed to make room (when every
    # one has a request under way, the new one is closed at once)
    max_connections: int = 500
    max_header_bytes: int = 16_384  # a request line plus headers
    # after answering a request whose body is still arriving (413, 401, 408), its bytes are read and dropped
    # for this long (or this many bytes) before the close, so that the close is not a reset that destroys
    # the answer (connections.py)
    linger_seconds: float = 2.0
    linger_bytes: int = 16_000_000


def read_token(token: str | None = None, token_file: str | None = None) -> str | None:
    """The write token: --token-file's first line, else --token, else $ANNALES_TOKEN; None = read-only."""
    if token_file:
        try:
            lines = Path(token_file).read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise ValueError(
                f"Could not read the token file '{token_file}': {exc}. Give a readable UTF-8 file"
                " whose first line is the token."
            ) from None
        if not lines or not lines[0].strip():
            raise ValueError(f"The token file '{token_file}' is empty: put the token on its first line.")
        return lines[0].strip()
    return token or os.environ.get(TOKEN_ENV) or None


def guarded_protocol(limits: ServerLimits):
    """uvicorn's h11 protocol within `limits` (connections.py): a deadline for the request head, a cap on open
    connections, and a lingering close after an answer that came before the end of its request's body."""
    from .connections import GuardedH11Protocol

    return type(
        "GuardedH11Protocol",
        (GuardedH11Protocol,),
        {"limits": limits, "waiting": {}, "dropped": {}, "dropped_logged_at": 0.0},
    )


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
        limits = replace(limits, max_connections=max(16, available))
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        http=guarded_protocol(limits),
        log_level=log_level,
        # uvicorn annotates an int, but hands it to loop.call_later: seconds as a float
        timeout_keep_alive=limits.keep_alive,  # type: ignore[arg-type]
        server_header=False,
        h11_max_incomplete_event_size=limits.max_header_bytes,
    )


def serve(app, host: str, port: int, limits: ServerLimits = ServerLimits()) -> None:
    """Run `app` until interrupted."""
    import uvicorn

    uvicorn.Server(server_config(app, host, port, limits)).run()
