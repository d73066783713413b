"""Check labelled sentence files (corpus/sentences/*.sentences.yaml) against the guide and the ontology.

    python tools/corpus/validate_sentences.py corpus/sentences/s1/batch-01.sentences.yaml [more files or folders]

Works with a bare Python that has PyYAML (standalone_keys.py); never runs the coder.
"""

from __future__ import annotations

import sys
from pathlib import Path

from standalone_keys import keys  # the tools' folder is on the path when run as a script


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    problems, total = [], 0
    for arg in argv:
        total += len(keys.load_sentences(Path(arg)))
        problems += keys.validate_sentences(Path(arg))
    for p in problems:
        print(p)
    print(f"{total} sentences checked, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
