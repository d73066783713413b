"""Where is the right party of an event found with the wrong actor or recipient?

For every core key event the coder found with its type in its sentence but with the wrong actor or recipient
(the scorer's "its type, wrong actor/recipient"), each wrong role's keyed party is looked up among the
article's resolved actors (the scorer's party rules) and placed by its nearest mention at or before the event's
sentence: the same sentence (by a name or description, or by a pronoun only), the previous sentence of the
paragraph, earlier in the paragraph, the headline, the lead (dateline) paragraph, an earlier paragraph, only
after the event; or no resolved actor is the party, with its name written in the text or not. It also says
whether the output left the role empty (the argument ranker fills only empty roles) and whether the party is
the dateline's country. This tells whether ranking candidates from beyond the sentence can pay.

    python tools/argument_reach.py corpus --split dev
    python tools/argument_reach.py corpus --split train --examples 20

Only for corpus train and dev and the studied held-out sets: never the test split or an unstudied set.
"""

from __future__ import annotations

import argparse
import re
from bisect import bisect_right
from collections import Counter
from pathlib import Path

from annales.evaluation import default_country_of, score_document
from annales.evaluation import match as m
from annales.evaluation.score import MISS_KINDS, _why_missed
from annales.keys import find_documents
from annales.learned.argument_training import captured_works

PLACES = (
    "same sentence (name or description)",
    "same sentence (pronoun only)",
    "previous sentence, same paragraph",
    "earlier in the paragraph",
    "headline",
    "lead (dateline) paragraph",
    "earlier paragraph",
    "only after the event",
    "no resolved actor; name in the text",
    "no resolved actor; not in the text",
)
WRONG_KINDS = (MISS_KINDS[2], MISS_KINDS[3])


def paragraph_starts(text: str) -> list[int]:
    """Character offsets where paragraphs start: blank-line separated, else one line each."""
    breaks = r"\n\s*\n" if re.search(r"\n\s*\n", text) else r"\n"
    return [0] + [mt.end() for mt in re.finditer(breaks, text)]


def paragraph_of(starts: list[int], offset: int) -> int:
    return sum(1 for s in starts if s <= offset) - 1


def headline_end(text: str, key: dict) -> int:
    """The end of the headline (the text's first line when it is the key's title or a short line with no
    full stop), else 0."""
    first = text.split("\n", 1)[0]
    title = m.norm((key.get("article") or {}).get("title"))
    if "\n" in text and (m.norm(first) == title or (len(first.split()) <= 25 and not first.rstrip().endswith("."))):
        return len(first)
    return 0


def party_place(work, key: dict, parties: m.PartyKey, gold, event) -> str:
    """One of PLACES for the keyed party `gold` of an output event (a model Event of the work)."""
    text = work.article.text
    actors = [a for a in work.result.actors if parties.matches(a.party(), gold)]
    mentions = [mt for a in actors for mt in a.mentions]
    if not mentions:
        names = [n for g in m.names(gold) for n in [g] + list((parties.entry(g) or {}).get("aliases") or [])]
        return PLACES[8] if any(m.norm(n) and m.norm(n) in m.norm(text) for n in names) else PLACES[9]
    k = work.sent_index[event.trigger_token.i]
    sent_starts = [st.start_char for st in work.sents]
    sent_of = [(bisect_right(sent_starts, mt.start) - 1, mt) for mt in mentions]
    here = [mt for s, mt in sent_of if s == k]
    if here:
        return PLACES[1] if all(mt.kind == "pronoun" for mt in here) else PLACES[0]
    before = [mt for s, mt in sent_of if 0 <= s < k]
    if not before:
        return PLACES[7]
    starts = paragraph_starts(text)
    para = paragraph_of(starts, event.start)
    prev_sent = work.sents[k - 1] if k > 0 else None
    if prev_sent is not None and any(
        prev_sent.start_char <= mt.start < prev_sent.end_char and paragraph_of(starts, mt.start) == para
        for mt in before
    ):
        return PLACES[2]
    if any(paragraph_of(starts, mt.start) == para for mt in before):
        return PLACES[3]
    if any(mt.start < headline_end(text, key) for mt in before):
        return PLACES[4]
    lead = work.dateline_paragraph
    if lead is not None and any(lead[0] <= mt.start < lead[1] for mt in before):
        return PLACES[5]
    return PLACES[6]


def wrong_roles(parties: m.PartyKey, kev: dict, out: dict) -> list[str]:
    """The roles the key names whose party the output event does not have (either way round if reciprocal)."""
    swap = bool(kev.get("reciprocal"))
    return [
        role
        for role, other in (("actor", "recipient"), ("recipient", "actor"))
        if kev.get(role) is not None
        and not (parties.matches(out.get(role), kev[role]) or (swap and parties.matches(out.get(role), kev.get(other))))
    ]


def dateline_country(work, parties: m.PartyKey, gold) -> bool:
    """Whether the keyed party is the country the story was filed from (its government or the country)."""
    dl = work.dateline
    if dl is None or not dl.country:
        return False
    return any(parties.matches({"name": "", "country": dl.country, "sector": s}, gold) for s in (None, "GOV"))


def most_mentioned(work, parties: m.PartyKey, gold) -> bool:
    """Whether the keyed party is the article's most mentioned actor."""
    top = max(work.result.actors, key=lambda a: len(a.mentions), default=None)
    return top is not None and parties.matches(top.party(), gold)


def measure(docs, examples: int = 0) -> dict:
    """Counters: by role, where the keyed party is ("actor"), the same where the output left the role empty
    ("actor empty"); and "flags": events, and roles whose party is the dateline's country."""
    country_of = default_country_of()
    tally: dict[str, Counter] = {
        k: Counter() for k in ("actor", "recipient", "actor empty", "recipient empty", "flags")
    }
    shown = 0
    for d, work in captured_works(docs, leave_out=()):
        if work is None:
            continue
        out = work.result.to_dict(with_text=True)
        s = score_document(d.name, d.key, out, country_of, split=d.split)
        parties = m.PartyKey(d.key, country_of)
        by_id = {e.id: e for e in work.result.events}
        found = {id(k) for k in s.core_found}
        for kev, o in s.aligned:
            if (
                kev.get("tier", "core") != "core"
                or id(kev) in found
                or _why_missed(parties, kev, o, [o]) not in WRONG_KINDS
            ):
                continue
            ev = by_id.get(o["id"])
            if ev is None or ev.trigger_token is None:
                continue
            tally["flags"]["events"] += 1
            for role in wrong_roles(parties, kev, o):
                where = party_place(work, d.key, parties, kev[role], ev)
                tally[role][where] += 1
                tally[role + " empty"][where] += o.get(role) is None
                tally["flags"][f"{role}: dateline country"] += dateline_country(work, parties, kev[role])
                tally["flags"][f"{role}: most mentioned"] += most_mentioned(work, parties, kev[role])
                if shown < examples and where not in PLACES[:2]:
                    shown += 1
                    print(f"  {d.name} {kev.get('id')} {role}={kev[role]!r} [{where}] {o['sentence'][:100]!r}")
    return tally


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--split", choices=("train", "dev"), help="a corpus split (never test)")
    ap.add_argument("--examples", type=int, default=0, help="print this many cases from beyond the sentence")
    args = ap.parse_args()
    docs = [d for p in args.paths for d in find_documents(Path(p), args.split)]
    tally = measure(docs, args.examples)
    print(f"{len(docs)} documents; {tally['flags']['events']} core events found with their type, wrong party")
    for role in ("actor", "recipient"):
        total = sum(tally[role].values())
        print(f"\n{role} wrong: {total}   (share; of which the output left the role empty)")
        for place in PLACES:
            n, empty = tally[role][place], tally[role + " empty"][place]
            print(f"  {place:40s} {n:5d}  {n / total if total else 0:.2f}  {empty:5d}")
        print(f"  {'the most mentioned actor is the party':40s} {tally['flags'][role + ': most mentioned']:5d}")
        print(f"  {'the dateline country is the party':40s} {tally['flags'][role + ': dateline country']:5d}")


if __name__ == "__main__":
    main()
