"""The strict scorer (annales.evaluation) and `annales evaluate`: what counts as found, and what does not."""

from __future__ import annotations

import copy
import json

import pytest
from typer.testing import CliRunner

from annales.cli import app
from annales.evaluation import key_as_output, score_document
from annales.evaluation.report import Report
from tests.conftest import FIXTURES

TEXT = (
    "Police arrested 12 protesters in Nairobi on Monday. "
    "The rebels said they would release 12 hostages by May. "
    "Kenya and Uganda held talks in Kampala. "
    "Protesters did not attack the police."
)


def _span(s: str) -> tuple[int, int]:
    i = TEXT.index(s)
    return i, i + len(s)


KEY = {
    "article": {"title": "t", "date": "2024-03-13", "style": "wire"},
    "actors": [
        {"name": "Police of Kenya", "country": "KEN", "sector": "COP", "aliases": ["police"]},
        {"name": "Protesters", "country": "KEN", "sector": "CVL"},
        {"name": "Rebels", "country": "KEN", "sector": "REB"},
        {"name": "Hostages", "country": "KEN", "sector": "CVL"},
        {"name": "Kenya", "country": "KEN", "sector": "GOV"},
        {"name": "Uganda", "country": "UGA", "sector": "GOV"},
    ],
    "events": [
        {
            "id": "E1",
            "tier": "core",
            "type": "COERCE",
            "mode": "arrest",
            "actor": "Police of Kenya",
            "recipient": "Protesters",
            "date": "2024-03-11",
            "location": "Nairobi",
            "modality": "asserted",
            "evidence": "Police arrested 12 protesters in Nairobi on Monday",
        },
        {
            "id": "E2",
            "tier": "core",
            "type": "RETREAT",
            "mode": "release",
            "alt": ["CONCEDE"],
            "actor": "Rebels",
            "recipient": "Hostages",
            "date": "2024-05",
            "modality": "planned",
            "evidence": "they would release 12 hostages by May",
        },
        {
            "id": "E3",
            "tier": "extra",
            "type": "CONSULT",
            "actor": "Kenya",
            "recipient": "Uganda",
            "reciprocal": True,
            "date": "2024-03",
            "location": "Kampala",
            "modality": "asserted",
            "evidence": "Kenya and Uganda held talks in Kampala",
        },
    ],
    "not_events": [
        {"type": "ASSAULT", "actor": "Protesters", "recipient": "Police of Kenya", "why": "the attack did not happen"}
    ],
    "quantities": [{"event": "E1", "value": 12, "unit": "arrested", "evidence": "12 protesters"}],
    "places": [{"name": "Nairobi", "country": "KEN"}, {"name": "Kampala", "country": "UGA"}],
}


def _party(name, country, sector):
    return {"name": name, "country": country, "sector": sector}


def _event(eid, type_, actor, recipient, sentence, modality="asserted", **kw):
    start, end = _span(sentence)
    return {
        "id": eid,
        "type": type_,
        "actor": actor,
        "recipient": recipient,
        "modality": modality,
        "sentence": sentence,
        "start": start,
        "end": end,
        "also_reported": [],
        **kw,
    }


POLICE, PROTESTERS = _party("police", "KEN", "COP"), _party("protesters", "KEN", "CVL")
REBELS, HOSTAGES = _party("rebels", "KEN", "REB"), _party("hostages", "KEN", "CVL")
KENYA, UGANDA = _party("Kenya", "KEN", "GOV"), _party("Uganda", "UGA", "GOV")
S1 = "Police arrested 12 protesters in Nairobi on Monday."
S2 = "The rebels said they would release 12 hostages by May."
S3 = "Kenya and Uganda held talks in Kampala."
S4 = "Protesters did not attack the police."


def _perfect() -> dict:
    return {
        "article": {"text": TEXT},
        "events": [
            _event(
                "E1",
                "COERCE",
                POLICE,
                PROTESTERS,
                S1,
                mode="arrest",
                date="2024-03-11",
                location={"name": "Nairobi", "country": "KEN"},
            ),
            _event("E2", "RETREAT", REBELS, HOSTAGES, S2, modality="planned", mode="release", date="2024-05"),
            _event("E3", "CONSULT", KENYA, UGANDA, S3, date="2024-03", location={"name": "Kampala", "country": "UGA"}),
        ],
        "quantities": [{"value": 12, "start": TEXT.index("12 protesters"), "end": TEXT.index("12 protesters") + 2}],
        "timexes": [],
        "quotes": [],
        "places": [],
    }


def _score(doc, key=KEY):
    return score_document("t", key, doc, lambda _w: None)


def test_evaluation_perfect_output_scores_one():
    s = _score(_perfect())
    assert len(s.matched) == 3 and not s.false_positives and not s.core_missed and s.passed
    assert s.fields["actor_right"] == s.fields["actor_total"] == 3
    assert s.fields["place_right"] == 2 and s.fields["date_right"] == 3
    assert s.quantities_found == s.quantities_total == 1


def test_evaluation_planned_event_is_not_matched_by_a_happened_one():
    doc = _perfect()
    doc["events"][1]["modality"] = "asserted"  # "would release" coded as a release that happened
    s = _score(doc)
    assert [k["id"] for k in s.core_missed] == ["E2"]
    assert len(s.false_positives) == 1
    assert s.fields["modality_right"] == 2 and s.fields["modality_total"] == 3


def test_evaluation_promise_type_in_alt_matches_plovers_reading():
    doc = _perfect()
    doc["events"][1].update(type="CONCEDE", modality="asserted", mode=None)
    assert not _score(doc).core_missed


def test_evaluation_is_one_to_one():
    doc = _perfect()
    doc["events"].append(copy.deepcopy(doc["events"][0]) | {"id": "E9"})
    s = _score(doc)
    assert len(s.matched) == 3 and [o["id"] for o in s.false_positives] == ["E9"]
    r = Report("t", [s]).totals()["events_all"]
    assert r["precision"] == 0.75 and r["recall"] == 1.0


def test_evaluation_event_must_come_from_the_evidence_sentence():
    doc = _perfect()
    doc["events"][0] = _event("E1", "COERCE", POLICE, PROTESTERS, S4, mode="arrest", date="2024-03-11")
    s = _score(doc)
    assert [k["id"] for k in s.core_missed] == ["E1"]
    assert s.confusion[("COERCE", None)] == 1 and s.confusion[(None, "COERCE")] == 1


def test_evaluation_wrong_recipient_is_a_miss_but_the_type_was_found():
    doc = _perfect()
    doc["events"][0]["recipient"] = REBELS
    s = _score(doc)
    assert [k["id"] for k in s.core_missed] == ["E1"]
    assert s.fields["recipient_total"] == 3 and s.fields["recipient_right"] == 2
    assert s.fields["actor_right"] == 3
    assert s.confusion[("COERCE", "COERCE")] == 1


def test_evaluation_tells_why_each_core_event_was_missed():
    # E1 found with the wrong recipient, E2 read as another type, E3 (extra) never counted
    doc = _perfect()
    doc["events"][0]["recipient"] = REBELS
    doc["events"][1].update(type="ASSAULT", mode=None)
    missed = Report("t", [_score(doc)]).totals()["core_missed"]
    assert missed["its type, wrong recipient"] == 1 and missed["only other types in its sentence"] == 1
    assert sum(missed.values()) == 2
    # nothing coded in E1's sentence; E2 coded as happened though the key says planned
    doc = _perfect()
    del doc["events"][0]
    doc["events"][0]["modality"] = "asserted"
    missed = Report("t", [_score(doc)]).totals()["core_missed"]
    assert missed["no event in its sentence"] == 1 and missed["its type, other modality"] == 1


def test_evaluation_party_of_the_keys_country_and_sector_is_right():
    """PLOVER codes parties by country and sector: 'hostages' (KEN, CVL) for 'Protesters' (KEN, CVL) is
    right; a party of another sector is not."""
    doc = _perfect()
    doc["events"][0]["recipient"] = HOSTAGES
    assert len(_score(doc).matched) == 3
    doc["events"][0]["recipient"] = _party("student union", "KEN", "EDU")
    assert len(_score(doc).matched) == 2


def test_evaluation_reciprocal_events_match_either_way_round():
    doc = _perfect()
    doc["events"][2].update(actor=UGANDA, recipient=KENYA)
    assert len(_score(doc).matched) == 3
    key = copy.deepcopy(KEY)
    key["events"][2]["reciprocal"] = False
    assert len(_score(doc, key).matched) == 2


@pytest.mark.parametrize(
    "key_date,out_date,right",
    [
        ("2024-03", "2024-03-11", True),
        ("2024-03-11", "2024-03", False),
        ("2024-03-11", "2024-03-12", False),
        ("2024", "2024-05", True),
    ],
)
def test_evaluation_dates_agree_at_the_keys_precision(key_date, out_date, right):
    key = copy.deepcopy(KEY)
    key["events"][0]["date"] = key_date
    doc = _perfect()
    doc["events"][0]["date"] = out_date
    assert _score(doc, key).fields["date_right"] == 2 + right


def test_evaluation_quantity_counts_only_at_its_own_place():
    doc = _perfect()
    i = TEXT.index("12 hostages")
    doc["quantities"] = [{"value": 12, "start": i, "end": i + 2}]  # the same number, another event's
    s = _score(doc)
    assert s.quantities_found == 0 and s.quantities_missed == ["12 protesters"]


def test_evaluation_quantity_needs_its_event_found():
    doc = _perfect()
    doc["events"][0]["type"] = "ASSAULT"
    assert _score(doc).quantities_found == 0


def test_evaluation_trap_hit_only_when_said_to_happen():
    doc = _perfect()
    doc["events"].append(_event("E5", "ASSAULT", PROTESTERS, POLICE, S4))
    assert len(_score(doc).traps) == 1
    doc["events"][-1]["modality"] = "negated"
    assert not _score(doc).traps


def test_evaluation_key_scored_against_itself_agrees_fully():
    s = _score(key_as_output(KEY, TEXT))
    assert len(s.matched) == 3 and not s.false_positives
    assert all(
        s.fields[f + "_right"] == s.fields[f + "_total"] for f in ("actor", "recipient", "date", "place", "mode")
    )


def test_evaluation_cli_scores_a_keyed_folder():
    result = CliRunner().invoke(app, ["evaluate", str(FIXTURES / "evaluation"), "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["documents"] == 1
    assert report["events_core"]["recall"] == 1.0 and report["events_core"]["matched"] == 1
    assert report["per_type"]["COERCE"]["recall"] == 1.0
    assert report["quantities"] == {"found": 1, "total": 1}


def test_evaluation_cli_table_names_the_set():
    result = CliRunner().invoke(app, ["evaluate", str(FIXTURES / "evaluation")])
    assert result.exit_code == 0
    assert "1 documents" in result.output and "COERCE" in result.output and "Type confusion" in result.output


@pytest.mark.parametrize(
    "args,message",
    [
        (["nothere/"], "[E025]"),
        ([str(FIXTURES / "evaluation"), "--split", "tset"], "[E026]"),
        ([str(FIXTURES / "evaluation"), "--split", "test"], "splits.tsv"),
        ([str(FIXTURES / "evaluation"), "--format", "csv"], "[E028]"),
    ],
)
def test_evaluation_cli_errors_say_what_to_do(args, message):
    result = CliRunner().invoke(app, ["evaluate", *args])
    assert result.exit_code == 2
    assert message in result.output


def test_evaluation_by_rule_counts_each_reading_fired_typed_and_right():
    """`--by-rule`: the reading named first in `why` (what later stages appended is cut off), how often it
    fired, how often its event had a key event's type in its sentence, and how often it was strictly right."""
    from annales.evaluation.report import rule_name

    doc = _perfect()
    doc["events"][0]["why"] = "verb 'arrest' -> CAMEO 173 (annales lexicon); actor A1 by the argument ranker (0.7)"
    doc["events"][1]["why"] = "verb 'release' -> CAMEO 0841 (annales lexicon)"
    doc["events"][2]["why"] = "verb 'hold' + obj:talk -> CAMEO 040 (annales lexicon)"
    doc["events"][1]["recipient"] = POLICE  # the type in the right sentence, the wrong recipient
    doc["events"].append(_event("E9", "ASSAULT", PROTESTERS, POLICE, S4, why="verb 'attack' -> CAMEO 190"))
    rules = Report("t", [_score(doc)]).per_rule()
    assert rules == {
        "verb 'arrest'": {"fired": 1, "typed": 1, "right": 1, "precision": 1.0},
        "verb 'attack'": {"fired": 1, "typed": 0, "right": 0, "precision": 0.0},
        "verb 'hold' + obj:talk": {"fired": 1, "typed": 1, "right": 1, "precision": 1.0},
        "verb 'release'": {"fired": 1, "typed": 1, "right": 0, "precision": 0.0},
    }
    assert rule_name("trigger model (ACCUSE, 0.81): actor from the grammar") == "trigger model (ACCUSE, 0.81)"


def test_evaluation_by_rule_counts_the_later_readings_that_chose_parties_modality_and_place():
    """The later parts of `why` are counted too, without what varies between events (ids, places, scores)."""
    doc = _perfect()
    doc["events"][0]["why"] = (
        "verb 'arrest' -> CAMEO 173; actor A1 by the argument ranker (0.7); place NAIROBI by the place ranker (0.84)"
    )
    doc["events"][1]["why"] = (
        "verb 'release' -> CAMEO 0841; planned: future tense; actor A3 by the argument ranker (0.6)"
    )
    doc["events"][1]["recipient"] = POLICE  # its type in its sentence, but not strictly right
    later = Report("t", [_score(doc)]).later_readings()
    assert later["actor by the argument ranker"] == {"fired": 2, "typed": 2, "right": 1, "precision": 0.5}
    assert later["place by the place ranker"] == {"fired": 1, "typed": 1, "right": 1, "precision": 1.0}
    assert later["planned: future tense"]["right"] == 0 and "verb 'arrest'" not in later


def test_evaluation_cli_by_rule_prints_the_readings_table():
    result = CliRunner().invoke(app, ["evaluate", str(FIXTURES / "evaluation"), "--by-rule"])
    assert result.exit_code == 0, result.output
    assert "Readings that found events" in result.output and "fired" in result.output
    as_json = CliRunner().invoke(app, ["evaluate", str(FIXTURES / "evaluation"), "--by-rule", "-f", "json"])
    rules = json.loads(as_json.stdout)["per_rule"]
    assert rules and all(set(v) == {"fired", "typed", "right", "precision"} for v in rules.values())
    assert sum(v["fired"] for v in rules.values()) == json.loads(as_json.stdout)["events_core"]["output"]
    assert "later_readings" in json.loads(as_json.stdout) and "Later readings" in result.output
