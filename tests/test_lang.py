"""The language data (src/annales/lang/en/*.yaml): it loads once, every list has words, words are lower
case, and lists that must not share a word do not."""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Mapping

import pytest

import annales.lang as lang
from annales.lang import Language, Threat, english

# Fields whose keys or values are codes (sectors, PLOVER types), not words.
CODE_KEYED = {"announcing_verbs", "sector_names", "threats"}
# Lists a word can be on only one of: the stages test them in turn and mean different things.
DISJOINT = [
    ("person_pronouns", "group_pronouns", "thing_pronouns", "relative_pronouns"),
    ("fail_verbs", "deny_verbs", "claim_verbs", "demand_verbs", "plan_verbs"),
    ("intent_nouns", "demand_nouns", "claim_nouns"),
    ("fail_adverbs", "claim_adverbs"),
    ("hypothetical_modals", "future_modals"),
    ("reporting", "inner_speech_more"),
    ("casualty_verbs", "headline_passive_more"),
    ("measures", "noun_units"),
]


def _words(value) -> set[str]:
    return set(value.keys()) if isinstance(value, Mapping) else set(value)


def test_lang_english_loads_once():
    assert english() is english()
    assert isinstance(english(), Language)


@pytest.mark.parametrize("field", [f.name for f in dataclasses.fields(Language)])
def test_lang_every_list_is_non_empty(field):
    assert len(getattr(english(), field)) > 0


@pytest.mark.parametrize("field", [f.name for f in dataclasses.fields(Language) if f.name not in CODE_KEYED])
def test_lang_words_are_lower_case(field):
    bad = sorted(w for w in _words(getattr(english(), field)) if w != w.lower() or w != w.strip() or not w)
    assert not bad, f"{field}: {bad}"


@pytest.mark.parametrize("group", DISJOINT, ids=lambda g: "+".join(g))
def test_lang_disjoint_lists_share_no_word(group):
    en = english()
    for i, a in enumerate(group):
        for b in group[i + 1 :]:
            shared = _words(getattr(en, a)) & _words(getattr(en, b))
            assert not shared, f"{a} and {b} share {sorted(shared)}"


def test_lang_tables_are_consistent():
    en = english()
    assert set(en.referred_types) <= en.referring_nouns  # a noun's kinds of act only for referring nouns
    assert en.inner_speech == en.reporting | en.inner_speech_more
    assert en.headline_passive == en.casualty_verbs | en.headline_passive_more
    assert all(en.tens[w] == en.word_numbers[w] for w in en.tens)
    assert all(isinstance(t, Threat) and t.cameo.isdigit() for t in en.threats.values())
    assert all("{c}" in name for name in en.sector_names.values())


def test_lang_data_is_read_only():
    en = english()
    with pytest.raises(dataclasses.FrozenInstanceError):
        en.reporting = frozenset()
    with pytest.raises(TypeError):
        en.word_numbers["one"] = 2


def test_lang_refuses_a_missing_or_doubled_list(tmp_path, monkeypatch):
    folder = tmp_path / "xx"
    shutil.copytree(lang.DATA / "en", folder)
    monkeypatch.setattr(lang, "DATA", tmp_path)
    assert lang.load_language("xx") == english()
    (folder / "extra.yaml").write_text("reporting: [say]\n", encoding="utf-8")
    with pytest.raises(ValueError, match="'reporting' is also given"):
        lang.load_language("xx")
    (folder / "extra.yaml").unlink()
    (folder / "threats.yaml").unlink()
    with pytest.raises(ValueError, match="missing lists \\['threats'\\]"):
        lang.load_language("xx")
