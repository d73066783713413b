"""Copy a stratified sample of the NGEC synthetic stories into corpus/ngec/ as plain-text articles.

The stories (../shared/dev-data/ngec_synthetic, written by a language model for Andy Halterman's
document-level PLOVER classifier) come with a label and mode that we ignore: annotators code what each
text says. The label is used only to stratify the sample, so that every PLOVER type is likely to occur.
The stories have no publication date; each gets a fixed pseudo-random one (2005-2023, seeded by its row)
so that relative dates ("on Tuesday") can be resolved. Run once; re-running gives the same files.

    python tools/corpus/import_ngec.py [--per-label 24] [--shared ../shared]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import random
import re
import zipfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEED = 20261206


def read_stories(shared: Path) -> list[dict]:
    zpath = shared / "dev-data" / "ngec_synthetic" / "gpt_synthetic_events_2023-10-19_19.csv.zip"
    csv.field_size_limit(10**9)
    with zipfile.ZipFile(zpath) as z:
        name = next(n for n in z.namelist() if n.endswith(".csv"))
        rows = list(csv.DictReader(io.TextIOWrapper(z.open(name), encoding="utf-8")))
    for i, row in enumerate(rows):
        row["row"] = i
    return rows


def usable(row: dict) -> bool:
    words = len(row["text"].split())
    return 120 <= words <= 420 and "{" not in row["text"] and "{" not in row["prompt"].split("\n")[0]


def pub_date(row: int) -> dt.date:
    rng = random.Random(SEED * 7919 + row)
    start, end = dt.date(2005, 1, 1), dt.date(2023, 10, 1)
    return start + dt.timedelta(days=rng.randrange((end - start).days))


def article_text(row: dict) -> str:
    title = row["prompt"].split("\n")[0].strip()
    body = re.sub(r"\n{3,}", "\n\n", row["text"].strip())
    return f"{title}\n\n({row['source']}) -- {body}\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--per-label", type=int, default=24)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = ap.parse_args()
    by_label: dict[tuple, list] = defaultdict(list)
    for row in read_stories(args.shared):
        if usable(row):
            by_label[row["label"]].append(row)
    rng = random.Random(SEED)
    chosen = []
    for label in sorted(by_label):
        pool = by_label[label]
        # spread over the label's modes and sources rather than the first rows of the file
        rng.shuffle(pool)
        chosen.extend(pool[: args.per_label])
    rng.shuffle(chosen)
    out = ROOT / "corpus" / "ngec"
    out.mkdir(parents=True, exist_ok=True)
    lines = ["doc\trow\tsource\tdate\tstratum_label\tstratum_mode"]
    for n, row in enumerate(chosen, 1):
        doc = f"ngec-{n:04d}"
        (out / f"{doc}.txt").write_text(article_text(row), encoding="utf-8")
        lines.append(f"{doc}\t{row['row']}\t{row['source']}\t{pub_date(row['row'])}\t{row['label']}\t{row['mode']}")
    (out / "manifest.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(chosen)} stories written to {out}")


if __name__ == "__main__":
    main()
