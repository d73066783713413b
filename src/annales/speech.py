"""What 'would' means under a reporting verb, for the quotes, modality, time and event stages alike.

The words of speech themselves (who says, asks, accuses, issues statements) are data, in
lang/en/speech.yaml: one place, so the stages agree.
"""

from __future__ import annotations

from .lang import english

EN = english()  # the language's word lists (lang/en/*.yaml), loaded once per process


def reported_future(verb) -> bool:
    """'said they would hold a rally': 'would' under a reporting verb is what is yet to come ('would have'
    is the past that did not happen)."""
    auxes = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    return (
        "would" in auxes
        and "have" not in auxes
        and verb.dep_ == "ccomp"
        and verb.head.lemma_.lower() in EN.reported_future
    )
