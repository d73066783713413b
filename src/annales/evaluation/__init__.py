"""Scoring the coder's output against answer keys: `annales evaluate`, the project's one scorer.

    >>> from annales.evaluation import evaluate
    >>> report = evaluate(["corpus"], split="dev")
    >>> report.totals()["events_core"]["recall"]

Every accuracy figure of the project comes from here (the rules: score.py and match.py; the key format:
docs/annotation.md). Keys can also be scored against other keys (`key_as_output`): that is how annotator
agreement is measured, with the same rules.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from ..keys import KeyedDocument, find_documents
from .match import CountryOf
from .report import Report, render, render_rules
from .score import DocumentScore, score_document

__all__ = [
    "evaluate",
    "score_document",
    "key_as_output",
    "Report",
    "DocumentScore",
    "render",
    "render_rules",
    "default_country_of",
]


def default_country_of() -> CountryOf:
    """The knowledge base's country of a word ("Nairobi" -> KEN), for keys that name places as parties."""
    from ..actors import kb

    return kb.load().country_of_word


def key_as_output(key: dict, text: str) -> dict:
    """A key written as if it were the coder's output document, so that two keys can be scored against
    each other (annotator agreement): each event's sentence is its evidence span."""
    actors = {a["name"]: a for a in key.get("actors") or [] if isinstance(a, dict) and a.get("name")}
    places = {p.get("name"): p for p in key.get("places") or []}

    def party(name):
        if isinstance(name, list):
            name = name[0] if name else None
        if name is None:
            return None
        a = actors.get(name, {"name": name})
        return {"name": a["name"], "country": a.get("country"), "sector": a.get("sector")}

    events = []
    for i, e in enumerate(key.get("events") or []):
        ev = str(e.get("evidence") or "")
        start = text.find(ev) if ev else -1
        also = [{"start": j, "end": j + len(str(a))} for a in e.get("also") or [] if (j := text.find(str(a))) >= 0]
        loc = places.get(e.get("location")) if e.get("location") else None
        events.append(
            {
                "id": e.get("id") or f"E{i + 1}",
                "type": e.get("type"),
                "mode": e.get("mode"),
                "cameo": str(e["cameo"]) if e.get("cameo") is not None else None,
                "actor": party(e.get("actor")),
                "recipient": party(e.get("recipient")),
                "date": str(e["date"]) if e.get("date") is not None else None,
                "location": {"name": loc.get("name"), "country": loc.get("country")} if loc else None,
                "modality": e.get("modality"),
                "sentence": ev,
                "trigger": e.get("trigger"),
                "start": start if start >= 0 else None,
                "end": start + len(ev) if start >= 0 else None,
                "also_reported": also,
            }
        )
    quantities = []
    for q in key.get("quantities") or []:
        j = text.find(str(q.get("evidence") or "\0"))
        quantities.append(
            {
                "value": q.get("value"),
                "unit": q.get("unit"),
                "event": q.get("event"),
                "start": j if j >= 0 else None,
                "end": j + len(str(q.get("evidence"))) if j >= 0 else None,
            }
        )
    return {
        "article": {"text": text, "date": str((key.get("article") or {}).get("date"))},
        "events": events,
        "quantities": quantities,
        "timexes": [],
        "quotes": [],
        "places": [],
    }


def code_documents(docs: list[KeyedDocument], workers: int = 1, learned: bool = False) -> Iterable[dict]:
    """The coder's output for each keyed document, in order, dated by the key's publication date."""
    from ..engines import code_many
    from ..readers import article_from_text

    items = []
    for d in docs:
        date = (d.key.get("article") or {}).get("date")
        items.append(article_from_text(d.text, str(d.text_path), id=d.name, date=str(date) if date else None))
    return code_many(items, workers=workers, with_text=True, learned=learned)


def evaluate(
    paths: Iterable[str | Path],
    split: str | None = None,
    *,
    workers: int = 1,
    learned: bool = False,
    outputs: dict[str, dict] | None = None,
    country_of: CountryOf | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Report:
    """Code every keyed document under `paths` (or take its output from `outputs`, by document name) and
    score it. `split` keeps one split of a corpus with splits.tsv (train, dev, test)."""
    docs: list[KeyedDocument] = []
    for p in paths:
        docs.extend(find_documents(Path(p), split))
    names = ", ".join(str(p) for p in paths) + (f" --split {split}" if split else "")
    report = Report(name=names)
    country_of = country_of or default_country_of()
    if outputs is None:
        coded = code_documents(docs, workers=workers, learned=learned)
        report.coder = "annales + trained trigger tagger" if learned else "annales"
    else:
        report.coder = "given outputs"
        coded = (outputs[d.name] for d in docs)
    for n, (d, out) in enumerate(zip(docs, coded, strict=True), 1):
        report.add(score_document(d.name, d.key, out, country_of, split=d.split))
        if progress:
            progress(n, len(docs))
    return report
