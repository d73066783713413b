"""The modality stage: whether each event happened (asserted), is planned, demanded, negated,
hypothetical, claimed or denied; and each event's date from its own clause (event_dates.py).

"The rebels have held fire on UN troops" is not an attack on UN troops; "will withdraw by May" is planned.
"""

from __future__ import annotations

from .event_dates import date_event, story_day
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


def modality_of(tok, preset: str | None) -> tuple[str, str]:  # noqa: C901 - to be split into named rules (issue 12)
    """(modality, reason) for an event triggered at token `tok`."""
    if preset:
        return preset, f"governed by a verb that makes it {preset}"
    if _has_neg(tok):
        return "negated", f"'{tok.text}' is negated"
    if tok.pos_ in ("NOUN", "PROPN") and any(c.lower_ == "no" for c in tok.children):
        return "negated", f"'no {tok.text}'"
    auxes = [c for c in tok.children if c.dep_ in ("aux", "auxpass")]
    if any(a.lower_ in EN.hypothetical_modals for a in auxes):
        if reported_future(tok) and \
                not any(c.dep_ == "advcl" and any(m.lower_ in EN.condition_marks for m in c.children) for c in tok.children):
            return "planned", "future in reported speech ('said they would')"
        return "hypothetical", "modal verb"
    node = tok
    for _ in range(5):
        marks = [c for c in node.children if c.dep_ == "mark"]
        if any(m.lower_ in EN.condition_marks for m in marks):
            return "hypothetical", "conditional clause"
        head = node.head
        if head.i == node.i:
            break
        if node.dep_ == "conj" and head.pos_ in ("VERB", "AUX"):
            # "called on the bloc to go further and ban imports": the ban is asked for too
            node = misattached_conj(node) or head
            if node is not head and node.head.i == node.i:
                break
            continue
        noun = head if node.dep_ in ("acl", "ccomp") and head.pos_ == "NOUN" else \
            head.head if node.dep_ in ("pcomp", "pobj") and head.pos_ == "ADP" else None
        if noun is not None and noun.pos_ == "NOUN" and noun.lemma_.lower() in EN.claim_nouns and node.dep_ in ("acl", "ccomp"):
            return "claimed", f"'{noun.text}'"
        if noun is not None and noun.pos_ == "NOUN" and noun.lemma_.lower() in EN.intent_nouns | EN.demand_nouns:
            if any(c.lower_ == "no" for c in noun.children) or (noun.head.pos_ in ("VERB", "AUX") and _has_neg(noun.head)):
                return "negated", f"'no {noun.text}'"
            return ("demanded" if noun.lemma_.lower() in EN.demand_nouns else "planned"), f"'{noun.text}'"
        if node.dep_ in ("xcomp", "ccomp", "pcomp", "advcl") or (node.dep_ == "pobj" and head.dep_ == "prep"):
            target = head if node.dep_ != "pobj" else head.head
            if target.pos_ == "ADP" and target.head.i != target.i:
                target = target.head  # "accused X of shelling": the verb above the preposition
                if target.pos_ in ("NOUN", "PROPN") and target.dep_ == "dobj":
                    target = target.head
            lemma = target.lemma_.lower()
            if lemma in EN.fail_verbs or any(c.lower_ in EN.fail_adverbs for c in target.children):
                return "negated", f"'{target.text}' says it did not happen"
            if lemma in EN.deny_verbs:
                return "denied", f"'{target.text}'"
            if lemma in EN.claim_verbs:
                return "claimed", f"'{target.text}'"
            infinitive = any(c.lower_ == "to" and c.dep_ == "aux" for c in node.children)
            if lemma in EN.demand_verbs and (node.dep_ in ("xcomp", "pobj", "ccomp") or (node.dep_ == "advcl" and infinitive)):
                return "demanded", f"'{target.text}'"
            if lemma in EN.plan_verbs and node.dep_ == "xcomp":
                if target.pos_ == "ADJ" and _has_neg(target.head):
                    return "negated", f"'not {target.text}'"  # "is not willing to hold talks"
                return "planned", f"'{target.text}'"
            if _has_neg(target) and node.dep_ == "xcomp":
                return "negated", f"'{target.text}' is negated"
            if node.dep_ in ("advcl", "xcomp"):
                # "would raise a division to protect ...": the purpose shares its main verb's future
                t_aux = [c.lower_ for c in target.children if c.dep_ == "aux"]
                if any(a in EN.future_modals for a in t_aux) or reported_future(target):
                    return "planned", f"'{target.text}' is future"
            node = target
            continue
        break
    if any(c.lower_ in EN.claim_adverbs for c in tok.children):
        return "claimed", "reported, not confirmed"
    if any(a.lower_ in EN.future_modals for a in auxes) or clause_tense(tok) == "future":
        return "planned", "future tense"
    return "asserted", ""


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
