"""The argument ranker's candidates from beyond the event's sentence: the article's resolved actors named in
the sentences just before it, in the headline and the lead, the dateline's country, the story's most
mentioned actor, and the parties of the event before it. An implied party is often named earlier ("The
rebels seized the town. The group then demanded ..."; a headline's "Britain defends aid freeze" for a later
"defended the decision"); each candidate carries what lets the model learn when to reach back: how far, from
where, how often the article names it, whether the event's own sentence has a party or a pronoun subject.

Everything the article needs is gathered once per article (`ArticleContext`), so that an event costs a few
dictionary look-ups: the ranker runs on every event.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import Any

SENTENCES_BEFORE = 2  # sentences before the event's own whose actors are candidates
SUBJECT_DEPS = ("nsubj", "nsubjpass")


@dataclass(frozen=True)
class Reach:
    """A candidate named outside the event's sentence."""

    token: Any  # its nearest mention before the event's sentence (spaCy token), or None if none is before
    distance: int  # sentences back to that mention (0: no mention before the event's sentence)
    same_paragraph: bool  # that mention is in the event's paragraph
    sources: tuple[str, ...]  # why it is a candidate: prev, headline, lead, dateline, salient, prev_event
    mentions: int  # how many mentions the article has of it
    prev_event: str  # "actor" or "recipient" of the event before, else "no"
    own: int  # how many actors the event's own sentence names (capped at 2)
    subject: str  # the trigger's subject (trigger_subject)


def lead_sentence(work, headline: int | None) -> int | None:
    """The index of the lead's first sentence: the first with a verb in the dateline's paragraph (the parse
    may make the dateline a sentence of its own), else after the headline."""
    para = work.dateline_paragraph
    start = para[0] if para else (work.sents[headline].end_char if headline is not None else 0)
    return next(
        (k for k, s in enumerate(work.sents) if s.start_char >= start and any(t.pos_ in ("VERB", "AUX") for t in s)),
        None,
    )


def trigger_subject(work, trig) -> str:
    """What the trigger's clause has for a subject: 'actor' (a resolved mention), 'pronoun', 'generic' (a
    noun that names no actor: "the group"), or 'none' (a passive or a noun trigger with no subject)."""
    for node in (trig, trig.head):
        subj = next((c for c in node.children if c.dep_ in SUBJECT_DEPS), None)
        if subj is not None:
            if subj.i in work.token_actor:
                return "actor"
            return "pronoun" if subj.pos_ == "PRON" else "generic"
        if node.dep_ not in ("xcomp", "conj", "advcl"):
            break
    return "none"


class ArticleContext:
    """What the ranker reads of the whole article, gathered once: the sentences each actor is named in,
    mention counts, the headline's and lead's actors, the dateline's country, the most mentioned actor, and
    the parties of each sentence's events as the rules left them."""

    def __init__(self, work):
        self.sent_of_token = work.sent_index
        self.first_token: dict[tuple[int, str], Any] = {}  # (sentence, actor) -> its first mention token there
        self.named: dict[str, list[int]] = {}  # actor -> sorted sentences naming it
        self.by_sentence: dict[int, list[str]] = {}  # sentence -> actors named in it
        for i in sorted(work.token_actor):
            k, a = work.sent_index[i], work.token_actor[i]
            if (k, a) not in self.first_token:
                self.first_token[(k, a)] = work.doc[i]
                self.named.setdefault(a, []).append(k)
                self.by_sentence.setdefault(k, []).append(a)
        self.mentions = {a.actor_id: len(a.mentions) for a in work.result.actors}
        # sentences that say something: page furniture and runs of punctuation are no sentence back
        self.told = [
            k for k, s in enumerate(work.sents) if s.start not in work.skip_sentences and any(t.is_alpha for t in s)
        ]
        self.paragraph = _paragraph_of_sentences(work)
        headline = work.headline
        lead = lead_sentence(work, headline)
        # the verbless lines between the headline and the lead ("DAKAR (Reuters) -", a byline) say where and by
        # whom the story was filed, not who did what next: their actors are no 'prev' candidates
        self.before_lead = {k for k in range(lead or 0) if k != headline}
        self.fixed: dict[str, set[str]] = {}  # actor -> article-wide sources (headline, lead, dateline, salient)
        for source, k in (("headline", headline), ("lead", lead)):
            for a in self.by_sentence.get(k, []) if k is not None else ():
                self.fixed.setdefault(a, set()).add(source)
        for source, a in (("dateline", _dateline_country_actor(work)), ("salient", self._most_mentioned())):
            if a is not None:
                self.fixed.setdefault(a, set()).add(source)
        # (sentence, actor, recipient) of each event, in text order, as the rules left them
        self.events = sorted(
            (
                (work.sent_index[e.trigger_token.i], e.actor, e.recipient)
                for e in work.result.events
                if e.trigger_token is not None
            ),
            key=lambda e: e[0],
        )

    def _most_mentioned(self) -> str | None:
        return max(self.mentions, key=self.mentions.__getitem__, default=None)

    def _event_before(self, k: int) -> tuple[str | None, str | None]:
        """The actor and recipient of the last event in a sentence before k."""
        before = [e for e in self.events if e[0] < k]
        return (before[-1][1], before[-1][2]) if before else (None, None)

    def reach(self, work, event, own: dict) -> dict[str, Reach]:
        """Candidates for an event that `own` (its sentence's candidates, None for 'no actor') does not hold."""
        k = self.sent_of_token[event.trigger_token.i]
        per_event = {"own": min(len(own) - (None in own), 2), "subject": trigger_subject(work, event.trigger_token)}
        sources: dict[str, set[str]] = {a: set(s) for a, s in self.fixed.items()}
        here = bisect_left(self.told, k)
        for j in self.told[max(0, here - SENTENCES_BEFORE) : here]:
            for a in self.by_sentence.get(j, []) if j not in self.before_lead else ():
                sources.setdefault(a, set()).add("prev")
        actor, recipient = self._event_before(k)
        for party in (actor, recipient):
            if party is not None:
                sources.setdefault(party, set()).add("prev_event")
        out = {}
        for a, src in sources.items():
            if a in own:
                continue
            prev = "actor" if a == actor else "recipient" if a == recipient else "no"
            out[a] = self._one(a, k, tuple(sorted(src)), prev, per_event)
        return out

    def _one(self, a: str, k: int, sources: tuple[str, ...], prev_event: str, per_event: dict) -> Reach:
        sents = self.named.get(a, [])
        j = bisect_left(sents, k) - 1  # the last sentence before k naming it
        before = sents[j] if j >= 0 else None
        return Reach(
            token=self.first_token[(before, a)] if before is not None else None,
            distance=self._sentences_between(before, k) if before is not None else 0,
            same_paragraph=before is not None and self.paragraph[before] == self.paragraph[k],
            sources=sources,
            mentions=self.mentions.get(a, 1),
            prev_event=prev_event,
            **per_event,
        )

    def _sentences_between(self, before: int, k: int) -> int:
        """How many sentences that say something lie from `before` to `k` (1: the one just before)."""
        return max(1, bisect_left(self.told, k) - bisect_left(self.told, before))


def _paragraph_of_sentences(work) -> list[int]:
    """Each sentence's paragraph number: a new paragraph starts after a blank line (after any line break in
    a text with no blank lines). A sentence may carry the line breaks before or after it as spaces."""
    text = work.article.text
    breaks = [m.end() for m in re.finditer(r"\n\s*\n" if re.search(r"\n\s*\n", text) else r"\n", text)]
    return [bisect_right(breaks, s.start_char + len(s.text) - len(s.text.lstrip())) for s in work.sents]


def _dateline_country_actor(work) -> str | None:
    """The article's actor for the country of its dateline, if the article names that country."""
    dl = work.dateline
    country = getattr(dl, "country", None)
    if not country:
        return None
    for kind in ("country", "group"):
        for a in work.result.actors:
            if a.country == country and a.kind == kind and (kind == "country" or a.sector == "GOV"):
                return a.actor_id
    return None


def reach_features(event, cand: str | None, reach: Reach | None, role: str, actors: dict) -> list[str]:
    """The reach model's features of a candidate named beyond the event's sentence (or of none): how far back
    and from where, how often the article names it, whether the event's sentence has parties or a subject of
    its own, the event type and trigger."""
    etype, r = event.type, f"{role}|reach"
    if cand is None or reach is None:
        return [f"{r}|none", f"{r}|none|{etype}"]
    a, other = actors.get(cand), event.recipient if role == "actor" else event.actor
    kind, sector = getattr(a, "kind", "?"), getattr(a, "sector", None) or "-"
    dist = min(reach.distance, 4)
    own = f"own={reach.own}|subj={reach.subject}"
    feats = [
        r,
        f"{r}|{etype}",
        f"{r}|dist={dist}",
        f"{r}|dist={dist}|{etype}",
        f"{r}|para={reach.same_paragraph}|dist={dist}",
        f"{r}|mentions={min(reach.mentions, 6)}",
        f"{r}|{own}",
        f"{r}|{own}|{etype}",
        f"{r}|kind={kind}|{own}",
        f"{r}|sector={sector}|{etype}",
        f"{r}|prev_event={reach.prev_event}",
        f"{r}|prev_event={reach.prev_event}|{etype}",
        f"{r}|lemma={event.trigger_token.lemma_.lower()}",
        f"{r}|other_role={cand == other}",
        f"{r}|rule={cand == (event.actor if role == 'actor' else event.recipient)}",
        f"{r}|sources={len(reach.sources)}",
        # an attacker is seldom of the attacked party's country, a visitor seldom of its host's
        f"{r}|same_country_as_other={_same_country(a, actors.get(other))}|{etype}",
    ]
    for s in reach.sources:
        feats += [f"{r}|src={s}", f"{r}|src={s}|{etype}", f"{r}|src={s}|{own}", f"{r}|src={s}|kind={kind}"]
    if reach.token is not None:
        feats += [f"{r}|was={reach.token.dep_}", f"{r}|was={reach.token.dep_}|{own}"]
    return feats


def _same_country(a, b) -> str:
    """Whether two actors are of one country ('-' when the other role is empty or a country is unknown)."""
    if a is None or b is None or not a.country or not b.country:
        return "-"
    return str(a.country == b.country)
