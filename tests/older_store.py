"""A store as an older annales left it: the schema of its first N migrations, recorded as applied, so that a
test can check what the next migrations do to it."""

from __future__ import annotations

from annales.store.schema import MIGRATIONS


def apply_migrations(store, upto: int, applied_at: str = "2024-01-01") -> None:
    """Create the first `upto` migrations' tables in `store` (opened with migrate=False) and record them; the
    transaction is left open for the test to add its rows."""
    store.begin()
    store.execute("CREATE TABLE schema_migrations (version BIGINT PRIMARY KEY, name TEXT, applied_at TEXT)")
    for version, name, statements in MIGRATIONS[:upto]:
        for stmt in statements:
            store.execute(stmt)
        store.execute(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)", (version, name, applied_at)
        )


def apply_one_migration(store, version: int, applied_at: str = "2024-01-01") -> None:
    """Apply one later migration out of order and record it: a test of migration N that writes documents with
    today's writer needs the columns later migrations gave the tables it writes (migration 10's
    `also_reported` and `part`), and none of the others."""
    [(_, name, statements)] = [m for m in MIGRATIONS if m[0] == version]
    for stmt in statements:
        store.execute(stmt)
    store.execute(
        "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)", (version, name, applied_at)
    )
