"""The knowledge base's data files: compiled copies agree with their sources, every entry is usable."""

from __future__ import annotations

import json
from pathlib import Path

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


def test_kb_data_kosovo_is_kos_in_every_shipped_file():
    """PLOVER codes Kosovo KOS: no data file the coder or the exports read may write GeoNames' XKX or
    PETRARCH's KSV as a country code (GeoNames' two-letter XK stays: it keys GeoNames' own tables)."""
    import re
    from importlib import resources

    data = Path(str(resources.files("annales") / "data"))
    code = re.compile(r"\b(XKX|KSV)\b")
    stale = [
        f"{p.relative_to(data)}: {line[:80]}"
        for p in sorted(data.rglob("*"))
        if p.is_file() and p.suffix in (".tsv", ".json", ".jsonl", ".yaml", ".txt")
        for line in p.read_text(encoding="utf-8", errors="replace").splitlines()
        if not line.startswith("#") and code.search(line)  # a header may name the code it replaces
    ]
    assert stale == []


def test_kb_data_curated_organizations_are_well_formed_and_named_once():
    """organizations.tsv: four columns, a country the guide allows (ISO 3166 alpha-3, PLOVER's non-state codes,
    KOS), a PLOVER sector (or IGO/NGO, PETRARCH's sector of international bodies), and no name or alias that
    two rows share."""
    from annales.keys import NON_STATE, iso3_codes
    from annales.ontology import ontology

    sectors = set(ontology()["sectors"]) | {"IGO", "NGO"}
    countries = iso3_codes() | NON_STATE
    owner: dict[str, str] = {}
    for line in (kbmod.DATA / "organizations.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        assert len(cells) == 4, line
        name, country, sector, aliases = cells
        assert country in countries and sector in sectors, line
        for n in [name, *(a for a in aliases.split("|") if a)]:
            key = kbmod.norm(n)
            assert owner.setdefault(key, name) == name, f"{n!r}: {owner[key]} and {name}"
