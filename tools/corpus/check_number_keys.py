"""Check the keys of tests/fatalities and tests/cluster_pairs against their texts; never runs the coder.

    python tools/corpus/check_number_keys.py [tests/fatalities] [tests/cluster_pairs]

Needs only PyYAML. On top of tools/corpus/validate.py (the guide's checks) it checks what these two sets add:
every evidence, `also` and quantity evidence is an exact span of its text; each event's fatalities are linked to
it; `fatalities_total` equals the sum its README defines; article lengths; and that pairs.yaml names documents
and event ids that exist.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
# the lengths the brief asks for, in words: (shortest, longest)
LENGTHS = {
    "fatalities": (250, 700),
    "cluster_pairs": (150, 500),
    "cluster_pairs2": (150, 500),
    "cluster_pairs3": (150, 500),
}
# words in an ASSAULT's evidence that say someone died: such an event needs a killed count
DEATH_WORDS = re.compile(r"\b(kill\w*|dead|died|shot dead|hacked to death|lost their lives)\b", re.I)


def fatalities_total(key: dict, core_only: bool = False) -> int:
    """Killed counts of asserted events, asserted themselves and not running totals: what an analyst sums."""
    asserted = {
        ev["id"]
        for ev in key.get("events") or []
        if ev.get("modality") == "asserted" and (ev.get("tier") == "core" or not core_only)
    }
    return sum(
        q["value"]
        for q in key.get("quantities") or []
        if q.get("unit") == "killed"
        and q.get("event") in asserted
        and q.get("modality") == "asserted"
        and not q.get("cumulative")
    )


def check_quantities(key: dict, text: str, ids: list[str]) -> list[str]:
    problems = []
    for q in key.get("quantities") or []:
        if q["evidence"] not in text:
            problems.append(f"quantity not in the text: {q['evidence'][:60]!r}")
        if q.get("event") is not None and q["event"] not in ids:
            problems.append(f"quantity {q['evidence'][:40]!r} names no keyed event: {q['event']!r}")
        if not isinstance(q.get("cumulative"), bool):
            problems.append(f"quantity {q['evidence'][:40]!r}: cumulative is not true or false")
        if q.get("unit") == "killed" and re.search(r"\b(displac|evacuat|missing|fled|wounded|injur)", q["subject"]):
            problems.append(f"quantity {q['evidence'][:40]!r}: a killed count whose subject says otherwise")
    return problems


def check_totals(key: dict) -> list[str]:
    problems = []
    for field, core_only in (("fatalities_total", False), ("fatalities_core_total", True)):
        if key.get(field) != fatalities_total(key, core_only):
            problems.append(f"{field} {key.get(field)} but the quantities sum to {fatalities_total(key, core_only)}")
    counted = {q["event"] for q in key.get("quantities") or [] if q.get("unit") == "killed"}
    for ev in key.get("events") or []:
        if ev["type"] == "ASSAULT" and DEATH_WORDS.search(ev["evidence"]) and ev["id"] not in counted:
            problems.append(f"{ev['id']}: an ASSAULT whose evidence tells deaths has no killed quantity")
    return problems


def check_document(key_path: Path, folder: str) -> list[str]:
    text = key_path.with_name(key_path.name.replace(".expected.yaml", ".txt")).read_text(encoding="utf-8")
    key = yaml.safe_load(key_path.read_text(encoding="utf-8"))
    problems = []
    low, high = LENGTHS[folder]
    words = len(text.split())
    if not low <= words <= high:
        problems.append(f"{words} words, outside {low}-{high}")
    if key["article"]["title"] != text.splitlines()[0]:
        problems.append("article.title is not the first line of the text")
    events = key.get("events") or []
    ids = [ev["id"] for ev in events]
    if ids != [f"E{i}" for i in range(1, len(ids) + 1)]:
        problems.append(f"event ids are not E1..En in order: {ids}")
    for ev in events:
        for span in [ev["evidence"], *(ev.get("also") or [])]:
            if span not in text:
                problems.append(f"{ev['id']}: not in the text: {span[:60]!r}")
        if ev.get("trigger") and ev["trigger"] not in ev["evidence"]:
            problems.append(f"{ev['id']}: trigger {ev['trigger']!r} not inside its evidence")
    problems += check_quantities(key, text, ids)
    if folder == "fatalities":
        problems += check_totals(key)
    elif not key["article"].get("source"):
        problems.append("article.source is missing")
    return problems


def check_pairs(folder: Path) -> list[str]:
    pairs = yaml.safe_load((folder / "pairs.yaml").read_text(encoding="utf-8"))
    problems = []
    seen = set()
    for pair in pairs:
        for side in ("a", "b"):
            path = folder / f"{pair[side]}.expected.yaml"
            if not path.exists():
                problems.append(f"pairs.yaml: no document {pair[side]!r}")
                continue
            ids = {ev["id"] for ev in yaml.safe_load(path.read_text(encoding="utf-8")).get("events") or []}
            if pair[f"event_{side}"] not in ids:
                problems.append(f"pairs.yaml: {pair[side]} has no event {pair[f'event_{side}']!r}")
        if not isinstance(pair.get("same_event"), bool) or not pair.get("why"):
            problems.append(f"pairs.yaml: {pair['a']}/{pair['b']} lacks same_event or why")
        # one pair of articles may be listed twice, for two different pairs of events
        ident = (pair["a"], pair["b"], pair["event_a"], pair["event_b"])
        if ident in seen:
            problems.append(f"pairs.yaml: {pair['a']}/{pair['b']} {pair['event_a']}/{pair['event_b']} listed twice")
        seen.add(ident)
    same = sum(p["same_event"] for p in pairs)
    print(f"pairs.yaml: {same} same-event pairs, {len(pairs) - same} distinct-event pairs")
    return problems


def main(argv: list[str]) -> int:
    folders = [Path(a) for a in argv] or [ROOT / "tests" / "fatalities", ROOT / "tests" / "cluster_pairs"]
    bad = 0
    for folder in folders:
        keys = sorted(folder.glob("*.expected.yaml"))
        for key_path in keys:
            for problem in check_document(key_path, folder.name):
                print(f"{key_path.name}: {problem}")
                bad += 1
        if (folder / "pairs.yaml").exists():
            for problem in check_pairs(folder):
                print(problem)
                bad += 1
        print(f"{folder.name}: {len(keys)} keys checked")
    print(f"{bad} problems")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
