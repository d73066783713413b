"""A store written from event specs, for the chart and table tests: dates (bad ones included), actors and
places chosen by the test, so that what a chart must show follows from the data the test wrote."""

from __future__ import annotations

from dataclasses import dataclass

from annales.records import article_hash
from annales.store import Store

# (type, mode, CAMEO) of the events the specs name by type
CODES = {"ASSAULT": (None, "190"), "CONSULT": (None, "040"), "AID": (None, "070"), "ACCUSE": (None, "111")}
PLACES = {  # name -> (country, lat, lon): a GeoNames city, a country (at its capital), a region
    "Kharkiv": ("UKR", 49.98, 36.25),
    "Ukraine": ("UKR", 50.45, 30.52),
    "Zaporizhzhia nuclear plant": ("UKR", 47.51, 34.58),
}


@dataclass
class Spec:
    type: str
    actor: str
    recipient: str | None
    date: str | None
    place: str | None = None
    sentence: str = ""


# the canonical ids of the parties the specs name by them (the knowledge base's, as the coder would store them)
KEYS = {"Rapid Support Forces": "org:SDN:rapid-support-forces"}


def party(name: str | None, n: int) -> dict | None:
    if name is None:
        return None
    country = "UKR" if "Ukrain" in name else "RUS" if "Russia" in name else None
    return {
        "actor_id": f"A{n}",
        "name": name,
        "country": country,
        "sector": "GOV",
        "code": None,
        "actor_key": KEYS.get(name),
    }


def event_record(i: int, spec: Spec) -> dict:
    mode, cameo = CODES[spec.type]
    sentence = spec.sentence or f"{spec.actor} {spec.type.lower()} {spec.recipient or ''} (event {i})."
    place = None
    if spec.place:
        country, lat, lon = PLACES[spec.place]
        place = {"name": spec.place, "country": country, "lat": lat, "lon": lon}
    return {
        "id": f"e{i}",
        "type": spec.type,
        "mode": mode,
        "cameo": cameo,
        "actor": party(spec.actor, 1),
        "recipient": party(spec.recipient, 2),
        "date": spec.date,
        "date_source": "text" if spec.date else None,
        "location": place,
        "modality": "asserted",
        "sentence": sentence,
        "start": 0,
        "end": len(sentence),
        "trigger": spec.type.lower(),
        "trigger_start": 0,
        "trigger_end": 1,
        "confidence": 0.8,
        "why": "test",
    }


def write_store(path: str, articles: list[tuple[str, str | None, list[Spec]]]) -> None:
    """Write each (title, publication date, specs) as one article with its events into the store at `path`."""
    store = Store.open(path)
    try:
        for n, (title, published, specs) in enumerate(articles):
            events = [event_record(i, s) for i, s in enumerate(specs)]
            text = " ".join(e["sentence"] for e in events) or title
            doc = {
                "article": {
                    "id": f"a{n}",
                    "title": title,
                    "date": published,
                    "url": f"https://www.example.org/{n}",
                    "source": None,
                    "language": "en",
                    "text": text,
                },
                "events": events,
                "actors": [],
                "quantities": [],
                "quotes": [],
                "timexes": [],
                "places": [],
            }
            store.write_document(article_hash(f"{n}:{text}"), doc)
    finally:
        store.close()
