"""Where a Parquet dataset written by `annales ingest --out` keeps its parts: needs no pyarrow, so that
ingest can tell a dataset folder from an input folder without the `data` extra."""

from __future__ import annotations

from pathlib import Path

ARTICLES_DIR = "_articles"
MARKER = "_annales.json"


def is_dataset(path: str) -> bool:
    """A folder written by `annales ingest --out` (finished or not)."""
    p = Path(path)
    return p.is_dir() and ((p / MARKER).is_file() or (p / ARTICLES_DIR).is_dir())
