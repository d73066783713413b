"""Check answer keys against their texts and the PLOVER ontology; never runs the coder.

    python tools/corpus/validate.py corpus/ngec/ngec-0001.expected.yaml [more keys or folders]

Works with a bare Python that has PyYAML (standalone_keys.py).
"""

from __future__ import annotations

import sys
from pathlib import Path

from standalone_keys import keys  # the tools' folder is on the path when run as a script


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    bad = 0
    total = 0
    for arg in argv:
        for doc in keys.find_documents(Path(arg)):
            total += 1
            problems = keys.validate_key(doc.key, doc.text)
            for p in problems:
                print(f"{doc.key_path}: {p}")
            bad += bool(problems)
    print(f"{total} keys checked, {bad} with problems")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
