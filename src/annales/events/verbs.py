"""Events told by a verb: lexicon patterns (verb + object, particle or preposition), passives and
headline passives, light verbs, promises of harm, prepositional recipients, reciprocal subjects."""

from __future__ import annotations

from ..lang import english
from .kinds import (
    CASUALTY_CONFIDENCE,
    CEASEFIRE_BREACH_CONFIDENCE,
    PETRARCH_VERB_CONFIDENCE,
    PLACE_RECIPIENT_TYPES,
    RECIPROCAL_CONFIDENCE,
    VERB_CONFIDENCE,
)
from .state import CoderState

EN = english()  # the language's word lists (lang/en/*.yaml), loaded once per process


def negated(tok) -> bool:
    """Whether a token has a negation ('not on Y')."""
    return any(c.dep_ == "neg" or c.lower_ in EN.verb_negators for c in tok.children)


class VerbRules(CoderState):
    """The coder's rules for events triggered by a verb (a mixin of EventCoder)."""

    @staticmethod
    def _agent_preps(tok) -> list:
        return [
            p
            for c in tok.children
            if c.dep_ == "agent"
            for o in c.children
            if o.dep_ == "pobj"
            for p in o.children
            if p.dep_ == "prep"
        ]

    def match_verb(self, tok):
        """(entry, the object the pattern matched) of the first lexicon entry of the verb that its
        object, particle or preposition fits; (None, None) when none does."""
        entries = self.lex.verbs.get(tok.lemma_.lower())
        if not entries:
            return None, None
        # 'took away 80 pupils': the parser may make the particle an adverb; right after the verb it is one
        prts = {c.lower_ for c in tok.children if c.dep_ == "prt" or (c.dep_ == "advmod" and c.i == tok.i + 1)}
        preps = {c.lower_ for c in tok.children if c.dep_ in ("prep", "agent")}
        # "a missile fired by the Houthis towards Riyadh": the parser hangs 'towards' on the agent
        preps |= {p.lower_ for p in self._agent_preps(tok)}
        # "called for a force to remain": the parser makes 'for' the mark of the clause below
        preps |= {
            m.lower_
            for c in tok.children
            if c.dep_ in ("ccomp", "advcl", "xcomp")
            for m in c.children
            if m.dep_ == "mark"
        }
        obj = next((c for c in tok.children if c.dep_ in ("dobj",)), None)
        if obj is None and tok.dep_ == "amod" and tok.head.pos_ == "NOUN":
            obj = tok.head  # "held fire" parsed as an adjective on the noun
        if obj is None:
            obj = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
        obj_words = set()
        if obj is not None:
            obj_words = {obj.lemma_.lower(), obj.lower_}
            if obj.lemma_.lower() == "state":  # "declared a state of emergency": the emergency is the object
                obj_words |= {
                    p.lemma_.lower()
                    for c in obj.children
                    if c.dep_ == "prep" and c.lower_ == "of"
                    for p in c.children
                    if p.dep_ == "pobj"
                }
        for e in entries:
            kind, _, word = e.pattern.partition(":")
            if kind == "obj":
                if word in obj_words:
                    return e, obj
            elif kind == "prep":
                if word in preps:
                    return e, None
            elif kind == "prt":
                if word in prts or word in preps:
                    return e, None
            else:
                if e.objactor and not any(self.actor_of(o) for o in tok.children if o.dep_ == "dobj"):
                    continue  # "welcomed the operation" is praise, "welcomed the president" a visit
                return e, None
        return None, None

    def casualties_of_attack(self, tok, sent) -> None:
        """'Four soldiers died when rebels shelled Gao': the attackers killed them."""
        if tok.lemma_.lower() not in EN.dying_verbs:
            return
        victims = [c for c in tok.children if c.dep_ == "nsubj"]
        for c in tok.children:
            if c.dep_ == "advcl" and any(m.lower_ in EN.attack_clause_marks for m in c.children):
                entry, _ = self.match_verb(c)
                if entry is not None and not entry.none and self.lex.plover(entry.cameo)[0] == "ASSAULT" and victims:
                    self.emit(
                        "ASSAULT",
                        None,
                        "190",
                        self.subjects_of(c),
                        victims,
                        [tok],
                        sent,
                        self.clause_tokens(tok),
                        f"'{tok.text} when ... {c.text}': killed in the attack",
                        confidence=CASUALTY_CONFIDENCE,
                        own=list(tok.subtree),
                    )
                    return

    def code_verb(self, tok, sent) -> None:
        """An event a verb reports: its lexicon entry, type and mode, then actor and recipients."""
        self.casualties_of_attack(tok, sent)
        entry, pattern_obj = self.match_verb(tok)
        if tok.dep_ == "amod" and pattern_obj is None:
            return  # "foreign-funded groups": a participle used as an adjective is not an event
        lemma = tok.lemma_.lower()
        objs = [c for c in tok.children if c.dep_ == "dobj"]
        if self.note_light_verb(tok, lemma, objs, entry, pattern_obj):
            return
        if entry is None or entry.none:
            return
        if not self.verb_entry_applies(tok, entry, objs):
            return
        typed = self.verb_event_type(tok, lemma, entry)
        if typed is None:
            return
        cameo, etype, mode = typed
        if pattern_obj is not None:
            self.consumed.add(pattern_obj.i)
        passive, subj_pass, reduced_relative = self.verb_voice(tok, lemma, objs)
        default_actor = None
        if passive:
            actor_toks, recip_toks, default_actor = self.passive_arguments(
                tok, entry, pattern_obj, subj_pass, reduced_relative
            )
        else:
            actor_toks, recip_toks = self.active_arguments(tok, entry, pattern_obj, objs)
        recip_toks = self.verb_recipients(tok, entry, etype, passive, pattern_obj, objs, recip_toks)
        if entry.swap:
            actor_toks, recip_toks = recip_toks, actor_toks
        if self.reciprocal_subjects(tok, lemma, etype, mode, cameo, actor_toks, sent):
            return
        trigger_toks = (
            [tok] + [c for c in tok.children if c.dep_ == "prt"] + ([pattern_obj] if pattern_obj is not None else [])
        )
        clause = self.clause_tokens(tok)
        why = (
            f"verb '{lemma}'"
            + (f" + {entry.pattern}" if entry.pattern else "")
            + f" -> CAMEO {cameo} ({entry.source} lexicon)"
        )
        self.emit(
            etype,
            mode,
            cameo,
            actor_toks,
            recip_toks,
            trigger_toks,
            sent,
            clause,
            why + ("; actor: the story's police (an arrest with no agent named)" if default_actor else ""),
            confidence=VERB_CONFIDENCE if entry.source == "annales" else PETRARCH_VERB_CONFIDENCE,
            place_recipient=etype in PLACE_RECIPIENT_TYPES,
            dyadic_only=entry.source == "PETRARCH" and not entry.pattern,
            actor_ids=[default_actor] if default_actor else None,
        )
        if entry.cameo == "0871":
            self.negated_ceasefire(tok, pattern_obj, actor_toks, sent, clause, entry)

    def note_light_verb(self, tok, lemma, objs, entry, pattern_obj) -> bool:
        """'launched an attack', 'called for talks': the event noun takes this verb's subject and effect
        (noted for code_noun); True when the noun, not the verb, is the event."""
        prts = [c.lower_ for c in tok.children if c.dep_ in ("prt",)]
        preps = [c.lower_ for c in tok.children if c.dep_ == "prep"]
        light, noun_preps = None, EN.light_noun_preps
        for p in prts + preps + [""]:
            if (lemma, p) in self.lex.light:
                light = self.lex.light[(lemma, p)]
                noun_preps = noun_preps | {p}  # "came under attack": the noun hangs on the verb's preposition
                break
        if light is None and lemma in EN.call_for_verbs and any(c.lower_ == "for" for c in tok.children):
            light = self.lex.light.get((lemma, "for"))
        heads = [tok]
        if light is None and lemma == "be":  # "the base was the target of an attack by jihadists"
            heads = [c for c in tok.children if c.dep_ == "attr" and c.lemma_.lower() in EN.target_nouns]
            light, noun_preps = ("suffered", frozenset({"of"})) if heads else (None, noun_preps)
        if light and pattern_obj is None:
            nouns = [o for o in objs if self.noun_entry(o)]
            nouns += [
                p
                for h in heads
                for c in h.children
                if c.dep_ == "prep" and c.lower_ in noun_preps
                for p in c.children
                if p.dep_ == "pobj" and self.noun_entry(p)
            ]
            if nouns:
                for n in nouns:
                    self.light_of[n.i] = (tok, light)
                if light in ("transparent", "planned", "suffered") or entry is None or entry.none:
                    return True
        return False

    def verb_entry_applies(self, tok, entry, objs) -> bool:
        """Whether the sentence gives the entry what it needs (an object, an actor as object), and is not blame."""
        if entry.needobj and not objs:
            return False  # "hands over to his successor": no territory or prisoners handed, no event
        if any(
            c.dep_ in ("oprd", "acomp", "xcomp", "ccomp") and c.lemma_.lower() in EN.blame_words
            for t in [tok] + objs
            for c in t.children
        ):
            return False  # "hold Iran accountable", "held the army responsible": blame, not detention
        if entry.objactor and not any(self.actor_of(o) for o in objs):
            return False  # "received a letter": not a visit
        if tok.lemma_.lower() in EN.yielding_verbs and any(
            c.dep_ == "prep" and any(p.lemma_.lower() in EN.injury_nouns for p in c.children) for c in tok.children
        ):
            return False  # "succumbed to his wounds": he died; no one conceded
        return True

    @staticmethod
    def has_infinitive_below(tok) -> bool:
        """Whether a to-infinitive hangs below the verb ('called on the bandits still holding hostages to release
        them': the parser may put the clause under the addressee rather than under 'called')."""
        return any(
            t.pos_ in ("VERB", "AUX")
            and t.dep_ in ("xcomp", "ccomp", "advcl", "acl", "relcl")
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children)
            for t in tok.subtree
            if t.i > tok.i
        )

    def verb_event_type(self, tok, lemma, entry):
        """(CAMEO code, PLOVER type, mode) of the verb's event, or None when it maps to no type."""
        cameo = entry.cameo
        if (
            lemma == "call"
            and entry.pattern in ("prep:on", "prt:on")
            and not any(c.dep_ in ("xcomp", "ccomp") for c in tok.children)
            and not self.has_infinitive_below(tok)
        ):
            cameo = "042"  # "called on the Chinese leader": a visit; "called on X to ..." is a request
        etype, mode = self.lex.plover(cameo)
        if entry.plover:
            etype, _, mode = entry.plover.partition("/")
            mode = mode or None
        if etype is None:
            return None
        if etype == "AGREE" and lemma in EN.promise_verbs:
            # "vowed to retaliate", "promised to punish the attackers": a promise of harm is a threat
            x = next((c for c in tok.children if c.dep_ == "xcomp" and c.pos_ == "VERB"), None)
            xentry = self.match_verb(x)[0] if x is not None else None
            xtype = self.lex.plover(xentry.cameo)[0] if xentry is not None and not xentry.none else None
            if xtype is not None and xtype in EN.threats:
                cameo = EN.threats[xtype].cameo
                etype, mode = self.lex.plover(cameo)
        return cameo, etype, mode

    @staticmethod
    def verb_voice(tok, lemma, objs):
        """(passive, the dependencies of its undergoer, reduced relative) of a verb, headline passives included."""
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children) or (
            tok.dep_ == "acl" and tok.tag_ == "VBN" and any(c.dep_ == "agent" for c in tok.children)
        )  # "a missile fired by X"
        headline_passive = (
            not passive
            and lemma in EN.headline_passive
            and not objs
            and any(c.dep_ == "nsubj" for c in tok.children)
            and (
                any(c.dep_ == "prep" and c.lower_ in EN.headline_passive_preps for c in tok.children)
                or (tok.tag_ in ("VBD", "VBN") and _ends_its_sentence(tok))
            )
        )
        # "Fourteen inmates killed in Ecuador prison riot", "Gangs storm police station, three officers killed": a
        # headline drops 'were'; killing takes an object, and with none after it its subject was killed
        passive = passive or headline_passive
        subj_pass = ("nsubjpass", "nsubj") if headline_passive else ("nsubjpass",)
        # "inmates killed in the riot", "a journalist detained in May": the participle's noun undergoes it
        reduced_relative = (
            tok.dep_ == "acl"
            and tok.tag_ == "VBN"
            and tok.head.pos_ in ("NOUN", "PROPN")
            and lemma in EN.headline_passive
        )
        passive = passive or reduced_relative
        return passive, subj_pass, reduced_relative

    def passive_arguments(self, tok, entry, pattern_obj, subj_pass, reduced_relative):
        """(actor tokens, recipient tokens, default actor id) of a passive verb."""
        default_actor = None
        actor_toks = []
        recip_toks = []
        po = pattern_obj.i if pattern_obj is not None else -1
        recip_toks = [c for c in tok.children if c.dep_ in subj_pass and c.i != po]
        if reduced_relative and not recip_toks:
            recip_toks = [tok.head]
        if not recip_toks and tok.dep_ == "conj":
            # "He was arrested in November and has been indicted": the same person
            recip_toks = [c for c in tok.head.children if c.dep_ == "nsubjpass"]
        for c in tok.children:
            if c.dep_ == "agent":
                actor_toks += [p for p in c.children if p.dep_ == "pobj"]
        if not actor_toks and self.lex.plover(entry.cameo)[0] == "MOBILIZE":
            # "Riot police were deployed in Kibera": the forces deployed are the side that mobilizes
            return recip_toks, [], None
        if not actor_toks and self.lex.plover(entry.cameo)[0] == "COERCE" and entry.cameo.startswith("173"):
            # "17 people were arrested": arrests are the police's, when the story has police
            cop = [
                a
                for a in self.work.result.actors
                if a.sector == "COP" and a.kind != "person" and any(m.start < tok.idx for m in a.mentions)
            ]
            if cop:
                default_actor = cop[-1].actor_id
            elif self.work.main_country:
                # no police named before: the police of the country the story is about (its generic agent)
                default_actor = self.listed(self.reg.generic(self.work.main_country, "COP", "police", "police"))
        if not actor_toks and not default_actor and entry.cameo.startswith("0841"):
            default_actor = self._holder()
        if not actor_toks:
            # "14 civilians were killed when warplanes of X struck a market": X did it
            for c in tok.children:
                if (
                    c.dep_ == "advcl"
                    and any(m.lower_ in EN.attack_clause_marks for m in c.children)
                    and c.lemma_.lower() in self.lex.verbs
                ):
                    actor_toks = self.subjects_of(c)
                    break
        return actor_toks, recip_toks, default_actor

    def _holder(self) -> str | None:
        """ "Four people were arrested ... and released later in the day": who releases people the text does not
        say is whoever last arrested or detained someone in the story, else the state of the story's country."""
        held = [e for e in self.events if e.type == "COERCE" and e.actor and str(e.cameo).startswith(("173", "174"))]
        if held:
            return held[-1].actor
        return self.country_actor(self.work.main_country) if self.work.main_country else None

    def active_arguments(self, tok, entry, pattern_obj, objs):
        """(actor tokens, recipient tokens) of an active verb: its subjects, its objects and datives."""
        actor_toks = self.subjects_of(tok)
        po = pattern_obj.i if pattern_obj is not None else -1
        recip_toks = [] if entry.topic else [o for o in objs if o.i != po]
        recip_toks += [c for c in tok.children if c.dep_ in ("dative",) and c.pos_ in ("PROPN", "NOUN", "PRON")]
        if not recip_toks:  # "offered an amnesty to the rebels" ('to' parsed as a dative)
            recip_toks += [
                p
                for c in tok.children
                if c.dep_ == "dative" and c.lower_ == "to"
                for p in c.children
                if p.dep_ == "pobj"
            ]
        return actor_toks, recip_toks

    def verb_recipients(self, tok, entry, etype, passive, pattern_obj, objs, recip_toks) -> list:
        """The recipients, by the first rule that finds some: prepositions of the entry, the owner of the
        object acted on, a message's addressee, the subject of a condition or demand, a plan's target."""
        by_prep = entry.pattern.startswith("prep:") and entry.pattern[5:] in entry.recipient_preps
        held = recip_toks
        if by_prep and not passive:
            # "fired a missile at Riyadh's airport": the target is the 'at', the object is the weapon
            recip_toks = []
        if not recip_toks:
            recip_toks = self._preposition_recipients(tok, entry, pattern_obj, objs)
        if by_prep and not passive and not recip_toks:
            recip_toks = held
        if not recip_toks and not passive:
            recip_toks = next(
                (
                    found
                    for rule in self.IMPLIED_RECIPIENT_RULES
                    if (found := rule(self, tok, entry, etype, pattern_obj))
                ),
                [],
            )
        # "We thank ECOWAS, the African Union, the United Nations and our partners": the parser hangs the list's
        # second item on the verb ('dep'), the rest coordinated with it
        recip_toks += [
            c
            for c in tok.children
            if c.dep_ == "dep" and c.pos_ in ("PROPN", "NOUN") and recip_toks and recip_toks[0].i < c.i
        ]
        # "rejected calls from the opposition, the families and the unions": every one coordinated with a recipient
        recip_toks += [
            c
            for c in dict.fromkeys(c for r in recip_toks for c in r.conjuncts)
            if c.pos_ in ("PROPN", "NOUN") and c not in recip_toks
        ]
        if recip_toks and not passive and not any(self.actor_of(r) or self.place_actor(r) for r in recip_toks):
            # "turned down the organisers' request": the owner of what was rejected, criticised, ...
            owners = [c for r in recip_toks for c in r.children if c.dep_ == "poss" and self.actor_of(c)]
            recip_toks = owners or recip_toks
        return recip_toks

    def _preposition_recipients(self, tok, entry, pattern_obj, objs) -> list:
        """ "met with X", "fired at Riyadh": the objects of the entry's recipient prepositions on the verb, its
        pattern's object or (a topic entry) what is offered ("offered an amnesty to the rebels"); "with X in Paris
        and with Y in Bamako": coordinated prepositions too."""
        prep_hosts = [tok] + ([pattern_obj] if pattern_obj is not None else [])
        if entry.topic:
            prep_hosts += objs  # "offered an amnesty to the rebels": 'to' hangs on what is offered
        found = []
        for host in prep_hosts:
            for c in list(host.children) + (self._agent_preps(tok) if host is tok else []):
                if c.dep_ == "prep" and c.lower_ in entry.recipient_preps:
                    found += [p for p in c.children if p.dep_ == "pobj"]
                    for conj in c.children:
                        if conj.dep_ == "conj" and conj.lower_ == c.lower_ and not negated(conj):
                            found += [p for p in conj.children if p.dep_ == "pobj"]
        return found

    def _owner_of_acted_on(self, tok, entry, etype, pattern_obj) -> list:
        """ "closed Yemen's ports", "expelled Russia's diplomats": the owner of what was acted on."""
        return [c for c in pattern_obj.children if c.dep_ == "poss"] if pattern_obj is not None else []

    def _message_addressee(self, tok, entry, etype, pattern_obj) -> list:
        """ "in a letter to Trump, he called for dialogue": the addressee of the message."""
        found = []
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in EN.message_preps:
                for p in c.children:
                    if p.dep_ == "pobj" and p.lemma_.lower() in EN.message_nouns:
                        found += [
                            q
                            for pp in p.children
                            if pp.dep_ == "prep" and pp.lower_ == "to"
                            for q in pp.children
                            if q.dep_ == "pobj"
                        ]
        return found

    def _subject_of_condition(self, tok, entry, etype, pattern_obj) -> list:
        """ "warned that Tehran would retaliate if Albania acted": the one the threat's condition is about."""
        if etype != "THREATEN":
            return []
        condition = next(
            (x for x in tok.subtree if x.dep_ == "advcl" and any(m.lower_ in EN.condition_marks for m in x.children)),
            None,
        )
        return [s for s in condition.children if s.dep_ in ("nsubj", "nsubjpass")] if condition is not None else []

    def _one_asked_to_act(self, tok, entry, etype, pattern_obj) -> list:
        """ "demanded that Beijing pull its ships out": the one asked to act."""
        if etype not in ("REQUEST", "THREATEN", "ACCUSE", "ASSAULT", "COERCE"):
            return []
        return [s for x in tok.children if x.dep_ == "ccomp" for s in x.children if s.dep_ in ("nsubj",)]

    def _protest_target(self, tok, entry, etype, pattern_obj) -> list:
        """ "marching to demand the dismissal of the chief of the election board": the target of the protest."""
        if etype != "PROTEST":
            return []
        for x in tok.children:
            if x.dep_ in ("advcl", "xcomp") and any(c.lower_ == "to" for c in x.children):
                found = self.actor_inside(x)
                if found:
                    return [t for t in x.subtree if self.work.token_actor.get(t.i) == found][:1]
        return []

    def _target_of_plan(self, tok, entry, etype, pattern_obj) -> list:
        """ "threatened to expel the ambassador", "vowed to punish the rebels", "vowed to retaliate against the
        militants": the target of the plan."""
        if etype not in ("THREATEN", "REQUEST", "AGREE", "ASSAULT", "COERCE", "SANCTION"):
            return []
        found = []
        for x in tok.children:
            if x.dep_ == "xcomp":
                found += [o for o in x.children if o.dep_ == "dobj"]
                if not found:  # "vowed to retaliate against the militants"
                    xentry = self.match_verb(x)[0]
                    found += [
                        p
                        for c in x.children
                        if c.dep_ == "prep" and xentry is not None and c.lower_ in xentry.recipient_preps
                        for p in c.children
                        if p.dep_ == "pobj"
                    ]
        return found

    # The recipients an active verb implies when no preposition names them, in order: the first rule that
    # finds some decides.
    IMPLIED_RECIPIENT_RULES = (
        _owner_of_acted_on,
        _message_addressee,
        _subject_of_condition,
        _one_asked_to_act,
        _protest_target,
        _target_of_plan,
    )

    def reciprocal_subjects(self, tok, lemma, etype, mode, cameo, actor_toks, sent) -> bool:
        """'the government and the Houthis agreed to ...': each agreed with the other; True when emitted."""
        if (
            lemma in EN.mutual_verbs
            and len(actor_toks) >= 2
            and not any(c.dep_ == "prep" and c.lower_ == "with" for c in tok.children)
        ):
            ids = list(dict.fromkeys(a for a in (self.actor_of(t) for t in actor_toks) if a))
            if len(ids) >= 2:
                for a in ids:
                    for r in ids:
                        if a != r:
                            self.emit(
                                etype,
                                mode,
                                cameo,
                                [],
                                [],
                                [tok],
                                sent,
                                self.clause_tokens(tok),
                                f"verb '{lemma}' -> CAMEO {cameo}; reciprocal: the conjoined subjects",
                                confidence=RECIPROCAL_CONFIDENCE,
                                actor_ids=[a],
                                recip_ids=[r],
                            )
                return True
        return False

    def negated_ceasefire(self, tok, obj, actor_toks, sent, clause, entry) -> None:
        """'held fire on X but not on Y': fire was not held on Y, so the fighting against Y goes on."""
        hosts = [tok, tok.head, tok.head.head] + ([obj] if obj is not None else [])
        for host in hosts:
            for c in host.children:
                if c.dep_ in ("conj", "prep") and c.lower_ in entry.recipient_preps and negated(c):
                    targets = [p for p in c.children if p.dep_ == "pobj"]
                    if targets:
                        self.emit(
                            "ASSAULT",
                            None,
                            "190",
                            actor_toks,
                            targets,
                            [tok, c],
                            sent,
                            clause,
                            f"'{tok.text} {obj.text if obj is not None else ''}' negated for '{targets[0].text}': "
                            "no ceasefire towards them, so attacks continue",
                            confidence=CEASEFIRE_BREACH_CONFIDENCE,
                            modality="asserted",
                        )
                        return


def _ends_its_sentence(tok) -> bool:
    """Nothing but punctuation follows the word in its sentence."""
    return all(t.is_punct or t.is_space for t in tok.doc[tok.i + 1 : tok.sent.end])
