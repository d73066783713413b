"""One identity per actor across articles (issue 13): the canonical key the store, the exports and the
API's actor filter share. "RSF", "RSF (SDN)" and "Rapid Support Forces" are one knowledge-base entry, so
one key, whatever the spelling; an actor the knowledge base lacks is keyed by its normalised name, country
and sector. Keys are built from names, never from the knowledge base's row numbers, so that a store keeps
them when the data files grow.

  country:SDN                       a country (as a state)
  org:SDN:rapid-support-forces      an organisation (knowledge base, else its name)
  person:USA:john-kirby             a person (knowledge base, else name)
  agent:SDN:MIL                     a generic agent: the military of Sudan
  role:USA.head_of_state            an office whose holder the knowledge base does not know on the date
  spokes:<principal's key>          an unnamed spokesperson of a known actor
"""

from __future__ import annotations

import re

from ..model import Actor
from .kb import Entity, KnowledgeBase, norm

# Spellings outlets add to a name the knowledge base knows: a country code in brackets ('RSF (SDN)'), a
# trailing plural or its absence ('Rapid Support Force').
_BRACKETED = re.compile(r"\s*[(\[][^)\]]*[)\]]\s*$")


def slug(name: str) -> str:
    """The normalised name as a key part: 'Kurdistan Workers\u2019 Party' -> 'kurdistan-workers-party'."""
    return re.sub(r"[^a-z0-9]+", "-", norm(name)).strip("-") or "-"


def entity_key(ent: Entity) -> str:
    """The key of a knowledge-base entry, from its canonical name and country."""
    if ent.kind == "country":
        return f"country:{ent.country}"
    country = ent.country or next((s.country for s in ent.spells if s.country), None)
    prefix = "person" if ent.kind == "person" else "org"
    return f"{prefix}:{country or '-'}:{slug(ent.name)}"


def known_variant(kb: KnowledgeBase, name: str) -> Entity | None:
    """The knowledge base's organisation for a spelling it does not list: 'RSF (SDN)', 'Rapid Support Force'."""
    bare = _BRACKETED.sub("", name).strip()
    for variant in dict.fromkeys((bare, bare + "s", bare.removesuffix("s"))):
        if not variant or variant == name:
            continue
        hits = [e for e in kb.lookup(variant) if e.kind == "organization"]
        if hits:
            return hits[0]
    return None


def actor_key(kb: KnowledgeBase, reg_key: str, actor: Actor, by_actor_id: dict[str, Actor]) -> str:
    """The canonical key of an article's actor, from the registry's key for it and its fields."""
    kind, _, rest = reg_key.partition(":")
    ent = kb.entities.get(reg_key)
    if ent is not None:
        return entity_key(ent)
    if kind == "agent":
        country, _, sector_head = rest.partition(":")
        if country == "?":
            sector, _, head = sector_head.partition(":")
            if actor.country:  # given the article's main country after the last phrase
                return f"agent:{actor.country}:{actor.sector or sector or '-'}"
            return f"agent:-:{sector or '-'}:{slug(head)}"
        return f"agent:{actor.country or country}:{actor.sector or sector_head}"
    if kind == "role":
        return reg_key
    if kind == "spokes":
        principal = by_actor_id.get(rest)
        if principal is not None and principal.actor_key:
            return f"spokes:{principal.actor_key}"
        return f"spokes:{actor.country or '-'}:{slug(rest)}"
    if actor.kind in ("organization", "group"):
        variant = known_variant(kb, actor.name)
        if variant is not None:
            return entity_key(variant)
    prefix = "person" if actor.kind == "person" else "org"
    return f"{prefix}:{actor.country or '-'}:{actor.sector or '-'}:{slug(actor.name)}"


def keys_for_name(kb: KnowledgeBase, text: str) -> list[str]:
    """The keys an actor filter's text can mean: the knowledge base's entries of that name or spelling, and
    the text itself when it is a key ('org:SDN:rapid-support-forces')."""
    keys = [text] if ":" in text else []
    entities = kb.lookup(text) or [e for e in (known_variant(kb, text),) if e is not None]
    keys += [entity_key(e) for e in entities]
    return list(dict.fromkeys(keys))
