"""The modality rules (modality.py's ordered tables), each on the sentence its docstring gives: the event's
modality and the words its reason names."""

from __future__ import annotations

import pytest

from annales.modality import modality_of
from annales.nlp import load

# (rule, sentence, trigger word, modality, a word the reason quotes)
EXAMPLES = [
    ("_negated_trigger", "The army did not attack the town.", "attack", "negated", "attack"),
    ("_modal_auxiliary", "The rebels could attack the town.", "attack", "hypothetical", "modal"),
    ("_modal_auxiliary", "The rebels said they would attack the town.", "attack", "planned", "said they would"),
    ("_noun_frame", "Reports that the army attacked the village spread on Monday.", "attacked", "claimed", "Reports"),
    ("_noun_frame", "The minister announced plans to visit Kyiv.", "visit", "planned", "plans"),
    ("_noun_frame", "The opposition issued calls for a strike.", "strike", "demanded", "calls"),
    ("_noun_frame", "The government has no plans to raise taxes.", "raise", "negated", "no plans"),
    ("_failed", "The rebels failed to take the town.", "take", "negated", "failed"),
    ("_denied", "The army denied shelling the village.", "shelling", "denied", "denied"),
    ("_denied", "The army denied carrying out any strike in the area.", "strike", "denied", "denied"),
    ("none: asserted", "Rights groups asked that the amnesty not cover the killings.", "killings", "asserted", ""),
    ("_claimed", "The group claimed to have downed a drone.", "downed", "claimed", "claimed"),
    ("_demanded", "Protesters demanded that the minister resign.", "resign", "demanded", "demanded"),
    ("_demanded", "The EU urged the bloc to ban imports.", "ban", "demanded", "urged"),
    ("_planned", "The minister plans to visit Kyiv.", "visit", "planned", "plans"),
    ("_planned", "The government is not willing to hold talks.", "hold", "negated", "not willing"),
    ("_negated_control", "The army did not move to retake the town.", "retake", "negated", "move"),
    ("_future_purpose", "The army will raise a division to protect the border.", "protect", "planned", "raise"),
    ("_claim_adverb", "The rebels allegedly attacked the convoy.", "attacked", "claimed", "reported"),
    ("_future_tense", "Troops will withdraw by May.", "withdraw", "planned", "future"),
    ("_future_tense", "The AU envoy is to meet the president on Friday.", "meet", "planned", "future"),
    ("_future_tense", "He will travel to Paris and meet Macron.", "meet", "planned", "future"),
    # a verb coordinated with a future one keeps its own past: the accusation was made
    (
        "none: asserted",
        "The council said it would review relations and accused the MAK of arson.",
        "accused",
        "asserted",
        "",
    ),
    (
        "none: asserted",
        "The interim authorities said he would be arrested, and troops were stationed on the runway.",
        "stationed",
        "asserted",
        "",
    ),
    ("none: asserted", "Police arrested 12 protesters.", "arrested", "asserted", ""),
]


@pytest.mark.parametrize(
    "rule, sentence, trigger, modality, quoted", EXAMPLES, ids=[f"{e[0]}-{e[2]}" for e in EXAMPLES]
)
def test_modality_rules_decide_their_example_sentences(rule, sentence, trigger, modality, quoted):
    tok = next(t for t in load()(sentence) if t.text == trigger)
    found, reason = modality_of(tok, None)
    assert (found, quoted in reason) == (modality, True), (rule, reason)


def test_modality_preset_by_a_governing_verb_wins():
    tok = next(t for t in load()("The army did not attack the town.") if t.text == "attack")
    assert modality_of(tok, "demanded") == ("demanded", "governed by a verb that makes it demanded")


@pytest.mark.parametrize(
    "sentence, type_",
    [
        ("Riyadh and Abu Dhabi announced $500 million in new humanitarian funding for Yemen.", "AGREE"),
        ("The Teachers' Syndicate announced an open strike in public schools from Sunday.", "PROTEST"),
    ],
)
def test_modality_an_announced_pledge_or_strike_is_planned(code, sentence, type_):
    """A pledge of aid is future aid, a strike called is a strike to come (docs/annotation.md s6 rule 2;
    lang/en/modality.yaml `announcing_verbs`); a planned AID is PLOVER's AGREE."""
    evs = [e for e in code(sentence)["events"] if e["type"] == type_]
    assert evs and all(e["modality"] == "planned" for e in evs), evs
