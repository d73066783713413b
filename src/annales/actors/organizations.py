"""Organisations and countries named in the text: knowledge-base names the parser splits, runs of
proper nouns, and organisations the knowledge base lacks."""

from __future__ import annotations

import re

from ..gazetteer import lookup_place
from ..lang import english
from ..model import Actor
from .codes import cameo_code
from .kb import Entity, KnowledgeBase, norm
from .people import surname_keys, used_as_common_noun
from .phrases import country_modifier, of_country, phrase_text, proper_runs
from .registry import ActorRegistry

EN = english()  # the language's word lists (lang/en/*.yaml), loaded once per process

# One-word organisation names shorter than this are too often other words or initials ('ANC' is three
# letters but is found as an entity; a bare run of one short proper noun is not trusted).
SHORTEST_ONE_WORD_NAME = 4
# The longest organisation name (tokens) looked for across phrase boundaries ("Committee to Protect Journalists",
# "International Federation of Red Cross and Red Crescent Societies").
LONGEST_NAME = 10


def org_run(kb: KnowledgeBase, toks):
    """(organisation, its tokens) for a run of two or more proper nouns naming a known organisation."""
    for run in proper_runs(toks):
        cands = kb.lookup(phrase_text(run), kinds=("organization",))
        if cands and (len(run) >= 2 or len(run[0].text) >= SHORTEST_ONE_WORD_NAME):
            return cands[0], run
    return None


def organization_names(kb: KnowledgeBase, doc, sent_index) -> dict:
    """Spans naming a knowledge-base organisation in words the parser splits into several phrases
    ("Reporters Without Borders", "Committee to Protect Journalists"): longest first, left to right."""
    found = {}
    i, n = 0, len(doc)
    while i < n:
        match = None
        if doc[i].text[:1].isupper() and doc[i].pos_ in ("PROPN", "NOUN", "ADJ"):
            for j in range(
                min(n, i + LONGEST_NAME), i + 2, -1
            ):  # three words or more: two-word names parse as one phrase
                last = doc[j - 1]
                if sent_index[j - 1] != sent_index[i] or not last.text[:1].isupper():
                    continue
                if not any(t.is_punct for t in doc[i:j]):
                    cands = kb.lookup(doc[i:j].text, kinds=("organization",))
                    if cands:
                        match = (doc[i:j], cands[0])
                        break
        if match:
            found[match[0]] = match[1]
            i = match[0].end
        else:
            i += 1
    return found


def known_name_in(kb: KnowledgeBase, toks, root) -> Entity | None:
    """A knowledge-base organisation named by the phrase or by its run of proper nouns
    ("the Wagner group", "The Islamic State extremist movement")."""
    if not any(t.text[:1].isupper() for t in toks):
        return None  # "an amnesty" is no mention of Amnesty International: names are capitalised
    cands = kb.lookup(phrase_text(toks), kinds=("organization",))
    if cands:
        return cands[0]
    for run in proper_runs(toks, EN.name_joiners):
        if len(run) < 2 and root not in run:
            continue
        if len(run) >= 2 or root in run:
            cands = kb.lookup(phrase_text(run), kinds=("organization",))
            if cands and (
                root in run or root.lemma_.lower() in EN.member_heads or kb.agent_sectors(root.lemma_.lower())
            ):
                return cands[0]
    return None


def generic_name_elsewhere(reg: ActorRegistry, kb: KnowledgeBase, org: Entity, toks, root) -> Actor | None:
    """ "Spain's Senate": a knowledge-base body known by a generic name (the US 'Senate'), named with another
    country, is that country's body of the same sector."""
    sectors = kb.agent_sectors(org.name.lower())
    if org.kind != "organization" or not sectors:
        return None
    country = country_modifier(kb, toks, root, reg)
    if country is None or country == org.country:
        return None
    return reg.generic(country, sectors[0], phrase_text(toks), org.name.lower())


def resolve_named(reg: ActorRegistry, kb: KnowledgeBase, ent, toks) -> Actor | None:
    """The actor an ORG, GPE or NORP entity names: a knowledge-base organisation or country, an
    acronym defined earlier, a person the parser tagged as an organisation, or a new organisation."""
    text = ent.text
    # the whole phrase first: spaCy often tags only part of a name ("Wagner" of "the Wagner group"); not a
    # phrase inside the name ("Kenya" of "the Law Society of Kenya" names the society, not the country)
    inside = bool(toks) and toks[0].i > _first_word(ent).i
    cands = (not inside and kb.lookup(phrase_text(toks), kinds=("organization", "country"))) or kb.lookup(
        text, kinds=("organization", "country")
    )
    if not cands and norm(text) in reg.acronyms:
        return reg.acronyms[norm(text)]  # "MCP" after "Malawi Congress Party (MCP)"
    if not cands:
        # the parser sometimes tags a surname as an organisation ("Trump's order"), not "the Bishop of ..."
        last = ent.text.split()[-1].lower().removesuffix("'s")
        common = len(ent) == 1 and used_as_common_noun(kb, ent.root)
        for a in reversed(reg.order):
            if a.kind == "person" and last in surname_keys(kb, a) and not common:
                return a
        if len(ent.text.split()) == 1 and not common:
            person = kb.person_by_surname(ent.text, reg.date)
            if person is not None:
                return reg.from_entity(person)
        if ent.label_ == "ORG":
            return _new_organization(reg, kb, ent, toks)
        return None
    elsewhere = generic_name_elsewhere(reg, kb, cands[0], toks, ent.root) if toks else None
    if elsewhere is not None:
        return elsewhere
    actor = reg.from_entity(cands[0])
    if actor.kind == "country" and ent.label_ == "NORP" and ent.text.endswith("s"):
        # "Afghans", "Americans": the people, not the state
        key = f"agent:{actor.country}:CVL"
        return reg.get(
            key,
            lambda: Actor(
                actor_id="",
                name=ent.text,
                country=actor.country,
                sector="CVL",
                code=cameo_code(actor.country, "CVL"),
                kind="group",
                why=f"nationality noun of {actor.country}",
            ),
        )
    return actor


def _new_organization(reg: ActorRegistry, kb: KnowledgeBase, ent, toks) -> Actor | None:
    """An organisation the knowledge base lacks, named by an ORG entity: of the country its words or its 'of'
    complement name ("Bamako University", "the Ministry of Defence of Chad")."""
    text = ent.text
    if lookup_place(kb, text, None) is not None and len(text.split()) <= 2:
        return None  # "the town of Jowhar" tagged as an organisation: a place
    whole = toks and toks[-1].i >= ent.end - 1 and toks[0].i <= _first_word(ent).i
    name = phrase_text(toks) if whole else text
    name = name.removeprefix("the ").removeprefix("The ")
    words = name.split()
    if len(words) == 1 and kb.agent_sectors(name.lower()):
        return None
    # an organisation named after a place ("Bamako University") is of that place's country
    country = next((kb.country_of_word(w) for w in words if kb.country_of_word(w)), None)
    complement = of_country(kb, ent.root) if country is None else None
    if complement is not None:
        country, of_toks = complement
        # the entity often stops before the complement, or just after its 'of': "the Defence Ministry" + "of Chad"
        name = ent.doc[_first_word(ent).i : of_toks[-1].i + 1].text
        words = name.split()
    sector = _name_sector(kb, words)
    key = f"org:{norm(name)}"
    actor = reg.get(
        key,
        lambda: Actor(
            actor_id="",
            name=name,
            country=country,
            sector=sector,
            code=cameo_code(country, sector),
            kind="organization",
            why="organisation not in the knowledge base",
        ),
    )
    if actor.country is None and sector and sector not in ("IGO", "NGO"):
        reg.pending_spokes.append(actor)  # "the Supreme Court": of the story's country
    # the characters after the name, from its next few tokens (Doc.text joins the whole article)
    after = ent.doc[ent.end - 1 : ent.end + 6].text[len(ent.doc[ent.end - 1].text) :]
    m = re.match(r"\s*\(([A-Z][A-Za-z]{1,7})\)", after[:12])
    if m:
        reg.acronyms[norm(m.group(1))] = actor  # "Malawi Congress Party (MCP)"
    return actor


def _name_sector(kb: KnowledgeBase, words: list[str]) -> str | None:
    """The sector the last agent noun of an organisation's name says, the longest phrase ending at it first
    ("National Assembly": LEG, though 'assembly' alone is no agent)."""
    for end in range(len(words), 0, -1):
        for start in range(max(0, end - 3), end):
            sectors = kb.agent_sectors(" ".join(words[start:end]).lower())
            if sectors:
                return sectors[0] if sectors[0] not in ("SPK", "UNK", "JNK", "NON") else None
    return None


def _first_word(ent):
    """The entity's first token that is not a determiner ("Ministry" of "the Ministry of ...")."""
    return next((t for t in ent if t.dep_ != "det" and t.tag_ != "DT"), ent[0])
