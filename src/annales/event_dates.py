"""Each event's date and where it came from (part of the modality stage: whether an event happened and when
are read together).

- `text`: the event's own clause names its date ("on Friday", "in March 2023"), resolved by the tense-aware
  time stage against the publication date;
- `dateline`: no date of its own, and the story's dateline names the day it was filed ("GOMA, Feb 21 -");
- `publication`: no date of its own: the story's publication day stands in, as GDELT and POLECAT date an
  event told in the present or recent past of a dated story;
- no date (source None): background told in the past perfect ("had tried to"), or a story with no date.

Nothing is dated after the publication date unless it has not happened: an asserted event whose own date
falls after it is planned when its verb is in the present or future ("leaders meet on Friday"), and keeps
the story's day when its verb is in the past ("threatened to strike until the end of 2028": the threat was
made; the date is what was threatened).
"""

from __future__ import annotations

import re

from .timexes import clause_tense

# A dateline ends at its dash: "KHARTOUM, June 12 (Reuters) - The army ..."
_DATELINE_END = re.compile(r"\s[-\u2013\u2014]+\s")


def after(value: str, pub: str) -> bool:
    """Whether a date (of any precision) lies wholly after the publication day: "2024-06" is after
    2024-05-15, "2024-05" is not (the story's own month)."""
    n = min(len(value), len(pub))
    return value[:n] > pub[:n]


def dateline_day(work) -> str | None:
    """The day the story's dateline names ("GOMA, Feb 21 -"), resolved against the publication date; None
    without a dated dateline, or when it would fall after publication (a misread, never a filing day)."""
    span, pub = work.dateline_paragraph, work.article.date
    if not span or not pub:
        return None
    head = work.article.text[span[0] : span[1]]
    dash = _DATELINE_END.search(head)
    if dash is None:
        return None
    end = span[0] + dash.start()
    for tx in work.result.timexes:
        if span[0] <= tx.start and tx.end <= end and tx.granularity == "day" and tx.value and len(tx.value) == 10:
            return None if after(tx.value, pub) else tx.value
    return None


def story_day(work) -> tuple[str | None, str | None]:
    """(day, source) that stands in for an event with no date of its own: the dateline's day, else the
    publication day; (None, None) for a story with no date."""
    day = dateline_day(work)
    if day:
        return day, "dateline"
    pub = work.article.date
    return (pub[:10], "publication") if pub else (None, None)


def _past_verb(tok) -> bool:
    """Whether the trigger is a verb told in the past ("threatened", "has threatened"): what it reports
    happened, whatever later date its clause carries."""
    return tok.pos_ in ("VERB", "AUX") and clause_tense(tok) in ("past", "perfect")


def date_event(ev, pub: str | None, story: tuple[str | None, str | None], background: bool) -> None:
    """Set the event's date and date_source (and make an asserted event dated after publication planned).
    `story`: story_day's (day, source); `background`: the event is told in the past perfect."""
    tx = ev.timex
    if tx is not None and tx.value:
        if pub and after(tx.value, pub) and ev.modality == "asserted":
            if _past_verb(ev.trigger_token) and story[0]:
                ev.date, ev.date_source = story
                ev.why += f"; date: {tx.value} is after publication and the verb is past: the story's day"
                return
            # present or future, dated after publication: the event has not happened yet
            ev.modality = "planned"
            ev.why += f"; planned: dated {tx.value}, after publication"
        ev.date, ev.date_source = tx.value, "text"
    elif background:
        ev.date, ev.date_source = None, None  # "had tried to destroy": background, not news of the day
    else:
        ev.date, ev.date_source = story
