"""Descriptions of actors: role descriptions ('the US president'), descriptions that refer back
('the group', 'the army'), spokespeople, and the same head noun naming the same actor."""

from __future__ import annotations

from ..lang import english
from ..model import Actor
from .codes import cameo_code
from .kb import KnowledgeBase
from .phrases import of_country, phrase_text
from .registry import ActorRegistry

EN = english()  # the language's word lists (lang/en/*.yaml), loaded once per process


def resolve_description(work, reg: ActorRegistry, kb: KnowledgeBase, span, toks) -> Actor | None:
    """The actor a role description names on the article's date ('the US president'), trying the
    phrase with its 'of ...' complement first; a role's own actor when the holder is unknown."""
    root = span.root
    texts = [phrase_text(toks)]
    # include an 'of ...' complement: "chairman of the Joint Chiefs of Staff"
    for child in root.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            sub = sorted(child.subtree, key=lambda t: t.i)
            texts.insert(0, phrase_text(toks + sub))
    for text in texts:
        role = kb.role_for(text)
        if role is None:
            continue
        held = role.holder(reg.date)
        if held is not None:
            eid, _spell = held
            actor = reg.from_entity(kb.entities[eid])
            actor.why += f"; '{text}' is the {role.title} on {reg.date}"
            return actor
        return reg.get(
            f"role:{role.key}",
            lambda r=role: Actor(
                actor_id="",
                name=r.title,
                country=r.country,
                sector=r.sector,
                role=r.title,
                code=cameo_code(r.country, r.sector),
                kind="person",
                why=f"role '{r.title}' (holder unknown on {reg.date})",
            ),
        )
    return None


def _latest_group(reg: ActorRegistry, accept) -> Actor | None:
    """The most recently named group actor that `accept` takes, or None."""
    return next((actor for _i, actor in reversed(reg.last_group) if accept(actor)), None)


def _is_opposition_party(actor: Actor) -> bool:
    """ "the opposition" after a named opposition party."""
    return actor.kind == "organization" and actor.sector in ("PTY", "OPP")


def _is_bloc(actor: Actor) -> bool:
    """ "the bloc" after the European Union or another intergovernmental body."""
    return actor.sector == "IGO" or actor.country in ("IGO", "UNO", "EUR")


def _is_national_military(actor: Actor) -> bool:
    """ "the army" after a state's armed forces, whose country is known."""
    return actor.sector == "MIL" and bool(actor.country)


def _refers_back(head, lemma: str, sector: str | None, definite: bool) -> bool:
    """ "the group", "the insurgents", "his kidnappers", "a group": a description that names a group named
    before; "areas held by rebels", "separatist groups" name some of them, not the group named before."""
    if lemma not in EN.description_coref_heads and sector not in ("REB", "UAF"):
        return False
    possessed = any(c.dep_ == "poss" for c in head.children)  # "his kidnappers"
    return definite or possessed or (lemma in EN.singular_group_heads and head.tag_ != "NNS")


def _same_kind_of_group(actor: Actor, lemma: str, sector: str | None) -> bool:
    """The earlier organisation a group description can name: "human rights groups" after a rebel group are
    other groups; "the insurgents" and "the group" name armed groups; "the alliance" names a bloc."""
    if actor.kind != "organization" or not actor.sector:
        return False
    if sector and sector not in ("REB", "UAF", "CRM", "UNK") and actor.sector != sector:
        return False
    if (sector in ("REB", "UAF", "CRM") or lemma in EN.description_coref_heads) and actor.sector not in (
        "REB",
        "UAF",
        "PRM",
    ):
        return False
    return lemma not in EN.alliance_heads or actor.sector == "IGO"


def coref_description(reg: ActorRegistry, head, sector: str | None) -> Actor | None:
    """'the insurgents', 'the group': the most recent named organisation of a compatible sector;
    'the military': the most recent military actor whose country is known."""
    lemma = head.lemma_.lower()
    definite = any(c.lower_ in EN.definite_determiners for c in head.children)
    if lemma == "opposition" and definite:
        return _latest_group(reg, _is_opposition_party)
    if lemma in EN.bloc_heads and definite:
        return _latest_group(reg, _is_bloc)
    bare = all(c.dep_ in ("det", "punct") for c in head.children)
    if sector == "MIL" and definite and bare:  # "the army", not "the East African regional force"
        military = _latest_group(reg, _is_national_military)
        if military is not None:
            return military
    if not _refers_back(head, lemma, sector, definite):
        return None
    found = _latest_group(reg, lambda actor: _same_kind_of_group(actor, lemma, sector))
    if found is None and definite and sector in ARMED_BANDS:
        # "Armed bandits stormed a school ... The attackers arrived on motorcycles": no organisation was named,
        # and the armed men the story told of before are the ones it goes on with
        found = _latest_group(reg, _is_armed_band)
    return found


# Sectors of armed non-state groups that a definite description ('the attackers', 'the gunmen') continues.
ARMED_BANDS = ("REB", "UAF", "CRM")


def _is_armed_band(actor: Actor) -> bool:
    """A generic armed non-state group ('Bandits', 'Rebels in Mali', 'gunmen') named before."""
    return actor.kind == "group" and actor.sector in ARMED_BANDS


def spokesperson(reg: ActorRegistry, head, toks, country, principal: Actor | None = None) -> Actor:
    """The spokesperson a description names ('its spokesman', 'army spokesman'), who speaks for the
    principal: the possessor, the body a modifier names, or unknown ('?')."""
    sector = None
    for t in toks:
        if t.i < head.i and t.dep_ in ("compound", "amod", "nmod"):
            s = reg.kb.agent_sectors(t.lemma_.lower())
            if s and "SPK" not in s:
                sector = s[0]  # "army spokesman": speaks for the army
    for child in head.children:
        if child.dep_ == "poss" and principal is None:
            aid = None
            for a in reg.order:
                if any(m.token_start <= child.i < m.token_end for m in a.mentions):
                    aid = a
            principal = aid
    text = phrase_text(toks)
    key = f"spokes:{principal.actor_id if principal else text.lower()}"
    actor = reg.get(
        key,
        lambda: Actor(
            actor_id="",
            name=text,
            country=principal.country if principal else country,
            sector=principal.sector if principal else sector,
            kind="person",
            role=head.lower_,
            why="spokesperson",
        ),
    )
    if actor.country is None and sector:
        reg.pending_spokes.append(actor)
    actor.speaks_for = principal.actor_id if principal else "?"
    actor.code = cameo_code(actor.country, actor.sector)
    return actor


def same_head(reg: ActorRegistry, toks, root) -> Actor | None:
    """An earlier actor named by the same head noun: 'the coalition' or a 'coalition' modifier."""
    definite = any(t.lower_ in EN.definite_determiners for t in toks[:1]) or any(
        c.lower_ in EN.definite_determiners and c.dep_ == "det" for c in root.children
    )
    lemma = root.lemma_.lower()
    has_country = any(t.ent_type_ in ("GPE", "NORP") for t in toks if t.i != root.i)
    names = [t.lower_ for t in toks if t.i < root.i and t.pos_ == "PROPN"]
    if definite and lemma in reg.heads and not has_country and root.pos_ == "NOUN":
        earlier = reg.heads[lemma]
        if lemma in reg.name_heads and root.tag_ == "NNS":
            return None  # "the two parties" after "the Democratic Party": not that party
        if names and not all(n in earlier.name.lower().split() for n in names):
            return None  # "the Los Choneros gang" after "the Los Lobos gang": another gang
        own = of_country(reg.kb, root)
        if own is not None and own[0] != earlier.country:
            return None  # "the president of Togo" after "the president" of another country
        return earlier
    for t in toks:
        if (
            t.i < root.i
            and t.dep_ in ("compound", "nmod")
            and t.pos_ in ("NOUN", "PROPN")
            and t.lemma_.lower() in reg.heads
        ):
            return reg.heads[t.lemma_.lower()]
    return None
