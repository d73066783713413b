"""Inter-annotator agreement of the corpus' double-annotated documents.

    .venv/bin/python tools/corpus/agreement.py [--json corpus/agreement/report.json] [--list]

For each second key corpus/agreement/<annotator>/NAME.expected.yaml, the first key is the one saved
before adjudication in corpus/agreement/first/NAME.expected.yaml, or else the corpus' own key. Prints
the figures per field (rules: src/annales/evaluation/agreement.py); --list prints each disagreement,
for adjudication.
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


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--json", type=Path)
    ap.add_argument("--list", action="store_true")
    args = ap.parse_args()
    main_keys = {d.name: d.key_path for d in find_documents(CORPUS)}
    agreement = Agreement()
    country_of = default_country_of()
    seen = 0
    for folder in sorted((CORPUS / "agreement").iterdir()):
        if not folder.is_dir() or folder.name == "first":
            continue
        for kp in sorted(folder.glob("*" + KEY_SUFFIX)):
            name = kp.name[: -len(KEY_SUFFIX)]
            a_path = first_key(name, main_keys)
            if a_path is None:
                continue
            text = (kp.with_name(name + ".txt")).read_text(encoding="utf-8")
            compare(name, load_key(a_path), load_key(kp), text, country_of, agreement)
            seen += 1
    result = agreement.to_dict()
    print(json.dumps(result, indent=2))
    if args.list:
        for name, kind, a, b in agreement.disagreements:
            def show(e):
                return "-" if e is None else f"{e.get('type')}/{e.get('mode')} {e.get('actor')} -> {e.get('recipient')} [{e.get('modality')}, {e.get('tier')}] {str(e.get('evidence'))[:70]!r}"
            print(f"{name}\t{kind}\tA: {show(a)}\tB: {show(b)}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0 if seen else 1


if __name__ == "__main__":
    sys.exit(main())
