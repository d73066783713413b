"""Publication dates as inputs give them: ISO 8601 (with or without a time and zone), RFC 2822 as RSS
feeds write them ("Wed, 01 May 2024 10:00:00 GMT") and the common forms of news sites ("May 1, 2024",
"1 May 2024 10:00 GMT") -> YYYY-MM-DD.

The date kept is the calendar day the publisher wrote, in the publisher's own zone: a story dated
"Wed, 01 May 2024 23:30:00 -0500" was published on 1 May where it was written, whatever UTC says.
"""

from __future__ import annotations

import re
from datetime import date
from email.utils import parsedate_tz

from .errors import AnnalesError
from .fields import check_date

# 03/04/2024 is 3 April or 4 March depending on the country: refused, never guessed.
_AMBIGUOUS_NUMERIC = re.compile(r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2,4})\s*$")
# dateparser also reads "yesterday" or "in 2 days" relative to today: a publication date is never relative.
_HAS_DIGIT = re.compile(r"\d")


def parse_publication_date(value, what: str) -> str | None:
    """YYYY-MM-DD for an input's publication date in any form the module docstring lists; None for no
    date; raises E035 naming `what` for a value that is not a date."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, date):  # a date or date-time object (Parquet): the readers' one check reads it
        return check_date(value, what)
    text = str(value).strip()
    if re.match(r"\d{4}-\d{2}-\d{2}", text):
        found = _iso_day(text)  # begun as ISO, it is whole ISO or nothing: no guessing at the rest
    else:
        found = _rfc2822_day(text) or _news_day(text)
    if found is None:
        raise AnnalesError("E035", value=text, what=what)
    return found


def _iso_day(text: str) -> str | None:
    """An ISO date, or an ISO date-time whose time is whole ("2020-12-17T" and "2020-12-17garbage" are not):
    the readers' own check (fields.check_date), None where it refuses."""
    try:
        return check_date(text, "")
    except AnnalesError:
        return None


def _rfc2822_day(text: str) -> str | None:
    parts = parsedate_tz(text)
    if parts is None or not parts[0]:
        return None
    year, month, day = parts[:3]
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _news_day(text: str) -> str | None:
    """'May 1, 2024', '1 May 2024 10:00 GMT', '2024/05/01': a day, month and year all written out."""
    numeric = _AMBIGUOUS_NUMERIC.match(text)
    if numeric and int(numeric.group(1)) <= 12 and int(numeric.group(2)) <= 12:
        return None
    if not _HAS_DIGIT.search(text):
        return None
    import dateparser

    parsed = dateparser.parse(
        text,
        languages=["en"],
        settings={
            "REQUIRE_PARTS": ["day", "month", "year"],
            "STRICT_PARSING": True,
            "RETURN_AS_TIMEZONE_AWARE": False,
            "DATE_ORDER": "YMD" if re.match(r"^\d{4}", text) else "DMY",
        },
    )
    return parsed.date().isoformat() if parsed else None


# An event's date is as precise as the text makes it: the form of the value says which ("2024-05-17",
# "2024-05", "2024"); "none" for an undated event. One function, used by the coder's output, the store's
# column and every export, so the three never disagree.
DATE_PRECISIONS = ("day", "month", "year", "none")
_PRECISION_BY_LENGTH = {10: "day", 7: "month", 4: "year"}
# Where an event's date came from: its own words ("on Friday"), the story's dateline ("GOMA, Feb 21 -"),
# or the story's publication day (told in the present or recent past with no date of its own).
DATE_SOURCES = ("text", "dateline", "publication")


def date_precision(value: str | None) -> str:
    """'day', 'month' or 'year' for an event date YYYY-MM-DD, YYYY-MM or YYYY; 'none' for no date."""
    return _PRECISION_BY_LENGTH.get(len(value), "none") if value else "none"


def day_range(value: str | None) -> tuple[date, date] | None:
    """First and last day a date can mean: a day, a month or a year; None for no date or an unreadable one."""
    if not value:
        return None
    try:
        if len(value) >= 10:
            d = date.fromisoformat(value[:10])
            return d, d
        if len(value) == 7:
            y, m = int(value[:4]), int(value[5:7])
            end = date(y + (m == 12), m % 12 + 1, 1)
            return date(y, m, 1), date.fromordinal(end.toordinal() - 1)
        y = int(value[:4])
        return date(y, 1, 1), date(y, 12, 31)
    except ValueError:
        return None
