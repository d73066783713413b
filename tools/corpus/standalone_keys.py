"""annales.keys loaded by its path, without importing the annales package: the corpus tools run with a bare
Python that has PyYAML (annotators never install or run the coder)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("annales_keys", ROOT / "src" / "annales" / "keys.py")
keys = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = keys  # dataclasses look their module up here
_spec.loader.exec_module(keys)
