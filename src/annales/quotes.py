"""The quotes stage: direct and reported quotes with their speaker and, when a spokesperson relays,
who they speak for (`via` is the spokesperson)."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Any

from .actors.codes import cameo_code
from .lang import english
from .model import Quote

EN = english()  # the language's word lists (lang/en/*.yaml), loaded once per process

# The statement a quote is attributed to was issued at most this many tokens before ("issued a statement").
STATEMENT_REACH = 400
# Quoted phrases shorter than this many words, with no speaker, are scare quotes ("endless wars").
SCARE_QUOTE_WORDS = 3
# A quote with no attribution within this many characters of the last one continues its speaker.
SAME_SPEAKER_GAP = 300

QUOTE_RE = re.compile(r"[\"“]([^\"“”\n]{1,2000}?)[\"”]")


def _actor(work, tok):
    if tok is None:
        return None
    if tok.lower_ in EN.subject_relatives and tok.head.dep_ == "relcl":
        tok = tok.head.head  # "the security ministry, which said ...": the ministry
    for c in tok.children:  # "the spokesman Yahya Saree": the named one
        if c.dep_ == "appos" and c.pos_ == "PROPN" and c.i in work.token_actor:
            return work.token_actor[c.i]
    aid = work.token_actor.get(tok.i)
    if aid is None:
        for c in tok.children:
            if c.dep_ in ("compound", "poss") and c.i in work.token_actor:
                aid = work.token_actor[c.i]
    return aid


def _issuer(work, noun):
    """Who issued the statement a quote is attributed to: its owner ('its statement', 'the group's
    statement'), else the subject of an earlier 'issued/released a statement', else nobody."""
    owner = _actor(work, next((c for c in noun.children if c.dep_ == "poss"), None))
    if owner:
        return owner
    for t in reversed(noun.doc[max(0, noun.i - STATEMENT_REACH) : noun.i]):
        if t.lemma_.lower() in EN.statement_nouns and t.dep_ in ("dobj", "nsubjpass", "pobj"):
            own = _actor(work, next((c for c in t.children if c.dep_ == "poss"), None))
            verb = t.head.head if t.dep_ == "pobj" else t.head  # "the command said in a statement"
            found = own or _actor(work, _subject(verb))
            if found:
                return found
    return None


def _quoted_as(tok):
    """The verb 'quoted' of "quoted X as saying", or None."""
    head = tok.head.head if tok.head.lower_ == "as" else tok.head
    return head if tok.lemma_.lower() == "say" and head.lemma_.lower() == "quote" else None


def _subject(tok):
    """The subject of a verb, inherited by conjoined and participle verbs ("accused ... and said",
    "denied ..., telling reporters")."""
    climbed = False
    for _ in range(4):
        subj = next((c for c in tok.children if c.dep_ in ("nsubj",)), None)
        if subj is not None:
            return subj
        if tok.head.i == tok.i:
            return None
        if tok.dep_ == "conj" or (tok.dep_ == "advcl" and tok.tag_ == "VBG") or (climbed and tok.dep_ == "ccomp"):
            climbed = True  # "denied that ..., telling reporters": the parser hangs the participle low
            tok = tok.head
            continue
        return None
    return None


@dataclass
class QuoteInSentence:
    """A quote inside one sentence and the reporting verb closest to it: what the speaker rules read."""

    sent: Any
    q_start: int
    inside: set[int]  # the indices of the tokens inside the quote
    sayer: Any  # the reporting verb ("said")
    sayer_speaker: str | None  # the actor who speaks through it


def _sayers(sent, inside: set[int]) -> list:
    """The reporting verbs outside a quote that have a speaker ("said", "told"); else the accusations or
    condemnations whose clause holds the quote (the accuser's words)."""
    sayers = [
        t
        for t in sent
        if t.lemma_.lower() in EN.reporting
        and t.i not in inside
        and t.pos_ in ("VERB", "AUX")
        and (_subject(t) is not None or _quoted_as(t) is not None)
    ]
    if not sayers:
        sayers = [
            t
            for t in sent
            if t.lemma_.lower() in EN.quoting_acts
            and t.i not in inside
            and t.pos_ == "VERB"
            and _subject(t) is not None
            and any(c.i in inside for c in t.subtree)
        ]
    return sayers


def _sayer_speaker(work, sayer):
    """Who speaks through a reporting verb: its subject, the one quoted ("quoted an army officer as saying"),
    the one denying a participle hangs on, or the issuer of the statement that "said"."""
    speaker = _actor(work, _subject(sayer))
    quoted = _quoted_as(sayer)
    if quoted is not None:
        # "the channel quoted an army officer as saying ...": the officer speaks
        speaker = _actor(work, next((c for c in quoted.children if c.dep_ == "dobj"), None)) or speaker
    if speaker is None and sayer.tag_ == "VBG" and sayer.head.dep_ == "ccomp":
        # "denied that the exercises were a prelude ..., describing them as '...'": the parser hangs the
        # participle on the reported clause; the one describing is who denied
        speaker = _actor(work, _subject(sayer.head.head))
    if speaker is None:
        subj = _subject(sayer)
        if subj is not None and subj.lemma_.lower() in EN.statement_nouns:
            speaker = _issuer(work, subj)  # '"Nobody will surrender," the statement said'
    return speaker


def _inner_speech_speaker(work, quote: QuoteInSentence):
    """'The ministry said the general "warned ..."': a speech verb other than the sayer, touching the quote,
    whose subject outside the quote is another actor: the one who speaks (the sayer relays)."""
    for t in quote.sent:
        if t.i == quote.sayer.i or t.lemma_.lower() not in EN.inner_speech or t.pos_ not in ("VERB", "AUX"):
            continue
        subj = _subject(t)
        if subj is None or subj.i in quote.inside:
            continue
        if not any(c.i in quote.inside for c in t.subtree) and t.i not in quote.inside:
            continue
        a = _actor(work, subj)
        if a and a != quote.sayer_speaker:
            return a
    return None


def _named_before_quote(work, quote: QuoteInSentence):
    """'Smith "discussed ..."': a named actor right before a quote that opens on a verb."""
    first = next((t for t in quote.sent if quote.q_start <= t.idx), None)
    before = [t for t in quote.sent if t.idx < quote.q_start and not t.is_punct and not t.is_space]
    if first is not None and first.tag_ in ("VBD", "VBZ", "VBP") and before:
        a = _actor(work, before[-1])
        if a and a != quote.sayer_speaker:
            return a
    return None


# Who speaks in a quote other than the sayer's speaker (who then only relays), in order: the first that names
# someone wins.
INNER_SPEAKER_RULES = (_inner_speech_speaker, _named_before_quote)


def _attribute(work, sent, q_start: int, q_end: int):
    """(speaker, via) for a quote inside a sentence."""
    inside = {t.i for t in sent if q_start <= t.idx < q_end}
    sayers = _sayers(sent, inside)
    if not sayers:
        return None, None
    # the reporting verb closest to the quote
    sayer = min(sayers, key=lambda t: min(abs(t.idx - q_start), abs(t.idx - q_end)))
    quote = QuoteInSentence(sent, q_start, inside, sayer, _sayer_speaker(work, sayer))
    inner_speaker = next((a for rule in INNER_SPEAKER_RULES if (a := rule(work, quote))), None)
    if inner_speaker:
        return inner_speaker, quote.sayer_speaker
    return quote.sayer_speaker, None


def _overlaps_quote(covered: list[tuple[int, int]], starts: list[int], start: int, end: int) -> bool:
    """Whether a sentence [start, end) starts inside a direct quote or has one starting inside it."""
    k = bisect_right(starts, start) - 1  # the last quote starting at or before the sentence
    if k >= 0 and start < covered[k][1]:
        return True
    return k + 1 < len(starts) and starts[k + 1] < end


def extract_quotes(work) -> None:
    """The quotes stage: direct quotes and reported speech with speaker and relaying spokesperson."""
    quotes, covered = _direct_quotes(work)
    quotes += _reported_speech(work, covered)
    _lend_principal(work, quotes)
    quotes.sort(key=lambda q: q.start)
    work.result.quotes = quotes


def _direct_quotes(work) -> tuple[list[Quote], list[tuple[int, int]]]:
    """The quotes in quotation marks with their speakers, and the character spans the marks cover."""
    quotes: list[Quote] = []
    covered = []
    previous: Quote | None = None
    for m in QUOTE_RE.finditer(work.article.text):
        work.deadline.check("quotes")
        q = _direct_quote(work, m, previous)
        if q is not None:
            quotes.append(q)
            previous = q
            covered.append((m.start(), m.end()))
    return quotes, covered


def _direct_quote(work, m: re.Match[str], previous: Quote | None) -> Quote | None:
    """The quote a pair of quotation marks holds, or None for a scare quote or one in a skipped sentence."""
    text = work.article.text
    s, e = m.span(1)
    short = len(m.group(1).split()) < SCARE_QUOTE_WORDS
    span = work.doc.char_span(s, e, alignment_mode="expand")
    if span is None or not len(span):  # only whitespace inside (a quote of cut punctuation)
        return None
    sent = work.sents[work.sent_index[span[0].i]]
    if sent.start in work.skip_sentences:
        return None
    # the attribution can follow in the next sentence fragment: '"...," he said.'
    sents = [sent]
    last = work.sents[work.sent_index[span[-1].i]]
    if last.start != sent.start:
        sents.append(last)
    speaker = via = None
    for snt in sents:
        speaker, via = _attribute(work, snt, s, e)
        if speaker:
            break
    if short and not speaker:
        return None  # a scare-quoted phrase ("endless wars"), not somebody's words
    if (
        not speaker
        and previous is not None
        and 0 <= s - previous.end < SAME_SPEAKER_GAP
        and "\n\n" not in text[previous.end : s]
    ):
        # '"...," said X. "We waited almost three years."': the same speaker goes on
        speaker, via = previous.speaker, previous.via
    return Quote(text=m.group(1), speaker=speaker, via=via, direct=True, start=s, end=e)


def _reported_speech(work, covered: list[tuple[int, int]]) -> list[Quote]:
    """Reported speech without quotation marks ("X said (that) ..."), in the sentences no direct quote touches:
    the first such clause of each sentence."""
    covered_starts = [a for a, _ in covered]  # in text order, not overlapping
    quotes = []
    for sent in work.sents:
        work.deadline.check("quotes")
        if sent.start in work.skip_sentences or _overlaps_quote(
            covered, covered_starts, sent.start_char, sent.end_char
        ):
            continue
        q = next((q for t in sent if (q := _reported_clause(work, t)) is not None), None)
        if q is not None:
            quotes.append(q)
    return quotes


def _reported_clause(work, t) -> Quote | None:
    """The clause a speech verb with a known speaker reports ("the minister said the border would reopen"), or
    None."""
    if t.lemma_.lower() not in EN.reported_speech_verbs or t.pos_ != "VERB":
        return None
    comp = next((c for c in t.children if c.dep_ == "ccomp"), None)
    subj = _subject(t)
    if comp is None or subj is None:
        return None
    speaker = _actor(work, subj)
    if not speaker:
        return None
    toks = sorted(comp.subtree, key=lambda x: x.i)
    toks = [x for x in toks if x.dep_ != "mark" or x.i != toks[0].i]
    start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
    return Quote(text=work.article.text[start:end], speaker=speaker, via=None, direct=False, start=start, end=end)


def _lend_principal(work, quotes: list[Quote]) -> None:
    """A spokesperson the knowledge base lacks takes the country (and sector) of whom they speak for."""
    by_id = {a.actor_id: a for a in work.result.actors}
    for q in quotes:
        if q.via and q.speaker in by_id and q.via in by_id:
            spk, principal = by_id[q.via], by_id[q.speaker]
            if spk.speaks_for in (None, "?"):
                spk.speaks_for = principal.actor_id
            if not spk.country and principal.country:
                spk.country = principal.country
                spk.why += f"; country of {principal.name}, for whom they speak"
            if not spk.sector and principal.sector:
                spk.sector = principal.sector
            spk.code = cameo_code(spk.country, spk.sector)
