from __future__ import annotations

import pytest

from tests.conftest import ROOT, find_events


# Expected parties written by reading each sentence (country/sector, PLOVER sectors), not from the coder's output.
@pytest.mark.parametrize(
    "sentence,type_,actor,recipient",
    [
        ("Israeli warplanes struck Hamas positions in Gaza on Monday.", "ASSAULT", "ISR/MIL", "PSE/REB"),
        ("Three soldiers were killed by Taliban fighters near Kandahar.", "ASSAULT", "AFG/REB", "AFG/MIL"),
        ("The European Union imposed sanctions on Belarus.", "SANCTION", "EUR/IGO", "BLR/GOV"),
        ("Police arrested 40 protesters in Tbilisi.", "COERCE", "GEO/COP", "GEO/CVL"),
        ("Japan pledged $20 million in aid to Nepal.", "AGREE", "JPN/GOV", "NPL/GOV"),
        ("Iran accused the United States of spreading lies.", "ACCUSE", "IRN/GOV", "USA/GOV"),
        ("The Russian foreign minister met his Chinese counterpart in Beijing.", "CONSULT", "RUS/GOV", "CHN/GOV"),
        # the hostages' country is not named: no recipient (the coder names Germany, found nowhere in the sentence)
        pytest.param(
            "Hamas freed 20 hostages on Sunday.",
            "RETREAT",
            "PSE/REB",
            None,
            marks=pytest.mark.xfail(strict=True, reason="recipient coded as Germany (DEU/GOV), not in the text"),
        ),
        ("Turkey threatened to expel the Swedish ambassador.", "THREATEN", "TUR/GOV", "SWE/GOV"),
        ("Thousands of people protested against the government in Caracas.", "PROTEST", "VEN/CVL", "VEN/GOV"),
    ],
)
def test_events_basic_sentences(code, sentence, type_, actor, recipient):
    doc = code(sentence)
    evs = [e for e in doc["events"] if e["type"] == type_]
    assert evs, doc["events"]

    def party(p):
        return f"{p['country']}/{p['sector']}" if p else None

    assert (party(evs[0]["actor"]), party(evs[0]["recipient"])) == (actor, recipient), evs[0]


def test_events_negated_attack_is_not_asserted(code):
    doc = code("The Taliban have held fire on US troops but not on Afghan forces.", date="2020-12-17")
    assert not [e for e in find_events(doc, "ASSAULT") if (e["recipient"] or {}).get("country") == "USA"]
    assert find_events(doc, "RETREAT", "Taliban")
    assert [e for e in find_events(doc, "ASSAULT", "Taliban") if e["recipient"]["country"] == "AFG"]


def test_events_future_withdrawal_is_planned_concede(code):
    doc = code("The United States will withdraw its troops from Afghanistan by May 2021.", date="2020-12-17")
    [e] = [e for e in doc["events"] if e["type"] in ("CONCEDE", "RETREAT")]
    assert e["type"] == "CONCEDE" and e["modality"] == "planned" and e["date"] == "2021-05"


def test_events_carried_out_withdrawal_is_retreat(code):
    doc = code("Russian troops withdrew from Kherson on Friday.", date="2022-11-12")
    [e] = [e for e in doc["events"] if e["type"] in ("CONCEDE", "RETREAT")]
    assert e["type"] == "RETREAT" and e["modality"] == "asserted" and e["date"] == "2022-11-11"


def test_events_denied_and_hypothetical(code):
    doc = code("The army denied shelling the village. Russia would retaliate if NATO attacked.", date="2022-03-01")
    # the army says it did not shell; Russia's retaliation and NATO's attack are both only supposed
    attacks = [(e["trigger"], e["modality"]) for e in find_events(doc, "ASSAULT")]
    assert attacks == [("shelling", "denied"), ("retaliate", "hypothetical"), ("attacked", "hypothetical")]


def test_events_evidence_spans_point_into_the_text(code):
    text = "Police in Nairobi arrested 12 protesters on Monday. Rebels attacked a base in Gao."
    doc = code(text)
    got = [(e["type"], e["cameo"], e["trigger"], e["sentence"]) for e in doc["events"]]
    assert got == [
        ("COERCE", "173", "arrested", "Police in Nairobi arrested 12 protesters on Monday."),
        ("ASSAULT", "190", "attacked", "Rebels attacked a base in Gao."),
    ]
    for e in doc["events"]:
        assert text[e["start"] : e["end"]] == e["sentence"]
        assert text[e["trigger_start"] : e["trigger_end"]] == e["trigger"]
        assert e["why"] and 0 < e["confidence"] < 1


def test_events_same_event_in_headline_and_body_is_stored_once(code):
    text = "Police arrest 12 protesters in Nairobi\n\nPolice arrested 12 protesters in Nairobi on Monday."
    doc = code(text, date="2024-01-09")
    assert len(find_events(doc, "COERCE")) == 1


@pytest.mark.parametrize(
    "sentence, mode, cameo, actor, recipient",
    [
        (
            "The United States will impose new sanctions on Russia if it invades Ukraine, the secretary of state said.",
            "restrict",
            "1312",
            "USA",
            "RUS",
        ),
        (
            "Israel said it would strike Hezbollah positions in Lebanon unless the group withdrew from the border.",
            "violence",
            "138",
            "ISR",
            "LBN",
        ),
    ],
)
def test_events_a_hostile_act_promised_on_a_condition_is_a_threat(code, sentence, mode, cameo, actor, recipient):
    doc = code(sentence)
    threats = [e for e in doc["events"] if e["type"] == "THREATEN"]
    assert len(threats) == 1, doc["events"]
    t = threats[0]
    assert (t["mode"], t["cameo"], t["modality"]) == (mode, cameo, "asserted")
    assert t["actor"]["country"] == actor and t["recipient"]["country"] == recipient
    assert t["actor"]["sector"] == "GOV"  # the state threatens, not its army
    # the condition itself did not happen
    assert all(e["modality"] != "asserted" for e in doc["events"] if e is not t)


def test_events_a_narrated_counterfactual_is_not_a_threat(code):
    doc = code("The army would have attacked the town if the rebels had not left.")
    assert not [e for e in doc["events"] if e["type"] == "THREATEN"]
    assert [e["modality"] for e in doc["events"] if e["type"] == "ASSAULT"] == ["hypothetical"]


def test_events_repeat_reports_are_noted_once_per_sentence(code):
    # the sample's air strike is told in its headline, its lead and a later sentence that holds two reports of it
    text = (ROOT / "src" / "annales" / "data" / "samples" / "sample-article.txt").read_text(encoding="utf-8")
    doc = code(text)
    headline_end = text.index("\n")
    [strike] = [e for e in find_events(doc, "ASSAULT") if any(r["start"] < headline_end for r in e["also_reported"])]
    # the record is the lead's telling (its toll, place and date), the headline noted as also reporting it
    assert strike["sentence"].startswith("Sudanese army warplanes bombed a crowded market")
    for e in doc["events"]:
        spans = [
            n.removeprefix("also reported at characters ")
            for n in e["why"].split("; ")
            if n.startswith("also reported at characters ")
        ]
        assert len(spans) == len(set(spans)) == len(e["also_reported"]), e["why"]
        assert (e["start"], e["end"]) not in [(r["start"], r["end"]) for r in e["also_reported"]]


@pytest.mark.parametrize(
    "sentence,modality,actor",
    [
        ("Kazakhstan said Uzbekistan had no plans to recall its ambassador in Ankara.", "negated", "UZB"),
        ("Azerbaijan has no intention of recalling its ambassador from India.", "negated", "AZE"),
        ("Kenya announced plans to expel the Somali ambassador.", "planned", "KEN"),
    ],
)
def test_events_intentions_plans_and_their_absence(code, sentence, modality, actor):
    # the act a plan governs is planned; with 'no plans' / 'no intention' it is not going to happen,
    # and the one who has (or has no) plan is its actor
    ev = find_events(code(sentence, date="2023-11-16"), "SANCTION")
    assert ev and ev[0]["modality"] == modality, ev
    assert ev[0]["actor"] and ev[0]["actor"]["country"] == actor, ev


def test_events_the_two_countries_act_on_each_other(code):
    doc = code(
        "Serbia received the first batch of Chinese-made anti-aircraft systems on Thursday, months "
        "after the two countries signed an agreement.",
        date="2023-11-16",
    )
    pairs = {(e["actor"]["name"], e["recipient"]["name"]) for e in find_events(doc, "SUPPORT") if e["recipient"]}
    assert pairs == {("Serbia", "China"), ("China", "Serbia")}


@pytest.mark.parametrize(
    "sentence,type_,actor,recipient",
    [
        # the owner of what was acted on is the recipient
        ("The Russian navy closed Ukraine's Black Sea ports on Thursday.", "COERCE", "RUS", "UKR"),
        # the target is the 'at'/'towards', not the weapon; the parser may hang it on the agent
        ("The Houthis fired a ballistic missile at Riyadh's main airport.", "ASSAULT", "YEM", "SAU"),
        (
            "Israeli air defences intercepted a rocket fired by Hezbollah fighters towards Haifa's oil refinery.",
            "ASSAULT",
            "LBN",
            "ISR",
        ),
    ],
)
def test_events_recipient_is_the_owner_or_the_target(code, sentence, type_, actor, recipient):
    ev = find_events(code(sentence, date="2017-11-09"), type_)
    assert ev and ev[0]["actor"]["country"] == actor and ev[0]["recipient"]["country"] == recipient, ev


def test_events_condemning_a_sentence_answers_the_court_not_an_earlier_attack(code):
    doc = code(
        "The PKK attacked a base. A court sentenced the journalist to three years in prison. "
        "Press freedom groups condemned the sentence.",
        date="2017-04-14",
    )
    sanction = find_events(doc, "SANCTION")
    assert sanction and sanction[0]["mode"] == "convict"  # PLOVER: a court 'sentences it' is SANCTION/convict
    accuse = find_events(doc, "ACCUSE")
    assert accuse and accuse[0]["actor"]["sector"] == "NGO"  # not the PKK, the group named before
    # the court (Turkey's: a story that names no country is about its organisations' country, the PKK's)
    assert accuse[0]["recipient"] and accuse[0]["recipient"]["sector"] == "JUD", accuse[0]["recipient"]


GANG_FIGHT = (
    "Inmates belonging to the Los Tiburones gang attacked members of the rival Los Halcones gang in "
    "Esmeraldas on Saturday. The prisoners released the guards early on Tuesday."
)


def test_events_named_gangs_are_groups_of_their_own(code):
    doc = code(GANG_FIGHT, date="2022-08-16")
    attack = find_events(doc, "ASSAULT")
    assert attack and attack[0]["actor"]["name"] == "Los Tiburones" and attack[0]["recipient"]["name"] == "Los Halcones"
    assert (attack[0]["actor"]["sector"], attack[0]["recipient"]["sector"]) == ("CRM", "CRM")
    release = find_events(doc, "RETREAT")
    assert release and release[0]["recipient"]["sector"] == "COP"


@pytest.mark.xfail(
    strict=True,
    reason="Esmeraldas is a city of Ecuador (219,000) and a town of Brazil (86,000): "
    "the gangs are left without a country",
)
def test_events_gangs_fighting_in_a_city_belong_to_its_country(code):
    attack = find_events(code(GANG_FIGHT, date="2022-08-16"), "ASSAULT")
    assert attack and attack[0]["actor"]["country"] == "ECU"


def test_events_state_of_emergency(code):
    ev = find_events(
        code(
            "President Gustavo Petro declared a state of emergency in three northern provinces on Thursday.",
            date="2022-08-16",
        ),
        "COERCE",
    )
    assert ev and ev[0]["mode"] == "martial-law" and ev[0]["cameo"] == "1724"


@pytest.mark.parametrize(
    "sentence,type_,recipient",
    [
        ("Honduras recalled its ambassador to Nicaragua for talks on Friday.", "SANCTION", "NIC"),
        ("The Honduran army has deployed 350 troops to the frontier with Nicaragua.", "MOBILIZE", None),
    ],
)
def test_events_recalls_and_troop_deployments(code, sentence, type_, recipient):
    ev = find_events(code(sentence, date="2018-06-12"), type_)
    assert ev and ev[0]["actor"]["country"] == "HND", ev
    if recipient:
        assert ev[0]["recipient"]["country"] == recipient


def test_events_ending_a_mission_and_plural_groups(code):
    doc = code(
        "The Wagner group attacked a village. The U.N. Security Council decided on Thursday to end "
        "its stabilisation mission in the Central African Republic. Separatist groups in the east called on "
        "the council to keep a civilian office in the country.",
        date="2023-07-01",
    )
    end = find_events(doc, "SANCTION")
    assert end and end[0]["actor"]["name"] == "UN Security Council" and end[0]["recipient"]["country"] == "CAF"
    req = find_events(doc, "REQUEST")
    # some separatist groups (the Central African Republic's rebels), not the group named before
    assert req and (req[0]["actor"]["country"], req[0]["actor"]["sector"]) == ("CAF", "REB")


def test_events_calling_on_a_body_named_before_makes_it_the_recipient(code):
    doc = code(
        "The U.N. Security Council decided on Thursday to end its stabilisation mission in the Central African "
        "Republic. "
        "Separatist groups in the east called on the council to keep a civilian office in the "
        "country.",
        date="2023-07-01",
    )
    req = find_events(doc, "REQUEST")
    assert req and req[0]["recipient"] and req[0]["recipient"]["name"] == "UN Security Council"


def test_events_speech_act_hung_in_the_reported_clause_is_the_speakers(code):
    # the parser makes 'accused' a conjunct of 'had fired'; it is the governor's act, asserted, not denied
    doc = code(
        "KABUL, June 3 (annales) - Pakistan shut the crossing.\n\nThe Taliban administration's border "
        "commander in Torkham, Mullah Noor Ahmad Saqib, denied that his men had shot first and "
        "accused Pakistani troops of digging a trench on Afghan territory.",
        date="2024-06-03",
    )
    ev = find_events(doc, "ACCUSE")
    assert ev and ev[0]["actor"]["name"] == "Noor Ahmad Saqib" and ev[0]["modality"] == "asserted"
    assert ev[0]["recipient"]["country"] == "PAK" and (ev[0]["date"], ev[0]["date_source"]) == (
        "2024-06-03",
        "dateline",
    )
    # coordinated past perfect stays with its own subject
    doc = code("The army said rebels had attacked the base and killed four soldiers.", date="2024-05-15")
    assert all(e["actor"] and e["actor"]["name"].lower() == "rebels" for e in find_events(doc, "ASSAULT"))


def test_events_rejecting_an_offer_answers_whoever_made_it(code):
    doc = code(
        "YAOUNDE, Feb 9 (annales) - The government on Friday offered a pardon to fighters in the North-West "
        "region, but separatist commanders rejected the proposal as a ploy.",
        date="2019-02-09",
    )
    offer = find_events(doc, "AGREE")
    assert offer and offer[0]["recipient"] and offer[0]["recipient"]["sector"] == "REB"  # 'to' parsed as a dative
    reject = find_events(doc, "REJECT")
    assert reject and reject[0]["recipient"]["name"] == "Government of Cameroon"  # at home, another side


def test_events_impeachment_denial_and_investigation(code):
    doc = code(
        "Bolivia's Chamber of Deputies voted on Thursday to impeach Supreme Court Justice Marta Herrera Quiroga. "
        "Herrera, 58, denied all the accusations. The attorney general's office began its own criminal "
        "investigation of the judge in March.",
        date="2019-10-23",
    )
    accuse = [e for e in find_events(doc, "ACCUSE") if e["trigger"] == "impeach"]
    assert accuse and accuse[0]["recipient"]["name"] == "Marta Herrera Quiroga"
    assert not [e for e in doc["events"] if e["trigger"] == "accusations"]  # denying is no accusing
    probe = [e for e in find_events(doc, "ACCUSE") if e["mode"] == "investigate"]
    # the attorney general is no general: CAMEO's agents list him as government (GOV)
    assert probe and (probe[0]["actor"]["country"], probe[0]["actor"]["sector"]) == ("BOL", "GOV")
    assert probe[0]["recipient"] and (probe[0]["recipient"]["country"], probe[0]["recipient"]["sector"]) == (
        "BOL",
        "JUD",
    )


@pytest.mark.xfail(
    strict=True,
    reason="'Herrera, 58, denied all the accusations' codes no REJECT (it did with the "
    "studied set's judge's name in this construction)",
)
def test_events_a_judge_named_by_a_second_surname_denies_the_impeachment(code):
    doc = code(
        "Bolivia's Chamber of Deputies voted on Thursday to impeach Supreme Court Justice Marta Herrera Quiroga. "
        "Herrera, 58, denied all the accusations.",
        date="2019-10-23",
    )
    reject = find_events(doc, "REJECT")
    # 'Herrera' is the second-to-last name of Marta Herrera Quiroga; she answers who accused her
    assert reject and reject[0]["actor"]["name"] == "Marta Herrera Quiroga"
    assert reject[0]["recipient"]["name"] == "Chamber of Deputies"


@pytest.mark.xfail(strict=True, reason="'the judge' is coded as the Judiciary of Bolivia, not as Herrera named before")
def test_events_the_judge_investigated_is_the_judge_named_before(code):
    doc = code(
        "Bolivia's Chamber of Deputies voted on Thursday to impeach Supreme Court Justice Marta Herrera Quiroga. "
        "The attorney general's office began its own criminal investigation of the judge in March.",
        date="2019-10-23",
    )
    probe = [e for e in find_events(doc, "ACCUSE") if e["mode"] == "investigate"]
    assert probe and probe[0]["recipient"]["name"] == "Marta Herrera Quiroga"


def test_events_turning_down_a_request_answers_who_asked(code):
    doc = code(
        "ALMATY, March 20 (annales) - The Democratic Party had asked for a permit, but city authorities turned "
        "down the request.",
        date="2023-03-20",
    )
    req = find_events(doc, "REQUEST")
    assert req and req[0]["actor"]["name"] == "Democratic Party"  # 'ask for' is a request, not a consultation
    rej = find_events(doc, "REJECT")
    assert rej and rej[0]["recipient"]["name"] == "Democratic Party"
    doc = code(
        "ALMATY, March 20 (annales) - Local officials said they had turned down the students' request to march.",
        date="2023-03-20",
    )
    rej = find_events(doc, "REJECT")
    assert (
        rej and rej[0]["recipient"] and rej[0]["recipient"]["sector"] == "EDU"
    )  # the students (CAMEO's EDU), whose request it was


def test_events_military_exercises_near_a_border_aim_at_the_other_side(code):
    doc = code(
        "MINSK, Sept 14 (annales) - Belarus began military exercises involving about 3,000 soldiers near its "
        "border with Lithuania on Thursday.",
        date="2023-09-14",
    )
    ev = find_events(doc, "MOBILIZE")
    assert ev and ev[0]["actor"]["country"] == "BLR" and ev[0]["recipient"]["country"] == "LTU"


@pytest.mark.parametrize(
    "text,actor",
    [
        # headline: 'were' dropped. The soldiers are the victims; the party the sentence names as fighting them is
        # the actor (docs/annotation.md 5.1, agentless passives), which the argument ranker fills in
        ("KABUL, Aug 16 (annales) - Two soldiers killed in clashes with the Taliban.", "Taliban"),
        # reduced relative; the police only report it, so nobody is named as the attacker
        ("KABUL (annales) - Police said two soldiers killed in the blast were buried on Monday.", None),
    ],
)
def test_events_killed_without_were_is_passive(code, text, actor):
    ev = [e for e in find_events(code(text, date="2021-08-16"), "ASSAULT") if e["trigger"] == "killed"]
    assert ev and ev[0]["recipient"]["sector"] == "MIL", ev
    assert (ev[0]["actor"] and ev[0]["actor"]["name"]) == actor, ev


@pytest.mark.parametrize(
    "sentence,mode,recipient",
    [
        ("President Mohamed Bazoum vowed to retaliate against the militants.", "violence", "militants"),
        ("The EU pledged to impose new sanctions on Belarus.", "restrict", None),
    ],
)
def test_events_a_promise_of_harm_is_a_threat(code, sentence, mode, recipient):
    ev = find_events(code(sentence, date="2021-11-04"), "THREATEN")
    assert ev and ev[0]["mode"] == mode, ev
    if recipient:
        assert ev[0]["recipient"]["name"] == recipient
    # a promise of help stays a promise
    assert not find_events(code("Donors pledged to provide aid to Nepal.", date="2015-06-25"), "THREATEN")


def test_events_welcoming_an_operation_and_a_weapon_that_killed(code):
    doc = code(
        "MOGADISHU (annales) - A US air strike killed six al Shabaab fighters close to the village of Bariire "
        "on Friday, the U.S. military said. Somalia's government welcomed the operation, saying it had hurt "
        "the group. Al Shabaab said the missile had struck a house and killed five civilians.",
        date="2019-03-12",
    )
    welcome = find_events(doc, "SUPPORT")
    assert welcome and welcome[0]["recipient"]["country"] == "USA"  # whoever carried out the operation
    # the missile killed the civilians; al Shabaab only said so, and is not the actor
    killed = [e for e in find_events(doc, "ASSAULT") if e["recipient"] and e["recipient"]["sector"] == "CVL"]
    assert [e["recipient"]["country"] for e in killed] == ["SOM"]


@pytest.mark.xfail(strict=True, reason="'the missile' of the US strike is not followed: the killing has no actor")
def test_events_the_missile_named_before_is_the_actor_of_what_it_killed(code):
    doc = code(
        "MOGADISHU (annales) - A US air strike killed six al Shabaab fighters close to the village of Bariire "
        "on Friday, the U.S. military said. Al Shabaab said the missile had struck a house and killed five "
        "civilians.",
        date="2019-03-12",
    )
    killed = [e for e in find_events(doc, "ASSAULT") if e["recipient"] and e["recipient"]["sector"] == "CVL"]
    assert (
        killed
        and killed[0]["actor"]
        and (killed[0]["actor"]["country"], killed[0]["actor"]["sector"]) == ("USA", "MIL")
    )


def test_events_holding_someone_accountable_is_no_detention(code):
    doc = code(
        "WASHINGTON, June 14 (annales) - The State Department said Washington would take more steps to "
        "hold North Korea accountable.",
        date="2019-06-14",
    )
    assert not find_events(doc, "COERCE")
    doc = code("KABUL, June 14 (annales) - The Taliban held two aid workers for a week.", date="2019-06-14")
    assert find_events(doc, "COERCE")


@pytest.mark.parametrize(
    "sentence,type_,place",
    [
        ("Israeli warplanes struck Hamas positions in Gaza on Monday.", "ASSAULT", ("Gaza", "PSE")),
        ("Police arrested 40 protesters in Tbilisi.", "COERCE", ("Tbilisi", "GEO")),
        ("Rebels attacked a base in Gao.", "ASSAULT", ("Gao", "MLI")),
        ("Three soldiers were killed by Taliban fighters near Kandahar.", "ASSAULT", ("Kandahar", "AFG")),
        ("The Russian foreign minister met his Chinese counterpart in Beijing.", "CONSULT", ("Beijing", "CHN")),
        ("Police in Nairobi arrested 12 protesters on Monday.", "COERCE", ("Nairobi", "KEN")),
        ("Japan pledged $20 million in aid to Nepal.", "AGREE", None),  # a pledge happens nowhere in particular
    ],
)
def test_events_location_is_the_place_the_sentence_names(code, sentence, type_, place):
    [ev] = find_events(code(sentence), type_)
    assert (ev["location"] and (ev["location"]["name"], ev["location"]["country"])) == place, ev["location"]


@pytest.mark.parametrize(
    "sentence,expected",
    [
        # retired.tsv: readings measured on corpus train and dev never to match a key event's type
        ("Talks are to be held in Yevlakh on Thursday.", []),
        ("The United States has so far held back from new measures.", []),
        ("Government forces pushed back the rebels near the border.", []),
        ("Some members of the ruling party also joined the president at the ceremony.", []),
        # what the narrowed entries keep: detention of an actor, a push for something
        ("Police held 30 protesters overnight.", ["COERCE"]),
        ("The president has pushed for a settlement of the dispute.", ["REQUEST"]),
    ],
)
def test_events_retired_readings_are_gone_and_narrowed_ones_keep_their_sense(code, sentence, expected):
    # a sentence that is an event follows each one, so that a coder finding nothing at all fails here too
    control = " Police arrested 40 protesters in Tbilisi on Friday."
    assert [e["type"] for e in code(sentence + control)["events"]] == expected + ["COERCE"]


@pytest.mark.parametrize(
    "sentence,cameo,actor,recipient",
    [
        # PLOVER SANCTION discontinue: cutting aid (CAMEO 162), sanctions such as frozen assets (163)
        ("Germany halted aid to Niger after the coup.", "162", "DEU", "NER"),
        ("The United States suspended military assistance to Egypt.", "162", "USA", "EGY"),
        ("The EU froze the assets of three Russian banks.", "163", "EUR", "RUS"),
    ],
)
def test_events_stopping_aid_and_freezing_assets_are_sanctions(code, sentence, cameo, actor, recipient):
    [ev] = find_events(code(sentence), "SANCTION")
    assert (ev["cameo"], ev["actor"]["country"], ev["recipient"]["country"]) == (cameo, actor, recipient)


def test_events_an_attack_that_kills_is_one_assault(code):
    """The guide (section 2): "an attack that kills is one ASSAULT (the deaths are its quantity), not an attack
    plus a killing"; acts of two types stay two events."""
    doc = code("Gunmen attacked a checkpoint near Gao and killed four soldiers.")
    [ev] = doc["events"]
    assert (ev["type"], ev["trigger"], ev["recipient"]["sector"]) == ("ASSAULT", "attacked", "MIL")
    assert [(q["value"], q["unit"]) for q in doc["quantities"]] == [(4, "killed")]
    assert [e["type"] for e in code("Soldiers arrested five men and killed two others.")["events"]] == [
        "COERCE",
        "ASSAULT",
    ]


@pytest.mark.parametrize(
    "sentence,type_,cameo",
    [
        # vocabulary the coder missed most on corpus train, coded from PLOVER's definitions (annales_verbs.tsv)
        ("Kenya and Uganda have begun exchanging information on troop movements.", "COOPERATE", "064"),
        ("The Red Cross distributed food to displaced families in Goma.", "AID", "073"),
        ("Protesters threw stones at police in Nairobi.", "PROTEST", "145"),
        ("The EU expressed concern over the arrests in Georgia.", "ACCUSE", "111"),
        ("Macron spoke with Zelensky on Tuesday.", "CONSULT", "040"),
    ],
)
def test_events_sharing_relief_riots_concern_and_calls(code, sentence, type_, cameo):
    evs = find_events(code(sentence), type_)
    assert evs and {e["cameo"] for e in evs} == {cameo}


def test_events_readiness_to_cooperate_is_an_agreement_and_its_refusal_is_not(code):
    """PLOVER: an expressed intent to cooperate is AGREE ('is willing to hold talks'); 'not willing to' is
    no agreement at all (negated)."""
    [ev] = code("The government is willing to hold talks with the rebels.")["events"]
    assert (ev["type"], ev["modality"]) == ("AGREE", "planned")
    [ev] = code("The government is not willing to hold talks with the rebels.")["events"]
    assert ev["modality"] == "negated"


@pytest.mark.parametrize(
    "text",
    [
        "Fighting between rival militias on Friday left 17 dead in the south of the district.",
        "Heavy shelling of the eastern suburbs forced thousands to flee.",
    ],
)
def test_events_a_gerund_standing_as_a_noun_is_its_event(code, text):
    """ "Fighting between X and Y left 17 dead": the tagger makes the subject a gerund, which the verb rules
    cannot read (it has no subject of its own); it is the event noun 'fighting'."""
    doc = code(text, date="2024-03-04")
    assert [e["type"] for e in doc["events"] if e["trigger"].split()[0] in ("Fighting", "shelling")] == ["ASSAULT"]


def test_events_each_coordinated_party_inside_the_object_is_a_recipient(code):
    """The guide (5.3): several recipients of one act are one event each. "the strikes by the United States,
    Britain and France": each striking state is condemned, not only the first named."""
    doc = code("Russia condemned the strikes by the United States, Britain and France as an act of aggression.")
    got = {(e["actor"]["country"], e["recipient"]["country"]) for e in doc["events"] if e["type"] == "ACCUSE"}
    assert got == {("RUS", "USA"), ("RUS", "GBR"), ("RUS", "FRA")}, doc["events"]


def test_events_those_who_act_together_do_not_act_on_each_other(code):
    """ "The UN and the US called for restraint": neither called on the other (the argument ranker had given
    the UN's call the US as its recipient); a mutual act keeps them each other's ("stepped up joint patrols")."""
    doc = code("The United Nations and the United States called for restraint.")
    calls = [e for e in doc["events"] if e["type"] == "REQUEST"]
    assert {e["actor"]["name"] for e in calls} == {"United Nations", "United States"}, calls
    assert all(e["recipient"] is None for e in calls), calls
    doc = code("Algeria and Tunisia stepped up joint patrols on their border.")
    pairs = {(e["actor"]["country"], (e["recipient"] or {}).get("country")) for e in doc["events"]}
    assert ("DZA", "TUN") in pairs, doc["events"]


def test_events_refusing_to_accept_is_a_rejection_that_happened(code):
    """ "will not accept a ceasefire" is a rejection (CAMEO 12), asserted: its negation is the rejection, so
    it is not a negated event that analysts' happened-only exports leave out."""
    doc = code("Israel will not accept a ceasefire that allows Hezbollah to return to the border.")
    rejects = [e for e in doc["events"] if e["type"] == "REJECT"]
    assert rejects and rejects[0]["actor"]["country"] == "ISR", doc["events"]
    assert rejects[0]["modality"] == "asserted", rejects[0]


def test_events_civilians_blocking_a_road_protest(code):
    """The guide's table: protesters who block roads protest (PLOVER PROTEST obstruct, CAMEO 144); a state
    blocking a border still blockades (COERCE 191)."""
    doc = code("Protesters blocked the main highway to the capital on Monday.")
    assert [(e["type"], e["mode"], e["cameo"]) for e in doc["events"]] == [("PROTEST", "obstruct", "144")]
    doc = code("Russia blocked the border crossings with Georgia on Monday.")
    assert [e["type"] for e in doc["events"]] == ["COERCE"], doc["events"]


def test_events_each_party_of_a_listed_object_is_a_recipient(code):
    """ "We thank ECOWAS, the African Union, the United Nations and ...": the parser hangs the list's second
    item on the verb; each listed party is thanked (the guide: one event per recipient)."""
    doc = code(
        "The Government of Ethiopia issued a statement on Monday. We thank ECOWAS, the African Union, the United"
        " Nations and our bilateral partners for their swift condemnation."
    )
    thanked = {e["recipient"]["name"] for e in doc["events"] if e["type"] == "SUPPORT" and e["recipient"]}
    assert {"ECOWAS", "African Union", "United Nations"} <= thanked, doc["events"]


def test_events_an_act_comes_from_whoever_the_noun_says_it_is_from(code):
    """ "an offer from the OSCE": the OSCE offered (it was read as the offer's recipient); "a withdrawal from
    Gao" keeps 'from' as what is left."""
    doc = code("Tajikistan rejected an offer from the OSCE to facilitate dialogue with the protesters.")
    offers = [e for e in doc["events"] if e["type"] == "AGREE"]
    assert offers and offers[0]["actor"]["name"] == "OSCE", doc["events"]
    assert (offers[0]["recipient"] or {}).get("country") in (None, "TJK"), offers[0]


def test_events_forces_sent_in_a_passive_with_no_agent_mobilize(code):
    """ "Riot police were deployed", "Two Kenyan battalions were sent to the border": the forces are the side
    that mobilizes (the rules' verbs and the trigger classifier's alike), not the recipient of the act."""
    for text, country in (
        ("Riot police were deployed in large numbers in Kibera, Kenya, on Monday.", "KEN"),
        ("Two Kenyan battalions were sent to the border on Monday.", "KEN"),
    ):
        mob = [e for e in code(text)["events"] if e["type"] == "MOBILIZE"]
        assert mob and mob[0]["actor"] and mob[0]["actor"]["country"] == country, (text, mob)


@pytest.mark.parametrize(
    "sentence, actor, recipient",
    [
        ("Malian soldiers came under attack by jihadists near Gao on Monday.", "MLI/REB", "MLI/MIL"),
        (
            "The Kenyan embassy in Mogadishu was the target of a bomb attack by al-Shabaab on Tuesday.",
            "SOM/REB",
            "KEN/GOV",
        ),
        ("An army patrol survived an ambush by Boko Haram fighters near Maiduguri on Monday.", "NGA/REB", "NGA/MIL"),
    ],
)
def test_events_whoever_came_under_an_attack_is_its_target(code, sentence, actor, recipient):
    """'came under attack by', 'was the target of an attack by', 'survived an ambush by': the subject suffered
    the attack (data/events/light_verbs.tsv, effect 'suffered'); its doer is the noun's 'by'."""
    evs = [e for e in code(sentence)["events"] if e["type"] == "ASSAULT"]
    assert len(evs) == 1, evs
    parties = [f"{p['country']}/{p['sector']}" if p else None for p in (evs[0]["actor"], evs[0]["recipient"])]
    assert parties == [actor, recipient]


@pytest.mark.parametrize(
    "sentence, type_",
    [
        # PLOVER (COERCE not_this): a crowd pushed back with no crowd-control weapon named is COERCE
        ("Police said they had dispersed about 50 demonstrators in Nairobi on Monday.", "COERCE"),
        ("Police dispersed the protesters in Nairobi with tear gas and rubber bullets on Monday.", "ASSAULT"),
        # PETRARCH's dictionary files 'dissolve' with invitations (040): dissolving a legislature restricts
        ("President Pedro Castillo said he was dissolving Congress temporarily.", "COERCE"),
    ],
)
def test_events_dispersals_and_dissolutions_are_coerced_not_fought_or_met(code, sentence, type_):
    types = [e["type"] for e in code(sentence)["events"]]
    assert type_ in types and not ({"ASSAULT", "COERCE", "CONSULT"} - {type_}) & set(types), types


def test_events_succumbing_to_wounds_is_a_death_not_a_concession(code):
    """PETRARCH reads 'succumb' as yielding (080); "a constable succumbed to his wounds" is a death."""
    doc = code(
        "The toll from the Taliban assault on the police station rose to seven after a constable succumbed to "
        "his wounds at a hospital in Peshawar, officials said."
    )
    types = [e["type"] for e in doc["events"]]
    assert "ASSAULT" in types and "CONCEDE" not in types, types


@pytest.mark.parametrize(
    "sentence, mode, not_types",
    [
        # a bombing, not the 'set' of 'set up' (CAMEO 183, PLOVER ASSAULT explosives)
        ("Rebels set off explosives on an oil pipeline near Saravena on Sunday.", "explosives", {"COERCE"}),
        ("Militants detonated a bomb near a market in Mogadishu on Friday.", "explosives", set()),
        # tear gas lobbed at a crowd, police charging at it: force used, not PETRARCH's accusation ('charge')
        ("Police lobbed teargas at hundreds of demonstrators outside Parliament on Tuesday.", None, set()),
        ("Riot police charged at the protesters with batons in Nairobi on Tuesday.", None, {"ACCUSE"}),
        # 'took away' (the parser's adverb read as the particle it is): an abduction, not a seizure
        ("Gunmen who attacked the school on Wednesday night took away at least 80 pupils.", "abduct", {"COERCE"}),
    ],
)
def test_events_bombings_charges_and_abductions_are_read(code, sentence, mode, not_types):
    evs = code(sentence, date="2023-02-20")["events"]
    assault = [e for e in evs if e["type"] == "ASSAULT" and e["mode"] == mode]
    assert assault, evs
    assert not not_types & {e["type"] for e in evs}, evs


@pytest.mark.parametrize(
    "claim",
    [
        "Al-Shabaab claimed responsibility for the attack in a statement.",
        "The attack was claimed by al-Shabaab.",
        "The army said al-Shabaab militants were responsible for the attack.",
    ],
)
def test_events_a_claim_or_attribution_names_the_unidentified_attackers(code, claim):
    """ "Gunmen attacked ... al-Shabaab claimed responsibility" (or "the attack was claimed by", "were responsible
    for the attack"): the attack is al-Shabaab's by the claim, beside the gunmen the lead names."""
    doc = code("Gunmen attacked a police post near Mandera on Sunday, killing four officers. " + claim)
    attackers = {(e["actor"] or {}).get("name") for e in doc["events"] if e["type"] == "ASSAULT"}
    assert "al-Shabaab" in attackers, doc["events"]


@pytest.mark.parametrize(
    "sentence, type_, mode",
    [
        # strikes told without the word 'strike' (PROTEST strike, CAMEO 143); dockers are workers (LAB)
        ("Dockers in Piraeus stopped work for 24 hours on Thursday, Greek unions said.", "PROTEST", "strike"),
        ("Dockworkers in Piraeus walked off the job on Thursday, Greek unions said.", "PROTEST", "strike"),
        # troops leaving a country's soil withdraw (RETREAT)
        ("The last American soldiers stationed in Niger left Nigerien soil on Sunday.", "RETREAT", "withdraw"),
        # the state's forces taking people away arrest them; gunmen taking them away abduct them
        ("Zimbabwean riot police stormed a house in Harare and took away 44 people.", "COERCE", "arrest"),
        ("Gunmen who attacked the school in Katsina took away at least 80 pupils.", "ASSAULT", "abduct"),
    ],
)
def test_events_strikes_withdrawals_and_arrests_told_in_other_words(code, sentence, type_, mode):
    evs = code(sentence, date="2024-02-21")["events"]
    assert any(e["type"] == type_ and e["mode"] == mode for e in evs), evs
    if type_ == "COERCE":
        assert not any(e["type"] == "ASSAULT" and e["mode"] == "abduct" for e in evs), evs


def test_events_an_ordered_expulsion_is_one_sanction_not_a_mobilization(code):
    """ "France ordered the expulsion of 12 Algerian agents": the expulsion is SANCTION expel (data/events/
    annales_nouns.tsv), ordered so planned; 'ordered', the light verb of an act the rules read, is no act of
    its own (the trigger classifier read it as MOBILIZE)."""
    evs = code("France on Tuesday ordered the expulsion of 12 agents of the Algerian diplomatic network.")["events"]
    assert [(e["type"], e["mode"], e["actor"]["country"]) for e in evs] == [("SANCTION", "expel", "FRA")], evs


@pytest.mark.parametrize(
    "sentence, country",
    [
        ("A Palestinian man was shot dead by Israeli soldiers near Jenin on Monday.", "PSE"),
        ("Gunmen kidnapped two Kenyan women near the border town of Mandera on Monday.", "KEN"),
    ],
)
def test_events_people_of_a_nationality_are_its_civilians_not_its_government(code, sentence, country):
    """ "A Palestinian man was killed": the victim is a Palestinian civilian; the nationality alone made him the
    Palestinian state (recipient 'Palestine', GOV)."""
    evs = [e for e in code(sentence)["events"] if e["type"] == "ASSAULT"]
    assert evs and all((e["recipient"]["country"], e["recipient"]["sector"]) == (country, "CVL") for e in evs), evs


def test_events_a_meeting_where_two_sides_agreed_is_their_consultation(code):
    """ "Indian and Bangladeshi customs officials agreed at a flag meeting": the meeting is a CONSULT between the
    two sides (the pair named is its own recipients), beside what they agreed."""
    evs = code(
        "Indian and Bangladeshi customs officials agreed at a flag meeting at the zero line to reopen the crossing."
    )["events"]
    met = {(e["actor"]["country"], e["recipient"]["country"]) for e in evs if e["type"] == "CONSULT"}
    assert met == {("IND", "BGD"), ("BGD", "IND")}, evs
    assert any(e["type"] == "AGREE" for e in evs), evs


@pytest.mark.parametrize(
    "sentence, type_",
    [
        ("Students in Valparaiso held a one-day strike on Thursday to demand free education.", "PROTEST"),
        ("Chilean teachers began a 48-hour strike on Monday.", "PROTEST"),
        ("Israeli warplanes carried out a strike on a house in Gaza on Monday.", "ASSAULT"),
    ],
)
def test_events_a_strike_by_students_or_workers_is_a_work_stoppage(code, sentence, type_):
    """The noun 'strike' is an air strike by the armed, a work stoppage (PROTEST strike) by anyone else."""
    types = {e["type"] for e in code(sentence)["events"] if e["trigger"] == "strike"}
    assert types == {type_}, code(sentence)["events"]


@pytest.mark.parametrize(
    "sentence, actor, recipient",
    [
        ("Burkina Faso declared three French diplomats persona non grata on Monday.", "BFA", "FRA"),
        ("Iran ordered two Swedish diplomats to leave the country within a week.", "IRN", "SWE"),
    ],
)
def test_events_diplomats_declared_persona_non_grata_or_told_to_leave_are_expelled(code, sentence, actor, recipient):
    """An expulsion of diplomats told in other words than 'expel' (SANCTION expel, CAMEO 166)."""
    evs = [e for e in code(sentence)["events"] if (e["type"], e["mode"]) == ("SANCTION", "expel")]
    assert [(e["actor"]["country"], e["recipient"]["country"]) for e in evs] == [(actor, recipient)], evs
