"""Optional features and the extra that installs each: `pip install annales` codes articles; the rest
comes with `annales[data]`, `[web]`, `[postgres]`, `[ray]` or `[all]` (pyproject.toml)."""

from __future__ import annotations

import importlib
from types import ModuleType

from .errors import AnnalesError


def require(module: str, extra: str, feature: str) -> ModuleType:
    """Import an optional module, or raise E030 naming the extra that installs it."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise AnnalesError("E030", feature=feature, package=module.split(".")[0], extra=extra) from exc
