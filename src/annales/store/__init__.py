"""The corpus store: ingest, clusters of duplicate reports, queries and exports (SQLite or PostgreSQL)."""

from .db import Store

__all__ = ["Store"]
