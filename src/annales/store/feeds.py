"""Each feed's position in a store (tables `feeds` and `feed_items`, migration 4): the validators of its
last answer, for a conditional request, and the items already coded, so that a scheduled run fetches
and codes only the items it has not seen.

An item is remembered once its article is stored (coded, or found stored already); an item that failed
is not, so the next run that gets the feed in full tries it again, as ingest tries every failed input.
"""

from __future__ import annotations

from datetime import UTC, datetime

from ..feeds import FeedEntry, FeedPosition
from ..records import path_key


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def load_positions(store, urls: list[str]) -> dict[str, FeedPosition]:
    """The remembered position of each feed (a fresh one for a feed never read), in the order given."""
    positions: dict[str, FeedPosition] = {}
    for url in urls:
        if url in positions:
            continue
        rows = store.query("SELECT title, etag, last_modified, last_status FROM feeds WHERE url = ?", (url,))
        seen = {r["item_id"] for r in store.query("SELECT item_id FROM feed_items WHERE feed_url = ?", (url,))}
        row = rows[0] if rows else {}
        positions[url] = FeedPosition(
            url=url,
            etag=row.get("etag"),
            modified=row.get("last_modified"),
            title=row.get("title"),
            status=row.get("last_status"),
            seen=seen,
        )
    return positions


def mark_seen(store, entry: FeedEntry) -> None:
    """Remember that the item's article is stored; an error row its earlier failure left goes."""
    store.begin()
    try:
        store.execute("DELETE FROM feed_items WHERE feed_url = ? AND item_id = ?", (entry.feed, entry.item_id))
        store.execute(
            "INSERT INTO feed_items (feed_url, item_id, link, seen_at) VALUES (?, ?, ?, ?)",
            (entry.feed, entry.item_id, entry.link, _now()),
        )
        if entry.link:
            store.execute("DELETE FROM errors WHERE key = ?", (path_key(entry.link),))
        store.commit()
    except Exception:
        store.rollback()
        raise


def save_position(store, position: FeedPosition) -> None:
    """Remember the feed's last answer: its validators (when it sent new ones), status and time; a feed
    read again clears the error row of an earlier failure to read it."""
    store.begin()
    try:
        store.execute("DELETE FROM feeds WHERE url = ?", (position.url,))
        store.execute(
            "INSERT INTO feeds (url, title, etag, last_modified, last_status, checked_at) VALUES (?, ?, ?, ?, ?, ?)",
            (position.url, position.title, position.etag, position.modified, position.status, _now()),
        )
        store.execute("DELETE FROM errors WHERE key = ?", (path_key(position.url),))
        store.commit()
    except Exception:
        store.rollback()
        raise
