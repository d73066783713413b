"""A checksum of a store's content, to verify a copy, a backup or a rerun: the same content gives the same
checksum whatever order it was written in and whether the store is SQLite or PostgreSQL.

What it covers: every row of the content tables (articles with their text, actors, mentions, events,
quantities, quotes, timexes, places, clusters, errors, reviews), every column (named, in name order), rows in
primary-key order (text compared code point by code point on both databases), each value written as
JSON. Not covered: the schema's bookkeeping (applied migrations and when, store settings).
"""

from __future__ import annotations

import hashlib
import json

from .schema import ARTICLE_TABLES

# 2: the reviews table (migration 7) is content too: a checksum of format 1 never equals one of format 2
CHECKSUM_FORMAT = "annales-store-checksum/2"

# each table's primary key: a total order on its rows that both databases agree on
TABLE_KEYS: dict[str, tuple[str, ...]] = {
    "articles": ("hash",),
    "actors": ("article_hash", "actor_id"),
    "mentions": ("article_hash", "start_char", "end_char", "actor_id"),
    "events": ("uid",),
    "quantities": ("article_hash", "idx"),
    "quotes": ("article_hash", "idx"),
    "timexes": ("article_hash", "idx"),
    "places": ("article_hash", "idx"),
    "clusters": ("cluster_id",),
    "errors": ("key",),
    "reviews": ("review_id",),
}
CHECKSUM_TABLES = ("articles",) + ARTICLE_TABLES + ("clusters", "errors", "reviews")
_TEXT_KEYS = {"hash", "article_hash", "actor_id", "uid", "cluster_id", "key", "review_id"}
_BATCH = 1000


def _order_by(store, table: str) -> str:
    # PostgreSQL sorts text by the server's locale unless told; "C" is byte order of UTF-8, which is
    # code point order, as SQLite's default (BINARY) collation
    collate = ' COLLATE "C"' if store.kind == "postgresql" else ""
    return ", ".join(k + (collate if k in _TEXT_KEYS else "") for k in TABLE_KEYS[table])


def _rows(store, sql: str):
    """The rows of `sql`, a batch at a time (a server-side cursor on PostgreSQL: a big store is never
    held in memory whole)."""
    cur = store.conn.cursor(name="annales_checksum") if store.kind == "postgresql" else store.conn.cursor()
    try:
        cur.execute(sql)
        while batch := cur.fetchmany(_BATCH):
            yield from batch
    finally:
        cur.close()


def store_checksum(store) -> str:
    """The hex SHA-256 of the store's content in canonical form (see the module's docstring), read in
    one snapshot (a repeatable-read transaction), so that a write going on meanwhile is in it whole or not."""
    digest = hashlib.sha256(CHECKSUM_FORMAT.encode() + b"\n")
    if store.kind == "postgresql":
        store.conn.rollback()
        store.conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
    else:
        store.conn.execute("BEGIN")  # deferred: a read snapshot from the first SELECT on
    try:
        for table in CHECKSUM_TABLES:
            cols = sorted(_columns(store, table))
            digest.update(json.dumps([table, cols]).encode() + b"\n")
            sql = f"SELECT {', '.join(cols)} FROM {table} ORDER BY {_order_by(store, table)}"
            for row in _rows(store, sql):
                # floats by repr and integers as integers: the same text from both databases
                digest.update(json.dumps(list(row), separators=(",", ":"), default=str).encode() + b"\n")
    finally:
        store.rollback()  # nothing was written: this ends the read snapshot
    return digest.hexdigest()


def _columns(store, table: str) -> list[str]:
    # within the snapshot's transaction (Store._columns ends it on PostgreSQL)
    cur = store.conn.cursor()
    cur.execute(f"SELECT * FROM {table} WHERE 1 = 0")
    return [d[0] for d in cur.description]
