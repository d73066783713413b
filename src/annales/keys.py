"""Answer keys (`NAME.expected.yaml` beside `NAME.txt`): finding, loading and validating them.

The format is defined in docs/annotation.md. This module imports only the standard library and PyYAML
(and reads the package's data files by path), so that annotators can validate keys with `tools/corpus/validate.py`
without installing or running the coder.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

KEY_SUFFIX = ".expected.yaml"
MODALITIES = ("asserted", "planned", "demanded", "negated", "hypothetical", "claimed", "denied")
TIERS = ("core", "extra")
STYLES = (
    "wire",
    "local",
    "translated",
    "statement",
    "ngo-report",
    "liveblog",
    "headline-lead",
    "analysis",
    "no-event",
    "synthetic",
)
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
# Country codes PLOVER allows beside ISO 3166 alpha-3 (plover.yaml actors.non_state_country_codes, plus
# Kosovo's KOS, which ISO does not assign).
NON_STATE = {"IGO", "UNO", "EUR", "NGO", "ISM", "IMG", "MNC", "KOS"}
ONTOLOGY_PATH = Path(__file__).resolve().parent / "data" / "ontology.json"
PLACES_DIR = Path(__file__).resolve().parent / "data" / "places"  # ISO 3166 codes (tools/build_iso3166.py)


class KeyFileError(ValueError):
    """An answer key that cannot be read; names the file and what is wrong."""

    def __init__(self, path: Path, detail: str):
        self.path, self.detail = path, detail
        super().__init__(f"{path}: {detail}")


@dataclass
class KeyedDocument:
    """One document of a key set: its text, its key, and where they came from."""

    name: str
    text_path: Path
    key_path: Path
    key: dict
    split: str | None = None

    @property
    def text(self) -> str:
        return self.text_path.read_text(encoding="utf-8")


def load_key(path: Path) -> dict:
    try:
        with open(path, encoding="utf-8") as fh:
            key = yaml.safe_load(fh) or {}
    except yaml.YAMLError as exc:
        raise KeyFileError(path, f"not valid YAML ({str(exc).splitlines()[0]})") from exc
    if not isinstance(key, dict):
        raise KeyFileError(path, "an answer key is a YAML mapping (article, actors, events, ...)")
    return key


def read_splits(root: Path) -> dict[str, str]:
    """The corpus' split of each document (corpus/splits.tsv: doc, split, ...); empty when absent."""
    path = root / "splits.tsv"
    if not path.exists():
        return {}
    with open(path, encoding="utf-8") as fh:
        return {row["doc"]: row["split"] for row in csv.DictReader(fh, delimiter="\t")}


def find_documents(path: Path, split: str | None = None) -> list[KeyedDocument]:
    """Every `.txt` with a key beside it under `path` (a key file, a folder, or a corpus root with
    splits.tsv), sorted by path; `split` keeps only that split's documents."""
    path = Path(path)
    if path.is_file():
        key_paths = [path] if path.name.endswith(KEY_SUFFIX) else [path.with_name(path.stem + KEY_SUFFIX)]
    elif path.is_dir():
        # corpus/agreement/ holds second annotations and first keys kept from before adjudication: the
        # corpus' own key of each document is the one beside its text in ngec/ or news/
        key_paths = sorted(p for p in path.rglob("*" + KEY_SUFFIX) if "agreement" not in p.relative_to(path).parts)
    else:
        raise FileNotFoundError(f"{path}: no such file or folder of answer keys")
    splits = read_splits(path) if path.is_dir() else {}
    docs = []
    for kp in key_paths:
        name = kp.name[: -len(KEY_SUFFIX)]
        text_path = kp.with_name(name + ".txt")
        if not text_path.exists():
            continue
        docs.append(KeyedDocument(name, text_path, kp, load_key(kp), splits.get(name)))
    if split is not None:
        if not splits:
            raise ValueError(f"{path}: --split needs a splits.tsv in that folder (it has none)")
        docs = [d for d in docs if d.split == split]
    return docs


def _ontology() -> dict:
    return json.loads(ONTOLOGY_PATH.read_text(encoding="utf-8"))


def iso3_codes() -> set[str]:
    """ISO 3166 alpha-3 codes, read from the package's data files by path (annales.iso3166 is not importable
    from the annotators' bare Python); historic codes too (ISO 3166-3): stories of 2000-2003 name Yugoslavia
    (YUG), Serbia and Montenegro (SCG)."""
    codes: set[str] = set()
    for name, column in (("iso3166.tsv", 1), ("iso3166_historic.tsv", 0)):
        for line in (PLACES_DIR / name).read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                codes.add(line.split("\t")[column])
    return codes


def _names(value) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def validate_key(key: dict, text: str, ontology: dict | None = None, iso3: set[str] | None = None) -> list[str]:
    """Everything wrong with one key against its text and the ontology, as messages (empty when valid)."""
    onto = ontology or _ontology()
    iso3 = iso3 if iso3 is not None else iso3_codes()
    problems: list[str] = []
    art = key.get("article") or {}
    if not DATE.match(str(art.get("date") or "")):
        problems.append(f"article.date {art.get('date')!r} is not YYYY-MM-DD")
    if art.get("style") is not None and art["style"] not in STYLES:
        problems.append(f"article.style {art['style']!r} is not one of {', '.join(STYLES)}")
    actor_names, places = _check_entries(key, onto, iso3, problems)
    ids = set()
    for ev in key.get("events") or []:
        ids.add(ev.get("id"))
        _check_event(ev, text, onto, actor_names, places, problems)
    for ne in key.get("not_events") or []:
        if ne.get("type") not in onto["types"]:
            problems.append(f"not_event {ne.get('why', '')[:40]!r}: type {ne.get('type')!r} is not a PLOVER type")
        problems += _check_xfail(ne, f"not_event {ne.get('why', '')[:40]!r}")
    for q in key.get("quantities") or []:
        if q.get("event") is not None and q["event"] not in ids:
            problems.append(f"quantity {q.get('evidence', '')!r}: event {q['event']!r} is not a keyed event id")
        if not isinstance(q.get("value"), (int, float)):
            problems.append(f"quantity {q.get('evidence', '')!r}: value {q.get('value')!r} is not a number")
    return problems


def _check_entries(key: dict, onto: dict, iso3, problems: list[str]) -> tuple[set, dict]:
    """The actor and place entries: names, countries, sectors. Returns the actor names and the places."""
    sectors = set(onto["sectors"]) | NON_STATE

    def country_ok(code) -> bool:
        return code is None or code in NON_STATE or iso3 is None or code in iso3

    actor_names = set()
    for a in key.get("actors") or []:
        if not isinstance(a, dict) or not a.get("name"):
            problems.append(f"actor entry {a!r} has no name")
            continue
        actor_names.add(a["name"])
        if not country_ok(a.get("country")):
            problems.append(
                f"actor {a['name']!r}: country {a.get('country')!r} is not ISO 3166 alpha-3 or {sorted(NON_STATE)}"
            )
        if a.get("sector") is not None and a["sector"] not in sectors:
            problems.append(f"actor {a['name']!r}: sector {a['sector']!r} is not a PLOVER sector")
    places = {}
    for p in key.get("places") or []:
        places[p.get("name")] = p.get("country")
        if not country_ok(p.get("country")):
            problems.append(f"place {p.get('name')!r}: country {p.get('country')!r} is not ISO 3166 alpha-3")
    return actor_names, places


def _check_event(ev: dict, text: str, onto: dict, actor_names: set, places: dict, problems: list[str]) -> None:
    where = f"event {ev.get('id') or ev.get('evidence', '')[:40]!r}"
    types = onto["types"]
    t = ev.get("type")
    if t not in types:
        problems.append(f"{where}: type {t!r} is not a PLOVER type")
        return
    problems += [f"{where}: alt {alt!r} is not a PLOVER type" for alt in ev.get("alt") or [] if alt not in types]
    mode, modes = ev.get("mode"), types[t].get("modes") or {}
    if mode is not None and mode not in modes:
        problems.append(f"{where}: mode {mode!r} is not a mode of {t} ({', '.join(modes) or 'none'})")
    if ev.get("cameo") is not None:
        cameo = str(ev["cameo"])
        if not re.fullmatch(r"\d{2,4}", cameo):
            problems.append(f"{where}: cameo {cameo!r} is not a 2-4 digit CAMEO code")
        elif cameo[:2] not in onto["cameo"]:
            problems.append(f"{where}: cameo {cameo!r} has no known root")
    if ev.get("tier", "core") not in TIERS:
        problems.append(f"{where}: tier {ev.get('tier')!r} is not core or extra")
    if ev.get("modality") not in MODALITIES:
        problems.append(f"{where}: modality {ev.get('modality')!r} is not one of {', '.join(MODALITIES)}")
    for field in ("actor", "recipient"):
        problems += [
            f"{where}: {field} {nm!r} is not the name of an entry in actors"
            for nm in _names(ev.get(field))
            if nm not in actor_names
        ]
    if ev.get("date") is not None and not DATE.match(str(ev["date"])):
        problems.append(f"{where}: date {ev['date']!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    if ev.get("location") is not None and ev["location"] not in places:
        problems.append(f"{where}: location {ev['location']!r} is not listed in places")
    evidence, trig = ev.get("evidence"), ev.get("trigger")
    if not evidence or str(evidence) not in text:
        problems.append(f"{where}: evidence is not an exact span of the text: {str(evidence)[:60]!r}")
    if trig is not None and evidence and str(trig) not in str(evidence):
        problems.append(f"{where}: trigger {trig!r} is not inside its evidence")
    problems += [
        f"{where}: also {str(also)[:60]!r} is not an exact span of the text"
        for also in ev.get("also") or []
        if str(also) not in text
    ]
    problems += _check_xfail(ev, where)


def _check_xfail(entry: dict, where: str) -> list[str]:
    """`xfail: why` marks a known miss of the coder for the test suite (the scorer ignores it): the why is required."""
    if "xfail" in entry and not (isinstance(entry["xfail"], str) and entry["xfail"].strip()):
        return [f"{where}: xfail {entry['xfail']!r} must say why the coder misses it (a sentence)"]
    return []


# Labelled single sentences (corpus/sentences/): training data for vocabulary and phrasing coverage, written
# for annales (corpus/sentences/README.md says how). Each file holds many sentences, each a tiny key.
SENTENCE_FILE_GLOB = "*.sentences.yaml"
EVENT_FIELDS = {
    "id",
    "tier",
    "type",
    "alt",
    "mode",
    "cameo",
    "trigger",
    "actor",
    "recipient",
    "reciprocal",
    "date",
    "location",
    "modality",
    "evidence",
    "also",
    "note",
}


@dataclass
class SentenceDocument:
    """One labelled sentence as a keyed document (same attributes as KeyedDocument; always split train)."""

    name: str
    text: str
    key: dict
    key_path: Path
    split: str = "train"

    @property
    def text_path(self) -> Path:
        return self.key_path


def sentence_key(item: dict, date: str) -> dict:
    """A sentence item (text, actors, events without evidence) as an answer key: each event's evidence is
    the whole sentence unless it gives its own, and its tier is core unless said."""
    events = []
    for n, ev in enumerate(item.get("events") or [], 1):
        ev = dict(ev) if isinstance(ev, dict) else {"type": None}
        ev.setdefault("id", f"E{n}")
        ev.setdefault("evidence", item.get("text"))
        ev.setdefault("tier", "core")
        ev.setdefault("modality", "asserted")
        events.append(ev)
    return {
        "article": {"date": str(item.get("date") or date), "style": "wire"},
        "actors": item.get("actors") or [],
        "events": events,
        "places": item.get("places") or [],
    }


def load_sentences(path: Path) -> list[SentenceDocument]:
    """Every labelled sentence of one `NAME.sentences.yaml` file or of every such file under a folder."""
    path = Path(path)
    files = [path] if path.is_file() else sorted(path.rglob(SENTENCE_FILE_GLOB))
    docs = []
    for f in files:
        data = load_key(f)
        items = data.get("sentences")
        if not isinstance(items, list):
            raise KeyFileError(f, "a sentence file is a mapping with `date` and a list `sentences`")
        date = str(data.get("date") or "")
        for k, item in enumerate(items):
            if not isinstance(item, dict) or not isinstance(item.get("text"), str):
                raise KeyFileError(f, f"sentence {k + 1} needs `text` (a string)")
            name = str(item.get("id") or f"{f.name}#{k + 1}")
            docs.append(SentenceDocument(name, item["text"], sentence_key(item, date), f))
    return docs


def validate_sentences(path: Path) -> list[str]:
    """Everything wrong with the labelled sentences under `path` (empty when valid): each sentence's key by
    the rules of validate_key, plus unique ids and actor names that occur in their sentence."""
    problems, seen = [], set()
    onto, iso3 = _ontology(), iso3_codes()
    for d in load_sentences(path):
        if d.name in seen:
            problems.append(f"{d.key_path}: id {d.name!r} is used twice")
        seen.add(d.name)
        for p in validate_key(d.key, d.text, onto, iso3):
            problems.append(f"{d.key_path}: {d.name}: {p}")
        for ev in d.key["events"]:
            # an unquoted comma in a flow mapping ("trigger: send 20,000 troops") splits it into a field
            # nobody asked for: name it rather than train on a cut trigger
            problems += [
                f"{d.key_path}: {d.name}: event field {k!r} is not a key field (a comma left unquoted?)"
                for k in ev
                if k not in EVENT_FIELDS
            ]
        for a in d.key.get("actors") or []:
            if (
                isinstance(a, dict)
                and a.get("name")
                and not any(n in d.text for n in [a["name"], *(a.get("aliases") or [])])
            ):
                problems.append(f"{d.key_path}: {d.name}: actor {a['name']!r} (or an alias) is not in the sentence")
    return problems
