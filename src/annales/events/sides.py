""" "Both sides", "the two sides", "all parties", "the warring parties" as the recipient of an event: one event
per side, the sides being the article's two opposing parties.

The annotation guide codes "the UN called on both sides to agree to a pause" as one REQUEST per party of
the conflict. The sides are read from the article itself, up to the event: the pair of parties most often
opposed in its hostile events (attacks, arrests, threats, accusations, sanctions, rejections, protests),
else two coordinated parties named in the sentence or the one before ("talks between X and Y"). When the
text gives neither, the event is left as the rules coded it.
"""

from __future__ import annotations

import copy
from collections import Counter

from ..lang import english

EN = english()  # the language's word lists (lang/en/*.yaml), loaded once per process

# PLOVER types whose actor and recipient are opposed.
HOSTILE_TYPES = frozenset({"ASSAULT", "COERCE", "THREATEN", "ACCUSE", "SANCTION", "REJECT", "PROTEST"})
# Dependency labels of the trigger's children that name whom the act is aimed at.
OBJECT_DEPS = frozenset({"dobj", "dative", "iobj"})
# Sectors of a state: its government, army, police and courts are one side.
STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "SPY", "JUD", "LEG"})


def split_sides(events, work) -> list:
    """The events, each one aimed at "both sides" (or the like) replaced by one event per side when the
    article determines its two opposing parties; the others as they are."""
    by_id = {a.actor_id: a for a in work.result.actors}
    out, done = [], set()
    for ev in events:
        key = (ev.trigger_start, ev.type)
        if key in done:
            continue
        phrase = sides_phrase(ev.trigger_token)
        sides = _sides_for(ev, phrase, events, by_id, work) if phrase is not None else None
        if not sides:
            out.append(ev)
            continue
        done.add(key)
        template = ev
        names = ", ".join(by_id[s].name for s in sides)
        for side in sides:
            if side == template.actor:
                continue
            new = copy.copy(template)
            new.recipient = side
            new.why = template.why + f"; recipients: {_text(phrase)} ({names})"
            out.append(new)
    return out


def _text(tok) -> str:
    return " ".join(t.text for t in tok.subtree if t.i <= tok.i).strip() or tok.text


def sides_phrase(trigger):
    """The token heading "both sides", "all parties", "the parties to the conflict" where the trigger aims
    its act ("urged both sides", "called on all parties", "warned the two countries"), else None."""
    if trigger is None:
        return None
    for cand in _aimed_at(trigger):
        if is_sides_phrase(cand):
            return cand
    return None


def _aimed_at(trigger):
    """The trigger's objects, the objects of its prepositions ("called on"), and the subjects of its
    complement clause ("urged both sides to stop": spaCy may read 'both sides' as the subject of 'stop')."""
    for c in trigger.children:
        if c.dep_ in OBJECT_DEPS:
            yield c
        elif c.dep_ == "prep":
            yield from (p for p in c.children if p.dep_ == "pobj")
        elif c.dep_ in ("xcomp", "ccomp"):
            yield from (s for s in c.children if s.dep_ == "nsubj")


def is_sides_phrase(tok) -> bool:
    """ "both sides", "the two governments", "all parties", "the warring factions", "the parties to the
    conflict"."""
    head = tok.lemma_.lower()
    words = {c.lower_ for c in tok.children if c.i < tok.i}
    if head in EN.pair_heads | EN.sides_heads and words & EN.pair_words:
        return True
    if head not in EN.sides_heads:
        return False
    if words & EN.sides_words:
        return True
    return any(p.lemma_.lower() in EN.conflict_nouns for c in tok.children if c.dep_ == "prep" for p in c.children)


def _sides_for(ev, phrase, events, by_id, work) -> list[str] | None:
    """The two opposing parties the phrase refers to, neither the event's own actor, or None."""
    own = _side_key(by_id.get(ev.actor)) if ev.actor else None
    pair = _most_opposed(ev, events, by_id, own) or _coordinated(ev, phrase, work, by_id, own)
    return list(pair) if pair else None


def _side_key(actor):
    """One side per state (its government, army and police are one party), else per actor."""
    if actor is None:
        return None
    if actor.country and (actor.kind == "country" or actor.sector in STATE_SECTORS):
        return ("state", actor.country)
    return ("actor", actor.actor_id)


def _most_opposed(ev, events, by_id, own) -> tuple[str, str] | None:
    """The pair of sides most often actor and recipient of the article's hostile events up to this one (a tie
    for the most: None), each given by its most often named actor."""
    pairs: Counter = Counter()
    members: dict = {}
    for other in events:
        if other.type not in HOSTILE_TYPES or other.start > ev.start or other is ev:
            continue
        a, r = by_id.get(other.actor), by_id.get(other.recipient)
        if r is not None and r.sector == "CVL" and other.type != "PROTEST":
            continue  # civilians attacked or arrested are victims, not a side
        ka, kr = _side_key(a), _side_key(r)
        if ka is None or kr is None or ka == kr or own in (ka, kr):
            continue
        pairs[frozenset((ka, kr))] += 1
        for k, actor in ((ka, a), (kr, r)):
            members.setdefault(k, Counter())[actor.actor_id] += 1
    ranked = pairs.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return None
    ka, kb = sorted(ranked[0][0])
    return _representative(ka, members, by_id), _representative(kb, members, by_id)


def _representative(key, members, by_id) -> str:
    """The actor that stands for a side: the state itself when the article names it, else the side's most
    often named actor."""
    counts = members[key]
    states = [a.actor_id for a in by_id.values() if a.kind == "country" and ("state", a.country) == key]
    return states[0] if states else counts.most_common(1)[0][0]


def _coordinated(ev, phrase, work, by_id, own) -> tuple[str, str] | None:
    """Two parties joined by 'and' in the sentence or the one before ("between X and Y ... both sides"),
    the last such pair named before the phrase."""
    sents, index = work.sents, work.sent_index
    k = index[phrase.i]
    first = sents[k - 1].start if k > 0 else sents[k].start
    found = None
    for i in range(first, phrase.i):
        tok = work.doc[i]
        if tok.dep_ != "conj" or tok.i not in work.token_actor or tok.head.i not in work.token_actor:
            continue
        a, b = work.token_actor[tok.head.i], work.token_actor[tok.i]
        ka, kb = _side_key(by_id.get(a)), _side_key(by_id.get(b))
        if a != b and ka != kb and own not in (ka, kb):
            found = (a, b)
    return found
