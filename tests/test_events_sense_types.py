"""Verb senses whose PLOVER type the annotation guide settles (docs/annotation.md sections 3, 4 and 13): the
lexicon entries for dismissing officials, raids, sentences handed down, withdrawn staff and envoys, lifted
curfews, hostages, compensation, handed-over suspects, and 'called on X to ...'. Sentences written for this test."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "sentence,trigger,type_,cameo",
    [
        # s13: the dismissal of an official is SANCTION expel; dismissing a claim stays REJECT
        ("The president dismissed the interior minister on Tuesday.", "dismissed", "SANCTION", "166"),
        ("The ministry dismissed the allegations as baseless.", "dismissed", "REJECT", "120"),
        # s3: raids are COERCE
        ("Police raided the offices of an opposition newspaper in Harare.", "raided", "COERCE", "170"),
        # s3: a sentence passed is SANCTION convict
        (
            "A court in Minsk handed down prison sentences to three opposition activists.",
            "handed down",
            "SANCTION",
            "116",
        ),
        # v2.1 P8 and s4: withdrawn staff, envoys and support reduce relations
        ("The mining company withdrew its staff from the province after the attacks.", "withdrew", "SANCTION", "160"),
        ("Peru withdrew its ambassador from Mexico.", "withdrew", "SANCTION", "161"),
        ("The army withdrew its support from the president.", "withdrew", "SANCTION", "160"),
        # ... while troops pulled out are still RETREAT withdraw
        ("The army withdrew its troops from the border town.", "withdrew", "RETREAT", "0872"),
        # s4: lifting a curfew is a concession
        ("The government lifted the curfew in the capital on Monday.", "lifted", "CONCEDE", "081"),
        # hostage-taking is ASSAULT abduct
        ("Gunmen are holding twelve hostages in a hotel in Bamako.", "holding", "ASSAULT", "181"),
        # compensation paid to victims is AID
        ("The state compensated the families of the flood victims last year.", "compensated", "AID", "071"),
        # a suspect handed over to another state's police: extradition, COOPERATE
        ("Kenya handed over a suspect to Ugandan police on Friday.", "handed", "COOPERATE", "063"),
        # 'called on X to do' is a request, whatever the clause hangs on
        ("The opposition called on the bandits still holding hostages to free them.", "called", "REQUEST", "100"),
    ],
)
def test_sense_types(code, sentence, trigger, type_, cameo):
    doc = code(sentence)
    evs = [e for e in doc["events"] if e["trigger"].startswith(trigger.split()[0])]
    assert evs, doc["events"]
    assert (evs[0]["type"], evs[0]["cameo"]) == (type_, cameo), evs[0]
