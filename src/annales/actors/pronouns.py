"""Pronouns: 'he', 'they', 'its' resolved to the person or group they continue."""

from __future__ import annotations

from ..lang import english
from .registry import ActorRegistry

EN = english()  # the language's word lists (lang/en/*.yaml), loaded once per process

# How far back (tokens) a subject pronoun continues an earlier subject: a paragraph or so, beyond which
# 'he' and 'they' are more likely someone the resolver missed than someone named long before.
PERSON_REACH = 80
GROUP_REACH = 60


def clause_subjects(tok) -> set[int]:
    """Token indices of the subjects of the clause an object pronoun sits in ('Sharif greeted him')."""
    if tok.dep_ not in ("dobj", "pobj", "dative", "iobj"):
        return set()
    verb = tok.head if tok.dep_ != "pobj" else tok.head.head
    verbs = [verb] + [c for c in verb.children if c.dep_ == "conj"]
    if verb.dep_ == "conj":
        verbs.append(verb.head)
    out = set()
    for v in verbs:
        for c in v.children:
            if c.dep_ in ("nsubj", "nsubjpass"):
                out |= {t.i for t in c.subtree}
    return out


# Kinds and sectors of a party that can issue a statement in its own name ('We condemn ...').
AUTHOR_SECTORS = ("GOV", "MIL", "COP", "JUD", "LEG", "IGO", "NGO", "PTY", "OPP", "REB", "LAB")


def inside_quotes(tok) -> bool:
    """Whether an odd number of double quotation marks opens before the token in its paragraph."""
    # Doc.text joins every token anew on each read: read once per document (a long article has many 'we')
    text = tok.doc.user_data.get("annales_text")
    if text is None:
        text = tok.doc.user_data["annales_text"] = tok.doc.text
    start = text.rfind("\n", 0, tok.idx) + 1
    before = text[start:tok.idx]
    return (before.count('"') + before.count("\u201c") - before.count("\u201d")) % 2 == 1


def statement_author(reg: ActorRegistry, tok):
    """'We' outside quotation marks: the body the text speaks for, the first organisation, country or
    official body it names before the pronoun (a ministry's statement names itself first). Inside quotation
    marks 'we' is the speaker's side, which the quotes stage knows and this stage does not: unresolved."""
    if inside_quotes(tok):
        return None
    for actor in reg.order:
        first = min((m.start for m in actor.mentions), default=None) if getattr(actor, "mentions", None) else None
        if first is not None and first >= tok.idx:
            continue
        if actor.kind in ("organization", "country") or (actor.kind == "group" and actor.sector in AUTHOR_SECTORS):
            return actor
    return None


def resolve_pronoun(reg: ActorRegistry, tok, add) -> None:  # noqa: C901 - to be split into named rules (issue 12)
    """Add the actor a pronoun stands for (by `add`): the person or group it continues, if any."""
    low = tok.lower_
    if low in EN.person_pronouns:
        g = EN.person_pronouns[low]
        bound = clause_subjects(tok) if low in EN.person_object_pronouns else set()
        if tok.dep_ in ("nsubj", "nsubjpass"):
            # in its own sentence, a subject pronoun takes a person the main clause acts on or with
            # ("police detained Meas Sophal ... as he filmed"); across sentences it continues the last
            # subject ("Lopez Obrador said ... In a letter to Trump, he called")
            for i, actor in reversed(reg.last_person):
                if i < reg.sent_start.get(tok.i, 0):
                    break
                if i in reg.core_tokens and actor.gender in (None, g):
                    add(actor, [tok], "pronoun")
                    return
            for i, actor in reversed(reg.last_person):
                if tok.i - i > PERSON_REACH:
                    break
                if i in reg.subject_tokens and actor.gender in (None, g):
                    add(actor, [tok], "pronoun")
                    return
        for i, actor in reversed(reg.last_person):
            if i in bound:
                continue
            if actor.gender in (None, g):
                add(actor, [tok], "pronoun")
                return
    elif low in EN.group_pronouns:
        if tok.dep_ in ("nsubj", "nsubjpass"):
            for i, actor in reversed(reg.last_group):
                if tok.i - i > GROUP_REACH:
                    break
                if i in reg.subject_tokens and actor.kind in ("organization", "group", "country"):
                    add(actor, [tok], "pronoun")
                    return
        for _i, actor in reversed(reg.last_group):
            if actor.kind in ("organization", "group", "country"):
                add(actor, [tok], "pronoun")
                return
    elif low in EN.author_pronouns:
        author = statement_author(reg, tok)
        if author is not None:
            add(author, [tok], "pronoun")
    elif low in EN.thing_pronouns and tok.dep_ not in ("expl",) and tok.head.lemma_ not in EN.copulas:
        for _i, actor in reversed(reg.last_group):
            if actor.kind in ("organization", "country") or (actor.kind == "group" and actor.sector in ("GOV", "MIL", "JUD", "LEG")):
                add(actor, [tok], "pronoun")
                return
