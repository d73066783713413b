"""What a count counts when a verb of violence or arrest governs it: those it was done to are killed or
arrested; those who did it keep their own noun."""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("text, expected", [
    ("Taliban fighters attacked a checkpoint in Helmand, killing five soldiers, officials said.", [(5, "killed")]),
    ("Five soldiers died in the attack.", [(5, "killed")]),
    ("Twelve gunmen killed three villagers.", [(12, "gunmen"), (3, "killed")]),
    ("Police arrested 40 protesters.", [(40, "arrested")]),
    ("The army deployed 500 troops to the border.", [(500, "troops")]),
])
def test_quantities_the_verb_says_what_happened_to_those_counted(code, text, expected):
    doc = code(text, date="2024-03-20")
    assert [(q["value"], q["unit"]) for q in doc["quantities"]] == expected


def test_quantity_a_number_with_a_verb_of_its_own_does_not_take_the_killed_of_the_count_before(code):
    """"has killed more than 40,000 people and driven some two million from their homes": the two million
    were displaced, not killed (it took the earlier count's unit, and ACLED rows summed two million dead)."""
    doc = code("Since the insurgency began in 2009, the violence has killed more than 40,000 people and "
               "driven some two million from their homes, according to United Nations figures.", date="2022-03-17")
    assert [(q["value"], q["unit"]) for q in doc["quantities"] if q["unit"] == "killed"] == [(40000, "killed")]
