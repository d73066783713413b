"""Export shapes, one module each, registered in SHAPES the way a plugin would add one."""

from __future__ import annotations

from . import acled, annales, gdelt, polecat
from .common import Shape

SHAPES: dict[str, Shape] = {m.SHAPE.name: m.SHAPE for m in (annales, polecat, gdelt, acled)}

__all__ = ["SHAPES", "Shape"]
