"""docs/contract.md describes every field annales outputs, and the README points at it inside the repository."""

from __future__ import annotations

import re

from tests.conftest import ROOT

TEXT = (
    'Police arrested 20 protesters in Tbilisi on Monday, the interior ministry said. "We will not allow '
    'violence," Interior Minister Vakhtang Gomelauri said.'
)


def _documented() -> set[str]:
    return set(re.findall(r"`([a-z][a-z0-9_]*)`", (ROOT / "docs" / "contract.md").read_text(encoding="utf-8")))


def test_contract_docs_name_every_field_of_a_document(code):
    doc = code(TEXT, date="2024-12-03")
    fields = set(doc) | set(doc["article"]) | {"input", "text"}
    for name in ("events", "actors", "quantities", "quotes", "timexes", "places"):
        assert doc[name], name  # the example exercises every list
        fields |= set(doc[name][0])
    fields |= set(doc["events"][0]["actor"]) | set(doc["events"][0]["location"])
    fields |= set(doc["actors"][0]["mentions"][0])
    assert sorted(fields - _documented()) == []


def test_contract_docs_readme_links_inside_the_repository():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "CONTRACT.md" not in readme  # the contract lives in the repository now
    for link in re.findall(r"\]\((docs/[^)]+)\)", readme):
        assert (ROOT / link).is_file(), link
    assert "(docs/contract.md)" in readme and "(docs/from-gdelt-acled.md)" in readme
