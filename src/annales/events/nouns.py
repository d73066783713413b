"""Events told by a noun: 'the attack on X', 'Russia's invasion', light verbs ('launched an attack'),
framed events ('under a February agreement')."""

from __future__ import annotations

from ..actors.codes import cameo_code
from ..lang import english
from ..model import Actor
from .kinds import BILATERAL_TYPES, NOUN_CONFIDENCE, PLACE_RECIPIENT_TYPES
from .state import CoderState

EN = english()  # the language's word lists (lang/en/*.yaml), loaded once per process

# What a light verb says of the event noun it governs (data/events/light_verbs.tsv) -> the event's modality.
LIGHT_MODALITY = {
    "transparent": None,
    "planned": "planned",
    "demanded": "demanded",
    "denied": "denied",
    "hypothetical": "hypothetical",
    "negated": "negated",
    "suffered": None,  # the verb's subject is the event's recipient ("came under attack")
}


class NounRules(CoderState):
    """The coder's rules for events triggered by a noun (a mixin of EventCoder)."""

    def noun_entry(self, tok):
        """The lexicon entry of an event noun ('air strike', 'invasion'), or None."""
        if tok.pos_ not in ("NOUN", "PROPN") and not gerund_as_noun(tok):
            return None
        compounds = [c.lower_ for c in tok.children if c.dep_ in ("compound", "amod")]
        for c in compounds:
            e = self.lex.nouns.get(f"{c} {tok.lemma_.lower()}")
            if e:
                return e
        return self.lex.nouns.get(tok.lemma_.lower()) or self.lex.nouns.get(tok.lower_)

    def code_noun(self, tok, sent) -> None:
        """An event a noun reports: its entry, its actor and recipient from the phrase, a light verb, the
        clause it is framed by or the story's protesters; a bare mention of a kind of event is none."""
        entry = self.noun_entry(tok)
        if entry is None or tok.i in self.consumed:
            return
        etype, mode = self.lex.plover(entry.cameo)
        if etype is None:
            return
        actor_toks, recip_toks = self.noun_arguments(tok, entry)
        light = self.light_of.get(tok.i)
        modality = None
        if light is not None:
            lit = self.light_verb_arguments(tok, entry, etype, mode, light, actor_toks, recip_toks)
            if lit is None:
                return
            entry, etype, mode, actor_toks, recip_toks, modality = lit
        actor_ids = [a for a in (self.actor_of(t) for t in actor_toks) if a]
        recip_ids = [
            a for a in (self.actor_of(t) or self.place_actor(t) or self.actor_inside(t) for t in recip_toks) if a
        ]
        for t in tok.subtree:
            if (
                t.i != tok.i
                and self.noun_entry(t)
                and t.dep_ == "pobj"
                and t.head.head.i == tok.i
                and t.head.lower_ == "of"
            ):
                self.consumed.add(t.i)  # "suspension of talks": the talks are what is suspended
        own_timex = any(t.i in self.timex_at for t in tok.subtree)
        if not actor_ids and etype == "PROTEST" and light is None:
            actor_ids = self.story_protesters(tok)
        framed = _framed(tok, etype)
        if not actor_ids and light is None and (own_timex or framed):
            actor_toks, actor_ids = self.framing_clause_parties(tok, actor_toks, actor_ids)
        if not actor_ids and not recip_ids:
            return
        if not actor_ids and etype not in ("ASSAULT", "COERCE") and light is None:
            return
        if light is None and not recip_ids and not own_timex and etype not in PLACE_RECIPIENT_TYPES | BILATERAL_TYPES:
            return  # a bare mention of a kind of event ('the war', 'attacks') is not a report of one
        clause = self.clause_tokens(tok.head if tok.dep_ in ("dobj", "pobj") else tok)
        why = f"event noun '{tok.lemma_.lower()}' -> CAMEO {entry.cameo}" + (
            f"; actor from the light verb '{light[0].lemma_}'" if light else ""
        )
        self.emit(
            etype,
            mode,
            entry.cameo,
            actor_toks,
            recip_toks,
            [tok],
            sent,
            clause,
            why,
            confidence=NOUN_CONFIDENCE,
            modality=modality,
            place_recipient=etype in PLACE_RECIPIENT_TYPES,
            own=list(tok.subtree),
            actor_ids=actor_ids,
            recip_ids=recip_ids,
            own_timex_ok=own_timex or framed,
        )

    def noun_arguments(self, tok, entry):
        """(actor tokens, recipient tokens) from the noun's phrase: its possessor and actor modifiers
        ("Russia's invasion", "Israeli strikes"), 'between X and Y', and the entry's prepositions."""
        actor_toks, recip_toks = [], []
        subtree = [t for t in self.clause_tokens(tok)]
        for c in tok.children:  # "exercises involving 5,600 troops near the border": the participle is the noun's
            if c.dep_ == "acl" and c.tag_ in ("VBG", "VBN"):
                subtree += self.clause_tokens(c)
        for c in tok.children:
            if c.dep_ == "poss":
                actor_toks.append(c)
            elif c.dep_ in ("compound", "amod", "nmod") and (
                c.i in self.work.token_actor or c.ent_type_ in ("GPE", "NORP", "ORG")
            ):
                if self.actor_of(c):
                    actor_toks.append(c)
        if "compound" in entry.recipient_preps:
            recip_toks += [c for c in tok.children if c.dep_ == "compound" and c.ent_type_ in ("GPE", "ORG")]
        for t in subtree:
            if (
                t.dep_ == "prep"
                and t.head.i == tok.i
                or (t.dep_ == "prep" and t.head in subtree and (t.head.pos_ == "NOUN" or t.head.dep_ == "acl"))
            ):
                pobjs = [
                    p
                    for p in t.children
                    if p.dep_ == "pobj" and p.i not in self.timex_at and p.ent_type_ not in ("DATE", "TIME", "CARDINAL")
                ]
                if t.lower_ == "between" and pobjs:
                    first = pobjs[0]
                    actor_toks.append(first)
                    recip_toks += [c for c in first.children if c.dep_ == "conj"]
                elif t.lower_ in entry.actor_preps and t.head.i == tok.i:
                    actor_toks += pobjs
                elif t.lower_ in entry.recipient_preps:
                    recip_toks += pobjs
        return actor_toks, recip_toks

    def light_verb_arguments(self, tok, entry, etype, mode, light, actor_toks, recip_toks):
        """(entry, type, mode, actor tokens, recipient tokens, modality) of a noun under a light verb
        ('launched an attack on X'), or None when the verb denies an accusation (coded from the verb)."""
        if light[0].lemma_.lower() in EN.lodging_verbs and tok.lemma_.lower() in EN.complaint_nouns:
            entry = self.lex.nouns.get("formal protest") or entry  # "lodged a protest with China": diplomatic
            etype, mode = self.lex.plover(entry.cameo)
            recip_toks = recip_toks or [
                p
                for c in tok.children
                if c.dep_ == "prep" and c.lower_ in EN.complaint_preps
                for p in c.children
                if p.dep_ == "pobj"
            ]
        verb, effect = light
        if effect == "denied" and etype == "ACCUSE":
            return None  # "denied the accusations": the denier rejects them (coded from the verb), not accuses
        if effect == "suffered":  # "came under attack by the rebels": the actor from the noun or the verb's "by"
            actor_toks = actor_toks or [
                p for c in verb.children if c.lower_ == "by" for p in c.children if p.dep_ == "pobj"
            ]
            return entry, etype, mode, actor_toks, recip_toks or self.subjects_of(verb), None
        if not any(self.actor_of(t) for t in actor_toks):
            actor_toks = self.subjects_of(verb)
        if not recip_toks:
            # "hit Belarus with sanctions": the light verb's object is the target; "opened an
            # investigation into the judge": the noun's preposition hung on the verb
            recip_toks = [o for o in verb.children if o.dep_ in ("dobj", "dative") and o.i != tok.i]
            recip_toks += [
                p
                for c in verb.children
                if c.dep_ == "prep" and c.lower_ in entry.recipient_preps
                for p in c.children
                if p.dep_ == "pobj"
            ]
        return entry, etype, mode, actor_toks, recip_toks, LIGHT_MODALITY.get(effect)

    def story_protesters(self, tok) -> list[str]:
        """Demonstrations with no one named: the article's protesters named before (civilians first), else
        the protesters of the story's country."""
        before = [
            (max(m.start for m in a.mentions if m.start < tok.idx), a.sector == "CVL", a)
            for a in self.work.result.actors
            if a.sector in ("CVL", "OPP") and any(m.start < tok.idx for m in a.mentions)
        ]
        if before:
            return [max(before, key=lambda x: (x[1], x[0]))[2].actor_id]
        if not self.work.main_country:
            return []
        iso = self.work.main_country
        prot = self.reg.get(
            f"agent:{iso}:CVL",
            lambda: Actor(
                actor_id="",
                name=EN.sector_names["CVL"].format(c=self.kb.country_names.get(iso, iso)),
                country=iso,
                sector="CVL",
                code=cameo_code(iso, "CVL"),
                kind="group",
                why="protesters of the story's country",
            ),
        )
        return [self.listed(prot)]

    def framing_clause_parties(self, tok, actor_toks, actor_ids):
        """(actor tokens, actor ids): "Under a February 29 agreement reached in Doha, the United States ...":
        the parties are the subjects of the clause the noun sits in (unchanged when there is none)."""
        gov = tok.head
        while gov.pos_ not in ("VERB", "AUX") and gov.head.i != gov.i:
            gov = gov.head
        if gov.pos_ in ("VERB", "AUX") and tok.dep_ not in ("nsubj", "nsubjpass"):
            actor_toks = self.subjects_of(gov)
            actor_ids = [a for a in (self.actor_of(t) for t in actor_toks) if a]
        return actor_toks, actor_ids


def _framed(tok, etype) -> bool:
    """'under a February agreement', 'after 10 days of talks': an event the sentence is framed by; 'agreed at a
    flag meeting': the meeting the clause's parties held."""
    return (
        etype != "PROTEST"
        and tok.dep_ == "pobj"
        and tok.head.lower_ in EN.framing_preps
        or (etype == "CONSULT" and tok.dep_ == "pobj" and tok.head.lower_ in EN.setting_preps)
        or (
            tok.dep_ == "pobj"
            and tok.head.lower_ == "of"
            and tok.head.head.dep_ == "pobj"
            and tok.head.head.head.lower_ in EN.framing_period_preps
        )
    )


def gerund_as_noun(tok) -> bool:
    """ "Fighting between the army and the rebels left 17 dead": a gerund with no object or subject of its own,
    standing where a noun would, is read as its noun."""
    return (
        tok.tag_ == "VBG"
        and tok.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj")
        and not any(c.dep_ in ("dobj", "nsubj", "nsubjpass", "aux") for c in tok.children)
    )
