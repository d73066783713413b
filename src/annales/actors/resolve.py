"""The actors stage: every mention of a person, organisation, country or group (names, titles,
descriptions, pronouns) resolved within the article to one actor with country, sector and CAMEO code.

Rule-based over the spaCy parse. Knowledge comes from the knowledge base (`kb.py`) and the language
data (`annales/lang/en/`), never from code. This module holds the order of the rules (`ActorResolver`);
the rules' helpers live by concern: `registry` (the article's actors), `phrases` (reading a noun
phrase), `people`, `organizations`, `descriptions`, `pronouns`, `main_country`, `codes` (CAMEO codes),
and `agents` (the rules for generic agents, 'the police', 'US troops': a mixin of `ActorResolver`).
"""

from __future__ import annotations

import re
from bisect import bisect_right

from ..lang import english
from ..model import Actor, Mention
from .agents import GenericAgents
from .codes import cameo_code
from .descriptions import resolve_description, same_head, spokesperson
from .kb import KnowledgeBase, norm
from .main_country import find_main_country
from .organizations import generic_name_elsewhere, known_name_in, org_run, organization_names, resolve_named
from .people import (
    city_not_person,
    merge_unknown_people,
    name_the_description,
    named_as_settlement,
    named_before,
    person_entity,
    resolve_person,
    used_as_common_noun,
)
from .phrases import head_sectors, is_locative, of_country, phrase_text, strip_det
from .pronouns import resolve_pronoun
from .registry import ActorRegistry

__all__ = ["resolve_actors", "ActorRegistry", "cameo_code"]  # the last two: where other modules used to find them

EN = english()  # the language's word lists (lang/en/*.yaml), loaded once per process

# A dateline ('BRUSSELS, June 24 (Reuters) - ') is looked for in the article's first characters only.
DATELINE_WINDOW = 2000


# Entity labels that are never actors, as the head of a phrase.
NUMERIC_ENTS = ("DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY")
# A live blog's time stamps ("12:15 GMT", "23:25 KST —") that the parser tags as organisations or persons.
CLOCK_TIME = re.compile(r"\d{1,2}[:.]\d{2}\b")
# Entity labels that name no person even when the recogniser says so: works, laws, products, languages.
NON_ACTOR_ENTS = ("WORK_OF_ART", "LAW", "PRODUCT", "LANGUAGE")
# Entity labels of named bodies, countries and places, as modifiers or heads of a phrase.
NAMED_ENTS = ("ORG", "GPE", "NORP", "FAC", "LOC", "PRODUCT", "EVENT")
# How far back (tokens) "Keo Sovannara, a 41-year-old member" may reach from the description to the comma.
APPOSITION_REACH = 6


def resolve_actors(work) -> None:
    """The actors stage: every mention in the article resolved to an actor; fills work.result.actors,
    work.token_actor, work.token_group, work.registry and work.main_country."""
    ActorResolver(work).run()


class ActorResolver(GenericAgents):
    """Resolves the mentions of one article, phrase by phrase, in text order."""

    def __init__(self, work):
        self.work = work
        self.kb: KnowledgeBase = work.kb
        self.doc = work.doc
        self.text = work.article.text
        # Doc.ents builds a new tuple of every entity on each read: read once, so that finding a phrase's
        # entities costs a bisection, not a pass over the article (quadratic on long articles).
        self.ents = list(work.doc.ents)
        self.ent_ends = [e.end for e in self.ents]
        self.reg = ActorRegistry(self.kb, work.article.date)
        self.token_actor: dict[int, str] = {}
        self.claimed: set[int] = set()
        self.pending_generic: list[tuple[Actor, list]] = []  # country-less agents: the main country's
        self.pending_named: list[Actor] = []  # country-less named groups: the main country's

    def add(self, actor: Actor, tokens, kind: str) -> None:
        """Record a mention of `actor` over the tokens no earlier mention claimed."""
        reg = self.reg
        toks = [t for t in tokens if t.i not in self.claimed]
        if not toks:
            return
        start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
        m = Mention(
            text=self.text[start:end], start=start, end=end, kind=kind, token_start=toks[0].i, token_end=toks[-1].i + 1
        )
        actor.mentions.append(m)
        for t in toks:
            self.token_actor[t.i] = actor.actor_id
            self.claimed.add(t.i)
        if any(
            t.dep_ in ("nsubj", "nsubjpass")
            and (t.head.dep_ in ("ROOT", "conj") or t.head.head.dep_ == "ROOT" and t.head.dep_ != "ccomp")
            for t in toks
        ):
            reg.subject_tokens.add(toks[0].i)  # main-clause subjects: who a following 'he' continues
        if any(t.dep_ in ("nsubj", "nsubjpass", "dobj", "dative") for t in toks):
            reg.core_tokens.add(toks[0].i)
        if len(toks) == 1 and toks[0].tag_ == "PRP$":
            reg.possessive_owner[toks[0].i] = actor
        if actor.kind == "person":
            reg.last_person.append((toks[0].i, actor))
        else:
            reg.last_group.append((toks[0].i, actor))
        head = max(toks, key=lambda t: t.i)
        if kind in ("description", "name") and head.pos_ == "NOUN" and actor.kind != "person":
            reg.heads[head.lemma_.lower()] = actor
        if kind == "name" and actor.kind == "organization":
            self.name_head(actor, toks)

    def name_head(self, actor: Actor, toks) -> None:
        """'The Lesotho Taxi Operators Association' ... 'the association': the common noun that ends (or heads)
        an organisation's name names it again."""
        inside = {t.i for t in toks}
        root = next((t for t in toks if t.head.i not in inside or t.head.i == t.i), None)
        if root is not None and root.pos_ == "PROPN" and root.lower_ in EN.org_name_heads:
            self.reg.heads[root.lower_] = actor
            self.reg.name_heads.add(root.lower_)

    # -- the article ----------------------------------------------------------------------------------
    def run(self) -> None:
        """Resolve every candidate phrase in text order, then settle countries and merge people."""
        work = self.work
        sent_of = {i: work.sents[k].start for i, k in enumerate(work.sent_index)}
        self.reg.sent_start = sent_of  # token index -> its sentence's first token (Token.sent is costly)
        spans, named_orgs = self.candidate_spans()
        dl_start, dl_end = _dateline_range(work)
        for span in spans:
            work.deadline.check("actors")
            if sent_of.get(span.start) in work.skip_sentences or dl_start <= span.start_char < dl_end:
                continue
            if span in named_orgs:
                self.add(self.reg.from_entity(named_orgs[span]), list(span), "name")
                continue
            self.resolve_span(span)
        self.finish()

    def candidate_spans(self):
        """Noun chunks, entities outside them (parser misses) and knowledge-base organisation names the
        parser splits, in text order, longer first; and the organisation names with their entities."""
        doc = self.doc
        chunks = list(doc.noun_chunks)
        chunk_tokens_set = {t.i for c in chunks for t in c}
        spans = chunks + [e for e in doc.ents if not any(t.i in chunk_tokens_set for t in e)]
        named_orgs = organization_names(self.kb, doc, self.work.sent_index)
        spans += list(named_orgs)
        spans.sort(key=lambda s: (s.start, -len(s)))
        return spans, named_orgs

    def resolve_span(self, span) -> None:
        """One phrase: the first rule that resolves it (or rules it out) wins; else a generic agent."""
        if all(t.i in self.claimed for t in span):
            return  # inside an organisation's name ("Reporters" of "Reporters Without Borders")
        toks = strip_det(span)
        if not toks or self.pronoun_or_not_an_actor(span, toks):
            return
        ents = self.entities_overlapping(span.start, span.end)
        for rule in (
            self.role_description_first,
            self.known_organization,
            self.person_name,
            self.organization_run,
            self.apposition,
            self.missed_name,
            self.pair,
            self.named_entity,
            self.role_description,
            self.same_head_noun,
        ):
            if rule(span, toks, ents):
                return
        self.generic_agent(span, toks, ents)

    def entities_overlapping(self, start: int, end: int) -> list:
        """The entities with a token in [start, end), in text order (entities do not overlap, so their
        ends are sorted too)."""
        found = []
        for k in range(bisect_right(self.ent_ends, start), len(self.ents)):
            if self.ents[k].start >= end:
                break
            found.append(self.ents[k])
        return found

    # -- rules, in order: each says whether it settled the phrase --------------------------------------
    def pronoun_or_not_an_actor(self, span, toks) -> bool:
        """Pronouns (resolved here), parts of titles and numbers: no further rule applies. Possessive
        pronouns inside the phrase ("his talks", "their leader") are resolved on the way."""
        kb, root = self.kb, span.root
        if len(toks) == 1 and toks[0].tag_ in ("PRP", "PRP$"):
            resolve_pronoun(self.reg, toks[0], self.add)
            return True
        if len(span) == 1 and root.tag_ in ("PRP", "PRP$", "WP", "WDT", "EX"):
            return True
        if (
            root.dep_ == "pobj"
            and root.head.lower_ == "of"
            and root.head.head.pos_ in ("NOUN", "PROPN")
            and (root.head.head.text[:1].isupper() or root.head.head.lemma_.lower() in EN.title_heads)
            and kb.agent_sectors(root.head.head.lower_)
            and root.ent_type_ in ("ORG", "GPE", "")
        ):
            if not kb.lookup(phrase_text(toks), kinds=("organization",)) or root.head.head.dep_ == "nmod":
                return True  # "Secretary of State": part of a title
        for t in span:
            if t.tag_ == "PRP$" and t.i not in self.claimed:
                resolve_pronoun(self.reg, t, self.add)
        if self.counted_victims(toks):
            return True
        return root.ent_type_ in NUMERIC_ENTS or self.clock_time(span, toks)

    def counted_victims(self, toks) -> bool:
        """ "Car bomb kills 9 in Mogadishu", "the blast killed 12": a bare number hurt or killed counts
        people (the agent table's "people": civilians, of the story's country unless a modifier says)."""
        root = toks[-1]
        if len(toks) != 1 or not root.like_num or root.head.lemma_.lower() not in EN.casualty_verbs:
            return False
        if root.dep_ not in ("dobj", "nsubjpass") or root.head.pos_ != "VERB":
            return False
        sectors = self.kb.agent_sectors("people")
        if not sectors:
            return False
        self.agent_of_sectors(toks, root, sectors, "people")
        return True

    def clock_time(self, span, toks) -> bool:
        """A time stamp ("12:15 GMT"), or the time zone of one ("GMT" after "11:00"), is not an actor."""
        if CLOCK_TIME.match(toks[0].text):
            return True
        before = self.doc[span.start - 1] if span.start > 0 else None
        return (
            len(toks) == 1
            and toks[0].text.isupper()
            and len(toks[0]) <= 4
            and before is not None
            and bool(CLOCK_TIME.fullmatch(before.text))
        )

    def role_description_first(self, span, toks, ents) -> bool:
        """Dated role descriptions first: "the US president" is a person on a date, not a body. A country
        the recogniser took for a person ("Azerbaijan condemned the deal") is no person."""
        kb, reg = self.kb, self.reg
        if any(
            e.label_ == "PERSON"
            and not kb.lookup(e.text, kinds=("country",))
            and not self.agent_words_as_person(e, toks, span.root)
            for e in ents
        ):
            return False
        actor = resolve_description(self.work, reg, kb, span, toks)
        if not actor:
            return False
        self.add(actor, toks, "description")
        run_org = org_run(kb, toks)
        if run_org is not None:  # "the Hezbollah leader": the group is named too
            reg.last_group.append((run_org[1][0].i, reg.from_entity(run_org[0])))
        return True

    def known_organization(self, span, toks, ents) -> bool:
        """A knowledge-base organisation named by the phrase or its run of proper nouns."""
        known = known_name_in(self.kb, toks, span.root)
        if known is None:
            return False
        elsewhere = generic_name_elsewhere(self.reg, self.kb, known, toks, span.root)
        if elsewhere is not None:
            self.add(elsewhere, toks, "description")
            return True
        self.add(self.reg.from_entity(known), toks, "name")
        return True

    def person_name(self, span, toks, ents) -> bool:
        """A person's name, also one the entity recogniser missed or mislabelled."""
        kb, reg, doc, root = self.kb, self.reg, self.doc, span.root
        persons = [
            e
            for e in ents
            if e.label_ == "PERSON"
            and not kb.lookup(e.text, kinds=("country",))
            and (not city_not_person(kb, e, toks, reg.date) or named_before(kb, reg, e.text))
            and not (len(e) == 1 and used_as_common_noun(kb, e.root))
            and not self.agent_words_as_person(e, toks, root)
            and not named_as_settlement(e)
        ]  # "Dizon told reporters": not Dijon, the spokesman; "the Bishop of the diocese": no Julie Bishop
        if (
            not [e for e in ents if e.label_ not in NON_ACTOR_ENTS]
            and root.pos_ == "PROPN"
            and not used_as_common_noun(kb, root)
        ):
            # a name the entity recogniser missed or mislabelled ("Kasongo said", "Yusuf" as a work of
            # art): a person if the article or the knowledge base knows one by that name
            props = [t for t in toks if t.pos_ == "PROPN"]
            pname = phrase_text(props)
            if props and (
                person_entity(kb, pname, reg.date)
                or any(a.kind == "person" and a.name.split()[-1].lower() == props[-1].lower_ for a in reg.order)
                or (len(props) == 1 and kb.person_by_surname(pname, reg.date))
            ):
                persons = [doc[props[0].i : props[-1].i + 1]]
        if not persons:
            return False
        pe = persons[-1]
        first = persons[0]
        if len(persons) > 1 and all(b.start == a.end for a, b in zip(persons, persons[1:], strict=False)):
            pe = doc[first.start : pe.end]  # "Abubakar Sadiq" + "Yusuf": one name the recogniser split
        actor = resolve_person(self.work, reg, kb, pe, toks)
        if not actor:
            return False
        self.add(actor, toks, "name")
        if root.dep_ == "appos" and self.token_actor.get(root.head.i):
            name_the_description(reg, self.token_actor, self.token_actor[root.head.i], actor)
        return True

    def agent_words_as_person(self, ent, toks, root) -> bool:
        """ "Riot police", "the Bobigny court", "the Erawan emergency centre": a 'person' the recogniser found
        modifying a common noun, or in the words of a generic agent phrase ("Border Guards"), whom neither the
        article nor the knowledge base knows, is no person: the phrase is the agent, place or thing."""
        kb, reg = self.kb, self.reg
        if person_entity(kb, ent.text, reg.date) or named_before(kb, reg, ent.text):
            return False
        if len(ent) == 1 and kb.person_by_surname(ent.text, reg.date):
            return False
        if not ent.start <= root.i < ent.end:  # a modifier of a common noun ("Riot" of "Riot police")
            return root.pos_ == "NOUN" and ent.root.head.i == root.i and ent.root.dep_ in ("compound", "amod", "nmod")
        sectors, phrase = head_sectors(kb, toks, root)  # the whole agent phrase ("Border Guards")
        return bool(sectors) and len(phrase.split()) >= len(ent) >= 2

    def organization_run(self, span, toks, ents) -> bool:
        """ "Islamic State positions": the group is named; "the Hezbollah leader": the group is named too,
        for 'the group' later, and the leader is resolved by the rules that follow."""
        run_org = org_run(self.kb, toks)
        if run_org is None:
            return False
        org, run = run_org
        org_actor = self.reg.from_entity(org)
        if (
            span.root.i not in {t.i for t in run}
            and resolve_description(self.work, self.reg, self.kb, span, toks) is None
        ):
            self.add(org_actor, run, "name")
            return True
        self.reg.last_group.append((run[0].i, org_actor))
        return False

    def apposition(self, span, toks, ents) -> bool:
        """ "General Ann Smith, the army chief of staff ..." is the same actor (also when the parser missed
        it: "Keo Sovannara, a 41-year-old member of ..., was arrested")."""
        doc, root, token_actor = self.doc, span.root, self.token_actor
        k = span.start - 1
        indefinite = span[0].lower_ in EN.indefinite_articles
        while (
            k >= 0
            and span.start - k < APPOSITION_REACH
            and (doc[k].lower_ in EN.indefinite_articles or doc[k].like_num or doc[k].text == "-")
        ):
            indefinite = indefinite or doc[k].lower_ in EN.indefinite_articles
            k -= 1  # "Keo Sovannara, a 41-year-old member": skip back over "a 41-"
        if k >= 1 and doc[k].text == "," and indefinite and root.pos_ == "NOUN" and doc[k - 1].i in token_actor:
            target = self.reg.by_id(token_actor[doc[k - 1].i])
            if target is not None and target.kind == "person":
                self.add(target, toks, "description")
                return True
        if root.dep_ == "appos" and root.head.i in token_actor and root.pos_ != "PROPN":
            actor = self.reg.by_id(token_actor[root.head.i])
            if actor is None:  # a mention always names a registered actor
                return False
            if actor.kind == "person" and not actor.role:
                actor.role = phrase_text(toks)
            self.add(actor, toks, "description")
            return True
        return False

    def missed_name(self, span, toks, ents) -> bool:
        """A country or organisation the entity recogniser missed ("- Azerbaijan released ...")."""
        if ents or span.root.pos_ != "PROPN" or is_locative(span):
            return False
        props = [t for t in toks if t.pos_ == "PROPN"]
        cands = self.kb.lookup(phrase_text(props), kinds=("organization", "country")) if props else []
        if not cands:
            return False
        self.add(self.reg.from_entity(cands[0]), toks, "name")
        return True

    def pair(self, span, toks, ents) -> bool:
        """ "the two neighbours", "both sides": the last two countries or groups named."""
        root = span.root
        if root.lemma_.lower() not in EN.pair_heads or not any(t.lower_ in EN.pair_words for t in toks):
            return False
        pair = []
        for _i, a in reversed(self.reg.last_group):
            if a.kind in ("country", "organization") and a not in pair:
                pair.append(a)
            if len(pair) == 2:
                break
        if len(pair) != 2:
            return False
        self.add(pair[0], toks, "description")
        self.work.token_group[root.i] = [pair[0].actor_id, pair[1].actor_id]
        self.also_named(pair[1], toks)
        return True

    def also_named(self, actor: Actor, toks) -> None:
        """A phrase that names a group names this actor too ("the two neighbours": the second of them): a
        mention of it that claims no token (the group is the phrase's head's, work.token_group)."""
        actor.mentions.append(
            Mention(
                text=phrase_text(toks),
                start=toks[0].idx,
                end=toks[-1].idx + len(toks[-1].text),
                kind="description",
                token_start=toks[0].i,
                token_end=toks[-1].i + 1,
            )
        )

    def named_entity(self, span, toks, ents) -> bool:
        """The phrase's head is inside a named organisation or country (a place named as where: no actor)."""
        kb, root = self.kb, span.root
        head_in_entity = next((e for e in self.named_entities(ents) if e.start <= root.i < e.end), None)
        if head_in_entity is None:
            return False
        if is_locative(span) and (
            head_in_entity.label_ in ("GPE", "LOC", "FAC") or kb.lookup(head_in_entity.text, kinds=("country",))
        ):
            return True
        actor = resolve_named(self.reg, kb, head_in_entity, toks)
        if not actor:
            return False
        if actor.kind == "organization":
            toks = self.through_of_country(toks, head_in_entity.root, actor.country)
        self.add(
            actor,
            toks,
            "name"
            if actor.kind != "country"
            or head_in_entity.label_ != "GPE"
            or norm(head_in_entity.text) == norm(actor.name)
            else "metonym",
        )
        return True

    def role_description(self, span, toks, ents) -> bool:
        """Role descriptions ("the top US military officer"), with any 'of ...' complement."""
        actor = resolve_description(self.work, self.reg, self.kb, span, toks)
        if not actor:
            return False
        self.add(actor, toks, "description")
        return True

    def same_head_noun(self, span, toks, ents) -> bool:
        """ "the coalition" after "the Saudi-led coalition"; "coalition jets", "coalition spokesman": the same
        head noun names the same actor within an article."""
        root = span.root
        same = same_head(self.reg, toks, root)
        if same is None:
            return False
        if root.lemma_.lower() in EN.spokes_heads:
            self.add(spokesperson(self.reg, root, toks, same.country, principal=same), toks, "description")
        else:
            self.add(same, toks, "description")
        return True

    def through_of_country(self, toks, head, country: str | None) -> list:
        """The phrase's tokens through the 'of' complement that gave its actor's country: "the Ministry of
        Defence of Chad" is one mention, and "Chad" no actor of its own."""
        found = of_country(self.kb, head) if country else None
        if found is None or found[0] != country or not toks or found[1][-1].i <= toks[-1].i:
            return toks
        return list(self.doc[toks[0].i : found[1][-1].i + 1])

    def named_entities(self, ents) -> list:
        """The entities of a phrase that name bodies, countries or places (and countries taken for persons)."""
        return [
            e
            for e in ents
            if e.label_ in NAMED_ENTS or (e.label_ == "PERSON" and self.kb.lookup(e.text, kinds=("country",)))
        ]

    # -- after the last phrase ------------------------------------------------------------------------
    def finish(self) -> None:
        """Country-less actors take the article's main country; unknown people merge with known ones."""
        work, kb, reg, token_actor = self.work, self.kb, self.reg, self.token_actor
        work.registry = reg
        main = find_main_country(work, kb, reg.order)
        work.main_country = main
        # Country-less generic agents ("authorities", "the government") are the article's main country's.
        for actor, _toks in self.pending_generic:
            if actor.country is None and main and actor.sector and actor.sector not in ("IGO", "NGO", "UAF", "UNK"):
                actor.country = main
                if actor.sector in EN.sector_names:
                    actor.name = EN.sector_names[actor.sector].format(c=kb.country_names.get(main, main))
                actor.code = cameo_code(main, actor.sector)
                actor.why += f"; country from the article's main country {main}"
                new_key = f"agent:{main}:{actor.sector}"
                if new_key in reg.by_key and reg.by_key[new_key] is not actor:
                    target = reg.by_key[new_key]
                    target.mentions.extend(actor.mentions)
                    for t, aid in list(token_actor.items()):
                        if aid == actor.actor_id:
                            token_actor[t] = target.actor_id
                    actor.mentions = []
                else:
                    reg.by_key[new_key] = actor
        for actor in reg.order:
            # "Prime Minister Irakli Kobakhidze" unknown to the knowledge base: an office holder of the
            # country the article is about
            if (
                actor.kind == "person"
                and actor.country is None
                and actor.sector
                and actor.sector not in ("IGO", "NGO")
                and main
                and actor.key.startswith("person:")
            ):
                _give_country(actor, main)
        for actor in self.pending_named:
            if actor.country is None and main:
                _give_country(actor, main)
        for actor in reg.pending_spokes:
            if actor.country is None and main:
                _give_country(actor, main)
        merge_unknown_people(reg, token_actor)
        reg.refresh_actor_keys()
        actors = [a for a in reg.order if a.mentions]
        for a in actors:
            a.mentions.sort(key=lambda m: m.start)
        work.result.actors = actors
        work.token_actor = token_actor
        work.registry = reg


def _give_country(actor: Actor, main: str) -> None:
    actor.country = main
    actor.code = cameo_code(main, actor.sector)
    actor.why += f"; country from the article's main country {main}"


def _dateline_range(work) -> tuple[int, int]:
    """Characters of a dateline ('BRUSSELS, June 24 (Reuters) - '): a place and an agency, not actors."""
    m = re.search(r"(?m)^[A-Z][A-Z .'\-]{2,40},[^\n]{0,80}?\)\s*[-—–]\s", work.article.text[:DATELINE_WINDOW])
    if m:
        return m.start(), m.end()
    # a dateline with no agency ('KHARTOUM, May 9 - '): the place the dateline stage found is no actor
    dl = work.dateline
    return (dl.start, dl.end) if dl is not None else (0, 0)
