"""Where the parts of a news story are: its headline (the short first line above the body).

Several stages need it: the argument ranker takes candidates from the headline, and the boundaries stage
keeps a headline and the body sentence that tells the same event as one record.
"""

from __future__ import annotations

HEADLINE_MAX_TOKENS = 30  # a first line longer than this is a sentence of the story, not a headline


def headline_sentence(work) -> int | None:
    """The index of the headline's sentence: a short first line, one sentence, with more text below."""
    text = work.article.text
    if len(work.sents) < 2 or "\n" not in text:
        return None
    first, line_end = work.sents[0], text.index("\n")
    if first.end_char < line_end or len(first) > HEADLINE_MAX_TOKENS or text[:line_end].rstrip().endswith("."):
        return None
    return 0
