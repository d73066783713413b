"""From a coded trigger to Event records: actors and recipients resolved, reciprocal pairs, implied
recipients, place, time, sentence and trigger spans."""

from __future__ import annotations

from ..lang import english
from ..model import Event
from .kinds import NEEDS_RECIPIENT
from .place_time import place_location
from .state import CoderState

EN = english()  # the language's word lists (lang/en/*.yaml), loaded once per process

# An event with no actor is less sure to be a report of one; one with a recipient, more.
NO_ACTOR_PENALTY = 0.15
RECIPIENT_BONUS = 0.1


class EventRecords(CoderState):
    """The coder's record building (a mixin of EventCoder)."""

    def emit(
        self,
        etype,
        mode,
        cameo,
        actor_toks,
        recip_toks,
        trigger_toks,
        sent,
        clause,
        why,
        *,
        confidence,
        modality=None,
        place_recipient=False,
        own=None,
        actor_ids=None,
        recip_ids=None,
        own_timex_ok=False,
        dyadic_only=False,
    ) -> None:
        """Record what a rule found: one Event per actor-recipient pair, with its place, time and evidence
        (none when the grammar gives no party, or too few for the rule)."""
        from_tokens = (actor_ids is None, recip_ids is None)
        for t in list(actor_toks) + list(recip_toks):
            self.actor_rule_at.pop(t.i, None)  # named below only if it refers to a party now
        actor_ids, recip_ids = self.party_ids(actor_toks, recip_toks, actor_ids, recip_ids)
        why += self.party_rules(actor_toks if from_tokens[0] else [], recip_toks if from_tokens[1] else [])
        trigger_toks = sorted({t.i: t for t in trigger_toks}.values(), key=lambda t: t.i)
        own, clause = self.shared_setting(trigger_toks[0], own or trigger_toks, clause)
        location = self.location_for(
            list(own) + [t for r in recip_toks for t in r.subtree if r.dep_ in ("dobj", "nsubjpass")], clause
        )
        recip_location = self.recipient_locations(recip_toks)
        pairs, recip_ids, why = self.implied_recipients(
            etype,
            cameo,
            actor_toks,
            actor_ids,
            recip_ids,
            trigger_toks,
            sent,
            why,
            location,
            place_recipient,
            own_timex_ok,
        )
        if not pairs and not _enough_parties(etype, actor_ids, recip_ids, dyadic_only):
            return  # a pair named ("the two sides met") is its own recipients
        lead_place = self.lead_place(sent)
        tx = self.timex_for(list(own), clause, trigger_toks[0].i)
        text = self.work.article.text
        s_start, s_end = _stripped(text, sent.start_char, sent.end_char)
        t_start, t_end = trigger_toks[0].idx, trigger_toks[-1].idx + len(trigger_toks[-1].text)
        for a, r in pairs or [(a, r) for a in actor_ids or [None] for r in recip_ids or [None]]:
            ev = Event(
                id="",
                type=etype,
                mode=mode,
                cameo=cameo,
                actor=a,
                recipient=r,
                sentence=text[s_start:s_end],
                start=s_start,
                end=s_end,
                trigger=" ".join(t.text for t in trigger_toks),
                trigger_start=t_start,
                trigger_end=t_end,
                location=recip_location.get(r, location),
                confidence=confidence - (NO_ACTOR_PENALTY if a is None else 0) + (RECIPIENT_BONUS if r else 0),
                why=why,
                sentence_index=sent.start,
            )
            ev.timex = tx
            ev.trigger_token = trigger_toks[0]
            ev.preset_modality = modality
            ev.lead_place = lead_place
            self.events.append(ev)

    def lead_place(self, sent):
        """The dateline's place for a sentence of the dateline's paragraph, else None: the lead paragraph
        happened where the story was filed, unless the sentence says otherwise (applied after events are
        merged: see boundaries)."""
        dl = self.work.dateline
        para = self.work.dateline_paragraph
        return place_location(dl) if dl is not None and para and para[0] <= sent.start_char < para[1] else None

    def party_ids(self, actor_toks, recip_toks, actor_ids, recip_ids):
        """(actor ids, recipient ids): the given ones or those the tokens refer to, groups expanded
        ("the two neighbours agreed": both of them), each once, no actor its own recipient."""
        if actor_ids is None:
            actor_ids = [a for a in (self.actor_of(t) for t in actor_toks) if a]
        if recip_ids is None:
            recip_ids = [a for a in (self.recipient_of(t) for t in recip_toks) if a]
            recip_ids += [
                a
                for t in recip_toks
                if self.actor_rule_at.get(t.i) == "actor inside"
                for a in self.coordinated_inside(t)
            ]
        for t in actor_toks:
            actor_ids += [a for a in self.work.token_group.get(t.i, []) if a not in actor_ids]
        actor_ids = list(dict.fromkeys(actor_ids))
        recip_ids = [r for r in dict.fromkeys(recip_ids) if r not in actor_ids]
        return actor_ids, recip_ids

    def shared_setting(self, first, own, clause):
        """(own tokens, clause): "bombed a market in Kabkabiya on Tuesday, killing 23", "shelled Gao on
        Monday and killed four soldiers": the second verb's where and when are the first's."""
        shares_subject = not any(c.dep_ in ("nsubj", "nsubjpass") for c in first.children)
        if (
            first.dep_ == "advcl"
            and first.tag_ == "VBG"
            or (first.dep_ == "conj" and first.head.pos_ == "VERB" and shares_subject)
        ):
            clause = self.clause_tokens(first.head) + [t for t in clause if t.i != first.head.i]
            own = list(own) + [t for c in first.head.children if c.dep_ == "dobj" for t in c.subtree]
        return own, clause

    def recipient_locations(self, recip_toks) -> dict:
        """Recipient id -> the place named in its own phrase ('the market in Kabkabiya')."""
        recip_location = {}
        for r in recip_toks:
            rid = self.actor_of(r) or self.place_actor(r)
            loc = self.location_for(list(r.subtree), [])
            if rid and loc and rid not in recip_location:
                recip_location[rid] = loc
        return recip_location

    def implied_recipients(
        self,
        etype,
        cameo,
        actor_toks,
        actor_ids,
        recip_ids,
        trigger_toks,
        sent,
        why,
        location,
        place_recipient,
        own_timex_ok,
    ):
        """(actor-recipient pairs or None, recipient ids, why) when the text names no recipient: the pair
        named ('the two countries signed'), the sentence's other party, the story's country for aid, the
        place an act concerns."""
        bilateral = cameo.startswith(("04", "057")) or trigger_toks[0].lemma_.lower() in EN.agreement_verbs
        pairs = None
        group = list(dict.fromkeys(a for t in actor_toks for a in self.work.token_group.get(t.i, [])))
        if len(group) >= 2 and not recip_ids and (bilateral or trigger_toks[0].lemma_.lower() in EN.mutual_verbs):
            # "the two countries signed a deal": each signed with the other
            pairs = [(a, r) for a in group for r in group if a != r]
            why += "; reciprocal: the pair named"
        # checked last: a trigger's subtree can span its whole sentence
        if (
            not recip_ids
            and actor_ids
            and etype in ("AGREE", "AID")
            and (
                cameo.startswith(("033", "07"))
                or any(
                    c.ent_type_ == "MONEY"
                    for t in trigger_toks
                    for c in t.subtree
                    if c.dep_ in ("dobj", "nummod", "appos", "quantmod", "compound", "pobj")
                )
            )
        ):
            # "donors pledged $4.4 billion": the money goes to the country the story is about
            a = self.work.registry.by_id(actor_ids[0])
            main = self.work.main_country
            if main and a is not None and a.country != main:
                rid = self.country_actor(main)
                if rid:
                    recip_ids = [rid]
                    why += f"; recipient: the story's country ({main})"
        if not recip_ids and place_recipient and actor_ids:
            iso = (location or {}).get("country") or self.work.main_country
            rid = self.country_actor(iso) if iso else None
            if rid and rid not in actor_ids:
                recip_ids = [rid]
                why += f"; recipient: the place it concerns ({iso})"
        return pairs, recip_ids, why


def _enough_parties(etype, actor_ids, recip_ids, dyadic_only) -> bool:
    """Whether the parties found are enough for a record: at least one side, a recipient where the event type
    needs one, and both sides for a `dyadic_only` rule (PETRARCH's bare verb lists are broad: 'take',
    'improve', 'send' are trusted only when the grammar gives both sides)."""
    if not actor_ids and not recip_ids:
        return False
    if etype in NEEDS_RECIPIENT and not recip_ids:
        return False
    return not (dyadic_only and not (actor_ids and recip_ids))


def _stripped(text: str, start: int, end: int) -> tuple[int, int]:
    """A character span without the white space at either end."""
    while end > start and text[end - 1].isspace():
        end -= 1
    while start < end and text[start].isspace():
        start += 1
    return start, end
