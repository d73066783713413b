"""The package's import graph: no cycles (function-local imports included, which hide them from Python),
and every module importable on its own in a fresh interpreter."""

from __future__ import annotations

import ast
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

from tests.conftest import ROOT

PACKAGE = ROOT / "src" / "annales"


def _modules() -> dict[str, object]:
    mods = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts = parts[:-1]
        mods[".".join(parts)] = (path, is_package)
    return mods


def _resolve(mods, current: str, is_package: bool, module: str | None, level: int, names) -> set[str]:
    if level:
        base = current.split(".") if is_package else current.split(".")[:-1]
        base = base[: len(base) - (level - 1)]
        target = ".".join(base + ([module] if module else []))
    else:
        target = module or ""
    if not target.startswith("annales"):
        return set()
    found = set()
    for n in names:
        sub = f"{target}.{n}"
        found.add(sub if sub in mods else target)
    return {m for m in found if m in mods}


def import_graph() -> dict[str, set[str]]:
    mods = _modules()
    graph: dict[str, set[str]] = {}
    for name, (path, is_package) in mods.items():
        edges = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                edges |= _resolve(mods, name, is_package, node.module, node.level, [a.name for a in node.names])
            elif isinstance(node, ast.Import):
                edges |= {a.name for a in node.names if a.name in mods}
        graph[name] = edges - {name}
    return graph


def _cycle(graph) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(n):
        state[n] = 1
        stack.append(n)
        for m in sorted(graph[n]):
            # importing a package runs its __init__; a submodule importing its own package's names is the norm
            if n.startswith(m + "."):
                continue
            if state.get(m) == 1:
                return stack[stack.index(m) :] + [m]
            if m not in state and (found := visit(m)):
                return found
        stack.pop()
        state[n] = 2
        return None

    for n in sorted(graph):
        if n not in state and (found := visit(n)):
            return found
    return None


def test_imports_have_no_cycle():
    assert _cycle(import_graph()) is None, " -> ".join(_cycle(import_graph()))


def test_imports_cycle_check_finds_a_cycle():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


def test_imports_every_module_imports_alone():
    def load(name: str) -> tuple[str, int, str]:
        p = subprocess.run([sys.executable, "-c", f"import {name}"], capture_output=True, text=True, timeout=120)
        return name, p.returncode, p.stderr[-300:]

    with ThreadPoolExecutor(max_workers=2) as pool:
        failed = [r for r in pool.map(load, sorted(_modules())) if r[1] != 0]
    assert not failed, failed
