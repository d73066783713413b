"""Ingest: read a feed or an archive, code what is new, store it (or write it as a Parquet dataset),
cluster the reports.

Articles are keyed by a hash of their text, so re-ingesting adds nothing and a run killed at any
moment (each article is written in one transaction) resumes where it stopped and ends with the same
rows as an uninterrupted run. Every input becomes one record (`article_record`): its key, path and
document or error; the store, the dataset writer and the dataset loader all go through it.
"""

from __future__ import annotations

import json
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain

from ..budget import DEFAULT_TIME_LIMIT, check_time_limit
from ..engines import code_many
from ..errors import AnnalesError
from ..feeds import FeedReader
from ..fetch import Fetcher
from ..model import Article
from ..pages import read_sources
from ..readers import DEFAULT_MAX_CHARS, ReadFailure
from ..records import article_hash, article_record, store_key  # noqa: F401 - article_hash: part of ingest's API
from .clusters import DEFAULT_WINDOW_DAYS, update_clusters
from .db import CODER_VERSION, Store
from .feeds import load_positions, mark_seen, save_position


def save_record(store: Store, record: dict) -> None:
    if record["error_code"]:
        store.write_error(record["key"], record["path"], record["error_code"], record["error_message"])
    elif record["document"] is not None:
        store.write_document(record["key"], json.loads(record["document"]), record["path"])


@dataclass
class IngestSummary:
    read: int = 0
    coded: int = 0
    skipped: int = 0
    failed: int = 0
    events: int = 0
    clusters: int = 0
    seconds: float = 0.0
    reasons: Counter = field(default_factory=Counter)  # error code -> inputs that failed with it
    failures: list = field(default_factory=list)  # (path, message) of the first MAX_LISTED failures
    warnings: Counter = field(default_factory=Counter)  # warning code -> articles coded with it
    notes: list = field(default_factory=list)  # what each feed gave (items, new, not modified)

    MAX_LISTED = 1000  # the rest are in the store's errors table

    def count(self, record: dict, doc: dict | None = None) -> None:
        """Count a record written (or to be written): coded with its events (and the document's warnings), or failed."""
        self.coded += record["ok"]
        if record["ok"] and doc is not None:
            self.warnings.update({w["code"] for w in doc.get("warnings") or []})
        self.events += record["n_events"]
        if not record["ok"]:
            self.fail(record["error_code"], record["path"], record["error_message"])

    def fail(self, code: str | None, path: str | None, message: str | None) -> None:
        """Count one input that failed, remembering why."""
        self.failed += 1
        self.reasons[code or "unknown"] += 1
        if len(self.failures) < self.MAX_LISTED:
            self.failures.append((path, message))

    def line(self) -> str:
        return (
            f"{self.read} articles read, {self.coded} coded, {self.skipped} already stored, {self.failed} failed, "
            f"{self.events} events, {self.clusters} clusters, {self.seconds:.1f} s"
        )


def _unstored(
    items: Iterable[Article | ReadFailure],
    known: dict[str, str],
    summary: IngestSummary,
    *,
    recode: bool,
    on_article,
    failures: deque | None = None,
    stored: deque | None = None,
) -> Iterator[Article | ReadFailure]:
    """The inputs still to code (the same text twice is coded once); read failures go to `failures`
    when given, else they are yielded too; articles stored already go to `stored` when given."""
    for item in items:
        summary.read += 1
        if isinstance(item, ReadFailure):
            summary.fail(item.error.code, item.path, item.error.message)
            if failures is None:
                yield item
            else:
                failures.append(item)
            if on_article:
                on_article(summary)
            continue
        h = article_hash(item.text)
        version = known.get(h)
        if version is not None and (version == CODER_VERSION or not recode):
            summary.skipped += 1
            if stored is not None:
                stored.append(item)
            if on_article:
                on_article(summary)
            continue
        known[h] = CODER_VERSION
        yield item


@dataclass(frozen=True)
class _Run:
    """How one ingest reads and codes its inputs: the settings every way through it shares."""

    fetcher: Fetcher
    workers: int
    date: str | None
    max_chars: int
    actors_files: tuple[str, ...]
    engine: str
    address: str | None
    cpus_per_worker: float
    time_limit: float | None
    on_article: Callable[[IngestSummary], None] | None

    def read(self, paths: list[str]) -> Iterator[Article | ReadFailure]:
        """The inputs the driver reads (files, folders, URLs), read failures among them."""
        return read_sources(paths, date=self.date, max_chars=self.max_chars, fetcher=self.fetcher)

    def shard_options(self) -> dict:
        """What the Ray workers that read their own shards of the inputs need to know (ray_engine's
        iter_shard_records and shard_records)."""
        return {
            "date": self.date,
            "max_chars": self.max_chars,
            "workers": self.workers,
            "actors_files": self.actors_files,
            "address": self.address,
            "cpus_per_worker": self.cpus_per_worker,
            "time_limit": self.time_limit,
        }

    def tick(self, summary: IngestSummary) -> None:
        """Tell the caller (a progress bar) that one more input was handled."""
        if self.on_article:
            self.on_article(summary)


def ingest(
    paths: Iterable[str],
    db: str | None = None,
    *,
    out: str | None = None,
    workers: int = 1,
    recode: bool = False,
    date: str | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
    actors_files: tuple[str, ...] = (),
    window_days: int = DEFAULT_WINDOW_DAYS,
    on_article: Callable[[IngestSummary], None] | None = None,
    store: Store | None = None,
    engine: str = "local",
    address: str | None = None,
    cpus_per_worker: float = 1.0,
    feeds: Iterable[str] = (),
    fetcher: Fetcher | None = None,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
) -> IngestSummary:
    """Code `paths` (files, folders, URLs) and the new items of `feeds` into the store `db`, or (with `out`)
    into a Parquet dataset folder; paths that are such dataset folders are loaded into the store instead
    of coded. `fetcher` makes the run's requests (its timeout and delay; default: fetch.Fetcher()). An
    article still coding after `time_limit` seconds gets error E049 (stored as its error row) and the others
    go on, in every engine."""
    paths, feeds = list(paths), list(feeds)
    fetcher = fetcher or Fetcher()
    time_limit = check_time_limit(time_limit)
    datasets = _datasets_to_load(paths, feeds, db, out)
    run = _Run(
        fetcher, workers, date, max_chars, actors_files, engine, address, cpus_per_worker, time_limit, on_article
    )
    t0 = time.perf_counter()
    summary = IngestSummary()
    if out:
        _ingest_to_dataset(paths, out, summary, run, window_days)
        summary.seconds = time.perf_counter() - t0
        return summary
    own = store is None
    store = store or Store.open(db or "events.db")
    try:
        if datasets:
            _load_datasets(datasets, store, summary, recode=recode, on_article=on_article)
        else:
            _ingest_to_store(paths, store, summary, run, recode=recode, feeds=feeds)
        summary.clusters = update_clusters(store, window_days)
    finally:
        if own:
            store.close()
    summary.seconds = time.perf_counter() - t0
    return summary


def _datasets_to_load(paths: list[str], feeds: list[str], db: str | None, out: str | None) -> list[str]:
    """The dataset folders among `paths`, to be loaded rather than coded, once the targets are checked: a
    store or a dataset, not both (E021); no feeds into a dataset (E056); dataset folders only alone and only
    into a store (E024)."""
    from .layout import is_dataset

    if db and out:
        raise AnnalesError("E021")
    if feeds and out:
        raise AnnalesError("E056")
    datasets = [p for p in paths if is_dataset(p)]
    if datasets and (out or len(datasets) < len(paths)):
        raise AnnalesError("E024", path=datasets[0])
    return datasets


def _ingest_shards_on_ray(paths, store, summary, run: _Run, *, recode) -> bool:
    """Ingest files that Ray workers read themselves (the driver writes the store); False when some input
    needs the driver (ray_engine.shard_files), and nothing was done."""
    from ..ray_engine import iter_shard_records, shard_files

    files = shard_files(paths)
    if files is None:
        return False
    skip = frozenset(h for h, v in store.known_hashes().items() if v == CODER_VERSION or not recode)
    records = iter_shard_records(files, skip_keys=skip, **run.shard_options())
    for record in records:
        summary.read += 1 + record["copies"]
        summary.skipped += record["copies"] + record["stored"]
        if not record["stored"]:
            save_record(store, record)
            summary.count(record)
        run.tick(summary)
    return True


def _ingest_to_store(paths, store, summary, run: _Run, *, recode, feeds=()) -> None:
    """Code the inputs and the feeds' new items into the store, one transaction per article: read failures
    and the feed items of articles stored already are written by this (the main) thread as coding goes."""
    # feeds are read by the driver, which remembers their positions
    if run.engine == "ray" and not feeds and _ingest_shards_on_ray(paths, store, summary, run, recode=recode):
        return
    pending: deque = deque()
    failures: deque = deque()  # read failures, written by the main thread (the pool reads inputs in another)
    stored: deque = deque()  # articles found stored already: their feed items are remembered by the main thread
    reader = (
        FeedReader(load_positions(store, feeds), run.fetcher, date=run.date, max_chars=run.max_chars) if feeds else None
    )

    def remember(item, ok: bool) -> None:
        entry = reader.entry_of(item) if reader else None
        if entry is not None and ok:
            mark_seen(store, entry)

    def drain() -> None:
        while failures:
            item = failures.popleft()
            save_record(store, article_record(item))
            remember(item, False)
        while stored:
            remember(stored.popleft(), True)

    known = store.known_hashes()  # here: to_code runs in the pool's feeder thread, which must not use the store
    items = run.read(paths)
    if reader:
        items = chain(items, reader.items())

    def to_code():
        for item in _unstored(
            items, known, summary, recode=recode, on_article=run.on_article, failures=failures, stored=stored
        ):
            pending.append(item)
            yield item

    for doc in code_many(
        to_code(),
        workers=run.workers,
        actors_files=run.actors_files,
        with_text=True,
        engine=run.engine,
        address=run.address,
        cpus_per_worker=run.cpus_per_worker,
        time_limit=run.time_limit,
    ):
        drain()
        item = pending.popleft()
        record = article_record(item, doc)
        save_record(store, record)
        remember(item, bool(record["ok"]))
        summary.count(record, doc)
        run.tick(summary)
    drain()
    if reader:
        _save_feed_positions(store, reader, summary)


def _save_feed_positions(store, reader: FeedReader, summary: IngestSummary) -> None:
    """Remember where each feed that answered was read to, and what each feed gave."""
    for position in reader.positions.values():
        if position.answered:
            save_position(store, position)
    summary.notes.extend(reader.notes)


def _ingest_to_dataset(paths, out, summary, run: _Run, window_days, part_size: int = 1000) -> None:
    """Code into a Parquet dataset folder (see store/dataset.py); on Ray, the workers write it."""
    from .dataset import check_out_dir, write_marker

    out_dir = check_out_dir(out)
    if run.engine == "ray":
        _dataset_on_ray(paths, out_dir, summary, run, window_days)
    else:
        _dataset_here(paths, out_dir, summary, run, window_days, part_size)
    write_marker(
        out_dir,
        articles=summary.coded + summary.failed,
        coded=summary.coded,
        failed=summary.failed,
        events=summary.events,
        clusters=summary.clusters,
    )


def _read_here(paths, summary, run: _Run) -> Iterator[Article | ReadFailure]:
    """The inputs read by the driver for a dataset (read failures travel with the articles, as error records)."""
    return _unstored(run.read(paths), {}, summary, recode=False, on_article=run.on_article)


def _dataset_on_ray(paths, out_dir, summary, run: _Run, window_days) -> None:
    """The dataset written by Ray workers: they read the inputs too where they can (files), else the driver
    reads them and the workers code and write."""
    from ..ray_engine import shard_files, shard_records, write_dataset_ray, write_records_ray

    files = shard_files(paths)
    if files is not None:  # the workers read the inputs too
        counts = write_records_ray(
            shard_records(files, **run.shard_options()),
            out_dir,
            window_days,
        )
        summary.read, summary.skipped = counts["read"], counts["skipped"]
    else:
        counts = write_dataset_ray(
            _read_here(paths, summary, run),
            out_dir,
            workers=run.workers,
            actors_files=run.actors_files,
            address=run.address,
            cpus_per_worker=run.cpus_per_worker,
            window_days=window_days,
            time_limit=run.time_limit,
        )
    summary.coded, summary.failed, summary.events = counts["coded"], counts["failed"], counts["events"]
    summary.clusters = counts["clusters"]


def _dataset_here(paths, out_dir, summary, run: _Run, window_days, part_size: int) -> None:
    """The dataset coded by this machine's processes, written in parts of `part_size` records, then clustered."""
    from .dataset import LocalDatasetWriter, cluster_dataset, records_table

    items = _read_here(paths, summary, run)
    writer = LocalDatasetWriter(out_dir)
    pending: deque = deque()
    batch: list[dict] = []

    def to_code():
        for item in items:
            pending.append(item)
            yield item

    for doc in code_many(
        to_code(), workers=run.workers, actors_files=run.actors_files, with_text=True, time_limit=run.time_limit
    ):
        item = pending.popleft()
        record = article_record(item, doc)
        batch.append(record)
        summary.coded += record["ok"]
        summary.events += record["n_events"]
        if isinstance(item, Article) and not record["ok"]:  # read failures were counted as they were read
            summary.fail(record["error_code"], record["path"], record["error_message"])
        run.tick(summary)
        if len(batch) >= part_size:
            writer.write(records_table(batch))
            batch = []
    if batch:
        writer.write(records_table(batch))
    summary.clusters = cluster_dataset(out_dir, window_days)


def _load_datasets(datasets, store, summary, *, recode, on_article) -> None:
    """Load datasets written by `--out` into the store, as a direct ingest would have written them."""
    from .dataset import iter_records

    known = store.known_hashes()
    for path in datasets:
        for record in iter_records(path):
            summary.read += 1
            version = known.get(record["key"])
            if record["ok"] and version is not None and (version == CODER_VERSION or not recode):
                summary.skipped += 1
            else:
                save_record(store, record)
                summary.count(record)
                known[record["key"]] = CODER_VERSION
            if on_article:
                on_article(summary)
