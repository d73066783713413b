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
