"""Inter-annotator agreement of the corpus' double-annotated documents.

    .venv/bin/python tools/corpus/agreement.py [--json corpus/agreement/report.json] [--list] [--write]
    .venv/bin/python tools/corpus/agreement.py --keys tests/heldout6     # a held-out set's second keys: totals only

For each second key corpus/agreement/<annotator>/NAME.expected.yaml, the first key is the one saved
before adjudication in corpus/agreement/first/NAME.expected.yaml, or else the corpus' own key. Prints
the figures per field (rules: src/annales/evaluation/agreement.py); --list prints each disagreement,
for adjudication; --write puts the table into corpus/README.md between its AGREEMENT markers.

With --keys DIR, the first keys are DIR's own and the second ones DIR/agreement/<annotator>/; only the totals
are printed (a held-out set's keys are not listed).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from annales.evaluation import default_country_of
from annales.evaluation.agreement import Agreement, compare
from annales.keys import KEY_SUFFIX, find_documents, load_key

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"


def first_key(name: str, main: dict) -> Path | None:
    saved = CORPUS / "agreement" / "first" / (name + KEY_SUFFIX)
    if saved.exists():
        return saved
    return main.get(name)


FIELDS = ("actor", "recipient", "mode", "modality", "date", "place")
BEGIN, END = "<!-- AGREEMENT BEGIN -->", "<!-- AGREEMENT END -->"


def markdown(results: dict[str, dict]) -> str:
    names = list(results)
    lines = ["| | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]

    def row(label, get):
        lines.append(f"| {label} | " + " | ".join(get(results[n]) for n in names) + " |")

    row("documents (events A / B)", lambda r: f"{r['documents']} ({r['events_a']} / {r['events_b']})")
    row("event found (F1, by evidence)", lambda r: f"{r['event_found']['f1']:.2f}")
    row(
        "type (same, of paired events)",
        lambda r: (
            f"{r['type']['share']:.2f} (kappa {r['type']['kappa']:.2f})" if r["type"]["share"] is not None else "-"
        ),
    )
    row("strict event (F1: type, actor, recipient, sentence, modality)", lambda r: f"{r['strict_event']['f1']:.2f}")
    for f in FIELDS:
        row(
            f,
            lambda r, f=f: (
                f"{r['fields'][f]['share']:.2f} ({r['fields'][f]['agree']}/{r['fields'][f]['total']})"
                if r["fields"][f]["total"]
                else "-"
            ),
        )
    row(
        "documents whose keys assume different publication dates (dates not compared)",
        lambda r: str(r["date_documents_skipped"]),
    )
    row("tier (core or extra)", lambda r: f"{r['tier']['share']:.2f}" if r["tier"]["total"] else "-")
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--json", type=Path)
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--keys", type=Path, help="a folder of keyed documents with agreement/<annotator>/ second keys")
    args = ap.parse_args()
    base = args.keys.resolve() if args.keys else CORPUS
    if args.keys and (args.list or args.write):
        ap.error("--keys prints totals only")
    main_keys = {d.name: d.key_path for d in find_documents(base)}
    country_of = default_country_of()
    studies: dict[str, Agreement] = {}
    total = Agreement()
    for folder in sorted((base / "agreement").iterdir()):
        if not folder.is_dir() or folder.name == "first":
            continue
        study = studies.setdefault(folder.name, Agreement())
        for kp in sorted(folder.glob("*" + KEY_SUFFIX)):
            name = kp.name[: -len(KEY_SUFFIX)]
            a_path = main_keys.get(name) if args.keys else first_key(name, main_keys)
            if a_path is None:
                continue
            text_path = base / (name + ".txt") if args.keys else kp.with_name(name + ".txt")
            text = text_path.read_text(encoding="utf-8")
            a, b = load_key(a_path), load_key(kp)
            compare(name, a, b, text, country_of, study)
            compare(name, a, b, text, country_of, total)
    results = {
        n if args.keys else f"{n} ({'synthetic stories' if n == 'b1' else 'written articles'})": a.to_dict()
        for n, a in studies.items()
        if a.documents
    }
    results["all"] = total.to_dict()
    print(json.dumps(results, indent=2))
    if args.list:
        for name, kind, a, b in total.disagreements:

            def show(e):
                return (
                    "-"
                    if e is None
                    else f"{e.get('type')}/{e.get('mode')} {e.get('actor')} -> {e.get('recipient')} [{e.get('modality')}, {e.get('tier')}] {str(e.get('evidence'))[:70]!r}"
                )

            print(f"{name}\t{kind}\tA: {show(a)}\tB: {show(b)}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    if args.write:
        readme = CORPUS / "README.md"
        text = readme.read_text(encoding="utf-8")
        start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
        readme.write_text(text[:start] + "\n" + markdown(results) + "\n" + text[end:], encoding="utf-8")
    return 0 if total.documents else 1


if __name__ == "__main__":
    sys.exit(main())
