"""The dashboard's chart and table endpoints, under the filters every event view shares (see app.event_filters):

- /api/timeline: weekly or monthly bins with counts by quad class and mean Goldstein and PLOVER scores,
  plotted over the bulk of the dates (store/charts.py says how outliers are left out, and counts them);
- /api/network: the top actors by weight and the edges among them;
- /api/dyad: two actors' events over time, both directions;
- /api/places: the map's places with their precision, and the events by country;
- /api/table and /api/table.csv: the event table sorted by any column (empty values last), a page at a
  time, or every matched row as CSV (exactly the filtered rows, in the table's order).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from typing import Literal

from fastapi import Depends, FastAPI, Query
from fastapi.responses import StreamingResponse

from ..store import Store
from ..store.charts import actor_network, check_bins, dyad, map_places, timeline
from ..store.export import csv_safe_rows
from ..store.reviews import with_reviews
from ..store.table import CSV_COLUMNS, check_sort, table_page

CHUNK = 2000  # rows the CSV download reads at a time


def bins_query():
    return Query("month", max_length=10, description="week (weeks from Monday) or month")


def order_query():
    return Query("asc", description="asc or desc; rows with no value in the sorted column come last either way")


def sort_query():
    return Query(
        "date",
        max_length=20,
        description="date, type, cameo, actor, recipient, place, modality, confidence,"
        " title, source, sentence (and reports at cluster level)",
    )


def csv_lines(rows: Iterator[dict], columns: list[str]) -> Iterator[str]:
    """A CSV header and one line per row, written as the rows arrive: a large download never sits in memory."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow(csv_safe_rows([{k: ("" if row.get(k) is None else row.get(k)) for k in columns}])[0])
        if buf.tell() > 65536:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue()


# the review of each row, flat (store/reviews.py flat_review), after the table's own columns
REVIEW_COLUMNS = ("review", "reviewed_by", "reviewed_at", "review_corrected")


def every_row(store: Callable[[], Store], **options) -> Iterator[dict]:
    """Every row of the table (`table_page`'s options), a chunk at a time. The store is asked for on each
    chunk: a streamed answer is read from the server's worker threads, each with its own connection."""
    offset = 0
    while True:
        rows, total = table_page(store(), offset=offset, limit=CHUNK, **options)
        yield from with_reviews(store(), rows, flat=True)
        offset += CHUNK
        if offset >= total or not rows:
            return


def download_name(filters: dict, level: str) -> str:
    """annales-events[-filter-value...].csv, safe as a file name."""
    parts = [str(v) for k, v in filters.items() if v not in (None, "")] + ([level] if level == "cluster" else [])
    slug = re.sub(r"[^A-Za-z0-9.-]+", "-", "-".join(parts)).strip("-")[:80]
    return f"annales-events{'-' + slug if slug else ''}.csv"


def install(app: FastAPI, store: Callable[[], Store]) -> None:
    from .views.common import MAX_LIMIT, cursor_in, cursor_out, event_filters

    @app.get(
        "/api/timeline", summary="Events by week or month, by quad class, with the mean conflict-cooperation score"
    )
    def get_timeline(filters: dict = Depends(event_filters), by: str = bins_query()):
        return {"ok": True, "data": timeline(store(), by=by, **filters)}

    @app.get("/api/network", summary="The top actors by weight (events between them) and the edges among them")
    def get_network(filters: dict = Depends(event_filters), top: int = Query(30, ge=2, le=200)):
        return {"ok": True, "data": actor_network(store(), top=top, **filters)}

    @app.get("/api/dyad", summary="Two actors' events over time, in both directions, with counts")
    def get_dyad(
        a: str = Query(..., min_length=1, max_length=200, description="One actor's name, exactly"),
        b: str = Query(..., min_length=1, max_length=200, description="The other actor's name"),
        filters: dict = Depends(event_filters),
        by: str = bins_query(),
    ):
        check_bins(by)
        return {"ok": True, "data": dyad(store(), a, b, by=by, **filters)}

    @app.get("/api/places", summary="The map's places with their precision (city, country, other) and country totals")
    def get_places(filters: dict = Depends(event_filters), top: int = Query(500, ge=1, le=5000)):
        return {"ok": True, "data": map_places(store(), top=top, **filters)}

    @app.get("/api/table", summary="The event table: sorted by any column, a page at a time, with title and source")
    def get_table(
        filters: dict = Depends(event_filters),
        level: Literal["report", "cluster"] = Query("report"),
        sort: str = sort_query(),
        order: Literal["asc", "desc"] = order_query(),
        limit: int = Query(50, ge=1, le=MAX_LIMIT),
        cursor: str | None = None,
    ):
        offset = cursor_in(cursor)
        rows, total = table_page(store(), sort=sort, order=order, level=level, offset=offset, limit=limit, **filters)
        # reviewed events are marked in every view (the row's `review`: verdict, who, when, corrected values)
        return {
            "ok": True,
            "data": with_reviews(store(), rows),
            "total": total,
            "offset": offset,
            "next": cursor_out(offset + limit) if offset + limit < total else None,
            "previous": cursor_out(max(0, offset - limit)) if offset > 0 else None,
        }

    @app.get("/api/table.csv", summary="Every row of the filtered table as CSV, in the table's order")
    def get_table_csv(
        filters: dict = Depends(event_filters),
        level: Literal["report", "cluster"] = Query("report"),
        sort: str = sort_query(),
        order: Literal["asc", "desc"] = order_query(),
    ):
        check_sort(sort, level)  # refused before the answer starts, as the error shape
        columns = list(CSV_COLUMNS) + (["n_reports", "reports"] if level == "cluster" else []) + list(REVIEW_COLUMNS)
        rows = every_row(store, sort=sort, order=order, level=level, **filters)
        name = download_name(filters, level)
        return StreamingResponse(
            csv_lines(rows, columns),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )
