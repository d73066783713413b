"""Scoring the actors stage against a gold set of mentions (tests/actors_gold/mentions.yaml).

A gold mention is found by its text and occurrence (case-sensitive whole-word matches); it is right when
an actor of the output has a mention overlapping it with the gold country (and, separately, sector).
A mention the output does not resolve counts as wrong on both. A gold mention marked `actor: false` (a place
that is only a place, a vehicle) is right when no actor of the output covers it; those are counted apart
(`non_actors`), not in the actor mentions. `name` is scored for people and, in the newer sets, named
organisations alike (`people` counts every gold mention with a name).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field


@dataclass
class ActorScore:
    mentions: int = 0
    country_ok: int = 0
    sector_ok: int = 0
    found: int = 0
    people: int = 0
    people_ok: int = 0
    by_kind: Counter = field(default_factory=Counter)
    by_kind_ok: Counter = field(default_factory=Counter)
    non_actors: int = 0
    non_actors_ok: int = 0
    errors: list = field(default_factory=list)

    @property
    def country_accuracy(self) -> float:
        return self.country_ok / max(1, self.mentions)

    @property
    def sector_accuracy(self) -> float:
        return self.sector_ok / max(1, self.mentions)

    @property
    def both_ok(self) -> int:
        return sum(self.by_kind_ok.values())


def span_of(text: str, mention: str, occurrence: int) -> tuple[int, int] | None:
    hits = [m.span() for m in re.finditer(r"(?<!\w)" + re.escape(mention) + r"(?!\w)", text)]
    return hits[occurrence - 1] if len(hits) >= occurrence else None


def _covering_actor(doc: dict, span: tuple[int, int] | None, country: str | None) -> dict | None:
    """The output actor with a mention overlapping `span`, preferring one of the gold country."""
    best = None
    if span:
        for a in doc["actors"]:
            for mm in a["mentions"]:
                if mm["start"] < span[1] and span[0] < mm["end"]:
                    if best is None or (a["country"] == country):
                        best = a
    return best


def score_items(items: list[dict], code, kinds: dict | None = None) -> ActorScore:
    """`code(text, date)` returns the contract's document dict."""
    s = ActorScore()
    for item in items:
        doc = code(item["text"], str(item["date"]))
        for k, m in enumerate(item["mentions"]):
            span = span_of(item["text"], m["text"], int(m.get("occurrence", 1)))
            best = _covering_actor(doc, span, m.get("country"))
            if m.get("actor", True) is False:
                s.non_actors += 1
                s.non_actors_ok += best is None
                if best is not None:
                    s.errors.append(
                        (item["id"], m["text"], "not an actor", f"{best['country']}/{best['sector']} {best['name']}")
                    )
                continue
            s.mentions += 1
            kind = (kinds or {}).get((item["id"], k), "")
            s.by_kind[kind] += 1
            if best is not None:
                s.found += 1
            c_ok = best is not None and best["country"] == m["country"]
            s_ok = best is not None and best["sector"] == m["sector"]
            s.country_ok += c_ok
            s.sector_ok += s_ok
            s.by_kind_ok[kind] += c_ok and s_ok
            if m.get("name"):
                s.people += 1
                s.people_ok += best is not None and best["name"] == m["name"]
            if not (c_ok and s_ok):
                s.errors.append(
                    (
                        item["id"],
                        m["text"],
                        f"{m['country']}/{m['sector']}",
                        f"{best['country']}/{best['sector']} {best['name']}" if best else "not found",
                    )
                )
    return s


def mention_kinds(path) -> dict:
    """(item id, mention index) -> kind, from the trailing comments of the gold file."""
    kinds, item, k = {}, None, -1
    for line in open(path, encoding="utf-8"):
        m = re.match(r"- id: (\S+)", line)
        if m:
            item, k = m.group(1), -1
            continue
        if line.strip().startswith("- {text:"):
            k += 1
            c = re.search(r"#\s*(\w+)\s*$", line)
            kinds[(item, k)] = c.group(1) if c else ""
    return kinds
