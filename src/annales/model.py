"""Typed records annales produces, each with `to_dict()` in the shape of the output contract."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .dates import date_precision


@dataclass
class Article:
    """One input article as read, before coding."""

    id: str
    text: str
    title: str | None = None
    date: str | None = None
    url: str | None = None
    source: str | None = None
    language: str = "en"
    path: str | None = None
    warnings: list[dict] = field(default_factory=list)

    def __post_init__(self) -> None:
        # Every way in (readers, the library call, the API) ends here: what no store or UTF-8 output
        # can hold is replaced now, once (policy in fields.py).
        from .errors import warning
        from .fields import storable

        replaced: dict[str, int] = {}
        for name in ("id", "text", "title", "date", "url", "source", "path"):
            value = getattr(self, name)
            if isinstance(value, str):
                clean, n = storable(value)
                if n:
                    setattr(self, name, clean)
                    replaced[name] = n
        if replaced:
            self.warnings.append(
                warning("W004", path=self.path or self.id, count=sum(replaced.values()), fields=", ".join(replaced))
            )

    def to_dict(self, with_text: bool = False) -> dict:
        d = {
            "id": self.id,
            "title": self.title,
            "date": self.date,
            "url": self.url,
            "source": self.source,
            "language": self.language,
        }
        if with_text:
            d["text"] = self.text
        return d


@dataclass
class Mention:
    text: str
    start: int
    end: int
    kind: str  # name | title | description | pronoun | metonym
    token_start: int = 0
    token_end: int = 0

    def to_dict(self) -> dict:
        return {"text": self.text, "start": self.start, "end": self.end, "kind": self.kind}


@dataclass
class Actor:
    """One participant of the article: all its mentions resolved to one identity."""

    actor_id: str
    name: str
    country: str | None = None
    sector: str | None = None
    role: str | None = None
    code: str | None = None
    kind: str = "group"  # person | organization | country | group
    key: str = ""
    gender: str | None = None
    why: str = ""
    speaks_for: str | None = None  # actor_id of the principal, for spokespeople
    mentions: list[Mention] = field(default_factory=list)
    # the identity across articles ('org:SDN:rapid-support-forces'), the same whatever the spelling
    # (actors/identity.py); actor_id numbers the actor within its article only
    actor_key: str = ""

    def party(self) -> dict:
        return {
            "name": self.name,
            "country": self.country,
            "sector": self.sector,
            "role": self.role,
            "code": self.code,
            "actor_id": self.actor_id,
            "actor_key": self.actor_key or None,
        }

    def to_dict(self) -> dict:
        d = self.party()
        d["kind"] = self.kind
        d["why"] = self.why
        d["mentions"] = [m.to_dict() for m in self.mentions]
        return d


@dataclass
class Timex:
    text: str
    value: str | None
    start: int
    end: int
    granularity: str = "day"
    anchor: str | None = None  # "before" for 'by January 15', 'until', etc.

    def to_dict(self) -> dict:
        return {"text": self.text, "value": self.value, "start": self.start, "end": self.end}


@dataclass
class Place:
    name: str
    country: str | None
    lat: float | None
    lon: float | None
    start: int
    end: int
    kind: str = "city"  # city | country | region | facility | landmark
    city: str | None = None  # for a facility: the city in its name
    # One identity per place (issue 13): the gazetteer's own spelling ('Goma' for a dateline's 'GOMA'),
    # the GeoNames admin1 code and id where the gazetteer knows them, how precise lat/lon are, and
    # whether the place came from the story's dateline rather than from the words of the text.
    canonical: str | None = None
    admin1: str | None = None
    geonames_id: int | None = None
    precision: str | None = None  # country | admin1 | city | landmark | none; None: from the kind
    source: str = "text"  # text | dateline

    def geo_precision(self) -> str:
        """What lat/lon point at: a country's capital, an admin1 unit, a city, a landmark, or nothing."""
        if self.precision:
            return self.precision
        if self.lat is None:
            return "none"
        return {"country": "country", "landmark": "landmark"}.get(self.kind, "city")

    def canonical_name(self) -> str:
        """The place's one name: the gazetteer's, else the text's with a dateline's capitals folded."""
        if self.canonical:
            return self.canonical
        return self.name.title() if self.name.isupper() and len(self.name) > 4 else self.name

    def display_name(self) -> str:
        """The name an event's location shows: the text's spelling ('Kandahar' as the story writes it), its
        capitals folded (a dateline's 'GOMA' is 'Goma', so no place is two by case); the GeoNames id is the
        identity across spellings."""
        return self.canonical_name() if self.name.isupper() and len(self.name) > 3 else self.name

    def to_dict(self) -> dict:
        """The place as the text names it (name, start, end) with its one identity (canonical and the rest)."""
        d = self.location()
        d.update(name=self.name, canonical=self.canonical_name(), start=self.start, end=self.end)
        return d

    def location(self) -> dict:
        """An event's location: the place with its capitals folded, and its identity (admin1, precision, id)."""
        return {
            "name": self.display_name(),
            "country": self.country,
            "lat": self.lat,
            "lon": self.lon,
            "admin1": self.admin1,
            "geo_precision": self.geo_precision(),
            "geonames_id": self.geonames_id,
            "source": self.source,
        }


def counts_dead(unit: str | None, modality: str | None, cumulative: bool | None, part: bool | None = False) -> bool:
    """Whether a quantity is some event's own dead: a 'killed' count told as fact, never a running total
    ("since the war began") nor a part of the count before it ("27 people, among them nine children"). The
    ACLED shape's fatalities and the verifier's keep rule both ask this."""
    return unit == "killed" and modality in (None, "", "asserted") and not cumulative and not part


@dataclass
class Quantity:
    subject: str
    value: int
    unit: str
    date: str | None
    modality: str
    text: str
    start: int
    end: int
    cumulative: bool = False  # a total over events or a period ("since the war began", "in 2024"), not one event's
    part: bool = False  # a part of the count told just before it ("27 people, among them nine children")
    event: str | None = None  # the id of the event it counts (quantity_events.py), None when no event takes it

    def to_dict(self) -> dict:
        return {
            "subject": self.subject,
            "value": self.value,
            "unit": self.unit,
            "date": self.date,
            "modality": self.modality,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "cumulative": self.cumulative,
            "part": self.part,
            "event": self.event,
        }


@dataclass
class Quote:
    text: str
    speaker: str | None  # actor_id
    via: str | None  # actor_id
    direct: bool
    start: int
    end: int


@dataclass
class Event:
    id: str
    type: str
    mode: str | None
    cameo: str
    actor: str | None  # actor_id
    recipient: str | None  # actor_id
    sentence: str
    start: int
    end: int
    trigger: str
    trigger_start: int
    trigger_end: int
    date: str | None = None  # YYYY-MM-DD, YYYY-MM or YYYY: its precision is its form (dates.date_precision)
    date_source: str | None = None  # text, dateline or publication (dates.DATE_SOURCES); None when undated
    location: dict | None = None
    modality: str = "asserted"
    confidence: float = 0.5
    why: str = ""
    sentence_index: int = 0
    also_reported: list = field(default_factory=list)  # (start, end) of other sentences telling the same event
    # What the later stages (modality, boundaries) read from the events stage; never in the output:
    # the trigger's first spaCy token, the temporal expression of the event's clause, a modality the
    # trigger itself implies ("claimed"), and the lead's place for a dateline story.
    trigger_token: Any = field(default=None, repr=False, compare=False)
    timex: Any = field(default=None, repr=False, compare=False)
    preset_modality: str | None = field(default=None, repr=False, compare=False)
    lead_place: dict | None = field(default=None, repr=False, compare=False)


@dataclass
class CodedDocument:
    """What `annales.code()` returns: the article and everything read out of it."""

    article: Article
    events: list[Event] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    timexes: list[Timex] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    error: dict | None = None
    warnings: list[dict] = field(default_factory=list)

    def actor(self, actor_id: str | None) -> Actor | None:
        if actor_id is None:
            return None
        for a in self.actors:
            if a.actor_id == actor_id:
                return a
        return None

    def party(self, actor_id: str | None) -> dict | None:
        a = self.actor(actor_id)
        return a.party() if a else None

    def event_dict(self, e: Event) -> dict:
        return {
            "id": e.id,
            "type": e.type,
            "mode": e.mode,
            "cameo": e.cameo,
            "actor": self.party(e.actor),
            "recipient": self.party(e.recipient),
            "date": e.date,
            "date_precision": date_precision(e.date),
            "date_source": e.date_source,
            "location": e.location,
            "modality": e.modality,
            "sentence": e.sentence,
            "start": e.start,
            "end": e.end,
            "trigger": e.trigger,
            "trigger_start": e.trigger_start,
            "trigger_end": e.trigger_end,
            "confidence": round(e.confidence, 2),
            "why": e.why,
            "also_reported": [{"start": a, "end": b} for a, b in e.also_reported],
        }

    def quote_dict(self, q: Quote) -> dict:
        return {
            "text": q.text,
            "speaker": self.party(q.speaker),
            "via": self.party(q.via),
            "direct": q.direct,
            "start": q.start,
            "end": q.end,
        }

    def to_dict(self, with_text: bool = False) -> dict[str, Any]:
        return {
            "article": self.article.to_dict(with_text=with_text),
            "events": [self.event_dict(e) for e in self.events],
            "actors": [a.to_dict() for a in self.actors],
            "quantities": [q.to_dict() for q in self.quantities],
            "quotes": [self.quote_dict(q) for q in self.quotes],
            "timexes": [t.to_dict() for t in self.timexes],
            "places": [p.to_dict() for p in self.places],
            "error": self.error,
            "warnings": self.warnings + self.article.warnings,
        }
