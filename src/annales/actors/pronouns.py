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
    before = text[start : tok.idx]
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


SUBJECT_DEPS = ("nsubj", "nsubjpass")
# Kinds of actor a group pronoun ('they', 'their') can continue.
GROUP_KINDS = ("organization", "group", "country")


def _person_acted_on_in_sentence(reg: ActorRegistry, tok):
    """ "police detained Meas Sophal ... as he filmed": in its own sentence, a subject pronoun takes a person the
    main clause acts on or with."""
    if tok.dep_ not in SUBJECT_DEPS:
        return None
    g = EN.person_pronouns[tok.lower_]
    for i, actor in reversed(reg.last_person):
        if i < reg.sent_start.get(tok.i, 0):
            break
        if i in reg.core_tokens and actor.gender in (None, g):
            return actor
    return None


def _person_last_subject(reg: ActorRegistry, tok):
    """ "Lopez Obrador said ... In a letter to Trump, he called": across sentences, a subject pronoun continues
    the last subject (within PERSON_REACH tokens)."""
    if tok.dep_ not in SUBJECT_DEPS:
        return None
    g = EN.person_pronouns[tok.lower_]
    for i, actor in reversed(reg.last_person):
        if tok.i - i > PERSON_REACH:
            break
        if i in reg.subject_tokens and actor.gender in (None, g):
            return actor
    return None


def _person_last_named(reg: ActorRegistry, tok):
    """ "Sharif met Modi and greeted him": the last person named of the pronoun's gender, never a subject of the
    object pronoun's own clause."""
    g = EN.person_pronouns[tok.lower_]
    bound = clause_subjects(tok) if tok.lower_ in EN.person_object_pronouns else set()
    return next((actor for i, actor in reversed(reg.last_person) if i not in bound and actor.gender in (None, g)), None)


def _group_last_subject(reg: ActorRegistry, tok):
    """ "The rebels seized the town. They said ...": a subject 'they' continues the last group subject (within
    GROUP_REACH tokens)."""
    if tok.dep_ not in SUBJECT_DEPS:
        return None
    for i, actor in reversed(reg.last_group):
        if tok.i - i > GROUP_REACH:
            break
        if i in reg.subject_tokens and actor.kind in GROUP_KINDS:
            return actor
    return None


def _group_last_named(reg: ActorRegistry, tok):
    """ "the army ... their positions": the last organisation, group or country named."""
    return next((actor for _i, actor in reversed(reg.last_group) if actor.kind in GROUP_KINDS), None)


def _is_body(actor) -> bool:
    """An organisation, a country or an official body: what 'it' and 'its' can stand for."""
    return actor.kind in ("organization", "country") or (
        actor.kind == "group" and actor.sector in ("GOV", "MIL", "JUD", "LEG")
    )


def _is_impersonal_it(tok) -> bool:
    """The 'it' of "it is" or "it was reported", which stands for no one."""
    return tok.dep_ in ("expl",) or tok.head.lemma_ in EN.copulas


def _body_last_subject(reg: ActorRegistry, tok):
    """ "The Arakan Army said the township, bordering India and Bangladesh, was in its hands": in its own
    sentence, 'it' and 'its' continue the last body that was a subject, not a country named on the way."""
    if _is_impersonal_it(tok):
        return None
    start = reg.sent_start.get(tok.i, 0)
    for i, actor in reversed(reg.last_group):
        if i < start:
            break
        if i in reg.subject_tokens and _is_body(actor):
            return actor
    return None


def _body_it_continues(reg: ActorRegistry, tok):
    """ "Talks with the ministry ended; it said": else 'it' continues the last organisation, country or official
    body named."""
    if _is_impersonal_it(tok):
        return None
    return next((actor for _i, actor in reversed(reg.last_group) if _is_body(actor)), None)


# Each kind of pronoun with its rules, in order: the pronoun's word list picks the rules, and the first rule
# that finds an actor decides; none does, the pronoun stays unresolved.
PRONOUN_RULES = (
    (EN.person_pronouns, (_person_acted_on_in_sentence, _person_last_subject, _person_last_named)),
    (EN.group_pronouns, (_group_last_subject, _group_last_named)),
    (EN.author_pronouns, (statement_author,)),
    (EN.thing_pronouns, (_body_last_subject, _body_it_continues)),
)


def resolve_pronoun(reg: ActorRegistry, tok, add) -> None:
    """Add the actor a pronoun stands for (by `add`): the person or group it continues, if any."""
    rules = next((rules for words, rules in PRONOUN_RULES if tok.lower_ in words), ())
    actor = next((a for rule in rules if (a := rule(reg, tok)) is not None), None)
    if actor is not None:
        add(actor, [tok], "pronoun")
