"""Training examples read out of the answer keys: trigger spans with their PLOVER type.

A key's event names its trigger as words inside its evidence, and its evidence as an exact span of the
text (docs/annotation.md); the trigger's characters are found there. Events whose evidence or trigger
cannot be found (older hand-written keys) give no example.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..keys import KeyedDocument


@dataclass(frozen=True)
class TriggerSpan:
    start: int
    end: int
    type: str
    mode: str | None
    modality: str
    tier: str


def trigger_spans(text: str, key: dict) -> list[TriggerSpan]:
    """The key's triggers as character spans of the text, one per distinct span (the first event's type
    wins when two events share a trigger, as several recipients of one act do)."""
    spans: dict[tuple[int, int], TriggerSpan] = {}
    for ev in key.get("events") or []:
        evidence, trigger = str(ev.get("evidence") or ""), str(ev.get("trigger") or "")
        if not evidence or not trigger or not ev.get("type"):
            continue
        at = text.find(evidence)
        offset = evidence.find(trigger) if at >= 0 else -1
        if offset < 0:
            continue
        start = at + offset
        span = TriggerSpan(
            start,
            start + len(trigger),
            ev["type"],
            ev.get("mode"),
            ev.get("modality") or "asserted",
            ev.get("tier") or "core",
        )
        if not any(s < span.end and span.start < e for s, e in spans):  # overlapping triggers: the first
            spans[(span.start, span.end)] = span
    return sorted(spans.values(), key=lambda s: s.start)


def trigger_examples(docs: Iterable[KeyedDocument]) -> Iterator[tuple[str, str, list[TriggerSpan]]]:
    """(document name, text, trigger spans) for every keyed document."""
    for d in docs:
        text = d.text
        yield d.name, text, trigger_spans(text, d.key)


def training_documents(corpus, limit_docs: int | None = None, sentences: bool = True) -> list:
    """The documents the learned components train on: corpus train, then the labelled sentences of
    corpus/sentences/ (train data only; corpus/sentences/README.md). `limit_docs` caps each of the two."""
    from pathlib import Path

    from ..keys import find_documents, load_sentences

    docs: list = list(find_documents(Path(corpus), "train"))[:limit_docs]
    folder = Path(corpus) / "sentences"
    if sentences and folder.is_dir():
        docs += load_sentences(folder)[:limit_docs]
    return docs
