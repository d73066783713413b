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

import pyarrow as pa

from .errors import AnnalesError
from .model import Article
from .readers import ReadFailure

ARTICLE_FIELDS = ("id", "text", "title", "date", "url", "source", "language", "path")
# Bounded, unlike Ray's defaults (actors restart forever): a worker killed mid-run is replaced a few
# times and its batch re-run; a batch that keeps killing workers fails the job with Ray's error.
MAX_RESTARTS = 3
# Articles handed to Ray at a time: bounds the driver's memory on archives of any size.
WINDOW = 20_000


def articles_table(items: list[Article | ReadFailure]) -> pa.Table:
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
    schema = pa.schema([(f, pa.string()) for f in ARTICLE_FIELDS] + [("warnings", pa.string()),
                                                                       ("failure", pa.binary())])
    return pa.table(cols, schema=schema)


def table_articles(table: pa.Table) -> list[Article | ReadFailure]:
    items: list[Article | ReadFailure] = []
    for row in table.to_pylist():
        if row["failure"] is not None:
            items.append(pickle.loads(row["failure"]))
        else:
            items.append(Article(**{f: row[f] for f in ARTICLE_FIELDS if row[f] is not None or f == "text"},
                                 warnings=json.loads(row["warnings"] or "[]")))
    return items


def code_table(pipe, table: pa.Table, with_text: bool = False) -> pa.Table:
    """The per-article function on one Arrow batch: one row per article, its document as JSON."""
    from .engines import code_items

    docs = list(code_items(pipe, table_articles(table), with_text=with_text))
    return pa.table({"id": [d["article"]["id"] for d in docs],
                     "document": [json.dumps(d, ensure_ascii=False) for d in docs]})


class _PipelineActor:
    """One Ray actor: loads the pipeline once, then codes the batches it is given."""

    def __init__(self, actors_files: tuple[str, ...], with_text: bool):
        from . import Pipeline

        self.pipe = Pipeline(actors_files)
        self.pipe.kb  # noqa: B018 - loaded now, not on the first batch
        self.with_text = with_text

    def __call__(self, batch: pa.Table) -> pa.Table:
        return code_table(self.pipe, batch, self.with_text)


class _RecordActor(_PipelineActor):
    """A pool actor that turns its batch into store records (key, path, document or error), not documents."""

    def __call__(self, batch: pa.Table) -> pa.Table:
        from .engines import code_items
        from .store.dataset import records_table
        from .store.ingest import article_record

        items = table_articles(batch)
        docs = code_items(self.pipe, items, with_text=True)
        return records_table(article_record(it, doc) for it, doc in zip(items, docs, strict=True))


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
    kwargs = {"include_dashboard": False, "log_to_driver": False, "configure_logging": False}
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
    # Ray Data's per-dataset INFO lines would drown our progress bar; set after import, which configures them
    logging.getLogger("ray.data").setLevel(logging.WARNING)
    return workers


def _coded(chunk: list, actor_cls: type, *, workers: int, actors_files: tuple[str, ...], with_text: bool,
           cpus_per_worker: float, batch_size: int):
    """A lazy Ray dataset of the chunk's articles run through a pool of `actor_cls`."""
    import ray

    table = articles_table(chunk)
    # One block per batch, so every actor in the pool gets work (one block would feed one actor).
    ds = ray.data.from_arrow([table.slice(i, batch_size) for i in range(0, table.num_rows, batch_size)])
    return ds.map_batches(actor_cls, fn_constructor_args=(tuple(actors_files), with_text),
                          batch_size=batch_size, batch_format="pyarrow",
                          compute=ray.data.ActorPoolStrategy(size=workers),
                          num_cpus=cpus_per_worker, zero_copy_batch=True,
                          max_restarts=MAX_RESTARTS, max_task_retries=MAX_RESTARTS)


def _windows(items: Iterable) -> Iterator[list]:
    window: list = []
    for item in items:
        window.append(item)
        if len(window) >= WINDOW:
            yield window
            window = []
    if window:
        yield window


def code_many_ray(items: Iterable[Article | ReadFailure], *, workers: int = 2, actors_files: tuple[str, ...] = (),
                  with_text: bool = False, address: str | None = None, cpus_per_worker: float = 1.0,
                  batch_size: int = 16) -> Iterator[dict]:
    """Documents for all items, in input order, from a pool of `workers` Ray actors (0: one per cluster CPU)."""
    # documents come back in input order, as locally
    workers = _start_pool(address, workers, cpus_per_worker, preserve_order=True)
    for chunk in _windows(items):
        out = _coded(chunk, _PipelineActor, workers=workers, actors_files=actors_files, with_text=with_text,
                     cpus_per_worker=cpus_per_worker, batch_size=batch_size)
        for batch in out.iter_batches(batch_format="pyarrow", batch_size=None):
            for doc in batch.column("document").to_pylist():
                yield json.loads(doc)


def write_dataset_ray(items: Iterable[Article | ReadFailure], out: Path, *, workers: int = 2,
                      actors_files: tuple[str, ...] = (), address: str | None = None, cpus_per_worker: float = 1.0,
                      batch_size: int = 16) -> dict[str, int]:
    """Code the items on the pool and have the workers write the Parquet dataset at `out` (store/dataset.py):
    article records under _articles/, event rows partitioned by month. Returns the counts."""
    from ray.data.aggregate import Count, Sum

    from .store.dataset import ARTICLES_DIR, events_table

    workers = _start_pool(address, workers, cpus_per_worker, preserve_order=False)
    counts = {"articles": 0, "coded": 0, "events": 0}
    for chunk in _windows(items):
        # materialized in the cluster's object store, not on the driver: both writes read it
        records = _coded(chunk, _RecordActor, workers=workers, actors_files=actors_files, with_text=True,
                         cpus_per_worker=cpus_per_worker, batch_size=batch_size).materialize()
        records.write_parquet(str(out / ARTICLES_DIR))
        records.map_batches(events_table, batch_format="pyarrow", batch_size=batch_size,
                            zero_copy_batch=True).write_parquet(str(out), partition_cols=["month"])
        agg = records.aggregate(Count(), Sum("ok"), Sum("n_events"))
        counts["articles"] += agg["count()"]
        counts["coded"] += agg["sum(ok)"] or 0
        counts["events"] += agg["sum(n_events)"] or 0
    return counts
