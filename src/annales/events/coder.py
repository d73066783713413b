"""The events stage: find each event in each sentence, code it (CAMEO, then PLOVER type and mode) and
take its actor and recipient from the grammar: subjects and objects, passives, prepositional roles,
nominal events, light verbs ('ordered a reduction'), relative clauses and control ('pressed X to ...').
"""

from __future__ import annotations

from ..modality import INTENT_NOUNS, misattached_conj
from ..model import Event
from ..speech import NOT_A_PARTY, SPEAKER_ACTS
from . import lexicon

CLAUSE_DEPS = {"ccomp", "advcl", "relcl", "csubj", "parataxis"}
RELATIVE_PRONOUNS = {"who", "whom", "which", "that", "whose"}
LOCATIVE = {"in", "at", "near", "inside", "outside"}
BILATERAL_TYPES = {"CONSULT", "SUPPORT", "AGREE", "COOPERATE"}
NEEDS_RECIPIENT = {"CONSULT"}
# Recipients a withdrawal or reduction implies when the text names none: the place withdrawn from.
PLACE_RECIPIENT_TYPES = {"RETREAT", "CONCEDE", "MOBILIZE"}
OWNED_HEADS = {"warplane", "jet", "plane", "aircraft", "drone", "troop", "force", "soldier", "fighter", "member",
               "unit", "ship", "warship", "vessel", "boat", "tank", "gunboat", "police", "officer", "agent", "supporter",
               "representative"}
# "pressed the rebels to end the siege": the object does the second verb (not "used water cannon to ...")
OBJECT_CONTROL = {"press", "urge", "ask", "force", "order", "call", "persuade", "tell", "encourage", "allow", "help",
                  "invite", "warn", "push", "pressure", "compel", "instruct", "request", "permit", "enable", "lead"}
EVIDENCE_VERBS = {"release", "publish", "present", "show", "produce", "circulate", "post", "air", "broadcast"}
EVIDENCE_NOUNS = {"video", "footage", "evidence", "image", "photo", "photograph", "picture", "recording", "document",
                  "tape", "intelligence"}
# Words by which a speaker dismisses what others say of them.
DISMISSIVE = ("without evidence", "without a shred of evidence", "without any evidence", "baseless", "unfounded",
              "groundless", "false accusation", "fabricat", "jumped to blame", "lies")
MESSAGE_NOUNS = {"letter", "message", "statement", "call", "speech", "note", "telephone", "phone", "address", "video"}
CASUALTY_VERBS = {"kill", "injure", "wound", "hurt", "maim"}
# Promises of harm are threats: the CAMEO threat code for the kind of harm promised.
PROMISE_VERBS = {"vow", "promise", "pledge", "swear"}
THREAT_OF = {"ASSAULT": "138", "MOBILIZE": "138", "COERCE": "132", "SANCTION": "1312"}
# Transitive verbs read as passive when they have a subject, no object and a place or time after them
# ("Fourteen inmates killed in prison riot", "Two soldiers wounded near border").
HEADLINE_PASSIVE = CASUALTY_VERBS | {"arrest", "detain", "abduct", "kidnap", "jail", "free", "release", "execute"}
# Verbs whose conjoined subjects act on each other: "X and Y agreed", "X and Y clashed".
MUTUAL_VERBS = {"agree", "meet", "sign", "negotiate", "talk", "consult", "discuss", "cooperate", "reconcile",
                "clash", "fight", "exchange", "swap"}
QUANTIFIERS = {"thousand", "thousands", "hundred", "hundreds", "dozen", "dozens", "scores", "number", "crowd",
               "group", "million", "millions", "tens"}


class EventCoder:
    """Codes the events of one article (one `Work`)."""

    def __init__(self, work):
        self.work = work
        self.doc = work.doc
        self.lex = lexicon.load()
        self.reg = work.registry
        self.kb = work.kb
        self.consumed: set[int] = set()
        self.light_of: dict[int, tuple] = {}  # noun token -> (light verb token, effect)
        self.events: list[Event] = []
        self.timex_at: dict[int, object] = {}
        for first, last, tx in work.timex_tokens:
            for i in range(first, last + 1):
                self.timex_at[i] = tx

    # -- actors ---------------------------------------------------------------------------------------
    def actor_of(self, tok) -> str | None:
        """The actor a token refers to: its own mention, its phrase's, or a name inside it."""
        if tok is None:
            return None
        if tok.lemma_.lower() in ("border", "frontier", "boundary") and tok.i not in self.work.token_actor:
            # "near its border with Guyana": the other side of the border
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ == "with":
                    for p in c.children:
                        other = (self.actor_of(p) or self.place_actor(p)) if p.dep_ == "pobj" else None
                        if other:
                            return other
        if tok.pos_ == "NOUN" and tok.i not in self.work.token_actor and self.noun_entry(tok) is None:
            # "against the government's suspension of ...": the owner of a non-actor noun
            for c in tok.children:
                if c.dep_ == "poss" and c.i in self.work.token_actor:
                    return self.work.token_actor[c.i]
        if tok.lower_ in RELATIVE_PRONOUNS and tok.tag_ in ("WP", "WDT") :
            head = tok.head
            while head.dep_ not in ("relcl",) and head.head.i != head.i:
                head = head.head
                if head.dep_ == "relcl":
                    break
            if head.dep_ == "relcl":
                return self.actor_of(head.head)
            return None
        ta = self.work.token_actor
        if tok.lemma_.lower() in OWNED_HEADS:
            # "warplanes of the Saudi-led coalition": the owner acts
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ == "of":
                    for p in c.children:
                        if p.dep_ == "pobj":
                            owner = self.actor_of(p)
                            if owner:
                                return owner
        for c in tok.children:
            # "prisoners belonging to the Los Lobos gang": the gang acts
            if c.dep_ == "acl" and c.lemma_.lower() in ("belong", "loyal", "affiliate", "link"):
                for p in c.children:
                    if p.dep_ == "prep" and p.lower_ in ("to", "with"):
                        owner = next((self.actor_of(o) for o in p.children if o.dep_ == "pobj"), None)
                        if owner:
                            return owner
        if tok.i in ta:
            return ta[tok.i]
        for c in tok.children:
            # "the district governor in Spin Boldak, Mullah Abdul Rahim Akhund, denied": the named one
            if c.dep_ == "appos" and c.i in ta and c.pos_ == "PROPN":
                return ta[c.i]
        if tok.lemma_.lower() in QUANTIFIERS or tok.like_num:
            # "thousands of people", "dozens of protesters": the people counted
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ == "of":
                    for p in c.children:
                        if p.dep_ == "pobj":
                            return self.actor_of(p)
        for child in tok.children:
            if child.dep_ in ("compound", "amod", "poss", "nmod") and child.i in ta:
                return ta[child.i]
        for child in tok.children:  # "European Union membership talks": a compound of a compound
            if child.dep_ == "compound":
                for g in child.children:
                    if g.dep_ in ("compound", "poss") and g.i in ta:
                        return ta[g.i]
        # a country or organisation named where the actors stage saw no actor ("Israeli strikes")
        if tok.ent_type_ in ("GPE", "NORP", "ORG"):
            ents = self.kb.lookup(tok.text, kinds=("country", "organization"))
            if ents:
                a = self.reg.from_entity(ents[0])
                self._note_mention(a, tok)
                return a.actor_id
        return None

    def actor_inside(self, tok) -> str | None:
        """The first actor named inside a phrase that is not itself one ('its objection to Azerbaijan hosting')."""
        places = self.work.token_place
        run = [c for c in tok.children if c.dep_ == "compound" and c.pos_ == "PROPN" and c.i not in places
               and c.i not in self.work.token_actor and c.ent_type_ not in ("GPE", "NORP", "DATE")]
        if run:
            # "the Ryanair flight", "a Maersk ship": the company named in the phrase
            from ..model import Actor
            name = " ".join(c.text for c in run)
            actor = self.reg.get(f"org:{name.lower()}", lambda: Actor(actor_id="", name=name, kind="organization",
                                                                    why="organisation named as a modifier"))
            for c in run:
                self._note_mention(actor, c)
            return actor.actor_id
        for t in sorted(tok.subtree, key=lambda t: t.i):
            if t.i != tok.i and t.i in self.work.token_actor and t.tag_ not in ("PRP", "PRP$"):
                return self.work.token_actor[t.i]
            if t.i != tok.i and t.i in places and places[t.i].kind == "country":
                return self.country_actor(places[t.i].country)  # "a tariff on goods imported from Mexico"
            if t.dep_ == "poss" and t.head.i == tok.i and t.i in places and places[t.i].country:
                return self.country_actor(places[t.i].country)  # "at Riyadh's main airport"
        return None

    def place_actor(self, tok) -> str | None:
        """A named place as a recipient ('withdraw from Mali'): the country's actor."""
        place = self.work.token_place.get(tok.i)
        if place is None or not place.country:
            return None
        return self.country_actor(place.country)

    def country_actor(self, iso: str) -> str | None:
        ents = self.kb.lookup(self.kb.country_names.get(iso, iso), kinds=("country",))
        ent = next((e for e in ents if e.country == iso), None)
        if ent is None:
            return None
        actor = self.reg.from_entity(ent)
        if actor not in self.work.result.actors:
            self.work.result.actors.append(actor)
        return actor.actor_id

    def _note_mention(self, actor, tok) -> None:
        from ..model import Mention

        if actor not in self.work.result.actors:
            self.work.result.actors.append(actor)
        if not any(m.token_start <= tok.i < m.token_end for m in actor.mentions):
            actor.mentions.append(Mention(text=tok.text, start=tok.idx, end=tok.idx + len(tok.text), kind="name",
                                          token_start=tok.i, token_end=tok.i + 1))
        self.work.token_actor[tok.i] = actor.actor_id

    def subjects_of(self, verb) -> list:
        """Subject tokens of a verb, inherited through conjunction, control and participles."""
        node = misattached_conj(verb) or verb
        for _ in range(4):
            subs = [c for c in node.children if c.dep_ in ("nsubj", "csubj")]
            if subs:
                out = []
                for s in subs:
                    out.append(s)
                    out.extend(c for c in s.children if c.dep_ == "conj")
                return out
            if node.dep_ == "xcomp":
                # object control: "pressed the rebels to end" -> the rebels end
                objs = [c for c in node.head.children if c.dep_ in ("dobj",)]
                if not objs:  # "called on the bloc to go further"
                    objs = [p for c in node.head.children if c.dep_ == "prep" and c.lower_ == "on"
                            for p in c.children if p.dep_ == "pobj"]
                if objs and node.head.lemma_.lower() in OBJECT_CONTROL:
                    return objs
                node = node.head
                continue
            if node.dep_ == "advcl" and node.tag_ == "VBG" and node.lemma_.lower() in CASUALTY_VERBS:
                attack = self._preceding_attack(node)
                if attack is not None:
                    node = attack  # "after X rammed a boat ..., injuring four": X injured them
                    continue
            if node.dep_ == "advcl" and (node.tag_ == "VBG" or any(
                    c.lower_ == "to" and c.dep_ == "aux" for c in node.children)):
                node = node.head  # "bombed the market, killing 23"; "will lead a delegation to negotiate"
                continue
            if node.dep_ == "conj" and node.head.dep_ == "ccomp" and (
                    node.lemma_.lower() in SPEAKER_ACTS or node.head.lemma_.lower() == "be") and not any(
                    self.actor_of(c) for c in node.head.children if c.dep_ == "nsubj"):
                # "It said the accusations were baseless and warned ...": 'warned' goes with 'said'; but in
                # "X said the missile had hit a farm and killed three", the missile killed, not X
                node = node.head.head
                continue
            if node.dep_ == "conj" and node.head.pos_ not in ("VERB", "AUX"):
                # "It said the accusations were baseless and warned ...": the parser hung 'warned' on
                # the adjective; the subject is the nearest verb's above
                for anc in node.ancestors:
                    if anc.pos_ in ("VERB", "AUX") and any(c.dep_ == "nsubj" for c in anc.children):
                        node = anc
                        break
                else:
                    break
                continue
            intent = node.head if node.dep_ == "acl" else (
                node.head.head if node.dep_ == "pcomp" and node.head.pos_ == "ADP" else None)
            if intent is not None and intent.lemma_.lower() in INTENT_NOUNS and intent.dep_ == "dobj":
                node = intent.head  # "Baku had no plans to recall", "announced plans to expel": who has the plan
                continue
            if node.dep_ in ("conj", "amod", "acl", "dobj", "pcomp") and node.head.i != node.i:
                if node.dep_ == "acl" and node.head.pos_ in ("NOUN", "PROPN"):
                    # "supporters marching": they march; "an agreement reached": it was reached by others
                    return [node.head] if node.tag_ == "VBG" else []
                node = node.head
                continue
            if node.dep_ == "relcl":
                return [node.head]
            if node.dep_ == "pcomp" and node.head.dep_ == "prep":
                # "accused the army of targeting civilians": the accused is who targets
                verb = node.head.head
                if verb.pos_ in ("NOUN", "PROPN") and verb.dep_ == "dobj":
                    return [verb]  # 'of' attached to the accused itself
                objs = [c for c in verb.children if c.dep_ == "dobj"]
                if objs:
                    return objs
                node = verb
                continue
            break
        return []

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

    # -- where and when -------------------------------------------------------------------------------
    def clause_tokens(self, root) -> list:
        """Tokens of a clause, without the clauses nested in it."""
        out = []
        stack = [root]
        while stack:
            t = stack.pop()
            out.append(t)
            for c in t.children:
                if c.dep_ in CLAUSE_DEPS and c.i != root.i:
                    continue
                stack.append(c)
        return out

    def location_for(self, tokens_first: list, clause: list) -> dict | None:
        """The place 'in/at X' of the event's own phrase, else of its clause's verb (not of other nouns)."""
        places = self.work.token_place
        for t in tokens_first:
            # "shelled the town of Gao", "shelled Gao": the target is a place
            if t.i in places and places[t.i].kind in ("city", "region", "facility") and t.dep_ in ("dobj", "pobj") \
                    and (t.dep_ == "dobj" or t.head.lower_ == "of"):
                return _location(places[t.i])
        if clause:
            root = clause[0]
            clause = [p for c in root.children if c.dep_ == "prep" and c.lower_ in LOCATIVE for p in c.children]
            clause += [q for p in clause for o in p.children if o.dep_ == "prep" and o.lower_ == "of"
                       for q in o.children if q.dep_ == "pobj"]
        for group in (tokens_first, clause):
            for t in sorted(group, key=lambda t: t.i):
                if t.i in places and t.dep_ == "pobj" and t.head.lower_ in LOCATIVE:
                    return _location(places[t.i])
                if t.i in places and t.dep_ in ("compound",) and t.head.dep_ == "pobj" and t.head.head.lower_ in LOCATIVE:
                    return _location(places[t.i])
                if t.i in places and t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.head.dep_ == "pobj" \
                        and t.head.head.head.lower_ in LOCATIVE:
                    return _location(places[t.i])  # "in the North Darfur town of Kabkabiya"
        return None

    def timex_for(self, tokens_first: list, clause: list, trigger_i: int):
        own_clause = [t for t in clause if t.i >= trigger_i or t.head.i == trigger_i or t.i == trigger_i]
        for group in (tokens_first, own_clause, clause):
            hits = [self.timex_at[t.i] for t in group if t.i in self.timex_at]
            if hits:
                return min(hits, key=lambda tx: abs(tx.start - self.doc[trigger_i].idx))
        return None

    # -- verbs ----------------------------------------------------------------------------------------
    @staticmethod
    def _agent_preps(tok) -> list:
        return [p for c in tok.children if c.dep_ == "agent" for o in c.children if o.dep_ == "pobj"
                for p in o.children if p.dep_ == "prep"]

    def match_verb(self, tok):
        entries = self.lex.verbs.get(tok.lemma_.lower())
        if not entries:
            return None, None
        prts = {c.lower_ for c in tok.children if c.dep_ == "prt"}
        preps = {c.lower_ for c in tok.children if c.dep_ in ("prep", "agent")}
        # "a missile fired by the Houthis towards Riyadh": the parser hangs 'towards' on the agent
        preps |= {p.lower_ for p in self._agent_preps(tok)}
        # "called for a force to remain": the parser makes 'for' the mark of the clause below
        preps |= {m.lower_ for c in tok.children if c.dep_ in ("ccomp", "advcl", "xcomp")
                  for m in c.children if m.dep_ == "mark"}
        obj = next((c for c in tok.children if c.dep_ in ("dobj",)), None)
        if obj is None and tok.dep_ == "amod" and tok.head.pos_ == "NOUN":
            obj = tok.head  # "held fire" parsed as an adjective on the noun
        if obj is None:
            obj = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
        obj_words = set()
        if obj is not None:
            obj_words = {obj.lemma_.lower(), obj.lower_}
            if obj.lemma_.lower() == "state":  # "declared a state of emergency": the emergency is the object
                obj_words |= {p.lemma_.lower() for c in obj.children if c.dep_ == "prep" and c.lower_ == "of"
                              for p in c.children if p.dep_ == "pobj"}
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
        if tok.lemma_.lower() not in ("die", "perish"):
            return
        victims = [c for c in tok.children if c.dep_ == "nsubj"]
        for c in tok.children:
            if c.dep_ == "advcl" and any(m.lower_ in ("when", "as", "after") for m in c.children):
                entry, _ = self.match_verb(c)
                if entry is not None and not entry.none and self.lex.plover(entry.cameo)[0] == "ASSAULT" and victims:
                    self.emit("ASSAULT", None, "190", self.subjects_of(c), victims, [tok], sent, self.clause_tokens(tok),
                              f"'{tok.text} when ... {c.text}': killed in the attack", confidence=0.6,
                              own=list(tok.subtree))
                    return

    def code_verb(self, tok, sent) -> None:
        self.casualties_of_attack(tok, sent)
        entry, pattern_obj = self.match_verb(tok)
        if tok.dep_ == "amod" and pattern_obj is None:
            return  # "foreign-funded groups": a participle used as an adjective is not an event
        lemma = tok.lemma_.lower()
        prts = [c.lower_ for c in tok.children if c.dep_ in ("prt",)]
        objs = [c for c in tok.children if c.dep_ == "dobj"]
        light = None
        for p in prts + [""]:
            if (lemma, p) in self.lex.light:
                light = self.lex.light[(lemma, p)]
                break
        if light is None and lemma in ("call", "ask", "press", "push") and any(c.lower_ == "for" for c in tok.children):
            light = self.lex.light.get((lemma, "for"))
        if light and pattern_obj is None:
            nouns = [o for o in objs if self.noun_entry(o)]
            nouns += [p for c in tok.children if c.dep_ == "prep" and c.lower_ in ("for", "with")
                      for p in c.children if p.dep_ == "pobj" and self.noun_entry(p)]
            if nouns:
                for n in nouns:
                    self.light_of[n.i] = (tok, light)
                if light in ("transparent", "planned") or entry is None or entry.none:
                    return
        if entry is None or entry.none:
            return
        if entry.needobj and not objs:
            return  # "hands over to his successor": no territory or prisoners handed, no event
        if any(c.dep_ in ("oprd", "acomp", "xcomp", "ccomp") and c.lemma_.lower() in ("accountable", "responsible", "liable")
               for t in [tok] + objs for c in t.children):
            return  # "hold Iran accountable", "held the army responsible": blame, not detention
        if entry.objactor and not any(self.actor_of(o) for o in objs):
            return  # "received a letter": not a visit
        cameo = entry.cameo
        if lemma == "call" and entry.pattern in ("prep:on", "prt:on") and not any(
                c.dep_ in ("xcomp", "ccomp") for c in tok.children):
            cameo = "042"  # "called on the Chinese leader": a visit; "called on X to ..." is a request
        etype, mode = self.lex.plover(cameo)
        if entry.plover:
            etype, _, mode = entry.plover.partition("/")
            mode = mode or None
        if etype is None:
            return
        if etype == "AGREE" and lemma in PROMISE_VERBS:
            # "vowed to retaliate", "promised to punish the attackers": a promise of harm is a threat
            x = next((c for c in tok.children if c.dep_ == "xcomp" and c.pos_ == "VERB"), None)
            xentry = self.match_verb(x)[0] if x is not None else None
            xtype = self.lex.plover(xentry.cameo)[0] if xentry is not None and not xentry.none else None
            if xtype in THREAT_OF:
                cameo = THREAT_OF[xtype]
                etype, mode = self.lex.plover(cameo)
        if pattern_obj is not None:
            self.consumed.add(pattern_obj.i)
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children) or (
            tok.dep_ == "acl" and tok.tag_ == "VBN" and any(c.dep_ == "agent" for c in tok.children))  # "a missile fired by X"
        headline_passive = (not passive and lemma in HEADLINE_PASSIVE and not objs
                            and any(c.dep_ == "nsubj" for c in tok.children)
                            and any(c.dep_ == "prep" and c.lower_ in ("in", "at", "near", "during", "after", "as")
                                    for c in tok.children))
        # "Fourteen inmates killed in Ecuador prison riot": a headline drops 'were'; killing takes an object
        passive = passive or headline_passive
        subj_pass = ("nsubjpass", "nsubj") if headline_passive else ("nsubjpass",)
        # "inmates killed in the riot", "a journalist detained in May": the participle's noun undergoes it
        reduced_relative = tok.dep_ == "acl" and tok.tag_ == "VBN" and tok.head.pos_ in ("NOUN", "PROPN") \
            and lemma in HEADLINE_PASSIVE
        passive = passive or reduced_relative
        default_actor = None
        actor_toks = []
        recip_toks = []
        if passive:
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
            if not actor_toks and self.lex.plover(entry.cameo)[0] == "COERCE" and entry.cameo.startswith("173"):
                # "17 people were arrested": arrests are the police's, when the story has police
                cop = [a for a in self.work.result.actors if a.sector == "COP" and a.kind != "person"
                       and any(m.start < tok.idx for m in a.mentions)]
                if cop:
                    default_actor = cop[-1].actor_id
            if not actor_toks:
                # "14 civilians were killed when warplanes of X struck a market": X did it
                for c in tok.children:
                    if c.dep_ == "advcl" and any(m.lower_ in ("when", "as", "after") for m in c.children) \
                            and c.lemma_.lower() in self.lex.verbs:
                        actor_toks = self.subjects_of(c)
                        break
        else:
            actor_toks = self.subjects_of(tok)
            po = pattern_obj.i if pattern_obj is not None else -1
            recip_toks = [] if entry.topic else [o for o in objs if o.i != po]
            recip_toks += [c for c in tok.children if c.dep_ in ("dative",) and c.pos_ in ("PROPN", "NOUN", "PRON")]
            if not recip_toks:  # "offered an amnesty to the rebels" ('to' parsed as a dative)
                recip_toks += [p for c in tok.children if c.dep_ == "dative" and c.lower_ == "to"
                               for p in c.children if p.dep_ == "pobj"]
        prep_hosts = [tok] + ([pattern_obj] if pattern_obj is not None else [])
        if entry.topic:
            prep_hosts += objs  # "offered an amnesty to the rebels": 'to' hangs on what is offered
        by_prep = entry.pattern.startswith("prep:") and entry.pattern[5:] in entry.recipient_preps
        if by_prep and not passive:
            # "fired a missile at Riyadh's airport": the target is the 'at', the object is the weapon
            held, recip_toks = recip_toks, []
        if not recip_toks:
            for host in prep_hosts:
                for c in list(host.children) + (self._agent_preps(tok) if host is tok else []):
                    if c.dep_ == "prep" and c.lower_ in entry.recipient_preps:
                        for p in c.children:
                            if p.dep_ == "pobj":
                                recip_toks.append(p)
                        # "with X in Paris and with Y in Bamako": coordinated prepositions
                        for conj in c.children:
                            if conj.dep_ == "conj" and conj.lower_ == c.lower_ and not _negated(conj):
                                recip_toks += [p for p in conj.children if p.dep_ == "pobj"]
        if by_prep and not passive and not recip_toks:
            recip_toks = held
        if not recip_toks and pattern_obj is not None and not passive:
            # "closed Yemen's ports", "expelled Russia's diplomats": the owner of what was acted on
            recip_toks += [c for c in pattern_obj.children if c.dep_ == "poss"]
        if not recip_toks and not passive:
            # "in a letter to Trump, he called for dialogue": the addressee of the message
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ in ("in", "through", "via"):
                    for p in c.children:
                        if p.dep_ == "pobj" and p.lemma_.lower() in MESSAGE_NOUNS:
                            recip_toks += [q for pp in p.children if pp.dep_ == "prep" and pp.lower_ == "to"
                                           for q in pp.children if q.dep_ == "pobj"]
        if not recip_toks and not passive and etype == "THREATEN":
            # "warned that Tehran would retaliate if Albania acted": the one the condition is about
            for x in tok.subtree:
                if x.dep_ == "advcl" and any(m.lower_ in ("if", "unless") for m in x.children):
                    recip_toks += [s for s in x.children if s.dep_ in ("nsubj", "nsubjpass")]
                    break
        if not recip_toks and not passive and etype in ("REQUEST", "THREATEN", "ACCUSE", "ASSAULT", "COERCE"):
            # "demanded that Beijing pull its ships out": the one asked to act
            for x in tok.children:
                if x.dep_ == "ccomp":
                    recip_toks += [s for s in x.children if s.dep_ in ("nsubj",)]
        if not recip_toks and not passive and etype == "PROTEST":
            # "marching to demand the resignation of the head of the electoral commission": the target
            for x in tok.children:
                if x.dep_ in ("advcl", "xcomp") and any(c.lower_ == "to" for c in x.children):
                    found = self.actor_inside(x)
                    if found:
                        recip_toks = [t for t in x.subtree if self.work.token_actor.get(t.i) == found][:1]
                        break
        if not recip_toks and not passive and etype in ("THREATEN", "REQUEST", "AGREE", "ASSAULT", "COERCE", "SANCTION"):
            # "threatened to expel the ambassador", "vowed to punish the rebels": the target of the plan
            for x in tok.children:
                if x.dep_ == "xcomp":
                    recip_toks += [o for o in x.children if o.dep_ == "dobj"]
                    if not recip_toks:  # "vowed to retaliate against the militants"
                        xentry = self.match_verb(x)[0]
                        recip_toks += [p for c in x.children if c.dep_ == "prep" and xentry is not None
                                       and c.lower_ in xentry.recipient_preps for p in c.children if p.dep_ == "pobj"]
        recip_toks += [c for r in list(recip_toks) for c in r.children if c.dep_ == "conj" and c.pos_ in ("PROPN", "NOUN")]
        if recip_toks and not passive and not any(self.actor_of(r) or self.place_actor(r) for r in recip_toks):
            # "turned down the organisers' request": the owner of what was rejected, criticised, ...
            owners = [c for r in recip_toks for c in r.children if c.dep_ == "poss" and self.actor_of(c)]
            recip_toks = owners or recip_toks
        if entry.swap:
            actor_toks, recip_toks = recip_toks, actor_toks
        if lemma in MUTUAL_VERBS and len(actor_toks) >= 2 and not any(
                c.dep_ == "prep" and c.lower_ == "with" for c in tok.children):
            # "the government and the Houthis agreed to ...": each agreed with the other
            ids = list(dict.fromkeys(a for a in (self.actor_of(t) for t in actor_toks) if a))
            if len(ids) >= 2:
                for a in ids:
                    for r in ids:
                        if a != r:
                            self.emit(etype, mode, cameo, [], [], [tok], sent, self.clause_tokens(tok),
                                      f"verb '{lemma}' -> CAMEO {cameo}; reciprocal: the conjoined subjects",
                                      confidence=0.65, actor_ids=[a], recip_ids=[r])
                return
        trigger_toks = [tok] + [c for c in tok.children if c.dep_ == "prt"] + ([pattern_obj] if pattern_obj is not None else [])
        clause = self.clause_tokens(tok)
        why = f"verb '{lemma}'" + (f" + {entry.pattern}" if entry.pattern else "") + f" -> CAMEO {cameo} ({entry.source} lexicon)"
        self.emit(etype, mode, cameo, actor_toks, recip_toks, trigger_toks, sent, clause,
                  why + ("; actor: the story's police (an arrest with no agent named)" if default_actor else ""),
                  confidence=0.7 if entry.source == "annales" else 0.55, place_recipient=etype in PLACE_RECIPIENT_TYPES,
                  dyadic_only=entry.source == "PETRARCH" and not entry.pattern,
                  actor_ids=[default_actor] if default_actor else None)
        if entry.cameo == "0871":
            self.negated_ceasefire(tok, pattern_obj, actor_toks, sent, clause, entry)

    def negated_ceasefire(self, tok, obj, actor_toks, sent, clause, entry) -> None:
        """'held fire on X but not on Y': fire was not held on Y, so the fighting against Y goes on."""
        hosts = [tok, tok.head, tok.head.head] + ([obj] if obj is not None else [])
        for host in hosts:
            for c in host.children:
                if c.dep_ in ("conj", "prep") and c.lower_ in entry.recipient_preps and _negated(c):
                    targets = [p for p in c.children if p.dep_ == "pobj"]
                    if targets:
                        self.emit("ASSAULT", None, "190", actor_toks, targets, [tok, c], sent, clause,
                                  f"'{tok.text} {obj.text if obj is not None else ''}' negated for '{targets[0].text}': "
                                  "no ceasefire towards them, so attacks continue", confidence=0.5, modality="asserted")
                        return

    # -- nouns ----------------------------------------------------------------------------------------
    def noun_entry(self, tok):
        if tok.pos_ not in ("NOUN", "PROPN"):
            return None
        compounds = [c.lower_ for c in tok.children if c.dep_ in ("compound", "amod")]
        for c in compounds:
            e = self.lex.nouns.get(f"{c} {tok.lemma_.lower()}")
            if e:
                return e
        return self.lex.nouns.get(tok.lemma_.lower()) or self.lex.nouns.get(tok.lower_)

    def code_noun(self, tok, sent) -> None:
        entry = self.noun_entry(tok)
        if entry is None or tok.i in self.consumed:
            return
        etype, mode = self.lex.plover(entry.cameo)
        if etype is None:
            return
        actor_toks, recip_toks = [], []
        subtree = [t for t in self.clause_tokens(tok)]
        for c in tok.children:  # "exercises involving 5,600 troops near the border": the participle is the noun's
            if c.dep_ == "acl" and c.tag_ in ("VBG", "VBN"):
                subtree += self.clause_tokens(c)
        for c in tok.children:
            if c.dep_ == "poss":
                actor_toks.append(c)
            elif c.dep_ in ("compound", "amod", "nmod") and (c.i in self.work.token_actor or c.ent_type_ in ("GPE", "NORP", "ORG")):
                if self.actor_of(c):
                    actor_toks.append(c)
        if "compound" in entry.recipient_preps:
            recip_toks += [c for c in tok.children if c.dep_ == "compound" and c.ent_type_ in ("GPE", "ORG")]
        for t in subtree:
            if t.dep_ == "prep" and t.head.i == tok.i or (t.dep_ == "prep" and t.head in subtree
                                                          and (t.head.pos_ == "NOUN" or t.head.dep_ == "acl")):
                pobjs = [p for p in t.children if p.dep_ == "pobj" and p.i not in self.timex_at
                         and p.ent_type_ not in ("DATE", "TIME", "CARDINAL")]
                if t.lower_ == "between" and pobjs:
                    first = pobjs[0]
                    actor_toks.append(first)
                    recip_toks += [c for c in first.children if c.dep_ == "conj"]
                elif t.lower_ in entry.actor_preps and t.head.i == tok.i:
                    actor_toks += pobjs
                elif t.lower_ in entry.recipient_preps:
                    recip_toks += pobjs
        light = self.light_of.get(tok.i)
        modality = None
        if light is not None and light[0].lemma_.lower() in ("lodge", "file", "register", "submit") \
                and tok.lemma_.lower() in ("protest", "complaint"):
            entry = self.lex.nouns.get("formal protest") or entry  # "lodged a protest with China": diplomatic
            etype, mode = self.lex.plover(entry.cameo)
            recip_toks = recip_toks or [p for c in tok.children if c.dep_ == "prep" and c.lower_ in ("with", "to")
                                        for p in c.children if p.dep_ == "pobj"]
        if light is not None:
            verb, effect = light
            if effect == "denied" and etype == "ACCUSE":
                return  # "denied the accusations": the denier rejects them (coded from the verb), not accuses
            if not any(self.actor_of(t) for t in actor_toks):
                actor_toks = self.subjects_of(verb)
            if not recip_toks:
                # "hit Belarus with sanctions": the light verb's object is the target; "opened an
                # investigation into the judge": the noun's preposition hung on the verb
                recip_toks = [o for o in verb.children if o.dep_ in ("dobj", "dative") and o.i != tok.i]
                recip_toks += [p for c in verb.children if c.dep_ == "prep" and c.lower_ in entry.recipient_preps
                               for p in c.children if p.dep_ == "pobj"]
            modality = {"transparent": None, "planned": "planned", "demanded": "demanded", "denied": "denied",
                        "hypothetical": "hypothetical", "negated": "negated"}.get(effect)
        actor_ids = [a for a in (self.actor_of(t) for t in actor_toks) if a]
        recip_ids = [a for a in (self.actor_of(t) or self.place_actor(t) or self.actor_inside(t) for t in recip_toks) if a]
        for t in tok.subtree:
            if t.i != tok.i and self.noun_entry(t) and t.dep_ == "pobj" and t.head.head.i == tok.i \
                    and t.head.lower_ == "of":
                self.consumed.add(t.i)  # "suspension of talks": the talks are what is suspended
        own_timex = any(t.i in self.timex_at for t in tok.subtree)
        if not actor_ids and etype == "PROTEST" and light is None:
            # demonstrations with no one named: the article's protesters
            before = [(max(m.start for m in a.mentions if m.start < tok.idx), a.sector == "CVL", a)
                      for a in self.work.result.actors
                      if a.sector in ("CVL", "OPP") and any(m.start < tok.idx for m in a.mentions)]
            if before:
                actor_ids = [max(before, key=lambda x: (x[1], x[0]))[2].actor_id]
            elif self.work.main_country:
                # nobody named yet: the protesters of the story's country
                from ..actors.resolve import SECTOR_NAMES, cameo_code
                from ..model import Actor

                iso = self.work.main_country
                prot = self.reg.get(f"agent:{iso}:CVL", lambda: Actor(
                    actor_id="", name=SECTOR_NAMES["CVL"].format(c=self.kb.country_names.get(iso, iso)), country=iso,
                    sector="CVL", code=cameo_code(iso, "CVL"), kind="group", why="protesters of the story's country"))
                if prot not in self.work.result.actors:
                    self.work.result.actors.append(prot)
                actor_ids = [prot.actor_id]
        framed = etype != "PROTEST" and tok.dep_ == "pobj" and tok.head.lower_ in ("under", "after", "following", "per") or (
            tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.dep_ == "pobj"
            and tok.head.head.head.lower_ in ("after", "following", "during"))  # "after 10 days of talks"
        if not actor_ids and light is None and (own_timex or framed):
            # "Under a February 29 agreement reached in Doha, the United States ...": the parties are
            # the subjects of the clause the noun sits in.
            gov = tok.head
            while gov.pos_ not in ("VERB", "AUX") and gov.head.i != gov.i:
                gov = gov.head
            if gov.pos_ in ("VERB", "AUX") and tok.dep_ not in ("nsubj", "nsubjpass"):
                actor_toks = self.subjects_of(gov)
                actor_ids = [a for a in (self.actor_of(t) for t in actor_toks) if a]
        if not actor_ids and not recip_ids:
            return
        if not actor_ids and etype not in ("ASSAULT", "COERCE") and light is None:
            return
        if not recip_ids and not actor_ids:
            return
        if light is None and not recip_ids and not own_timex and etype not in PLACE_RECIPIENT_TYPES | BILATERAL_TYPES:
            return  # a bare mention of a kind of event ('the war', 'attacks') is not a report of one
        clause = self.clause_tokens(tok.head if tok.dep_ in ("dobj", "pobj") else tok)
        why = f"event noun '{tok.lemma_.lower()}' -> CAMEO {entry.cameo}" + (
            f"; actor from the light verb '{light[0].lemma_}'" if light else "")
        self.emit(etype, mode, entry.cameo, actor_toks, recip_toks, [tok], sent, clause, why, confidence=0.6,
                  modality=modality, place_recipient=etype in PLACE_RECIPIENT_TYPES, own=list(tok.subtree),
                  actor_ids=actor_ids, recip_ids=recip_ids, own_timex_ok=own_timex or framed)

    # -- records --------------------------------------------------------------------------------------
    def emit(self, etype, mode, cameo, actor_toks, recip_toks, trigger_toks, sent, clause, why, *, confidence,
             modality=None, place_recipient=False, own=None, actor_ids=None, recip_ids=None,
             own_timex_ok=False, dyadic_only=False) -> None:
        if actor_ids is None:
            actor_ids = [a for a in (self.actor_of(t) for t in actor_toks) if a]
        if recip_ids is None:
            recip_ids = [a for a in (self.actor_of(t) or self.place_actor(t) or self.actor_inside(t)
                                     for t in recip_toks) if a]
        for t in actor_toks:  # "the two neighbours agreed": both of them
            actor_ids += [a for a in self.work.token_group.get(t.i, []) if a not in actor_ids]
        actor_ids = list(dict.fromkeys(actor_ids))
        recip_ids = [r for r in dict.fromkeys(recip_ids) if r not in actor_ids]
        trigger_toks = sorted({t.i: t for t in trigger_toks}.values(), key=lambda t: t.i)
        own = own or trigger_toks
        first = trigger_toks[0]
        shares_subject = not any(c.dep_ in ("nsubj", "nsubjpass") for c in first.children)
        if first.dep_ == "advcl" and first.tag_ == "VBG" or (first.dep_ == "conj" and first.head.pos_ == "VERB"
                                                             and shares_subject):
            # "bombed a market in Kabkabiya on Tuesday, killing 23", "shelled Gao on Monday and killed
            # four soldiers": the second verb's where and when are the first's
            clause = self.clause_tokens(first.head) + [t for t in clause if t.i != first.head.i]
            own = list(own) + [t for c in first.head.children if c.dep_ == "dobj" for t in c.subtree]
        location = self.location_for(list(own) + [t for r in recip_toks for t in r.subtree
                                                  if r.dep_ in ("dobj", "nsubjpass")], clause)
        recip_location = {}
        for r in recip_toks:
            rid = self.actor_of(r) or self.place_actor(r)
            loc = self.location_for(list(r.subtree), [])
            if rid and loc and rid not in recip_location:
                recip_location[rid] = loc
        bilateral = cameo.startswith(("04", "057")) or trigger_toks[0].lemma_.lower() in ("agree", "sign")
        pairs = None
        group = list(dict.fromkeys(a for t in actor_toks for a in self.work.token_group.get(t.i, [])))
        if len(group) >= 2 and not recip_ids and (bilateral or trigger_toks[0].lemma_.lower() in MUTUAL_VERBS):
            # "the two countries signed a deal": each signed with the other
            pairs = [(a, r) for a in group for r in group if a != r]
            why += "; reciprocal: the pair named"
        if pairs is None and not recip_ids and bilateral and actor_ids and (trigger_toks[0].pos_ == "VERB" or own_timex_ok):
            other = self.other_party(sent, actor_ids, trigger_toks[0])
            if other:
                recip_ids = [other]
                why += "; other party: another subject of the sentence"
        dl = self.work.dateline
        para = self.work.dateline_paragraph
        # the lead paragraph happened where the story was filed, unless the sentence says otherwise
        # (applied after events are merged: see boundaries)
        lead_place = _location(dl) if dl is not None and para and para[0] <= sent.start_char < para[1] else None
        aid_like = cameo.startswith(("033", "07")) or any(
            c.ent_type_ == "MONEY" for t in trigger_toks for c in t.subtree if c.dep_ in ("dobj", "nummod", "appos", "quantmod", "compound", "pobj"))
        if not recip_ids and actor_ids and aid_like and etype in ("AGREE", "AID"):
            # "donors pledged $4.4 billion": the money goes to the country the story is about
            a = self.work.registry.by_id(actor_ids[0])
            main = self.work.main_country
            if main and a is not None and a.country != main:
                rid = self.country_actor(main)
                if rid:
                    recip_ids = [rid]
                    why += f"; recipient: the story's country ({main})"
        if not recip_ids and place_recipient and actor_ids:
            iso = (location or {}).get("country") or self.work.main_country
            rid = self.country_actor(iso) if iso else None
            if rid and rid not in actor_ids:
                recip_ids = [rid]
                why += f"; recipient: the place it concerns ({iso})"
        if not actor_ids and not recip_ids:
            return
        if etype in NEEDS_RECIPIENT and not recip_ids:
            return
        if dyadic_only and not (actor_ids and recip_ids):
            # PETRARCH's bare verb lists are broad ('take', 'improve', 'send'): trusted only when the
            # grammar gives both sides
            return
        tx = self.timex_for(list(own), clause, trigger_toks[0].i)
        text = self.work.article.text
        s_start, s_end = sent.start_char, sent.end_char
        while s_end > s_start and text[s_end - 1].isspace():
            s_end -= 1
        while s_start < s_end and text[s_start].isspace():
            s_start += 1
        t_start = trigger_toks[0].idx
        t_end = trigger_toks[-1].idx + len(trigger_toks[-1].text)
        for a, r in pairs or [(a, r) for a in actor_ids or [None] for r in recip_ids or [None]]:
            ev = Event(id="", type=etype, mode=mode, cameo=cameo, actor=a, recipient=r,
                       sentence=text[s_start:s_end], start=s_start, end=s_end,
                       trigger=" ".join(t.text for t in trigger_toks), trigger_start=t_start, trigger_end=t_end,
                       location=recip_location.get(r, location), confidence=confidence - (0.15 if a is None else 0) + (0.1 if r else 0),
                       why=why, sentence_index=sent.start)
            ev.timex = tx
            ev.trigger_token = trigger_toks[0]
            ev.preset_modality = modality
            ev.lead_place = lead_place
            self.events.append(ev)

    def other_party(self, sent, actor_ids, trigger) -> str | None:
        """The other side of an agreement or meeting: another clause subject of the same sentence."""
        for t in sent:
            if t.head.lemma_.lower() in NOT_A_PARTY:
                continue  # whoever reports it is not a party to it
            if t.dep_ in ("nsubj", "nsubjpass") and t.i != trigger.i:
                a = self.actor_of(t)
                if a and a not in actor_ids:
                    return a
        return None

    def claimed_responsibility(self, sent) -> None:
        """'X claimed responsibility': X is the actor of the latest attack that had none."""
        for tok in sent:
            if tok.lemma_ in ("claim", "admit", "acknowledge") and any(
                    c.dep_ == "dobj" and c.lemma_ == "responsibility" for c in tok.children):
                claimants = [a for a in (self.actor_of(s) for s in self.subjects_of(tok)) if a]
                if not claimants:
                    continue
                for ev in reversed(self.events):
                    if ev.type != "ASSAULT" or sent.start - ev.sentence_index >= 400:
                        continue
                    if ev.actor is None:
                        ev.actor = claimants[0]
                        ev.why += f"; actor from '{tok.text} responsibility'"
                        ev.confidence += 0.1
                        break
                    known = self.reg.by_id(ev.actor)
                    if known is not None and known.sector in ("UAF", "UNK", None) and known.kind != "person":
                        # "gunmen attacked ... al Shabaab claimed responsibility": the group says it was them
                        from copy import copy

                        claimed = copy(ev)
                        claimed.actor, claimed.modality = claimants[0], "claimed"
                        claimed.preset_modality = "claimed"
                        claimed.why = ev.why + f"; claimed by '{tok.text} responsibility'"
                        self.events.append(claimed)
                        break

    def evidence_accusations(self, sent) -> None:
        """'X released video that it said showed Y removing a mine': putting out evidence against Y is an
        accusation of Y."""
        for tok in sent:
            if tok.lemma_.lower() not in EVIDENCE_VERBS:
                continue
            for obj in tok.children:
                if obj.dep_ != "dobj" or obj.lemma_.lower() not in EVIDENCE_NOUNS:
                    continue
                shown = [t for t in tok.subtree if t.lemma_.lower() in ("show", "prove", "reveal", "depict") and t.i > obj.i]
                for s in shown:
                    targets = [c for c in s.children if c.dep_ in ("dobj", "ccomp", "nsubj") and c.i > s.i]
                    for t in targets:
                        who = t if t.dep_ != "ccomp" else next((c for c in t.children if c.dep_ == "nsubj"), None)
                        if who is None:
                            continue
                        if who.dep_ == "dobj" or who.pos_ in ("PROPN", "NOUN"):
                            self.emit("ACCUSE", "allege", "112", self.subjects_of(tok), [who], [tok, obj], sent,
                                      self.clause_tokens(tok), f"'{tok.text} {obj.text}' that '{s.text}' what they did: "
                                      "evidence against them", confidence=0.45, own=list(tok.subtree))
                            return

    def rebuttals(self, sent) -> None:
        """'Zarif said Washington had jumped to blame Tehran without a shred of evidence': dismissing an
        accusation against one's own side accuses the accuser."""
        text = sent.text.lower()
        if not any(m in text for m in DISMISSIVE):
            return
        for tok in sent:
            if tok.lemma_.lower() not in ("say", "tell", "write", "insist", "argue") or tok.pos_ != "VERB":
                continue
            speaker = next((self.actor_of(c) for c in tok.children if c.dep_ == "nsubj"), None)
            sp = self.reg.by_id(speaker) if speaker else None
            if sp is None:
                continue
            for v in tok.subtree:
                entry, _ = self.match_verb(v) if v.pos_ == "VERB" else (None, None)
                if entry is None or not entry.cameo.startswith(("11", "112")):
                    continue
                accusers = [a for a in (self.actor_of(t) for t in self.subjects_of(v)) if a]
                targets = [a for a in (self.actor_of(c) for c in v.children if c.dep_ == "dobj") if a]
                tgt = self.reg.by_id(targets[0]) if targets else None
                if accusers and tgt is not None and tgt.country and tgt.country == sp.country:
                    self.emit("ACCUSE", "disapprove", "111", [], [], [tok], sent, self.clause_tokens(tok),
                              f"'{tok.text}': dismisses an accusation against its own side", confidence=0.45,
                              actor_ids=[speaker], recip_ids=[accusers[0]], own=[tok])
                    return

    def exchanges(self, sent) -> None:
        """'released 32 soldiers in exchange for two servicemen held by Armenia': the other side releases
        whom it held."""
        for tok in sent:
            if tok.lemma_.lower() not in ("exchange", "swap", "return"):
                continue
            for prep in tok.children:
                if prep.dep_ != "prep" or prep.lower_ != "for":
                    continue
                for held in prep.children:
                    if held.dep_ != "pobj":
                        continue
                    holders = [p for a in held.children if a.dep_ == "acl" and a.lemma_ in ("hold", "detain", "capture")
                               for ag in a.children if ag.dep_ == "agent" for p in ag.children if p.dep_ == "pobj"]
                    if holders:
                        self.emit("RETREAT", "release", "0841", holders, [held], [tok], sent, self.clause_tokens(tok),
                                  f"'{tok.text} for ... held by': the holder releases them", confidence=0.55,
                                  own=list(tok.subtree))

    def run(self) -> list[Event]:
        for sent in self.work.sents:
            if sent.start in self.work.skip_sentences:
                continue
            for tok in sent:
                if tok.i in self.work.token_actor:
                    continue  # 'Protect' in "Committee to Protect Journalists" names, it does not act
                if tok.pos_ == "VERB" or (tok.pos_ in ("VERB", "AUX", "ADJ") and tok.tag_.startswith("VB")):
                    self.code_verb(tok, sent)
            for tok in sent:
                if tok.pos_ in ("NOUN", "PROPN"):
                    self.code_noun(tok, sent)
            self.claimed_responsibility(sent)
            self.exchanges(sent)
            self.evidence_accusations(sent)
            self.rebuttals(sent)
        return self.events


def _negated(tok) -> bool:
    return any(c.dep_ == "neg" or c.lower_ in ("not", "never", "n't") for c in tok.children)


def _location(place) -> dict:
    loc = place.location()
    if getattr(place, "kind", "") == "facility" and getattr(place, "city", None):
        loc = dict(loc, name=place.city)
    return loc


def code_events(work) -> None:
    coder = EventCoder(work)
    events = coder.run()
    events.sort(key=lambda e: (e.start, e.trigger_start))
    work.result.events = events
