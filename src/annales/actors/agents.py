"""Generic agents ('the police', 'US troops', 'opposition supporters'): a phrase whose head is an agent noun
rather than a name, resolved to the body a modifier names, a sector of a country (the one its modifiers, its
patron or its whereabouts tell, else the article's main country, settled after the last phrase), a group
named by its modifier, a spokesperson, or an actor named before that it refers back to.

A mixin of the actors stage's resolver (`resolve.ActorResolver`), which holds the order of the rules; the
resolver's state and helpers these rules use are declared in `GenericAgents`."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..lang import english
from ..model import Actor
from .codes import cameo_code
from .descriptions import coref_description, same_head, spokesperson
from .kb import norm
from .people import person_entity
from .phrases import country_modifier, head_sectors, is_locative, of_country, phrase_text

if TYPE_CHECKING:
    from .kb import KnowledgeBase
    from .registry import ActorRegistry

EN = english()  # the language's word lists (lang/en/*.yaml), loaded once per process

# Sectors of the agent table that mean "not an actor" ('region', 'area', 'junk').
NOT_AN_AGENT = ("UNK", "JNK", "NON")
# Sectors a telling modifier gives a civilian or government head ("opposition supporters", "rebel fighters").
TELLING_SECTORS = ("OPP", "REB", "MIL", "COP", "SPY", "JRN", "LAB", "EDU")
# The codes of bodies whose members are states ('EU ministers' are the member governments).
INTERGOVERNMENTAL = ("IGO", "UNO", "EUR")
# Sectors of agent nouns that, with a name before them, name a group of their own ("the Los Lobos gang").
NAMED_GROUP_SECTORS = {"CRM", "REB", "UAF", "PTY", "OPP", "NGO", "LAB", "SOC", "PRM"}


class GenericAgents:
    """The generic-agent rules of the actors stage (a mixin of resolve.ActorResolver)."""

    # the article's state (ActorResolver.__init__)
    kb: KnowledgeBase
    reg: ActorRegistry
    work: Any  # the pipeline's per-article Work (its token_group: the parties a phrase names together)
    doc: Any  # its spaCy Doc
    claimed: set[int]  # token indices a mention has already
    pending_generic: list[tuple[Actor, list]]  # country-less agents: the main country's
    pending_named: list[Actor]  # country-less named groups: the main country's
    # the resolver's helpers (resolve.py)
    add: Callable[[Actor, Any, str], None]
    also_named: Callable[[Actor, Any], None]
    entities_overlapping: Callable[[int, int], list]
    named_entities: Callable[[Any], list]
    through_of_country: Callable[[Any, Any, str | None], list]

    def generic_agent(self, span, toks, ents) -> None:
        """A generic head noun: of the organisation or country modifying it, of a sector its modifiers
        tell, of the country its modifiers, owner or place tell, or referring back to one named before."""
        kb, root = self.kb, span.root
        named = self.named_entities(ents)
        sectors, phrase = head_sectors(kb, toks, root)
        if self.organization_modifier(toks, root, named, sectors):
            return
        if sectors and sectors[0] in NOT_AN_AGENT:
            sectors = None  # 'region', 'area': not an actor
        if root.lemma_.lower() in EN.place_nouns and is_locative(span):
            return  # "in Malawi's capital", "near the border": where, not who
        if self.named_body(toks, root, sectors):
            return
        sectors, phrase = self.telling_modifier(toks, root, sectors, phrase)
        if not sectors and root.lemma_.lower() in EN.description_coref_heads:
            linked = coref_description(self.reg, root, None)
            if linked is not None and country_modifier(kb, toks, root, self.reg) is None:
                self.add(linked, toks, "description")
                return
        if not sectors:
            self.possessor_and_named_modifiers(root, named)
            return
        self.agent_of_sectors(toks, root, sectors, phrase)

    def organization_modifier(self, toks, root, named, sectors) -> bool:
        """An organisation modifying a generic head is the body itself ("Houthi representatives")."""
        mod_org = None
        for e in named:
            if e.start <= root.i < e.end:
                continue
            cand = self.kb.lookup(e.text, kinds=("organization",))
            if cand:
                mod_org = cand[0]
                break
        if mod_org is None or not (root.lemma_.lower() in EN.member_heads or sectors):
            return False
        if mod_org.country in INTERGOVERNMENTAL and sectors and sectors[0] == "GOV":
            self.add(self.member_governments(mod_org, toks), toks, "description")
        else:
            self.add(self.reg.from_entity(mod_org), toks, "description")
        return True

    def member_governments(self, body, toks) -> Actor:
        """ "EU foreign ministers", "G7 leaders": the governments that make up an intergovernmental body, acting
        together, are of the body's code with the government sector (not the body's own staff)."""
        return self.reg.get(
            f"members:{body.id}",
            lambda: Actor(
                actor_id="",
                name=phrase_text(toks),
                country=body.country,
                sector="GOV",
                code=cameo_code(body.country, "GOV"),
                kind="group",
                why=f"member governments of {body.name}",
            ),
        )

    def telling_modifier(self, toks, root, sectors, phrase):
        """(sectors, phrase): "opposition supporters", "rebel fighters": a telling modifier beats a generic
        head; "opposition groups", "intelligence officials": the modifier says who."""
        kb = self.kb
        if sectors and sectors[0] in ("CVL", "GOV"):
            for t in toks:
                if t.i < root.i and t.dep_ in ("compound", "amod", "nmod") and t.lemma_.lower() in EN.sector_modifiers:
                    s = kb.agent_sectors(t.lemma_.lower())
                    if s and s[0] in TELLING_SECTORS:
                        sectors, phrase = s, t.lemma_.lower() + " " + root.lemma_.lower()
                        break
        if not sectors:
            for t in reversed(toks):
                if t.i < root.i and t.dep_ in ("compound", "amod", "nmod") and t.lemma_.lower() in EN.sector_modifiers:
                    s = kb.agent_sectors(t.lemma_.lower()) or kb.agent_sectors(t.lower_)
                    if s and s[0] not in (*NOT_AN_AGENT, "SPK"):
                        sectors, phrase = s, t.lemma_.lower() + " " + root.lemma_.lower()
                        break
        return sectors, phrase

    def possessor_and_named_modifiers(self, root, named) -> None:
        """A head that is no actor: "the government's suspension": the possessor is an actor of its own;
        "Hamas positions", "Iranian tankers": the named modifier is an actor of its own."""
        kb, reg = self.kb, self.reg
        for c in root.children:
            if c.dep_ == "poss" and c.tag_ not in ("PRP$",) and c.i not in self.claimed:
                ptoks = [w for w in c.subtree if w.tag_ != "POS" and w.dep_ not in ("det", "case")]
                ps, pphrase = head_sectors(kb, ptoks, c)  # "the attorney general's": not a general
                if (
                    ps
                    and ps[0] not in (*NOT_AN_AGENT, "SPK")
                    and not any(w.ent_type_ and w.ent_type_ not in ("GPE", "NORP") for w in ptoks)
                ):  # "Ecuador's ombudsman's"
                    pc = country_modifier(kb, ptoks, c, reg)
                    pa = same_head(reg, ptoks, c) or coref_description(reg, c, ps[0]) if pc is None else None
                    if pa is None:
                        pa = reg.generic(pc, ps[0], phrase_text(ptoks), pphrase)
                        if pc is None:
                            self.pending_generic.append((pa, ptoks))
                    self.add(pa, ptoks, "description")
        for e in named:
            if e.start <= root.i < e.end or is_locative(e):
                continue
            if e.label_ in ("GPE", "LOC", "FAC") and norm(e.text) not in kb.country_names_strict:
                continue  # "Darfur market": a region naming where, not who
            cand = kb.lookup(e.text, kinds=("organization", "country"))
            if cand:
                self.add(reg.from_entity(cand[0]), list(e), "name")

    def owner_country(self, toks, root) -> str | None:
        """Whose a generic agent is: its modifiers' country ("US troops"), its 'of' complement's ("the government
        of Cameroon"), its patron's ("troops loyal to President Salva Kiir", "fighters backing Riek Machar"), or
        where it is ("a spokesperson in Beijing")."""
        country = country_modifier(self.kb, toks, root, self.reg)
        if country is None:
            of = of_country(self.kb, root)
            country = of[0] if of else None
        if country is None:
            country = self.patron_country(root)
        if country is None:
            for prep in root.children:
                if prep.dep_ == "prep" and prep.lower_ in EN.whereabouts_preps:
                    for p in prep.children:
                        if p.dep_ == "pobj" and p.ent_type_ in ("GPE",):
                            country = self.kb.country_of_word(p.text)
        return country

    def patron_country(self, root) -> str | None:
        """ "troops loyal to President Salva Kiir", "fighters backing Riek Machar": the patron's country."""
        kb, reg = self.kb, self.reg
        country = None
        for c in root.children:
            targets = []
            if c.dep_ == "amod" and c.lemma_.lower() in EN.allegiance_adjectives:
                targets = [p for pr in c.children if pr.dep_ == "prep" for p in pr.children if p.dep_ == "pobj"]
            elif c.dep_ == "acl" and c.lemma_.lower() in EN.allegiance_verbs:
                targets = [o for o in c.children if o.dep_ == "dobj"]
            for t in targets:
                owner = None
                for a in reg.order:
                    if any(m.token_start <= t.i < m.token_end for m in a.mentions):
                        owner = a
                if owner is None:
                    pe = next((e for e in self.entities_overlapping(t.i, t.i + 1) if e.label_ == "PERSON"), None)
                    ent = person_entity(kb, pe.text, reg.date) if pe is not None else None
                    owner = reg.from_entity(ent) if ent is not None else None
                if owner is not None and owner.country:
                    country = owner.country
        return country

    def known_group_modifier(self, toks, root, sector: str | None) -> Actor | None:
        """'RSF fighters', 'Houthi rebels': a non-state group the knowledge base knows, named by a modifier of a
        generic noun (the tagger often takes the acronym for a common noun), is that group; 'G7 foreign
        ministers': an intergovernmental body's government members."""
        for t in toks:
            if (
                t.i >= root.i
                or t.dep_ not in ("compound", "amod", "nmod")
                or not t.text[:1].isupper()
                or self.kb.country_of_word(t.text)
            ):
                continue
            found = self.kb.lookup(t.text, kinds=("organization",))
            hits = [e for e in found if e.sector in NAMED_GROUP_SECTORS]
            if hits:
                return self.reg.from_entity(hits[0])
            bodies = [e for e in found if e.country in INTERGOVERNMENTAL]
            if bodies and sector == "GOV":
                return self.member_governments(bodies[0], toks)
        return None

    def name_tokens(self, toks, root, title_words=()) -> list:
        """The proper names before a generic head that are no person, nationality, date or country: "Los Lobos"
        of "the Los Lobos gang" ("Prime" of "the Prime Minister" is a title's word)."""
        return [
            t
            for t in toks
            if t.i < root.i
            and t.pos_ == "PROPN"
            and t.dep_ in ("compound", "nmod")
            and t.ent_type_ not in ("PERSON", "NORP", "DATE")
            and not self.kb.country_of_word(t.text)
            and not self.in_country_name(t)
            and t.lower_ not in title_words
        ]

    def in_country_name(self, tok) -> bool:
        """ "South" of "South Sudan's main opposition party": a word of a country's name of several words is no
        group's name (it made a party 'South' of Sudan)."""
        doc = self.doc
        return any(
            self.kb.country_of_word(doc[start:end].text)
            for start in range(max(0, tok.i - 3), tok.i + 1)
            for end in range(tok.i + 1, min(len(doc), start + 4) + 1)
            if end - start > 1
        )

    def named_group(self, toks, name_toks, country, sector, phrase) -> Actor:
        """The group a name before a generic head names, one actor per name in the article."""
        gname = self.doc[name_toks[0].i : max(name_toks[-1].i + 1, self._name_end(name_toks))].text
        actor = self.reg.get(
            f"org:{gname.lower()}",
            lambda n=gname, c=country, s=sector, h=phrase: Actor(
                actor_id="",
                name=n,
                country=c,
                sector=s,
                code=cameo_code(c, s),
                kind="organization",
                why=f"named {h} '{n}'",
            ),
        )
        self.add(actor, toks, "name")
        if actor.country is None:
            self.pending_named.append(actor)
        return actor

    @staticmethod
    def _name_end(name_toks) -> int:
        """Where a name before its head ends: at the head ("Red Valley" of "the Red Valley alliance", though
        'Valley' alone is no name)."""
        head = name_toks[-1].head
        while head.dep_ == "compound" and head.head.i > head.i:
            head = head.head
        return head.i if all(t.pos_ == "PROPN" for t in head.doc[name_toks[0].i : head.i]) else name_toks[-1].i + 1

    def named_body(self, toks, root, sectors) -> bool:
        """ "the Viv Ansanm coalition", "the Kataeb alliance": a name before the head of a body of unknown kind
        is that body, not the last alliance named nor a country's coalition forces (its sector is the head's
        only where that names a kind of group)."""
        if root.lemma_.lower() not in EN.named_body_heads:
            return False
        name_toks = self.name_tokens(toks, root)
        if not name_toks or any(self.kb.lookup(t.text, kinds=("organization",)) for t in name_toks):
            return False
        sector = next((s for s in sectors or () if s in NAMED_GROUP_SECTORS), None)
        self.named_group(toks, name_toks, self.owner_country(toks, root), sector, root.lemma_.lower())
        return True

    def owning_group(self, root) -> Actor | None:
        """ "The Arakan Army said its fighters overran the base": the members of a non-state organisation a
        possessive pronoun stands for are that organisation (a state's "its troops" are of its country)."""
        if root.lemma_.lower() not in EN.member_heads:
            return None
        for c in root.children:
            owner = self.reg.possessive_owner.get(c.i) if c.dep_ == "poss" else None
            if owner is not None and owner.kind == "organization" and owner.sector in NAMED_GROUP_SECTORS:
                return owner
            if c.dep_ == "poss" and c.pos_ == "NOUN" and c.lemma_.lower() in self.reg.name_heads:
                # "the association's leaders" after "the Lesotho Taxi Operators Association": its leaders
                if any(d.dep_ == "det" and d.lower_ in EN.definite_determiners for d in c.children):
                    return self.reg.heads[c.lemma_.lower()]
        return None

    def agent_of_sectors(self, toks, root, sectors, phrase) -> None:
        """A generic agent of known sectors: a body referred back to, a spokesperson, a named group ("the
        Los Lobos gang") or the sector of a country (the story's, when none is said)."""
        kb, reg = self.kb, self.reg
        sector = next((s for s in sectors if s != "SPK"), None)
        is_spokes = "SPK" in sectors
        known = None if is_spokes else self.known_group_modifier(toks, root, sector) or self.owning_group(root)
        if known is not None:
            self.add(known, toks, "name")
            return
        country = self.owner_country(toks, root)
        if country is None and not is_spokes:
            linked = coref_description(reg, root, sector)
            if linked is not None:
                self.add(linked, toks, "description")
                return
        if is_spokes:
            self.add(spokesperson(reg, root, toks, country), toks, "description")
            return
        if any(t.lower_ in EN.ousted_words for t in toks if t.i < root.i) and sector in ("GOV", "MIL", "LEG"):
            sector = "ELI"  # "the ousted president", "a former minister": out of office
        # "foreign governments" are not the story's country; "the foreign minister" is: the word is the title's
        title_words = phrase.split()
        foreign = (
            any(t.lower_ in EN.foreign_words and t.lower_ not in title_words for t in toks)
            or root.lemma_.lower() in kb.foreign_agents
        )
        name_toks = self.name_tokens(toks, root, title_words)
        if name_toks and sector in NAMED_GROUP_SECTORS and not foreign:
            # "the Los Lobos gang", "the Sparrow militia": a group of its own, not the country's criminals
            self.named_group(toks, name_toks, country, sector, phrase)
            return
        actor = reg.generic(country, sector, phrase_text(toks), phrase if not foreign else "foreign " + phrase)
        self.add(actor, self.through_of_country(toks, root, country), "description")
        if country is None and not foreign:
            self.pending_generic.append((actor, toks))
        elif country is not None and not foreign:
            self.coordinated_nationalities(toks, root, country, sector, actor, phrase)

    def coordinated_nationalities(self, toks, root, country, sector, actor, phrase) -> None:
        """ "Spanish and Moroccan police", "Kazakh and Kyrgyz security services": one agent of each country,
        both referred to by the phrase (its head's group, as "the two neighbours" is)."""
        others = []
        for t in toks:
            if t.i < root.i and t.dep_ == "conj" and t.head.i < t.i and t.head.head.i == root.i:
                iso = self.kb.country_of_word(t.text)
                if iso and iso != country and iso not in others:
                    others.append(iso)
        if not others:
            return
        group = [actor.actor_id]
        for iso in others:
            other = self.reg.generic(iso, sector, phrase_text(toks), phrase)
            self.also_named(other, toks)
            group.append(other.actor_id)
        self.work.token_group[root.i] = group
