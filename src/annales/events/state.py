"""What the EventCoder's rule mixins share (events/coder.py composes them): the article's state, which
EventCoder.__init__ sets, and the helpers that one mixin defines and the others call. Declared once here, so
that each mixin says what it may use and the type checker reads their bodies; the helpers' definitions stay
in their own modules."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..actors.kb import KnowledgeBase
    from ..actors.registry import ActorRegistry
    from ..model import Event, Timex
    from .lexicon import Lexicon

Token = Any  # a spaCy token (spaCy's Cython classes have no type information)


class CoderState:
    """Base of every rule mixin: the state of the article being coded and the mixins' shared helpers."""

    # the article (EventCoder.__init__)
    work: Any  # the pipeline's per-article Work (stages never import the pipeline)
    doc: Any  # its spaCy Doc
    lex: Lexicon
    kb: KnowledgeBase
    reg: ActorRegistry
    events: list[Event]  # coded so far
    consumed: set[int]  # token indices already a trigger
    light_of: dict[int, tuple]  # noun token -> (light verb token, effect)
    timex_at: dict[int, Timex]  # token index -> the time expression it is part of
    actor_rule_at: dict[int, str]  # token index -> the actor rule that answered for it
    subject_rules_at: dict[int, str]  # subject token index -> the subject rules that found it
    inside_at: dict[int, Token]  # phrase token index -> the token where `actor_inside` found a party in it

    # arguments.py
    actor_of: Callable[[Token], str | None]
    actor_inside: Callable[[Token], str | None]
    coordinated_inside: Callable[[Token], list]
    place_actor: Callable[[Token], str | None]
    recipient_of: Callable[[Token], str | None]
    party_rules: Callable[[list, list], str]
    country_actor: Callable[[str], str | None]
    listed: Callable[[Any], str]
    subjects_of: Callable[[Token], list]
    # place_time.py
    clause_tokens: Callable[[Token], list]
    location_for: Callable[[list, list], dict | None]
    timex_for: Callable[[list, list, int], Any]
    # verbs.py and nouns.py
    match_verb: Callable[[Token], tuple]
    noun_entry: Callable[[Token], Any]
    # records.py
    emit: Callable[..., None]
