"""`annales code`: articles in, event records out (a table, JSON or JSON Lines)."""

from __future__ import annotations

import json
import sys
from collections import deque
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer
from rich.console import Group, RenderableType
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from ..errors import AnnalesError
from ..records import json_line
from .common import (
    ADDRESS_OPTION,
    CPUS_OPTION,
    DELAY_OPTION,
    ENGINE_OPTION,
    TIME_LIMIT_OPTION,
    TIMEOUT_OPTION,
    WIDTH_OPTION,
    Engine,
    app,
    checked,
    err,
    fail,
    print_table,
)

# Why an event's date reads as it does in the table; printed under a table that has such dates.
DATE_LEGEND = (
    "Date: the day, month or year the text gives; 'pub' = no date in the sentence, the article's "
    "publication day is used; 'dateline' = no date in the sentence, the day of the story's dateline is "
    "used; '?' = no date known (pass --date YYYY-MM-DD for an undated article)."
)
# How the table marks a date the event's own sentence does not give (see DATE_LEGEND).
DATE_MARKS = {"publication": "pub", "dateline": "dateline"}


class Format(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"


def checked_date(date: str | None, what: str = "--date") -> str | None:
    """The --date option, checked; a bad one ends the command with E010."""
    from ..readers import check_date

    return checked(check_date, date, what)


# The options of `annales code` of its own (the shared ones are in common.py).
CODE_PATHS_ARGUMENT = typer.Argument(
    None, help="Files (.txt, .html, .jsonl), folders, http(s) URLs of article pages, or '-' for standard input."
)
CODE_FORMAT_OPTION = typer.Option(
    Format.table,
    "--format",
    "-f",
    help="table (readable), json (always a list of "
    "documents) or jsonl (one document per line); each document names its 'input'.",
)
WITH_TEXT_OPTION = typer.Option(
    False, "--with-text", help="Include the extracted article text (offsets point into it)."
)
CODE_ACTORS_OPTION = typer.Option(
    None, "--actors", help="Extra actors YAML file(s), merged over the built-in knowledge base."
)
KEEP_CONFIDENCE_OPTION = typer.Option(
    None,
    "--min-confidence",
    min=0.0,
    max=1.0,
    help=(
        "Keep only events at least this probable (0-1: the event verifier's calibrated probability that the "
        "record is right; default: the model card's keep threshold, 0.05; 0 keeps every event found)."
    ),
)


@app.command()
def code(
    paths: list[str] = CODE_PATHS_ARGUMENT,
    date: str | None = typer.Option(None, "--date", help="Publication date YYYY-MM-DD, where the input has none."),
    title: str = typer.Option(None, "--title", help="Article title, for a single text input."),
    fmt: Format = CODE_FORMAT_OPTION,
    with_text: bool = WITH_TEXT_OPTION,
    actors: list[Path] = CODE_ACTORS_OPTION,
    workers: int = typer.Option(1, "--workers", "-w", help="Worker processes (each loads the model once)."),
    max_chars: int = typer.Option(1_000_000, "--max-chars", help="Refuse articles longer than this many characters."),
    width: int = WIDTH_OPTION,
    engine: Engine = ENGINE_OPTION,
    address: str = ADDRESS_OPTION,
    cpus_per_worker: float = CPUS_OPTION,
    time_limit: float = TIME_LIMIT_OPTION,
    timeout: float = TIMEOUT_OPTION,
    delay: float = DELAY_OPTION,
    min_confidence: float = KEEP_CONFIDENCE_OPTION,
    learned: bool = typer.Option(
        False,
        "--learned",
        help="Add the events the trained trigger tagger finds (a tenth more core events, half the speed; needs "
        "the learned extra; local engine only: benchmarks/README.md).",
    ),
) -> None:
    """Code news articles into political event records.

    Each input that cannot be coded is reported once, on stderr; the exit status is 1 when no input
    could be coded."""
    from ..budget import check_time_limit
    from ..engines import code_many
    from ..fetch import Fetcher
    from ..pages import read_sources

    date = checked_date(date)
    limit = checked(check_time_limit, time_limit)
    if learned:
        _check_learned(engine)
    paths = paths or ["-"]
    if paths == ["-"] and sys.stdin.isatty():
        err.print("[red]Error:[/red] no input: pass a file or folder, or pipe text into 'annales code -'.")
        raise typer.Exit(2)
    pending: deque = deque()
    fetcher = Fetcher(timeout=timeout, delay=delay)

    def inputs():
        for item in read_sources(paths, date=date, title=title, max_chars=max_chars, fetcher=fetcher):
            pending.append(item)
            yield item

    read_ok = failed = 0
    docs: list[dict] = []
    for doc in _guarded(
        code_many(
            inputs(),
            workers=workers,
            actors_files=tuple(str(p) for p in actors or []),
            with_text=with_text,
            engine=engine.value,
            address=address,
            cpus_per_worker=cpus_per_worker,
            time_limit=limit,
            min_confidence=min_confidence,
            learned=learned,
        )
    ):
        item = pending.popleft()
        doc = {"input": item.path or doc["article"]["id"], **_public(doc)}
        if _report(doc, fmt, width, docs):
            read_ok += 1
        else:
            failed += 1
    if fmt == Format.json:
        sys.stdout.write(json.dumps(docs, ensure_ascii=False, indent=2) + "\n")
    if read_ok == 0 and failed:
        err.print(f"[red]Error:[/red] {escape(AnnalesError('E013', count=failed).message)}")
        raise typer.Exit(1)


def _check_learned(engine: Engine) -> None:
    """--learned needs the local engine and the `learned` extra: said before any input is read (E030 names
    the extra)."""
    from ..learned.tagger import require_runtime

    if engine.value != "local":
        raise typer.BadParameter("the trained trigger tagger runs with the local engine only", param_hint="--learned")
    checked(require_runtime)


def _report(doc: dict, fmt: Format, width: int | None, docs: list[dict]) -> bool:
    """One coded document out as it comes: its error or warnings on stderr, then the document itself (a JSON
    line now; for --format json, kept in `docs` for the list at the end; a table unless it failed). Whether
    it was coded."""
    if doc["error"]:
        message = doc["error"]["message"]  # it names the input, except a stage's own failure may not
        where = "" if doc["input"] in message else f" {doc['input']}"
        err.print(f"[yellow]Skipped{escape(where)}:[/yellow] {escape(message)}")
    for w in doc.get("warnings") or []:
        err.print(f"[yellow]Warning:[/yellow] {escape(w['message'])}")
    if fmt == Format.jsonl:
        sys.stdout.write(json_line(doc) + "\n")
        sys.stdout.flush()
    elif fmt == Format.json:
        docs.append(doc)
    elif not doc["error"]:  # the error is on stderr already: once is enough
        print_table(document_view(doc), width)
    return not doc["error"]


def _guarded(docs):
    """Documents from an engine; an error that stops the engine itself (not one article) ends the run clearly."""
    try:
        yield from docs
    except AnnalesError as exc:
        fail(exc)


def _public(doc: dict) -> dict:
    if doc.get("error"):
        doc["error"] = {k: v for k, v in doc["error"].items() if k in ("code", "message")}
    return doc


def _party(p: dict | None) -> str:
    if not p:
        return "-"
    tag = "/".join(x for x in (p.get("country"), p.get("sector")) if x)
    return f"{escape(p['name'])} [dim]({tag})[/dim]" if tag else escape(p["name"])


def _evidence(e: dict) -> str:
    """A window of the sentence around the trigger, the trigger in bold (the whole sentence is in --format json)."""
    sent = e["sentence"]
    t0, t1 = e["trigger_start"] - e["start"], e["trigger_end"] - e["start"]
    a, b = max(0, t0 - 50), min(len(sent), t1 + 50)
    pre = ("…" if a else "") + sent[a:t0]
    post = sent[t1:b] + ("…" if b < len(sent) else "")
    return escape(pre) + "[bold yellow]" + escape(sent[t0:t1]) + "[/bold yellow]" + escape(post)


def document_view(doc: dict) -> Group:
    """One coded article as a table of its events, with its numbers, quotes and the date legend."""
    art = doc["article"]
    head = (
        f"[bold]{escape(art.get('title') or art['id'])}[/bold]  "
        f"[dim]{art.get('date') or 'no date'} · id {art['id']} · {escape(doc.get('input') or '')}[/dim]"
    )
    table = Table(title=head, title_justify="left", show_lines=True, expand=True)
    columns: list[tuple[str, dict[str, Any]]] = [
        ("Date", {"no_wrap": True, "min_width": 7}),
        ("Actor", {"ratio": 2, "min_width": 12}),
        ("Event", {"min_width": 10}),
        ("Recipient", {"ratio": 2, "min_width": 12}),
        ("Place", {"min_width": 6}),
        ("Evidence", {"ratio": 4, "min_width": 24}),
    ]
    for col, kw in columns:
        table.add_column(col, **kw)
    for e in doc["events"]:
        ev = f"{e['type']}{'/' + e['mode'] if e['mode'] else ''} [dim]{e['cameo']}[/dim]"
        if e["modality"] != "asserted":
            ev += f"\n[italic]{e['modality']}[/italic]"
        mark = DATE_MARKS.get(e["date_source"])
        date = (e["date"] or "?") + (f" [dim]{mark}[/dim]" if mark else "")
        place = escape((e["location"] or {}).get("name") or "-")
        table.add_row(date, _party(e["actor"]), ev, _party(e["recipient"]), place, _evidence(e))
    parts: list[RenderableType] = [table]
    if any(e["date_source"] != "text" or not e["date"] for e in doc["events"]):
        parts.append(Text(DATE_LEGEND, style="dim"))
    if doc["quantities"]:
        parts.append(
            Text(
                "Numbers: "
                + "; ".join(
                    f"{q['value']:,} {q['unit']} ({q['subject']}, {q['date'] or '?'}, {q['modality']})"
                    for q in doc["quantities"]
                )
            )
        )
    if doc["quotes"]:
        parts.append(
            Text(
                "Quotes: "
                + "; ".join(
                    f"{(q['speaker'] or {}).get('name', '?')}{' via ' + q['via']['name'] if q['via'] else ''}: “{q['text'][:60]}…”"
                    for q in doc["quotes"]
                )
            )
        )
    parts.append(Text(""))
    return Group(*parts)
