"""The boundaries stage: PLOVER's boundary rules (`plover_rules.py`) applied after modality, the recipients
earlier events imply, then one record per event within an article.

- an announced or planned withdrawal or ceasefire is CONCEDE; carried out, it is RETREAT;
- future cooperative acts (meetings, support, cooperation, aid) are AGREE;
- the same event told twice in one article (headline and body) is stored once.
"""

from __future__ import annotations

from datetime import timedelta

from ..dates import day_range
from ..lang import english
from ..model import Event
from .plover_rules import PLOVER_RULES, Parties
from .sides import split_sides

EN = english()  # the language's word lists (lang/en/*.yaml), loaded once per process

# Confidences stay strictly between 0 and 1: no rule is certain, none worthless once it fired.
MIN_CONFIDENCE = 0.05
MAX_CONFIDENCE = 0.99
# A refusal answers a demand made at most this many characters before it (about a paragraph).
DEMAND_REACH = 600

UNIDENTIFIED_ARMED = ("UAF",)  # 'gunmen', 'armed men': armed, who they are not said (PLOVER/CAMEO sector)
GENERIC_ARMED = ("REB",)  # 'the militants' of a country: an armed group the sentence does not name


def _place_from_dateline(events) -> None:
    """ "KYIV, May 3 (Reuters) - ...": an event the text gives no place takes the dateline's."""
    for ev in events:
        if ev.location is None and ev.lead_place:
            ev.location = ev.lead_place
            ev.why += "; place: the dateline"


def _parties_fit(a, b) -> bool:
    """Whether two tellings' parties can be one event's: each role the same, or missing in one of them."""
    return all(x == y or x is None or y is None for x, y in ((a.actor, b.actor), (a.recipient, b.recipient)))


def _retelling_of(
    ev, kept: list[Event], headline: int | None, unidentified: dict, named: dict | None = None
) -> Event | None:
    """The kept record `ev` tells again: the same type, modality, time and parties; or, for a headline and a
    body sentence, parties that fit (a headline leaves parties out: "Drone strike kills 30" tells the body's
    "A drone strike hit ..., killing at least 30 people"); or the same recipient, its doer named in one telling
    and left unnamed in the other (`unidentified`: `unnamed_armed`; `named`: `named_sectors`):
    "Gangs of the Viv Ansanm coalition attacked the police station" and "heavily armed men besieged the
    station" are one attack. A sentence that says it tells another event ("In a separate incident") is none."""
    separate = _told_as_separate(ev)
    for k in kept:
        if k.type != ev.type or k.modality != ev.modality or not _same_time(k, ev) or not _same_place(k, ev):
            continue
        if k.sentence_index != ev.sentence_index and (separate or _told_as_separate(k)):
            continue
        if k.actor == ev.actor and k.recipient == ev.recipient:
            return k
        in_headline = headline is not None and headline in (k.sentence_index, ev.sentence_index)
        if in_headline and k.sentence_index != ev.sentence_index and _parties_fit(k, ev):
            return k
        if _unidentified_doer(k, ev, unidentified, named or {}):
            return k
    return None


def _told_as_separate(ev) -> bool:
    """Its sentence opens by saying it tells another event ("In a separate incident, ...", "Elsewhere, ...")."""
    opening = ev.sentence[:40].lower().replace(",", " ").split()[:4]
    return any(w in EN.separate_event_openers for w in opening)


def _unidentified_doer(a, b, unidentified: dict[str, str | None], named_sectors: dict[str, str | None]) -> bool:
    """The same recipient, and the doer named in one telling and left unnamed in the other: 'armed men' (any
    doer), or the country's rebels the coder read 'the assailants' as (a named armed group: `unnamed_armed`)."""
    if a.recipient is None or a.recipient != b.recipient or None in (a.actor, b.actor):
        return False
    if (a.actor in unidentified) == (b.actor in unidentified):
        return False
    unnamed, other = (a, b) if a.actor in unidentified else (b, a)
    sector = unidentified[unnamed.actor]
    return sector is None or named_sectors.get(other.actor) == sector


def unnamed_armed(actors) -> dict[str, str | None]:
    """Actor id -> the sector the named doer of another telling must have to be it: None (any) for 'gunmen',
    'armed men' (UAF); REB for a generic 'Rebels in Mali' ('the militants', 'the assailants')."""
    out: dict[str, str | None] = {}
    for a in actors:
        if a.sector in UNIDENTIFIED_ARMED:
            out[a.actor_id] = None
        elif a.kind == "group" and a.sector in GENERIC_ARMED:
            out[a.actor_id] = a.sector
    return out


def named_sectors(actors) -> dict[str, str | None]:
    """Actor id -> sector of the named parties (people and organisations)."""
    return {a.actor_id: a.sector for a in actors if a.kind not in ("group", "country")}


def _tell_also(record: Event, other: Event) -> None:
    """`other` tells `record`'s event again: noted as also reported, giving the parties and the text's date the
    record left out."""
    for span in [(other.start, other.end), *other.also_reported]:
        if span != (record.start, record.end) and span not in record.also_reported:
            record.also_reported.append(span)  # two events of one sentence: noted once
            record.why += f"; also reported at characters {span[0]}-{span[1]}"
    for role in ("actor", "recipient"):
        if getattr(record, role) is None and getattr(other, role) is not None:
            setattr(record, role, getattr(other, role))
            record.why += f"; {role} from its telling at characters {other.start}-{other.end}"
    if record.date_source != "text" and other.date_source == "text":
        record.date, record.date_source = other.date, other.date_source
    if record.mode is None and other.mode is not None and record.type == other.type:
        # "gunmen attacked the school ... took away 80 pupils": one attack, and what it was, an abduction
        record.mode, record.cameo = other.mode, other.cameo
        record.why += f"; mode {other.mode} from its telling at characters {other.start}-{other.end}"


def _one_record_per_event(
    events, headline: int | None = None, unidentified: dict | None = None, named: dict | None = None
) -> list[Event]:
    """The same event told twice in one article (headline and body) kept once: the body's telling when one is
    the headline, else the most confident, with the other noted as also reported (and giving it the parties it left out); the records in text
    order, numbered, confidences clamped. `headline`: the headline's sentence (its first token), if any."""
    kept: list[Event] = []
    for ev in sorted(events, key=lambda e: -e.confidence):
        if ev.actor is not None and ev.actor == ev.recipient:
            continue
        dup = _retelling_of(ev, kept, headline, unidentified or {}, named)
        if dup is None:
            kept.append(ev)
        elif headline is not None and dup.sentence_index == headline != ev.sentence_index:
            # the body's telling is the record: its sentence holds the toll, the place and the date a headline
            # leaves out (an export links an event's dead to the sentence it is told in)
            kept[next(i for i, k in enumerate(kept) if k is dup)] = ev
            ev.confidence = max(ev.confidence, dup.confidence)
            _tell_also(ev, dup)
        else:
            _tell_also(dup, ev)
    kept.sort(key=lambda e: (e.start, e.trigger_start))
    for i, ev in enumerate(kept, 1):
        ev.id = f"E{i}"
        ev.confidence = max(MIN_CONFIDENCE, min(MAX_CONFIDENCE, ev.confidence))
    return kept


def apply_plover_rules(work) -> None:
    """The boundaries stage: PLOVER's boundary rules, recipients implied by earlier events ("both sides":
    one event per side), and one record per event (duplicates merged, ids and confidences set)."""
    events = _merge_attack_and_its_killing(_merge_attack_halves(work.result.events))
    _place_from_dateline(events)
    _rejections_answer_accusations(events, {a.actor_id: a for a in work.result.actors})
    _condemnations_target_the_doer(events, work)
    _demands_for_release_target_the_holder(events, work)
    _threats_follow_condemnations(events)
    by_id = {a.actor_id: a for a in work.result.actors}
    for ev in events:
        parties = Parties(by_id.get(ev.actor), by_id.get(ev.recipient))
        for rule in PLOVER_RULES:
            rule(ev, parties, work)
    events = split_sides(events, work)
    headline = work.headline
    unidentified, named = unnamed_armed(work.result.actors), named_sectors(work.result.actors)
    headline_start = work.sents[headline].start if headline is not None else None
    work.result.events = _one_record_per_event(events, headline_start, unidentified, named)


def _merge_attack_halves(events):
    """'14 civilians were killed ... when coalition warplanes struck a market': one attack, whose
    attacker and victims the sentence names in two clauses."""
    out = []
    by_sentence: dict[int, list] = {}
    for ev in events:
        by_sentence.setdefault(ev.sentence_index, []).append(ev)
    dropped: set[int] = set()  # id() of the events merged into another
    for evs in by_sentence.values():
        attackers = [e for e in evs if e.type == "ASSAULT" and e.actor and not e.recipient and e.modality == "asserted"]
        victims = [e for e in evs if e.type == "ASSAULT" and not e.actor and e.recipient and e.modality == "asserted"]
        if attackers and victims:
            a = attackers[0]
            for v in victims:
                v.actor = a.actor
                v.location = v.location or a.location
                if v.date_source != "text" and a.date_source == "text":
                    v.date, v.date_source = a.date, a.date_source
                v.why += f"; attacker from '{a.trigger}' in the same sentence"
            dropped.update(id(e) for e in attackers)
    for ev in events:
        if id(ev) not in dropped:
            out.append(ev)
    return out


def _merge_attack_and_its_killing(events):
    """'Gunmen attacked a checkpoint and killed four soldiers', 'Rebels shelled the village, killing five': one
    attack that killed, one ASSAULT (the guide's 'an attack that kills is one ASSAULT, the deaths are its
    quantity'), not an attack and a killing. The killing joins the attack when its verb is coordinated with
    the attack's (or is a participle clause of it) and its actor is the
    attack's or none; the attack takes the killing's victims as its recipient when they are named."""
    dropped: set[int] = set()
    for k in events:
        trig = k.trigger_token
        if k.type != "ASSAULT" or trig is None or trig.lemma_.lower() not in EN.casualty_verbs:
            continue
        # coordinated ('attacked ... and killed') or a participle clause of the attack ('shelled ..., killing')
        if not (trig.dep_ == "conj" or (trig.dep_ == "advcl" and trig.tag_ == "VBG")):
            continue
        attack = next(
            (
                a
                for a in events
                if a is not k
                and id(a) not in dropped
                and a.type == "ASSAULT"
                and a.trigger_token is not None
                and a.trigger_token.i == trig.head.i
                and a.modality == k.modality
                and k.actor in (None, a.actor)
            ),
            None,
        )
        if attack is None:
            continue
        if k.recipient is not None:
            attack.recipient = (
                k.recipient
            )  # those killed are who the attack hit ("shelled Gao and killed four soldiers")
        attack.location = attack.location or k.location
        attack.why += f"; with the killing '{k.trigger}' of the same act"
        dropped.add(id(k))
    return [ev for ev in events if id(ev) not in dropped]


def _rejections_answer_accusations(events, by_id) -> None:
    """'a charge Tehran rejected': a rejection or denial with no recipient answers the latest
    accusation, demand or threat aimed at whoever rejects it."""
    for i, ev in enumerate(events):
        if ev.type != "REJECT" or ev.recipient is not None or ev.actor is None:
            continue
        me = by_id.get(ev.actor)
        for prior in reversed(events[:i] + events[i + 1 :]):
            target = by_id.get(prior.recipient)
            aimed_at_me = prior.recipient == ev.actor or (
                me is not None
                and target is not None
                and me.country
                and (me.country, me.sector) == (target.country, target.sector)
            )
            if (
                prior.type in ("ACCUSE", "REQUEST", "THREATEN")
                and aimed_at_me
                and prior.actor
                and prior.start <= ev.end
            ):
                ev.recipient = prior.actor
                ev.why += "; recipient: who made the accusation or demand it answers"
                break
        else:
            # "the government pressed for his release, but the rebels refused": the latest demand nearby
            near = [
                p
                for p in events[:i]
                if p.type == "REQUEST" and p.actor and p.actor != ev.actor and 0 <= ev.start - p.start < DEMAND_REACH
            ]
            if near:
                ev.recipient = near[-1].actor
                ev.why += "; recipient: who made the demand it answers"


def _condemnations_target_the_doer(events, work) -> None:
    """'Iran condemned the move': the recipient is whoever made the move, the latest party that acted
    (on the condemner first)."""
    by_id = {a.actor_id: a for a in work.result.actors}
    for i, ev in enumerate(events):
        if ev.type not in ("ACCUSE", "REJECT", "SUPPORT") or ev.recipient is not None or ev.actor is None:
            continue  # "condemned the move", "rejected the offer", "welcomed the operation"
        tok = ev.trigger_token
        obj = next((c for c in tok.children if c.dep_ == "dobj"), None) if tok is not None else None
        if obj is None or obj.lemma_.lower() not in EN.referring_nouns:
            continue
        me = by_id.get(ev.actor)
        kinds = EN.referred_types.get(obj.lemma_.lower())
        pick = []
        # first another country's act, then (rebels rejecting the government's offer) another side at home
        for domestic in (False, True):
            prior = [
                p
                for p in events[:i]
                if p.actor
                and p.actor != ev.actor
                and p.trigger_start != ev.trigger_start  # "the US and India welcomed it": not each other's
                and p.type not in ("ACCUSE", "REJECT")
                and (kinds is None or p.type in kinds)
                and by_id.get(p.actor)
                and (
                    me is None
                    or not me.country
                    or by_id[p.actor].country != me.country
                    or (domestic and by_id[p.actor].sector != me.sector)
                )
            ]
            aimed = [
                p
                for p in prior
                if p.recipient == ev.actor
                or (me and by_id.get(p.recipient) and by_id[p.recipient].country == me.country)
            ]
            pick = (aimed or prior)[-1:]
            if pick:
                break
        if pick:
            ev.recipient = pick[0].actor
            ev.why += f"; recipient: who made '{obj.text}' ({pick[0].trigger})"


def _demands_for_release_target_the_holder(events, work) -> None:
    """'ECOWAS demanded Conde's release': the demand is on whoever detained Conde in the story."""
    for ev in events:
        if ev.type != "REQUEST" or ev.recipient is not None:
            continue
        tok = ev.trigger_token
        if tok is None:
            continue
        release = next((t for t in tok.subtree if t.lemma_.lower() in EN.release_nouns), None)
        if release is None:
            continue
        held = {work.token_actor.get(t.i) for t in release.subtree} - {None}
        holders = [p for p in events if p.type == "COERCE" and p.recipient in held and p.actor and p.start <= ev.start]
        if holders:
            ev.recipient = holders[-1].actor
            ev.why += f"; recipient: who holds them ({holders[-1].trigger})"


def _threats_follow_condemnations(events) -> None:
    """'The bloc condemned the coup ... and warned it would impose sanctions': a threat with no target
    is aimed at whom the same actor just condemned or pressed."""
    for i, ev in enumerate(events):
        if ev.type != "THREATEN" or ev.recipient is not None or ev.actor is None:
            continue
        prior = [p for p in events[:i] if p.actor == ev.actor and p.recipient and p.type in ("ACCUSE", "REQUEST")]
        if prior:
            ev.recipient = prior[-1].recipient
            ev.why += f"; recipient: whom it just addressed ({prior[-1].trigger})"
            continue
        # "militants were killed ... the group vowed revenge": a threat answers who hit them
        hits = [
            p
            for p in events[:i]
            if p.recipient == ev.actor
            and p.actor
            and p.actor != ev.actor
            and p.type in ("ASSAULT", "COERCE", "SANCTION", "ACCUSE")
        ]
        if hits:
            ev.recipient = hits[-1].actor
            ev.why += f"; recipient: who it answers ({hits[-1].trigger})"


def _same_place(a, b) -> bool:
    """Whether two tellings' places can be one event's: the same, or missing in one. "Raiders attacked a
    cattle camp near Bor, killing 30 ... youths attacked a settlement near Gumuruk, killing 11": two attacks,
    whatever the parties' generic names."""
    if a.location is None or b.location is None or "dateline" in (a.location.get("source"), b.location.get("source")):
        return True  # the dateline's place stands in for one the text does not give
    return (a.location.get("name") or "").lower() == (b.location.get("name") or "").lower()


def _same_time(a, b) -> bool:
    """Whether two tellings' dates can be one event's: dates the text gives agree as far as both go; a date
    the story's day stood in for is the latest the event can have happened, so it meets a date of the text
    only within the week before it ("The strike came a day after Fano fighters ambushed a convoy" is not the
    fighting "since August" told earlier)."""
    if a.date is None or b.date is None:
        return True
    if a.date_source == "text" and b.date_source == "text":
        n = min(len(a.date), len(b.date))
        return a.date[:n] == b.date[:n]
    if a.date_source == "text" or b.date_source == "text":
        told, story = (a, b) if a.date_source == "text" else (b, a)
        told_span, story_span = day_range(told.date), day_range(story.date)
        if told_span and story_span:
            latest = story_span[1]
            return told_span[0] <= latest and told_span[1] >= latest - timedelta(days=STORY_WEEK)
    return True


STORY_WEEK = 7  # days before the story's day an event it dates by that day can have happened
