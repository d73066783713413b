"""People: a name resolved to a known person, to the person the article already named by that
surname, or to a new person whose title and modifiers say who they are."""

from __future__ import annotations

from ..gazetteer import gazetteer
from ..lang import english
from ..model import Actor
from .codes import cameo_code
from .kb import Entity, KnowledgeBase, norm
from .phrases import country_modifier, phrase_text
from .registry import ActorRegistry

EN = english()  # the language's word lists (lang/en/*.yaml), loaded once per process

# A one- or two-word 'person' that names a city this large is the city ('rebels shelled Gao'); smaller
# places share too many names with people. The same threshold as places.py's.
BIG_CITY_POPULATION = 50_000


def person_entity(kb: KnowledgeBase, text: str, date: str | None) -> Entity | None:
    """The knowledge-base person of that name, preferring one in office on the date."""
    cands = kb.lookup(text, kinds=("person",))
    if not cands:
        return None
    active = [e for e in cands if any(s.active(date) for s in e.spells)]
    pool = active or cands
    return pool[0]


def surname_keys(kb: KnowledgeBase, actor: Actor) -> set[str]:
    """The words a later mention may call this person by ('Obrador', 'Xi')."""
    words = actor.name.lower().split()
    keys = {words[-1]}
    if actor.country in kb.family_name_first:
        keys.add(words[0])  # "Xi" of Xi Jinping
    if len(words) >= 3 and len(words[-2]) > 2 and words[-2] not in EN.name_particles:
        keys.add(words[-2])  # "Acosta" of Ramon Acosta Villalba, "López" of Andrés Manuel López Obrador
    return keys


def named_before(kb: KnowledgeBase, reg: ActorRegistry, text: str) -> bool:
    """Whether the article already named a person of this surname."""
    last = text.split()[-1].lower()
    return any(a.kind == "person" and last in surname_keys(kb, a) for a in reg.order)


def used_as_common_noun(kb: KnowledgeBase, word) -> bool:
    """ "the Bishop of the diocese", "our Bishop", "Bishop of Kampala": an agent noun with a determiner or an 'of'
    complement is a title, never a person called by surname ("the elder Sharif" is a surname: no agent noun)."""
    if not kb.agent_sectors(word.lower_):
        return False
    return any(
        c.dep_ in ("det", "predet", "poss") and c.tag_ in ("DT", "PDT", "PRP$") or c.dep_ == "prep" and c.lower_ == "of"
        for c in word.children
    )


def named_as_settlement(ent) -> bool:
    """ "the central Haitian town of Saut-d'Eau", "the village of Kfar Roummane": a place by the words before
    it, whatever the recogniser labelled it."""
    root = ent.root
    while root.dep_ == "compound" and root.head.i != root.i:
        root = root.head  # "Saut" of "Saut-d'Eau": the parser hangs the first part on the second
    return root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lemma_.lower() in EN.settlement_words


def person_name_words(doc) -> frozenset[str]:
    """The words of the full names of people the recogniser found in the document ('Andres', 'Molina' of
    'Andres Molina'): the same word alone later is that person, never a town (Molina, Chile)."""
    words = doc.user_data.get("annales_person_name_words")
    if words is None:
        words = frozenset(t.text for e in doc.ents if e.label_ == "PERSON" and len(e) > 1 for t in e if t.is_title)
        doc.user_data["annales_person_name_words"] = words
    return words


def city_not_person(kb: KnowledgeBase, ent, toks, date) -> bool:
    """'rebels shelled Gao': a city the recogniser took for a person (no title, no known person, not a word of
    a person's name the story gives whole)."""
    if len(ent) > 2 or any(t.i < ent.start for t in toks if t.pos_ in ("PROPN", "NOUN")):
        return False
    if ent.text in person_name_words(ent.doc):
        return False
    if kb.lookup(ent.text, kinds=("person",)) or kb.person_by_surname(ent.text, date):
        return False
    cities, _ = gazetteer()
    return max((c[4] for c in cities.get(norm(ent.text), [])), default=0) >= BIG_CITY_POPULATION


def _bare_name(kb: KnowledgeBase, text: str) -> str:
    """ "President Emmanuel Macron's" -> "Emmanuel Macron", "Alhaji Yakubu Sulemana" -> "Yakubu Sulemana": titles
    and honorifics the entity span swallowed are not part of the name, nor is the possessive."""
    words = text.split()
    while len(words) > 1 and (
        kb.agent_sectors(words[0].lower().rstrip(".")) or words[0].lower().rstrip(".") in EN.name_honorifics
    ):
        words = words[1:]
    return " ".join(words).removesuffix("'s").removesuffix("’s")


def _last_word(name: str) -> str:
    return name.split()[-1].lower()


def _surname_named_before(reg: ActorRegistry, kb: KnowledgeBase, name: str) -> Actor | None:
    """ "Macron said" after "Emmanuel Macron": a surname alone is first the person this article already named."""
    if len(name.split()) != 1:
        return None
    last = _last_word(name)
    return next((a for a in reversed(reg.order) if a.kind == "person" and last in surname_keys(kb, a)), None)


def _known_person(reg: ActorRegistry, kb: KnowledgeBase, name: str) -> Actor | None:
    """ "Emmanuel Macron", or "Guterres" alone in 2020: the knowledge base's person, the one in office on the
    article's date."""
    ent = person_entity(kb, name, reg.date)
    if ent is None and len(name.split()) == 1:
        ent = kb.person_by_surname(name, reg.date)
    return reg.from_entity(ent) if ent is not None else None


def _last_name_named_before(reg: ActorRegistry, kb: KnowledgeBase, name: str) -> Actor | None:
    """ "Ramon Dizon" after "Commodore Jose Dizon", whom the knowledge base does not know: the person the article
    named before by that last name."""
    last = _last_word(name)
    single = len(name.split()) == 1
    return next(
        (
            a
            for a in reversed(reg.order)
            if a.kind == "person" and (_last_word(a.name) == last or single and last in surname_keys(kb, a))
        ),
        None,
    )


def _only_known_bearer(reg: ActorRegistry, kb: KnowledgeBase, name: str) -> Actor | None:
    """ "Zelenskyy" alone, out of office on the date: the one person of the knowledge base by that name."""
    if len(name.split()) != 1:
        return None
    cands = kb.lookup(name, kinds=("person",))
    return reg.from_entity(cands[0]) if len(cands) == 1 else None


# Who a person's name refers to, in order: the first rule that finds an actor decides; none does, the name is
# a new person (_unknown_person).
NAMED_PERSON_RULES = (_surname_named_before, _known_person, _last_name_named_before, _only_known_bearer)


def _title_sector(kb: KnowledgeBase, toks) -> tuple[str | None, bool, str | None]:
    """(sector, speaks for someone, gender) the title words say: "opposition leader", "army spokeswoman"."""
    sector = None
    spokes = False
    gender = None
    for t in toks:
        s = kb.agent_sectors(t.lemma_.lower()) or kb.agent_sectors(t.lower_.rstrip("."))
        if s:
            if "SPK" in s:
                spokes = True
                gender = "f" if "woman" in t.lower_ else "m" if "man" in t.lower_ else gender
            elif sector is None:
                sector = s[0]
    return sector, spokes, gender


def _affiliation(reg: ActorRegistry, kb: KnowledgeBase, title_toks) -> Actor | None:
    """ "Hamas spokesman X", "a UN official, X": the body the title names (the last one named), an actor the
    article already has or an organisation of the knowledge base."""
    affiliation = None
    for t in title_toks:
        a_id = None
        for a in reg.order:
            if a.kind != "person" and any(m.token_start <= t.i < m.token_end for m in a.mentions):
                a_id = a
        if a_id is None and t.pos_ == "PROPN":
            cands = kb.lookup(t.text, kinds=("organization",))
            if cands:
                a_id = reg.from_entity(cands[0])
        if a_id is not None:
            affiliation = a_id
    return affiliation


def _spokesperson_body_sector(kb: KnowledgeBase, title_toks) -> str | None:
    """ "army spokesman Major X": the sector of the body a generic word of the title names (the last one)."""
    sector = None
    for t in title_toks:
        s = kb.agent_sectors(t.lemma_.lower())
        if s and "SPK" not in s:
            sector = s[0]
    return sector


def _unknown_person(reg: ActorRegistry, kb: KnowledgeBase, pe, toks, name: str) -> Actor:
    """A person the knowledge base does not know: title words and modifiers give country, sector and whom
    they speak for ("Hamas spokesman X", "Kenyan opposition leader Y")."""
    title_toks = [t for t in toks if t.i < pe.start and t.dep_ not in ("det", "punct", "case")]
    sector, spokes, gender = _title_sector(kb, title_toks + list(pe.root.children))
    country = country_modifier(kb, title_toks + [pe.root], pe.root, reg)
    affiliation = _affiliation(reg, kb, title_toks)
    if affiliation is not None:
        country = country or affiliation.country
        if sector is None or spokes:
            sector = affiliation.sector if affiliation.sector not in ("IGO", "NGO") or sector is None else sector
    elif spokes and sector is None:
        sector = _spokesperson_body_sector(kb, title_toks)
    title = phrase_text(title_toks) or None
    key = f"person:{norm(name)}"

    def make():
        return Actor(
            actor_id="",
            name=name,
            country=country,
            sector=sector,
            role=title,
            code=cameo_code(country, sector),
            kind="person",
            gender=gender,
            why="person not in the knowledge base; " + (f"title '{title}'" if title else "no title"),
        )

    actor = reg.get(key, make)
    if spokes:
        actor.speaks_for = actor.speaks_for or (affiliation.actor_id if affiliation is not None else "?")
    return actor


def resolve_person(work, reg: ActorRegistry, kb: KnowledgeBase, pe, toks) -> Actor | None:
    """The actor a person's name refers to: one the article named, a known person, or a new person
    whose title and modifiers give country, sector and whom they speak for."""
    name = _bare_name(kb, pe.text)
    named = next((a for rule in NAMED_PERSON_RULES if (a := rule(reg, kb, name)) is not None), None)
    return named if named is not None else _unknown_person(reg, kb, pe, toks, name)


def name_the_description(reg: ActorRegistry, token_actor: dict, described_id: str, person: Actor) -> None:
    """'Its spokesman, Commodore Ramon Dizon, said': the description before the name is the named
    person, one actor, who speaks for whom the description did."""
    described = reg.by_id(described_id)
    if (
        described is None
        or described is person
        or described.kind != "person"
        or not described.key.startswith("spokes:")
    ):
        return
    person.country = person.country or described.country
    person.sector = person.sector or described.sector
    person.role = person.role or described.role
    person.code = person.code or cameo_code(person.country, person.sector)
    person.speaks_for = getattr(described, "speaks_for", None)
    for m in described.mentions:  # a token is the actor's only inside its mentions (merges move both)
        for t in range(m.token_start, m.token_end):
            if token_actor.get(t) == described_id:
                token_actor[t] = person.actor_id
    person.mentions.extend(described.mentions)
    described.mentions = []


def merge_unknown_people(reg: ActorRegistry, token_actor: dict) -> None:
    """'Adly Mansour was sworn in as Egypt's interim president': a name the knowledge base did not
    recognise at first is the known person of that surname the article names later."""
    known = [a for a in reg.order if a.kind == "person" and not a.key.startswith(("person:", "spokes:", "role:"))]
    for a in reg.order:
        if not a.key.startswith("person:") or not a.mentions:
            continue
        last = a.name.split()[-1].lower()
        match = [k for k in known if k.name.split()[-1].lower() == last]
        if len(match) == 1:
            target = match[0]
            target.mentions.extend(a.mentions)
            for t, aid in list(token_actor.items()):
                if aid == a.actor_id:
                    token_actor[t] = target.actor_id
            a.mentions = []
