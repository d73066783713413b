"""The command line: a thin Typer layer over the library. Library code raises; only this prints.

One module per group of commands: coding (code), store_cmds (ingest and the commands that read a store),
tools (evaluate, train, serve, explain, actors, version); common holds what they share."""

from __future__ import annotations

from rich.markup import escape

from ..errors import AnnalesError
from . import coding, store_cmds, tools  # noqa: F401 - importing a module registers its commands
from .common import actors_app, app, err

__all__ = ["app", "actors_app", "main"]


def main() -> None:
    try:
        app()
    except AnnalesError as exc:  # an optional extra missing deep in a command, or any coded error not caught there
        err.print(f"[red]Error:[/red] {escape(exc.message)}")
        raise SystemExit(2) from None


if __name__ == "__main__":
    main()
