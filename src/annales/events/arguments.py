"""Who did what to whom: the actor a token refers to, the subjects of a verb (through conjunction,
control and participles), and the other party of an agreement."""

from __future__ import annotations

from ..lang import english
from ..modality import misattached_conj
from ..model import Actor, Mention
from .state import CoderState

EN = english()  # the language's word lists (lang/en/*.yaml), loaded once per process

# An actor rule's answer that there is no actor, and no later rule is to look ("who" outside a relative clause);
# None is the answer of a rule that does not apply. Actor ids are never empty.
NOBODY = ""


def rule_name(rule) -> str:
    """A rule's name as `why` shows it: `_own_subjects` is "own subjects"."""
    return rule.__name__.strip("_").replace("_", " ")


class Arguments(CoderState):
    """The coder's rules for an event's actor and recipient (a mixin of EventCoder)."""

    def actor_of(self, tok) -> str | None:
        """The actor a token refers to: its own mention, its phrase's, or a name inside it."""
        if tok is None:
            return None
        for rule in self.ACTOR_RULES:
            found = rule(self, tok)
            if found is not None:
                if found:
                    self.actor_rule_at[tok.i] = rule_name(rule)
                return found or None  # NOBODY: a rule decided there is none
        return None

    def _other_side_of_border(self, tok) -> str | None:
        """ "near its border with Guyana": the other side of the border."""
        if tok.lemma_.lower() not in EN.border_nouns or tok.i in self.work.token_actor:
            return None
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "with":
                for p in c.children:
                    other = (self.actor_of(p) or self.place_actor(p)) if p.dep_ == "pobj" else None
                    if other:
                        return other
        return None

    def _owner_of_thing(self, tok) -> str | None:
        """ "against the government's handling of the protests": the owner of a noun that is no actor (nor an event)."""
        ta = self.work.token_actor
        if tok.pos_ != "NOUN" or tok.i in ta or self.noun_entry(tok) is not None:
            return None
        return next((ta[c.i] for c in tok.children if c.dep_ == "poss" and c.i in ta), None)

    def _relative_pronoun_antecedent(self, tok) -> str | None:
        """ "the rebels, who attacked": the noun the relative clause hangs on; none outside a relative clause."""
        if tok.lower_ not in EN.relative_pronouns or tok.tag_ not in ("WP", "WDT"):
            return None
        head = tok.head
        while head.dep_ not in ("relcl",) and head.head.i != head.i:
            head = head.head
            if head.dep_ == "relcl":
                break
        if head.dep_ == "relcl":
            return self.actor_of(head.head) or NOBODY
        return NOBODY

    def _owner_of_means(self, tok) -> str | None:
        """ "Warplanes of the Saudi-led coalition bombed a market": the owner acts."""
        if tok.lemma_.lower() not in EN.owned_heads:
            return None
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                for p in c.children:
                    if p.dep_ == "pobj":
                        owner = self.actor_of(p)
                        if owner:
                            return owner
        return None

    def _group_they_belong_to(self, tok) -> str | None:
        """ "Inmates belonging to the Los Lobos gang stabbed two guards": the gang acts."""
        for c in tok.children:
            if c.dep_ == "acl" and c.lemma_.lower() in EN.belonging_words:
                for p in c.children:
                    if p.dep_ == "prep" and p.lower_ in EN.belonging_preps:
                        owner = next((self.actor_of(o) for o in p.children if o.dep_ == "pobj"), None)
                        if owner:
                            return owner
        return None

    def _own_mention(self, tok) -> str | None:
        """ "The army said it had arrested five rebels": the actor the actors stage found at the token."""
        return self.work.token_actor.get(tok.i)

    def _named_in_apposition(self, tok) -> str | None:
        """ "the border commander in Torkham, Mullah Noor Ahmad Saqib, denied": the named one."""
        ta = self.work.token_actor
        return next((ta[c.i] for c in tok.children if c.dep_ == "appos" and c.i in ta and c.pos_ == "PROPN"), None)

    def _people_counted(self, tok) -> str | None:
        """ "Dozens of protesters demanded the resignation", "thousands of people": the people counted, or none
        when they are no actor."""
        if tok.lemma_.lower() not in EN.quantifiers and not tok.like_num:
            return None
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                for p in c.children:
                    if p.dep_ == "pobj":
                        return self.actor_of(p) or NOBODY
        return None

    def _nationals(self, tok) -> str | None:
        """ "A Palestinian man was killed", "two Kenyan women": people of a nationality are that country's
        civilians, not its government (the modifier alone named the country)."""
        if tok.lemma_.lower() not in EN.plain_person_nouns:
            return None
        for c in tok.children:
            if c.dep_ in ("amod", "compound") and c.ent_type_ == "NORP":
                iso = self.kb.country_of_word(c.text)
                if iso:
                    actor = self.reg.generic(iso, "CVL", tok.text, tok.lemma_.lower())
                    self._note_mention(actor, tok)
                    return actor.actor_id
        return None

    def _modifier_actor(self, tok) -> str | None:
        """ "Israeli strikes hit Gaza on Tuesday", "the army's offensive": the actor a modifier of the phrase names."""
        ta = self.work.token_actor
        return next(
            (ta[c.i] for c in tok.children if c.dep_ in ("compound", "amod", "poss", "nmod") and c.i in ta), None
        )

    def _compound_of_compound(self, tok) -> str | None:
        """ "European Union membership talks": the actor a compound of a compound names."""
        ta = self.work.token_actor
        for child in tok.children:
            if child.dep_ == "compound":
                for g in child.children:
                    if g.dep_ in ("compound", "poss") and g.i in ta:
                        return ta[g.i]
        return None

    def _entity_the_actors_stage_missed(self, tok) -> str | None:
        """ "Israeli strikes hit Gaza": a country or organisation named where the actors stage saw no actor."""
        if tok.ent_type_ not in ("GPE", "NORP", "ORG"):
            return None
        # the whole entity first: "Guinea" of "Equatorial Guinea" is another country
        kinds = ("country", "organization")
        ents = self.kb.lookup(_entity_text(tok), kinds=kinds) or self.kb.lookup(tok.text, kinds=kinds)
        if not ents:
            return None
        a = self.reg.from_entity(ents[0])
        self._note_mention(a, tok)
        return a.actor_id

    # The actor a token refers to, in order: the first rule that answers decides (NOBODY: no actor). The rules
    # that look through the token to another one come before its own mention where the token names a part or a
    # group of the one that acts.
    ACTOR_RULES = (
        _other_side_of_border,
        _owner_of_thing,
        _relative_pronoun_antecedent,
        _owner_of_means,
        _group_they_belong_to,
        _own_mention,
        _named_in_apposition,
        _people_counted,
        _nationals,
        _modifier_actor,
        _compound_of_compound,
        _entity_the_actors_stage_missed,
    )

    def actor_inside(self, tok) -> str | None:
        """The first actor named inside a phrase that is not itself one ('its objection to Azerbaijan hosting')."""
        places = self.work.token_place
        run = [
            c
            for c in tok.children
            if c.dep_ == "compound"
            and c.pos_ == "PROPN"
            and c.i not in places
            and c.i not in self.work.token_actor
            and c.ent_type_ not in ("GPE", "NORP", "DATE")
        ]
        if run:
            # "the Ryanair flight", "a Maersk ship": the company named in the phrase
            name = " ".join(c.text for c in run)
            actor = self.reg.get(
                f"org:{name.lower()}",
                lambda: Actor(actor_id="", name=name, kind="organization", why="organisation named as a modifier"),
            )
            for c in run:
                self._note_mention(actor, c)
            return actor.actor_id
        for t in sorted(tok.subtree, key=lambda t: t.i):
            if t.i != tok.i and t.i in self.work.token_actor and t.tag_ not in ("PRP", "PRP$"):
                self.inside_at[tok.i] = t
                return self.work.token_actor[t.i]
            if t.i != tok.i and t.i in places and places[t.i].kind == "country":
                self.inside_at[tok.i] = t
                return self.country_actor(places[t.i].country)  # "a tariff on goods imported from Mexico"
            if t.dep_ == "poss" and t.head.i == tok.i and t.i in places and places[t.i].country:
                return self.country_actor(places[t.i].country)  # "at Riyadh's main airport"
        return None

    def coordinated_inside(self, tok) -> list[str]:
        """ "condemned the strikes by the United States, Britain and France": the parties coordinated with the
        one `actor_inside` found in the phrase, each a recipient of its own (the guide's one event per pair)."""
        found = self.inside_at.get(tok.i)
        if found is None:
            return []
        while found.dep_ in ("compound", "det", "amod") and found.head.i != found.i:
            found = found.head  # "the United States": the conjuncts hang on the name's head
        ids = []
        for c in found.conjuncts:
            if c.i in self.work.token_actor and c.tag_ not in ("PRP", "PRP$"):
                ids.append(self.work.token_actor[c.i])
            elif (place := self.work.token_place.get(c.i)) is not None and place.kind == "country":
                ids.append(self.country_actor(place.country))
        return [a for a in ids if a]

    def place_actor(self, tok) -> str | None:
        """A named place as a recipient ('withdraw from Mali'): the country's actor."""
        place = self.work.token_place.get(tok.i)
        if place is None or not place.country:
            return None
        return self.country_actor(place.country)

    def country_actor(self, iso: str) -> str | None:
        """The actor id of a country (added to the article's actors), or None."""
        ents = self.kb.lookup(self.kb.country_names.get(iso, iso), kinds=("country",))
        ent = next((e for e in ents if e.country == iso), None)
        if ent is None:
            return None
        return self.listed(self.reg.from_entity(ent))

    def listed(self, actor) -> str:
        """An actor the events stage names, added to the article's actors if it is not there yet: its id."""
        if actor not in self.work.result.actors:
            self.work.result.actors.append(actor)
        return actor.actor_id

    def _note_mention(self, actor, tok) -> None:
        """Record a mention of an actor the events stage found at a token."""
        self.listed(actor)
        if not any(m.token_start <= tok.i < m.token_end for m in actor.mentions):
            actor.mentions.append(
                Mention(
                    text=tok.text,
                    start=tok.idx,
                    end=tok.idx + len(tok.text),
                    kind="name",
                    token_start=tok.i,
                    token_end=tok.i + 1,
                )
            )
        self.work.token_actor[tok.i] = actor.actor_id

    def subjects_of(self, verb) -> list:
        """Subject tokens of a verb, inherited through conjunction, control and participles."""
        node = misattached_conj(verb) or verb
        chain: list[str] = []
        for _ in range(4):
            rule, step = next(
                ((rule, s) for rule in self.SUBJECT_RULES if (s := rule(self, node)) is not None), (None, None)
            )
            if rule is None:
                return []
            chain.append(rule_name(rule))
            if isinstance(step, list):
                for s in step:
                    self.subject_rules_at[s.i] = " > ".join(chain)
                return step
            node = step
        return []

    def recipient_of(self, tok) -> str | None:
        """The recipient a token refers to: an actor, else a named place's country ("withdraw from Mali"), else
        an actor named inside the phrase."""
        found = self.actor_of(tok)
        if found:
            return found
        for name, rule in (("place actor", self.place_actor), ("actor inside", self.actor_inside)):
            found = rule(tok)
            if found:
                self.actor_rule_at[tok.i] = name
                return found
        return None

    def party_rules(self, actor_toks, recip_toks) -> str:
        """The named rules that found an event's actor and recipient, for its `why`: "; actor rules: head of
        dependent > own subjects > own mention; recipient rules: owner of thing" (the subject rules in the
        order they were followed, then the actor rule; " / " between two parties of one role)."""
        parts = []
        for role, toks, subject in (("actor", actor_toks, True), ("recipient", recip_toks, False)):
            found = [
                " > ".join(filter(None, (self.subject_rules_at.get(t.i) if subject else None, self.actor_rule_at[t.i])))
                for t in toks
                if t.i in self.actor_rule_at
            ]
            if found:
                parts.append(f"; {role} rules: " + " / ".join(dict.fromkeys(found)))
        return "".join(parts)

    def _own_subjects(self, node):
        """ "The army and the police raided": the clause's own subjects, with those coordinated with them."""
        subs = [c for c in node.children if c.dep_ in ("nsubj", "csubj")]
        if not subs:
            return None
        out = []
        for s in subs:
            out.append(s)
            out.extend(c for c in s.children if c.dep_ == "conj")
        return out

    def _object_control(self, node):
        """ "urged the rebels to end the siege", "called on the rebels to free the hostages": the object of a
        control verb does it; another verb's complement takes its verb's subject."""
        if node.dep_ != "xcomp":
            return None
        objs = [c for c in node.head.children if c.dep_ in ("dobj",)]
        if not objs:
            objs = [
                p
                for c in node.head.children
                if c.dep_ == "prep" and c.lower_ == "on"
                for p in c.children
                if p.dep_ == "pobj"
            ]
        if objs and node.head.lemma_.lower() in EN.object_control:
            return objs
        return node.head

    def _casualty_of_attack(self, node):
        """ "Gunmen ambushed a convoy near Gao, the army said, injuring four soldiers": the participle hangs on
        'said', and the gunmen injured them (the attack before the participle)."""
        if node.dep_ == "advcl" and node.tag_ == "VBG" and node.lemma_.lower() in EN.casualty_verbs:
            return self._preceding_attack(node)
        return None

    def _participle_or_purpose(self, node):
        """ "bombed the market, killing 23"; "will lead a delegation to negotiate": the main verb's subject."""
        if node.dep_ == "advcl" and (
            node.tag_ == "VBG" or any(c.lower_ == "to" and c.dep_ == "aux" for c in node.children)
        ):
            return node.head
        return None

    def _speaker_goes_on(self, node):
        """ "It said the claims were false and warned ...": 'warned' goes with 'said'; but in "X said the missile
        had struck a house and killed five", the missile killed, not X."""
        if (
            node.dep_ == "conj"
            and node.head.dep_ == "ccomp"
            and (node.lemma_.lower() in EN.speaker_acts or node.head.lemma_.lower() == "be")
            and not any(self.actor_of(c) for c in node.head.children if c.dep_ == "nsubj")
        ):
            return node.head.head
        return None

    def _conj_of_non_verb(self, node):
        """'ECOWAS condemns the "seizure of power by force" and calls for a return to civilian rule': the parser
        hung 'calls' on a word that is no verb; the subject is the nearest verb's above (none such: no subject)."""
        if node.dep_ != "conj" or node.head.pos_ in ("VERB", "AUX"):
            return None
        return next(
            (
                anc
                for anc in node.ancestors
                if anc.pos_ in ("VERB", "AUX") and any(c.dep_ == "nsubj" for c in anc.children)
            ),
            [],
        )

    def _who_has_the_plan(self, node):
        """ "Baku had no plans to recall", "announced plans to expel": who has the plan."""
        intent = (
            node.head
            if node.dep_ == "acl"
            else (node.head.head if node.dep_ == "pcomp" and node.head.pos_ == "ADP" else None)
        )
        if intent is not None and intent.lemma_.lower() in EN.intent_nouns and intent.dep_ == "dobj":
            return intent.head
        return None

    def _head_of_dependent(self, node):
        """ "The rebels observed a truce but rejected the request": a conjunct takes its head's subject;
        "supporters marching": they march; "an agreement reached": it was reached by others; a modifier or
        object clause takes its head's subject too."""
        if node.dep_ not in ("conj", "amod", "acl", "dobj", "pcomp") or node.head.i == node.i:
            return None
        if node.dep_ == "acl" and node.head.pos_ in ("NOUN", "PROPN"):
            return [node.head] if node.tag_ == "VBG" else []
        return node.head

    def _relative_clause_head(self, node):
        """ "Paramilitary groups, which are formed to fight crime": the noun a relative clause with no subject of
        its own hangs on."""
        return [node.head] if node.dep_ == "relcl" else None

    def _accused_of(self, node):
        """ "accused the army of targeting civilians": the accused is who targets."""
        if node.dep_ != "pcomp" or node.head.dep_ != "prep":
            return None
        verb = node.head.head
        if verb.pos_ in ("NOUN", "PROPN") and verb.dep_ == "dobj":
            return [verb]  # 'of' attached to the accused itself
        objs = [c for c in verb.children if c.dep_ == "dobj"]
        return objs or verb

    # Where a verb's subjects are, in order: the first rule that answers decides. A list is the subjects (empty:
    # none); a token is the node to look from next (at most four steps up); no rule answers, there are none.
    SUBJECT_RULES = (
        _own_subjects,
        _object_control,
        _casualty_of_attack,
        _participle_or_purpose,
        _speaker_goes_on,
        _conj_of_non_verb,
        _who_has_the_plan,
        _head_of_dependent,
        _relative_clause_head,
        _accused_of,
    )

    def _preceding_attack(self, tok):
        """The closest attack verb before a casualty participle in its sentence, if its head is not one."""
        head_entry, _ = self.match_verb(tok.head)
        if head_entry is not None and not head_entry.none and self.lex.plover(head_entry.cameo)[0] == "ASSAULT":
            return None
        sent = self.work.sents[self.work.sent_index[tok.i]]
        for t in reversed(list(sent)[: tok.i - sent.start]):
            if t.pos_ == "VERB":
                entry, _ = self.match_verb(t)
                if entry is not None and not entry.none and self.lex.plover(entry.cameo)[0] == "ASSAULT":
                    return t
        return None


def _entity_text(tok) -> str:
    """The text of the named entity a token is part of ("Equatorial Guinea" for "Guinea")."""
    doc, start, end = tok.doc, tok.i, tok.i + 1
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end].text
