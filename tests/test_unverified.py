"""The unverified stage: an account or a figure the text says could not be verified is claimed, so the ACLED
and GDELT shapes (happened events only) leave it out and its dead are never summed (issue 13)."""

from __future__ import annotations

NYALA = (
    "KHARTOUM, June 5 - The rebels said a government air strike had killed 31 civilians in Nyala on Monday. "
    "The army said it had carried out no strike on the town. "
)


def _killed(doc):
    return [(q["value"], q["modality"]) for q in doc["quantities"] if q["unit"] == "killed"]


def test_unverified_an_account_the_text_could_not_verify_is_claimed(code):
    doc = code(NYALA + "Reporters could not independently verify the rebels' account of the Nyala strike.")
    strikes = [e for e in doc["events"] if e["type"] == "ASSAULT" and "31 civilians" in e["sentence"]]
    assert strikes and all(e["modality"] == "claimed" for e in strikes), strikes
    assert _killed(doc) == [(31, "claimed")]


def test_unverified_without_the_doubt_attribution_stays_asserted(code):
    """'The rebels said' alone is attribution, not doubt (the guide's s6 rule 4)."""
    doc = code(NYALA + "Reporters visited the town on Tuesday.")
    assert _killed(doc) == [(31, "asserted")]


def test_unverified_a_claim_in_its_own_sentence_and_a_figure_after_it(code):
    doc = code(
        "Insurgents cut off the fingers of two voters in Kandahar province, a provincial official said, "
        "though the claim could not be verified."
    )
    attacks = [e for e in doc["events"] if e["type"] == "ASSAULT"]
    assert attacks and all(e["modality"] == "claimed" for e in attacks), attacks
    doc = code(
        "ABUJA, May 3 - Gunmen killed 16 soldiers in an ambush in Borno on Monday. The army said troops had "
        "killed 11 insurgents during the fighting. That figure could not be independently verified."
    )
    assert _killed(doc) == [(16, "asserted"), (11, "claimed")]


def test_unverified_an_account_naming_another_place_leaves_this_one_asserted(code):
    doc = code(NYALA + "Reporters could not independently verify the rebels' account of the Kutum raid.")
    assert _killed(doc) == [(31, "asserted")]
