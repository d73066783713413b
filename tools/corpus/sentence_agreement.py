"""Agreement between the writers' labels of corpus/sentences/ and an independent second labelling of a sample.

    .venv/bin/python tools/corpus/sentence_agreement.py corpus/sentences/agreement/b.labels.yaml [--json OUT]

The second file holds sentences by id (texts only were given to its annotator); each is compared with the
writer's labels of the same id, by the corpus' agreement rules (src/annales/evaluation/agreement.py).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from annales.evaluation import default_country_of
from annales.evaluation.agreement import Agreement, compare
from annales.keys import load_sentences

ROOT = Path(__file__).resolve().parents[2]


def agreement(second: Path, first: Path = ROOT / "corpus" / "sentences") -> Agreement:
    writers = {d.name: d for d in load_sentences(first)}
    into, country_of = Agreement(), default_country_of()
    for b in load_sentences(second):
        a = writers.get(b.name)
        if a is None:
            raise SystemExit(f"{second}: id {b.name!r} is not a sentence of {first}")
        if a.text != b.text:
            raise SystemExit(f"{second}: the text of {b.name!r} differs from the writer's")
        compare(b.name, a.key, b.key, a.text, country_of, into)
    return into


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("second", type=Path)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    result = agreement(args.second).to_dict()
    text = json.dumps(result, indent=1)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
