"""What an article's fields may hold before any output or store sees them: types, dates, characters.

The policy, the same for every reader (files, JSON Lines, Parquet, standard input, the library call):
- `id` is a string or a whole number (written as its digits); `title`, `url` and `source` are a string,
  a whole number (written as its digits) or null. Anything else (a list, an object, a boolean, a
  fraction) makes that row an error row naming the field, and the rows around it are read as usual.
- `date` is an ISO date, alone or starting an ISO date-time (`2020-12-17`, `2020-12-17T09:30:00Z`);
  anything after the date that is not a time (`2020-12-17garbage`) is an error, not ignored.
- NUL and lone surrogates (`\\ud800`), which neither PostgreSQL nor a UTF-8 output can hold, are
  replaced in every field by U+FFFD, one character for one so that offsets into the text still hold,
  and the article gets warning W004 saying how many were replaced. Replacing, not rejecting: one stray
  byte in a long article should not cost the article.
- A text with no visible character (only whitespace, zero-width, control or combining characters) is
  not coded: it gets error E042.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date as _date
from datetime import datetime

from .errors import AnnalesError

# Characters no store or UTF-8 output can hold: NUL (PostgreSQL TEXT) and lone surrogates (UTF-8).
UNSTORABLE_RE = re.compile("[\x00\ud800-\udfff]")
_ISO_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_TIME_RE = re.compile(r"[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?", re.IGNORECASE)
# Categories drawn as nothing: controls, format (zero-width), surrogates, unassigned, separators, and
# combining marks (which have nothing to sit on when they are all there is).
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Cn", "Zs", "Zl", "Zp", "Mn", "Me"})
# Letters and symbols that fonts draw as blank: the Hangul fillers and the empty braille pattern.
_BLANK_GLYPHS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
_ASCII_VISIBLE_RE = re.compile(r"[!-~]")
TEXT_FIELDS = ("title", "url", "source")


def storable(value: str) -> tuple[str, int]:
    """`value` with NUL and lone surrogates replaced by U+FFFD, and how many were replaced."""
    if not UNSTORABLE_RE.search(value):
        return value, 0
    return UNSTORABLE_RE.subn("\ufffd", value)


def has_visible_text(text: str) -> bool:
    """Whether the text has at least one character a reader would see."""
    if _ASCII_VISIBLE_RE.search(text):
        return True
    return any(ch not in _BLANK_GLYPHS and unicodedata.category(ch) not in _INVISIBLE_CATEGORIES for ch in text)


def kind_of(value) -> str:
    """What a value is, in words, for an error message ('a list', 'an object')."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, float):
        return "a fractional number"
    if isinstance(value, bytes):
        return "binary data"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, int):
        return "a number"
    return "null" if value is None else f"a {type(value).__name__}"


def string_field(value, field: str, where: str, line: int) -> str | None:
    """A row's `id`, `title`, `url` or `source` as a string (None when absent); E041 for a wrong type."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise AnnalesError("E041", path=where, line=line, field=field, kind=kind_of(value))


def check_date(value, what: str) -> str | None:
    """An ISO date (or the date of an ISO date-time) as YYYY-MM-DD; None for none; E010 otherwise."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, _date):
        return value.isoformat()
    text = str(value).strip()
    if _ISO_DATE_RE.fullmatch(text[:10]) and (len(text) == 10 or _ISO_TIME_RE.fullmatch(text, 10)):
        try:
            return _date.fromisoformat(text[:10]).isoformat()
        except ValueError:
            pass
    shown = text if len(text) <= 60 else text[:57] + "..."
    raise AnnalesError("E010", value=shown, what=what) from None
