"""Reading a noun phrase: its words without determiners, its text, whether it names a place, the
country and the sectors its modifiers and head say."""

from __future__ import annotations

from collections.abc import Collection

from ..lang import english
from .kb import KnowledgeBase
from .registry import ActorRegistry

EN = english()  # the language's word lists (lang/en/*.yaml), loaded once per process


def strip_det(tokens) -> list:
    """The phrase's tokens without leading determiners and possessives, and trailing punctuation."""
    toks = list(tokens)
    while toks and (
        toks[0].dep_ in ("det", "predet") or toks[0].tag_ in ("DT", "PDT", "PRP$", "POS") or toks[0].is_punct
    ):
        toks = toks[1:]
    while toks and (toks[-1].is_punct or toks[-1].tag_ == "POS"):
        toks = toks[:-1]
    return toks


def phrase_text(tokens) -> str:
    """The text a run of tokens covers, as written."""
    if not tokens:
        return ""
    doc = tokens[0].doc
    return doc[tokens[0].i : tokens[-1].i + 1].text


def is_locative(span) -> bool:
    """A place named as where something happened ('in Bamako'), not as an actor."""
    root = span.root
    if root.dep_ == "pobj" and root.head.lower_ in EN.locative_preps:
        return True
    if (
        root.dep_ in ("compound", "nmod")
        and root.head.ent_type_ in ("FAC", "ORG")
        and root.head.dep_ == "pobj"
        and root.head.head.lower_ in EN.locative_preps
    ):
        return True
    return False


def country_modifier(kb: KnowledgeBase, chunk_tokens, head, reg: ActorRegistry | None = None) -> str | None:
    """The country a phrase's modifiers or possessor name ('US troops', 'Syria's army', 'its forces'); a name of
    several words first ("South Sudan's opposition" is not Sudan's)."""
    words = [t.text for t in chunk_tokens if t.i < head.i]
    for n in (3, 2):
        for i in range(len(words) - n + 1):
            iso = kb.country_of_word(" ".join(words[i : i + n]))
            if iso:
                return iso
    for t in chunk_tokens:
        if t.i == head.i:
            continue
        if t.dep_ in ("amod", "compound", "nmod", "poss") or t.ent_type_ in ("NORP", "GPE"):
            iso = kb.country_of_word(t.text)
            if iso:
                return iso
    for child in head.children:
        if child.dep_ == "poss":
            iso = kb.country_of_word(phrase_text([w for w in child.subtree if not w.tag_ == "POS"]))
            if iso:
                return iso
            owner = reg.possessive_owner.get(child.i) if reg is not None else None
            if owner is not None and owner.country and owner.kind in ("country", "organization"):
                return owner.country  # "its armed forces" after "Germany would ..."
    return None


def of_country(kb: KnowledgeBase, head) -> tuple[str, list] | None:
    """(country, the complement's tokens) when an 'of' complement of the head names a country: "the
    Ministry of Defence of Chad", "the people of Sri Lanka" are that country's."""
    for prep in head.children:
        if prep.dep_ != "prep" or prep.lower_ != "of":
            continue
        for obj in prep.children:
            if obj.dep_ != "pobj":
                continue
            words = [w for w in obj.subtree if w.dep_ not in ("det", "punct") and w.tag_ != "POS" and not w.is_space]
            iso = kb.country_of_word(phrase_text(words)) if words else None
            if iso:
                return iso, [prep, *(w for w in obj.subtree if w.i <= words[-1].i)]
    return None


def head_sectors(kb: KnowledgeBase, chunk_tokens, head) -> tuple[list[str] | None, str]:
    """Sectors a generic head noun implies, trying the longest phrase ending at the head first."""
    idx = [t.i for t in chunk_tokens]
    pos = idx.index(head.i) if head.i in idx else len(chunk_tokens) - 1
    for n in (3, 2):
        if pos - n + 1 >= 0:
            words = chunk_tokens[pos - n + 1 : pos + 1]
            phrase = " ".join(w.lower_ for w in words[:-1]) + " " + head.lemma_.lower()
            surface = head.doc[words[0].i : head.i + 1].text.lower()  # "ombudsman's office", as written
            s = (
                kb.agent_sectors(phrase)
                or kb.agent_sectors(" ".join(w.lower_ for w in words))
                or kb.agent_sectors(surface)
                # "Border Guards": a capitalised plural the tagger took for a name has no lemma
                or (head.pos_ == "PROPN" and surface.endswith("s") and kb.agent_sectors(surface[:-1]))
            )
            if s:
                return s, phrase
    s = kb.agent_sectors(head.lemma_.lower()) or kb.agent_sectors(head.lower_)
    if not s and head.pos_ == "PROPN" and head.lower_.endswith("s"):
        # "Rebels shelled ...": a capitalised plural the tagger took for a name
        s = kb.agent_sectors(head.lower_[:-1]) or kb.agent_sectors(head.lower_[:-2])
    return s, head.lemma_.lower()


def proper_runs(toks, joiners: Collection[str] = ()) -> list[list]:
    """Runs of proper nouns in a phrase ("Islamic State", "Hezbollah"), optionally joined by small words."""
    runs: list[list] = []
    cur: list = []
    for t in toks:
        if t.pos_ == "PROPN" or (cur and t.text in joiners):
            cur.append(t)
        else:
            if cur:
                runs.append(cur)
            cur = []
    if cur:
        runs.append(cur)
    return runs
