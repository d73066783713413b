"""Coded records as a Parquet dataset folder, the store-less output of `annales ingest --out DIR`.

Layout of DIR:
- `month=YYYY-MM/*.parquet`: one row per event record, partitioned (hive style) by the month of the
  event's date; events dated to a year only, or not at all, are in `month=unknown`. The columns are
  the store's event columns plus the actors' kinds and the article's id, title, date, url, source and
  path, so `pd.read_parquet(DIR)` is the event table.
- `_articles/*.parquet`: one row per input article, keyed as in the store, with its whole document
  (or its error); `annales ingest DIR --db ...` loads these into a store exactly as a direct ingest
  would have written them. Names starting with '_' are skipped by pandas/pyarrow when reading DIR.
- `_annales.json`: written last, so a folder without it is a run that did not finish.

Event rows are built by writing the documents into an in-memory store and reading its rows back,
so the dataset's columns are the store's, by construction.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import AnnalesError
from ..extras import require
from .cluster_rule import DEFAULT_WINDOW_DAYS, RULE_COLUMNS, cluster_ids, cluster_key
from .db import CODER_VERSION, Store
from .layout import ARTICLES_DIR, MARKER, is_dataset  # noqa: F401 - re-exported: ray_engine and ingest use them

if TYPE_CHECKING:  # pyarrow has no type information: these are Any to mypy
    from pyarrow import Schema, Table

pa = require("pyarrow", "data", "Parquet datasets (ingest --out, or reading one)")

UNKNOWN_MONTH = "unknown"
# the record of one input article: its store key, and its document as JSON or its error
RECORD_SCHEMA = pa.schema(
    [
        ("key", pa.string()),
        ("path", pa.string()),
        ("article_id", pa.string()),
        ("error_code", pa.string()),
        ("error_message", pa.string()),
        ("document", pa.large_string()),
        ("n_events", pa.int64()),
        ("ok", pa.int64()),
    ]
)
CLUSTER_COLUMNS = RULE_COLUMNS  # what clustering reads of an event row
_INT_COLUMNS = {"start_char", "end_char", "trigger_start", "trigger_end", "geonames_id"}
_FLOAT_COLUMNS = {"lat", "lon", "confidence"}
_EVENTS_SQL = (
    "SELECT e.*, a.kind AS actor_kind, r.kind AS recipient_kind, ar.id AS article_id, ar.title AS article_title,"
    " ar.date AS article_date, ar.url AS article_url, ar.source AS article_source, ar.path AS article_path"
    " FROM events e JOIN articles ar ON ar.hash = e.article_hash"
    " LEFT JOIN actors a ON a.article_hash = e.article_hash AND a.actor_id = e.actor_id"
    " LEFT JOIN actors r ON r.article_hash = e.article_hash AND r.actor_id = e.recipient_id"
    " ORDER BY e.uid"
)
_EXTRA_COLUMNS = (
    "actor_kind",
    "recipient_kind",
    "article_id",
    "article_title",
    "article_date",
    "article_url",
    "article_source",
    "article_path",
)


def _event_schema() -> Schema:
    with Store.open(":memory:") as store:
        store_columns = store._columns("events")
    fields = []
    for c in store_columns + list(_EXTRA_COLUMNS) + ["month"]:
        kind = pa.int64() if c in _INT_COLUMNS else pa.float64() if c in _FLOAT_COLUMNS else pa.string()
        fields.append((c, kind))
    return pa.schema(fields)


EVENT_SCHEMA = _event_schema()


def event_month(date: str | None) -> str:
    """The partition an event goes to: its YYYY-MM, or 'unknown' without a month."""
    return date[:7] if date and len(date) >= 7 else UNKNOWN_MONTH


def records_table(records: Iterable[dict]) -> Table:
    return pa.Table.from_pylist(list(records), schema=RECORD_SCHEMA)


def events_table(records: Table) -> Table:
    """One row per event of the coded articles in a records table, with its `month` partition."""
    with Store.open(":memory:") as store:
        for key, path, doc in zip(
            records.column("key").to_pylist(),
            records.column("path").to_pylist(),
            records.column("document").to_pylist(),
            strict=True,
        ):
            if doc is not None:
                store.write_document(key, json.loads(doc), path)
        rows = store.query(_EVENTS_SQL)
    for r in rows:
        r["month"] = event_month(r["date"])
    return pa.Table.from_pylist(rows, schema=EVENT_SCHEMA)


def with_cluster_group(events: Table) -> Table:
    """The events with a `cluster_group` column: rows with equal values are clustered together."""
    keys = [json.dumps(cluster_key(r)) for r in events.select(CLUSTER_COLUMNS).to_pylist()]
    return events.append_column("cluster_group", pa.array(keys, pa.string()))


def assign_clusters(events: Table, window_days: int = DEFAULT_WINDOW_DAYS) -> Table:
    """The events (whole cluster groups of them) with their cluster_id set, as the store sets it."""
    ids = cluster_ids(events.select(CLUSTER_COLUMNS).to_pylist(), window_days)
    column = pa.array([ids[u] for u in events.column("uid").to_pylist()], pa.string())
    return events.set_column(events.schema.get_field_index("cluster_id"), "cluster_id", column)


def cluster_dataset(out: Path, window_days: int = DEFAULT_WINDOW_DAYS) -> int:
    """Set cluster_id in every event file of a dataset written in this process (the local engine's way;
    on Ray, `assign_clusters` runs per group before the files are written); returns the number of clusters."""
    import pyarrow.dataset as pads
    import pyarrow.parquet as pq

    files = sorted(out.glob("month=*/*.parquet"))
    if not files:
        return 0
    rows = pads.dataset(files, format="parquet").to_table(columns=CLUSTER_COLUMNS).to_pylist()
    ids = cluster_ids(rows, window_days)
    for f in files:
        table = pq.ParquetFile(f).read()
        column = pa.array([ids[u] for u in table.column("uid").to_pylist()], pa.string())
        pq.write_table(table.set_column(table.schema.get_field_index("cluster_id"), "cluster_id", column), f)
    return len(set(ids.values()))


def check_out_dir(out: str | Path) -> Path:
    """The --out folder, created; refused when it already holds anything (a second run would mix in)."""
    path = Path(out)
    if path.exists() and not path.is_dir():
        raise AnnalesError("E022", path=str(out), detail="it is a file, not a folder")
    if path.is_dir() and any(path.iterdir()):
        raise AnnalesError("E022", path=str(out), detail="it is not empty")
    path.mkdir(parents=True, exist_ok=True)
    return path


def write_marker(out: Path, *, articles: int, coded: int, failed: int, events: int, clusters: int) -> None:
    info = {
        "format": "annales-dataset",
        "version": 1,
        "coder_version": CODER_VERSION,
        "partitioning": "month",
        "articles": articles,
        "coded": coded,
        "failed": failed,
        "events": events,
        "clusters": clusters,
    }
    (out / MARKER).write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")


class LocalDatasetWriter:
    """Writes records tables as parts of the dataset, in this process (the local engine's writer)."""

    def __init__(self, out: Path):
        self.out = out
        self.parts = 0

    def write(self, records: Table) -> None:
        import pyarrow.dataset as pads
        import pyarrow.parquet as pq

        (self.out / ARTICLES_DIR).mkdir(exist_ok=True)
        pq.write_table(records, self.out / ARTICLES_DIR / f"part-{self.parts:05d}.parquet")
        events = events_table(records)
        if events.num_rows:
            pads.write_dataset(
                events,
                self.out,
                format="parquet",
                partitioning=["month"],
                partitioning_flavor="hive",
                basename_template=f"part-{self.parts:05d}-{{i}}.parquet",
                existing_data_behavior="overwrite_or_ignore",
            )
        self.parts += 1


def iter_records(path: str, batch_size: int = 256) -> Iterable[dict]:
    """The article records of a finished dataset, a batch at a time."""
    import pyarrow.dataset as pads

    p = Path(path)
    if not (p / MARKER).is_file():
        raise AnnalesError("E023", path=path, detail=f"it has no {MARKER}, so the run that wrote it did not finish")
    if not (p / ARTICLES_DIR).is_dir():
        return
    try:
        ds = pads.dataset(p / ARTICLES_DIR, format="parquet")
        for batch in ds.to_batches(batch_size=batch_size):
            yield from batch.to_pylist()
    except (pa.ArrowInvalid, OSError) as exc:
        raise AnnalesError("E023", path=path, detail=str(exc).splitlines()[0][:200]) from None
