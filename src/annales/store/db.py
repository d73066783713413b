"""The event store on SQLite (a file path) or PostgreSQL (a postgresql:// URL): one writer, atomic
per-article writes (a run killed at any moment leaves whole articles or none), named migrations."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime

from .. import __version__
from ..dates import date_precision
from ..fields import UNSTORABLE_RE
from .schema import ARTICLE_TABLES, MIGRATIONS

CODER_VERSION = __version__


def _storable(value):
    """A parameter as both stores can hold it: the readers replace NUL (PostgreSQL refuses it in TEXT) and
    lone surrogates (SQLite cannot encode them) already; this is the last guard, for every other caller
    (a query's filter, a message), so that one such value never fails a write or a read."""
    if isinstance(value, str) and UNSTORABLE_RE.search(value):
        return UNSTORABLE_RE.sub("\ufffd", value)
    return value


class Store:
    """A connection to an annales store. `Store.open("events.db")` or `Store.open("postgresql://...")`."""

    def __init__(self, conn, kind: str, url: str):
        self.conn = conn
        self.kind = kind  # "sqlite" | "postgresql"
        self.url = url

    # -- opening ----------------------------------------------------------------------------------------
    @classmethod
    def open(cls, url: str, migrate: bool = True) -> Store:
        if url.startswith(("postgresql://", "postgres://")):
            from ..extras import require

            psycopg = require("psycopg", "postgres", "A PostgreSQL store")

            conn = psycopg.connect(url, autocommit=False)
            store = cls(conn, "postgresql", url)
        else:
            conn = sqlite3.connect(url, timeout=60, isolation_level=None)
            # WAL: readers query while ingest writes; NORMAL sync is durable at each commit in WAL mode
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            store = cls(conn, "sqlite", url)
        if migrate:
            store.migrate()
        return store

    def close(self) -> None:
        self.conn.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- SQL helpers --------------------------------------------------------------------------------------
    def _sql(self, sql: str) -> str:
        return sql.replace("?", "%s") if self.kind == "postgresql" else sql

    def execute(self, sql: str, params: Iterable = ()):
        cur = self.conn.cursor()
        cur.execute(self._sql(sql), tuple(_storable(p) for p in params))
        return cur

    def query(self, sql: str, params: Iterable = ()) -> list[dict]:
        cur = self.execute(sql, params)
        cols = [d[0] for d in cur.description]
        rows = [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]
        if self.kind == "postgresql":
            self.conn.rollback()  # end the read transaction
        return rows

    def begin(self) -> None:
        if self.kind == "sqlite":
            self.conn.execute("BEGIN IMMEDIATE")

    def commit(self) -> None:
        if self.kind == "sqlite":
            self.conn.execute("COMMIT")
        else:
            self.conn.commit()

    def rollback(self) -> None:
        if self.kind == "sqlite":
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
        else:
            self.conn.rollback()

    # -- migrations ---------------------------------------------------------------------------------------
    def migrate(self) -> list[int]:
        """Apply the migrations not yet applied, each in its own transaction; returns their numbers."""
        self.begin()
        self.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT, applied_at TEXT)"
        )
        self.commit()
        done = {r["version"] for r in self.query("SELECT version FROM schema_migrations")}
        applied = []
        for version, name, statements in MIGRATIONS:
            if version in done:
                continue
            self.begin()
            try:
                for stmt in statements:
                    self.execute(stmt)
                self.execute(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                    (version, name, datetime.now(UTC).isoformat(timespec="seconds")),
                )
                self.commit()
            except Exception:
                self.rollback()
                raise
            applied.append(version)
        return applied

    # -- writing ------------------------------------------------------------------------------------------
    def coded_version(self, article_hash: str) -> str | None:
        rows = self.query("SELECT coder_version FROM articles WHERE hash = ?", (article_hash,))
        return rows[0]["coder_version"] if rows else None

    def known_hashes(self) -> dict[str, str]:
        return {r["hash"]: r["coder_version"] for r in self.query("SELECT hash, coder_version FROM articles")}

    def write_document(self, article_hash: str, doc: dict, path: str | None = None) -> None:
        """Replace everything stored for one article by this document, in one transaction."""
        self.begin()
        try:
            for table in ARTICLE_TABLES:
                self.execute(f"DELETE FROM {table} WHERE article_hash = ?", (article_hash,))
            self.execute("DELETE FROM articles WHERE hash = ?", (article_hash,))
            self.execute("DELETE FROM errors WHERE key = ?", (article_hash,))
            self._insert_article(article_hash, doc, path)
            self._insert_actors(article_hash, doc["actors"])
            self._insert_events(article_hash, doc["events"])
            self._insert_quantities(article_hash, doc["quantities"])
            self._insert_quotes(article_hash, doc["quotes"])
            self._insert_timexes(article_hash, doc["timexes"])
            self._insert_places(article_hash, doc["places"])
            self.commit()
        except Exception:
            self.rollback()
            raise

    def _insert_article(self, article_hash: str, doc: dict, path: str | None) -> None:
        """The article's own row: where it came from, its coder version and its text."""
        art = doc["article"]
        self.execute(
            "INSERT INTO articles (hash, id, path, title, date, url, source, language, coder_version, n_events,"
            " warnings, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                article_hash,
                art["id"],
                path,
                art.get("title"),
                art.get("date"),
                art.get("url"),
                art.get("source"),
                art.get("language"),
                CODER_VERSION,
                len(doc["events"]),
                json.dumps(doc.get("warnings") or []),
                art.get("text"),
            ),
        )

    def _insert_actors(self, article_hash: str, actors: list[dict]) -> None:
        """The article's actors, and each one's mentions (a span once)."""
        for a in actors:
            self.execute(
                "INSERT INTO actors (article_hash, actor_id, name, country, sector, role, code, kind, why,"
                " actor_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    article_hash,
                    a["actor_id"],
                    a["name"],
                    a["country"],
                    a["sector"],
                    a["role"],
                    a["code"],
                    a["kind"],
                    a["why"],
                    a.get("actor_key"),
                ),
            )
            seen = set()
            for m in a["mentions"]:
                if (m["start"], m["end"]) in seen:
                    continue
                seen.add((m["start"], m["end"]))
                self.execute(
                    "INSERT INTO mentions (article_hash, actor_id, text, kind, start_char, end_char)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    (article_hash, a["actor_id"], m["text"], m["kind"], m["start"], m["end"]),
                )

    def _insert_events(self, article_hash: str, events: list[dict]) -> None:
        """The article's events, one row each, with their parties, place and evidence."""
        for e in events:
            act, rec, loc = e["actor"] or {}, e["recipient"] or {}, e["location"] or {}
            self.execute(
                "INSERT INTO events (uid, article_hash, event_id, type, mode, cameo, actor_id, actor_name,"
                " actor_country, actor_sector, actor_code, recipient_id, recipient_name, recipient_country,"
                " recipient_sector, recipient_code, date, date_source, place_name, place_country, lat, lon,"
                " modality, sentence, start_char, end_char, trigger, trigger_start, trigger_end, confidence, why,"
                " date_precision, actor_key, recipient_key, place_admin1, geo_precision, geonames_id, place_source,"
                " also_reported) VALUES (" + ", ".join("?" * 39) + ")",
                (
                    f"{article_hash}:{e['id']}",
                    article_hash,
                    e["id"],
                    e["type"],
                    e["mode"],
                    e["cameo"],
                    act.get("actor_id"),
                    act.get("name"),
                    act.get("country"),
                    act.get("sector"),
                    act.get("code"),
                    rec.get("actor_id"),
                    rec.get("name"),
                    rec.get("country"),
                    rec.get("sector"),
                    rec.get("code"),
                    e["date"],
                    e["date_source"],
                    loc.get("name"),
                    loc.get("country"),
                    loc.get("lat"),
                    loc.get("lon"),
                    e["modality"],
                    e["sentence"],
                    e["start"],
                    e["end"],
                    e["trigger"],
                    e["trigger_start"],
                    e["trigger_end"],
                    e["confidence"],
                    e["why"],
                    # from the date itself, whatever the document says: the column and the date never disagree
                    date_precision(e["date"]),
                    act.get("actor_key"),
                    rec.get("actor_key"),
                    loc.get("admin1"),
                    loc.get("geo_precision") or ("none" if not loc else None),
                    loc.get("geonames_id"),
                    loc.get("source"),
                    json.dumps([[r["start"], r["end"]] for r in e.get("also_reported") or []]),
                ),
            )

    def _insert_quantities(self, article_hash: str, quantities: list[dict]) -> None:
        """The article's quantities, in order."""
        for i, q in enumerate(quantities):
            self.execute(
                "INSERT INTO quantities (article_hash, idx, subject, value, unit, date, modality, text,"
                " start_char, end_char, cumulative, part, event_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    article_hash,
                    i,
                    q["subject"],
                    q["value"],
                    q["unit"],
                    q["date"],
                    q["modality"],
                    q["text"],
                    q["start"],
                    q["end"],
                    int(bool(q.get("cumulative"))),
                    int(bool(q.get("part"))),
                    q.get("event"),
                ),
            )

    def _insert_quotes(self, article_hash: str, quotes: list[dict]) -> None:
        """The article's quotes, in order, with speaker and go-between."""
        for i, q in enumerate(quotes):
            sp, via = q["speaker"] or {}, q["via"] or {}
            self.execute(
                "INSERT INTO quotes (article_hash, idx, text, speaker_id, speaker_name, via_id, via_name,"
                " direct, start_char, end_char) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    article_hash,
                    i,
                    q["text"],
                    sp.get("actor_id"),
                    sp.get("name"),
                    via.get("actor_id"),
                    via.get("name"),
                    int(bool(q["direct"])),
                    q["start"],
                    q["end"],
                ),
            )

    def _insert_timexes(self, article_hash: str, timexes: list[dict]) -> None:
        """The article's time expressions, in order."""
        for i, t in enumerate(timexes):
            self.execute(
                "INSERT INTO timexes (article_hash, idx, text, value, start_char, end_char) VALUES (?, ?, ?, ?, ?, ?)",
                (article_hash, i, t["text"], t["value"], t["start"], t["end"]),
            )

    def _insert_places(self, article_hash: str, places: list[dict]) -> None:
        """The article's places, in order."""
        for i, p in enumerate(places):
            self.execute(
                "INSERT INTO places (article_hash, idx, name, country, lat, lon, start_char, end_char,"
                " canonical, admin1, geo_precision, geonames_id, source)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    article_hash,
                    i,
                    p["name"],
                    p["country"],
                    p["lat"],
                    p["lon"],
                    p["start"],
                    p["end"],
                    p.get("canonical"),
                    p.get("admin1"),
                    p.get("geo_precision"),
                    p.get("geonames_id"),
                    p.get("source"),
                ),
            )

    def write_error(self, key: str, path: str, code: str, message: str) -> None:
        self.begin()
        try:
            self.execute("DELETE FROM errors WHERE key = ?", (key,))
            self.execute(
                "INSERT INTO errors (key, path, code, message) VALUES (?, ?, ?, ?)", (key, path, code, message)
            )
            self.commit()
        except Exception:
            self.rollback()
            raise

    # -- reading ------------------------------------------------------------------------------------------
    def count(self, table: str) -> int:
        return int(self.query(f"SELECT COUNT(*) AS n FROM {table}")[0]["n"])

    def iter_events(self) -> Iterator[dict]:
        yield from self.query("SELECT * FROM events ORDER BY article_hash, event_id")

    def checksum(self) -> str:
        """A digest of the store's content, the same for the same content on SQLite and PostgreSQL
        whatever order it was written in (see store/checksum.py)."""
        from .checksum import store_checksum

        return store_checksum(self)

    def _columns(self, table: str) -> list[str]:
        cur = self.execute(f"SELECT * FROM {table} WHERE 1 = 0")
        cols = [d[0] for d in cur.description]
        if self.kind == "postgresql":
            self.conn.rollback()
        return cols
