"""Docs drift: every CLI command and every error code is documented."""

from __future__ import annotations

from annales.cli import actors_app, app
from annales.errors import Errors
from tests.conftest import ROOT


def test_docs_every_command_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    names = [c.name or c.callback.__name__ for c in app.registered_commands]
    names += [f"actors {c.name or c.callback.__name__}" for c in actors_app.registered_commands]
    for name in names:
        if name == "version":
            continue
        assert f"annales {name}" in readme, f"'annales {name}' is not in README.md"


def test_docs_error_messages_say_what_to_do():
    for code in (k for k in vars(Errors) if k.startswith("E")):
        message = getattr(Errors, code)
        assert len(message) > 40 and any(
            w in message.lower() for w in ("'", "use", "fix", "pass", "try", "give", "split")
        ), code
