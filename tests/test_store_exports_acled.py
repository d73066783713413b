"""ACLED's own taxonomy from the coder's records (issue 13): each PLOVER type, mode and context to one of ACLED's
event types and sub-event types (or none: no ACLED counterpart), actors' inter codes from their sectors, and
the lead paragraph that dates a row by the story's day. The rules alone, on synthetic rows; the exported
files are checked in test_store_exports.py."""

from __future__ import annotations

import pytest

ACLED_TAXONOMY = {  # ACLED's 6 event types and 25 sub-event types
    "Battles": {"Armed clash", "Government regains territory", "Non-state actor overtakes territory"},
    "Explosions/Remote violence": {
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    },
    "Violence against civilians": {"Sexual violence", "Attack", "Abduction/forced disappearance"},
    "Protests": {"Peaceful protest", "Protest with intervention", "Excessive force against protesters"},
    "Riots": {"Violent demonstration", "Mob violence"},
    "Strategic developments": {
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    },
}


def test_store_exports_acled_table_uses_acleds_25_sub_event_types_only():
    from annales.store.shapes.acled import type_rules

    used = {(r.event_type, r.sub_event_type) for r in type_rules()}
    assert {s for _, s in used} == set().union(*ACLED_TAXONOMY.values())  # each of the 25 reachable
    for etype, sub in used:
        assert sub in ACLED_TAXONOMY[etype], (etype, sub)


def _synthetic(typ, mode=None, actor=("MLI", "MIL"), recipient=("MLI", "REB"), sentence="They fought."):
    return {
        "type": typ,
        "mode": mode,
        "sentence": sentence,
        "actor_name": actor and "a",
        "actor_country": actor and actor[0],
        "actor_sector": actor and actor[1],
        "recipient_name": recipient and "r",
        "recipient_country": recipient and recipient[0],
        "recipient_sector": recipient and recipient[1],
    }


@pytest.mark.parametrize(
    "event, expected",
    [
        (_synthetic("ASSAULT"), ("Battles", "Armed clash")),
        (_synthetic("ASSAULT", "aerial"), ("Explosions/Remote violence", "Air/drone strike")),
        (_synthetic("ASSAULT", "drone", recipient=("MLI", "CVL")), ("Explosions/Remote violence", "Air/drone strike")),
        (_synthetic("ASSAULT", "heavy-weapons"), ("Explosions/Remote violence", "Shelling/artillery/missile attack")),
        (_synthetic("ASSAULT", "suicide-attack"), ("Explosions/Remote violence", "Suicide bomb")),
        (_synthetic("ASSAULT", "explosives"), ("Explosions/Remote violence", "Remote explosive/landmine/IED")),
        (
            _synthetic("ASSAULT", "explosives", sentence="A grenade was thrown at the post."),
            ("Explosions/Remote violence", "Grenade"),
        ),
        (_synthetic("ASSAULT", "unconventional"), ("Explosions/Remote violence", "Chemical weapon")),
        (_synthetic("ASSAULT", recipient=("MLI", "JRN")), ("Violence against civilians", "Attack")),
        (_synthetic("ASSAULT", "sexual", recipient=("MLI", "CVL")), ("Violence against civilians", "Sexual violence")),
        (
            _synthetic("ASSAULT", "abduct", actor=("MLI", "REB"), recipient=("MLI", "EDU")),
            ("Violence against civilians", "Abduction/forced disappearance"),
        ),
        (
            _synthetic("ASSAULT", actor=("COD", "REB"), recipient=("COD", "MIL"), sentence="M23 rebels seized Goma."),
            ("Battles", "Non-state actor overtakes territory"),
        ),
        (_synthetic("ASSAULT", sentence="The army recaptured the town."), ("Battles", "Government regains territory")),
        (_synthetic("ASSAULT", actor=("IND", "CVL"), recipient=("IND", "CVL")), ("Riots", "Mob violence")),
        (
            _synthetic("ASSAULT", "crowd-control", actor=("GEO", "COP"), recipient=("GEO", "CVL")),
            ("Protests", "Protest with intervention"),
        ),
        (
            _synthetic(
                "ASSAULT",
                "firearms",
                actor=("GEO", "COP"),
                recipient=("GEO", "CVL"),
                sentence="Police fired on protesters.",
            ),
            ("Protests", "Excessive force against protesters"),
        ),
        (
            _synthetic("ASSAULT", sentence="Air defences shot down two drones."),
            ("Strategic developments", "Disrupted weapons use"),
        ),
        (_synthetic("ASSAULT", "destroy"), ("Strategic developments", "Looting/property destruction")),
        (_synthetic("PROTEST", "demo", actor=("KEN", "CVL"), recipient=None), ("Protests", "Peaceful protest")),
        (_synthetic("PROTEST", None, actor=("KEN", "LAB"), recipient=None), ("Protests", "Peaceful protest")),
        (_synthetic("PROTEST", "riot", actor=("KEN", "CVL"), recipient=None), ("Riots", "Violent demonstration")),
        (
            _synthetic("COERCE", "arrest", actor=("KEN", "COP"), recipient=("KEN", "JRN")),
            ("Strategic developments", "Arrests"),
        ),
        (_synthetic("COERCE", "curfew", recipient=None), ("Strategic developments", "Other")),
        (_synthetic("MOBILIZE", "troops", recipient=None), ("Strategic developments", "Change to group/activity")),
        (
            _synthetic("MOBILIZE", "troops", recipient=None, sentence="The army established a new base near Gao."),
            ("Strategic developments", "Headquarters or base established"),
        ),
        (_synthetic("RETREAT", "ceasefire"), ("Strategic developments", "Agreement")),
        (_synthetic("RETREAT", "withdraw"), ("Strategic developments", "Non-violent transfer of territory")),
        (_synthetic("AGREE", actor=("ISR", "GOV"), recipient=("PSE", "REB")), ("Strategic developments", "Agreement")),
        # no ACLED counterpart: left out of the ACLED shape, never "Strategic developments/Other"
        (_synthetic("AGREE", actor=("USA", "GOV"), recipient=("CHN", "GOV"), sentence="They agreed on tariffs."), None),
        (_synthetic("SANCTION", "discontinue"), None),
        (_synthetic("COERCE", "censor"), None),
        (_synthetic("CONSULT", "visit"), None),
        (_synthetic("PROTEST", "boycott", actor=("KEN", "CVL"), recipient=None), None),
    ],
)
def test_store_exports_acled_type_from_plover_type_mode_and_context(event, expected):
    from annales.store.shapes.acled import acled_type

    rule, _, _ = acled_type(event)
    assert (None if rule is None else (rule.event_type, rule.sub_event_type)) == expected


@pytest.mark.parametrize(
    "sector, country, expected",
    [
        ("MIL", "MLI", ("state", 1)),
        (None, "RUS", ("state", 1)),
        ("REB", "COD", ("rebel", 2)),
        ("UAF", "NGA", ("militia", 3)),
        ("CVL", "KEN", ("civilian", 7)),
        (None, "UNO", ("external", 8)),
        ("IGO", "IGO", ("external", 8)),
        ("JRN", "BLR", ("civilian", 7)),
    ],
)
def test_store_exports_acled_inter_codes_from_sectors(sector, country, expected):
    from annales.store.shapes.acled import actor_class

    assert actor_class("x", country, sector) == expected


def test_store_exports_lead_paragraph_ends_after_the_first_real_paragraph():
    from annales.store.shapes.common import lead_end

    text = "Rebels take Goma\nGOMA, Feb 21 -\nM23 rebels seized the city of Goma on Tuesday after days of fighting.\nLater, talks resumed."
    assert text[: lead_end(text, "Rebels take Goma")].endswith("after days of fighting.")
    assert lead_end("One block of text with no breaks.", None) == len("One block of text with no breaks.")
