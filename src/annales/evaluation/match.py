"""When one event, party, date, place or quantity of an answer key and one of the coder's output agree.

The rules, written down because a score means nothing without them (docs/evaluation.md tells them to users):
- a party agrees with a key's actor when its name is the key entry's name or one of its aliases, or it has
  the entry's country and sector (PLOVER codes parties by country and sector, so "Estonian Foreign Ministry"
  for "Estonia" is right); a key name with no actor entry (older keys name countries) agrees with a party of
  that country.
- an event is read from the key's evidence when the output's sentence (or a sentence it is
  `also_reported` in) overlaps the evidence's characters, or the key's `also` snippets; keys whose evidence
  is not an exact span (older hand-written keys) fall back to word overlap.
- modality: equal, except that `claimed` and `asserted` agree (attribution is not doubt, and annotators
  split on it), and that `planned` and `asserted` agree on an output of a promise type (AGREE, CONCEDE,
  THREATEN) that is the key's type or in its `alt`: PLOVER's own reading of an announced act.
- a date agrees at the key's precision: the output gives at least as much and starts with the key's date.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

PROMISE_TYPES = {"AGREE", "CONCEDE", "THREATEN"}
HAPPENED = {"asserted", "claimed"}

CountryOf = Callable[[str], "str | None"]


def norm(s) -> str:
    """Lower case, no accents, quotes, full stops or commas, no leading 'the', single spaces."""
    s = unicodedata.normalize("NFKD", str(s or ""))
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = re.sub(r"[\"'“”‘’.,]", "", s)
    s = re.sub(r"^the\s+", "", s.strip())
    return re.sub(r"\s+", " ", s)


def names(value) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


class PartyKey:
    """A key's actor entries, for matching output parties against the names its events use."""

    def __init__(self, key: dict, country_of: CountryOf):
        self.actors = [a for a in key.get("actors") or [] if isinstance(a, dict) and a.get("name")]
        self.places = {norm(p.get("name")): p.get("country") for p in key.get("places") or []}
        self.country_of = country_of

    def entry(self, name) -> dict | None:
        n = norm(name)
        for a in self.actors:
            if norm(a["name"]) == n or any(norm(x) == n for x in a.get("aliases") or []):
                return a
        return None

    def matches(self, party: dict | None, key_names) -> bool:
        """Whether an output party is (one of) the key's named parties."""
        if party is None:
            return False
        pname = norm(party.get("name"))
        for nm in names(key_names):
            e = self.entry(nm)
            if e is not None:
                if pname == norm(e["name"]) or any(pname == norm(x) for x in e.get("aliases") or []):
                    return True
                if (
                    e.get("country")
                    and party.get("country") == e.get("country")
                    and (not e.get("sector") or party.get("sector") == e.get("sector"))
                ):
                    return True
            else:
                iso = self.places.get(norm(nm)) or self.country_of(nm)
                if pname == norm(nm) or (iso and party.get("country") == iso):
                    return True
        return False


def spans_of(text: str, snippets) -> list[tuple[int, int]]:
    """Every occurrence of each snippet (a caption may repeat the sentence that tells the event)."""
    out = []
    for s in snippets:
        s = str(s or "")
        i = text.find(s) if s else -1
        while i >= 0:
            out.append((i, i + len(s)))
            i = text.find(s, i + 1)
    return out


def output_spans(out: dict) -> list[tuple[int, int]]:
    spans = [(out.get("start"), out.get("end"))]
    spans += [(r["start"], r["end"]) for r in out.get("also_reported") or []]
    return [(a, b) for a, b in spans if a is not None and b is not None]


def _words_overlap(evidence, sentence) -> bool:
    e, t = norm(evidence), norm(sentence)
    if not e:
        return True
    if e in t or (t and t in e):
        return True
    words = set(e.split())
    return bool(words) and len(words & set(t.split())) >= 0.6 * len(words)


def read_from_evidence(key_event: dict, key_spans: list[tuple[int, int]], out: dict, text: str) -> bool:
    """Whether the output event was read from (one of) the sentences the key's event is stated in."""
    if not key_event.get("evidence"):
        return True
    ospans = output_spans(out)
    if key_spans and ospans:
        return any(a < d and c < b for a, b in key_spans for c, d in ospans)
    sentences = [out.get("sentence") or ""] + [text[a:b] for a, b in ospans[1:]]
    return any(_words_overlap(key_event["evidence"], s) for s in sentences)


def types_of(key_event: dict) -> list[str]:
    return [key_event["type"]] + list(key_event.get("alt") or [])


def modality_agrees(key_event: dict, out: dict) -> bool:
    k, o = key_event.get("modality") or "asserted", out.get("modality") or "asserted"
    if k == o or (k in HAPPENED and o in HAPPENED):
        return True
    # An announced act read as PLOVER's promise type: "will withdraw" is RETREAT planned or CONCEDE;
    # "would provide" is AGREE whether a key or a coder calls the promise planned or asserted.
    promise = out.get("type") in PROMISE_TYPES and out.get("type") in types_of(key_event)
    return promise and {k, o} <= HAPPENED | {"planned"}


def date_agrees(key_date, out_date) -> bool:
    if key_date is None or out_date is None:
        return False
    k, o = str(key_date), str(out_date)
    return len(o) >= len(k) and o.startswith(k)


def country_named(name) -> str | None:
    """The ISO3 code when a place name is a country's own name ("Sudan", "Côte d'Ivoire")."""
    from .. import iso3166

    found = iso3166.lookup(str(name))
    return found.alpha_3 if found else None


def place_agrees(parties: PartyKey, key_location, out_location: dict | None) -> bool:
    """Whether the output's event place is the key's: the same name (one holding the other), or, for a
    key place that is a whole country ("in Sudan"), any output place in that country."""
    if not key_location or not out_location:
        return False
    k, o = norm(key_location), norm(out_location.get("name"))
    if o and (k == o or k in o or o in k):
        return True
    iso = country_named(key_location)
    return bool(iso) and out_location.get("country") == iso
