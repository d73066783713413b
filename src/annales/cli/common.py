"""What every command shares: the app, the error console, one way to fail, table width, row output,
and opening a store that must exist."""

from __future__ import annotations

import json
import os
import sys
from enum import StrEnum

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ..errors import AnnalesError
from ..records import json_line

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="annales: news articles in, source-linked PLOVER/CAMEO political event records out.",
)
actors_app = typer.Typer(no_args_is_help=True, help="Look up actors in the knowledge base.")
app.add_typer(actors_app, name="actors")
err = Console(stderr=True, highlight=False, soft_wrap=True)  # a message on one line: logs are grepped


class Engine(StrEnum):
    local = "local"
    ray = "ray"


# The options several commands share, each with one help text.
ENGINE_OPTION = typer.Option(Engine.local, "--engine", help="local (processes on this machine) or ray (a Ray cluster).")
ADDRESS_OPTION = typer.Option(
    None, "--address", help="Ray cluster to join: auto or ray://host:port (default: start a local one)."
)
CPUS_OPTION = typer.Option(1.0, "--cpus-per-worker", help="CPUs each Ray worker reserves.")
TIME_LIMIT_OPTION = typer.Option(
    120.0,
    "--time-limit",
    help="Seconds one article may take; an article over it gets error E049 and the others go on (0: no limit).",
)
TIMEOUT_OPTION = typer.Option(
    30.0,
    "--timeout",
    min=0.1,
    help="Seconds a URL or feed has to answer in full; one that does not gets error E054 and the others go on.",
)
DELAY_OPTION = typer.Option(
    1.0,
    "--delay",
    min=0.0,
    help="Seconds between two requests to the same host (URL inputs, "
    "feeds and their items): be polite to the sites you read.",
)
WIDTH_OPTION = typer.Option(
    None,
    "--width",
    min=40,
    help="Table width in characters (default: the terminal's; "
    "with no terminal, as wide as the table needs, so nothing is cut).",
)
READ_DB_OPTION = typer.Option(
    "events.db",
    "--db",
    help="The store to read: a SQLite file written by 'annales ingest', or a postgresql:// URL. It must exist.",
)


def fail(exc: AnnalesError, code: int = 2) -> None:
    """Print a coded error once, on stderr, and end the command."""
    err.print(f"[red]Error:[/red] {escape(exc.message)}")
    raise typer.Exit(code)


def checked(func, *args, **kwargs):
    """func(*args, **kwargs), ending the command cleanly on a coded error."""
    try:
        return func(*args, **kwargs)
    except AnnalesError as exc:
        fail(exc)


def open_existing_store(db: str):
    """The store at `db` for a read command; E032 when there is none (never creates an empty one)."""
    from ..store import Store
    from ..store.listing import require_existing

    require_existing(db)
    return Store.open(db)


def terminal_width() -> int | None:
    """The width of the terminal the user looks at, even when standard output is piped; None without one."""
    for stream in (sys.stdout, sys.stderr, sys.stdin):
        try:
            if stream is not None and stream.isatty():
                return os.get_terminal_size(stream.fileno()).columns
        except (OSError, ValueError, AttributeError):
            continue
    columns = os.environ.get("COLUMNS", "")
    return int(columns) if columns.isdigit() else None


def print_table(renderable, width: int | None = None) -> None:
    """Print a table (or any rich renderable) to stdout at --width, else the terminal's width, else (a pipe
    or file with no terminal) the width the table needs: piped tables are never cut at 80 columns."""
    width = width or terminal_width()
    if width is None:
        width = max(80, Console(width=100_000).measure(renderable).maximum)
    Console(width=width, highlight=False).print(renderable)


def print_rows(rows: list[dict], fmt: str, table_cols: list[str], width: int | None = None, what: str = "rows") -> None:
    """Rows as a table, CSV, JSON (always a list) or JSON Lines, on stdout; the count on stderr."""
    import csv as csvmod

    from ..store.export import csv_safe_rows

    if fmt == "json":
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2, default=str) + "\n")
    elif fmt == "jsonl":
        for r in rows:
            sys.stdout.write(json_line(r) + "\n")
    elif fmt in ("csv", "tsv"):
        if rows:
            w = csvmod.DictWriter(sys.stdout, fieldnames=list(rows[0].keys()), delimiter="," if fmt == "csv" else "\t")
            w.writeheader()
            w.writerows(csv_safe_rows(rows))
    else:
        table = Table(show_lines=False)
        for c in table_cols:
            table.add_column(c, overflow="fold")
        for r in rows:
            table.add_row(*[escape("" if r.get(c) is None else str(r.get(c))) for c in table_cols])
        print_table(table, width)
        err.print(f"{len(rows)} {what}")


class RowFormat(StrEnum):
    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"
    jsonl = "jsonl"


FORMAT_OPTION = typer.Option(
    RowFormat.table,
    "--format",
    "-f",
    help="table (readable), csv, tsv, json (one list) or jsonl (one object per line).",
)
LIMIT_OPTION = typer.Option(None, "--limit", min=1, help="Show at most this many rows.")
