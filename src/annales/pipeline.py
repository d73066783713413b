"""The ordered stages over one article, and per-article error handling.

Each stage is a named callable over one `Work` object, declaring what it needs and what it adds
(spaCy's component design). A stage that fails on one article is reported and that article is
skipped; the batch goes on.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from .errors import AnnalesError
from .model import Article, CodedDocument
from .readers import ReadFailure


@dataclass
class Work:
    """The per-article object every stage reads and extends."""

    article: Article
    result: CodedDocument
    doc: Any = None  # spaCy Doc
    token_actor: dict[int, str] = field(default_factory=dict)  # token index -> actor_id
    main_country: str | None = None
    skip_sentences: set[int] = field(default_factory=set)  # sentence starts of page furniture
    kb: Any = None
    sents: list = field(default_factory=list)  # sentence spans, computed once (doc.sents is costly)
    sent_index: list[int] = field(default_factory=list)  # token index -> index into sents
    token_group: dict[int, list[str]] = field(default_factory=dict)  # "the two neighbours" -> both actors


@dataclass
class Stage:
    name: str
    func: Callable[[Work], None]
    requires: tuple[str, ...] = ()
    provides: tuple[str, ...] = ()


def default_stages() -> list[Stage]:
    from . import modality, places, quantities, quotes, timexes
    from .actors import resolve
    from .events import boundaries, coder

    return [
        Stage("nlp", _run_nlp, ("article.text",), ("doc", "skip_sentences")),
        Stage("actors", resolve.resolve_actors, ("doc",), ("actors", "token_actor", "main_country")),
        Stage("time", timexes.resolve_timexes, ("doc", "article.date"), ("timexes",)),
        Stage("places", places.resolve_places, ("doc",), ("places",)),
        Stage("events", coder.code_events, ("doc", "actors", "timexes", "places"), ("events",)),
        Stage("modality", modality.assign_modality, ("events", "timexes"), ("events.modality",)),
        Stage("quantities", quantities.extract_quantities, ("doc", "timexes", "actors"), ("quantities",)),
        Stage("quotes", quotes.extract_quotes, ("doc", "actors"), ("quotes",)),
        Stage("boundaries", boundaries.apply_plover_rules, ("events",), ("events",)),
    ]


def _run_nlp(work: Work) -> None:
    from . import nlp
    from .boilerplate import furniture_lines

    if work.doc is None:  # code_batch parses ahead with nlp.pipe
        work.doc = nlp.load()(work.article.text)
    lines = furniture_lines(work.article.text)
    work.sents = list(work.doc.sents)
    work.sent_index = [0] * len(work.doc)
    for k, sent in enumerate(work.sents):
        for i in range(sent.start, sent.end):
            work.sent_index[i] = k
        if any(a <= sent.start_char < b for a, b in lines):
            work.skip_sentences.add(sent.start)


class Pipeline:
    """annales' coder: `Pipeline()(article)` -> CodedDocument."""

    def __init__(self, stages: list[Stage] | None = None, actors_files: tuple[str, ...] = ()):
        from .actors import kb
        from .places import gazetteer

        self.stages = stages or default_stages()
        self.kb = kb.load(tuple(actors_files))
        gazetteer()  # loaded with the model, not on the first article

    @property
    def stage_names(self) -> list[str]:
        return [s.name for s in self.stages]

    def __call__(self, article: Article, doc=None) -> CodedDocument:
        from .nlp import guess_language

        result = CodedDocument(article=article)
        lang = guess_language(article.text)
        if lang != "en":
            article.language = lang
            result.error = AnnalesError("E006", path=article.path or article.id, language=lang).to_dict()
            return result
        work = Work(article=article, result=result, kb=self.kb, doc=doc)
        for stage in self.stages:
            try:
                stage.func(work)
            except Exception as exc:  # one article's failure never stops a batch
                detail = f"{exc.__class__.__name__}: {exc}"
                result.error = AnnalesError("E012", stage=stage.name, path=article.path or article.id,
                                            detail=detail).to_dict()
                result.error["traceback"] = traceback.format_exc(limit=5)
                result.events = []
                return result
        return result

    def code_all(self, items: Iterable[Article | ReadFailure]) -> Iterator[CodedDocument]:
        for item in items:
            yield self.code_item(item)

    def code_batch(self, items: list[Article | ReadFailure], batch_size: int = 16) -> Iterator[CodedDocument]:
        """Like code_all, parsing the batch's texts together (spaCy's nlp.pipe is faster per article)."""
        from . import nlp
        from .nlp import guess_language

        items = list(items)
        todo = [i for i, it in enumerate(items) if isinstance(it, Article) and guess_language(it.text) == "en"]
        docs = {}
        try:
            for i, doc in zip(todo, nlp.load().pipe((items[i].text for i in todo), batch_size=batch_size), strict=True):
                docs[i] = doc
        except Exception:  # a parser failure on one text: fall back to one at a time
            docs = {}
        for i, it in enumerate(items):
            if isinstance(it, ReadFailure):
                yield self.code_item(it)
            else:
                yield self(it, doc=docs.get(i))

    def code_item(self, item: Article | ReadFailure) -> CodedDocument:
        if isinstance(item, ReadFailure):
            art = Article(id=item.id, text="", title=item.title, date=item.date, path=item.path)
            return CodedDocument(article=art, error=item.error.to_dict())
        return self(item)
