"""The dashboard's event table: the filtered events sorted by any of its columns, with the article's title and
source, a page at a time or all of them (the CSV download); rows with no value in the sorted column (undated
events when sorting by date) come last whichever the order."""

from __future__ import annotations

from ..errors import AnnalesError
from .query import EVENT_COLUMNS, event_filter, event_rows

# the source is the article's outlet, else its URL's host (as the exports name it); sorted by the URL without its
# scheme, which orders by host
_HOST = "replace(replace(replace(a.url, 'https://', ''), 'http://', ''), 'www.', '')"
SOURCE_SQL = f"COALESCE(NULLIF(a.source, ''), {_HOST})"
# column the table shows -> the SQL it sorts by
SORTS = {
    "date": "e.date",
    "type": "e.type",
    "cameo": "e.cameo",
    "actor": "e.actor_name",
    "recipient": "e.recipient_name",
    "place": "e.place_name",
    "modality": "e.modality",
    "confidence": "e.confidence",
    "title": "a.title",
    "source": SOURCE_SQL,
    "sentence": "e.sentence",
}
# ties broken as the column shows them: a type by its mode (ASSAULT, ASSAULT/abduct, ASSAULT/beat)
THEN_BY = {"type": "COALESCE(e.mode, '')"}
# the same columns in a row (cluster rows are sorted in Python)
SORT_FIELDS = {
    "date": "date",
    "type": "type",
    "cameo": "cameo",
    "actor": "actor_name",
    "recipient": "recipient_name",
    "place": "place_name",
    "modality": "modality",
    "confidence": "confidence",
    "title": "article_title",
    "source": "source",
    "sentence": "sentence",
    "reports": "n_reports",
}
CSV_COLUMNS = (
    "uid",
    "date",
    "date_precision",
    "type",
    "mode",
    "cameo",
    "actor_name",
    "actor_country",
    "recipient_name",
    "recipient_country",
    "place_name",
    "place_country",
    "lat",
    "lon",
    "modality",
    "confidence",
    "sentence",
    "article_title",
    "source",
    "article_url",
    "article_date",
    "article_hash",
    "event_id",
    "cluster_id",
)


def check_sort(sort: str, level: str) -> None:
    allowed = list(SORT_FIELDS) if level == "cluster" else list(SORTS)
    if sort not in allowed:
        raise AnnalesError("E063", value=sort, columns=", ".join(allowed))


def _with_source(row: dict) -> dict:
    if not row.get("source"):
        url = row.get("article_url") or ""
        host = url.split("://", 1)[-1].split("/", 1)[0] if "://" in url else ""
        row["source"] = host.removeprefix("www.") or None
    return row


def _report_sql(store, sort: str, order: str, filters: dict) -> tuple[str, list]:
    cond, params = event_filter(store, **filters)
    key, direction = SORTS[sort], "DESC" if order == "desc" else "ASC"
    empty = f"CASE WHEN {key} IS NULL OR CAST({key} AS TEXT) = '' THEN 1 ELSE 0 END"
    sql = (
        "SELECT " + ", ".join(f"e.{c}" for c in EVENT_COLUMNS) + ", a.title AS article_title, a.url AS article_url,"
        " a.date AS article_date, a.source AS source FROM events e JOIN articles a ON a.hash = e.article_hash"
        f"{cond} ORDER BY {empty}, {key} {direction}, {THEN_BY.get(sort, 'e.date')} {direction}, e.date, e.uid"
    )
    return sql, params


def _sorted_clusters(store, sort: str, order: str, filters: dict) -> list[dict]:
    field = SORT_FIELDS[sort]
    rows = [_with_source(r) for r in event_rows(store, level="cluster", **filters)]
    present = [r for r in rows if r.get(field) not in (None, "")]
    present.sort(key=lambda r: r[field], reverse=order == "desc")
    return present + [r for r in rows if r.get(field) in (None, "")]


def table_page(
    store, *, sort: str = "date", order: str = "asc", level: str = "report", offset: int = 0, limit: int = 50, **filters
) -> tuple[list[dict], int]:
    """One page of the table's rows and the number of rows the filters match."""
    check_sort(sort, level)
    if level == "cluster":
        rows = _sorted_clusters(store, sort, order, filters)
        return rows[offset : offset + limit], len(rows)
    sql, params = _report_sql(store, sort, order, filters)
    rows = store.query(f"{sql} LIMIT {int(limit)} OFFSET {int(offset)}", params)
    return [_with_source(r) for r in rows], event_rows(store, count_only=True, **filters)
