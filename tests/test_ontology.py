from __future__ import annotations

import pytest

from annales import AnnalesError, explain
from annales.events import lexicon


def test_ontology_explain_type_and_cameo():
    a = explain("ASSAULT")
    assert a["kind"] == "PLOVER event type" and "quad" in a
    c = explain("044")
    assert c["plover"] == "CONSULT" and c["mode"] == "third-party"
    assert explain("MIL")["kind"] == "PLOVER actor sector"
    assert explain("planned")["kind"] == "annales modality"


def test_ontology_unknown_code_error_says_what_to_try():
    with pytest.raises(AnnalesError) as e:
        explain("XYZ")
    assert "[E011]" in str(e.value) and "annales explain ASSAULT" in str(e.value)


@pytest.mark.parametrize(
    "cameo,plover",
    [
        ("0871", "RETREAT"),
        ("081", "CONCEDE"),
        ("173", "COERCE"),
        ("195", "ASSAULT"),
        ("1056", "REQUEST"),
        ("020", "REQUEST"),
        ("057", "SUPPORT"),
        ("163", "SANCTION"),
        ("191", "COERCE"),
    ],
)
def test_ontology_cameo_to_plover(cameo, plover):
    assert lexicon.load().plover(cameo)[0] == plover


def test_ontology_statements_are_not_events():
    assert lexicon.load().plover("010") == (None, None)


@pytest.mark.parametrize(
    "code,plover", [("020", "REQUEST"), ("026", "REQUEST"), ("0256", "REQUEST"), ("016", "REJECT")]
)
def test_ontology_explain_codes_the_coder_outputs(code, plover):
    """The coder outputs CAMEO 02x as REQUEST (annales' documented choice); explain must know them too."""
    e = explain(code)
    assert e["kind"] == "CAMEO event code" and e["plover"] == plover and "annales codes it" in e["note"]


def test_ontology_explain_unknown_code_still_says_so():
    with pytest.raises(AnnalesError, match=r"\[E011\]"):
        explain("9999")
