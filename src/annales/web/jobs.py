"""Coding jobs of the API, run in worker processes: a bounded number at once (429 beyond), each with a time
limit after which its process is killed (504: the work really stops, and nothing is stored).

Why processes and not threads: a thread cannot be stopped, so a timed-out job would go on burning CPU
(and used to store its article after the 504), and coding threads hold the interpreter lock that the read
endpoints need, so a few coding requests slowed every read. A worker loads the pipeline once, serves jobs
one at a time, and exits after `idle_exit` seconds without work.
"""

from __future__ import annotations

import asyncio
import atexit
import json
import os
import pickle
import select
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from typing import IO

from .errors import ApiError
from .worker import PATH_ENV


def code_article(request: dict) -> dict:
    """The default job: annales.code over a request's fields; the output contract's document."""
    import annales

    fields = dict(request)
    with_text = fields.pop("with_text", False)
    html, text = fields.pop("html", None), fields.pop("text", None)
    return annales.code(html or text, html=bool(html), errors="record", **fields).to_dict(with_text=with_text)


def _pipe(stream: IO[bytes] | None) -> IO[bytes]:
    """A pipe of a worker process (asked for with subprocess.PIPE, so it is there)."""
    if stream is None:
        raise RuntimeError("the worker process has no pipe")
    return stream


class CodingWorker:
    """One worker process (annales.web.worker) and the pipes to it. Its methods block: call them from a thread."""

    def __init__(self, coder: Callable[[dict], dict], idle_exit: float, start_timeout: float):
        if coder.__module__ == "__main__":
            raise ValueError("The coder must be importable by the worker: define it in a module, not in __main__.")
        env = {**os.environ, PATH_ENV: json.dumps(sys.path)}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "annales.web.worker", f"{coder.__module__}:{coder.__qualname__}", str(idle_exit)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
        )
        self.requests, self.replies = _pipe(self.process.stdin), _pipe(self.process.stdout)
        if not select.select([self.replies], [], [], start_timeout)[0]:
            self.kill()
            raise ApiError(
                503,
                "coder_starting",
                f"The coding worker did not start in {start_timeout:g} s; retry in a minute.",
                {"Retry-After": "60"},
            )
        try:
            pickle.load(self.replies)
        except EOFError:
            self.kill()
            raise ApiError(
                503,
                "coder_starting",
                "The coding worker failed to start (see the server's log); retry in a minute.",
                {"Retry-After": "60"},
            ) from None
        self.last_used = time.monotonic()

    def code(self, request: dict) -> dict:
        self.last_used = time.monotonic()
        try:
            self.requests.write(pickle.dumps(request))
            self.requests.flush()
            status, value = pickle.load(self.replies)
        except (EOFError, OSError, ValueError):  # the worker died (or was killed under us)
            raise ApiError(
                422,
                "coding_failed",
                "Coding this article stopped its worker process (out of memory or"
                " a crash); it was skipped. Send it in smaller parts.",
            ) from None
        if status == "error":
            raise value
        return value

    def fresh(self, idle_exit: float) -> bool:
        """Alive, and not about to exit for idling (a job sent just then would find it gone)."""
        return self.process.poll() is None and time.monotonic() - self.last_used < idle_exit * 0.8

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(5)
        for pipe in (self.requests, self.replies):
            try:
                pipe.close()
            except OSError:
                pass


class WorkerPool:
    """Warm workers for one coder, shared by every app of the process (tests build many apps; a server one).
    Thread-safe: taken from and given back to by the threads that run the jobs."""

    def __init__(self, coder: Callable[[dict], dict], idle_exit: float, start_timeout: float):
        self.coder, self.idle_exit, self.start_timeout = coder, idle_exit, start_timeout
        self.cond = threading.Condition()
        self.idle: list[CodingWorker] = []
        self.starting = 0

    def prestart(self) -> None:
        """Start one worker in the background unless one is idle or starting: the first request finds it warm."""
        with self.cond:
            if self.idle or self.starting:
                return
            self.starting += 1
        threading.Thread(target=self._start, daemon=True, name="annales-coder-start").start()

    def _start(self) -> None:
        try:
            worker = CodingWorker(self.coder, self.idle_exit, self.start_timeout)
        except ApiError:
            worker = None
        with self.cond:
            self.starting -= 1
            if worker is not None:
                self.idle.append(worker)
            self.cond.notify_all()

    def take(self) -> CodingWorker:
        """An idle worker, else the one starting (waited for), else a new one. Blocks."""
        stale: list[CodingWorker] = []
        with self.cond:
            while True:
                while self.idle:
                    worker = self.idle.pop()
                    if worker.fresh(self.idle_exit):
                        _kill_all(stale)
                        return worker
                    stale.append(worker)  # exited, or about to, after idling
                if not self.starting or not self.cond.wait(self.start_timeout):
                    break
        _kill_all(stale)
        return CodingWorker(self.coder, self.idle_exit, self.start_timeout)

    def give(self, worker: CodingWorker) -> None:
        with self.cond:
            self.idle.append(worker)
            self.cond.notify_all()

    def close(self) -> None:
        with self.cond:
            workers, self.idle = self.idle, []
        _kill_all(workers)


_POOLS: dict[tuple, WorkerPool] = {}
_POOLS_LOCK = threading.Lock()


@atexit.register
def _close_pools() -> None:
    # idle workers would exit on their own once their pipe closes, but only after unloading the pipeline
    for pool in list(_POOLS.values()):
        pool.close()


def worker_pool(coder: Callable[[dict], dict], idle_exit: float = 300.0, start_timeout: float = 120.0) -> WorkerPool:
    with _POOLS_LOCK:
        key = (coder, idle_exit)
        if key not in _POOLS:
            _POOLS[key] = WorkerPool(coder, idle_exit, start_timeout)
        return _POOLS[key]


class CodingJobs:
    """At most `limit` jobs at once, each in a worker process of its own, each given at most `timeout` seconds."""

    def __init__(
        self,
        limit: int,
        timeout: float,
        coder: Callable[[dict], dict] = code_article,
        retry_after: int = 5,
        idle_exit: float = 300.0,
        prestart: bool = True,
    ):
        self.limit, self.timeout, self.retry_after = limit, timeout, retry_after
        self.pool = worker_pool(coder, idle_exit)
        self.running = 0  # changed on the event loop only
        if prestart:
            self.pool.prestart()

    async def run(self, request: dict) -> dict:
        """The coder's answer for `request`; 429 when `limit` jobs already run, 504 when it takes longer than
        `timeout` seconds (its worker is then killed)."""
        if self.running >= self.limit:
            raise ApiError(
                429,
                "too_many_jobs",
                f"{self.limit} coding jobs are already running; retry in {self.retry_after} s.",
                {"Retry-After": str(self.retry_after)},
            )
        self.running += 1
        worker = None
        try:
            worker = await asyncio.to_thread(self.pool.take)
            task = asyncio.ensure_future(asyncio.to_thread(worker.code, request))
            done, _ = await asyncio.wait({task}, timeout=self.timeout)
            if not done:
                task.add_done_callback(lambda t: t.cancelled() or t.exception())  # its EOF error is expected
                await asyncio.to_thread(worker.kill)
                worker = None
                self.pool.prestart()  # a warm replacement for the next request
                raise ApiError(
                    504,
                    "timeout",
                    f"Coding took longer than {self.timeout:g} s and was stopped (nothing"
                    " was stored); send a shorter article.",
                )
            result = task.result()
        except asyncio.CancelledError:  # the client went away: stop its work too
            if worker is not None:
                worker.process.kill()  # not waited for here: the event loop must not block
                worker = None
            raise
        except ApiError as exc:
            if exc.code == "coding_failed" and worker is not None:
                worker.kill()
                worker = None
            raise
        finally:
            if worker is not None:
                self.pool.give(worker)
            self.running -= 1
        return result


def _kill_all(workers: list[CodingWorker]) -> None:
    while workers:
        workers.pop().kill()
