"""PLOVER's boundary rules, each a small named rule over one event and its parties, applied in order by the
boundaries stage (`boundaries.apply_plover_rules`): a hostile act promised on a condition is THREATEN, a
restriction on another country SANCTION, a hostage rescue AID, civilians gathering, striking or blocking a road
protest, a crowd dispersed with no weapon named is COERCE, an announced withdrawal CONCEDE, people the state's
forces take away are arrested, a planned cooperative act is AGREE."""

from __future__ import annotations

from dataclasses import dataclass

from ..lang import english
from ..model import Actor

EN = english()  # the language's word lists (lang/en/*.yaml), loaded once per process

# Sectors of people who are not the state or an armed group: their gatherings and blockades are protests.
CIVILIAN_SECTORS = ("CVL", "OPP", "LAB", "EDU")
# Sectors whose 'strike' is a work stoppage: civilians, workers, students, parties, doctors, traders, farmers.
STRIKING_SECTORS = (*CIVILIAN_SECTORS, "PTY", "MED", "BUS", "AGR", "JRN", "REL")
# Sectors of the state's armed and security forces: people they take away are arrested, not abducted.
STATE_FORCES = ("COP", "MIL", "SPY")
# PLOVER types that, planned rather than done, are AGREE.
FUTURE_COOPERATION = {"CONSULT", "SUPPORT", "COOPERATE", "AID"}


@dataclass
class Parties:
    """The actor and recipient of the event the PLOVER rules look at; a rule may change the actor."""

    actor: Actor | None
    recipient: Actor | None


def _conditional_threat(ev, parties: Parties, work) -> None:
    """ "X will impose sanctions if Y invades", said by X: a hostile act promised on a condition the other side
    controls is THREATEN."""
    if not _is_conditional_threat(ev, ev.trigger_token):
        return
    threat = _threatened(ev.type)
    mode, cameo = (
        (threat.mode, threat.cameo)
        if threat is not None
        else (("arrest", "130") if ev.cameo.startswith("173") else (None, "130"))
    )
    ev.why += f"; PLOVER: {ev.type} promised on a condition the other side controls is THREATEN"
    ev.type, ev.mode, ev.cameo, ev.modality = "THREATEN", mode, cameo, "asserted"


def _restriction_on_another_country(ev, parties: Parties, work) -> None:
    """ "Beijing restricted imports from Lithuanian firms": a ban or restriction aimed at another state's people
    or firms is a sanction on it."""
    a, r = parties.actor, parties.recipient
    if (
        ev.type == "COERCE"
        and ev.cameo.startswith("172")
        and a
        and r
        and a.country
        and r.country
        and a.country != r.country
    ):
        ev.type, ev.mode, ev.cameo = "SANCTION", "discontinue", "163"
        ev.why += "; PLOVER: a restriction on another country is SANCTION"


def _hostage_rescue(ev, parties: Parties, work) -> None:
    """ "Soldiers freed the hostages": soldiers or police freeing hostages rescue them, and PLOVER codes a
    hostage rescue as AID."""
    a, trig = parties.actor, ev.trigger_token
    if ev.type != "RETREAT" or ev.mode != "release" or a is None or a.sector not in ("MIL", "COP") or trig is None:
        return
    obj = next((c for c in trig.children if c.dep_ == "dobj"), None)
    if obj is not None and obj.lemma_.lower() in EN.hostage_nouns:
        ev.type, ev.mode = "AID", None
        ev.why += "; PLOVER: a hostage rescue is AID"


def _civilians_gathering(ev, parties: Parties, work) -> None:
    """ "protesters gathered outside the cabinet": a demonstration, not a meeting."""
    a, trig = parties.actor, ev.trigger_token
    trig_lemma = trig.lemma_.lower() if trig is not None else ""
    if ev.type == "CONSULT" and trig_lemma in EN.gathering_verbs and a is not None and a.sector in CIVILIAN_SECTORS:
        ev.type, ev.mode, ev.cameo = "PROTEST", "demo", "141"
        ev.why += "; PLOVER: civilians gathering to press a demand is PROTEST"


def _civilians_striking(ev, parties: Parties, work) -> None:
    """ "Students held a one-day strike", "teachers began a 48-hour strike": a strike by people who are not the
    state or an armed group is a work stoppage (PROTEST strike, CAMEO 143), never an air strike."""
    a, trig = parties.actor, ev.trigger_token
    if (
        ev.type == "ASSAULT"
        and trig is not None
        and trig.lemma_.lower() == "strike"
        and trig.pos_ == "NOUN"
        and a is not None
        and a.sector in STRIKING_SECTORS
    ):
        ev.type, ev.mode, ev.cameo = "PROTEST", "strike", "143"
        ev.why += "; PLOVER: a strike by civilians, workers or students is a work stoppage"


def _civilians_blocking(ev, parties: Parties, work) -> None:
    """ "Protesters blocked the main highway": a blockade by civilians is PROTEST obstruct (CAMEO 144), not a
    state's blockade (COERCE, 191; the guide's table: "blocked roads")."""
    a = parties.actor
    if ev.type == "COERCE" and ev.cameo.startswith("191") and a is not None and a.sector in CIVILIAN_SECTORS:
        ev.type, ev.mode, ev.cameo = "PROTEST", "obstruct", "144"
        ev.why += "; PLOVER: civilians blocking a road or a building is PROTEST"


def _dispersal_without_weapon(ev, parties: Parties, work) -> None:
    """ "Police dispersed about 50 demonstrators": pushing back a crowd with no crowd-control weapon named is
    COERCE restrict, not ASSAULT (plover.yaml, COERCE not_this); "dispersed them with tear gas" stays."""
    trig = ev.trigger_token
    if ev.type != "ASSAULT" or not ev.cameo.startswith("175") or trig is None:
        return
    if trig.lemma_.lower() not in EN.dispersal_verbs:
        return
    if any(t.lower_ in EN.crowd_control_weapons for t in trig.sent):
        return
    ev.type, ev.mode, ev.cameo = "COERCE", "restrict", "172"
    ev.why += "; PLOVER: a crowd pushed back with no weapon named is COERCE"


def _announced_retreat(ev, parties: Parties, work) -> None:
    """ "Troops will withdraw by May": an announced, not yet carried out retreat is CONCEDE."""
    if ev.type == "RETREAT" and ev.modality == "planned":
        ev.type, ev.mode = "CONCEDE", None
        ev.why += "; PLOVER: an announced, not yet carried out retreat is CONCEDE"


def _custody_by_the_state(ev, parties: Parties, work) -> None:
    """ "Riot police stormed a house and took away 44 people": the state's forces taking people away arrest
    them (COERCE arrest, CAMEO 173); 'gunmen took away 80 pupils' stays an abduction, and so does a word that
    says one ('abducted', 'kidnapped')."""
    a, trig = parties.actor, ev.trigger_token
    if (
        ev.type == "ASSAULT"
        and ev.mode == "abduct"
        and a is not None
        and a.sector in STATE_FORCES
        and trig is not None
        and trig.lemma_.lower() not in EN.abduction_words
    ):
        ev.type, ev.mode, ev.cameo = "COERCE", "arrest", "173"
        ev.why += "; PLOVER: the state's forces taking people away arrest them"


def _planned_cooperation(ev, parties: Parties, work) -> None:
    """ "The ministers will meet next week", "will send aid": a planned cooperative act is AGREE."""
    if ev.type in FUTURE_COOPERATION and ev.modality == "planned":
        ev.why += f"; PLOVER: a planned {ev.type} is AGREE"
        ev.type, ev.mode = "AGREE", None


# PLOVER's boundary rules, applied in this order to every event: each sees what the ones before it changed
# (a conditional threat is THREATEN before the others look at it; a rescue becomes AID before a planned AID
# becomes AGREE).
PLOVER_RULES = (
    _conditional_threat,
    _restriction_on_another_country,
    _hostage_rescue,
    _civilians_gathering,
    _civilians_striking,
    _civilians_blocking,
    _dispersal_without_weapon,
    _announced_retreat,
    _custody_by_the_state,
    _planned_cooperation,
)


def _threatened(etype: str):
    """The threat (PLOVER mode, CAMEO code) an act of this type announced on a condition is, or None."""
    threat = EN.threats.get(etype)
    return threat if threat is not None and threat.conditional else None


def _is_conditional_threat(ev, trig) -> bool:
    """ "X will impose sanctions if Y invades", said by X: a future hostile act on a condition, as speech."""
    if trig is None or ev.modality not in ("planned", "hypothetical") or ev.actor is None:
        return False
    if _threatened(ev.type) is None and ev.type != "COERCE":
        return False
    conditional = any(
        c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in EN.condition_marks for m in c.children)
        for c in trig.children
    )
    if not conditional:
        return False
    heads = []
    t = trig
    while t.head.i != t.i:
        t = t.head
        heads.append(t.lemma_.lower())
    if any(h in EN.threat_heads for h in heads):
        return False  # "warned that they would attack if ...": the warning itself is the THREATEN event
    # said or quoted in the same sentence (the parser often hangs a trailing "..., X said" anywhere):
    # a journalist's own conditional ("the army would have attacked if ...") is not a threat
    return any(t.lemma_.lower() in EN.reporting and t.pos_ in ("VERB", "AUX") for t in trig.sent)
