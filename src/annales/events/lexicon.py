"""The event lexicon: verbs, verb+object and verb+preposition patterns, event nouns and light verbs,
each with its CAMEO code, mapped to PLOVER through the ontology. Loaded once per process."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..lang import english
from ..ontology import cameo_plover

EN = english()  # the language's word lists (lang/en/*.yaml), loaded once per process

# PETRARCH object words shorter than this ('war' aside, mostly fragments) are too vague for a pattern.
SHORTEST_OBJECT = 4

DATA = Path(str(resources.files("annales") / "data" / "events"))


@dataclass
class VerbEntry:
    lemma: str
    cameo: str
    pattern: str = ""  # '', 'prep:with', 'prt:out', 'obj:fire'
    recipient_preps: tuple[str, ...] = ()
    swap: bool = False
    none: bool = False
    topic: bool = False  # the direct object is what it is about, not the recipient ('discussed the need')
    needobj: bool = False  # an event only with a direct object ('handed the town to')
    objactor: bool = False  # an event only when the direct object is an actor ('received the prime minister')
    plover: str | None = None  # 'TYPE/mode' overriding the crosswalk
    source: str = "annales"


@dataclass
class NounEntry:
    lemma: str
    cameo: str
    actor_preps: tuple[str, ...] = ()
    recipient_preps: tuple[str, ...] = ()


@dataclass
class Lexicon:
    verbs: dict[str, list[VerbEntry]] = field(default_factory=dict)  # lemma -> entries (patterns first)
    nouns: dict[str, NounEntry] = field(default_factory=dict)
    light: dict[tuple[str, str], str] = field(default_factory=dict)  # (lemma, particle) -> effect

    def plover(self, cameo: str) -> tuple[str | None, str | None]:
        """(PLOVER type, mode) for a CAMEO code, trying the code then its shorter parents, then annales'
        choices for codes the crosswalk leaves out (data/events/cameo_choices.tsv)."""
        return cameo_plover(cameo)


def _rows(path: Path):
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        yield [c.strip() for c in line.split("\t")]


@lru_cache(maxsize=1)
def load() -> Lexicon:
    lex = Lexicon()
    # Entries measured not to earn their place (retired.tsv says how) are skipped in every file.
    retired = {(row[0], row[1]) for row in _rows(DATA / "retired.tsv")}
    # Our own entries first: for a (lemma, pattern) the first entry wins.
    for row in _rows(DATA / "annales_verbs.tsv"):
        row += [""] * (4 - len(row))
        lemma, pattern, cameo, flags = row[:4]
        if (lemma, pattern) in retired:
            continue
        recips: tuple[str, ...] = ()
        for f in flags.split():
            if f.startswith("recip="):
                recips = tuple(f[6:].split(","))
        fl = flags.split()
        lex.verbs.setdefault(lemma, []).append(
            VerbEntry(
                lemma,
                cameo,
                pattern,
                recips,
                "swap" in fl,
                "none" in fl,
                "topic" in fl,
                "needobj" in fl,
                "objactor" in fl,
                next((f[7:] for f in fl if f.startswith("plover=")), None),
            )
        )
    known = {(e.lemma, e.pattern) for es in lex.verbs.values() for e in es}
    ours = set(lex.verbs)  # verbs annales defines itself: PETRARCH's object patterns for them are noise
    for row in _rows(DATA / "petrarch_verbs.tsv"):
        lemma, particle, cameo = row[0], row[1], row[2]
        pattern = f"prt:{particle}" if particle and " " not in particle else ""
        if particle and not pattern:
            continue
        if (lemma, pattern) in known or (lemma, pattern) in retired:
            continue
        known.add((lemma, pattern))
        lex.verbs.setdefault(lemma, []).append(VerbEntry(lemma, cameo, pattern, source="PETRARCH"))
    for row in _rows(DATA / "petrarch_verb_objects.tsv"):
        lemma, obj, cameo = row[0], row[1], row[2]
        if (
            lemma in ours
            or obj in EN.vague_objects
            or len(obj) < SHORTEST_OBJECT
            or not obj.isalpha()
            or (lemma, f"obj:{obj}") in known
        ):
            continue
        known.add((lemma, f"obj:{obj}"))
        lex.verbs.setdefault(lemma, []).append(VerbEntry(lemma, cameo, f"obj:{obj}", source="PETRARCH pattern"))
    for entries in lex.verbs.values():
        entries.sort(key=lambda e: (e.pattern == "", e.source != "annales"))
    for row in _rows(DATA / "annales_nouns.tsv"):
        row += [""] * (4 - len(row))
        lex.nouns[row[0]] = NounEntry(
            row[0], row[1], tuple(p for p in row[2].split(",") if p), tuple(p for p in row[3].split(",") if p)
        )
    for row in _rows(DATA / "light_verbs.tsv"):
        row += [""] * (3 - len(row))
        lex.light[(row[0], row[1])] = row[2]
    return lex
