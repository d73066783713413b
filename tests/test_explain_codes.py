"""`annales explain` knows every CAMEO code the coder can output (issue 13 item 8): the codes of the ontology,
of the event lexicons, of the language tables and those the coder's rules write themselves; and the GDELT
export has a published Goldstein value and a QuadClass for each of them."""

from __future__ import annotations

import re
from functools import lru_cache

import pytest
import yaml
from typer.testing import CliRunner

from annales.cli import app
from annales.events.lexicon import load
from annales.learned.triggers import TYPE_CAMEO
from annales.ontology import cameo_plover, explain, ontology
from tests.conftest import ROOT

SRC = ROOT / "src" / "annales"
# A 2- to 4-digit string literal in the coder's own rules: a CAMEO code it writes or a prefix it tests.
CODE_LITERAL = re.compile(r"""["']([0-2]\d{1,3})["']""")


@lru_cache(maxsize=1)
def coder_codes() -> dict[str, str]:
    """Every CAMEO code the coder can output -> where it comes from."""
    codes: dict[str, str] = {}
    for code in ontology()["cameo"]:
        codes.setdefault(code, "ontology.json cameo")
    for tname, t in ontology()["types"].items():
        for mname, m in t["modes"].items():
            for code in m.get("cameo") or []:
                codes.setdefault(code, f"ontology.json {tname}/{mname}")
    lex = load()
    for entries in lex.verbs.values():
        for e in entries:
            codes.setdefault(e.cameo, f"verb lexicon '{e.lemma}' ({e.source})")
    for n in lex.nouns.values():
        codes.setdefault(n.cameo, f"noun lexicon '{n.lemma}'")
    for path in sorted((SRC / "lang" / "en").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        for code in re.findall(r"cameo:\s*\"?(\d{2,4})\"?", text):
            codes.setdefault(code, f"lang/en/{path.name}")
    for code in TYPE_CAMEO.values():
        codes.setdefault(code, "learned/triggers.py TYPE_CAMEO")
    for folder in ("events", "learned"):
        for path in sorted((SRC / folder).glob("*.py")):
            for code in CODE_LITERAL.findall(path.read_text(encoding="utf-8")):
                codes.setdefault(code, f"{folder}/{path.name}")
    return codes


def test_explain_codes_the_walk_finds_the_lexicons_codes():
    codes = coder_codes()
    assert len(codes) > 250
    # the codes issue 13 found unexplained, and codes only the lexicons or the rules write
    for code in ("020", "026", "0256", "0841", "138", "1312", "163"):
        assert code in codes, code
    threats = yaml.safe_load((SRC / "lang" / "en" / "threats.yaml").read_text(encoding="utf-8"))["threats"]
    assert {t["cameo"] for t in threats.values()} <= set(codes)


@pytest.mark.parametrize("code", sorted(coder_codes()))
def test_explain_codes_every_code_the_coder_outputs(code):
    info = explain(code)
    assert info["code"] == code and info["kind"] == "CAMEO event code" and info["description"], coder_codes()[code]
    assert info["plover"] == cameo_plover(code)[0]


def test_explain_codes_cli_for_each_code():
    runner = CliRunner()
    for code in sorted(coder_codes()):
        r = runner.invoke(app, ["explain", code])
        assert r.exit_code == 0, (code, coder_codes()[code], r.output)
        assert r.output.startswith(f"{code} — CAMEO event code"), r.output


def test_explain_codes_request_020_is_explained_as_request():
    r = CliRunner().invoke(app, ["explain", "020"])
    assert r.exit_code == 0 and "Appeal" in r.output and "REQUEST" in r.output


def test_explain_codes_every_code_has_a_goldstein_value_and_quad_class():
    from annales.store.shapes.gdelt import goldstein, quad_classes

    for code in coder_codes():
        assert goldstein(code) is not None, code
        assert quad_classes()[code[:2]] in (1, 2, 3, 4), code
    # values of GDELT's published table, and a code missing from it taking its parent's
    assert (goldstein("190"), goldstein("0841"), goldstein("1823"), goldstein("0874")) == (-10.0, 7.0, -10.0, 10.0)
    assert goldstein("1385") == -7.0 and goldstein("0215") == goldstein("021") == 3.4
