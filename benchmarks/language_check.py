"""How well the language check keeps English and refuses the rest, on short news texts.

    PYTHONPATH=src python benchmarks/language_check.py [FILE.tsv ...]

Reads ISO 639-1 <tab> text files (default: tests/fixtures/language/*.tsv) and prints, per file and per
language, how many texts the check decided rightly: an English text kept as 'en', any other refused.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from annales.langid import identify

ROOT = Path(__file__).resolve().parent.parent


def read_rows(path: Path) -> list[tuple[str, str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [tuple(line.split("\t", 1)) for line in lines if line.strip() and not line.startswith("#")]


def score(rows: list[tuple[str, str]]) -> tuple[Counter, Counter, list]:
    """(right per language, texts per language, the texts decided wrongly with the check's answer)."""
    right, total, wrong = Counter(), Counter(), []
    for lang, text in rows:
        found = identify(text)
        ok = (found == "en") == (lang == "en")
        total[lang] += 1
        right[lang] += ok
        if not ok:
            wrong.append((lang, found, text))
    return right, total, wrong


def main(paths: list[str]) -> None:
    files = [Path(p) for p in paths] or sorted((ROOT / "tests" / "fixtures" / "language").glob("*.tsv"))
    for path in files:
        right, total, wrong = score(read_rows(path))
        n, ok = sum(total.values()), sum(right.values())
        en_ok, en_n = right["en"], total["en"]
        print(
            f"{path.name}: {ok}/{n} right ({ok / n:.1%}); English kept {en_ok}/{en_n}; "
            f"other languages refused {ok - en_ok}/{n - en_n}"
        )
        print("  " + ", ".join(f"{lang} {right[lang]}/{total[lang]}" for lang in sorted(total)))
        for lang, found, text in wrong:
            print(f"  wrong: {lang} read as {found}: {text}")


if __name__ == "__main__":
    main(sys.argv[1:])
