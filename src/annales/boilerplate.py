"""Page furniture in plain-text articles ('3 min read', 'Follow us on ...', photo captions): lines
the coder must not read as news. The patterns are data (data/boilerplate.txt)."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def patterns() -> list[re.Pattern]:
    text = (resources.files("annales") / "data" / "boilerplate.txt").read_text(encoding="utf-8")
    return [re.compile(line, re.IGNORECASE) for line in text.splitlines() if line.strip() and not line.startswith("#")]


def furniture_lines(text: str) -> list[tuple[int, int]]:
    """Character spans of the lines that are page furniture."""
    spans = []
    pos = 0
    pats = patterns()
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped and any(p.search(stripped) for p in pats):
            spans.append((pos, pos + len(line)))
        pos += len(line)
    return spans
