"""The events stage: find each event in each sentence, code it (CAMEO, then PLOVER type and mode) and
take its actor and recipient from the grammar: subjects and objects, passives, prepositional roles,
nominal events, light verbs ('ordered a reduction'), relative clauses and control ('pressed X to ...').

`EventCoder` puts together one mixin per rule family: `verbs`, `nouns`, `sentence_rules` (rules over a
whole sentence), `arguments` (actor and recipient), `place_time` (where and when) and `records` (the
Event records); `kinds` holds the type groups and confidences they share.
"""

from __future__ import annotations

from ..model import Event
from . import lexicon
from .arguments import Arguments
from .nouns import NounRules, gerund_as_noun
from .place_time import PlaceTime
from .records import EventRecords
from .sentence_rules import SentenceRules
from .verbs import VerbRules


class EventCoder(Arguments, PlaceTime, VerbRules, NounRules, EventRecords, SentenceRules):
    """Codes the events of one article (one `Work`); each rule family lives in its own module."""

    def __init__(self, work):
        self.work = work
        self.doc = work.doc
        self.lex = lexicon.load()
        self.reg = work.registry
        self.kb = work.kb
        self.consumed: set[int] = set()
        self.light_of: dict[int, tuple] = {}  # noun token -> (light verb token, effect)
        self.events: list[Event] = []
        # token index -> the named rule that found its actor, and the subject rules that led to it as a subject:
        # an event's `why` names them (issue 12: every rule that decides is named and counted by evaluate)
        self.actor_rule_at: dict[int, str] = {}
        self.subject_rules_at: dict[int, str] = {}
        self.inside_at: dict = {}  # phrase token index -> the token inside it where `actor_inside` found a party
        self.timex_at = {}
        for first, last, tx in work.timex_tokens:
            for i in range(first, last + 1):
                self.timex_at[i] = tx

    def run(self) -> list[Event]:
        """The article's events, sentence by sentence: verbs, then nouns, then the sentence-level rules."""
        deadline = self.work.deadline
        for sent in self.work.sents:
            deadline.check("events")
            if sent.start in self.work.skip_sentences:
                continue
            before = len(self.events)
            for tok in sent:
                if tok.i in self.work.token_actor:
                    continue  # 'Protect' in "Committee to Protect Journalists" names, it does not act
                if tok.pos_ == "VERB" or (tok.pos_ in ("VERB", "AUX", "ADJ") and tok.tag_.startswith("VB")):
                    self.code_verb(tok, sent)
            verb_triggers = {e.trigger_start for e in self.events[before:]}  # this sentence's, read as verbs
            for tok in sent:
                if tok.pos_ in ("NOUN", "PROPN") or (gerund_as_noun(tok) and tok.idx not in verb_triggers):
                    self.code_noun(tok, sent)
            self.claimed_responsibility(sent)
            self.exchanges(sent)
            self.evidence_accusations(sent)
            self.rebuttals(sent)
            self.expulsions(sent)
        return self.events


def code_events(work) -> None:
    """The events stage: the article's events, in text order, on work.result.events."""
    coder = EventCoder(work)
    events = coder.run()
    events.sort(key=lambda e: (e.start, e.trigger_start))
    work.result.events = events
