"""Numbers belong to their event (issue 13): each count is linked to the event it counts, so that an export's
per-event figures are that event's own ("killing 27 people" is the air strike's 27 dead; "2.6 million people
are displaced" is nobody's fatalities).

A count belongs to the first event of its own sentence whose type can count it (the dead and wounded an attack,
the arrested an arrest, troops a deployment or withdrawal, money aid, sanctions or deals). The dead and wounded
told in the sentence right after an attack, in the same paragraph, with no event of their own sentence to take
them ("Gunmen attacked the village of Liancourt. The UN documented the killing of 37 people"), are that
attack's; so are those of a sentence that says it tells a toll ("The provisional toll on the friendly side is
fifteen soldiers fallen"), for the last attack told in the `TOLL_REACH` sentences before it, across a paragraph
break. Counts no event can take stay unlinked (`event` is None).
"""

from __future__ import annotations

from bisect import bisect_right

from .lang import english

EN = english()  # the language's word lists (lang/en/*.yaml), loaded once per process

# The PLOVER types whose events a count of each unit counts; a currency (three capital letters) counts money.
UNIT_TYPES = {
    "killed": ("ASSAULT",),
    "wounded": ("ASSAULT",),
    "abducted": ("ASSAULT", "COERCE"),
    "arrested": ("COERCE",),
    "sentenced": ("COERCE",),
    "released": ("RETREAT", "CONCEDE"),
    "troops": ("MOBILIZE", "RETREAT", "ASSAULT"),
}
MONEY_TYPES = ("AID", "SANCTION", "COOPERATE", "AGREE")
# Units an attack in the sentence before may own when their own sentence has no event to take them.
CASUALTY_UNITS = ("killed", "wounded")


def types_counted_by(unit: str | None) -> tuple[str, ...]:
    """The PLOVER types an event must have to own a count of `unit`."""
    if unit is None:
        return ()
    if len(unit) == 3 and unit.isupper():
        return MONEY_TYPES
    return UNIT_TYPES.get(unit, ())


def link_quantities(work) -> None:
    """The quantity_events stage: set each quantity's `event` to the id of the event it counts, or None."""
    text = work.article.text
    sent_starts = [s.start_char for s in work.sents]
    events = sorted(work.result.events, key=lambda e: (e.start, int(e.id[1:]) if e.id[1:].isdigit() else 0))
    for q in work.result.quantities:
        types = types_counted_by(q.unit)
        if not types:
            continue
        k = bisect_right(sent_starts, q.start) - 1
        if k < 0:
            continue
        sent = work.sents[k]
        own = [e for e in events if e.start <= q.start < e.end]
        home = next((e for e in own if e.type in types), None)
        if home is None and q.unit in CASUALTY_UNITS and not own and k > 0:
            home = _attack_just_before(events, work.sents[k - 1], sent, text)
        if home is None and q.unit in CASUALTY_UNITS and not own and not q.cumulative and _tells_a_toll(sent):
            home = _last_attack(events, work.sents[max(0, k - TOLL_REACH)].start_char, sent.start_char)
        q.event = home.id if home is not None else None


TOLL_REACH = 3  # sentences back a toll with no event of its own may count the dead of


def _tells_a_toll(sent) -> bool:
    """ "The provisional toll on the friendly side is fifteen soldiers": the sentence says it counts the dead."""
    return any(t.lemma_.lower() in EN.toll_nouns for t in sent)


def _last_attack(events, start: int, end: int):
    """The last attack told between two characters (the toll's own sentence excluded), or None."""
    told = [e for e in events if e.type == "ASSAULT" and e.modality == "asserted" and start <= e.start < end]
    return max(told, key=lambda e: e.start) if told else None


def _attack_just_before(events, before, sent, text: str):
    """The attack told in the sentence right before `sent`, when no paragraph break parts them."""
    if "\n" in text[before.start_char : sent.start_char]:
        return None  # a line break ends the sentence before (spaCy keeps it in that sentence's span)
    return next((e for e in events if e.type == "ASSAULT" and e.start <= before.start_char < e.end), None)
