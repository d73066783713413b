"""annales: news articles in, source-linked PLOVER and CAMEO political event records out.

>>> import annales
>>> doc = annales.code("Police arrested 20 protesters in Tbilisi on Monday.", date="2024-12-03")
>>> doc.to_dict()["events"][0]["type"]
'COERCE'
"""

from __future__ import annotations

from functools import lru_cache

from .budget import DEFAULT_TIME_LIMIT, Deadline, check_time_limit
from .errors import AnnalesError
from .extras import require
from .model import Article, CodedDocument
from .ontology import explain
from .pipeline import Pipeline
from .readers import article_from_html, article_from_text, check_date, content_id

__version__ = "0.2.0"
__all__ = [
    "code",
    "explain",
    "open",
    "Pipeline",
    "default_pipeline",
    "AnnalesError",
    "CodedDocument",
    "Article",
    "__version__",
]


@lru_cache(maxsize=4)
def default_pipeline(actors_files: tuple[str, ...] = (), min_confidence: float | None = None) -> Pipeline:
    """The process's shared pipeline (the spaCy model and knowledge base are loaded once per process)."""
    return Pipeline(actors_files=actors_files, min_confidence=min_confidence)


def code(
    text: str,
    date: str | None = None,
    title: str | None = None,
    *,
    html: bool = False,
    id: str | None = None,
    url: str | None = None,
    source: str | None = None,
    errors: str = "raise",
    min_confidence: float | None = None,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
) -> CodedDocument:
    """Code one article's text (or HTML with html=True): returns a CodedDocument; `.to_dict()` gives
    the output contract's document. A text annales cannot code (empty, too long, not English, a stage
    failure) raises AnnalesError with its code (E002, E005, E006, ...); with errors="record" the error
    is put in the document's `.error` instead (what a batch wants: one bad article never stops it).
    `min_confidence` keeps only events at least that probable (the event verifier's calibrated
    probability); by default the verifier's model card's keep threshold, 0 keeps every event found.
    An article still coding after `time_limit` seconds gets error E049 (None: no limit)."""
    if errors not in ("raise", "record"):
        raise ValueError(f"errors must be 'raise' or 'record', not {errors!r}")
    date = check_date(date, "the publication date")
    try:
        make = article_from_html if html else article_from_text
        art = make(text, "<text>", id=id or content_id(text or ""), title=title, date=date, url=url, source=source)
    except AnnalesError as err:
        if errors == "raise":
            raise
        art = Article(id=id or content_id(text or ""), text=text or "", title=title, date=date, url=url, source=source)
        return CodedDocument(article=art, error=err.to_dict())
    doc = default_pipeline(min_confidence=min_confidence)(
        art, deadline=Deadline(check_time_limit(time_limit), art.path or art.id)
    )
    if doc.error and errors == "raise":
        if doc.error["code"] == "E006":
            raise AnnalesError("E006", path="<text>", language=doc.article.language)
        raise AnnalesError("E037", detail=doc.error["message"])
    return doc


class Corpus:
    """A store of coded articles: `annales.open("events.db").events(actor="Hamas")` -> DataFrame."""

    def __init__(self, url: str):
        from .store import Store

        self.url = url
        self.store = Store.open(url)

    def ingest(
        self,
        *paths: str,
        workers: int = 1,
        recode: bool = False,
        date: str | None = None,
        feeds: tuple[str, ...] = (),
        timeout: float | None = None,
        delay: float | None = None,
    ):
        """Code files, folders and URLs, and the new items of RSS/Atom `feeds`, into this store."""
        from .fetch import DEFAULT_DELAY, DEFAULT_TIMEOUT, Fetcher
        from .store.ingest import ingest

        fetcher = Fetcher(timeout=timeout or DEFAULT_TIMEOUT, delay=DEFAULT_DELAY if delay is None else delay)
        return ingest(
            paths, self.url, workers=workers, recode=recode, date=date, store=self.store, feeds=feeds, fetcher=fetcher
        )

    def events(self, level: str = "report", **filters):
        """Events matching the filters (actor, recipient, type, mode, country, place, since, until,
        modality, text) as a pandas DataFrame, one row per report or per cluster, with each event's review in
        force (columns review, reviewed_by, reviewed_at, review_corrected; empty when not reviewed)."""
        pd = require("pandas", "data", "DataFrames from annales.open()")

        from .store.query import event_rows
        from .store.reviews import with_reviews

        return pd.DataFrame(with_reviews(self.store, event_rows(self.store, level=level, **filters), flat=True))

    def counts(self, by: str = "week", level: str = "report", **filters):
        """Events matching the filters counted by week, month or year, each exactly once (events known only to a
        coarser period in rows of their own), as a pandas DataFrame: period, unit, start, end, events."""
        pd = require("pandas", "data", "DataFrames from annales.open()")

        from .store.counts import event_counts

        return pd.DataFrame(
            event_counts(self.store, by=by, level=level, **filters),
            columns=["period", "unit", "start", "end", "events"],
        )

    def stats(self) -> dict:
        pd = require("pandas", "data", "DataFrames from annales.open()")

        from .store.query import stats

        return {k: pd.DataFrame(v) for k, v in stats(self.store).items()}

    def export(self, out: str, fmt: str = "csv", shape: str = "annales", level: str = "report", **filters):
        """Write the events in an export shape (docs/exports.md); shape 'keys' writes the reviewed articles as
        answer keys into the folder `out` instead (store/review_keys.py)."""
        if shape == "keys":
            from .store.review_keys import write_keys

            return write_keys(self.store, out)
        from .store.export import export

        return export(self.store, out, fmt=fmt, shape=shape, level=level, **filters)

    def close(self) -> None:
        self.store.close()


def open(url: str) -> Corpus:  # noqa: A001 - the library's entry point, like sqlite_utils.Database
    """Open (creating if needed) a store: a SQLite file path or a postgresql:// URL."""
    return Corpus(url)
