"""Scoring the actors stage against a gold set of mentions (tests/actors_gold/mentions.yaml).

A gold mention is found by its text and occurrence (case-sensitive whole-word matches); it is right when
an actor of the output has a mention overlapping it with the gold country (and, separately, sector).
A mention the output does not resolve counts as wrong on both.
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
    errors: list = field(default_factory=list)

    @property
    def country_accuracy(self) -> float:
        return self.country_ok / max(1, self.mentions)

    @property
    def sector_accuracy(self) -> float:
        return self.sector_ok / max(1, self.mentions)


def span_of(text: str, mention: str, occurrence: int) -> tuple[int, int] | None:
    hits = [m.span() for m in re.finditer(r"(?<!\w)" + re.escape(mention) + r"(?!\w)", text)]
    return hits[occurrence - 1] if len(hits) >= occurrence else None


def score_items(items: list[dict], code, kinds: dict | None = None) -> ActorScore:
    """`code(text, date)` returns the contract's document dict."""
    s = ActorScore()
    for item in items:
        doc = code(item["text"], str(item["date"]))
        for k, m in enumerate(item["mentions"]):
            s.mentions += 1
            kind = (kinds or {}).get((item["id"], k), "")
            s.by_kind[kind] += 1
            span = span_of(item["text"], m["text"], int(m.get("occurrence", 1)))
            best = None
            if span:
                for a in doc["actors"]:
                    for mm in a["mentions"]:
                        if mm["start"] < span[1] and span[0] < mm["end"]:
                            if best is None or (a["country"] == m["country"]):
                                best = a
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
                s.errors.append((item["id"], m["text"], f"{m['country']}/{m['sector']}",
                                 f"{best['country']}/{best['sector']} {best['name']}" if best else "not found"))
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
