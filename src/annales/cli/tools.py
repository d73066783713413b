"""The other commands: evaluate and train the coder, serve a store, explain codes, look up actors."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape

from ..errors import AnnalesError
from .coding import checked_date
from .common import actors_app, app, checked, err, fail


@app.command()
def evaluate(
    keys: list[str] = typer.Argument(
        ..., help="Answer keys: NAME.expected.yaml files, folders of them, or a corpus root (with splits.tsv)."
    ),
    split: str = typer.Option(None, "--split", help="Only this split of a corpus: train, dev or test."),
    fmt: str = typer.Option("table", "--format", "-f", help="table or json."),
    workers: int = typer.Option(1, "--workers", "-w", help="Processes coding the documents."),
    verbose: bool = typer.Option(
        False,
        "--verbose",
        "-v",
        help="Also list each document's misses (never use on held-out or test sets: look at totals only).",
    ),
    learned: bool = typer.Option(
        False, "--learned", help="Code with the trained trigger tagger added (experimental: see benchmarks/README.md)."
    ),
    by_rule: bool = typer.Option(
        False,
        "--by-rule",
        help="Also show how often each reading (rule, lexicon entry, model) fired and was right (error analysis: never on held-out or test sets).",
    ),
) -> None:
    """Code the keyed documents and score them strictly: precision, recall, F1, per type, per field."""
    from ..evaluation import evaluate as run_evaluate
    from ..evaluation import render
    from ..keys import KeyFileError

    if split is not None and split not in ("train", "dev", "test"):
        fail(AnnalesError("E026", split=split, path=", ".join(keys), detail="unknown split"))
    if fmt not in ("table", "json"):
        fail(AnnalesError("E028", value=fmt))
    if learned:  # before any document is read or a worker started
        from ..learned.tagger import require_runtime

        checked(require_runtime)
    try:
        report = run_evaluate(keys, split, workers=workers, learned=learned)
    except FileNotFoundError:
        fail(AnnalesError("E025", path=", ".join(keys)))
    except KeyFileError as exc:
        fail(AnnalesError("E027", path=str(exc.path), detail=exc.detail))
    except ValueError as exc:
        fail(AnnalesError("E026", split=split, path=", ".join(keys), detail=str(exc)))
    if not report.documents:
        fail(AnnalesError("E025", path=", ".join(keys)))
    if fmt == "json":
        body = report.to_dict()
        if by_rule:
            body["per_rule"] = report.per_rule()
            body["later_readings"] = report.later_readings()
        sys.stdout.write(json.dumps(body, indent=2) + "\n")
        return
    console = Console(width=max(140, Console().width))
    render(console, report, verbose=verbose)
    if by_rule:
        from ..evaluation import render_rules

        render_rules(console, report)


@app.command()
def train(
    corpus: str = typer.Option("corpus", "--corpus", help="The annotated corpus (with splits.tsv)."),
    out: str = typer.Option(
        None, "--out", help="Where to write the model (default: inside the package, replacing the shipped one)."
    ),
    family: str = typer.Option(
        "minilm",
        "--family",
        help="minilm (the shipped tagger: fine-tuned MiniLM, ONNX) or spacy (the comparison: a spaCy NER over triggers).",
    ),
    component: str = typer.Option(
        "all",
        "--component",
        help="tagger, triggers (the linear trigger classifier), ranker (the argument ranker), places (the event-place ranker), verifier (the event verifier; these four numpy only, no train extra needed) or all (triggers, ranker, places, tagger, then the verifier, which learns from their output).",
    ),
    epochs: int = typer.Option(None, "--epochs", help="Epochs (minilm; default: the config's)."),
    max_steps: int = typer.Option(None, "--max-steps", help="Steps (spacy; default: the config's)."),
    limit_docs: int = typer.Option(
        None, "--limit-docs", help="Use only the first N documents of each split (a smoke test)."
    ),
) -> None:
    """Train the reader's learned components on corpus train, choosing on dev (reproducible: fixed seeds)."""
    from ..learned import MODELS_DIR

    if family == "spacy":
        _train_spacy_triggers(Path(corpus), Path(out) if out else None, max_steps, limit_docs)
        return
    if family != "minilm" or component not in ("all", "tagger", "triggers", "ranker", "places", "verifier"):
        fail(AnnalesError("E031", value=f"{family}/{component}"))
    own = Path(out) if out else None  # --out: the component trained (with all, the tagger; the rest are shipped)
    if component in ("all", "triggers"):
        _train_trigger_classifier(Path(corpus), own if component == "triggers" else None, limit_docs)
        if component == "triggers":
            return
    if component in ("all", "ranker"):
        _train_ranker(Path(corpus), own if component == "ranker" else None, limit_docs)
        if component == "ranker":
            return
    if component in ("all", "places"):
        _train_place_ranker(Path(corpus), own if component == "places" else None, limit_docs)
        if component == "places":
            return
    if component == "verifier":
        _train_verifier(Path(corpus), own or MODELS_DIR / "event_verifier", limit_docs)
        return
    _train_tagger(Path(corpus), own or MODELS_DIR / "trigger_tagger", epochs, limit_docs)
    if component == "all":
        _train_verifier(Path(corpus), MODELS_DIR / "event_verifier", limit_docs)


def _train_spacy_triggers(corpus: Path, out: Path | None, max_steps: int | None, limit_docs: int | None) -> None:
    """The comparison family: a spaCy NER over triggers."""
    from ..learned.train import train_triggers

    card = train_triggers(corpus, out, max_steps=max_steps, limit_docs=limit_docs)
    Console().print(f"spaCy trigger NER: dev {card['dev_scores']}")


def _train_trigger_classifier(corpus: Path, out: Path | None, limit_docs: int | None) -> None:
    """The linear trigger classifier, into `out` or the shipped model's folder (numpy only)."""
    from ..learned import MODELS_DIR
    from ..learned.trigger_classifier import shipped_classifier
    from ..learned.trigger_classifier_training import train_trigger_classifier

    card = train_trigger_classifier(corpus, out or MODELS_DIR / "trigger_classifier", limit_docs=limit_docs)
    shipped_classifier.cache_clear()
    best = next(r for r in card["dev_triggers_by_threshold"] if r["threshold"] == card["decision"]["threshold"])
    Console().print(f"trigger classifier: dev triggers at {card['decision']['threshold']}: {best}")


def _train_ranker(corpus: Path, out: Path | None, limit_docs: int | None) -> None:
    """The argument ranker, into `out` or the shipped model's folder (numpy only)."""
    from ..learned import MODELS_DIR
    from ..learned.argument_training import train_ranker

    card = train_ranker(corpus, out or MODELS_DIR / "argument_ranker", limit_docs=limit_docs)
    Console().print(f"argument ranker: dev top-1 {card['dev_top1']}")


def _train_place_ranker(corpus: Path, out: Path | None, limit_docs: int | None) -> None:
    """The event-place ranker, into `out` or the shipped model's folder (numpy only)."""
    from ..learned import MODELS_DIR
    from ..learned.event_places import shipped_place_ranker
    from ..learned.event_places_training import train_place_ranker

    card = train_place_ranker(corpus, out or MODELS_DIR / "event_place_ranker", limit_docs=limit_docs)
    shipped_place_ranker.cache_clear()
    Console().print(
        f"event place ranker: decision {card['decision']}, dev {card['dev']['ranker']} (rules {card['dev']['rules']})"
    )


def _train_tagger(corpus: Path, out: Path, epochs: int | None, limit_docs: int | None) -> None:
    """The MiniLM trigger tagger (fine-tuned, exported to ONNX): needs the train extra, checked first."""
    from dataclasses import replace

    from ..extras import require

    try:
        for module in ("torch", "transformers", "onnx", "onnxruntime", "tokenizers"):  # train includes learned
            require(module, "train", "annales train")
    except AnnalesError as exc:
        fail(exc)
    from ..learned.tagger_training import TaggerConfig, train_tagger

    cfg = TaggerConfig() if epochs is None else replace(TaggerConfig(), epochs=epochs)
    card = train_tagger(corpus, out, cfg, limit_docs=limit_docs)
    Console().print(f"trigger tagger: dev {card['dev_scores_int8']}")


def _train_verifier(corpus: Path, out: Path, limit_docs: int | None) -> None:
    from ..learned.verifier import shipped_verifier
    from ..learned.verifier_training import train_verifier

    card = train_verifier(corpus, out, limit_docs=limit_docs)
    shipped_verifier.cache_clear()
    Console().print(f"event verifier: keep threshold {card['keep_threshold']}, dev {card['dev_at_keep_threshold']}")


@app.command()
def serve(
    db: str = typer.Option(
        "events.db",
        "--db",
        help="The store to serve: a SQLite file or a postgresql:// URL. "
        "It must exist, unless --token allows posting articles into a new one.",
    ),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (0.0.0.0: every interface)."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    token: str = typer.Option(
        None,
        "--token",
        help="Bearer token for writes; visible to other users in 'ps': prefer"
        " --token-file or ANNALES_TOKEN. None of them = read-only.",
    ),
    token_file: str = typer.Option(None, "--token-file", help="File whose first line is the bearer token for writes."),
    review_token: list[str] = typer.Option(
        None,
        "--review-token",
        help="A reviewer allowed to accept, reject or "
        "correct events, as NAME=TOKEN (repeat for each reviewer; visible in 'ps': "
        "prefer --review-tokens-file or ANNALES_REVIEW_TOKENS). None: review is off.",
    ),
    review_tokens_file: str = typer.Option(
        None, "--review-tokens-file", help="File of reviewers, one NAME=TOKEN a line (# comments)."
    ),
) -> None:
    """Serve the store over HTTP: the REST API (OpenAPI at /docs) and the dashboard."""
    from ..extras import require

    try:
        require("fastapi", "web", "annales serve")
        require("uvicorn", "web", "annales serve")
    except AnnalesError as exc:
        fail(exc)
    from ..web import create_app
    from ..web import server as web_server

    try:
        secret = web_server.read_token(token, token_file)
    except ValueError as exc:
        err.print(f"[red]Error:[/red] {escape(str(exc))}", highlight=False)
        raise typer.Exit(2) from None
    from ..web.reviewers import read_reviewers

    reviewers = checked(read_reviewers, review_token, review_tokens_file)
    if not secret:  # read-only: an empty new store would serve nothing
        from ..store.listing import require_existing

        checked(require_existing, db)
    if reviewers:
        err.print(f"review on for {', '.join(sorted(set(reviewers.values())))}")
    web_server.serve(create_app(db, token=secret, review_tokens=reviewers), host=host, port=port)


@app.command()
def explain(
    code: str = typer.Argument(..., help="A PLOVER type (ASSAULT), mode, sector (MIL) or CAMEO code (044)."),
) -> None:
    """Say what a PLOVER or CAMEO code means."""
    from ..ontology import explain as _explain

    try:
        info = _explain(code)
    except AnnalesError as exc:
        fail(exc)
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
def actors_lookup(
    name: str = typer.Argument(..., help="A name, alias or description ('top US general')."),
    date: str | None = typer.Option(None, "--date", help="The date that matters, YYYY-MM-DD."),
    actors: list[Path] = typer.Option(None, "--actors", help="Extra actors YAML file(s)."),
) -> None:
    """Who a name or description is on a date, and why."""
    from ..actors import kb as kbmod

    date = checked_date(date)
    try:
        k = kbmod.load(tuple(str(p) for p in actors or []))
    except AnnalesError as exc:
        fail(exc)
    out = Console()
    found = False
    role = k.role_for(name)
    if role is not None:
        held = role.holder(date)
        who = k.entities[held[0]].name if held else "unknown on that date"
        out.print(
            f"'{name}' is the role [bold]{role.title}[/bold] ({role.country}, {role.sector}); on {date or 'today'}: {who}"
        )
        found = True
    for ent in k.lookup(name)[:5]:
        country, sector, title, why = ent.at(date)
        codes = f" (COW {ent.cow}, GW {ent.gw})" if ent.kind == "country" and (ent.cow or ent.gw) else ""
        out.print(
            f"[bold]{ent.name}[/bold] ({ent.kind}) on {date or 'today'}: {country or '?'} {sector or '?'}"
            f"{codes}{' — ' + title if title else ''}\n  why: {why}",
            highlight=False,
        )
        found = True
    if not found:
        err.print(f"No actor named '{name}' in the knowledge base. Add one with --actors FILE.")
        raise typer.Exit(1)


@app.command()
def version() -> None:
    """Print the annales version."""
    from .. import __version__

    print(__version__)
