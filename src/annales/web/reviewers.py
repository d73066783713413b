"""Who may review events on a server: reviewer names with their tokens, as a deployer gives them.

`annales serve --review-token alice=TOKEN` (repeatable; visible in `ps`), `--review-tokens-file FILE` (one
NAME=TOKEN a line, # comments) or the environment variable ANNALES_REVIEW_TOKENS ('alice=TOKEN,bob=TOKEN'),
all merged. With none, review is off. A reviewer sends `Authorization: Bearer TOKEN`; the review is stored
under the NAME. Imports nothing heavy: the CLI checks the list before starting the server.
"""

from __future__ import annotations

import hmac
import os
import re
from pathlib import Path

from ..errors import AnnalesError

TOKENS_ENV = "ANNALES_REVIEW_TOKENS"
MIN_TOKEN = 8
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$")


def parse_entry(entry: str, source: str, number: int) -> tuple[str, str]:
    """(name, token) of one NAME=TOKEN entry; E059 (which never quotes the token) when it is not one."""
    name, sep, token = entry.strip().partition("=")
    name, token = name.strip(), token.strip()
    where = f"'{name}'" if name and NAME.match(name) else f"number {number}"
    if not sep or not NAME.match(name):
        raise AnnalesError(
            "E059",
            entry=where,
            source=source,
            detail="not NAME=TOKEN with a name of letters, digits, '_', '.', '@' or '-'",
        )
    if len(token) < MIN_TOKEN or any(c.isspace() for c in token):
        raise AnnalesError(
            "E059",
            entry=where,
            source=source,
            detail=f"the token is shorter than {MIN_TOKEN} characters or holds a space",
        )
    return name, token


def read_reviewers(
    entries: list[str] | None = None, tokens_file: str | None = None, environ: dict | None = None
) -> dict[str, str]:
    """token -> reviewer name, from --review-token entries, a tokens file and $ANNALES_REVIEW_TOKENS."""
    env = os.environ if environ is None else environ
    sources: list[tuple[str, list[str]]] = [("--review-token", list(entries or []))]
    if tokens_file:
        try:
            lines = Path(tokens_file).read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise AnnalesError("E059", entry="file", source=tokens_file, detail=f"it cannot be read ({exc})") from None
        sources.append((tokens_file, [ln for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]))
    if env.get(TOKENS_ENV, "").strip():
        sources.append((TOKENS_ENV, [e for e in re.split(r"[,\s]+", env[TOKENS_ENV]) if e]))
    reviewers: dict[str, str] = {}
    for source, items in sources:
        for number, entry in enumerate(items, 1):
            name, token = parse_entry(entry, source, number)
            if reviewers.get(token, name) != name:
                raise AnnalesError(
                    "E059", entry=f"'{name}'", source=source, detail=f"the token is already {reviewers[token]}'s"
                )
            reviewers[token] = name
    return reviewers


def reviewer_of(reviewers: dict[str, str], authorization: str | None) -> str | None:
    """The name of the reviewer whose token the Authorization header carries, else None. Every token is
    compared, in constant time each, so that the answer's timing tells nothing of any token."""
    sent = (authorization or "").encode("latin-1", "replace")
    found = None
    for token, name in reviewers.items():
        if hmac.compare_digest(sent, f"Bearer {token}".encode()):
            found = name
    return found
