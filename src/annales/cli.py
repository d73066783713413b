"""The command line: a thin Typer layer over the library. Library code raises; only this prints."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from .errors import AnnalesError

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="annales: news articles in, source-linked PLOVER/CAMEO political event records out.")
actors_app = typer.Typer(no_args_is_help=True, help="Look up actors in the knowledge base.")
app.add_typer(actors_app, name="actors")
err = Console(stderr=True)


class Engine(StrEnum):
    local = "local"
    ray = "ray"


class Format(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"


# The engine options `code` and `ingest` share.
ENGINE_OPTION = typer.Option(Engine.local, "--engine", help="local (processes on this machine) or ray (a Ray cluster).")
ADDRESS_OPTION = typer.Option(None, "--address", help="Ray cluster to join: auto or ray://host:port (default: start a local one).")
CPUS_OPTION = typer.Option(1.0, "--cpus-per-worker", help="CPUs each Ray worker reserves.")
TIME_LIMIT_OPTION = typer.Option(120.0, "--time-limit", help="Seconds one article may take; an article over it "
                                 "gets error E032 and the others go on (0: no limit).")


def _fail(exc: AnnalesError, code: int = 2) -> None:
    err.print(f"[red]Error:[/red] {escape(exc.message)}", highlight=False)
    raise typer.Exit(code)


def _checked_date(date: str | None) -> str | None:
    """The --date option, checked; a bad one ends the command with E010."""
    from .readers import check_date

    try:
        return check_date(date, "--date")
    except AnnalesError as exc:
        _fail(exc)


@app.command()
def code(
    paths: list[str] = typer.Argument(None, help="Files (.txt, .html, .jsonl), folders, or '-' for standard input."),
    date: str = typer.Option(None, "--date", help="Publication date YYYY-MM-DD, where the input has none."),
    title: str = typer.Option(None, "--title", help="Article title, for a single text input."),
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="table (readable), json or jsonl (one line per article)."),
    with_text: bool = typer.Option(False, "--with-text", help="Include the extracted article text (offsets point into it)."),
    actors: list[Path] = typer.Option(None, "--actors", help="Extra actors YAML file(s), merged over the built-in knowledge base."),
    workers: int = typer.Option(1, "--workers", "-w", help="Worker processes (each loads the model once)."),
    max_chars: int = typer.Option(1_000_000, "--max-chars", help="Refuse articles longer than this many characters."),
    engine: Engine = ENGINE_OPTION, address: str = ADDRESS_OPTION, cpus_per_worker: float = CPUS_OPTION,
    time_limit: float = TIME_LIMIT_OPTION,
) -> None:
    """Code news articles into political event records."""
    from .budget import check_time_limit
    from .engines import code_many
    from .readers import read_inputs

    date = _checked_date(date)
    try:
        limit = check_time_limit(time_limit)
    except AnnalesError as exc:
        _fail(exc)
    paths = paths or ["-"]
    if paths == ["-"] and sys.stdin.isatty():
        err.print("[red]Error:[/red] no input: pass a file or folder, or pipe text into 'annales code -'.")
        raise typer.Exit(2)
    actors_files = tuple(str(p) for p in actors or [])
    items = read_inputs(paths, date=date, title=title, max_chars=max_chars)
    out = Console()
    read_ok = failed = 0
    docs = []
    for doc in _guarded(code_many(items, workers=workers, actors_files=actors_files, with_text=with_text,
                                  engine=engine.value, address=address, cpus_per_worker=cpus_per_worker,
                                  time_limit=limit)):
        if doc["error"]:
            failed += 1
            err.print(f"[yellow]Skipped[/yellow] {doc['article']['id']}: {doc['error']['message']}", highlight=False)
        else:
            read_ok += 1
        for w in doc.get("warnings") or []:
            err.print(f"[yellow]Warning:[/yellow] {w['message']}", highlight=False)
        if fmt == Format.jsonl:
            sys.stdout.write(json.dumps(_public(doc), ensure_ascii=False) + "\n")
            sys.stdout.flush()
        elif fmt == Format.json:
            docs.append(_public(doc))
        else:
            render_table(out, doc)
    if fmt == Format.json:
        sys.stdout.write(json.dumps(docs[0] if len(docs) == 1 else docs, ensure_ascii=False, indent=2) + "\n")
    if read_ok == 0 and failed:
        err.print(f"[red]Error:[/red] {AnnalesError('E013', count=failed).message}", highlight=False)
        raise typer.Exit(1)


def _guarded(docs):
    """Documents from an engine; an error that stops the engine itself (not one article) ends the run clearly."""
    try:
        yield from docs
    except AnnalesError as exc:
        _fail(exc)


def _public(doc: dict) -> dict:
    if doc.get("error"):
        doc["error"] = {k: v for k, v in doc["error"].items() if k in ("code", "message")}
    return doc


def _party(p: dict | None) -> str:
    if not p:
        return "-"
    tag = "/".join(x for x in (p.get("country"), p.get("sector")) if x)
    return f"{p['name']} [dim]({tag})[/dim]" if tag else p["name"]


def render_table(console: Console, doc: dict) -> None:
    art = doc["article"]
    head = f"[bold]{art.get('title') or art['id']}[/bold]  [dim]{art.get('date') or 'no date'} · id {art['id']}[/dim]"
    if doc["error"]:
        console.print(head)
        console.print(f"  [red]{doc['error']['message']}[/red]")
        return
    table = Table(title=head, title_justify="left", show_lines=True, expand=True)
    for col, kw in [("Date", {"no_wrap": True, "min_width": 7}), ("Actor", {"ratio": 2, "min_width": 12}),
                    ("Event", {"min_width": 10}), ("Recipient", {"ratio": 2, "min_width": 12}),
                    ("Place", {"min_width": 6}), ("Evidence", {"ratio": 4, "min_width": 24})]:
        table.add_column(col, **kw)
    for e in doc["events"]:
        ev = f"{e['type']}{'/' + e['mode'] if e['mode'] else ''} [dim]{e['cameo']}[/dim]"
        if e["modality"] != "asserted":
            ev += f"\n[italic]{e['modality']}[/italic]"
        date = (e["date"] or "?") + ("" if e["date_source"] == "text" else " [dim]pub[/dim]")
        place = (e["location"] or {}).get("name") or "-"
        sent = e["sentence"]
        t0 = e["trigger_start"] - e["start"]
        t1 = e["trigger_end"] - e["start"]
        # a window around the trigger: the whole sentence is in --format json
        a, b = max(0, t0 - 50), min(len(sent), t1 + 50)
        pre = ("…" if a else "") + sent[a:t0]
        post = sent[t1:b] + ("…" if b < len(sent) else "")
        evidence = escape(pre) + "[bold yellow]" + escape(sent[t0:t1]) + "[/bold yellow]" + escape(post)
        table.add_row(date, _party(e["actor"]), ev, _party(e["recipient"]), place, evidence)
    console.print(table)
    extras = []
    if doc["quantities"]:
        extras.append("Numbers: " + "; ".join(f"{q['value']:,} {q['unit']} ({q['subject']}, {q['date'] or '?'}, {q['modality']})"
                                            for q in doc["quantities"]))
    if doc["quotes"]:
        extras.append("Quotes: " + "; ".join(
            f"{(q['speaker'] or {}).get('name', '?')}{' via ' + q['via']['name'] if q['via'] else ''}: “{q['text'][:60]}…”"
            for q in doc["quotes"]))
    for line in extras:
        console.print(line, highlight=False, markup=False)
    console.print()


@app.command()
def ingest(
    paths: list[str] = typer.Argument(..., help="Files, folders, globs, .jsonl, .gz archives, or a dataset folder written by --out."),
    db: str = typer.Option(None, "--db", help="SQLite file, or a postgresql:// URL (default events.db)."),
    out: str = typer.Option(None, "--out", help="Write a Parquet dataset folder (partitioned by event month) instead of a store."),
    workers: int = typer.Option(0, "--workers", "-w", help="Workers (0 = all cores; on Ray, one per cluster CPU)."),
    recode: bool = typer.Option(False, "--recode", help="Re-code articles coded by an older coder version."),
    date: str = typer.Option(None, "--date", help="Publication date YYYY-MM-DD where the input has none."),
    actors: list[Path] = typer.Option(None, "--actors", help="Extra actors YAML file(s)."),
    window: int = typer.Option(3, "--window", help="Days within which two reports can be the same event."),
    engine: Engine = ENGINE_OPTION, address: str = ADDRESS_OPTION, cpus_per_worker: float = CPUS_OPTION,
) -> None:
    """Code a feed or an archive into a store (or a Parquet dataset with --out); re-running adds only what is new."""
    import glob as globmod

    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    from .engines import default_workers
    from .readers import count_inputs
    from .store.ingest import ingest as run_ingest

    date = _checked_date(date)
    expanded = []
    for p in paths:
        hits = sorted(globmod.glob(p)) if any(ch in p for ch in "*?[") else [p]
        expanded.extend(hits or [p])
    if engine == Engine.local:
        workers = workers or default_workers()  # on Ray, 0 means all the cluster's CPUs
    from .store.layout import is_dataset

    total = None if any(is_dataset(p) for p in expanded) else count_inputs(expanded)
    with Progress(TextColumn("[bold]ingest[/bold]"), BarColumn(), TextColumn("{task.fields[line]}"),
                  TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(), console=err,
                  transient=False) as progress:
        task = progress.add_task("ingest", total=total, line="starting")
        import time as _t

        state = {"t0": _t.perf_counter()}

        def tick(s):
            rate = (s.coded + s.failed) / max(1e-6, _t.perf_counter() - state["t0"])
            progress.update(task, advance=1, line=f"{s.read} read · {s.coded} coded · {s.skipped} stored before · "
                                                  f"{s.failed} failed · {rate:.1f} articles/s")
        try:
            summary = run_ingest(expanded, db, out=out, workers=workers, recode=recode, date=date,
                                 actors_files=tuple(str(a) for a in actors or []), window_days=window, on_article=tick,
                                 engine=engine.value, address=address, cpus_per_worker=cpus_per_worker)
        except AnnalesError as exc:
            _fail(exc)
    err.print(f"[green]Done:[/green] {summary.line()}")


@app.command()
def events(
    db: str = typer.Option("events.db", "--db", help="SQLite file, or a postgresql:// URL."),
    actor: str = typer.Option(None, "--actor"), recipient: str = typer.Option(None, "--recipient"),
    type_: str = typer.Option(None, "--type"), mode: str = typer.Option(None, "--mode"),
    country: str = typer.Option(None, "--country"), place: str = typer.Option(None, "--place"),
    since: str = typer.Option(None, "--since"), until: str = typer.Option(None, "--until"),
    modality: str = typer.Option(None, "--modality"), text: str = typer.Option(None, "--text"),
    level: str = typer.Option("report", "--level", help="report (one row per report) or cluster (one per event)."),
    fmt: str = typer.Option("table", "--format", "-f", help="table, csv, json or jsonl."),
    limit: int = typer.Option(None, "--limit"),
) -> None:
    """Query stored events."""
    from .store import Store
    from .store.query import event_rows

    try:
        with Store.open(db) as store:
            rows = event_rows(store, actor=actor, recipient=recipient, type=type_, mode=mode, country=country,
                              place=place, since=since, until=until, modality=modality, text=text, level=level,
                              limit=limit)
    except AnnalesError as exc:
        _fail(exc)
    _print_rows(rows, fmt, ["date", "type", "actor_name", "recipient_name", "place_name", "modality", "trigger"]
                + (["n_reports"] if level == "cluster" else []))


def _print_rows(rows: list[dict], fmt: str, table_cols: list[str]) -> None:
    import csv as csvmod

    if fmt == "json":
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2, default=str) + "\n")
    elif fmt == "jsonl":
        for r in rows:
            sys.stdout.write(json.dumps(r, ensure_ascii=False, default=str) + "\n")
    elif fmt == "csv":
        if rows:
            w = csvmod.DictWriter(sys.stdout, fieldnames=list(rows[0].keys()))
            w.writeheader()
            w.writerows(rows)
    else:
        table = Table(show_lines=False)
        for c in table_cols:
            table.add_column(c)
        for r in rows:
            table.add_row(*[escape("" if r.get(c) is None else str(r.get(c))) for c in table_cols])
        Console().print(table)
        err.print(f"{len(rows)} rows")


@app.command()
def stats(db: str = typer.Option("events.db", "--db"),
          fmt: str = typer.Option("table", "--format", "-f", help="table or json.")) -> None:
    """Counts of stored events by type, actor, country and month."""
    from .store import Store
    from .store.query import stats as run_stats

    with Store.open(db) as store:
        result = run_stats(store)
        n_articles, n_events = store.count("articles"), store.count("events")
        n_clusters, n_errors = store.count("clusters"), store.count("errors")
    if fmt == "json":
        sys.stdout.write(json.dumps({"articles": n_articles, "events": n_events, "clusters": n_clusters,
                                     "errors": n_errors, **result}, indent=2) + "\n")
        return
    Console().print(f"{n_articles} articles, {n_events} events in {n_clusters} clusters, {n_errors} errors")
    for rows in result.values():
        if rows:
            _print_rows(rows, "table", list(rows[0].keys()))


@app.command()
def evaluate(
    keys: list[str] = typer.Argument(..., help="Answer keys: NAME.expected.yaml files, folders of them, or a corpus root (with splits.tsv)."),
    split: str = typer.Option(None, "--split", help="Only this split of a corpus: train, dev or test."),
    fmt: str = typer.Option("table", "--format", "-f", help="table or json."),
    workers: int = typer.Option(1, "--workers", "-w", help="Processes coding the documents."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Also list each document's misses (never use on held-out or test sets: look at totals only)."),
    learned: bool = typer.Option(False, "--learned", help="Code with the trained trigger tagger added (experimental: see benchmarks/README.md)."),
) -> None:
    """Code the keyed documents and score them strictly: precision, recall, F1, per type, per field."""
    from .evaluation import evaluate as run_evaluate
    from .evaluation import render
    from .keys import KeyFileError

    if split is not None and split not in ("train", "dev", "test"):
        _fail(AnnalesError("E026", split=split, path=", ".join(keys), detail="unknown split"))
    if fmt not in ("table", "json"):
        _fail(AnnalesError("E028", value=fmt))
    try:
        report = run_evaluate(keys, split, workers=workers, learned=learned)
    except FileNotFoundError:
        _fail(AnnalesError("E025", path=", ".join(keys)))
    except KeyFileError as exc:
        _fail(AnnalesError("E027", path=str(exc.path), detail=exc.detail))
    except ValueError as exc:
        _fail(AnnalesError("E026", split=split, path=", ".join(keys), detail=str(exc)))
    if not report.documents:
        _fail(AnnalesError("E025", path=", ".join(keys)))
    if fmt == "json":
        sys.stdout.write(json.dumps(report.to_dict(), indent=2) + "\n")
        return
    render(Console(width=max(140, Console().width)), report, verbose=verbose)


@app.command()
def train(
    corpus: str = typer.Option("corpus", "--corpus", help="The annotated corpus (with splits.tsv)."),
    out: str = typer.Option(None, "--out", help="Where to write the model (default: inside the package, replacing the shipped one)."),
    family: str = typer.Option("minilm", "--family", help="minilm (the shipped tagger: fine-tuned MiniLM, ONNX) or spacy (the comparison: a spaCy NER over triggers)."),
    component: str = typer.Option("all", "--component", help="tagger, ranker (the argument ranker: numpy only, no train extra needed) or all."),
    epochs: int = typer.Option(None, "--epochs", help="Epochs (minilm; default: the config's)."),
    max_steps: int = typer.Option(None, "--max-steps", help="Steps (spacy; default: the config's)."),
    limit_docs: int = typer.Option(None, "--limit-docs", help="Use only the first N documents of each split (a smoke test)."),
) -> None:
    """Train the reader's learned components on corpus train, choosing on dev (reproducible: fixed seeds)."""
    from dataclasses import replace

    from .learned import MODELS_DIR

    if family == "spacy":
        from .learned.train import train_triggers

        card = train_triggers(Path(corpus), Path(out) if out else None, max_steps=max_steps, limit_docs=limit_docs)
        Console().print(f"spaCy trigger NER: dev {card['dev_scores']}")
        return
    if family != "minilm" or component not in ("all", "tagger", "ranker"):
        _fail(AnnalesError("E031", value=f"{family}/{component}"))
    if component in ("all", "ranker"):
        from .learned.argument_training import train_ranker

        card = train_ranker(Path(corpus), Path(out) if out and component == "ranker" else MODELS_DIR / "argument_ranker",
                            limit_docs=limit_docs)
        Console().print(f"argument ranker: dev top-1 {card['dev_top1']}")
        if component == "ranker":
            return
    from .extras import require

    try:
        for module in ("torch", "transformers", "onnx"):
            require(module, "train", "annales train")
    except AnnalesError as exc:
        _fail(exc)
    from .learned.tagger_training import TaggerConfig, train_tagger

    cfg = TaggerConfig() if epochs is None else replace(TaggerConfig(), epochs=epochs)
    card = train_tagger(Path(corpus), Path(out) if out else MODELS_DIR / "trigger_tagger", cfg, limit_docs=limit_docs)
    Console().print(f"trigger tagger: dev {card['dev_scores_int8']}")


@app.command("export")
def export_cmd(
    out: str = typer.Argument(..., help="Output file; child tables and a codebook are written beside it."),
    db: str = typer.Option("events.db", "--db"),
    fmt: str = typer.Option("csv", "--format", "-f", help="csv, tsv, jsonl or parquet."),
    shape: str = typer.Option("annales", "--shape", help="annales, polecat, gdelt or acled."),
    level: str = typer.Option("report", "--level", help="report or cluster."),
    type_: str = typer.Option(None, "--type"), country: str = typer.Option(None, "--country"),
    since: str = typer.Option(None, "--since"), until: str = typer.Option(None, "--until"),
) -> None:
    """Export stored events for analysis tools."""
    from .store import Store
    from .store.export import export as run_export

    try:
        with Store.open(db) as store:
            files = run_export(store, out, fmt=fmt, shape=shape, level=level, type=type_, country=country,
                               since=since, until=until)
    except AnnalesError as exc:
        _fail(exc)
    for f in files:
        err.print(f"wrote {f}")


@app.command()
def serve(
    db: str = typer.Option("events.db", "--db", help="SQLite file, or a postgresql:// URL."),
    host: str = typer.Option("127.0.0.1", "--host"), port: int = typer.Option(8000, "--port"),
    token: str = typer.Option(None, "--token", help="Bearer token for writes (or ANNALES_TOKEN); none = read-only."),
) -> None:
    """Serve the store over HTTP: the REST API (OpenAPI at /docs)."""
    from .extras import require

    try:
        require("fastapi", "web", "annales serve")
        uvicorn = require("uvicorn", "web", "annales serve")
    except AnnalesError as exc:
        _fail(exc)
    from .web import create_app

    uvicorn.run(create_app(db, token=token), host=host, port=port, log_level="info")


@app.command()
def explain(code: str = typer.Argument(..., help="A PLOVER type (ASSAULT), mode, sector (MIL) or CAMEO code (044).")) -> None:
    """Say what a PLOVER or CAMEO code means."""
    from .ontology import explain as _explain

    try:
        info = _explain(code)
    except AnnalesError as exc:
        _fail(exc)
    out = Console()
    out.print(f"[bold]{info['code']}[/bold] — {info['kind']}")
    out.print(info.get("description") or "")
    for k, v in info.items():
        if k in ("code", "kind", "description") or v in (None, [], {}):
            continue
        if isinstance(v, dict):
            out.print(f"[bold]{k}[/bold]:")
            for mk, mv in v.items():
                out.print(f"  {mk}: {mv}")
        elif isinstance(v, list):
            out.print(f"[bold]{k}[/bold]: " + (", ".join(v) if all(len(str(x)) < 8 for x in v) else ""))
            if not all(len(str(x)) < 8 for x in v):
                for x in v:
                    out.print(f"  - {x}")
        else:
            out.print(f"[bold]{k}[/bold]: {v}")


@actors_app.command("lookup")
def actors_lookup(name: str = typer.Argument(..., help="A name, alias or description ('top US general')."),
                  date: str = typer.Option(None, "--date", help="The date that matters, YYYY-MM-DD."),
                  actors: list[Path] = typer.Option(None, "--actors", help="Extra actors YAML file(s).")) -> None:
    """Who a name or description is on a date, and why."""
    from .actors import kb as kbmod

    date = _checked_date(date)
    try:
        k = kbmod.load(tuple(str(p) for p in actors or []))
    except AnnalesError as exc:
        _fail(exc)
    out = Console()
    found = False
    role = k.role_for(name)
    if role is not None:
        held = role.holder(date)
        who = k.entities[held[0]].name if held else "unknown on that date"
        out.print(f"'{name}' is the role [bold]{role.title}[/bold] ({role.country}, {role.sector}); on {date or 'today'}: {who}")
        found = True
    for ent in k.lookup(name)[:5]:
        country, sector, title, why = ent.at(date)
        codes = f" (COW {ent.cow}, GW {ent.gw})" if ent.kind == "country" and (ent.cow or ent.gw) else ""
        out.print(f"[bold]{ent.name}[/bold] ({ent.kind}) on {date or 'today'}: {country or '?'} {sector or '?'}"
                  f"{codes}{' — ' + title if title else ''}\n  why: {why}", highlight=False)
        found = True
    if not found:
        err.print(f"No actor named '{name}' in the knowledge base. Add one with --actors FILE.")
        raise typer.Exit(1)


@app.command()
def version() -> None:
    """Print the annales version."""
    from . import __version__

    print(__version__)


def main() -> None:
    try:
        app()
    except AnnalesError as exc:  # an optional extra missing deep in a command, or any coded error not caught there
        err.print(f"[red]Error:[/red] {escape(exc.message)}", highlight=False)
        raise SystemExit(2) from None


if __name__ == "__main__":
    main()
