"""Ingest: read a feed or an archive, code what is new, store it, cluster the reports.

Articles are keyed by a hash of their text, so re-ingesting adds nothing and a run killed at any
moment (each article is written in one transaction) resumes where it stopped and ends with the same
rows as an uninterrupted run.
"""

from __future__ import annotations

import hashlib
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..engines import code_many
from ..readers import DEFAULT_MAX_CHARS, ReadFailure, read_inputs
from .clusters import DEFAULT_WINDOW_DAYS, recompute_clusters
from .db import CODER_VERSION, Store


def article_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:24]


@dataclass
class IngestSummary:
    read: int = 0
    coded: int = 0
    skipped: int = 0
    failed: int = 0
    events: int = 0
    clusters: int = 0
    seconds: float = 0.0

    def line(self) -> str:
        return (f"{self.read} articles read, {self.coded} coded, {self.skipped} already stored, {self.failed} failed, "
                f"{self.events} events, {self.clusters} clusters, {self.seconds:.1f} s")


def ingest(paths: Iterable[str], db: str, *, workers: int = 1, recode: bool = False, date: str | None = None,
           max_chars: int = DEFAULT_MAX_CHARS, actors_files: tuple[str, ...] = (),
           window_days: int = DEFAULT_WINDOW_DAYS, on_article: Callable[[IngestSummary], None] | None = None,
           store: Store | None = None, engine: str = "local", address: str | None = None,
           cpus_per_worker: float = 1.0) -> IngestSummary:
    t0 = time.perf_counter()
    own = store is None
    store = store or Store.open(db)
    summary = IngestSummary()
    known = store.known_hashes()
    pending: deque = deque()
    failures: deque = deque()  # read failures, written by the main thread (the pool reads inputs in another)

    def drain() -> None:
        while failures:
            store.write_error(*failures.popleft())

    def to_code():
        for item in read_inputs(list(paths), date=date, max_chars=max_chars):
            summary.read += 1
            if isinstance(item, ReadFailure):
                key = "path:" + hashlib.sha256(item.path.encode()).hexdigest()[:24]
                failures.append((key, item.path, item.error.code, item.error.message))
                summary.failed += 1
                if on_article:
                    on_article(summary)
                continue
            h = article_hash(item.text)
            version = known.get(h)
            if version is not None and (version == CODER_VERSION or not recode):
                summary.skipped += 1
                if on_article:
                    on_article(summary)
                continue
            known[h] = CODER_VERSION  # the same text twice in one run is coded once
            pending.append((h, item.path))
            yield item

    try:
        for doc in code_many(to_code(), workers=workers, actors_files=actors_files, with_text=True,
                             engine=engine, address=address, cpus_per_worker=cpus_per_worker):
            drain()
            h, path = pending.popleft()
            if doc["error"]:
                store.write_error(h, path or doc["article"]["id"], doc["error"]["code"], doc["error"]["message"])
                summary.failed += 1
            else:
                store.write_document(h, doc, path)
                summary.coded += 1
                summary.events += len(doc["events"])
            if on_article:
                on_article(summary)
        drain()
        summary.clusters = recompute_clusters(store, window_days)
    finally:
        if own:
            store.close()
    summary.seconds = time.perf_counter() - t0
    return summary
