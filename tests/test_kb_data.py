"""The knowledge base's data files: compiled copies agree with their sources, every entry is usable."""

from __future__ import annotations

import json

import yaml

from annales.actors import kb as kbmod

PEOPLE = kbmod.DATA / "people"


def test_kb_data_compiled_people_match_the_yaml_sources():
    compiled = json.loads((kbmod.DATA / "people_compiled.json").read_text(encoding="utf-8"))
    sources = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(PEOPLE.glob("*.yaml"))}
    assert set(compiled) == set(sources), "run: python tools/build_lexicons.py"
    for stem, doc in sources.items():
        assert json.loads(json.dumps(doc, default=str)) == compiled[stem], (
            f"{stem}.yaml changed: run tools/build_lexicons.py"
        )


def test_kb_data_every_person_has_a_source_and_valid_roles():
    for path in sorted(PEOPLE.glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        roles = doc.get("roles") or {}
        for p in doc.get("people") or []:
            assert p.get("source"), f"{path.name}: {p['name']} has no source"
            for s in p.get("roles") or []:
                assert s["role"] in roles, f"{path.name}: {p['name']} role {s['role']} undefined"
                if s.get("start") and s.get("end"):
                    assert str(s["start"]) <= str(s["end"]), f"{path.name}: {p['name']} ends before it starts"


def test_kb_data_no_country_is_loaded_as_a_person():
    # PETRARCH lists successor states with dated codes (AZERBAIJAN [USRAZE <1991] [AZE >1991]); they are
    # countries, and a person named 'Azerbaijan' would swallow the country wherever spaCy says PERSON
    kb = kbmod.load()
    for name in ("Azerbaijan", "Ukraine", "Georgia", "Iraq", "Kosovo", "South Sudan"):
        kinds = {e.kind for e in kb.lookup(name)}
        assert "country" in kinds and "person" not in kinds, (name, kinds)
