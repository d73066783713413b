"""The ordered stages over one article, and per-article error handling.

Each stage is a named callable over one `Work` object, declaring what it needs and what it adds
(spaCy's component design). A stage that fails on one article is reported and that article is
skipped; the batch goes on.
"""

from __future__ import annotations

import functools
import traceback
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from .budget import BATCH_PARSE_CHARS, DEFAULT_TIME_LIMIT, Deadline, TimeLimitExceeded, check_time_limit
from .errors import AnnalesError, warning
from .model import Article, CodedDocument
from .readers import ReadFailure


@dataclass
class Work:
    """The per-article object every stage reads and extends. Every field is declared here; each stage
    says which it requires and which it provides (`Stage`), and the pipeline checks that when it is built."""

    article: Article
    result: CodedDocument  # result.actors, .timexes, .places, .events, .quantities, .quotes: the output
    kb: Any = None  # the knowledge base (actors, roles, agent nouns), loaded once per process
    doc: Any = None  # spaCy Doc
    sents: list = field(default_factory=list)  # sentence spans, computed once (doc.sents is costly)
    sent_index: list[int] = field(default_factory=list)  # token index -> index into sents
    skip_sentences: set[int] = field(default_factory=set)  # sentence starts of page furniture
    headline: int | None = None  # index into sents of the headline (story.headline_sentence), if it has one
    registry: Any = None  # actors.resolve.ActorRegistry: the article's one registry of actors
    token_actor: dict[int, str] = field(default_factory=dict)  # token index -> actor_id
    token_group: dict[int, list[str]] = field(default_factory=dict)  # "the two neighbours" -> both actors
    main_country: str | None = None
    timex_tokens: list = field(default_factory=list)  # (first token, last token, Timex) of each expression
    token_place: dict = field(default_factory=dict)  # token index -> the place it names
    dateline: Any = None  # the dateline's place, when the article has one
    dateline_paragraph: tuple[int, int] | None = None  # character span of the dateline's paragraph
    learned_triggers: list = field(default_factory=list)  # (start, end, PLOVER type, probability) from the tagger
    deadline: Deadline = field(default_factory=Deadline)  # the article's time budget (budget.py); none by default


# What a pipeline has before its first stage runs.
INPUTS = frozenset({"article.text", "article.date", "kb", "deadline"})


@dataclass
class Stage:
    """A named step over one Work: `requires` and `provides` name Work fields ('doc', 'registry') or
    parts of the output ('result.events', 'result.events.modality')."""

    name: str
    func: Callable[[Work], None]
    requires: tuple[str, ...] = ()
    provides: tuple[str, ...] = ()


def check_stages(stages: list[Stage]) -> None:
    """Refuse a pipeline in which a stage requires what no earlier stage provides, or declares a field the
    per-article object does not have."""
    fields = set(Work.__dataclass_fields__) | {"article", "result"}
    available = set(INPUTS)
    for stage in stages:
        for name in stage.requires + stage.provides:
            if name.split(".")[0] not in fields:
                raise AnnalesError(
                    "E029", stage=stage.name, detail=f"'{name}' is not a field of the per-article object"
                )
        for need in stage.requires:
            if not any(need == a or need.startswith(a + ".") for a in available):
                raise AnnalesError(
                    "E029", stage=stage.name, detail=f"it requires '{need}', which no earlier stage provides"
                )
        available.update(stage.provides)


def default_stages(learned: bool = False, min_confidence: float | None = None) -> list[Stage]:
    """The coder's stages in order, the trained argument ranker last (it fills the actors and recipients the
    rules left empty). Events the rules did not find are added from learned triggers: by default those of the
    linear trigger classifier (the parse's features; cheap), with `learned` those of the MiniLM trigger tagger
    instead (measured on corpus dev in benchmarks/README.md: more events found, at a cost in time and
    precision, so off by default). The
    event verifier comes after everything: each event's confidence becomes its calibrated probability of
    being right, and events below the model card's keep threshold (or `min_confidence`) are left out."""
    stages = _rule_stages() + _model_stages(min_confidence)
    found, added = _learned_trigger_stages(learned)
    stages.insert([st.name for st in stages].index("actors" if learned else "events"), found)
    stages.insert([st.name for st in stages].index("modality"), added)
    return stages


def _rule_stages() -> list[Stage]:
    """The rule-based stages, parse to quotes: the parse, dateline, actors, time expressions, places, events,
    their modality, quantities and quotes."""
    from . import modality, places, quantities, quotes, timexes, unverified
    from .actors import resolve
    from .events import coder

    return [
        Stage("nlp", _run_nlp, ("article.text",), ("doc", "sents", "sent_index", "skip_sentences", "headline")),
        Stage("dateline", _find_dateline, ("article.text", "kb"), ("dateline", "dateline_paragraph")),
        Stage(
            "actors",
            resolve.resolve_actors,
            ("doc", "sents", "sent_index", "skip_sentences", "kb", "article.date", "dateline", "deadline"),
            ("result.actors", "registry", "token_actor", "token_group", "main_country"),
        ),
        Stage("time", timexes.resolve_timexes, ("doc", "article.date"), ("result.timexes", "timex_tokens")),
        Stage(
            "places",
            places.resolve_places,
            ("doc", "sents", "sent_index", "skip_sentences", "kb", "token_actor", "main_country", "dateline"),
            ("result.places", "token_place"),
        ),
        Stage(
            "events",
            coder.code_events,
            (
                "doc",
                "sents",
                "sent_index",
                "skip_sentences",
                "result.actors",
                "registry",
                "token_actor",
                "token_group",
                "main_country",
                "timex_tokens",
                "token_place",
                "dateline",
                "dateline_paragraph",
                "deadline",
            ),
            ("result.events",),
        ),
        Stage(
            "modality",
            modality.assign_modality,
            ("result.events", "article.date", "article.text", "result.timexes", "dateline_paragraph"),
            ("result.events.modality", "result.events.date"),
        ),
        Stage(
            "quantities",
            quantities.extract_quantities,
            (
                "headline",
                "doc",
                "sents",
                "skip_sentences",
                "result.actors",
                "timex_tokens",
                "token_actor",
                "token_place",
                "main_country",
                "deadline",
            ),
            ("result.quantities",),
        ),
        Stage(
            "quotes",
            quotes.extract_quotes,
            ("doc", "sents", "sent_index", "skip_sentences", "result.actors", "token_actor", "registry", "deadline"),
            ("result.quotes",),
        ),
        Stage(
            "unverified",
            unverified.mark_unverified,
            ("sents", "skip_sentences", "article.text", "result.events", "result.quantities", "result.quotes"),
            ("result.events.modality", "result.quantities.modality"),
        ),
    ]


def _model_stages(min_confidence: float | None) -> list[Stage]:
    """The stages after the rules: the PLOVER boundary rules, then the trained models (argument ranker, event
    places, and the event verifier, which drops events below the keep threshold or `min_confidence`)."""
    from . import quantity_events
    from .events import boundaries
    from .learned import arguments, event_places, verifier

    return [
        Stage(
            "boundaries",
            boundaries.apply_plover_rules,
            ("headline", "doc", "sents", "sent_index", "result.events", "result.actors", "registry", "token_actor"),
            ("result.events",),
        ),
        Stage(
            "arguments",
            arguments.rerank_arguments,
            (
                "article.text",
                "headline",
                "skip_sentences",
                "doc",
                "sents",
                "sent_index",
                "token_actor",
                "dateline",
                "dateline_paragraph",
                "result.actors",
                "result.events",
            ),
            ("result.events",),
        ),
        Stage(
            "event_places",
            event_places.rank_event_places,
            ("sents", "sent_index", "token_place", "token_actor", "dateline", "result.actors", "result.events"),
            ("result.events",),
        ),
        Stage(
            "verifier",
            functools.partial(verifier.verify_events, min_confidence=min_confidence),
            ("article.text", "sent_index", "result.actors", "result.events", "result.quantities"),
            ("result.events",),
        ),
        Stage(
            "quantity_events",
            quantity_events.link_quantities,
            ("article.text", "sents", "result.events", "result.quantities"),
            ("result.quantities.event",),
        ),
        Stage(
            "unused_actors",
            _drop_unused_actors,
            ("result.actors", "result.events", "result.quotes"),
            ("result.actors",),
        ),
    ]


def _drop_unused_actors(work: Work) -> None:
    """Leave out the actors the text never mentions that no kept event, quote or spokesperson refers to: a
    party implied for an event the verifier dropped ("the story's country") is no actor of the article."""
    res = work.result
    used = {p for e in res.events for p in (e.actor, e.recipient)} | {p for q in res.quotes for p in (q.speaker, q.via)}
    used |= {getattr(a, "speaks_for", None) for a in res.actors}
    res.actors = [a for a in res.actors if a.mentions or a.actor_id in used]


def _learned_trigger_stages(learned: bool) -> tuple[Stage, Stage]:
    """The stage that finds learned triggers (the MiniLM tagger with `learned`, else the linear classifier)
    and the stage that adds the events they mark which the rules did not find."""
    from .learned import trigger_classifier, triggers
    from .learned.tagger import require_runtime

    if learned:
        require_runtime()  # a missing annales[learned] is an error at start-up, not on every article
        found = Stage(
            "triggers", triggers.predict_triggers, ("article.text", "sents", "skip_sentences"), ("learned_triggers",)
        )
    else:  # the linear trigger classifier: the parse's features, cheap enough to run on every article
        found = Stage(
            "trigger_classifier",
            trigger_classifier.classify_triggers,
            ("sents", "skip_sentences"),
            ("learned_triggers",),
        )
    added = Stage(
        "learned_events",
        functools.partial(triggers.add_learned_events, source="trigger model" if learned else "trigger classifier"),
        (
            "doc",
            "sents",
            "sent_index",
            "skip_sentences",
            "token_actor",
            "timex_tokens",
            "token_place",
            "learned_triggers",
            "result.events",
        ),
        ("result.events",),
    )
    return found, added


def _find_dateline(work: Work) -> None:
    from .gazetteer import find_dateline

    found = find_dateline(work.article.text, work.kb)
    work.dateline, work.dateline_paragraph = found if found else (None, None)


def _run_nlp(work: Work) -> None:
    from . import nlp
    from .boilerplate import furniture_lines
    from .story import headline_sentence

    if work.doc is None:  # code_batch parses ahead with nlp.pipe
        work.doc = nlp.parse(work.article.text)
    lines = furniture_lines(work.article.text)  # sorted, not overlapping
    line_starts = [a for a, _ in lines]
    work.sents = list(work.doc.sents)
    work.sent_index = [0] * len(work.doc)
    for k, sent in enumerate(work.sents):
        for i in range(sent.start, sent.end):
            work.sent_index[i] = k
        line = bisect_right(line_starts, sent.start_char) - 1  # the one furniture line it may start in
        if line >= 0 and sent.start_char < lines[line][1]:
            work.skip_sentences.add(sent.start)
    work.headline = headline_sentence(work)


class Pipeline:
    """annales' coder: `Pipeline()(article)` -> CodedDocument."""

    work_class = Work  # the per-article object's class (a test substitutes one that records reads)

    def __init__(
        self,
        stages: list[Stage] | None = None,
        actors_files: tuple[str, ...] = (),
        learned: bool = False,
        min_confidence: float | None = None,
        time_limit: float | None = DEFAULT_TIME_LIMIT,
    ):
        """`time_limit`: seconds one article may take before it gets error E049 (None: no limit);
        `min_confidence`: the event verifier's floor (None: its model card's keep threshold)."""
        from .actors import kb
        from .gazetteer import gazetteer

        self.time_limit = check_time_limit(time_limit)
        self.stages = stages or default_stages(learned=learned, min_confidence=min_confidence)
        check_stages(self.stages)
        self.kb = kb.load(tuple(actors_files))
        gazetteer()  # loaded with the model, not on the first article

    @property
    def stage_names(self) -> list[str]:
        return [s.name for s in self.stages]

    def __call__(self, article: Article, doc=None, deadline: Deadline | None = None) -> CodedDocument:
        """The article coded. `deadline`: its own budget (made when a request arrived, cancellable), instead
        of the pipeline's time_limit from now."""
        from .nlp import guess_language

        result = CodedDocument(article=article)
        lang = guess_language(article.text)
        if lang != "en":
            article.language = lang
            result.error = AnnalesError("E006", path=article.path or article.id, language=lang).to_dict()
            return result
        if not article.date:
            # relative dates ("on Tuesday") then stay unresolved: the user can fix it with --date
            result.warnings.append(warning("W002", path=article.path or article.id))
        deadline = deadline or Deadline(self.time_limit, article.path or article.id)
        work = self.work_class(article=article, result=result, kb=self.kb, doc=doc, deadline=deadline)
        for stage in self.stages:
            try:
                stage.func(work)
                deadline.check(stage.name)
            except TimeLimitExceeded as exc:  # over its budget: this article only, the batch goes on
                result.error = exc.to_dict()
                result.events = []
                return result
            except Exception as exc:  # one article's failure never stops a batch
                detail = f"{exc.__class__.__name__}: {exc}"
                result.error = AnnalesError(
                    "E012", stage=stage.name, path=article.path or article.id, detail=detail
                ).to_dict()
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
        # a long text is parsed in its own turn, within its own time budget (budget.py)
        todo = {
            i: it.text
            for i, it in enumerate(items)
            if isinstance(it, Article) and len(it.text) <= BATCH_PARSE_CHARS and guess_language(it.text) == "en"
        }
        docs = {}
        try:
            for i, doc in zip(todo, nlp.parse_many(todo.values(), batch_size=batch_size), strict=True):
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
