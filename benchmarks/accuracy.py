"""The coder's accuracy on every keyed set, strictly, as one Markdown table for benchmarks/README.md.

    .venv/bin/python benchmarks/accuracy.py [--workers 2] [--json out.json]

Every figure comes from annales.evaluation (the same scorer as `annales evaluate`): corpus dev and test,
the held-out sets and the hand-written articles. Held-out and test sets are scored, never studied: this
prints their totals only.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

from annales.evaluation import evaluate

ROOT = Path(__file__).resolve().parent.parent
SETS = [
    ("corpus dev", ["corpus"], "dev", "dev: error analysis allowed"),
    ("corpus test", ["corpus"], "test", "scored, never studied"),
    ("tests/heldout2", ["tests/heldout2"], None, "scored, never studied"),
    ("tests/heldout5", ["tests/heldout5"], None, "scored, never studied"),
    ("tests/heldout6", ["tests/heldout6"], None, "scored, never studied"),
    ("tests/heldout", ["tests/heldout"], None, "studied: counts as dev"),
    ("tests/heldout3", ["tests/heldout3"], None, "studied: counts as dev"),
    ("tests/heldout4", ["tests/heldout4"], None, "studied: counts as dev"),
    ("tests/articles + seed", ["tests/articles", "../shared/examples/seed-article.expected.yaml"], None, "tuned on"),
]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--json", type=Path)
    ap.add_argument(
        "--skip",
        action="append",
        default=[],
        metavar="SET",
        help="leave a set out (e.g. tests/heldout6 after its one scoring)",
    )
    args = ap.parse_args()
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    rows, out = [], {}
    for label, paths, split, status in SETS:
        if label in args.skip:
            continue
        paths = [str(ROOT / p) for p in paths if (ROOT / p).exists()]
        report = evaluate(paths, split, workers=args.workers)
        t = report.totals()
        core, every, f = t["events_core"], t["events_all"], t["fields"]
        worst = min(report.per_type().items(), key=lambda kv: (kv[1]["f1"], -kv[1]["key"]), default=(None, None))

        def share(name: str, f=f) -> str:
            v = f[name]
            return f"{v['share']:.2f} ({v['right']}/{v['total']})" if v["total"] else "-"

        rows.append(
            f"| {label} | {t['documents']} | {core['matched']}/{core['key']} = **{core['recall']:.2f}** | "
            f"{core['precision']:.2f} | {core['f1']:.2f} | {every['recall']:.2f} | {share('actor')} | "
            f"{share('recipient')} | {share('place')} | {share('date')} | "
            f"{t['traps']['hit']}/{t['traps']['total']} | {status} |"
        )
        out[label] = report.to_dict()
        print(
            f"{label}: core recall {core['recall']:.3f}, precision {core['precision']:.3f}; worst type "
            f"{worst[0]} F1 {worst[1]['f1'] if worst[1] else '-'}",
            file=sys.stderr,
        )
    print(
        f"Commit {commit}; `annales evaluate` rules (strict: type, actor, recipient, evidence sentence, modality, "
        "one to one).\n"
    )
    print(
        "| set | docs | core found (recall) | precision | core F1 | recall, all events | actor | recipient | "
        "event place | event date | traps hit | status |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    print("\n".join(rows))
    if args.json:
        args.json.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
