"""Agreement between two annotators' keys of the same documents, by the same rules as the scorer.

Per document, the second key is written as if it were output (`key_as_output`) and scored against the
first. Reported (docs/annotation.md section 13 and corpus/README.md use these):
- *event found*: events of the two keys paired one to one by overlapping evidence, whatever their type;
  F1 = 2 x pairs / (events in A + events in B);
- *type*: on those pairs, the same PLOVER type (and Cohen's kappa over the types); also counting a type one
  key lists in `alt` of the other;
- *strict event*: F1 of the scorer's strict match (type, actor, recipient, sentence, modality);
- *fields* (actor, recipient, mode, modality, date, place, tier) on pairs of the same type; dates only
  where both keys assume the same publication date (relative dates resolve against it).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from . import key_as_output
from . import match as m
from .score import _max_matching, score_document


@dataclass
class Agreement:
    documents: int = 0
    events_a: int = 0
    events_b: int = 0
    paired: int = 0
    strict: int = 0
    type_same: int = 0
    type_alt: int = 0
    type_pairs: list = field(default_factory=list)
    fields: Counter = field(default_factory=Counter)
    tier_same: int = 0
    tier_pairs: int = 0
    date_docs_skipped: int = 0  # documents whose two keys assume different publication dates
    disagreements: list = field(default_factory=list)  # (doc, kind, A's event or None, B's event or None)

    def f1(self, n: int) -> float:
        return round(2 * n / (self.events_a + self.events_b), 3) if self.events_a + self.events_b else 0.0

    def kappa(self) -> float | None:
        pairs = self.type_pairs
        if not pairs:
            return None
        po = sum(a == b for a, b in pairs) / len(pairs)
        ca, cb = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
        pe = sum(ca[t] * cb[t] for t in ca) / len(pairs) ** 2
        return round((po - pe) / (1 - pe), 3) if pe < 1 else 1.0

    def to_dict(self) -> dict:
        def share(name: str):
            t = self.fields[name + "_total"]
            return {
                "agree": self.fields[name + "_right"],
                "total": t,
                "share": round(self.fields[name + "_right"] / t, 3) if t else None,
            }

        return {
            "documents": self.documents,
            "events_a": self.events_a,
            "events_b": self.events_b,
            "event_found": {"pairs": self.paired, "f1": self.f1(self.paired)},
            "type": {
                "same": self.type_same,
                "same_or_alt": self.type_alt,
                "pairs": self.paired,
                "share": round(self.type_same / self.paired, 3) if self.paired else None,
                "share_with_alt": round(self.type_alt / self.paired, 3) if self.paired else None,
                "kappa": self.kappa(),
            },
            "strict_event": {"matched": self.strict, "f1": self.f1(self.strict)},
            "fields": {f: share(f) for f in ("actor", "recipient", "mode", "modality", "date", "place")},
            "date_documents_skipped": self.date_docs_skipped,
            "tier": {
                "agree": self.tier_same,
                "total": self.tier_pairs,
                "share": round(self.tier_same / self.tier_pairs, 3) if self.tier_pairs else None,
            },
        }


def compare(name: str, key_a: dict, key_b: dict, text: str, country_of: m.CountryOf, into: Agreement) -> None:
    """Add one document's comparison of key B against key A to `into`."""
    out = key_as_output(key_b, text)
    a_events = [e for e in key_a.get("events") or [] if isinstance(e, dict) and e.get("type")]
    b_events = out["events"]
    into.documents += 1
    into.events_a += len(a_events)
    into.events_b += len(b_events)
    spans = [m.spans_of(text, [e.get("evidence")] + list(e.get("also") or [])) for e in a_events]
    candidates = {
        i: [j for j, o in enumerate(b_events) if m.read_from_evidence(a_events[i], spans[i], o, text)]
        for i in range(len(a_events))
    }
    # prefer same-type partners: pair those first, then the rest by sentence alone
    same = {i: [j for j in c if b_events[j]["type"] == a_events[i]["type"]] for i, c in candidates.items()}
    pairs = _max_matching(len(a_events), same)
    rest = {i: [j for j in c if j not in pairs.values()] for i, c in candidates.items() if i not in pairs}
    pairs.update(_max_matching(len(a_events), rest))
    into.paired += len(pairs)
    for i, j in pairs.items():
        a, b = a_events[i], b_events[j]
        kb = key_b["events"][j]
        into.type_pairs.append((a["type"], b["type"]))
        into.type_same += a["type"] == b["type"]
        into.type_alt += b["type"] in m.types_of(a) or a["type"] in m.types_of(kb)
        into.tier_pairs += 1
        into.tier_same += a.get("tier", "core") == kb.get("tier", "core")
        if a["type"] != b["type"]:
            into.disagreements.append((name, "type", a, kb))
    for i, e in enumerate(a_events):
        if i not in pairs:
            into.disagreements.append((name, "only in A", e, None))
    for j, e in enumerate(key_b.get("events") or []):
        if j not in pairs.values():
            into.disagreements.append((name, "only in B", None, e))
    s = score_document(name, key_a, out, country_of)
    into.strict += len(s.matched)
    same_pub = str((key_a.get("article") or {}).get("date")) == str((key_b.get("article") or {}).get("date"))
    into.date_docs_skipped += not same_pub
    for f in ("actor", "recipient", "mode", "modality", "date", "place"):
        if f == "date" and not same_pub:
            continue  # event dates are resolved against the publication date: not comparable
        into.fields[f + "_right"] += s.fields[f + "_right"]
        into.fields[f + "_total"] += s.fields[f + "_total"]
