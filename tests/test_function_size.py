"""The code stays readable in pieces (issue 12): no function over MAX_LINES lines, and none let off the
complexity cap (ruff's C901, max-complexity in pyproject.toml) by a noqa comment naming C901, or a bare one.

The functions of actors/ and events/ still over are named in the allow-lists below until they are split. The
lists can only shrink: a function not named fails, and so does a name whose function is split or gone."""

from __future__ import annotations

import ast
import re

from tests.conftest import ROOT

MAX_LINES = 80
# the package and the tools that build its data (benchmarks/ are scripts of their own, not checked yet)
CHECKED = [ROOT / "src" / "annales", ROOT / "tools"]
# a noqa comment naming C901 (among other codes or not), anywhere; a bare one (it silences every rule) on a def line
NOQA_C901 = re.compile(r"#\s*noqa:[^#\n]*\bC901\b", re.IGNORECASE)
NOQA_BARE = re.compile(r"#\s*noqa(?![:\w])", re.IGNORECASE)

# 'path:qualified name' of the functions still over MAX_LINES lines: remove a name when it is split.
LONG_ALLOWED: set[str] = set()
# 'path:qualified name' of the functions still above the complexity cap: remove a name when it is split.
COMPLEX_ALLOWED: set[str] = set()


def _functions() -> dict[str, tuple[int, int]]:
    """'path:qualified name' -> (the line of its `def`, its length in lines) for every function in CHECKED."""
    found: dict[str, tuple[int, int]] = {}

    def visit(node, where: str, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                name = prefix + child.name
                found[f"{where}:{name}"] = (child.lineno, (child.end_lineno or child.lineno) - child.lineno + 1)
                visit(child, where, name + ".")
            else:
                visit(child, where, prefix + child.name + "." if isinstance(child, ast.ClassDef) else prefix)

    for folder in CHECKED:
        for path in sorted(folder.rglob("*.py")):
            visit(ast.parse(path.read_text(encoding="utf-8")), path.relative_to(ROOT).as_posix(), "")
    return found


def _let_off() -> dict[str, str]:
    """'path:line' -> the function defined on that line ('' for none), for every noqa that lets one off C901."""
    defined_at = {f"{key.split(':')[0]}:{line}": key for key, (line, _) in _functions().items()}
    found = {}
    for folder in CHECKED:
        for path in sorted(folder.rglob("*.py")):
            for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                where = f"{path.relative_to(ROOT).as_posix()}:{n}"
                if NOQA_C901.search(text) or (where in defined_at and NOQA_BARE.search(text)):
                    found[where] = defined_at.get(where, "")
    return found


def test_function_size_no_function_over_the_limit():
    long = sorted(
        f"{key} ({n} lines)" for key, (_, n) in _functions().items() if n > MAX_LINES and key not in LONG_ALLOWED
    )
    assert not long, f"over {MAX_LINES} lines, split them into named steps or rules: " + ", ".join(long)


def test_function_size_no_function_let_off_the_complexity_cap():
    let_off = sorted(f"{where} {name}" for where, name in _let_off().items() if name not in COMPLEX_ALLOWED)
    assert not let_off, "split these under the cap (pyproject.toml) instead of silencing C901: " + ", ".join(let_off)


def test_function_size_allow_lists_only_shrink():
    functions = _functions()
    let_off = set(_let_off().values())
    split = sorted(k for k in LONG_ALLOWED if functions.get(k, (0, 0))[1] <= MAX_LINES)
    split += sorted(k for k in COMPLEX_ALLOWED if k not in let_off)
    assert not split, "split or gone, remove them from the allow-lists: " + ", ".join(split)
    outside = sorted(
        k for k in LONG_ALLOWED | COMPLEX_ALLOWED if not k.startswith(("src/annales/actors/", "src/annales/events/"))
    )
    assert not outside, "only actors/ and events/ may hold functions waiting to be split: " + ", ".join(outside)
