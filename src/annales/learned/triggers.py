"""The learned trigger stages: a trained model marks the words that report a PLOVER event (with its type),
and events the rules did not find are added from those triggers.

Two stages (pipeline.py): `triggers` runs the tagger (tagger.py) over the article's sentences; `learned_events` adds an event
for each predicted trigger whose sentence has no rule-coded event of that type, with its actor and
recipient from the grammar around the trigger (subject and object, passive agent, possessor of an event
noun, the prepositions that name a target). The tagger is trained by `annales train` (learned/tagger_training.py);
without a trained model the stages add nothing.
"""

from __future__ import annotations

from ..events.lexicon import load as event_lexicon
from ..lang import english
from ..model import Event
from .tagger import shipped_tagger

EN = english()  # the language's word lists (lang/en/*.yaml), loaded once per process

# The CAMEO code an event gets when only its PLOVER type is known: the type's general root code.
TYPE_CAMEO = {
    "AGREE": "03",
    "CONSULT": "04",
    "SUPPORT": "05",
    "COOPERATE": "06",
    "AID": "07",
    "CONCEDE": "08",
    "RETREAT": "08",
    "REQUEST": "10",
    "ACCUSE": "11",
    "REJECT": "12",
    "THREATEN": "13",
    "PROTEST": "14",
    "MOBILIZE": "15",
    "SANCTION": "16",
    "COERCE": "17",
    "ASSAULT": "18",
}
# Prepositions whose object is the target of the act ("fired on", "talks with", "sanctions against").
TARGET_PREPS = ("against", "on", "at", "to", "with", "into", "over", "upon", "toward", "towards", "for", "from", "of")
# Whether a learned event needs an actor found by the grammar. It did until the argument ranker could reach
# beyond the sentence and the verifier could judge actorless events: since 2026-12-07 an event without one is
# kept for them to fill or drop (corpus dev 138 -> 142 core events, precision 0.264 -> 0.261, before retraining).
REQUIRE_ACTOR = False


def predict_triggers(work) -> None:
    """The tagger's triggers in the article's sentences: (start, end, PLOVER type, probability) spans."""
    tagger = shipped_tagger()
    work.learned_triggers = []
    if tagger is None:
        return
    text = work.article.text
    sents = [s for s in work.sents if s.start not in work.skip_sentences and s.end_char - s.start_char > 2]
    for sent, spans in zip(sents, tagger.tag([text[s.start_char : s.end_char] for s in sents]), strict=True):
        work.learned_triggers += [(sent.start_char + a, sent.start_char + b, t, p) for a, b, t, p in spans]


def _mention(work, tok) -> str | None:
    """The actor a phrase refers to: its head's mention, else the first mention inside it."""
    ta = work.token_actor
    if tok.i in ta:
        return ta[tok.i]
    return next((ta[t.i] for t in tok.subtree if t.i in ta), None)


def _object_of_preps(work, tok, skip: str | None = None) -> str | None:
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in TARGET_PREPS and c.lower_ != skip:
            for p in c.children:
                if p.dep_ == "pobj" and (a := _mention(work, p)):
                    return a
    return None


def _subject(work, verb) -> str | None:
    """The subject of a verb, climbing through conjoined, controlled and auxiliary heads ("X met and agreed")."""
    seen = 0
    while verb is not None and seen < 4:
        for c in verb.children:
            if c.dep_ == "nsubj" and (a := _mention(work, c)):
                return a
            if c.dep_ == "agent":
                for p in c.children:
                    if p.dep_ == "pobj" and (a := _mention(work, p)):
                        return a
        if verb.dep_ in ("conj", "xcomp", "advcl", "acl") and verb.head.i != verb.i:
            verb = verb.head
            seen += 1
        else:
            break
    return None


# Types whose agentless passive tells the side that acts: "two battalions were sent to the border".
SELF_ACTING_PASSIVE = frozenset({"MOBILIZE"})


def arguments(work, tok, etype: str | None = None) -> tuple[str | None, str | None]:
    """Actor and recipient of an event of type `etype` whose trigger's head is `tok`, from the grammar around it."""
    if tok.pos_ in ("VERB", "AUX"):
        passive = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
        actor = _subject(work, tok)
        if passive is not None and actor is None and etype in SELF_ACTING_PASSIVE:
            return _mention(work, passive), None
        if passive is not None:
            recipient = _mention(work, passive)
        else:
            recipient = next(
                (_mention(work, c) for c in tok.children if c.dep_ in ("dobj", "dative") and _mention(work, c)), None
            ) or _object_of_preps(work, tok)
        return actor, recipient if recipient != actor else None
    # an event noun: "Israel's strike on Gaza", "the arrest of 12 activists by police", "launched an attack"
    actor = next((_mention(work, c) for c in tok.children if c.dep_ == "poss" and _mention(work, c)), None)
    if actor is None:
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "by":
                actor = next((_mention(work, p) for p in c.children if p.dep_ == "pobj"), None)
    from_source = False
    if actor is None and tok.lemma_.lower() not in EN.removal_nouns:
        # "an offer from the OSCE", "criticism from rights groups": who it comes from made it (but not "a
        # withdrawal from Gao", "the expulsion from the country": there 'from' names what is left)
        sources = (
            _mention(work, p)
            for c in tok.children
            if c.dep_ == "prep" and c.lower_ == "from"
            for p in c.children
            if p.dep_ == "pobj"
        )
        actor = next((a for a in sources if a), None)
        from_source = actor is not None
    if actor is None and tok.dep_ in ("dobj", "nsubjpass", "attr", "pobj"):
        head = tok.head if tok.dep_ != "pobj" else tok.head.head
        actor = _subject(work, head)
    recipient = _object_of_preps(work, tok, skip="from" if from_source else None)
    return actor, recipient if recipient != actor else None


def _clause_timex(work, tok):
    root = tok
    while root.dep_ not in ("ROOT", "ccomp", "advcl", "relcl", "conj") and root.head.i != root.i:
        root = root.head
    inside = {t.i for t in root.subtree}
    return next((tx for first, _last, tx in work.timex_tokens if first in inside), None)


def _clause_place(work, tok) -> dict | None:
    for t in tok.subtree:
        place = work.token_place.get(t.i)
        if place is not None and t.head.dep_ == "prep" and t.head.lower_ in ("in", "at", "near", "outside", "inside"):
            return place.location()
    return None


# Light verbs (data/events/light_verbs.tsv) that tell their object's act as done or planned, adding none.
TELLING_LIGHT_VERBS = ("transparent", "planned")


def add_learned_events(work, source: str = "trigger model") -> None:
    """An event for each predicted trigger that no rule-coded event of its type already reports; `source`
    names the model in the event's `why` (the MiniLM tagger, or the linear trigger classifier)."""
    text = work.article.text
    added: list[Event] = []
    # the characters of the rules' triggers, once: the check below runs for every learned trigger
    read_by_rules = {i for ev in work.result.events for i in range(ev.trigger_start, ev.trigger_end)}
    # "ordered the expulsion", "launched an attack": a light verb whose object is an act the rules read tells
    # that act (planned, done), not another one of its own ('declared a ceasefire', 'sought assistance' do)
    light = event_lexicon().light
    governing = {
        ev.trigger_token.head.i
        for ev in work.result.events
        if getattr(ev, "trigger_token", None) is not None
        and ev.trigger_token.dep_ == "dobj"
        and light.get((ev.trigger_token.head.lemma_.lower(), "")) in TELLING_LIGHT_VERBS
    }
    for start, end, etype, prob in work.learned_triggers:
        span = work.doc.char_span(start, end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        tok = span.root
        if tok.i in work.token_actor:  # a word that names a party ("the protesters") is not the act
            continue
        if tok.idx in read_by_rules or tok.i in governing:
            continue  # the rules read this word already; the model does not give it a second type
        sent = work.sents[work.sent_index[tok.i]]
        if sent.start in work.skip_sentences:
            continue
        s_start, s_end = sent.start_char, sent.end_char
        if any(ev.type == etype and ev.start < s_end and s_start < ev.end for ev in work.result.events + added):
            continue
        actor, recipient = arguments(work, tok, etype)
        if actor is None and REQUIRE_ACTOR:
            continue
        while s_end > s_start and text[s_end - 1].isspace():
            s_end -= 1
        ev = Event(
            id="",
            type=etype,
            mode=None,
            cameo=TYPE_CAMEO[etype],
            actor=actor,
            recipient=recipient,
            sentence=text[s_start:s_end],
            start=s_start,
            end=s_end,
            trigger=span.text,
            trigger_start=span.start_char,
            trigger_end=span.end_char,
            location=_clause_place(work, tok),
            confidence=round(prob * (1.0 if actor else 0.7), 2),
            why=f"{source}: '{span.text}' reports {etype}; actor and recipient from the grammar",
            sentence_index=sent.start,
        )
        ev.trigger_token = tok
        ev.timex = _clause_timex(work, tok)
        added.append(ev)
    work.result.events = sorted(work.result.events + added, key=lambda e: (e.start, e.trigger_start))
