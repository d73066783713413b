from __future__ import annotations

from pathlib import Path

import pytest

import annales

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def code():
    """annales.code, returning the contract's dict."""
    def _code(text: str, date: str | None = "2024-06-12", **kw) -> dict:
        return annales.code(text, date=date, **kw).to_dict()
    return _code


def find_events(doc: dict, type_: str | None = None, actor: str | None = None, recipient: str | None = None):
    out = []
    for e in doc["events"]:
        if type_ and e["type"] != type_:
            continue
        if actor and not (e["actor"] and actor.lower() in e["actor"]["name"].lower()):
            continue
        if recipient and not (e["recipient"] and recipient.lower() in e["recipient"]["name"].lower()):
            continue
        out.append(e)
    return out
