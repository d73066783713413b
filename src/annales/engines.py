"""Runners for the one per-article function: in this process, or across local worker processes.

Each worker loads the pipeline (spaCy model, knowledge base) once; articles go out and documents
(as plain dicts) come back in input order.
"""

from __future__ import annotations

import multiprocessing as mp
import os
from collections.abc import Iterable, Iterator

from .model import Article
from .readers import ReadFailure

_worker_pipeline = None


def code_one(item: Article | ReadFailure, actors_files: tuple[str, ...] = (), with_text: bool = False) -> dict:
    """The per-article function every engine runs: an article (or read failure) in, a document dict out."""
    from . import Pipeline

    pipe = Pipeline(actors_files)
    return pipe.code_item(item).to_dict(with_text=with_text)


def _init(actors_files: tuple[str, ...]) -> None:
    global _worker_pipeline
    from . import Pipeline

    _worker_pipeline = Pipeline(actors_files)
    _worker_pipeline.kb  # noqa: B018 - loaded now, not on the first article


def _work(args) -> dict:
    item, with_text = args
    return _worker_pipeline.code_item(item).to_dict(with_text=with_text)


def code_many(items: Iterable[Article | ReadFailure], *, workers: int = 1, actors_files: tuple[str, ...] = (),
              with_text: bool = False, chunksize: int = 4) -> Iterator[dict]:
    """Documents for all items, in input order, using `workers` processes (1 = this process)."""
    if workers <= 1:
        for item in items:
            yield code_one(item, actors_files, with_text)
        return
    ctx = mp.get_context("fork" if os.name == "posix" else "spawn")
    with ctx.Pool(workers, initializer=_init, initargs=(tuple(actors_files),)) as pool:
        yield from pool.imap(_work, ((item, with_text) for item in items), chunksize=chunksize)


def default_workers() -> int:
    return max(1, (os.cpu_count() or 1))
