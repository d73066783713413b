"""PLOVER and CAMEO reference data, and `explain()` for codes (like `spacy.explain`)."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

from .errors import AnnalesError


@lru_cache(maxsize=1)
def ontology() -> dict:
    return json.loads((resources.files("annales") / "data" / "ontology.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def cameo_choices() -> dict[str, tuple[str, str]]:
    """annales' PLOVER type for CAMEO codes the crosswalk leaves without one (data/events/cameo_choices.tsv):
    code -> (type, why); a code covers its subcodes."""
    text = (resources.files("annales") / "data" / "events" / "cameo_choices.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return {code: (typ, why) for code, typ, why in rows}


def cameo_plover(code: str) -> tuple[str | None, str | None]:
    """(PLOVER type, mode) of a CAMEO code: the crosswalk's, trying the code then its shorter parents, else
    annales' own choice for codes the crosswalk leaves out."""
    table, choices = ontology()["cameo"], cameo_choices()
    c = code
    while c:
        rec = table.get(c)
        if rec and rec.get("plover"):
            return rec["plover"], rec.get("mode")
        if c in choices:
            return choices[c][0], None
        c = c[:-1] if len(c) > 2 else ""
    return None, None


def event_types() -> list[str]:
    return list(ontology()["types"])


def explain(code: str) -> dict:
    """What a PLOVER type, mode, modality, sector or CAMEO code means. Raises E011 when unknown."""
    o = ontology()
    raw = code.strip()
    up = raw.upper()
    if up in o["types"]:
        t = o["types"][up]
        return {
            "code": up,
            "kind": "PLOVER event type",
            "description": t["description"],
            "quad": t["quad"],
            "plover_score": t["plover_score"],
            "modes": {m: v["description"] for m, v in t["modes"].items()},
            "not_this": t["not_this"],
            "cameo": sorted(c for c, v in o["cameo"].items() if v.get("plover") == up and len(c) <= 3),
        }
    if raw.isdigit():
        parent = next((raw[:n] for n in range(len(raw), 1, -1) if raw[:n] in o["cameo"]), None)
        if parent is not None:
            rec = o["cameo"][parent]
            plover, mode = cameo_plover(raw)
            choice = next(
                (cameo_choices()[raw[:n]][1] for n in range(len(raw), 1, -1) if raw[:n] in cameo_choices()), None
            )
            note = (
                rec.get("note")
                if parent == raw
                else f"described by its parent code {parent} ({raw} has no entry of its own)"
            )
            return {
                "code": raw,
                "kind": "CAMEO event code",
                "description": rec.get("name"),
                "plover": plover,
                "mode": mode if parent == raw or mode else rec.get("mode"),
                "note": "; ".join(x for x in (note, choice and f"annales codes it {plover}: {choice}") if x),
            }
    if up in o["sectors"]:
        return {"code": up, "kind": "PLOVER actor sector", "description": o["sectors"][up]}
    if up in o["non_state_countries"]:
        return {"code": up, "kind": "non-state actor country code", "description": o["non_state_countries"][up]}
    low = raw.lower()
    if low in o["modality"]:
        return {"code": low, "kind": "annales modality", "description": o["modality"][low]}
    for tname, t in o["types"].items():
        if low in t["modes"]:
            return {
                "code": low,
                "kind": f"PLOVER mode of {tname}",
                "description": t["modes"][low]["description"],
                "plover_score": t["modes"][low]["plover_score"],
                "cameo": t["modes"][low]["cameo"],
            }
    raise AnnalesError("E011", value=code)


def plover_score(type_: str | None, mode: str | None = None) -> float | None:
    """The manual's conflict (-10) to cooperation (+10) score of a type, or of its mode where the mode has one."""
    t = ontology()["types"].get((type_ or "").upper())
    if t is None:
        return None
    m = t["modes"].get(mode or "")
    if m and m.get("plover_score") is not None:
        return float(m["plover_score"])
    return t["plover_score"]
