"""Which language a news text is in, well enough to code English and refuse the rest, down to a headline.

The evidence is data (data/languages/function_words.tsv): each language's function words and the letters
it writes that English does not. English is the answer unless another language has clearly more
evidence: a short English headline has few function words ('Rebels seize town in eastern Congo'), and
refusing it loses an article, while a French or German one has its own ('Le président a rencontré ses
ministres'). Measured on short texts by benchmarks/language_check.py.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
SAMPLE_CHARS = 4000  # enough words to decide; a long article is not read whole
LETTER_WEIGHT = 0.5  # one letter English does not write counts half a function word...
MAX_LETTER_EVIDENCE = 2.0  # ...and all of them together at most two: names carry accents too ('Orléans')
MIN_EVIDENCE = 1.5  # one shared word ('de Mistura', 'La Paz') never makes an English text foreign


@dataclass(frozen=True)
class LanguageEvidence:
    code: str
    script: str
    words: frozenset[str]
    letters: frozenset[str]


@lru_cache(maxsize=1)
def languages() -> tuple[LanguageEvidence, ...]:
    """The languages of data/languages/function_words.tsv; words English shares are removed from the others."""
    text = (resources.files("annales") / "data" / "languages" / "function_words.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]
    english = frozenset(rows[0][2].split())
    out = []
    for code, script, words, letters in rows:
        own = frozenset(words.split())
        out.append(LanguageEvidence(code, script, own if code == "en" else own - english, frozenset(letters)))
    return tuple(out)


def _script(ch: str) -> str:
    """'latin', 'cyrillic', 'arabic', ... for a letter, from its Unicode name."""
    name = unicodedata.name(ch, "")
    first = name.split(" ")[0].lower()
    return {"cjk": "chinese", "hiragana": "japanese", "katakana": "japanese", "hangul": "korean"}.get(first, first)


def identify(text: str) -> str:
    """An ISO 639-1 code ('en', 'fr', ...) or, for a script no listed language writes, the script's name
    ('greek', 'chinese'). 'en' when nothing says otherwise."""
    sample = text[:SAMPLE_CHARS]
    letters = [ch for ch in sample if ch.isalpha()]
    if not letters:
        return "en"
    scripts: dict[str, int] = {}
    for ch in letters:
        s = _script(ch)
        scripts[s] = scripts.get(s, 0) + 1
    script = max(scripts, key=scripts.__getitem__)
    # an acronym is no function word: 'UN envoy' is not Spanish 'un'
    words = [w.lower() for w in _WORD.findall(sample) if not (len(w) > 1 and w.isupper())]
    scores = {lang.code: _evidence(lang, words, sample) for lang in languages() if lang.script == script}
    if script != "latin":
        best = max(scores, key=scores.__getitem__) if scores else None
        return best if best and scores[best] > 0 else script
    english = scores.pop("en")
    best = max(scores, key=scores.__getitem__)
    if scores[best] >= MIN_EVIDENCE and scores[best] > english:
        return best
    return "en"


def _evidence(lang: LanguageEvidence, words: list[str], sample: str) -> float:
    hits = sum(1 for w in words if w in lang.words)
    if not lang.letters:
        return float(hits)
    special = sum(1 for ch in sample.lower() if ch in lang.letters)
    return hits + min(MAX_LETTER_EVIDENCE, LETTER_WEIGHT * special)
