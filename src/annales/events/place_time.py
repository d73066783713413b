"""Where and when an event happened: the place and the time expression of its own phrase, else of
its clause (not of other nouns)."""

from __future__ import annotations

from ..lang import english
from .state import CoderState

EN = english()  # the language's word lists (lang/en/*.yaml), loaded once per process


# Dependencies that open a clause of its own: its place and time are not the governing clause's.
CLAUSE_DEPS = {"ccomp", "advcl", "relcl", "csubj", "parataxis"}


def place_location(place) -> dict:
    """An event's location record of a place (a facility's city as the name)."""
    loc = place.location()
    if getattr(place, "kind", "") == "facility" and getattr(place, "city", None):
        loc = dict(loc, name=place.city)
    return loc


class PlaceTime(CoderState):
    """The coder's rules for an event's place and time (a mixin of EventCoder)."""

    def clause_tokens(self, root) -> list:
        """Tokens of a clause, without the clauses nested in it."""
        out = []
        stack = [root]
        while stack:
            t = stack.pop()
            out.append(t)
            for c in t.children:
                if c.dep_ in CLAUSE_DEPS and c.i != root.i:
                    continue
                stack.append(c)
        return out

    def location_for(self, tokens_first: list, clause: list) -> dict | None:
        """The place 'in/at X' of the event's own phrase, else of its clause's verb (not of other nouns)."""
        places = self.work.token_place
        for t in tokens_first:
            # "shelled the town of Gao", "shelled Gao": the target is a place
            if (
                t.i in places
                and places[t.i].kind in ("city", "region", "facility")
                and t.dep_ in ("dobj", "pobj")
                and (t.dep_ == "dobj" or t.head.lower_ == "of")
            ):
                return place_location(places[t.i])
        if clause:
            root = clause[0]
            clause = [
                p for c in root.children if c.dep_ == "prep" and c.lower_ in EN.event_place_preps for p in c.children
            ]
            clause += [
                q
                for p in clause
                for o in p.children
                if o.dep_ == "prep" and o.lower_ == "of"
                for q in o.children
                if q.dep_ == "pobj"
            ]
        for group in (tokens_first, clause):
            for t in sorted(group, key=lambda t: t.i):
                if t.i in places and t.dep_ == "pobj" and t.head.lower_ in EN.event_place_preps:
                    return place_location(places[t.i])
                if (
                    t.i in places
                    and t.dep_ in ("compound",)
                    and t.head.dep_ == "pobj"
                    and t.head.head.lower_ in EN.event_place_preps
                ):
                    return place_location(places[t.i])
                if (
                    t.i in places
                    and t.dep_ == "pobj"
                    and t.head.lower_ == "of"
                    and t.head.head.dep_ == "pobj"
                    and t.head.head.head.lower_ in EN.event_place_preps
                ):
                    return place_location(places[t.i])  # "in the North Darfur town of Kabkabiya"
        return None

    def timex_for(self, tokens_first: list, clause: list, trigger_i: int):
        """The time expression of the event's own phrase, else its own part of the clause, else the clause."""
        own_clause = [t for t in clause if t.i >= trigger_i or t.head.i == trigger_i or t.i == trigger_i]
        for group in (tokens_first, own_clause, clause):
            hits = [self.timex_at[t.i] for t in group if t.i in self.timex_at]
            if hits:
                return min(hits, key=lambda tx: abs(tx.start - self.doc[trigger_i].idx))
        return None
