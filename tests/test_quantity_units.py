"""What a count counts when a verb of violence or arrest governs it: those it was done to are killed or
arrested; those who did it keep their own noun."""

from __future__ import annotations

import pytest

import annales


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Taliban fighters attacked a checkpoint in Helmand, killing five soldiers, officials said.", [(5, "killed")]),
        ("Five soldiers died in the attack.", [(5, "killed")]),
        ("Twelve gunmen killed three villagers.", [(12, "gunmen"), (3, "killed")]),
        ("Police arrested 40 protesters.", [(40, "arrested")]),
        ("The army deployed 500 troops to the border.", [(500, "troops")]),
    ],
)
def test_quantities_the_verb_says_what_happened_to_those_counted(code, text, expected):
    doc = code(text, date="2024-03-20")
    assert [(q["value"], q["unit"]) for q in doc["quantities"]] == expected


def test_quantity_a_number_with_a_verb_of_its_own_does_not_take_the_killed_of_the_count_before(code):
    """ "has killed more than 40,000 people and driven some two million from their homes": the two million
    were displaced, not killed (it took the earlier count's unit, and ACLED rows summed two million dead)."""
    doc = code(
        "Since the insurgency began in 2009, the violence has killed more than 40,000 people and "
        "driven some two million from their homes, according to United Nations figures.",
        date="2022-03-17",
    )
    assert [(q["value"], q["unit"]) for q in doc["quantities"] if q["unit"] == "killed"] == [(40000, "killed")]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Since Boko Haram launched its campaign in 2009, the violence has killed more than 40,000 people.",
            [(40000, True)],
        ),
        ("At least 3,000 people have been killed so far this year, the UN said.", [(3000, True)]),
        ("Gunmen killed 12 villagers in Zamfara on Monday.", [(12, False)]),
        # a toll "so far" is one attack's latest count, unless a long conflict is its frame
        ("The UN mission has so far documented the killing of 37 people in the attack.", [(37, False)]),
        ("The war has killed more than 3,000 people to date.", [(3000, True)]),
        # a month's or a year's dead of a long conflict, not one attack's; a month-dated attack is one
        ("At least 75 civilians were killed in acts of terrorism and armed conflict in July.", [(75, True)]),
        ("Gunmen killed 12 villagers in Zamfara in July.", [(12, False)]),
        # the attack's own toll, then the running total the clause hung on it gives
        ("The attack killed 14 soldiers, bringing the toll since January to 200.", [(14, False), (200, True)]),
    ],
)
def test_quantity_running_totals_are_cumulative(code, text, expected):
    doc = code(text, date="2024-05-01")
    assert [(q["value"], q["cumulative"]) for q in doc["quantities"] if q["unit"] == "killed"] == expected


def test_quantity_acled_fatalities_leave_out_a_running_total(tmp_path):
    """ACLED rows carry each event's own dead: a toll "since 2009" told in the same sentence is nobody's."""
    import csv

    from annales.store import Store
    from annales.store.export import export

    doc = annales.code(
        "Gunmen killed 12 villagers in Zamfara on Monday, bringing the toll since January to 200.", date="2024-05-01"
    ).to_dict()
    with Store.open(str(tmp_path / "e.db")) as store:
        store.write_document("h1", doc)
        export(store, str(tmp_path / "acled.csv"), fmt="csv", shape="acled")
    with open(tmp_path / "acled.csv", encoding="utf-8", newline="") as f:
        assert sum(int(r["fatalities"] or 0) for r in csv.DictReader(f)) == 12


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The death toll from the bombing rose to 41 on Sunday.", [(41, "killed")]),
        ("The number of people killed in the attack has risen to 13, officials said.", [(13, "killed")]),
        ("The number of dead reached 20 by Monday.", [(20, "killed")]),
        ("The number of people arrested rose to 300.", [(300, "arrested")]),
        ("The number of schools reopened rose to 12.", []),
    ],
)
def test_quantities_a_figure_a_toll_reaches_counts_the_dead(code, text, expected):
    """ "The death toll rose to 41": the bare 41 is the dead (an updated toll of one event, not a running total:
    tests/fatalities/README.md); "the number of people arrested rose to 300" counts arrests."""
    doc = code(text, date="2024-03-20")
    assert [(q["value"], q["unit"]) for q in doc["quantities"] if q["value"] in (41, 13, 20, 300, 12)] == expected
    assert not any(q["cumulative"] for q in doc["quantities"])


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Gunmen shot dead two policemen in Mir Ali on Saturday.", [(2, "killed")]),
        ("Three villagers were hacked to death by the attackers.", [(3, "killed")]),
        ("Police shot two protesters in the leg.", [(2, "protesters")]),
        ("Fighting between rival militias left 17 dead in the district.", [(17, "killed")]),
        ("The regional administration reported 15 dead and 30 wounded.", [(15, "killed"), (30, "wounded")]),
        ("The explosion left 12 people dead and 40 injured.", [(12, "killed"), (40, "wounded")]),
        ("Rights monitors documented the killing of 37 people in the town.", [(37, "killed")]),
        ("The abduction of 20 students shocked the country.", [(20, "abducted")]),
    ],
)
def test_quantities_a_count_left_dead_or_wounded_says_so(code, text, expected):
    doc = code(text, date="2024-03-20")
    assert [(q["value"], q["unit"]) for q in doc["quantities"]] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("In a separate incident, gunmen shot dead a lawyer outside his office in Zawiya on Tuesday.", [1]),
        ("A Pakistani soldier was killed and two Afghan border guards were wounded, officials said.", [1]),
        ("Fragments fell on a neighbourhood, killing a Yemeni resident and wounding three other people.", [1]),
        ("Unknown attackers shot dead the commander of the municipal police outside his home.", [1]),
        # told of before: the same soldier, not a second death; a family is not one person
        ("A soldier was killed on Monday near Gao. The soldier was killed by a sniper, the army said.", [1]),
        ("Gunmen killed a family in Zamfara on Monday.", []),
        # 'fell in combat', 'fallen with arms in hand': killed; the wounded beside them are not
        ("Three soldiers fell in combat near Gao on Monday.", [3]),
        ("The provisional toll on the friendly side is fifteen (15) soldiers fallen with arms in hand.", [15]),
    ],
)
def test_quantity_one_person_killed_is_a_count_of_one(code, text, expected):
    """ACLED counts each death: one person killed with no number is a fatality of 1, not none."""
    doc = code(text, date="2024-05-01")
    assert [q["value"] for q in doc["quantities"] if q["unit"] == "killed"] == expected
