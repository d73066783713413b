"""The actors of one article: one registry creates, keys and numbers them, and remembers what later
mentions refer back to (the last person, the last group, head nouns, acronyms, possessive owners)."""

from __future__ import annotations

from ..lang import english
from ..model import Actor
from .codes import cameo_code
from .identity import actor_key
from .kb import Entity, KnowledgeBase

EN = english()  # the language's word lists (lang/en/*.yaml), loaded once per process


class ActorRegistry:
    """Actors of one article, keyed by identity, with their mentions in text order."""

    def __init__(self, kb: KnowledgeBase, date: str | None):
        self.kb = kb
        self.date = date
        self.by_key: dict[str, Actor] = {}
        self.order: list[Actor] = []
        self.by_actor_id: dict[str, Actor] = {}  # ids are given once, in get()
        self.last_person: list[tuple[int, Actor]] = []  # (token index, actor) of person mentions
        self.last_group: list[tuple[int, Actor]] = []
        self.pending_spokes: list[Actor] = []
        self.heads: dict[str, Actor] = {}  # head noun lemma of a description -> the actor it named last
        self.name_heads: set[str] = set()  # those of `heads` that came from an organisation's name ('Association')
        self.subject_tokens: set[int] = set()  # first tokens of mentions that are clause subjects
        self.acronyms: dict[str, Actor] = {}  # "MCP" -> the organisation introduced as "... (MCP)"
        self.sent_start: dict[int, int] = {}  # token index -> its sentence's first token
        self.core_tokens: set[int] = set()  # first tokens of mentions that are a verb's subject or object
        # token index of a resolved possessive pronoun -> its actor: "its armed forces" after "Germany would"
        self.possessive_owner: dict[int, Actor] = {}

    def by_id(self, actor_id: str) -> Actor | None:
        """The actor with this id, or None."""
        return self.by_actor_id.get(actor_id)

    def get(self, key: str, make) -> Actor:
        """The actor of this key, made (and numbered) by `make` the first time."""
        if key not in self.by_key:
            actor = make()
            actor.key = key
            actor.actor_id = f"A{len(self.order) + 1}"
            self.by_key[key] = actor
            self.order.append(actor)
            self.by_actor_id[actor.actor_id] = actor
            actor.actor_key = actor_key(self.kb, key, actor, self.by_actor_id)
        return self.by_key[key]

    def refresh_actor_keys(self) -> None:
        """Each actor's canonical key again, after later rules gave country-less actors a country."""
        for actor in self.order:
            actor.actor_key = actor_key(self.kb, actor.key, actor, self.by_actor_id)

    def from_entity(self, ent: Entity) -> Actor:
        """The actor of a knowledge-base entity, as it was on the article's date."""

        def make():
            country, sector, title, why = ent.at(self.date)
            return Actor(
                actor_id="",
                name=ent.name,
                country=country,
                sector=sector,
                role=title,
                code=cameo_code(country, sector),
                kind=ent.kind,
                gender=ent.gender,
                why=f"knowledge base: {why}",
            )

        return self.get(ent.id, make)

    def generic(self, country: str | None, sector: str | None, text: str, head: str) -> Actor:
        """The generic agent of a country and sector ('Police of Georgia'), or of a head noun when the
        country is unknown."""
        key = f"agent:{country}:{sector}" if country else f"agent:?:{sector}:{head}"

        def make():
            name = (
                EN.sector_names.get(sector or "", "").format(c=self.kb.country_names.get(country, country))
                if country and sector in EN.sector_names
                else text
            )
            return Actor(
                actor_id="",
                name=name,
                country=country,
                sector=sector,
                code=cameo_code(country, sector),
                kind="group",
                why=f"generic agent '{head}'" + (f" of {country}" if country else ""),
            )

        return self.get(key, make)
