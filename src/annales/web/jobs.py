"""Coding jobs of the API: a bounded number at once (429 beyond), each with a time limit (504), and a job
whose request timed out never writes afterwards.

A thread cannot be killed, so a timed-out job may go on computing until its article's own time budget
ends it; its slot stays taken until then (the bound counts the work really running, not the requests
still waiting for an answer), and its write is cancelled: either the write began before the time limit
(the request then waits for it and answers 201) or it never happens.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from typing import TypeVar

from .errors import ApiError

T = TypeVar("T")


class Job:
    """One coding job's cancellation state, shared by the request (event loop) and its worker thread."""

    def __init__(self):
        self._lock = threading.Lock()
        self.cancelled = False
        self.committing = False

    def begin_commit(self) -> bool:
        """Called by the worker before it writes: True when it may write (from then on the job cannot be
        cancelled), False when the request has already given up on it."""
        with self._lock:
            if self.cancelled:
                return False
            self.committing = True
            return True

    def cancel(self) -> bool:
        """Called when the request gives up: True when the job is now cancelled, False when its write has begun."""
        with self._lock:
            if self.committing:
                return False
            self.cancelled = True
            return True


class CodingJobs:
    """At most `limit` jobs running at once; each request waits at most `timeout` seconds for its own."""

    def __init__(self, limit: int, timeout: float, retry_after: int = 5):
        self.limit, self.timeout, self.retry_after = limit, timeout, retry_after
        self.running = 0  # changed on the event loop only

    async def run(self, work: Callable[[Job], T]) -> T:
        """`work(job)` on a worker thread; 429 when `limit` jobs already run, 504 (and the job cancelled)
        when it takes longer than `timeout`."""
        if self.running >= self.limit:
            raise ApiError(429, "too_many_jobs", f"{self.limit} coding jobs are already running; retry in"
                                                 f" {self.retry_after} s.", {"Retry-After": str(self.retry_after)})
        self.running += 1
        job = Job()
        task = asyncio.ensure_future(asyncio.to_thread(work, job))
        task.add_done_callback(self._finished)
        try:
            done, _ = await asyncio.wait({task}, timeout=self.timeout)
        except asyncio.CancelledError:  # the client went away: nobody will see the result
            job.cancel()
            raise
        if not done and job.cancel():
            raise ApiError(504, "timeout", f"Coding took longer than {self.timeout:g} s and was cancelled (nothing"
                                           " was stored); send a shorter article.")
        return await task  # finished, or its write began in time: wait for the write

    def _finished(self, task: asyncio.Future) -> None:
        self.running -= 1
        if not task.cancelled():
            task.exception()  # retrieved here: a job nobody waits for any more must not log "never retrieved"
