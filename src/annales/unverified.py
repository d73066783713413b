"""The unverified stage: what the text says could not be verified is claimed, not asserted.

"Insurgents cut off the fingers of two voters, a provincial official said, though the claim could not be
verified"; "He said troops had neutralised 11 insurgents. That figure could not be independently verified";
"Meridian could not independently verify the RSF's account of the Nyala strike." The guide (s6 rule 4) keeps
attribution asserted ("police said" is no doubt); a toll or an account the text itself says it could not verify
is `claimed` (tests/fatalities/README.md), so the exports that keep happened events only (ACLED, GDELT) leave
it out, and its dead are never summed.

What the words refer to (the subject of "could not be verified", the object of "could not verify"):
- a figure ("That figure", "the casualty figures"): the counts of its sentence before it and of the sentence
  before;
- a claim or an account ("the claim", "the RSF's account of the Nyala strike"): the reported words (quotes, direct
  or not) of the sentences before it, up to `REACH` back, and of its own sentence before it; when the referent
  names places or parties ("of the Nyala strike"), only the reported words that name one of them; when it
  names none and its own sentence reports ("..., an official said, though the claim could not be verified"),
  that sentence up to the doubt too. The events told in those words, and their counts, become claimed.
"""

from __future__ import annotations

from .lang import english

EN = english()  # the language's word lists (lang/en/*.yaml), loaded once per process
REACH = 3  # sentences back an unverified account may have been reported in


def mark_unverified(work) -> None:
    """The unverified stage: events and counts the text says could not be verified become `claimed`."""
    for k, sent in enumerate(work.sents):
        if sent.start in work.skip_sentences:
            continue
        for tok in sent:
            if tok.lemma_.lower() in EN.verification_verbs and _not_verified(tok):
                _mark(work, k, tok)


def _not_verified(verb) -> bool:
    """ "could not be verified", "cannot confirm", "was unable to verify", "it was not possible to verify"."""
    if any(c.dep_ == "neg" for c in verb.children):
        return True
    head = verb.head
    if head.i == verb.i:
        return False
    return head.lemma_.lower() in EN.inability_words or (
        head.lemma_.lower() in ("be", "possible") and any(c.dep_ == "neg" for c in head.children)
    )


def _referent(verb):
    """What could not be verified: the passive subject, else the object (through 'unable to verify X')."""
    return next((c for c in verb.children if c.dep_ in ("nsubjpass", "dobj")), None)


def _mark(work, k: int, verb) -> None:
    ref = _referent(verb)
    if ref is None:
        return
    head = ref.lemma_.lower()
    cut = verb.idx  # only what is told before the words that doubt it
    sents = work.sents
    if head in EN.unverified_figure_nouns:
        start = sents[max(0, k - 1)].start_char
        for q in work.result.quantities:
            if start <= q.start < cut and q.modality == "asserted":
                q.modality = "claimed"
        return
    if head not in EN.unverified_claim_nouns:
        return
    names = {t.text for t in ref.subtree if t.pos_ == "PROPN" and t.i != ref.i}
    start = sents[max(0, k - REACH)].start_char
    text = work.article.text
    spans = [
        (q.start, q.end)
        for q in work.result.quotes
        if start <= q.start < cut and (not names or any(n in text[q.start : q.end] for n in names))
    ]
    own = sents[k]
    if not names and any(t.lemma_.lower() in EN.reporting and t.idx < cut for t in own):
        spans.append((own.start_char, cut))  # "X did Y, an official said, though the claim could not be verified"
    for ev in work.result.events:
        if ev.modality == "asserted" and any(a <= ev.trigger_start < b for a, b in spans):
            ev.modality = "claimed"
            ev.why += f"; claimed: the text could not verify it ('{verb.text}')"
    for q in work.result.quantities:
        if q.modality == "asserted" and any(a <= q.start < b for a, b in spans):
            q.modality = "claimed"
