"""The store's commands: ingest into it, and read it back (events, articles, errors, stats, export)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer
from rich.markup import escape

from ..errors import AnnalesError
from .coding import checked_date
from .common import (
    ADDRESS_OPTION,
    CPUS_OPTION,
    DELAY_OPTION,
    ENGINE_OPTION,
    FORMAT_OPTION,
    LIMIT_OPTION,
    READ_DB_OPTION,
    TIME_LIMIT_OPTION,
    TIMEOUT_OPTION,
    WIDTH_OPTION,
    Engine,
    RowFormat,
    app,
    checked,
    err,
    fail,
    open_existing_store,
    print_rows,
)

FAILURES_SHOWN = 20  # failures listed one per line at the end of an ingest; the rest: annales errors


# The options of `annales ingest` of its own (the shared ones are in common.py).
INGEST_PATHS_ARGUMENT = typer.Argument(
    None,
    help="Files, folders, globs, .jsonl, .gz archives, http(s) URLs of article "
    "pages, or a dataset folder written by --out.",
)
FEED_OPTION = typer.Option(
    None,
    "--feed",
    help="An RSS or Atom feed's URL (repeatable): its items not coded "
    "before are fetched, coded and stored; the store remembers each feed's position.",
)
WRITE_DB_OPTION = typer.Option(
    None, "--db", help="SQLite file, or a postgresql:// URL (default events.db); created if new."
)
DATASET_OUT_OPTION = typer.Option(
    None, "--out", help="Write a Parquet dataset folder (partitioned by event month) instead of a store."
)
KEEP_GOING_OPTION = typer.Option(
    False,
    "--keep-going",
    help="Exit 0 even when some inputs failed, as long as "
    "none was lost silently: each failure is still listed and stored (for scheduled "
    "runs where a few unreadable articles are expected).",
)


@app.command()
def ingest(
    paths: list[str] = INGEST_PATHS_ARGUMENT,
    feeds: list[str] = FEED_OPTION,
    db: str = WRITE_DB_OPTION,
    out: str = DATASET_OUT_OPTION,
    workers: int = typer.Option(0, "--workers", "-w", help="Workers (0 = all cores; on Ray, one per cluster CPU)."),
    recode: bool = typer.Option(False, "--recode", help="Re-code articles coded by an older coder version."),
    date: str | None = typer.Option(None, "--date", help="Publication date YYYY-MM-DD where the input has none."),
    actors: list[Path] = typer.Option(None, "--actors", help="Extra actors YAML file(s)."),
    window: int = typer.Option(
        1, "--window", help="Days apart two day-dated reports can be and still be one event (default 1)."
    ),
    keep_going: bool = KEEP_GOING_OPTION,
    timeout: float = TIMEOUT_OPTION,
    delay: float = DELAY_OPTION,
    engine: Engine = ENGINE_OPTION,
    address: str = ADDRESS_OPTION,
    cpus_per_worker: float = CPUS_OPTION,
    time_limit: float = TIME_LIMIT_OPTION,
) -> None:
    """Code files, URLs, feeds or an archive into a store (or a Parquet dataset with --out); re-running adds only
    what is new.

    Every input is tried: one that cannot be read or coded never stops the others. The run ends with a
    summary that counts the failures by reason and lists them (all of them: 'annales errors --db DB');
    the exit status is 1 when any input failed (0 with --keep-going unless nothing at all could be coded),
    2 when the run itself could not start. Failed inputs are tried again by the next run.
    """
    from ..budget import check_time_limit
    from ..engines import default_workers
    from ..fetch import Fetcher
    from ..readers import count_inputs
    from ..store.layout import is_dataset

    date = checked_date(date)
    if not paths and not feeds:
        fail(AnnalesError("E057"))
    limit = checked(check_time_limit, time_limit)
    expanded = _expand_globs(paths or [])
    if engine == Engine.local:
        workers = workers or default_workers()  # on Ray, 0 means all the cluster's CPUs
    total = None if feeds or any(is_dataset(p) for p in expanded) else count_inputs(expanded)
    summary = _run_ingest(
        expanded,
        total,
        db=db,
        out=out,
        workers=workers,
        recode=recode,
        date=date,
        actors_files=tuple(str(a) for a in actors or []),
        window_days=window,
        engine=engine.value,
        address=address,
        cpus_per_worker=cpus_per_worker,
        feeds=list(feeds or []),
        fetcher=Fetcher(timeout=timeout, delay=delay),
        time_limit=limit,
    )
    report_ingest(summary, db or ("" if out else "events.db"))
    if summary.failed and (not keep_going or summary.coded + summary.skipped == 0):
        raise typer.Exit(1)


def _expand_globs(paths: list[str]) -> list[str]:
    """The inputs with each glob ('*', '?', '[') of local paths expanded, sorted; a glob matching nothing, and
    every URL, stays as given (to be reported as not found)."""
    import glob as globmod

    from ..fetch import is_url

    expanded = []
    for p in paths:
        hits = sorted(globmod.glob(p)) if not is_url(p) and any(ch in p for ch in "*?[") else [p]
        expanded.extend(hits or [p])
    return expanded


def _run_ingest(paths, total, **kwargs):
    """store.ingest under a progress bar on stderr; a coded error that stops the whole run ends the command."""
    import time

    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    from ..store.ingest import ingest as run_ingest

    with Progress(
        TextColumn("[bold]ingest[/bold]"),
        BarColumn(),
        TextColumn("{task.fields[line]}"),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=err,
        transient=False,
    ) as progress:
        task = progress.add_task("ingest", total=total, line="starting")
        t0 = time.perf_counter()

        def tick(s):
            rate = (s.coded + s.failed) / max(1e-6, time.perf_counter() - t0)
            progress.update(
                task,
                advance=1,
                line=f"{s.read} read · {s.coded} coded · {s.skipped} stored before · "
                f"{s.failed} failed · {rate:.1f} articles/s",
            )

        return checked(run_ingest, paths, on_article=tick, **kwargs)


def report_ingest(summary, db: str) -> None:
    """The end of an ingest on stderr: the totals, the failures by reason, and each failure (once)."""
    for note in summary.notes:
        err.print(escape(note))
    err.print(f"[green]Done:[/green] {summary.line()}")
    if summary.warnings.get("W002"):
        err.print(
            f"[yellow]Warning:[/yellow] {summary.warnings['W002']} article(s) have no publication date (W002): "
            "their relative dates ('on Tuesday') stay unresolved. List them with 'annales articles --undated"
            f"{' --db ' + db if db else ''}'; give one with --date or a 'date' field."
        )
    if not summary.failed:
        return
    reasons = ", ".join(f"{code}: {n}" for code, n in summary.reasons.most_common())
    err.print(f"[red]{summary.failed} input(s) failed[/red]" + (f" — by reason: {reasons}" if reasons else ""))
    for path, message in summary.failures[:FAILURES_SHOWN]:
        err.print(f"  {escape(message or path or '?')}")
    more = summary.failed - min(FAILURES_SHOWN, len(summary.failures))
    where = (
        f"'annales errors --db {db}'"
        if db
        else "load the dataset into a store ('annales ingest DIR --db "
        "events.db') and run 'annales errors --db events.db'"
    )
    err.print((f"  … and {more} more. " if more > 0 else "  ") + f"All failures: {where}.")


def _filters(type_, mode, country, sector, modality) -> dict:
    """The event filters, each checked against what annales codes (E033/E036 with a suggestion)."""
    from ..vocabulary import check_modality, check_mode, check_sector, check_type, country_code

    return {
        "type": type_ and checked(check_type, type_),
        "mode": mode and checked(check_mode, mode),
        "country": country and checked(country_code, country),
        "sector": sector and checked(check_sector, sector),
        "modality": modality and checked(check_modality, modality),
    }


ACTOR_OPTION = typer.Option(
    None, "--actor", help="Events whose actor's name contains this (or whose actor code is it)."
)
RECIPIENT_OPTION = typer.Option(
    None, "--recipient", help="Events whose recipient's name contains this (or whose code is it)."
)
PARTY_OPTION = typer.Option(
    None, "--party", help="Events this party takes part in, as actor or recipient (matched as --actor is)."
)
TYPE_OPTION = typer.Option(None, "--type", help="PLOVER event type (ASSAULT, PROTEST, ...: 'annales explain ASSAULT').")
MODE_OPTION = typer.Option(None, "--mode", help="PLOVER mode (firearms, demo, arrest, ...).")
COUNTRY_OPTION = typer.Option(
    None, "--country", help="Country of the actor, recipient or place: ISO code (SDN, SD) or English name (Sudan)."
)
SECTOR_OPTION = typer.Option(None, "--sector", help="PLOVER sector of the actor or recipient (MIL, GOV, REB, ...).")
SINCE_OPTION = typer.Option(None, "--since", help="Events on or after this date, YYYY-MM-DD.")
UNTIL_OPTION = typer.Option(None, "--until", help="Events on or before this date, YYYY-MM-DD.")
MIN_CONFIDENCE_OPTION = typer.Option(
    None,
    "--min-confidence",
    help="Only events at least this probable (0-1: the "
    "event verifier's calibrated probability that the record is right).",
)
LEVEL_OPTION = typer.Option(
    "report", "--level", help="report (one row per article's report) or cluster (one per event)."
)
PLACE_OPTION = typer.Option(None, "--place", help="Events whose place name contains this.")
MODALITY_OPTION = typer.Option(
    None, "--modality", help="asserted, planned, demanded, negated, hypothetical, claimed or denied."
)
TEXT_OPTION = typer.Option(None, "--text", help="Events whose sentence contains this text.")


@app.command()
def events(
    db: str = READ_DB_OPTION,
    actor: str = ACTOR_OPTION,
    recipient: str = RECIPIENT_OPTION,
    party: str = PARTY_OPTION,
    type_: str = TYPE_OPTION,
    mode: str = MODE_OPTION,
    country: str = COUNTRY_OPTION,
    sector: str = SECTOR_OPTION,
    place: str = PLACE_OPTION,
    since: str = SINCE_OPTION,
    until: str = UNTIL_OPTION,
    modality: str = MODALITY_OPTION,
    text: str = TEXT_OPTION,
    min_confidence: float = MIN_CONFIDENCE_OPTION,
    level: str = LEVEL_OPTION,
    fmt: RowFormat = FORMAT_OPTION,
    limit: int = LIMIT_OPTION,
    width: int = WIDTH_OPTION,
) -> None:
    """Query stored events (a month-only or year-only date is inside --since/--until only when its whole month or
    year is)."""
    from ..store.query import event_rows
    from ..store.reviews import with_reviews

    filters = _filters(type_, mode, country, sector, modality)
    try:
        with open_existing_store(db) as store:
            rows = event_rows(
                store,
                actor=actor,
                recipient=recipient,
                party=party,
                place=place,
                since=since,
                until=until,
                text=text,
                level=level,
                limit=limit,
                min_confidence=min_confidence,
                **filters,
            )
            # a reviewed event says so: verdict, who, when, corrected values (the coder's columns unchanged)
            rows = with_reviews(store, rows, flat=fmt != RowFormat.json and fmt != RowFormat.jsonl)
    except AnnalesError as exc:
        fail(exc)
    print_rows(
        rows,
        fmt,
        [
            "date",
            "date_precision",
            "date_source",
            "type",
            "actor_name",
            "recipient_name",
            "place_name",
            "modality",
            "trigger",
            "review",
        ]
        + (["n_reports"] if level == "cluster" else []),
        width,
        what="events",
    )


@app.command()
def counts(
    db: str = READ_DB_OPTION,
    by: str = typer.Option(
        "week",
        "--by",
        help="week (ISO weeks), month or year. Events known only to a coarser "
        "period than this get a row of their own ('2024-05 (month only)'), never one in each week.",
    ),
    actor: str = ACTOR_OPTION,
    recipient: str = RECIPIENT_OPTION,
    party: str = PARTY_OPTION,
    type_: str = TYPE_OPTION,
    mode: str = MODE_OPTION,
    country: str = COUNTRY_OPTION,
    sector: str = SECTOR_OPTION,
    place: str = PLACE_OPTION,
    since: str = SINCE_OPTION,
    until: str = UNTIL_OPTION,
    modality: str = MODALITY_OPTION,
    text: str = TEXT_OPTION,
    min_confidence: float = MIN_CONFIDENCE_OPTION,
    level: str = LEVEL_OPTION,
    fmt: RowFormat = FORMAT_OPTION,
    width: int = WIDTH_OPTION,
) -> None:
    """Count stored events by week, month or year, each event exactly once: the rows add up to the number of
    events the filters match (at --level cluster, each real-world event once)."""
    from ..store.counts import event_counts

    filters = _filters(type_, mode, country, sector, modality)
    try:
        with open_existing_store(db) as store:
            rows = event_counts(
                store,
                by=by,
                level=level,
                actor=actor,
                recipient=recipient,
                party=party,
                place=place,
                since=since,
                until=until,
                text=text,
                min_confidence=min_confidence,
                **filters,
            )
    except AnnalesError as exc:
        fail(exc)
    print_rows(rows, fmt, ["period", "start", "end", "events"], width, what="periods")
    if fmt == "table":
        what = "clusters" if level == "cluster" else "events"
        err.print(f"{sum(r['events'] for r in rows)} {what} in all, each counted once")


@app.command()
def articles(
    db: str = READ_DB_OPTION,
    since: str = typer.Option(None, "--since", help="Articles published on or after this date."),
    until: str = typer.Option(None, "--until", help="Articles published on or before this date."),
    undated: bool = typer.Option(False, "--undated", help="Only articles with no publication date."),
    fmt: RowFormat = FORMAT_OPTION,
    limit: int = LIMIT_OPTION,
    width: int = WIDTH_OPTION,
) -> None:
    """List the stored articles: id, date, title, source, how many events, and their warnings."""
    from ..store.listing import article_rows

    try:
        with open_existing_store(db) as store:
            rows = article_rows(store, since=since, until=until, undated=undated, limit=limit)
    except AnnalesError as exc:
        fail(exc)
    print_rows(rows, fmt, ["date", "id", "title", "source", "events", "warnings", "path"], width, what="articles")


@app.command()
def errors(
    db: str = READ_DB_OPTION,
    code: str = typer.Option(None, "--code", help="Only failures with this error code (E006, ...)."),
    fmt: RowFormat = FORMAT_OPTION,
    limit: int = LIMIT_OPTION,
    width: int = WIDTH_OPTION,
) -> None:
    """List the inputs that could not be read or coded, with the reason for each (what ingest stored)."""
    from ..store.listing import error_counts, error_rows

    try:
        with open_existing_store(db) as store:
            rows = error_rows(store, code=code, limit=limit)
            counts = error_counts(store)
    except AnnalesError as exc:
        fail(exc)
    print_rows(rows, fmt, ["path", "code", "message"], width, what="failed inputs")
    if fmt == "table" and counts:
        err.print("by reason: " + ", ".join(f"{r['code']}: {r['inputs']}" for r in counts))


@app.command()
def stats(
    db: str = READ_DB_OPTION,
    fmt: str = typer.Option("table", "--format", "-f", help="table or json."),
    checksum: bool = typer.Option(
        False,
        "--checksum",
        help="Print a checksum of the store's content instead"
        " (the same for the same content on SQLite or PostgreSQL, whatever order it"
        " was ingested in), to verify a copy, a backup or a rerun.",
    ),
    width: int = WIDTH_OPTION,
) -> None:
    """Counts of stored events by type, actor, country and month (or, with --checksum, the store's checksum)."""
    from ..store.query import stats as run_stats

    if fmt not in ("table", "json"):
        fail(AnnalesError("E028", value=fmt))
    if checksum:
        from ..store.checksum import store_checksum

        with checked(open_existing_store, db) as store:
            digest = store_checksum(store)
        sys.stdout.write((json.dumps({"checksum": digest}) if fmt == "json" else digest) + "\n")
        return
    with checked(open_existing_store, db) as store:
        result = run_stats(store)
        n_articles, n_events = store.count("articles"), store.count("events")
        n_clusters, n_errors = store.count("clusters"), store.count("errors")
    if fmt == "json":
        sys.stdout.write(
            json.dumps(
                {"articles": n_articles, "events": n_events, "clusters": n_clusters, "errors": n_errors, **result},
                indent=2,
            )
            + "\n"
        )
        return
    from rich.console import Console

    Console(width=width).print(f"{n_articles} articles, {n_events} events in {n_clusters} clusters, {n_errors} errors")
    for name, rows in result.items():
        if rows:
            print_rows(rows, "table", list(rows[0].keys()), width, what=f"{name} rows")


EXPORT_SUFFIXES = {".csv": "csv", ".tsv": "tsv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet"}


def export_format(out: str, fmt: str | None) -> str:
    """The export format: --format when given, else the file's extension; E034 when the two disagree or
    neither says (a .parquet file must never hold CSV)."""
    suffix = Path(out).suffix.lower()
    inferred = EXPORT_SUFFIXES.get(suffix)
    if fmt is None:
        if inferred is None:
            raise AnnalesError("E034", path=out, detail=f"its extension '{suffix or '(none)'}' names no export format")
        return inferred
    if fmt not in set(EXPORT_SUFFIXES.values()):
        raise AnnalesError("E017", value=fmt)
    if inferred is not None and inferred != fmt:
        raise AnnalesError("E034", path=out, detail=f"--format {fmt} disagrees with its extension '{suffix}'")
    return fmt


@app.command("export")
def export_cmd(
    out: str = typer.Argument(
        ...,
        help="Output file (.csv, .tsv, .jsonl or .parquet: the extension sets the format); "
        "child tables and a codebook are written beside it. With --shape keys: a folder.",
    ),
    db: str = READ_DB_OPTION,
    fmt: str = typer.Option(
        None,
        "--format",
        "-f",
        help="csv, tsv, jsonl or parquet (default: from the file's extension; refused when it disagrees with it).",
    ),
    shape: str = typer.Option(
        "annales",
        "--shape",
        help="annales, polecat, gdelt, acled, or keys (every reviewed "
        "article as NAME.txt and its answer key, for 'annales evaluate' and training).",
    ),
    level: str = LEVEL_OPTION,
    type_: str = TYPE_OPTION,
    country: str = COUNTRY_OPTION,
    since: str = SINCE_OPTION,
    until: str = UNTIL_OPTION,
    all_modalities: bool = typer.Option(
        False, "--all-modalities", help="ACLED and GDELT shapes: keep planned, claimed, denied ... events too."
    ),
    min_confidence: float = MIN_CONFIDENCE_OPTION,
) -> None:
    """Export stored events for analysis tools (or, with --shape keys, reviewed articles as answer keys)."""
    from ..store.export import export as run_export

    if shape == "keys":
        given = {
            "--format": fmt,
            "--type": type_,
            "--country": country,
            "--since": since,
            "--until": until,
            "--min-confidence": min_confidence,
            "--all-modalities": all_modalities or None,
            "--level": None if level == "report" else level,
        }
        export_keys(db, out, [opt for opt, value in given.items() if value is not None])
        return
    fmt = checked(export_format, out, fmt)
    filters = {k: v for k, v in _filters(type_, None, country, None, None).items() if v}
    try:
        with open_existing_store(db) as store:
            files = run_export(
                store,
                out,
                fmt=fmt,
                shape=shape,
                level=level,
                since=since,
                until=until,
                all_modalities=all_modalities,
                min_confidence=min_confidence,
                **filters,
            )
    except AnnalesError as exc:
        fail(exc)
    for f in files:
        err.print(f"wrote {f}")


def export_keys(db: str, out: str, refused: list[str]) -> None:
    """`annales export --shape keys`: every reviewed article as NAME.txt beside NAME.expected.yaml."""
    from ..errors import warning
    from ..store.review_keys import write_keys

    if refused:
        fail(AnnalesError("E061", detail=", ".join(refused)))
    try:
        with open_existing_store(db) as store:
            written = write_keys(store, out)
    except AnnalesError as exc:
        fail(exc)
    if not written.documents:
        err.print(f"[yellow]Warning:[/yellow] {escape(warning('W005', db=db)['message'])}")
        return
    skipped = "; ".join(f"{n} {why}" for why, n in sorted(written.skipped.items()))
    err.print(
        f"wrote {len(written.documents)} answer key(s) to {written.folder}: {written.events} reviewed events keyed,"
        f" {written.rejected} rejected left out"
        + (f"; skipped {skipped}" if skipped else "")
        + f". Score the coder against them: annales evaluate {written.folder}"
    )
