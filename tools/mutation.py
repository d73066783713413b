"""Mutation check: does the test suite notice when the coder is broken?

Each mutation breaks the coder in one way (one stage adds nothing; actor and recipient swapped), runs the
tests that cover it with the mutant coder, and requires that at least one test fails. It prints, for each
mutation, the tests that caught it, and the tests that claim to cover it (by their name: test_timexes_* for
the timexes stage) but passed anyway. Exit status 1 when a mutation survived or a claiming test passed.

    python tools/mutation.py                # every mutation, every catching test listed (a few minutes)
    python tools/mutation.py --fast         # CI: stop each run at the first catch (pytest -x)
    python tools/mutation.py timexes swap   # some mutations
    python tools/mutation.py --list

How a mutation reaches the coder: this module is also a pytest plugin (`-p tools.mutation`, the mutation
named in ANNALES_MUTATION). It wraps annales.pipeline.default_stages, the coder's declared list of stages,
so that every Pipeline built in the test process (annales.code, the API's /api/code, a one-process ingest)
is the mutant. A blanked stage runs, then every field it declares in `provides` is put back to empty; later
stages run on that, as they would if the stage had found nothing. Tests that code in a subprocess (the CLI's
batch tests, multi-process engines) do not see the mutant, so they are not run here.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENV = "ANNALES_MUTATION"

EVENTS, ARTICLES, API = "tests/test_events.py", "tests/test_articles.py", "tests/test_web_api.py"
QQ = "tests/test_quantities_quotes.py"


@dataclasses.dataclass(frozen=True)
class Mutation:
    name: str
    what: str
    stage: str | tuple[str, ...] | None  # the stage(s) blanked; None for a mutation of the output (swap)
    tests: tuple[str, ...]  # the test files run against it (those that code in this process)
    claims: tuple[str, ...]  # test-name prefixes that claim to cover it: each such test must fail
    # prefixes of tests of the stage's data, not of the stage (test_places_lookup_*: the gazetteer alone)
    data_tests: tuple[str, ...] = ()


MUTATIONS = [
    # the trigger classifier reads events too (learned_events adds what it finds): blanked with the rules
    Mutation(
        "events",
        "the events stage and the trigger classifier add no event",
        ("events", "trigger_classifier"),
        (EVENTS, ARTICLES, API),
        ("test_events_",),
    ),
    Mutation(
        "actors",
        "the actors stage resolves no actor",
        "actors",
        ("tests/test_actors.py", "tests/test_actor_gold.py", EVENTS, QQ, ARTICLES),
        ("test_actors_", "test_actor_gold_accuracy", "test_actor_gold_unknown_people_coverage"),
        ("test_actors_kb_",),
    ),
    Mutation(
        "timexes",
        "the time stage finds no date",
        "time",
        ("tests/test_timexes.py", EVENTS, QQ, ARTICLES),
        ("test_timexes_",),
    ),
    Mutation(
        "places",
        "the places stage finds no place",
        "places",
        ("tests/test_places.py", EVENTS, API),
        ("test_places_",),
        ("test_places_lookup_",),
    ),
    Mutation("quantities", "the quantities stage finds no quantity", "quantities", (QQ,), ("test_quantities_",)),
    Mutation("quotes", "the quotes stage finds no quote", "quotes", (QQ,), ("test_quotes_",)),
    Mutation("swap", "every event's actor and recipient swapped", None, (EVENTS, ARTICLES, API), ()),
]
BY_NAME = {m.name: m for m in MUTATIONS}


# --- the pytest plugin: applies the mutation named in ANNALES_MUTATION -------------------------------------


def pytest_configure(config) -> None:
    name = os.environ.get(ENV)
    if not name:
        return
    if name not in BY_NAME:
        raise SystemExit(f"{ENV}={name!r} is not a mutation; one of {', '.join(BY_NAME)}")
    from annales import pipeline

    original = pipeline.default_stages

    def mutant_stages(learned: bool = False, **kw):
        return mutate(original(learned=learned, **kw), BY_NAME[name])

    pipeline.default_stages = mutant_stages


def mutate(stages: list, mutation: Mutation) -> list:
    """The stages with `mutation` applied (a new list; the Stage objects given are not changed)."""
    from annales.pipeline import Stage

    if mutation.stage is None:
        return stages + [Stage("mutation-swap", _swap_parties, ("result.events",), ("result.events",))]
    blanked = (mutation.stage,) if isinstance(mutation.stage, str) else mutation.stage
    for name in blanked:
        if name not in [s.name for s in stages]:
            raise SystemExit(f"mutation {mutation.name}: the pipeline has no stage {name!r} (renamed?)")
    return [_blanked(s) if s.name in blanked else s for s in stages]


def _blanked(stage):
    from annales.pipeline import Stage

    def run(work) -> None:
        stage.func(work)
        for name in stage.provides:
            _empty(work, name)

    return Stage(stage.name, run, stage.requires, stage.provides)


def _empty(work, name: str) -> None:
    """Put one declared output back to what it is before any stage ran."""
    from annales.actors.registry import ActorRegistry

    parts = name.split(".")
    if parts[0] == "result":
        if len(parts) == 2:  # 'result.events.modality' is a part of an output, emptied with it
            setattr(work.result, parts[1], [])
    elif name == "registry":  # later stages look actors up in it: an empty one, not None
        work.registry = ActorRegistry(work.kb, work.article.date)
    else:
        f = type(work).__dataclass_fields__[name]
        setattr(work, name, f.default_factory() if f.default_factory is not dataclasses.MISSING else f.default)


def _swap_parties(work) -> None:
    for e in work.result.events:
        e.actor, e.recipient = e.recipient, e.actor


# --- the runner --------------------------------------------------------------------------------------------


@dataclasses.dataclass
class Outcome:
    mutation: Mutation
    caught_by: list[str]
    claimed_survivors: list[str]
    passed: int
    seconds: float
    note: str = ""

    @property
    def survived(self) -> bool:
        return not self.caught_by


def run_pytest(files: tuple[str, ...], mutation: str | None, fast: bool) -> tuple[dict[str, str], str]:
    """Each test's outcome ('passed', 'failed', 'skipped', ...) under `mutation` (None: the real coder)."""
    with tempfile.TemporaryDirectory(prefix="annales-mutation-") as tmp:
        report = Path(tmp) / "report.xml"
        cmd = [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-p",
            "tools.mutation",
            "--tb=no",
            "--no-header",
            f"--junitxml={report}",
            *files,
        ]
        if fast:
            cmd.insert(3, "-x")
        env = dict(os.environ)
        env.pop(ENV, None)
        if mutation:
            env[ENV] = mutation
        proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
        if not report.exists():
            return {}, proc.stdout[-2000:] + proc.stderr[-2000:]
        return _outcomes(report), ""


def _outcomes(report: Path) -> dict[str, str]:
    out = {}
    for case in ET.parse(report).getroot().iter("testcase"):
        module = case.get("classname", "").replace(".", "/") + ".py"
        test_id = f"{module}::{case.get('name')}"
        kinds = {child.tag for child in case}
        if kinds & {"failure", "error"}:
            out[test_id] = "failed"  # a strict xfail that passes is reported as a failure too
        elif "skipped" in kinds:
            out[test_id] = "skipped"  # skips and xfails
        else:
            out[test_id] = "passed"
    return out


def check(mutation: Mutation, fast: bool) -> Outcome:
    start = time.perf_counter()
    outcomes, crash = run_pytest(mutation.tests, mutation.name, fast)
    caught = sorted(t for t, o in outcomes.items() if o == "failed")
    claimed = sorted(t for t, o in outcomes.items() if o == "passed" and _claims(mutation, t.split("::")[1]))
    passed = sum(1 for o in outcomes.values() if o == "passed")
    note = "" if outcomes else "pytest produced no report: " + crash
    return Outcome(mutation, caught, [] if fast else claimed, passed, time.perf_counter() - start, note)


def _claims(mutation: Mutation, test_name: str) -> bool:
    return any(test_name.startswith(p) for p in mutation.claims) and not any(
        test_name.startswith(p) for p in mutation.data_tests
    )


def print_table(outcomes: list[Outcome]) -> None:
    print(f"\n{'mutation':<11} {'result':<9} {'caught by':>9} {'passed':>6} {'time':>6}")
    for o in outcomes:
        print(
            f"{o.mutation.name:<11} {'SURVIVED' if o.survived else 'caught':<9} {len(o.caught_by):>9} "
            f"{o.passed:>6} {o.seconds:>5.0f}s  {o.mutation.what}"
        )
    for o in outcomes:
        print(f"\n{o.mutation.name} ({o.mutation.what}; ran {', '.join(o.mutation.tests)})")
        if o.note:
            print("  " + o.note)
        for t in o.caught_by:
            print(f"  caught by  {t}")
        if o.survived:
            print("  SURVIVED: no test failed")
        for t in o.claimed_survivors:
            print(f"  CLAIMS TO COVER IT BUT PASSED  {t}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("mutations", nargs="*", help=f"which mutations (default all: {', '.join(BY_NAME)})")
    parser.add_argument("--fast", action="store_true", help="stop each run at its first failing test (CI)")
    parser.add_argument("--list", action="store_true", help="list the mutations and the tests each runs")
    args = parser.parse_args(argv)
    if args.list:
        for m in MUTATIONS:
            print(f"{m.name:<11} {m.what}; runs {' '.join(m.tests)}")
        return 0
    unknown = [n for n in args.mutations if n not in BY_NAME]
    if unknown:
        parser.error(f"unknown mutation {', '.join(unknown)}; one of {', '.join(BY_NAME)}")
    chosen = [BY_NAME[n] for n in args.mutations] or MUTATIONS
    # the tests must pass on the real coder first, or a failure under a mutation proves nothing
    files = tuple(sorted({f for m in chosen for f in m.tests}))
    baseline, crash = run_pytest(files, None, fast=True)
    broken = sorted(t for t, o in baseline.items() if o == "failed")
    if broken or not baseline:
        print("the tests fail on the real coder; fix them before checking mutations:", *broken, crash, sep="\n  ")
        return 1
    outcomes = []
    for m in chosen:
        outcomes.append(check(m, args.fast))
        print(
            f"{m.name}: {'SURVIVED' if outcomes[-1].survived else 'caught'} ({outcomes[-1].seconds:.0f}s)", flush=True
        )
    print_table(outcomes)
    bad = [o for o in outcomes if o.survived or o.claimed_survivors]
    print(
        f"\n{len(outcomes) - sum(o.survived for o in outcomes)}/{len(outcomes)} mutations caught; "
        f"{sum(len(o.claimed_survivors) for o in outcomes)} tests claim a mutation they do not catch"
    )
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
