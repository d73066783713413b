"""One document's output scored against its answer key (the rules of agreement are in match.py).

- **Strict match**, one to one: an output event matches a key event when its type is the key's type or one
  of its `alt`, its actor and recipient are the key's (either way round when the key says `reciprocal`; a
  key's `null` leaves the party open), it was read from the key's evidence sentence, and its modality
  agrees. The pairing maximises the number of matches; an output left over is a false positive, a key event
  left over a miss.
- **Fields**: key and output events of the same type (or alt) read from the same sentence are aligned one
  to one whatever their parties and modality; on those pairs each field (actor, recipient, mode, CAMEO,
  modality, date at the key's precision, event place) is right or wrong. This tells "found with the wrong
  recipient" from "not found".
- **Confusion**: every key event against the type of the output event aligned with it in its sentence
  (or none), every unaligned output event against none.
- **Quantities** are found when an output quantity of the key's value sits in the key's evidence for it
  and, for a quantity the key links to an event, belongs to the output event matched to that event (by the
  output's own link when it has one, else by lying in that event's sentence).
- **Traps**: a key's not-event is hit by an output event of its type, actor and recipient (and date) that
  says it happened and that no key event accounts for.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from . import match as m

# Measures, not counts: older keys list them; they are not scored (the coder counts people and things).
MEASURE_UNITS = {
    "hour",
    "hours",
    "day",
    "days",
    "week",
    "weeks",
    "month",
    "months",
    "year",
    "years",
    "km",
    "kilometres",
    "miles",
    "percent",
    "percentage points",
    "megawatts",
}
FIELDS = ("actor", "recipient", "mode", "cameo", "modality", "date", "place")
# Why a core key event was missed, in the order of the reading's steps: nothing read from its sentence; only
# other types; its type with a wrong party or modality (the first that fails, actor before recipient).
MISS_KINDS = (
    "no event in its sentence",
    "only other types in its sentence",
    "its type, wrong actor",
    "its type, wrong recipient",
    "its type, other modality",
)


@dataclass
class DocumentScore:
    """What one document's output got right and wrong; `report.Report` adds these up."""

    name: str
    split: str | None = None
    key_events: list = field(default_factory=list)  # the key's events
    out_events: list = field(default_factory=list)  # the output's events
    matched: list = field(default_factory=list)  # (key event, output event), strict, one to one
    typed: list = field(default_factory=list)  # output events of a key event's type and sentence
    aligned: list = field(default_factory=list)  # (key event, output event) of one type and sentence (fields)
    fields: Counter = field(default_factory=Counter)  # "actor_right", "actor_total", ...
    confusion: Counter = field(default_factory=Counter)  # (key type or None, output type or None) -> n
    why_missed: Counter = field(default_factory=Counter)  # MISS_KINDS -> core key events missed that way
    quantities_total: int = 0
    quantities_found: int = 0
    quantities_missed: list = field(default_factory=list)
    traps: list = field(default_factory=list)  # (why, output id, trigger)
    traps_total: int = 0
    # the older keys' document-level lists (tests/articles): timexes, quotes, places
    dates_missed: list = field(default_factory=list)
    dates_total: int = 0
    quotes_missed: list = field(default_factory=list)
    quotes_total: int = 0
    places_missed: list = field(default_factory=list)
    places_total: int = 0

    @property
    def core(self) -> list:
        return [e for e in self.key_events if e.get("tier", "core") == "core"]

    @property
    def core_found(self) -> list:
        return [k for k, _ in self.matched if k.get("tier", "core") == "core"]

    @property
    def core_missed(self) -> list:
        found = {id(k) for k in self.core_found}
        return [k for k in self.core if id(k) not in found]

    @property
    def false_positives(self) -> list:
        used = {id(o) for _, o in self.matched}
        return [o for o in self.out_events if id(o) not in used]

    @property
    def passed(self) -> bool:
        """Every core event found strictly, no trap hit, every listed quantity, date, quote and place found."""
        return not (
            self.core_missed
            or self.traps
            or self.quantities_missed
            or self.dates_missed
            or self.quotes_missed
            or self.places_missed
        )

    def summary(self) -> str:
        return (
            f"{self.name}: core {len(self.core_found)}/{len(self.core)}, all {len(self.matched)}/"
            f"{len(self.key_events)}, output {len(self.out_events)} ({len(self.false_positives)} unmatched), "
            f"traps hit {len(self.traps)}, quantities {self.quantities_found}/{self.quantities_total}, "
            f"dates {self.dates_total - len(self.dates_missed)}/{self.dates_total}, quotes "
            f"{self.quotes_total - len(self.quotes_missed)}/{self.quotes_total}, places "
            f"{self.places_total - len(self.places_missed)}/{self.places_total}"
        )

    def missed_lines(self) -> list[str]:
        lines = [
            f"core missed {k.get('id')}: {k['type']} {k.get('actor')} -> {k.get('recipient')}: "
            f"{str(k.get('evidence'))[:80]!r}"
            for k in self.core_missed
        ]
        lines += [f"trap hit: {why} ({oid} {trig!r})" for why, oid, trig in self.traps]
        lines += [f"quantity missed: {q}" for q in self.quantities_missed]
        lines += [f"date missed: {d}" for d in self.dates_missed]
        lines += [f"quote missed: {q}" for q in self.quotes_missed]
        lines += [f"place missed: {p}" for p in self.places_missed]
        return lines


def _max_matching(n_keys: int, candidates: dict[int, list[int]]) -> dict[int, int]:
    """Maximum one-to-one pairing of key events with output events (augmenting paths; documents are small)."""
    owner: dict[int, int] = {}

    def augment(k: int, seen: set) -> bool:
        for o in candidates.get(k, []):
            if o in seen:
                continue
            seen.add(o)
            if o not in owner or augment(owner[o], seen):
                owner[o] = k
                return True
        return False

    for k in range(n_keys):
        augment(k, set())
    return {k: o for o, k in owner.items()}


def _parties_agree(parties: m.PartyKey, kev: dict, out: dict) -> bool:
    def one_way(actor, recipient) -> bool:
        return (actor is None or parties.matches(out.get("actor"), actor)) and (
            recipient is None or parties.matches(out.get("recipient"), recipient)
        )

    if one_way(kev.get("actor"), kev.get("recipient")):
        return True
    return bool(kev.get("reciprocal")) and one_way(kev.get("recipient"), kev.get("actor"))


def score_document(name: str, key: dict, doc: dict, country_of: m.CountryOf, split: str | None = None) -> DocumentScore:
    """Score one output document (the contract's dict, with `article.text`) against its key."""
    text = (doc.get("article") or {}).get("text") or ""
    parties = m.PartyKey(key, country_of)
    kevs = [e for e in key.get("events") or [] if isinstance(e, dict) and e.get("type")]
    outs = list(doc.get("events") or [])
    s = DocumentScore(name=name, split=split, key_events=kevs, out_events=outs)
    kspans = [m.spans_of(text, [e.get("evidence")] + list(e.get("also") or [])) for e in kevs]
    same_sentence = {
        i: [j for j, o in enumerate(outs) if m.read_from_evidence(kevs[i], kspans[i], o, text)]
        for i in range(len(kevs))
    }

    strict = {
        i: [
            j
            for j in same_sentence[i]
            if outs[j].get("type") in m.types_of(kevs[i])
            and _parties_agree(parties, kevs[i], outs[j])
            and m.modality_agrees(kevs[i], outs[j])
        ]
        for i in range(len(kevs))
    }
    pairs = _max_matching(len(kevs), strict)
    s.matched = [(kevs[i], outs[j]) for i, j in sorted(pairs.items())]

    # Field alignment: same type (or alt) and sentence; strict pairs first, then the rest.
    aligned = dict(pairs)
    taken = set(pairs.values())
    for i in range(len(kevs)):
        if i in aligned:
            continue
        for j in same_sentence[i]:
            if j not in taken and outs[j].get("type") in m.types_of(kevs[i]):
                aligned[i] = j
                taken.add(j)
                break
    for i, j in aligned.items():
        _score_fields(s.fields, parties, kevs[i], outs[j])
    s.typed = [outs[j] for j in sorted(set(aligned.values()))]
    s.aligned = [(kevs[i], outs[j]) for i, j in sorted(aligned.items())]

    # Confusion: an aligned pair, else any unused output event in the key event's sentence, else none.
    confused = dict(aligned)
    used = set(aligned.values())
    for i in range(len(kevs)):
        if i not in confused:
            free = next((j for j in same_sentence[i] if j not in used), None)
            if free is not None:
                confused[i] = free
                used.add(free)
    for i, kev in enumerate(kevs):
        got = confused.get(i)
        s.confusion[(kev["type"], outs[got].get("type") if got is not None else None)] += 1
    for j, o in enumerate(outs):
        if j not in used:
            s.confusion[(None, o.get("type"))] += 1

    for i, kev in enumerate(kevs):
        if kev.get("tier", "core") == "core" and i not in pairs:
            s.why_missed[_why_missed(parties, kev, outs[aligned[i]] if i in aligned else None, same_sentence[i])] += 1
    _score_quantities(s, key, doc, text, {id(k): o for k, o in s.matched})
    _score_traps(s, key, outs, parties, {j for j in aligned.values()} | set(pairs.values()))
    _score_lists(s, key, doc, parties)
    return s


def _why_missed(parties: m.PartyKey, kev: dict, out: dict | None, in_sentence: list) -> str:
    """One of MISS_KINDS for a core key event left unmatched (`out`: the output aligned with it, if any)."""
    if out is None:
        return MISS_KINDS[1] if in_sentence else MISS_KINDS[0]
    swap = bool(kev.get("reciprocal"))
    for role, other, kind in (("actor", "recipient", MISS_KINDS[2]), ("recipient", "actor", MISS_KINDS[3])):
        if kev.get(role) is not None and not (
            parties.matches(out.get(role), kev[role]) or (swap and parties.matches(out.get(role), kev.get(other)))
        ):
            return kind
    return MISS_KINDS[4]


def _score_fields(fields: Counter, parties: m.PartyKey, kev: dict, out: dict) -> None:
    def tally(name: str, right: object) -> None:  # right: anything true or false
        fields[name + "_total"] += 1
        fields[name + "_right"] += bool(right)

    if kev.get("actor") is not None:
        tally(
            "actor",
            parties.matches(out.get("actor"), kev["actor"])
            or (kev.get("reciprocal") and parties.matches(out.get("actor"), kev.get("recipient"))),
        )
    if kev.get("recipient") is not None:
        tally(
            "recipient",
            parties.matches(out.get("recipient"), kev["recipient"])
            or (kev.get("reciprocal") and parties.matches(out.get("recipient"), kev.get("actor"))),
        )
    if kev.get("mode") and out.get("type") == kev["type"]:
        tally("mode", out.get("mode") == kev["mode"])
    if kev.get("cameo") and out.get("type") == kev["type"]:
        tally("cameo", str(out.get("cameo") or "")[:2] == str(kev["cameo"])[:2])
    tally("modality", m.modality_agrees(kev, out))
    if kev.get("date") is not None:
        tally("date", m.date_agrees(kev["date"], out.get("date")))
    if kev.get("location"):
        tally("place", m.place_agrees(parties, kev["location"], out.get("location")))


def _score_quantities(s: DocumentScore, key: dict, doc: dict, text: str, matched_out: dict) -> None:
    by_id = {e.get("id"): e for e in s.key_events}
    for q in key.get("quantities") or []:
        if str(q.get("unit", "")).lower() in MEASURE_UNITS or not isinstance(q.get("value"), (int, float)):
            continue
        s.quantities_total += 1
        qspans = m.spans_of(text, [q.get("evidence")])
        kev = by_id.get(q.get("event")) if q.get("event") else None
        out_event = matched_out.get(id(kev)) if kev is not None else None
        found = False
        for o in doc.get("quantities") or []:
            if o.get("value") != q["value"]:
                continue
            if qspans and o.get("start") is not None:
                if not any(a < o["end"] and o["start"] < b for a, b in qspans):
                    continue
            elif not qspans and q.get("date") and not m.date_agrees(str(q["date"])[:7], o.get("date")):
                continue
            if kev is not None:
                if out_event is None:
                    continue
                if o.get("event") is not None:
                    if o["event"] != out_event.get("id"):
                        continue
                elif not any(a <= o.get("start", -1) < b for a, b in m.output_spans(out_event)):
                    continue
            found = True
            break
        s.quantities_found += found
        if not found:
            s.quantities_missed.append(q.get("evidence") or q.get("subject"))


def _score_traps(s: DocumentScore, key: dict, outs: list, parties: m.PartyKey, accounted: set) -> None:
    for ne in key.get("not_events") or []:
        s.traps_total += 1
        for j, out in enumerate(outs):
            if j in accounted or out.get("type") != ne.get("type") or out.get("modality") not in m.HAPPENED:
                continue
            if ne.get("actor") and not parties.matches(out.get("actor"), ne["actor"]):
                continue
            if ne.get("recipient") and not parties.matches(out.get("recipient"), ne["recipient"]):
                continue
            if ne.get("date") and not (
                m.date_agrees(ne["date"], out.get("date")) or m.date_agrees(out.get("date"), ne["date"])
            ):
                continue
            s.traps.append((ne.get("why"), out.get("id"), out.get("trigger")))
            break


def _score_lists(s: DocumentScore, key: dict, doc: dict, parties: m.PartyKey) -> None:
    """The older keys' document-level lists: temporal expressions, quotes and places."""
    for d in key.get("dates") or []:
        s.dates_total += 1
        if not any(
            _overlap(o.get("text"), d["text"]) and str(o.get("value")) == str(d["value"])
            for o in doc.get("timexes") or []
        ):
            s.dates_missed.append((d["text"], str(d["value"])))
    for q in key.get("quotes") or []:
        s.quotes_total += 1
        ok = any(
            m.norm(o.get("text")).startswith(m.norm(q["starts"])[:40])
            and parties.matches(o.get("speaker"), q["speaker"])
            and (not q.get("via") or parties.matches(o.get("via"), q["via"]))
            for o in doc.get("quotes") or []
        )
        if not ok:
            s.quotes_missed.append(q["starts"])
    for p in key.get("places") or []:
        if key.get("article", {}).get("style") is not None:
            continue  # corpus keys list event places only; those are scored per event
        s.places_total += 1
        if not any(
            _overlap(o.get("name"), p["name"]) and (p.get("country") is None or o.get("country") == p["country"])
            for o in doc.get("places") or []
        ):
            s.places_missed.append(p["name"])


def _overlap(a, b) -> bool:
    a, b = m.norm(a), m.norm(b)
    return bool(a and b) and (a in b or b in a)
