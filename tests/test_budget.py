"""Bounded work per article (issue 15): pathological text is cut before the parser without moving any
offset, no sentence runs on without end, and an article over its time limit gets error E049 while the
rest of the batch is coded, in every engine."""

from __future__ import annotations

import json
import time

import pytest

import annales
from annales import nlp, pipeline
from annales.model import Article
from tests.conftest import ROOT, missing_dependency

ARTICLE = (ROOT / "tests" / "articles" / "01-airstrike.txt").read_text(encoding="utf-8")


def test_nlp_tokenizer_text_cuts_runs_and_stretches_at_the_same_length():
    assert nlp.tokenizer_text("Stop!!!!!!!!!!!! now ____________ ok...") == "Stop!!!!!!!!     now ________     ok..."
    blob = "ab" * 250  # 500 characters without whitespace: a space every 200
    cut = nlp.tokenizer_text(blob)
    assert len(cut) == 500 and [len(w) for w in cut.split(" ")] == [200, 200, 98]
    assert cut.replace(" ", "") == blob[:200] + blob[201:401] + blob[402:]
    normal = 'https://www.example.com/world/2024/06/12/a-long-but-normal-address.html said: "No!" (AP) -- done.'
    assert nlp.tokenizer_text(normal) == normal


@pytest.mark.parametrize("char", ["!", ")", "&", "%", "_", "\U0001f600"])
def test_budget_16_kb_of_one_punctuation_codes_well_under_5_s(char):
    """Each took 20 s or more in spaCy's tokenizer before it was cut (quadratic)."""
    annales.code("Police arrested 20 protesters in Tbilisi on Monday.", date="2024-12-03")  # models loaded
    start = time.perf_counter()
    doc = annales.code(char * 16_000, date="2024-06-12").to_dict()
    assert time.perf_counter() - start < 5
    assert doc["error"] is None and doc["events"] == []


def test_budget_punctuation_run_inside_an_article_keeps_its_events_and_offsets():
    cut = ARTICLE.index("\n\n", len(ARTICLE) // 2)
    run = "\n\n" + "!" * 16_000
    hostile = ARTICLE[:cut] + run + ARTICLE[cut:]
    plain = annales.code(ARTICLE, date="2024-06-12").to_dict()
    start = time.perf_counter()
    doc = annales.code(hostile, date="2024-06-12").to_dict()
    assert time.perf_counter() - start < 5
    assert doc["error"] is None and len(doc["events"]) == len(plain["events"]) >= 8

    def shifted(e):  # an event after the run: its offsets move by the run's length, nothing else
        return len(run) if e["start"] >= cut else 0

    assert [(e["type"], e["sentence"], e["start"] + shifted(e), e["trigger"]) for e in plain["events"]] == [
        (e["type"], e["sentence"], e["start"], e["trigger"]) for e in doc["events"]
    ]
    for e in doc["events"]:  # offsets point into the text as given
        assert hostile[e["start"] : e["end"]] == e["sentence"]
        assert hostile[e["trigger_start"] : e["trigger_end"]] == e["trigger"]


def test_nlp_a_line_without_sentence_breaks_is_cut_into_bounded_sentences():
    """One 40,000-character 'sentence' of clauses: the stages' per-sentence work made it quadratic (30 s at
    58,000 characters); now no sentence runs past 2 x LONG_LINE tokens and it codes in seconds."""
    text = "Police arrested protesters and soldiers shelled the town, " * 700
    doc = nlp.parse(text)
    assert max(len(s) for s in doc.sents) <= 2 * nlp.LONG_LINE
    start = time.perf_counter()
    coded = annales.code(text, date="2024-06-12").to_dict()
    assert time.perf_counter() - start < 20
    assert coded["error"] is None and {e["type"] for e in coded["events"]} >= {"ASSAULT"}


def test_actors_entities_of_a_phrase_found_by_bisection_equal_a_full_scan():
    from annales.actors.resolve import ActorResolver
    from annales.model import CodedDocument
    from annales.pipeline import Work

    article = Article(id="a", text=ARTICLE * 3, date="2024-06-12")
    work = Work(
        article=article,
        result=CodedDocument(article=article),
        kb=annales.default_pipeline().kb,
        doc=nlp.parse(article.text),
    )
    resolver = ActorResolver(work)
    spans = list(work.doc.noun_chunks) + [work.doc[i : i + 3] for i in range(0, len(work.doc) - 3, 7)]
    assert len(work.doc.ents) > 30
    for span in spans:
        expected = [e for e in work.doc.ents if e.start < span.end and e.end > span.start]
        assert resolver.entities_overlapping(span.start, span.end) == expected, span.text


# -- the per-article time limit ----------------------------------------------------------------------------

SLOW_MARK = "SLOWARTICLE"


def _slow_stage(work) -> None:
    """A stage that never finishes on a marked article: it only stops when the deadline does."""
    while SLOW_MARK in work.article.text:
        work.deadline.check("slow")
        time.sleep(0.02)


@pytest.fixture
def slow_stage(monkeypatch):
    """Every pipeline built from now on (also in forked workers) has the never-ending stage last."""
    original = pipeline.default_stages
    monkeypatch.setattr(
        pipeline,
        "default_stages",
        lambda learned=False, **kw: (
            original(learned, **kw) + [pipeline.Stage("slow", _slow_stage, ("article.text", "deadline"))]
        ),
    )


def _batch() -> list[Article]:
    texts = [
        "Police arrested 12 protesters in Nairobi on Monday.",
        f"{SLOW_MARK}: rebels attacked Gao on Monday.",
        "Rebels attacked an army base near Gao on Monday.",
    ]
    return [Article(id=f"a{i}", text=t, date="2024-06-12") for i, t in enumerate(texts)]


@pytest.mark.parametrize("workers", [1, 2])
def test_budget_article_over_its_time_limit_gets_e032_and_the_batch_goes_on(slow_stage, workers):
    from annales.engines import code_many

    start = time.perf_counter()
    docs = list(code_many(_batch(), workers=workers, time_limit=1.5))
    assert time.perf_counter() - start < 60
    assert [d["article"]["id"] for d in docs] == ["a0", "a1", "a2"]
    assert [d["error"]["code"] if d["error"] else None for d in docs] == [None, "E049", None]
    assert docs[1]["error"]["message"].startswith(
        "[E049] Could not code 'a1' within its time limit of 1.5 s: stopped in stage 'slow' after 1."
    )
    assert docs[1]["events"] == []
    assert [e["type"] for e in docs[0]["events"]] == ["COERCE"] and [e["type"] for e in docs[2]["events"]] == [
        "ASSAULT"
    ]


def test_budget_no_time_limit_means_none(slow_stage):
    from annales.budget import check_time_limit
    from annales.errors import AnnalesError

    assert pipeline.Pipeline(time_limit=0).time_limit is None
    assert check_time_limit(None) is None and check_time_limit(2) == 2.0
    with pytest.raises(AnnalesError, match=r"\[E050\] Invalid --time-limit '-1'"):
        check_time_limit(-1)


def test_budget_long_stages_check_their_deadline_inside_their_loops(monkeypatch):
    """A deadline checked only between stages would let one stage run on: the long ones check per sentence,
    phrase or quote."""
    from annales.budget import Deadline

    checks: dict[str, int] = {}
    real = Deadline.check

    def counting(self, stage):
        checks[stage] = checks.get(stage, 0) + 1
        real(self, stage)

    monkeypatch.setattr(Deadline, "check", counting)
    pipe = pipeline.Pipeline()
    pipe(Article(id="a", text=ARTICLE, date="2024-06-12"))
    n_sents = len(list(nlp.parse(ARTICLE).sents))
    assert checks["events"] >= n_sents and checks["quantities"] >= n_sents
    assert checks["actors"] > n_sents and checks["quotes"] >= 2
    assert all(checks[s] >= 1 for s in pipe.stage_names)  # and once after every stage


def test_budget_time_limit_reaches_the_ray_actor(slow_stage):
    """The Ray pool actor runs the same pipeline with the same limit (run here in-process)."""
    pytest.importorskip("ray")
    from annales.ray_engine import _PipelineActor, articles_table

    out = _PipelineActor((), False, 1.0)(articles_table(_batch())).to_pylist()
    errors = [json.loads(r["document"])["error"] for r in out]
    assert [e["code"] if e else None for e in errors] == [None, "E049", None]


def test_budget_cli_time_limit(tmp_path):
    from tests.test_batch import run_cli

    p = tmp_path / "a.txt"
    p.write_text("Police arrested 12 protesters in Nairobi on Monday, officials said.")
    r = run_cli("code", str(p), "--time-limit", "-3")
    assert r.returncode == 2 and "[E050] Invalid --time-limit '-3.0'" in r.stderr.decode()
    r = run_cli("code", str(p), "--time-limit", "0.000001", "--format", "jsonl")
    assert r.returncode == 1 and "[E049] Could not code" in r.stderr.decode()


def test_budget_each_article_has_its_own_deadline_on_threads_at_once():
    """The API codes requests on threads: an article whose budget is spent (or whose request gave up) stops,
    the others coded at the same time are untouched."""
    from concurrent.futures import ThreadPoolExecutor

    from annales.budget import Deadline

    pipe = annales.default_pipeline()
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests" / "articles").glob("*.txt"))][:6]

    def coded(k_text, cancelled=False):
        k, text = k_text
        deadline = Deadline(None, f"a{k}")
        if cancelled:
            deadline.cancel()
        doc = pipe(Article(id=f"a{k}", text=text, date="2024-06-12"), deadline=deadline).to_dict()
        return json.dumps(doc, sort_keys=True)

    sequential = [coded(kt) for kt in enumerate(texts)]
    with ThreadPoolExecutor(max_workers=6) as pool:
        jobs = [(pool.submit(coded, kt), pool.submit(coded, kt, True)) for kt in list(enumerate(texts)) * 2]
        results = [(a.result(), b.result()) for a, b in jobs]
    assert [a for a, _ in results] == sequential * 2
    assert {json.loads(b)["error"]["code"] for _, b in results} == {"E049"}


def test_budget_annales_code_takes_a_time_limit():
    doc = annales.code(
        "Police arrested 12 protesters in Nairobi on Monday.", date="2024-06-12", time_limit=1e-9, errors="record"
    )
    assert doc.error["code"] == "E049" and doc.events == []
    with pytest.raises(annales.AnnalesError, match=r"\[E049\] Could not code '<text>' within its time limit"):
        annales.code("Police arrested 12 protesters in Nairobi on Monday.", date="2024-06-12", time_limit=1e-9)
    doc = annales.code("Police arrested 12 protesters in Nairobi on Monday.", date="2024-06-12", time_limit=None)
    assert doc.error is None and [e.type for e in doc.events] == ["COERCE"]


def test_places_and_quotes_overlap_by_bisection_equal_a_full_scan():
    import random

    from annales.places import _Places
    from annales.quotes import _overlaps_quote

    rng = random.Random(3)
    covered, pos = [], 0
    while pos < 5_000:
        pos += rng.randint(1, 60)
        length = rng.randint(2, 40)
        covered.append((pos, pos + length))
        pos += length
    starts = [a for a, _ in covered]
    places = _Places()
    for start in rng.sample(range(5_000), 300):
        places.append(type("P", (), {"start": start})())
    for _ in range(3_000):
        s = rng.randint(0, 5_100)
        e = s + rng.randint(1, 80)
        assert _overlaps_quote(covered, starts, s, e) == any(a <= s < b or s <= a < e for a, b in covered), (s, e)
        assert places.any_start_in(s, e) == any(s <= p.start < e for p in places), (s, e)


def test_engines_a_worker_whose_pipeline_cannot_be_built_stops_the_run(monkeypatch):
    """A pool worker that fails to start raises in the caller instead of being restarted forever (a hang)."""
    from annales.engines import code_many

    def broken(*args, **kwargs):
        raise RuntimeError("no pipeline here")

    monkeypatch.setattr(pipeline, "Pipeline", broken)
    with pytest.raises(RuntimeError, match="no pipeline here"):
        list(code_many(_batch(), workers=2))


def test_budget_ingest_passes_its_time_limit_to_every_engine(tmp_path, monkeypatch):
    """ingest's time limit reaches each way it codes: the local engine, and on Ray the pool fed by the driver,
    the workers that read the files themselves, and the dataset writers (each replaced by a recorder here: the
    Ray actors' use of the limit is the test above)."""
    try:
        from annales import ray_engine
    except ImportError:
        missing_dependency("Ray tests: Ray is not installed (pip install -e '.[ray]'; make install does it)")
    from annales.store import ingest as ingest_module

    seen: list[tuple[str, float | None]] = []

    def recorder(name, result):
        def record(*args, **kwargs):
            seen.append((name, kwargs.get("time_limit")))
            return result

        return record

    def coder(items, **kwargs):
        seen.append((f"code_many {kwargs.get('engine', 'local')}", kwargs.get("time_limit")))
        return iter([])

    counts = {"read": 0, "skipped": 0, "coded": 0, "failed": 0, "events": 0, "clusters": 0}
    monkeypatch.setattr(ingest_module, "code_many", coder)
    monkeypatch.setattr(ray_engine, "iter_shard_records", recorder("iter_shard_records", []))
    monkeypatch.setattr(ray_engine, "shard_records", recorder("shard_records", None))
    monkeypatch.setattr(ray_engine, "write_records_ray", lambda *a, **kw: counts)
    monkeypatch.setattr(ray_engine, "write_dataset_ray", recorder("write_dataset_ray", counts))
    rows = tmp_path / "rows"  # files the Ray workers can read themselves
    rows.mkdir()
    (rows / "a.jsonl").write_text('{"text": "Rebels attacked Gao on Monday."}\n')
    mixed = tmp_path / "mixed"  # a file with no suffix gets an error row the driver writes: read on the driver
    mixed.mkdir()
    (mixed / "a.txt").write_text("Rebels attacked Gao on Monday.")
    (mixed / "NOSUFFIX").write_text("x")
    from annales.store.ingest import ingest

    for n, (path, engine, to_dataset) in enumerate(
        [
            (rows, "local", False),
            (rows, "ray", False),
            (mixed, "ray", False),
            (rows, "local", True),
            (rows, "ray", True),
            (mixed, "ray", True),
        ]
    ):
        where = {"out": str(tmp_path / f"out{n}")} if to_dataset else {"db": str(tmp_path / f"e{n}.db")}
        ingest([str(path)], engine=engine, time_limit=7.5, **where)
    assert seen == [
        ("code_many local", 7.5),
        ("iter_shard_records", 7.5),
        ("code_many ray", 7.5),
        ("code_many local", 7.5),
        ("shard_records", 7.5),
        ("write_dataset_ray", 7.5),
    ]
