"""The pipeline as a whole: stages declare their data flow, and articles coded at once do not mix."""

from __future__ import annotations

import importlib.util
import json
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

import annales
from tests.conftest import ROOT

# Each resolves a possessive ("its navy") through the actor named before it, per article.
POSSESSIVES = [
    f"{country} said on {day} that its {force} {act}."
    for country, day, force, act in [
        ("Germany", "Monday", "armed forces", "attacked rebel positions in Mali"),
        ("Japan", "Tuesday", "navy", "seized a Chinese trawler"),
        ("Turkey", "Wednesday", "army", "shelled Kurdish militia positions in Syria"),
        ("India", "Thursday", "police", "arrested 40 protesters in Delhi"),
        ("Brazil", "Friday", "army", "deployed 2,000 troops to the border with Venezuela"),
        ("Kenya", "Saturday", "security forces", "detained five Somali fishermen"),
    ]
]


def _articles():
    for p in sorted((ROOT / "tests" / "articles").glob("*.txt")):
        yield p.read_text(encoding="utf-8")
    yield from POSSESSIVES


def _coded(text: str) -> str:
    return json.dumps(annales.code(text, date="2024-06-12").to_dict(), sort_keys=True)


def test_pipeline_articles_coded_on_threads_at_once_equal_one_after_the_other():
    """The API codes requests on threads: per-article state must live on the article, not in a module."""
    texts = (list(_articles()) + POSSESSIVES * 10) * 2
    sequential = [_coded(t) for t in texts]
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible, so that shared state shows
    try:
        with ThreadPoolExecutor(max_workers=6) as pool:
            concurrent = list(pool.map(_coded, texts))
    finally:
        sys.setswitchinterval(interval)
    assert concurrent == sequential


class _Recorder:
    """Records which stage reads and writes which field of the per-article object."""

    def __init__(self):
        self.stage = None
        self.reads: dict[str, set] = {}
        self.writes: dict[str, set] = {}

    def read(self, name):
        if self.stage:
            self.reads.setdefault(self.stage, set()).add(name)

    def write(self, name):
        if self.stage:
            self.writes.setdefault(self.stage, set()).add(name)


class _ResultProxy:
    def __init__(self, real, rec):
        object.__setattr__(self, "_real", real)
        object.__setattr__(self, "_rec", rec)

    def __getattr__(self, name):
        self._rec.read("result." + name)
        return getattr(self._real, name)

    def __setattr__(self, name, value):
        self._rec.write("result." + name)
        setattr(self._real, name, value)


# The trained tagger's stages are recorded too where annales[learned] is installed (the development
# environment); the plain install of .ci/run has no onnxruntime, and there the default stages are checked.
LEARNED_RUNTIME = all(importlib.util.find_spec(m) is not None for m in ("onnxruntime", "tokenizers"))


def _recording_pipeline(learned: bool = LEARNED_RUNTIME):
    from annales.pipeline import Pipeline, Work

    rec = _Recorder()

    class RecordingWork(Work):
        def __getattribute__(self, name):
            value = object.__getattribute__(self, name)
            if name == "result":
                return _ResultProxy(value, rec)
            if name in Work.__dataclass_fields__:
                rec.read(name)
            return value

        def __setattr__(self, name, value):
            rec.write(name)
            object.__setattr__(self, name, value)

    pipe = Pipeline(learned=learned)
    pipe.work_class = RecordingWork
    for stage in pipe.stages:

        def traced(work, _f=stage.func, _name=stage.name):
            rec.stage = _name
            try:
                _f(work)
            finally:
                rec.stage = None

        stage.func = traced
    return pipe, rec


def _declared(name: str, names) -> bool:
    return any(name == n or name.startswith(n + ".") or n.startswith(name + ".") for n in names)


def test_pipeline_stages_read_and_write_only_what_they_declare():
    from annales.readers import article_from_text

    pipe, rec = _recording_pipeline()
    for i, text in enumerate(list(_articles())):
        pipe(article_from_text(text, f"a{i}.txt", date="2024-06-12"))
    stages = {s.name: s for s in pipe.stages}
    always = {"article", "result", "kb"}
    problems = []
    for name, reads in rec.reads.items():
        s = stages[name]
        undeclared = {r for r in reads if r not in always and not _declared(r, s.requires + s.provides)}
        problems += [f"stage {name} reads undeclared {sorted(undeclared)}"] if undeclared else []
    for name, writes in rec.writes.items():
        s = stages[name]
        undeclared = {w for w in writes if not _declared(w, s.provides)}
        problems += [f"stage {name} writes undeclared {sorted(undeclared)}"] if undeclared else []
    assert not problems, problems


def test_pipeline_refuses_a_stage_whose_requirement_nobody_provides():
    from annales.errors import AnnalesError
    from annales.pipeline import Pipeline, Stage, default_stages

    stages = default_stages()
    events = next(s for s in stages if s.name == "events")
    with pytest.raises(AnnalesError, match=r"\[E029\].*'places'.*requires 'token_actor'"):
        Pipeline(stages=[s for s in stages if s.name != "actors"])
    with pytest.raises(AnnalesError, match=r"\[E029\].*not a field"):
        Pipeline(stages=[Stage("odd", lambda w: None, ("no_such_field",))])
    assert events.requires  # the real pipeline builds
    Pipeline()


def test_pipeline_user_actors_file_reaches_every_engine(tmp_path):
    """`--actors mine.yaml` on the command line: the file's people are known to the pipeline that codes."""
    from annales.engines import code_many
    from annales.readers import article_from_text

    mine = tmp_path / "mine.yaml"
    mine.write_text(
        "country: NLD\nroles:\n  mayor_amsterdam:\n    title: Mayor of Amsterdam\n    sector: GOV\n"
        "people:\n  - name: Femke Halsema\n    aliases: [Halsema]\n    roles:\n"
        "      - {role: mayor_amsterdam, start: 2018-07-12}\n",
        encoding="utf-8",
    )
    art = article_from_text("Femke Halsema condemned the attack on the mosque on Monday.", "t.txt", date="2024-06-12")
    docs = list(code_many([art], actors_files=(str(mine),)))
    names = {a["name"]: (a["country"], a["sector"]) for a in docs[0]["actors"]}
    assert names.get("Femke Halsema") == ("NLD", "GOV"), names


def test_pipeline_dateline_keeps_the_leads_first_word():
    """'GOMA, Feb 21 - M23 rebels seized ...': the lead's first word is the lead's, not a sentence of its own."""
    text = (
        "M23 rebels seize town in eastern Congo\n\nGOMA, Feb 21 - M23 rebels seized the town of Sake on Tuesday "
        "after heavy fighting with the Congolese army, residents said."
    )
    doc = annales.code(text, date="2024-02-21").to_dict()
    lead = [e for e in doc["events"] if e["sentence"].startswith("M23 rebels seized")]
    assert lead, [e["sentence"] for e in doc["events"]]
    assert all(e["actor"] and e["actor"]["name"] == "M23" for e in lead)
    assert not any(e["recipient"] and e["recipient"]["name"] == "M23" for e in doc["events"])


def test_pipeline_a_number_in_words_opening_the_lead_is_not_cut_at_its_hyphen():
    """'LAGOS, May 3 — Twenty-two miners were killed ...': the hyphen of 'Twenty-two' is no dateline's dash; the
    lead is one sentence and its death toll lies inside the attack's sentence (its ACLED fatalities)."""
    text = (
        "Miners killed in collapse\n\nLAGOS, May 3 — Twenty-two miners were killed on Monday when gunmen "
        "attacked a gold mine in Zamfara state, police said."
    )
    doc = annales.code(text, date="2024-05-03").to_dict()
    lead = [e for e in doc["events"] if "gunmen" in e["sentence"]]
    assert lead and all(e["sentence"].startswith("Twenty-two miners") for e in lead), [e["sentence"] for e in lead]
    killed = [q for q in doc["quantities"] if q["unit"] == "killed"]
    assert killed and any(e["start"] <= killed[0]["start"] < e["end"] for e in lead)


def test_pipeline_an_actor_of_a_dropped_event_is_no_actor_of_the_article():
    """The verifier dropped the only event that implied 'the story's country' as its recipient: the country
    stayed in the article's actors with no mention and no event."""
    doc = annales.code("The National Assembly of Kenya approved the budget on Tuesday.", date="2019-05-01")
    used = {p for e in doc.events for p in (e.actor, e.recipient)}
    assert all(a.mentions or a.actor_id in used for a in doc.actors), [(a.name, a.mentions) for a in doc.actors]
