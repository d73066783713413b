"""The time stage: temporal expressions found and normalised against the publication date,
tense-aware ("in February" in a sentence about the future is next February).

Recognition is by pattern; the year of a date the text leaves open comes from the tense of its clause.
dateparser parses the explicit forms; our resolver decides what it is relative to.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import date, timedelta
from functools import lru_cache

from .lang import english
from .model import Timex
from .speech import reported_future

EN = english()  # the language's word lists (lang/en/*.yaml), loaded once per process

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTHS["sept"] = 9
WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
MON = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?"
DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
YEAR = r"(?:19|20)\d\d"
UNIT = r"(?:day|week|month|year|decade)s?"

# Words a deadline starts with ("by June", "until March"), for str.startswith.
DEADLINE_STARTS = tuple(sorted(EN.deadline_preps))

# Ordered: the first pattern that matches at a position wins, longer forms first.
PATTERNS: list[tuple[str, re.Pattern]] = [
    (name, re.compile(p, re.IGNORECASE))
    for name, p in [
        ("iso", rf"\b{YEAR}-[01]\d-[0-3]\d\b"),
        ("mdy", rf"\b{MON}\s+{DAY},?\s+{YEAR}\b"),
        ("dmy", rf"\b{DAY}\s+{MON},?\s+{YEAR}\b"),
        ("my", rf"\b{MON},?\s+{YEAR}\b"),
        ("md", rf"\b{MON}\s+{DAY}\b(?!,?\s*{YEAR})(?!\d)"),
        ("dm", rf"\b{DAY}\s+(?:of\s+)?{MON}\b(?!,?\s+{YEAR})"),
        (
            "ago",
            rf"\b(?:(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|few|\d+)\s+){UNIT}\s+ago\b",
        ),
        ("earlier_later", r"\b(?:earlier|later)\s+(?:this|that|in the)\s+(?:week|month|year)\b"),
        (
            "yearpart",
            rf"\b(?:by\s+)?the\s+(?:end|start|beginning|middle)\s+of\s+(?:{YEAR}|next year|this year|the year|last year)\b",
        ),
        ("weekend", r"\b(?:over|during|at|on)\s+the\s+weekend\b|\b(?:last|this|next)\s+weekend\b"),
        ("month_poss", rf"\b{MON}'s\b"),
        ("rel_unit", r"\b(?:last|next|this|past|coming|previous)\s+(?:week|month|year|weekend)\b"),
        ("newyear", r"\bthe\s+new\s+year\b"),
        ("recent", r"\b(?:in\s+)?recent\s+(?:days|weeks|months)\b"),
        ("deictic", r"\b(?:today|yesterday|tomorrow|tonight|overnight|this morning|this evening|last night)\b"),
        ("partmonth", rf"\b(?:early|mid|late|end of|the end of|the start of|the beginning of)[\s-]+{MON}\b"),
        ("weekday", r"\b(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"),
        (
            "prep_month",
            rf"\b(?:in|since|as of|by|until|till|from|through|during|before|after|of)\s+{MON}(?!\s+{DAY})\b",
        ),
        (
            "year",
            rf"\b(?:in|since|by|until|from|through|during|before|after|of|early|late|mid)[\s-]+{YEAR}\b(?![,.]?\d)",
        ),
    ]
]


def _pub(article_date: str | None) -> date | None:
    if not article_date:
        return None
    try:
        return date.fromisoformat(article_date[:10])
    except ValueError:
        return None


def _own_tense(verb) -> bool:
    """A verb that says its own tense: finite, or with its own auxiliary. "said it would review relations
    and accused the MAK": 'accused' is past, whatever the verb it is coordinated with; "will travel to Paris
    and meet Macron": 'meet' takes the future of 'travel'."""
    return verb.tag_ in ("VBD", "VBZ", "VBP", "MD") or any(c.dep_ in ("aux", "auxpass") for c in verb.children)


def clause_tense(tok) -> str:
    """'future', 'past' or 'present' for the clause governing a token."""
    node = tok
    for _ in range(8):
        if node.pos_ in ("VERB", "AUX") or node.dep_ == "ROOT":
            break
        if node.head.i == node.i:
            break
        node = node.head
    chain = [node]
    # control verbs above ("set to make", "plans to visit") carry the future too; so does the main
    # verb of a purpose clause ("will lead a delegation ... to negotiate")
    while (
        (
            chain[-1].dep_ in ("xcomp", "acl")
            or (chain[-1].dep_ == "conj" and not _own_tense(chain[-1]))
            or (chain[-1].dep_ == "advcl" and any(c.lower_ == "to" and c.dep_ == "aux" for c in chain[-1].children))
        )
        and chain[-1].head.i != chain[-1].i
        and len(chain) < 4
    ):
        chain.append(chain[-1].head)
    for k, v in enumerate(chain):
        auxes = [c for c in v.children if c.dep_ in ("aux", "auxpass")]
        if any(a.lower_ in EN.future_modals for a in auxes):
            return "future"
        if any(a.lower_ == "going" for a in auxes):
            return "future"
        if reported_future(v):
            return "future"  # "said they would hold a rally on Saturday": the coming Saturday
        if k > 0 and chain[k - 1].dep_ == "xcomp" and v.lemma_ in EN.future_lemmas:
            return "future"  # the clause under "plans to", not "threatened on Thursday" itself
        if k > 0 and chain[k - 1].dep_ == "xcomp" and v.lemma_ == "be" and v.tag_ in ("VBZ", "VBP"):
            return "future"  # "the envoy is to meet the president on Friday"
        if v.lemma_ in EN.scheduled_words and v.tag_ == "VBN" and k > 0:
            return "future"
    v = chain[0]
    auxes = [c for c in v.children if c.dep_ in ("aux", "auxpass")]
    if v.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxes):
        return "past"
    if v.tag_ == "VBN" and not auxes:
        return "past"  # reduced relative: "an agreement reached in Doha"
    if v.tag_ == "VBN" and any(a.lemma_ == "have" for a in auxes):
        return "perfect"
    return "present"


def _valid(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _pick_year(pub: date, month: int | None, day: int | None, tense: str, deadline: bool) -> date | None:
    """The year of a yearless date, from the tense of its clause; None without a month."""
    if month is None:
        return None
    d = day or 1
    cands = [c for c in (_valid(pub.year + k, month, d) for k in (-1, 0, 1)) if c]
    if not cands:
        cands = [c for c in (_valid(pub.year + k, month, d) for k in range(-4, 5)) if c]
    if not cands:
        return None

    def same_period(c):
        return c.year == pub.year and c.month == pub.month and (day is None or c.day == pub.day)

    if tense == "future" or (deadline and tense != "past"):
        fut = [c for c in cands if c >= pub or same_period(c)]
        return min(fut) if fut else max(cands)
    if tense in ("past", "perfect"):
        past = [c for c in cands if c <= pub or same_period(c)]
        return max(past) if past else min(cands)
    return min(cands, key=lambda c: abs((c - pub).days))


def _fmt(d: date, gran: str) -> str:
    if gran == "year":
        return f"{d.year:04d}"
    if gran == "month":
        return f"{d.year:04d}-{d.month:02d}"
    return d.isoformat()


@lru_cache(maxsize=4096)
def _dateparse(text: str, base: str | None) -> date | None:
    import dateparser

    settings = {"PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False}
    if base:
        from datetime import datetime

        settings["RELATIVE_BASE"] = datetime.fromisoformat(base)
    parsed = dateparser.parse(text, languages=["en"], settings=settings)
    return parsed.date() if parsed else None


def _month_of(text: str) -> int | None:
    for w in re.findall(r"[A-Za-z]+", text):
        if w.lower() in MONTHS:
            return MONTHS[w.lower()]
    return None


def _day_of(text: str) -> int | None:
    m = re.search(r"\b([0-3]?\d)(?:st|nd|rd|th)?\b", text)
    return int(m.group(1)) if m else None


def _year_of(text: str) -> int | None:
    m = re.search(YEAR, text)
    return int(m.group(0)) if m else None


def _matched(m: re.Match[str] | None, kind: str) -> re.Match[str]:
    """The match that an expression of this kind has (its kind was found by that pattern)."""
    if m is None:
        raise ValueError(f"an expression of kind '{kind}' without the words of its kind")
    return m


# An expression's resolver: (its text, the publication date, its clause's tense, whether it is a deadline) ->
# (value, granularity). The tense and deadline decide the year of a yearless date ("in February").
Resolver = Callable[[str, date, str, bool], tuple[str | None, str]]


def _full_date(text: str) -> tuple[str | None, str]:
    """ "2024-03-05", "March 5th, 2024", "5 March 2024": the day itself."""
    d = _dateparse(re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text), None)
    return (d.isoformat() if d else None), "day"


def _month_and_year(text: str) -> tuple[str | None, str]:
    """ "March 2024": that month."""
    return f"{_year_of(text):04d}-{_month_of(text):02d}", "month"


def _year_alone(text: str) -> tuple[str | None, str]:
    """ "since 2019": that year."""
    return f"{_year_of(text):04d}", "year"


def _day_and_month(text: str, pub: date, tense: str, deadline: bool) -> tuple[str | None, str]:
    """ "on March 5": the March 5 the tense points to."""
    d = _pick_year(pub, _month_of(text), _day_of(text), tense, deadline)
    return (d.isoformat() if d else None), "day"


def _month_alone(text: str, pub: date, tense: str, deadline: bool) -> tuple[str | None, str]:
    """ "in February", "late March": the month the tense points to; "by June" is a deadline."""
    d = _pick_year(pub, _month_of(text), None, tense, deadline or text.lower().startswith(DEADLINE_STARTS))
    return (_fmt(d, "month") if d else None), "month"


def _ago(text: str, pub: date, tense: str, deadline: bool) -> tuple[str | None, str]:
    """ "two weeks ago": counted back from the publication day (to the month for months and years)."""
    m = _matched(re.match(r"(\w+)\s+(\w+?)s?\s+ago", text.lower()), "ago")
    n = EN.timex_numbers.get(m.group(1)) or (int(m.group(1)) if m.group(1).isdigit() else 1)
    unit = m.group(2)
    if unit == "year":
        return _fmt(date(pub.year - n, pub.month, 1), "month"), "month"
    if unit == "decade":
        return f"{pub.year - 10 * n:04d}", "year"
    if unit == "month":
        y, mo = divmod(pub.year * 12 + pub.month - 1 - n, 12)
        return _fmt(date(y, mo + 1, 1), "month"), "month"
    days = n * (7 if unit == "week" else 1)
    return (pub - timedelta(days=days)).isoformat(), "day"


def _relative_unit(text: str, pub: date, tense: str, deadline: bool) -> tuple[str | None, str]:
    """ "last year", "next month", "earlier this week": the year, else the month, of the period meant."""
    low = text.lower()
    unit = _matched(re.search(r"(week|month|year|weekend)", low), "rel_unit").group(1)
    shift = -1 if re.search(r"\b(last|past|previous)\b", low) else 1 if re.search(r"\b(next|coming)\b", low) else 0
    if unit == "year":
        return f"{pub.year + shift:04d}", "year"
    if unit == "month":
        y, mo = divmod(pub.year * 12 + pub.month - 1 + shift, 12)
        return _fmt(date(y, mo + 1, 1), "month"), "month"
    d = pub + timedelta(days=7 * shift)
    return _fmt(d, "month"), "month"


def _weekend(text: str, pub: date, tense: str, deadline: bool) -> tuple[str | None, str]:
    """ "over the weekend" (the Saturday before), "next weekend" (the Saturday after)."""
    low = text.lower()
    future = "next" in low or (tense == "future" and "last" not in low)
    if future:
        ahead = (5 - pub.weekday()) % 7 or 7
        return (pub + timedelta(days=ahead)).isoformat(), "day"
    back = (pub.weekday() - 5) % 7 or 7
    return (pub - timedelta(days=back)).isoformat(), "day"


def _month_possessive(text: str, pub: date, tense: str, deadline: bool) -> tuple[str | None, str]:
    """ "March's elections": a month spoken of as done unless the clause is future."""
    d = _pick_year(pub, _month_of(text), None, tense if tense != "present" else "past", False)
    return (_fmt(d, "month") if d else None), "month"


def _part_of_year(text: str, pub: date, tense: str, deadline: bool) -> tuple[str | None, str]:
    """ "by the end of next year": December (June for the middle, January for the start) of that year."""
    low = text.lower()
    y = _year_of(text) or (pub.year + 1 if "next year" in low else pub.year - 1 if "last year" in low else pub.year)
    month = 12 if "end" in low else 6 if "middle" in low else 1
    return f"{y:04d}-{month:02d}", "month"


def _new_year(text: str, pub: date, tense: str, deadline: bool) -> tuple[str | None, str]:
    """ "the new year": next year from October on, else the year under way."""
    return f"{pub.year + 1 if pub.month >= 10 else pub.year:04d}", "year"


def _recent(text: str, pub: date, tense: str, deadline: bool) -> tuple[str | None, str]:
    """ "in recent weeks": the month of publication."""
    return _fmt(pub, "month"), "month"


def _deictic(text: str, pub: date, tense: str, deadline: bool) -> tuple[str | None, str]:
    """ "yesterday", "last night", "tomorrow", "today": a day from the publication day."""
    low = text.lower()
    if "yesterday" in low or "last night" in low:
        return (pub - timedelta(days=1)).isoformat(), "day"
    if "tomorrow" in low:
        return (pub + timedelta(days=1)).isoformat(), "day"
    return pub.isoformat(), "day"


def _weekday(text: str, pub: date, tense: str, deadline: bool) -> tuple[str | None, str]:
    """ "on Tuesday": the last Tuesday (the publication day itself included), the next one in a future clause."""
    low = text.lower()
    wd = WEEKDAYS[
        _matched(re.search(r"(monday|tuesday|wednesday|thursday|friday|saturday|sunday)", low), "weekday").group(1)
    ]
    delta = (pub.weekday() - wd) % 7
    if tense == "future":
        ahead = (wd - pub.weekday()) % 7 or 7
        return (pub + timedelta(days=ahead)).isoformat(), "day"
    return (pub - timedelta(days=delta)).isoformat(), "day"


# The kinds (PATTERNS' names) that carry their own year: resolved without the publication date.
ABSOLUTE_RESOLVERS: dict[str, Callable[[str], tuple[str | None, str]]] = {
    "iso": _full_date,
    "mdy": _full_date,
    "dmy": _full_date,
    "my": _month_and_year,
    "year": _year_alone,
}
# The kinds resolved against the publication date: without one they have no value.
RELATIVE_RESOLVERS: dict[str, Resolver] = {
    "md": _day_and_month,
    "dm": _day_and_month,
    "prep_month": _month_alone,
    "partmonth": _month_alone,
    "ago": _ago,
    "rel_unit": _relative_unit,
    "earlier_later": _relative_unit,
    "weekend": _weekend,
    "month_poss": _month_possessive,
    "yearpart": _part_of_year,
    "newyear": _new_year,
    "recent": _recent,
    "deictic": _deictic,
    "weekday": _weekday,
}


def resolve(kind: str, text: str, pub: date | None, tense: str, deadline: bool) -> tuple[str | None, str]:
    """(value, granularity) of one expression of a kind (PATTERNS' names)."""
    absolute = ABSOLUTE_RESOLVERS.get(kind)
    if absolute is not None:
        return absolute(text)
    relative = RELATIVE_RESOLVERS.get(kind)
    if pub is None or relative is None:
        return None, "day"
    return relative(text, pub, tense, deadline)


def find_timexes(doc, pub: date | None) -> list[tuple[Timex, int, int]]:
    """(Timex, first token index, last token index) for every expression in the document."""
    text = doc.text  # once per article
    taken = [False] * (len(text) + 1)
    found = []
    for kind, pat in PATTERNS:
        for m in pat.finditer(text):
            s, e = m.span()
            if any(taken[s:e]):
                continue
            span = doc.char_span(s, e, alignment_mode="expand")
            if span is None or not len(span):
                continue
            raw = m.group(0)
            # the value is the date itself; prepositions say whether it is a deadline
            lead = re.match(r"(?i)(on|in|since|as of|by|until|till|from|through|during|before|after|of)\s+", raw)
            deadline = bool(lead and lead.group(1).lower() in EN.deadline_preps)
            prev = text[max(0, s - 8) : s].lower()
            if re.search(r"\b(by|until|till|before)\s+$", prev):
                deadline = True
            anchor_tok = span.root
            tense = clause_tense(anchor_tok)
            value, gran = resolve(kind, raw, pub, tense, deadline)
            tx = Timex(text=raw, value=value, start=s, end=e, granularity=gran, anchor="deadline" if deadline else None)
            for i in range(s, e):
                taken[i] = True
            found.append((tx, span.start, span.end - 1))
    found.sort(key=lambda f: f[0].start)
    return found


def resolve_timexes(work) -> None:
    """The time stage: the article's time expressions and the tokens each covers."""
    pub = _pub(work.article.date)
    found = find_timexes(work.doc, pub)
    work.result.timexes = [f[0] for f in found]
    work.timex_tokens = [(f[1], f[2], f[0]) for f in found]
