"""annales: news articles in, source-linked PLOVER and CAMEO political event records out.

    >>> import annales
    >>> doc = annales.code("Police arrested 20 protesters in Tbilisi on Monday.", date="2024-12-03")
    >>> doc.to_dict()["events"][0]["type"]
    'COERCE'
"""

from __future__ import annotations

from functools import lru_cache

from .errors import AnnalesError
from .model import Article, CodedDocument
from .ontology import explain
from .readers import article_from_html, article_from_text, check_date, content_id

__version__ = "0.1.0"
__all__ = ["code", "explain", "Pipeline", "AnnalesError", "CodedDocument", "Article", "__version__"]


@lru_cache(maxsize=4)
def _pipeline(actors_files: tuple[str, ...] = ()):
    from .pipeline import Pipeline

    return Pipeline(actors_files=actors_files)


def Pipeline(actors_files: tuple[str, ...] = ()):  # noqa: N802 - a factory that reads like the class
    """The shared, loaded pipeline (spaCy model and knowledge base are loaded once per process)."""
    return _pipeline(tuple(actors_files))


def code(text: str, date: str | None = None, title: str | None = None, *, html: bool = False,
         id: str | None = None, url: str | None = None, source: str | None = None) -> CodedDocument:
    """Code one article's text (or HTML with html=True): returns a CodedDocument; `.to_dict()` gives
    the output contract's document. Errors in the article become `.error`, never an exception."""
    date = check_date(date, "the publication date")
    try:
        make = article_from_html if html else article_from_text
        art = make(text, "<text>", id=id or content_id(text or ""), title=title, date=date, url=url, source=source)
    except AnnalesError as err:
        art = Article(id=id or content_id(text or ""), text=text or "", title=title, date=date, url=url, source=source)
        return CodedDocument(article=art, error=err.to_dict())
    return Pipeline()(art)
