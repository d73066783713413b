"""What one connection to the API server may hold, and how it ends: uvicorn's h11 protocol plus a deadline
for the request head, a cap on open connections that makes room by closing the oldest idle one, and a
lingering close after an answer sent before the request's body ended. server.guarded_protocol gives it
its limits.

Why these: uvicorn times out idle kept-alive connections only after a first response, so a client that
connects and sends nothing, or sends its headers a byte at a time, would hold its socket for ever; a cap
that only refused new connections would let a thousand such clients lock everyone else out (health checks
included); and a close with the client's bytes unread is a reset that can destroy the 413 it follows.
"""

from __future__ import annotations

import logging
import time
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

log = logging.getLogger("annales.web")


class _ClosingThroughProtocol:
    """The transport as uvicorn's protocol sees it: every close it asks for goes through `protocol.close_or_linger`;
    everything else is the transport's own."""

    def __init__(self, transport, protocol):
        self.raw, self._protocol = transport, protocol

    def close(self) -> None:
        self._protocol.close_or_linger()

    def is_closing(self) -> bool:
        return self._protocol.lingering or self.raw.is_closing()

    def __getattr__(self, name):
        return getattr(self.raw, name)


class GuardedH11Protocol(H11Protocol):
    """One connection. A subclass per server sets `limits` (server.ServerLimits), `waiting` (its connections
    waiting for a request head, the longest waiting first) and the `dropped` log's state."""

    limits: Any  # server.ServerLimits, set on each server's subclass (not imported: server imports this module)
    transport: Any  # uvicorn's transport, wrapped in _ClosingThroughProtocol once connected
    waiting: dict[GuardedH11Protocol, None] = {}
    dropped: dict[str, int] = {}
    dropped_logged_at = 0.0

    def connection_made(self, transport):
        self._head_deadline = self._linger_end = None
        self.lingering, self._drained = False, 0
        super().connection_made(transport)
        self.transport = _ClosingThroughProtocol(transport, self)  # before any request cycle takes it
        if len(self.connections) > self.limits.max_connections and not self._make_room():
            self.transport.abort()
            self._note_dropped("new ones refused (every one open had a request under way)")
            return
        self._arm_head_deadline()

    def data_received(self, data: bytes) -> None:
        if self.lingering:  # the body of a request already answered: dropped unread
            self._drained += len(data)
            if self._drained > self.limits.linger_bytes:
                self.transport.raw.close()
            return
        super().data_received(data)
        if self.conn.their_state is not h11.IDLE:  # the request head is complete
            self._disarm_head_deadline()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing() and self.conn.their_state is h11.IDLE:
            self._arm_head_deadline()

    def connection_lost(self, exc):
        self._disarm_head_deadline()
        if self._linger_end is not None:
            self._linger_end.cancel()
        super().connection_lost(exc)

    def _make_room(self) -> bool:
        """Close the connection that has waited longest for a request head (new, sending its head slowly, or
        kept alive), so that a new client gets in; False when every connection has a request under way. The
        longest waiting, so that a flood of new connections does not push out the one that came just before it
        and is sending its request now."""
        if not self.waiting:
            return False
        oldest = next(iter(self.waiting))
        oldest._disarm_head_deadline()
        oldest.transport.close()
        self._note_dropped("idle ones closed to make room")
        return True

    def close_or_linger(self) -> None:
        """Close; but when the client is still sending the request's body, linger first.

        The answer came before the end of the body (413, 401, 408). Closed now, with the client's bytes unread,
        the kernel would send a reset, which can destroy the answer before the client reads it. So: the answer,
        then end-of-stream; the body's bytes are read and dropped until the client closes, for `linger_seconds`
        and `linger_bytes` at most (the connection keeps its slot until then)."""
        raw = self.transport.raw
        if self.lingering or raw.is_closing() or self.conn.their_state is not h11.SEND_BODY or not raw.can_write_eof():
            raw.close()
            return
        self.lingering = True
        self._disarm_head_deadline()
        raw.write_eof()
        raw.resume_reading()
        self._linger_end = self.loop.call_later(self.limits.linger_seconds, raw.close)

    def _arm_head_deadline(self):
        """From now, the connection waits for a request head: for `header_timeout` at most."""
        self._disarm_head_deadline()
        self._head_deadline = self.loop.call_later(self.limits.header_timeout, self._head_too_slow)
        self.waiting[self] = None

    def _disarm_head_deadline(self):
        if self._head_deadline is not None:
            self._head_deadline.cancel()
            self._head_deadline = None
            self.waiting.pop(self, None)

    def _head_too_slow(self):
        self._disarm_head_deadline()
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            self.transport.close()

    def _note_dropped(self, why: str) -> None:
        cls = type(self)
        cls.dropped[why] = cls.dropped.get(why, 0) + 1
        now = time.monotonic()
        if now - cls.dropped_logged_at > 10:  # one line per 10 s under a flood, not one per connection
            log.warning(
                "over the limit of %d open connections: %s",
                self.limits.max_connections,
                "; ".join(f"{n} {why}" for why, n in cls.dropped.items()),
            )
            cls.dropped, cls.dropped_logged_at = {}, now
