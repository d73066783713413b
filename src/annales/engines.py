"""Runners for the one per-article function: in this process, or across local worker processes.

Each worker loads the pipeline (spaCy model, knowledge base) once; articles go out and documents
(as plain dicts) come back in input order.
"""

from __future__ import annotations

import multiprocessing as mp
import os
from collections.abc import Iterable, Iterator

from .budget import DEFAULT_TIME_LIMIT
from .model import Article
from .readers import ReadFailure
from .records import code_items

_worker_pipeline = None
_worker_failure: Exception | None = None


def _init(
    actors_files: tuple[str, ...],
    learned: bool = False,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
    min_confidence: float | None = None,
) -> None:
    global _worker_pipeline, _worker_failure
    from .pipeline import Pipeline

    # A worker whose pipeline cannot be built must not die here: the pool would start another in its place,
    # forever. It keeps the failure and raises it with its first batch, which stops the run in the parent.
    try:
        _worker_pipeline = Pipeline(
            actors_files=actors_files, learned=learned, time_limit=time_limit, min_confidence=min_confidence
        )
        _worker_pipeline.kb  # noqa: B018 - loaded now, not on the first article
    except Exception as exc:  # noqa: BLE001 - any failure, reported to the parent with the first batch
        _worker_failure = exc


def _work_batch(args) -> list[dict]:
    if _worker_failure is not None:
        raise _worker_failure
    items, with_text = args
    return list(code_items(_worker_pipeline, items, with_text))


def _batches(items, size):
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def code_many(
    items: Iterable[Article | ReadFailure],
    *,
    workers: int = 1,
    actors_files: tuple[str, ...] = (),
    learned: bool = False,
    with_text: bool = False,
    chunksize: int = 8,
    engine: str = "local",
    address: str | None = None,
    cpus_per_worker: float = 1.0,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
    min_confidence: float | None = None,
) -> Iterator[dict]:
    """Documents for all items, in input order, using `workers` processes (1 = this process).

    engine="ray" runs the same per-article function in a Ray Data actor pool (see ray_engine). An article
    still coding after `time_limit` seconds gets error E049 and the others go on (budget.py; None: no limit).
    `min_confidence`: the event verifier's floor (None: its model card's keep threshold; 0: every event)."""
    if engine == "ray":
        from .ray_engine import code_many_ray

        yield from code_many_ray(
            items,
            workers=workers,
            actors_files=actors_files,
            with_text=with_text,
            address=address,
            cpus_per_worker=cpus_per_worker,
            time_limit=time_limit,
            min_confidence=min_confidence,
        )
        return
    if engine != "local":
        raise ValueError(f"unknown engine {engine!r}: use 'local' or 'ray'")
    if workers <= 1:
        from .pipeline import Pipeline

        pipe = Pipeline(
            actors_files=actors_files, learned=learned, time_limit=time_limit, min_confidence=min_confidence
        )
        for batch in _batches(items, chunksize):
            yield from code_items(pipe, batch, with_text)
        return
    ctx = mp.get_context("fork" if os.name == "posix" else "spawn")
    with ctx.Pool(
        workers, initializer=_init, initargs=(tuple(actors_files), learned, time_limit, min_confidence)
    ) as pool:
        for docs in pool.imap(_work_batch, ((b, with_text) for b in _batches(items, chunksize))):
            yield from docs


def default_workers() -> int:
    return max(1, (os.cpu_count() or 1))
