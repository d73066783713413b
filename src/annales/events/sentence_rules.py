"""Rules over a whole sentence: claimed responsibility, evidence put out against someone, rebuttals
of accusations, exchanges of prisoners."""

from __future__ import annotations

from copy import copy

from ..lang import english
from .kinds import CLAIM_BONUS, EVIDENCE_CONFIDENCE, EXCHANGE_CONFIDENCE
from .state import CoderState

EN = english()  # the language's word lists (lang/en/*.yaml), loaded once per process

# 'X claimed responsibility' names the actor of an attack at most this many tokens before (a few paragraphs).
CLAIM_REACH = 400


class SentenceRules(CoderState):
    """The coder's sentence-level rules (a mixin of EventCoder)."""

    def claimants(self, tok) -> list:
        """The tokens naming who did an attack, where `tok` says so: 'X claimed responsibility', 'the attack was
        claimed by X', 'X was responsible for the explosion' (an attribution the text reports)."""
        lemma = tok.lemma_.lower()
        if lemma in EN.responsibility_verbs:
            if any(c.dep_ == "dobj" and c.lemma_ == "responsibility" for c in tok.children):
                return self.subjects_of(tok)
            if any(c.dep_ == "nsubjpass" and c.lemma_.lower() in EN.claimed_act_nouns for c in tok.children):
                return [p for c in tok.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
        if lemma in EN.responsible_words and tok.dep_ == "acomp" and tok.head.lemma_ == "be":
            acts = [p for c in tok.children if c.dep_ == "prep" and c.lower_ == "for" for p in c.children]
            if any(p.lemma_.lower() in EN.claimed_act_nouns for p in acts):
                return [c for c in tok.head.children if c.dep_ == "nsubj"]
        return []

    def claimed_responsibility(self, sent) -> None:
        """'X claimed responsibility': X is the actor of the latest attack that had none."""
        for tok in sent:
            said_by = self.claimants(tok)
            if said_by:
                claimants = [a for a in (self.actor_of(s) for s in said_by) if a]
                if not claimants:
                    continue
                for ev in reversed(self.events):
                    if ev.type != "ASSAULT" or sent.start - ev.sentence_index >= CLAIM_REACH:
                        continue
                    if ev.actor is None:
                        ev.actor = claimants[0]
                        ev.why += f"; actor from '{tok.text} responsibility'"
                        ev.confidence += CLAIM_BONUS
                        break
                    known = self.reg.by_id(ev.actor)
                    if known is not None and known.sector in ("UAF", "UNK", None) and known.kind != "person":
                        # "gunmen attacked ... al Shabaab claimed responsibility": the group says it was them
                        claimed = copy(ev)
                        claimed.actor, claimed.modality = claimants[0], "claimed"
                        claimed.preset_modality = "claimed"
                        claimed.why = ev.why + f"; claimed by '{tok.text} responsibility'"
                        self.events.append(claimed)
                        break

    def evidence_accusations(self, sent) -> None:
        """'X released video that it said showed Y removing a mine': putting out evidence against Y is an
        accusation of Y."""
        for tok in sent:
            if tok.lemma_.lower() not in EN.evidence_verbs:
                continue
            for obj in tok.children:
                if obj.dep_ != "dobj" or obj.lemma_.lower() not in EN.evidence_nouns:
                    continue
                shown = [t for t in tok.subtree if t.lemma_.lower() in EN.showing_verbs and t.i > obj.i]
                for s in shown:
                    targets = [c for c in s.children if c.dep_ in ("dobj", "ccomp", "nsubj") and c.i > s.i]
                    for t in targets:
                        who = t if t.dep_ != "ccomp" else next((c for c in t.children if c.dep_ == "nsubj"), None)
                        if who is None:
                            continue
                        if who.dep_ == "dobj" or who.pos_ in ("PROPN", "NOUN"):
                            self.emit(
                                "ACCUSE",
                                "allege",
                                "112",
                                self.subjects_of(tok),
                                [who],
                                [tok, obj],
                                sent,
                                self.clause_tokens(tok),
                                f"'{tok.text} {obj.text}' that '{s.text}' what they did: evidence against them",
                                confidence=EVIDENCE_CONFIDENCE,
                                own=list(tok.subtree),
                            )
                            return

    def rebuttals(self, sent) -> None:
        """'Zarif said Washington had jumped to blame Tehran without a shred of evidence': dismissing an
        accusation against one's own side accuses the accuser."""
        text = sent.text.lower()
        if not any(m in text for m in EN.dismissive_phrases):
            return
        for tok in sent:
            if tok.lemma_.lower() not in EN.rebuttal_verbs or tok.pos_ != "VERB":
                continue
            speaker = next((self.actor_of(c) for c in tok.children if c.dep_ == "nsubj"), None)
            sp = self.reg.by_id(speaker) if speaker else None
            if sp is None:
                continue
            for v in tok.subtree:
                entry, _ = self.match_verb(v) if v.pos_ == "VERB" else (None, None)
                if entry is None or not entry.cameo.startswith(("11", "112")):
                    continue
                accusers = [a for a in (self.actor_of(t) for t in self.subjects_of(v)) if a]
                targets = [a for a in (self.actor_of(c) for c in v.children if c.dep_ == "dobj") if a]
                tgt = self.reg.by_id(targets[0]) if targets else None
                if accusers and tgt is not None and tgt.country and tgt.country == sp.country:
                    self.emit(
                        "ACCUSE",
                        "disapprove",
                        "111",
                        [],
                        [],
                        [tok],
                        sent,
                        self.clause_tokens(tok),
                        f"'{tok.text}': dismisses an accusation against its own side",
                        confidence=EVIDENCE_CONFIDENCE,
                        actor_ids=[speaker],
                        recip_ids=[accusers[0]],
                        own=[tok],
                    )
                    return

    def exchanges(self, sent) -> None:
        """'released 32 soldiers in exchange for two servicemen held by Armenia': the other side releases
        whom it held."""
        for tok in sent:
            if tok.lemma_.lower() not in EN.exchange_words:
                continue
            for prep in tok.children:
                if prep.dep_ != "prep" or prep.lower_ != "for":
                    continue
                for held in prep.children:
                    if held.dep_ != "pobj":
                        continue
                    holders = [
                        p
                        for a in held.children
                        if a.dep_ == "acl" and a.lemma_ in EN.holding_verbs
                        for ag in a.children
                        if ag.dep_ == "agent"
                        for p in ag.children
                        if p.dep_ == "pobj"
                    ]
                    if holders:
                        self.emit(
                            "RETREAT",
                            "release",
                            "0841",
                            holders,
                            [held],
                            [tok],
                            sent,
                            self.clause_tokens(tok),
                            f"'{tok.text} for ... held by': the holder releases them",
                            confidence=EXCHANGE_CONFIDENCE,
                            own=list(tok.subtree),
                        )

    def expulsions(self, sent) -> None:
        """'ordered two Swedish embassy employees to leave the country', 'declared three diplomats persona non
        grata': an expulsion (SANCTION expel, CAMEO 166) of those told to go, by whoever told them."""
        for tok in sent:
            lemma = tok.lemma_.lower()
            if lemma in EN.ordering_verbs and tok.pos_ == "VERB":
                told = [c for c in tok.children if c.dep_ == "dobj"]
                goes = [c for c in tok.children if c.dep_ == "xcomp" and c.lemma_.lower() in EN.departure_verbs]
                if told and goes:
                    self._expulsion(tok, self.subjects_of(tok), told, sent, f"'{tok.text} ... to {goes[0].text}'")
            elif tok.lower_ == "grata" and tok.i >= 2 and sent.doc[tok.i - 2].lower_ == "persona":
                verb = next(
                    (a for a in tok.ancestors if a.pos_ == "VERB" and a.lemma_.lower() in EN.declaring_verbs), None
                )
                if verb is None:
                    continue
                passive = [c for c in verb.children if c.dep_ == "nsubjpass"]
                named = passive or [
                    c
                    for h in (verb, *verb.children)
                    for c in h.children
                    if c.dep_ in ("dobj", "nsubj") and c.i > verb.i
                ]
                doers = [] if passive else self.subjects_of(verb)
                doers += [p for c in verb.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
                if named:
                    self._expulsion(verb, doers, named, sent, f"'{verb.text} ... persona non grata'")

    def _expulsion(self, verb, doers, expelled, sent, how: str) -> None:
        self.emit(
            "SANCTION",
            "expel",
            "166",
            doers,
            expelled,
            [verb],
            sent,
            self.clause_tokens(verb),
            f"{how}: an expulsion of those told to go",
            confidence=EVIDENCE_CONFIDENCE,
            own=list(verb.subtree),
        )
