"""Scoring annales' output against an analyst's answer key (the YAML format of tests/articles/).

Used by the test suite and by `benchmarks/score_articles.py`. The rules, written down because a
score means nothing without them:

- an event matches when its PLOVER type is the key's `type` or one of its `alt`, its actor and
  recipient match (a key may list several actors: any of them will do), and its modality agrees at the
  level a user acts on: whether the event happened or will (asserted, claimed, planned, demanded) or did
  not (negated, denied, hypothetical). This is the issue's bar for the seed article (type, actor,
  recipient). A party matches by name or alias, or by the same country and sector as the key's actor
  entry; a name that is not in the key's actors (a country or place) matches a party of that country.
- a stricter count also asks that the matched event be read from the key's evidence: the output
  event's sentence (or one of the sentences it is `also_reported` in; that needs the document's
  text, `to_dict(with_text=True)`) and the evidence overlap (one holds the other, or most of the evidence's words are
  in the sentence). The lenient count alone would credit an unrelated sentence with the same type
  and parties.
- of the matched events, the share whose date agrees (one a prefix of the other: "2020-12" and
  "2020-12-17") and whose location agrees (names overlap or countries agree) is reported separately.
- a not_event is violated by an output event of that type, actor, recipient (and date, when given)
  that the output says happened (modality asserted or claimed) and that no expected event accounts for
  (a key may list "did not impose a full ban" beside the sanctions that were imposed).
- quantities match by value (and date prefix when given); measures (hours, km, percent) are not counted; quotes by their first words and speaker
  (and `via` when given); timexes by overlapping text and equal value; places by name and country.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

HAPPENED = {"asserted", "claimed", "planned", "demanded"}
# Measures, not counts of people or things: reported, not required (the scope is counts).
MEASURE_UNITS = {"hour", "hours", "day", "days", "week", "weeks", "month", "months", "year", "years", "km",
                 "kilometres", "miles", "percent", "percentage points", "megawatts"}


def _n(s) -> str:
    s = unicodedata.normalize("NFKD", str(s or ""))
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = re.sub(r"[\"'“”‘’.,]", "", s)
    s = re.sub(r"^the\s+", "", s.strip())
    return re.sub(r"\s+", " ", s)


def _overlap(a, b) -> bool:
    a, b = _n(a), _n(b)
    return bool(a and b) and (a in b or b in a)


def _from_evidence(evidence, sentence) -> bool:
    """Whether an output event's sentence is where the key's evidence is."""
    if not evidence:
        return True
    e, t = _n(evidence), _n(sentence)
    if e in t or (t and t in e):
        return True
    words = set(e.split())
    return bool(words) and len(words & set(t.split())) >= 0.6 * len(words)


def _prefix(a, b) -> bool:
    if a is None or b is None:
        return False
    a, b = str(a), str(b)
    return a.startswith(b) or b.startswith(a)


@dataclass
class Score:
    name: str
    core_found: list = field(default_factory=list)
    core_missed: list = field(default_factory=list)
    extra_found: list = field(default_factory=list)
    core_in_sentence: list = field(default_factory=list)  # core events found in the evidence's sentence
    extra_missed: list = field(default_factory=list)
    not_event_violations: list = field(default_factory=list)
    quantities_missed: list = field(default_factory=list)
    quantities_total: int = 0
    quotes_missed: list = field(default_factory=list)
    quotes_total: int = 0
    dates_missed: list = field(default_factory=list)
    dates_total: int = 0
    places_missed: list = field(default_factory=list)
    places_total: int = 0
    events_output: int = 0
    events_accounted: int = 0  # output events that some expected event (core or extra) accounts for
    dated: int = 0  # matched events with a date in the key
    dates_agree: int = 0
    located: int = 0
    locations_agree: int = 0

    @property
    def core_elsewhere(self) -> list:
        """Core events matched only by an event read from another sentence."""
        return [c for c in self.core_found if c not in self.core_in_sentence]

    @property
    def passed(self) -> bool:
        return not (self.core_missed or self.core_elsewhere or self.not_event_violations or self.quotes_missed or self.dates_missed
                    or self.places_missed or self.quantities_missed)

    def summary(self) -> str:
        core = len(self.core_found) + len(self.core_missed)
        extra = len(self.extra_found) + len(self.extra_missed)
        return (f"{self.name}: core {len(self.core_found)}/{core} ({len(self.core_in_sentence)} in their sentence), extra {len(self.extra_found)}/{extra}, "
                f"not-events violated {len(self.not_event_violations)}, "
                f"quantities {self.quantities_total - len(self.quantities_missed)}/{self.quantities_total}, "
                f"quotes {self.quotes_total - len(self.quotes_missed)}/{self.quotes_total}, "
                f"dates {self.dates_total - len(self.dates_missed)}/{self.dates_total}, "
                f"places {self.places_total - len(self.places_missed)}/{self.places_total}, "
                f"event dates {self.dates_agree}/{self.dated}, event places {self.locations_agree}/{self.located}, "
                f"events output {self.events_output} ({self.events_accounted} in the key)")


class Key:
    def __init__(self, key: dict):
        self.key = key
        self.actors = key.get("actors") or []
        self.places = {(_n(p["name"])): p.get("country") for p in key.get("places") or []}

    def entry(self, name):
        for a in self.actors:
            if _n(a["name"]) == _n(name) or any(_n(x) == _n(name) for x in a.get("aliases") or []):
                return a
        return None

    def party_matches(self, party, name, country_of) -> bool:
        if party is None or name is None:
            return False
        names = name if isinstance(name, list) else [name]
        for nm in names:
            e = self.entry(nm)
            pname = _n(party.get("name"))
            if e is not None:
                if pname == _n(e["name"]) or any(pname == _n(x) for x in e.get("aliases") or []):
                    return True
                if e.get("country") and party.get("country") == e.get("country") and \
                        (not e.get("sector") or party.get("sector") == e.get("sector")):
                    return True
            else:
                iso = self.places.get(_n(nm)) or country_of(nm)
                if pname == _n(nm) or (iso and party.get("country") == iso):
                    return True
        return False


def score(name: str, key: dict, doc: dict, country_of) -> Score:
    k = Key(key)
    s = Score(name=name, events_output=len(doc["events"]))
    accounted: set[str] = set()
    for ev in key.get("events") or []:
        types = [ev["type"]] + list(ev.get("alt") or [])
        found = False
        candidates = []
        for out in doc["events"]:
            if out["type"] not in types:
                continue
            if ev.get("actor") and not k.party_matches(out["actor"], ev["actor"], country_of):
                continue
            if ev.get("recipient") and not k.party_matches(out["recipient"], ev["recipient"], country_of):
                continue
            if ev.get("modality"):
                if (ev["modality"] in HAPPENED) != (out["modality"] in HAPPENED):
                    continue
            candidates.append(out)
        accounted.update(o["id"] for o in candidates)
        if candidates:
            found = True
            text = doc["article"].get("text") or ""
            if ev.get("tier", "core") == "core" and any(
                    _from_evidence(ev.get("evidence"), sentence) for o in candidates
                    for sentence in [o["sentence"]] + [text[r["start"]:r["end"]] for r in o.get("also_reported") or []]):
                s.core_in_sentence.append(ev.get("id") or ev.get("evidence"))

            if ev.get("date"):
                s.dated += 1
                s.dates_agree += any(_prefix(o.get("date"), ev["date"]) for o in candidates)
            if ev.get("location"):
                s.located += 1
                iso = k.places.get(_n(ev["location"])) or country_of(ev["location"])
                s.locations_agree += any(
                    _overlap((o.get("location") or {}).get("name"), ev["location"])
                    or bool(iso and (o.get("location") or {}).get("country") == iso) for o in candidates)
        bucket = (s.core_found if found else s.core_missed) if ev.get("tier", "core") == "core" else \
            (s.extra_found if found else s.extra_missed)
        bucket.append(ev.get("id") or ev.get("evidence"))
    s.events_accounted = len(accounted)
    for ne in key.get("not_events") or []:
        for out in doc["events"]:
            if out["id"] in accounted:
                continue
            if out["type"] != ne["type"] or out["modality"] not in ("asserted", "claimed"):
                continue
            if ne.get("actor") and not k.party_matches(out["actor"], ne["actor"], country_of):
                continue
            if ne.get("recipient") and not k.party_matches(out["recipient"], ne["recipient"], country_of):
                continue
            if ne.get("date") and not _prefix(out.get("date"), ne["date"]):
                continue
            s.not_event_violations.append((ne.get("why"), out["id"], out["trigger"]))
            break
    for q in key.get("quantities") or []:
        if str(q.get("unit", "")).lower() in MEASURE_UNITS:
            continue
        s.quantities_total += 1
        ok = any(o["value"] == q["value"] and (not q.get("date") or _prefix(o.get("date"), q["date"]))
                 for o in doc["quantities"])
        if not ok:
            s.quantities_missed.append(q.get("evidence") or q.get("subject"))
    for q in key.get("quotes") or []:
        s.quotes_total += 1
        ok = False
        for o in doc["quotes"]:
            if not _n(o["text"]).startswith(_n(q["starts"])[:40]):
                continue
            if not k.party_matches(o["speaker"], q["speaker"], country_of):
                continue
            if q.get("via") and not k.party_matches(o["via"], q["via"], country_of):
                continue
            ok = True
            break
        if not ok:
            s.quotes_missed.append(q["starts"])
    for d in key.get("dates") or []:
        s.dates_total += 1
        ok = any(_overlap(o["text"], d["text"]) and str(o["value"]) == str(d["value"]) for o in doc["timexes"])
        if not ok:
            s.dates_missed.append((d["text"], str(d["value"])))
    for p in key.get("places") or []:
        s.places_total += 1
        ok = any(_overlap(o["name"], p["name"]) and (p.get("country") is None or o["country"] == p["country"])
                 for o in doc["places"])
        if not ok:
            s.places_missed.append(p["name"])
    return s
