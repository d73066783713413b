"""Check answer keys against their texts and the PLOVER ontology; never runs the coder.

    python tools/corpus/validate.py corpus/ngec/ngec-0001.expected.yaml [more keys or folders]

Loads src/annales/keys.py by path, so it works with a bare Python that has PyYAML.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("annales_keys", ROOT / "src" / "annales" / "keys.py")
keys = importlib.util.module_from_spec(spec)
sys.modules[spec.name] = keys  # dataclasses look their module up here
spec.loader.exec_module(keys)


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
