"""Convert the openly licensed lexicons in ../shared into annales' own data files.

Run from the repository root:  python tools/build_lexicons.py [--shared ../shared]

The outputs under src/annales/data/ are committed; the package never reads ../shared at run time.
Sources and licences are written into each output's header and into NOTICE.
"""

from __future__ import annotations

import argparse
import collections
import json
import re
from pathlib import Path

import yaml
from build_places import build_places  # tools/ is on the path when this file runs as a script

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "src" / "annales" / "data"

PETRARCH_HEADER = (
    "source: openeventdata/petrarch2 data/dictionaries (commit 676801c), {file}; "
    "licence: MIT, Copyright (c) 2014-2015 Open Event Data Alliance; converted by tools/build_lexicons.py"
)

# CAMEO agent/sector codes (3 letters) mapped to PLOVER sector codes.
CAMEO_SECTOR_TO_PLOVER = {
    "GOV": "GOV",
    "MIL": "MIL",
    "COP": "COP",
    "JUD": "JUD",
    "LEG": "LEG",
    "REB": "REB",
    "INS": "REB",
    "SEP": "REB",
    "OPP": "OPP",
    "PTY": "PTY",
    "SPY": "SPY",
    "UAF": "UAF",
    "BUS": "BUS",
    "CRM": "CRM",
    "CVL": "CVL",
    "EDU": "EDU",
    "ELI": "ELI",
    "MED": "JRN",
    "HLH": "MED",
    "LAB": "LAB",
    "REF": "REF",
    "REL": "REL",
    "AGR": "AGR",
    "HRI": "SOC",
    "ENV": "SOC",
    "DEV": "SOC",
    "MOD": "GOV",
    "RAD": "OPP",
    "MNC": "BUS",
    "PRM": "PRM",
    "IGO": "IGO",
    "NGO": "NGO",
    "SOC": "SOC",
    "JRN": "JRN",
    "PRE": "PRE",
    "UNK": "UNK",
}
NON_STATE = {"IGO", "NGO", "IMG", "MNC", "UNO", "EUR", "ISM"}
# PETRARCH's country codes that annales writes otherwise: Kosovo is KOS in PLOVER (plover.yaml actors.country).
PETRARCH_COUNTRY = {"KSV": "KOS"}


def clean_phrase(raw: str) -> str:
    """PETRARCH phrase ('AFGHAN_NATIONAL_ARMY_', 'MEET_WITH') -> plain words."""
    raw = raw.split("#")[0].strip().lstrip("+").strip()
    raw = raw.replace("_", " ").strip()
    raw = re.sub(r"\s+", " ", raw)
    return raw


SMALL_WORDS = {"of", "the", "and", "for", "in", "on", "al", "to", "at", "by", "with", "without"}


def titlecase(words: str) -> str:
    out = []
    for w in words.split(" "):
        if (
            w.isupper()
            and w.isalpha()
            and (len(w) <= 3 or not re.search("[AEIOU]", w))
            and w.lower() not in SMALL_WORDS
        ):
            out.append(w)  # acronyms stay upper-case (NATO, UN, ISIS)
        elif w.lower() in SMALL_WORDS:
            out.append(w.lower())
        else:
            out.append(w[:1].upper() + w[1:].lower())
    s = " ".join(out)
    return s[:1].upper() + s[1:]


def parse_code(code: str) -> tuple[str, str]:
    """'AFGREB' -> ('AFG', 'REB'); 'IGOUNO' -> ('UNO', 'IGO'); 'IMGMUSALQ' -> ('IMG', 'REB')."""
    code = code.strip().lstrip("~")
    head, rest = code[:3], code[3:]
    head = PETRARCH_COUNTRY.get(head, head)
    sectors = [rest[i : i + 3] for i in range(0, len(rest), 3)]
    if head == "IGO":
        if "UNO" in sectors:
            return "UNO", "IGO"
        if "EUR" in sectors:
            return "EUR", "IGO"
        return "IGO", "IGO"
    if head == "IMG":
        return "IMG", "REB"
    if head in ("NGO", "MNC"):
        return head, "NGO" if head == "NGO" else "BUS"
    for s in sectors:
        if s in CAMEO_SECTOR_TO_PLOVER:
            return head, CAMEO_SECTOR_TO_PLOVER[s]
    return head, ""


def parse_date(s: str) -> str | None:
    s = s.strip()
    if not s.isdigit():
        return None
    if len(s) == 6:
        yy, mm, dd = int(s[:2]), int(s[2:4]), int(s[4:6])
        year = 2000 + yy if yy < 30 else 1900 + yy
    elif len(s) == 8:
        year, mm, dd = int(s[:4]), int(s[4:6]), int(s[6:8])
    else:
        return None
    if not (1 <= mm <= 12 and 1 <= dd <= 31):
        return None
    return f"{year:04d}-{mm:02d}-{dd:02d}"


def _date_range(rng: str) -> tuple[str | None, str | None]:
    """(start, end) of a PETRARCH code's date range: '>110504' from, '<990101' until, '110504-120101' both."""
    start = end = None
    if rng.startswith(">"):
        start = parse_date(rng[1:])
    elif rng.startswith("<"):
        end = parse_date(rng[1:])
    elif "-" in rng:
        a, b = rng.split("-", 1)
        start, end = parse_date(a), parse_date(b)
    return start, end


def _add_code_line(entry: dict, stripped: str) -> None:
    """'[AFGGOV 110504-120101]': one more (code, start, end) of the entry above."""
    m = re.match(r"\[\s*~?([A-Z]+)\s*([^\]]*)\]", stripped)
    if m:
        entry["codes"].append((m.group(1), *_date_range(m.group(2).strip())))


def _add_alias_line(entry: dict, stripped: str) -> None:
    """'+HAMID_KARZAI': one more alias of the entry above."""
    m = re.match(r"\+([^\[]+)(\[.*\])?", stripped)
    alias = clean_phrase(m.group(1)) if m else ""
    if alias:
        entry["aliases"].append(alias)


def _new_entry(stripped: str) -> dict | None:
    """'AFGHANISTAN [AFG]': a new entry with its name and its undated code, or None for a line of no entry."""
    m = re.match(r"([^\[]+)(\[\s*~?([A-Z]+)\s*([^\]]*)\])?", stripped)
    if not m:
        return None
    entry: dict = {"name": clean_phrase(m.group(1)), "aliases": [], "codes": []}
    if m.group(3):
        entry["codes"].append((m.group(3), None, None))
    return entry


def parse_actor_file(path: Path):
    """Yield dicts {name, aliases, codes: [(code, start, end)]} from a PETRARCH .actors file."""
    entry = None
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        body = line.split("#")[0].rstrip()
        if not body.strip():
            continue
        stripped = body.strip()
        continuation = {"[": _add_code_line, "+": _add_alias_line}.get(stripped[:1])
        if continuation is not None:
            if entry is not None:
                continuation(entry, stripped)
            continue
        if line[:1].isspace():
            continue
        if entry is not None:
            yield entry
        entry = _new_entry(stripped)
    if entry is not None:
        yield entry


BAD_SINGLE_ALIASES = {
    "ORGANIZATION",
    "GOVERNMENT",
    "COUNCIL",
    "PARTY",
    "FRONT",
    "ARMY",
    "MOVEMENT",
    "GROUP",
    "UNION",
    "LEAGUE",
    "ALLIANCE",
    "COMMITTEE",
    "STATE",
    "CHURCH",
    "BANK",
    "COURT",
    "POLICE",
}


def usable_alias(alias: str) -> bool:
    words = alias.split()
    if not words:
        return False
    if len(words) == 1 and (len(alias) < 3 or alias.upper() in BAD_SINGLE_ALIASES):
        return False
    return bool(re.search(r"[A-Za-z]", alias))


def _country_code(codes: list) -> str | None:
    """The ISO3 an entry of the countries file is the state of, or None for a person or body: its one bare
    country code, or the open-ended one of a dated history (AZERBAIJAN [USRAZE <1991] [AZE >1991])."""
    dated = [(c, s, t) for c, s, t in codes if s or t]
    open_ended = [c for c, s, t in codes if not t and (s or len(codes) == 1)]
    if (len(codes) == 1 and len(codes[0][0]) == 3 and not dated) or (open_ended and len(open_ended[-1]) == 3):
        iso = codes[0][0] if not dated else open_ended[-1]
        return PETRARCH_COUNTRY.get(iso, iso)
    return None


def _aliases(e: dict) -> list[str]:
    return sorted({titlecase(a) for a in e["aliases"] if usable_alias(a)})


def _read_countries_file(lex: Path) -> tuple[dict[str, dict], list, list]:
    """(countries by ISO3 with their names, people, bodies) of PETRARCH's countries file."""
    countries: dict[str, dict] = {}
    people = []
    orgs = []
    for e in parse_actor_file(lex / "petrarch2" / "Phoenix.Countries.actors.txt"):
        codes = e["codes"]
        if not codes:
            continue
        iso = _country_code(codes)
        if iso is not None:
            c = countries.setdefault(iso, {"iso3": iso, "names": []})
            c["names"].extend([e["name"]] + e["aliases"])
            continue
        record = {
            "name": titlecase(e["name"]),
            "aliases": _aliases(e),
            "spells": [
                dict(zip(("country", "sector"), parse_code(code), strict=True), start=start, end=end)
                for code, start, end in codes
            ],
        }
        # People carry dated spells; bodies (AFGHAN NATIONAL ARMY [AFGMIL]) carry one plain code.
        if any(s or t for _, s, t in codes):
            people.append(record)
        elif any(len(c) > 3 for c, s, t in codes if s is None and t is None):
            record["country"], record["sector"] = record["spells"][0]["country"], record["spells"][0]["sector"]
            del record["spells"]
            orgs.append(record)
    return countries, people, orgs


def _read_non_state_file(lex: Path, fname: str) -> tuple[list, list]:
    """(people, organisations) of PETRARCH's international or non-state file; companies left out."""
    people = []
    orgs = []
    for e in parse_actor_file(lex / "petrarch2" / fname):
        if not e["codes"]:
            continue
        code, start, end = e["codes"][-1] if len(e["codes"]) == 1 else e["codes"][0]
        if code.startswith("MNC"):
            continue  # companies: thousands of entries, rarely political actors
        country, sector = parse_code(code)
        if any(s or t for _, s, t in e["codes"]):
            people.append(
                {
                    "name": titlecase(e["name"]),
                    "aliases": _aliases(e),
                    "spells": [
                        dict(zip(("country", "sector"), parse_code(c), strict=True), start=s, end=t)
                        for c, s, t in e["codes"]
                    ],
                }
            )
            continue
        orgs.append(
            {
                "name": titlecase(e["name"]),
                "aliases": _aliases(e),
                "country": country,
                "sector": sector,
                "source": fname,
            }
        )
    return people, orgs


def _write_actor_files(out: Path, countries: dict[str, dict], people: list, orgs: list) -> None:
    with open(out / "phoenix_countries.json", "w", encoding="utf-8") as f:
        json.dump(
            {
                "_source": PETRARCH_HEADER.format(file="Phoenix.Countries.actors.txt"),
                "countries": {
                    k: sorted({titlecase(n) for n in v["names"] if usable_alias(n)})
                    for k, v in sorted(countries.items())
                },
            },
            f,
            ensure_ascii=False,
            indent=0,
        )
    with open(out / "phoenix_people.jsonl", "w", encoding="utf-8") as f:
        f.write(
            json.dumps(
                {"_source": PETRARCH_HEADER.format(file="Phoenix.Countries/International/MilNonState.actors.txt")}
            )
            + "\n"
        )
        for p in people:
            f.write(json.dumps(p, ensure_ascii=False) + "\n")
    with open(out / "phoenix_organizations.jsonl", "w", encoding="utf-8") as f:
        f.write(
            json.dumps(
                {"_source": PETRARCH_HEADER.format(file="Phoenix.International/MilNonState/Countries.actors.txt")}
            )
            + "\n"
        )
        for o in orgs:
            f.write(json.dumps(o, ensure_ascii=False) + "\n")


def _read_agents(path: Path) -> dict[str, list[str]]:
    """Generic agents (police, rebels, minister...) with the PLOVER sectors they imply, their !macros! expanded."""
    agents: dict[str, list[str]] = {}
    macros = {}
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        body = line.split("#")[0].strip()
        if not body:
            continue
        m = re.match(r"!(\w+)!\s*=\s*(.*)", body)
        if m:
            macros[m.group(1)] = [w.strip() for w in m.group(2).split(",")]
            continue
        m = re.match(r"(.+?)\s*\[~?([A-Z]+)\]", body)
        if not m:
            continue
        phrase, code = m.group(1).strip(), m.group(2)
        # this file already uses PLOVER codes (MED = health workers, JRN = media): no CAMEO mapping;
        # JNK (junk) and NON (not an actor) entries are dropped
        sectors = [code[i : i + 3] for i in range(0, len(code), 3)]
        if any(s in ("JNK", "NON") for s in sectors):
            continue
        for v in _macro_variants(phrase, macros):
            words = clean_phrase(v).lower()
            if words and "!" not in words:
                agents.setdefault(words, sectors)
    return agents


def _macro_variants(phrase: str, macros: dict[str, list[str]]) -> list[str]:
    """'!MINIST! OF DEFENSE' -> one phrase per word of the macro; a phrase without a known macro stays as it is."""
    mm = re.search(r"!(\w+)!", phrase)
    if mm and mm.group(1) in macros:
        return [phrase.replace(mm.group(0), w) for w in macros[mm.group(1)]]
    return [phrase]


def build_actors(shared: Path) -> None:
    lex = shared / "lexicons"
    countries, people, orgs = _read_countries_file(lex)
    for fname in ("Phoenix.International.actors.txt", "Phoenix.MilNonState.actors.txt"):
        more_people, more_orgs = _read_non_state_file(lex, fname)
        people += more_people
        orgs += more_orgs
    out = DATA / "actors"
    out.mkdir(parents=True, exist_ok=True)
    _write_actor_files(out, countries, people, orgs)
    print(f"countries {len(countries)}, people {len(people)}, organizations {len(orgs)}")

    agents = _read_agents(lex / "plover" / "PLOVER_agents.txt")
    with open(out / "agents.tsv", "w", encoding="utf-8") as f:
        f.write(
            "# source: ahalterman/NGEC NGEC/assets/PLOVER_agents.txt (CAMEO agents updated to PLOVER sectors); "
            "licence: MIT; converted by tools/build_lexicons.py\n"
        )
        f.write("# phrase\tsectors (first = primary)\n")
        for k in sorted(agents):
            f.write(f"{k}\t{','.join(agents[k])}\n")
    print(f"agents {len(agents)}")


def build_verbs(shared: Path) -> None:
    path = shared / "lexicons" / "petrarch2" / "CAMEO.verbpatterns.150430.txt"
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    verbs: dict[tuple[str, str], tuple[str, str]] = {}
    objects: dict[tuple[str, str], collections.Counter] = collections.defaultdict(collections.Counter)
    block_code = None
    block_name = None
    in_patterns = False
    current_verbs: list[str] = []
    for line in lines:
        if line.startswith("####### VERB PATTERNS"):
            in_patterns = True
            continue
        if not in_patterns:
            continue
        body = line.split("#")[0].rstrip()
        if not body.strip():
            continue
        m = re.match(r"---\s*(\S+)\s*\[([0-9\-:]+)\]", body)
        if m:
            block_name, block_code = m.group(1), m.group(2).split(":")[0]
            current_verbs = []
            continue
        if body.startswith("-"):
            m = re.match(r"-\s*\*\s+([A-Z][A-Z\-]*)\s*(?:[A-Z_ ]*)\[([0-9]+)[:\]]", body)
            if m and current_verbs:
                obj = m.group(1).lower().rstrip("_")
                for v in current_verbs:
                    objects[(v, obj)][m.group(2)] += 1
            continue
        m = re.match(r"(\+?)([A-Z][A-Z_\-]*)\s*(\{[^}]*\})?\s*(\[([0-9\-]+)\])?", body.strip())
        if not m or block_code is None:
            continue
        words = m.group(2).strip("_").lower().split("_")
        code = m.group(5) or block_code
        lemma = words[0]
        particle = " ".join(words[1:])
        if code == "---":
            continue
        verbs.setdefault((lemma, particle), (code, block_name))
        current_verbs.append(lemma)
    out = DATA / "events"
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "petrarch_verbs.tsv", "w", encoding="utf-8") as f:
        f.write("# " + PETRARCH_HEADER.format(file="CAMEO.verbpatterns.150430.txt") + "\n")
        f.write("# lemma\tparticle or preposition\tcameo\tpetrarch block\n")
        for (lemma, particle), (code, block) in sorted(verbs.items()):
            f.write(f"{lemma}\t{particle}\t{code}\t{block}\n")
    with open(out / "petrarch_verb_objects.tsv", "w", encoding="utf-8") as f:
        f.write(
            "# "
            + PETRARCH_HEADER.format(file="CAMEO.verbpatterns.150430.txt (patterns '- * OBJECT ... [code]')")
            + "\n"
        )
        f.write("# verb lemma\tobject word\tcameo (most frequent)\n")
        for (v, obj), counts in sorted(objects.items()):
            code = counts.most_common(1)[0][0]
            f.write(f"{v}\t{obj}\t{code}\n")
    print(f"verbs {len(verbs)}, verb+object patterns {len(objects)}")


def build_ontology(shared: Path) -> None:
    src = yaml.safe_load((shared / "ontology" / "plover.yaml").read_text(encoding="utf-8"))
    names = {}
    for line in (shared / "lexicons" / "plover" / "CAMEO2PLOVER-2021.txt").read_text(encoding="utf-8").splitlines():
        m = re.match(r"(\d{2,4}):\s*([^#]*)#\s*(.*)", line)
        if m:
            names[m.group(1)] = m.group(3).strip()
    quad_of = {}
    for quad, q in src["quad_categories"].items():
        for t in q["types"]:
            quad_of[t] = (quad, q["code"])
    types = {}
    for name, t in src["event_types"].items():
        types[name] = {
            "description": t["description"],
            "quad": quad_of[name][0],
            "quad_code": quad_of[name][1],
            "plover_score": t.get("plover_score"),
            "requires_recipient": t.get("requires_recipient", False),
            "modes": {
                m: {
                    "description": d.get("description", ""),
                    "plover_score": d.get("plover_score"),
                    "cameo": d.get("cameo_subcodes", []),
                }
                for m, d in (t.get("modes") or {}).items()
            },
            "not_this": t.get("not_this", []),
        }
    cameo = {}
    for code, r in src["cameo_roots"].items():
        plover = r.get("plover")
        cameo[code] = {
            "name": r["cameo_name"].capitalize(),
            "plover": plover if isinstance(plover, str) or plover is None else None,
            "mode": None,
            "note": r.get("note"),
        }
    for code, r in src["cameo_subcodes"].items():
        cameo[code] = {
            "name": names.get(code, ""),
            "plover": r.get("plover"),
            "mode": r.get("mode"),
            "contexts": r.get("contexts", []),
        }
    sectors = {}
    for group in src["actors"]["sector_codes"].values():
        sectors.update(group)
    out = {
        "_source": "PLOVER manual draft 2.0 and CAMEO2PLOVER-2021 (Open Event Data Alliance), CC BY-SA 4.0, "
        "via annales' shared/ontology/plover.yaml paraphrase; converted by tools/build_lexicons.py",
        "types": types,
        "cameo": cameo,
        "sectors": sectors,
        "non_state_countries": src["actors"]["non_state_country_codes"],
        "modality": {
            "asserted": "The text reports the event as having happened.",
            "planned": "The event is announced, scheduled or expected, not yet carried out.",
            "demanded": "Someone asks or demands that the event happen.",
            "negated": "The text says the event did not happen (or failed).",
            "hypothetical": "The event is conditional or counterfactual (if, could, would).",
            "claimed": "A party claims the event happened (e.g. claimed responsibility); not independently reported.",
            "denied": "A party denies that the event happened.",
        },
    }
    (DATA / "ontology.json").write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"ontology: {len(types)} types, {len(cameo)} cameo codes")


def build_people() -> None:
    """The office-holder YAML files (the source, with their sources) compiled to one JSON file that
    loads several times faster; tests/test_kb_data.py checks the two agree."""
    people = DATA / "actors" / "people"
    compiled = {}
    for path in sorted(people.glob("*.yaml")):
        compiled[path.stem] = yaml.safe_load(path.read_text(encoding="utf-8"))
    (DATA / "actors" / "people_compiled.json").write_text(
        json.dumps(compiled, ensure_ascii=False, default=str, separators=(",", ":")), encoding="utf-8"
    )
    print(f"people files compiled: {len(compiled)}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    args = ap.parse_args()
    shared = Path(args.shared)
    build_ontology(shared)
    build_verbs(shared)
    build_actors(shared)
    build_places()  # the GeoNames place files (tools/build_places.py)
    build_people()


if __name__ == "__main__":
    main()
