"""The Ray runner: the same per-article function as the local engine, in a Ray Data actor pool.

The boundary is "Arrow batch of articles in, Arrow batch of documents out": `articles_table` turns
articles into an Arrow table, each pool actor holds one loaded pipeline and runs `code_table` on its
batches, and the driver turns the documents back into dicts, in input order. Ray is imported only
here, so the local engine never pays for it.
"""

from __future__ import annotations

import json
import logging
import os
import pickle
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .budget import DEFAULT_TIME_LIMIT
from .errors import AnnalesError
from .extras import require
from .model import Article
from .readers import ReadFailure

if TYPE_CHECKING:  # pyarrow has no type information: these are Any to mypy
    from pyarrow import Table

pa = require("pyarrow", "ray", "The Ray engine (--engine ray)")
require("ray", "ray", "The Ray engine (--engine ray)")

ARTICLE_FIELDS = ("id", "text", "title", "date", "url", "source", "language", "path")
# Bounded, unlike Ray's defaults (actors restart forever): a worker killed mid-run is replaced a few
# times and its batch re-run; a batch that keeps killing workers fails the job with Ray's error.
MAX_RESTARTS = 3
# Articles handed to Ray at a time: bounds the driver's memory on archives of any size.
WINDOW = 20_000


def articles_table(items: list[Article | ReadFailure]) -> Table:
    """Articles as Arrow columns; a read failure travels as its pickled record in `failure`."""
    cols: dict[str, list] = {f: [] for f in ARTICLE_FIELDS}
    cols["warnings"] = []
    cols["failure"] = []
    for it in items:
        if isinstance(it, ReadFailure):
            for f in ARTICLE_FIELDS:
                cols[f].append(getattr(it, f, None) if f != "text" else "")
            cols["warnings"].append("[]")
            cols["failure"].append(pickle.dumps(it))
        else:
            for f in ARTICLE_FIELDS:
                cols[f].append(getattr(it, f))
            cols["warnings"].append(json.dumps(it.warnings))
            cols["failure"].append(None)
    schema = pa.schema(
        [(f, pa.string()) for f in ARTICLE_FIELDS] + [("warnings", pa.string()), ("failure", pa.binary())]
    )
    return pa.table(cols, schema=schema)


def table_articles(table: Table) -> list[Article | ReadFailure]:
    items: list[Article | ReadFailure] = []
    for row in table.to_pylist():
        if row["failure"] is not None:
            items.append(pickle.loads(row["failure"]))
        else:
            items.append(
                Article(
                    **{f: row[f] for f in ARTICLE_FIELDS if row[f] is not None or f == "text"},
                    warnings=json.loads(row["warnings"] or "[]"),
                )
            )
    return items


def code_table(pipe, table: Table, with_text: bool = False) -> Table:
    """The per-article function on one Arrow batch: one row per article, its document as JSON."""
    from .records import code_items

    docs = list(code_items(pipe, table_articles(table), with_text=with_text))
    return pa.table(
        {"id": [d["article"]["id"] for d in docs], "document": [json.dumps(d, ensure_ascii=False) for d in docs]}
    )


class _PipelineActor:
    """One Ray actor: loads the pipeline once, then codes the batches it is given."""

    def __init__(
        self,
        actors_files: tuple[str, ...],
        with_text: bool,
        time_limit: float | None = DEFAULT_TIME_LIMIT,
        min_confidence: float | None = None,
    ):
        from .pipeline import Pipeline

        self.pipe = Pipeline(actors_files=actors_files, time_limit=time_limit, min_confidence=min_confidence)
        self.pipe.kb  # noqa: B018 - loaded now, not on the first batch
        self.with_text = with_text

    def __call__(self, batch: Table) -> Table:
        return code_table(self.pipe, batch, self.with_text)


class _RecordActor(_PipelineActor):
    """A pool actor that turns its batch into store records (key, path, document or error), not documents.

    Rows marked `stored` (already in the store) are passed through uncoded; `copies` and `stored`
    travel on so the driver can count what was skipped."""

    def __call__(self, batch: Table) -> Table:
        from .records import article_record, code_items
        from .store.dataset import records_table

        items = table_articles(batch)
        n = len(items)
        stored = batch.column("stored").to_pylist() if "stored" in batch.column_names else [0] * n
        copies = batch.column("copies").to_pylist() if "copies" in batch.column_names else [0] * n
        docs = iter(code_items(self.pipe, [it for it, s in zip(items, stored, strict=True) if not s], with_text=True))
        table = records_table(
            article_record(it, None if s else next(docs)) for it, s in zip(items, stored, strict=True)
        )
        return table.append_column("copies", pa.array(copies, pa.int64())).append_column(
            "stored", pa.array(stored, pa.int64())
        )


def shard_files(paths: list[str]) -> list[str] | None:
    """The files Ray workers can read for these inputs, in the order the local readers read them; None
    when an input needs the driver (standard input, a .zip archive, a path that does not exist, a folder
    with entries that get an error row of their own: no suffix, a link to nothing)."""
    from .readers import folder_entries

    files: list[str] = []
    for p in paths:
        path = Path(p)
        if p == "-" or not path.exists():
            return None
        entries = folder_entries(path) if path.is_dir() else [(path, None)]
        if any(problem is not None for _, problem in entries):
            return None
        members = [f for f, _ in entries]
        if any(f.suffix.lower() == ".zip" for f in members):
            return None
        files += [str(f) for f in members]
    return files


def _articles_of_files(
    batch: Table, *, order: dict[str, int], skip_keys: frozenset, date: str | None, max_chars: int
) -> Table:
    """Read on a worker: file paths -> article rows, with the store key, the input position and whether the
    store has it already. The local readers' own per-file function opens and reads each file, streamed and
    bounded by `max_chars` as locally. (Not Ray's file reading: it reads a file whole before any limit, and
    decompresses a .gz by its name, handing on bytes that are no longer what the name says: each row of a
    .jsonl.gz was lost in one error.)"""
    from .readers import read_file
    from .records import store_key

    items, keys, ordinals = [], [], []
    for name in batch.column("path").to_pylist():
        for n, item in enumerate(read_file(Path(name), date=date, max_chars=max_chars)):
            items.append(item)
            keys.append(store_key(item))
            ordinals.append(order[name] * 2**32 + n)
    table = articles_table(items)
    return (
        table.append_column("key", pa.array(keys, pa.string()))
        .append_column("ordinal", pa.array(ordinals, pa.int64()))
        .append_column("stored", pa.array([int(k in skip_keys) for k in keys], pa.int64()))
    )


def _first_copy(group: Table) -> Table:
    """Of the inputs with one text, the first in input order (as locally), counting the other copies."""
    first = group.sort_by("ordinal").slice(0, 1)
    return first.append_column("copies", pa.array([group.num_rows - 1], pa.int64()))


def _check_reachable(address: str) -> None:
    """Fail in seconds on a host:port nobody listens on (Ray itself retries for minutes)."""
    import socket

    if address == "auto":
        return
    hostport = address.removeprefix("ray://")
    host, _, port = hostport.rpartition(":")
    if not host or not port.isdigit():
        raise AnnalesError("E020", address=address, detail="expected auto, host:port or ray://host:port")
    try:
        socket.create_connection((host, int(port)), timeout=5).close()
    except OSError as exc:
        raise AnnalesError("E020", address=address, detail=f"nothing answers there ({exc.strerror or exc})") from None


def connect(address: str | None, workers: int, cpus_per_worker: float) -> None:
    """Join the cluster at `address` ("auto", "ray://host:port"), or start a local one sized for the pool."""
    import ray

    if ray.is_initialized():
        return
    kwargs: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False, "configure_logging": False}
    if address:
        _check_reachable(address)
        try:
            ray.init(address=address, **kwargs)
        except (ConnectionError, RuntimeError, ray.exceptions.RayError) as exc:
            raise AnnalesError("E020", address=address, detail=str(exc).splitlines()[0][:200]) from None
    else:
        ray.init(num_cpus=max(1, int(workers * cpus_per_worker + 0.999)), **kwargs)


def _start_pool(address: str | None, workers: int, cpus_per_worker: float, *, preserve_order: bool) -> int:
    """Connect, set up Ray Data, and return the pool size (`workers`, or one per cluster CPU for 0)."""
    import ray

    connect(address, workers or os.cpu_count() or 1, cpus_per_worker)
    if workers <= 0:  # as many workers as the cluster has CPUs for
        workers = max(1, int(ray.cluster_resources().get("CPU", 1) // cpus_per_worker))
    ctx = ray.data.DataContext.get_current()
    ctx.execution_options.preserve_order = preserve_order
    ctx.enable_progress_bars = False
    # Sort-based shuffles run as tasks; the default hash shuffle keeps aggregator actors holding CPUs that
    # the coding pool then waits for (on a small cluster, forever).
    ctx.shuffle_strategy = ray.data.context.ShuffleStrategy.SORT_SHUFFLE_PULL_BASED
    # Ray Data's per-dataset INFO lines would drown our progress bar; set after import, which configures them
    logging.getLogger("ray.data").setLevel(logging.WARNING)
    return workers


def _pool_options(batch_size: int, workers: int, cpus_per_worker: float) -> dict:
    """map_batches' options for a pool of coding actors: Arrow batches of `batch_size` articles, `workers`
    actors of `cpus_per_worker` CPUs each, a killed actor restarted and its batch retried MAX_RESTARTS times."""
    import ray

    return {
        "batch_size": batch_size,
        "batch_format": "pyarrow",
        "compute": ray.data.ActorPoolStrategy(size=workers),
        "num_cpus": cpus_per_worker,
        "zero_copy_batch": True,
        "max_restarts": MAX_RESTARTS,
        "max_task_retries": MAX_RESTARTS,
    }


def _coded(
    chunk: list,
    actor_cls: type,
    *,
    workers: int,
    actors_files: tuple[str, ...],
    with_text: bool,
    cpus_per_worker: float,
    batch_size: int,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
    extra_args: tuple = (),
):
    """A lazy Ray dataset of the chunk's articles run through a pool of `actor_cls` (built with the actors
    files, with_text, time_limit and `extra_args`)."""
    import ray

    table = articles_table(chunk)
    # One block per batch, so every actor in the pool gets work (one block would feed one actor).
    ds = ray.data.from_arrow([table.slice(i, batch_size) for i in range(0, table.num_rows, batch_size)])
    return ds.map_batches(
        actor_cls,
        fn_constructor_args=(tuple(actors_files), with_text, time_limit, *extra_args),
        **_pool_options(batch_size, workers, cpus_per_worker),
    )


def _windows(items: Iterable) -> Iterator[list]:
    window: list = []
    for item in items:
        window.append(item)
        if len(window) >= WINDOW:
            yield window
            window = []
    if window:
        yield window


def code_many_ray(
    items: Iterable[Article | ReadFailure],
    *,
    workers: int = 2,
    actors_files: tuple[str, ...] = (),
    with_text: bool = False,
    address: str | None = None,
    cpus_per_worker: float = 1.0,
    batch_size: int = 16,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
    min_confidence: float | None = None,
) -> Iterator[dict]:
    """Documents for all items, in input order, from a pool of `workers` Ray actors (0: one per cluster CPU);
    an article over `time_limit` seconds gets error E049 (budget.py); `min_confidence` as in Pipeline."""
    # documents come back in input order, as locally
    workers = _start_pool(address, workers, cpus_per_worker, preserve_order=True)
    for chunk in _windows(items):
        out = _coded(
            chunk,
            _PipelineActor,
            workers=workers,
            actors_files=actors_files,
            with_text=with_text,
            cpus_per_worker=cpus_per_worker,
            batch_size=batch_size,
            time_limit=time_limit,
            extra_args=(min_confidence,),
        )
        for batch in out.iter_batches(batch_format="pyarrow", batch_size=None):
            for doc in batch.column("document").to_pylist():
                yield json.loads(doc)


def shard_records(
    files: list[str],
    *,
    skip_keys: frozenset = frozenset(),
    date: str | None = None,
    max_chars: int,
    workers: int = 2,
    actors_files: tuple[str, ...] = (),
    address: str | None = None,
    cpus_per_worker: float = 1.0,
    batch_size: int = 16,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
):
    """A lazy Ray dataset of the records of every input in `files`, read, de-duplicated (one record per
    text, the first in input order) and coded on the workers; inputs whose key is in `skip_keys` come
    through uncoded, marked `stored`."""
    import ray

    workers = _start_pool(address, workers, cpus_per_worker, preserve_order=False)
    order = {name: i for i, name in enumerate(files)}
    # one file per block, so one per read task, as each worker reads its own files (see _articles_of_files)
    articles = ray.data.from_items([{"path": f} for f in files], override_num_blocks=max(1, len(files))).map_batches(
        # Ray's stub wants a function of the batch alone; fn_kwargs gives ours its keyword-only arguments
        _articles_of_files,  # type: ignore[arg-type]
        batch_format="pyarrow",
        batch_size=None,
        fn_kwargs={"order": order, "skip_keys": frozenset(skip_keys), "date": date, "max_chars": max_chars},
    )
    # In small blocks, so every actor in the pool gets work; materialized (in the object store, spilled to
    # disk when large) before the pool starts: a pool holding every CPU would starve the tasks it waits on.
    unique = (
        articles.groupby("key")
        .map_groups(_first_copy, batch_format="pyarrow")
        .repartition(target_num_rows_per_block=batch_size)
        .materialize()
    )
    return unique.map_batches(
        _RecordActor,
        fn_constructor_args=(tuple(actors_files), True, time_limit),
        **_pool_options(batch_size, workers, cpus_per_worker),
    )


def iter_shard_records(files: list[str], **kwargs) -> Iterator[dict]:
    """The records of `shard_records`, streamed to the driver (which writes them into a store)."""
    for batch in shard_records(files, **kwargs).iter_batches(batch_format="pyarrow", batch_size=None):
        yield from batch.to_pylist()


def write_records_ray(records, out: Path, window_days: int = 3) -> dict[str, int]:
    """Have the workers write a records dataset at `out` (store/dataset.py): records under _articles/,
    event rows clustered (a groupby on the cluster key, the store's clustering function on each group)
    and partitioned by month. Returns the counts."""
    from ray.data.aggregate import Count, Sum

    from .store.dataset import ARTICLES_DIR, RECORD_SCHEMA, assign_clusters, events_table, with_cluster_group

    # materialized in the cluster's object store, not on the driver: both writes and the counts read it
    records = records.materialize()
    records.select_columns(RECORD_SCHEMA.names).write_parquet(str(out / ARTICLES_DIR))
    events = records.map_batches(events_table, batch_format="pyarrow", batch_size=16, zero_copy_batch=True)
    events = events.map_batches(with_cluster_group, batch_format="pyarrow", zero_copy_batch=True)
    clustered = events.groupby("cluster_group").map_groups(
        assign_clusters, batch_format="pyarrow", fn_kwargs={"window_days": window_days}
    )
    clustered = clustered.drop_columns(["cluster_group"]).materialize()
    clustered.write_parquet(str(out), partition_cols=["month"])
    agg = records.aggregate(Count(), Sum("ok"), Sum("n_events"), Sum("copies"), Sum("stored"))
    n, ok, stored, copies = agg["count()"], agg["sum(ok)"] or 0, agg["sum(stored)"] or 0, agg["sum(copies)"] or 0
    return {
        "read": n + copies,
        "coded": ok,
        "failed": n - ok - stored,
        "skipped": copies + stored,
        "events": agg["sum(n_events)"] or 0,
        "clusters": clustered.groupby("cluster_id").count().count() if agg["sum(n_events)"] else 0,
    }


def write_dataset_ray(
    items: Iterable[Article | ReadFailure],
    out: Path,
    *,
    workers: int = 2,
    actors_files: tuple[str, ...] = (),
    address: str | None = None,
    cpus_per_worker: float = 1.0,
    batch_size: int = 16,
    window_days: int = 3,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
) -> dict[str, int]:
    """Code items read on the driver on the pool, and have the workers write the dataset at `out`."""
    workers = _start_pool(address, workers, cpus_per_worker, preserve_order=False)
    # each window is coded into the object store; all are written together, so clusters span windows
    windows = [
        _coded(
            chunk,
            _RecordActor,
            workers=workers,
            actors_files=actors_files,
            with_text=True,
            cpus_per_worker=cpus_per_worker,
            batch_size=batch_size,
            time_limit=time_limit,
        ).materialize()
        for chunk in _windows(items)
    ]
    if not windows:
        return {"coded": 0, "failed": 0, "events": 0, "clusters": 0}
    records = windows[0].union(*windows[1:]) if len(windows) > 1 else windows[0]
    return write_records_ray(records, out, window_days)
