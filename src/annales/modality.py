"""The modality stage: whether each event happened (asserted), is planned, demanded, negated,
hypothetical, claimed or denied; and each event's date from its own clause (event_dates.py).

"The rebels have held fire on UN troops" is not an attack on UN troops; "will withdraw by May" is planned.
"""

from __future__ import annotations

from .event_dates import date_event, story_day
from .events.lexicon import load as event_lexicon
from .lang import english
from .speech import reported_future
from .timexes import clause_tense

EN = english()  # the language's word lists (lang/en/*.yaml), loaded once per process


def misattached_conj(tok):
    """The main verb a conjoined speech act really goes with, when the parser hung it inside the
    reported clause: in "X denied that his men had shot first and accused Y of ...", 'accused' is
    X's act, not the men's. None when the attachment stands ("rebels had attacked and killed")."""
    head = tok.head
    if tok.dep_ != "conj" or head.dep_ != "ccomp" or tok.lemma_.lower() not in EN.speaker_acts:
        return None
    if any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children):
        return None
    main = head.head
    if main.pos_ not in ("VERB", "AUX") or main.lemma_.lower() not in EN.reporting_for_conj:
        return None
    return main


def _has_neg(tok) -> bool:
    return any(c.dep_ == "neg" or c.lower_ in EN.neg_words and c.dep_ in ("neg", "advmod", "det") for c in tok.children)


# A modality rule: (modality, reason) for the event a token triggers, or None when the rule does not apply.
Decision = tuple[str, str]


def _negated_trigger(tok) -> Decision | None:
    """ "The army did not attack the town"."""
    return ("negated", f"'{tok.text}' is negated") if _has_neg(tok) else None


def _no_noun(tok) -> Decision | None:
    """ "no attack" with "no" hung on the noun other than as its determiner (as a determiner, _negated_trigger
    takes it: "There was no attack on the convoy")."""
    if tok.pos_ in ("NOUN", "PROPN") and any(c.lower_ == "no" for c in tok.children):
        return "negated", f"'no {tok.text}'"
    return None


def _modal_auxiliary(tok) -> Decision | None:
    """ "The rebels could attack the town" is hypothetical; "they said they would attack" is planned, unless
    a condition hangs on it ("said they would attack if ...")."""
    if not any(c.dep_ in ("aux", "auxpass") and c.lower_ in EN.hypothetical_modals for c in tok.children):
        return None
    if reported_future(tok) and not any(
        c.dep_ == "advcl" and any(m.lower_ in EN.condition_marks for m in c.children) for c in tok.children
    ):
        return "planned", "future in reported speech ('said they would')"
    return "hypothetical", "modal verb"


def _noun_above(node, head):
    """The noun a clause hangs on: "reports that ...", "plans to ...", "calls for ...", or None."""
    if node.dep_ in ("acl", "ccomp") and head.pos_ == "NOUN":
        return head
    if node.dep_ in ("pcomp", "pobj") and head.pos_ == "ADP":
        return head.head
    return None


def _noun_frame(node, head) -> Decision | None:
    """ "reports that the army attacked" is claimed; "plans to attack" planned, "calls for an attack" demanded,
    "no plans to attack" negated."""
    noun = _noun_above(node, head)
    if noun is None or noun.pos_ != "NOUN":
        return None
    lemma = noun.lemma_.lower()
    if lemma in EN.claim_nouns and node.dep_ in ("acl", "ccomp"):
        return "claimed", f"'{noun.text}'"
    if lemma in EN.intent_nouns | EN.demand_nouns:
        if any(c.lower_ == "no" for c in noun.children) or (noun.head.pos_ in ("VERB", "AUX") and _has_neg(noun.head)):
            return "negated", f"'no {noun.text}'"
        return ("demanded" if lemma in EN.demand_nouns else "planned"), f"'{noun.text}'"
    return None


def _verb_above(node, head):
    """The verb a complement clause hangs on; through a preposition, the verb above it ("accused X of shelling")."""
    target = head if node.dep_ != "pobj" else head.head
    if target.pos_ == "ADP" and target.head.i != target.i:
        target = target.head
        if target.pos_ in ("NOUN", "PROPN") and target.dep_ == "dobj":
            target = target.head
    return target


def _failed(node, target) -> Decision | None:
    """ "The rebels failed to take the town", "tried in vain to take it"."""
    if target.lemma_.lower() in EN.fail_verbs or any(c.lower_ in EN.fail_adverbs for c in target.children):
        return "negated", f"'{target.text}' says it did not happen"
    return None


def _denied(node, target) -> Decision | None:
    """ "The army denied shelling the village"."""
    return ("denied", f"'{target.text}'") if target.lemma_.lower() in EN.deny_verbs else None


def _claimed(node, target) -> Decision | None:
    """ "The group claimed to have downed a drone"."""
    return ("claimed", f"'{target.text}'") if target.lemma_.lower() in EN.claim_verbs else None


def _demanded(node, target) -> Decision | None:
    """ "Protesters demanded that he resign", "urged the bloc to ban imports", "called for talks"."""
    if target.lemma_.lower() not in EN.demand_verbs:
        return None
    infinitive = any(c.lower_ == "to" and c.dep_ == "aux" for c in node.children)
    if node.dep_ in ("xcomp", "pobj", "ccomp") or (node.dep_ == "advcl" and infinitive):
        return "demanded", f"'{target.text}'"
    return None


def _planned(node, target) -> Decision | None:
    """ "The minister plans to visit Kyiv"; "is not willing to hold talks" is negated."""
    if target.lemma_.lower() not in EN.plan_verbs or node.dep_ != "xcomp":
        return None
    if target.pos_ == "ADJ" and _has_neg(target.head):
        return "negated", f"'not {target.text}'"
    return "planned", f"'{target.text}'"


def _negated_control(node, target) -> Decision | None:
    """ "The army did not move to retake the town"."""
    return ("negated", f"'{target.text}' is negated") if _has_neg(target) and node.dep_ == "xcomp" else None


def _future_purpose(node, target) -> Decision | None:
    """ "The army will raise a division to protect the border": the purpose shares its main verb's future."""
    if node.dep_ not in ("advcl", "xcomp"):
        return None
    t_aux = [c.lower_ for c in target.children if c.dep_ == "aux"]
    if any(a in EN.future_modals for a in t_aux) or reported_future(target):
        return "planned", f"'{target.text}' is future"
    return None


def _transparent_light_verb(verb) -> bool:
    """ "carried out (a strike)", "launched (an attack)": a verb that tells its object's event as its own act
    (data/events/light_verbs.tsv); "cover (the killings)" is not one."""
    particle = next((c.lower_ for c in verb.children if c.dep_ == "prt"), "")
    light = event_lexicon().light
    return light.get((verb.lemma_.lower(), particle), light.get((verb.lemma_.lower(), ""))) == "transparent"


# What the verb governing a complement clause says of the clause's event, in order: the first that applies wins.
GOVERNING_VERB_RULES = (_failed, _denied, _claimed, _demanded, _planned, _negated_control, _future_purpose)


def _governing_frame(tok) -> Decision | None:
    """The modality the clauses above the trigger give it, climbing at most five steps: a condition ("if they
    attack"), a noun ("plans to attack") or a verb ("denied attacking") that frames it."""
    node = tok
    for _ in range(5):
        if any(c.dep_ == "mark" and c.lower_ in EN.condition_marks for c in node.children):
            return "hypothetical", "conditional clause"
        head = node.head
        if head.i == node.i:
            return None
        if node.dep_ == "conj" and head.pos_ in ("VERB", "AUX"):
            # "called on the bloc to go further and ban imports": the ban is asked for too
            node = misattached_conj(node) or head
            if node is not head and node.head.i == node.i:
                return None
            continue
        decision = _noun_frame(node, head)
        if decision is not None:
            return decision
        if node is tok and node.dep_ == "dobj" and _transparent_light_verb(head):
            # "denied carrying out any strike": an event noun a light verb carries is framed as that verb is
            node = head
            continue
        if not (node.dep_ in ("xcomp", "ccomp", "pcomp", "advcl") or (node.dep_ == "pobj" and head.dep_ == "prep")):
            return None
        target = _verb_above(node, head)
        decision = next((d for rule in GOVERNING_VERB_RULES if (d := rule(node, target)) is not None), None)
        if decision is not None:
            return decision
        node = target
    return None


def _claim_adverb(tok) -> Decision | None:
    """ "The rebels allegedly attacked the convoy"."""
    return ("claimed", "reported, not confirmed") if any(c.lower_ in EN.claim_adverbs for c in tok.children) else None


def _future_tense(tok) -> Decision | None:
    """ "Troops will withdraw by May"."""
    if (
        any(c.dep_ in ("aux", "auxpass") and c.lower_ in EN.future_modals for c in tok.children)
        or clause_tense(tok) == "future"
    ):
        return "planned", "future tense"
    return None


# The modality rules, in order: the first that applies decides; none applies, the event is asserted.
MODALITY_RULES = (_negated_trigger, _no_noun, _modal_auxiliary, _governing_frame, _claim_adverb, _future_tense)


def modality_of(tok, preset: str | None) -> tuple[str, str]:
    """(modality, reason) for an event triggered at token `tok`; `preset` is the one a governing verb gave it."""
    if preset:
        return preset, f"governed by a verb that makes it {preset}"
    decision = next((d for rule in MODALITY_RULES if (d := rule(tok)) is not None), None)
    return decision if decision is not None else ("asserted", "")


def assign_modality(work) -> None:
    """The modality stage: each event's modality and date (event_dates: its own date, else the dateline's
    or the publication day; none for the past perfect)."""
    pub = work.article.date
    story = story_day(work)
    for ev in work.result.events:
        tok = ev.trigger_token
        preset = ev.preset_modality
        if ev.modality != "asserted" or tok is None:
            continue
        modality, reason = modality_of(tok, preset)
        if ev.type == "REJECT" and modality == "negated" and tok.lemma_.lower() in EN.acceptance_verbs:
            modality, reason = "asserted", f"'not {tok.text}' is itself a rejection"
        if modality == "asserted" and tok.lemma_.lower() in EN.announcing_verbs.get(ev.type, ()):
            modality, reason = "planned", f"'{tok.text}' announces the {ev.type.lower()}, not does it"
        ev.modality = modality
        if reason:
            ev.why += f"; {modality}: {reason}"
        date_event(ev, pub, story, background=bool(pub) and _past_perfect(tok))


def _past_perfect(tok) -> bool:
    node = misattached_conj(tok) or tok
    for _ in range(3):
        if any(c.dep_ == "aux" and c.lower_ in EN.past_perfect_auxes for c in node.children):
            return True
        if node.dep_ not in ("xcomp", "conj") or node.head.i == node.i:
            return False
        node = node.head
    return False
