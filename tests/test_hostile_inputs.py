"""The fuzz suite of issue 15: a generated corpus of 2,000+ hostile inputs (tests/hostile_corpus.py) and
hypothesis-made rows and bytes, through the readers, `annales code` and `ingest` on SQLite and
PostgreSQL, on the local engine and on Ray: no batch crashes, every input accounted for, every input
within its time limit, no traceback reaches the user, and Ray's results equal the local engine's."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annales.model import Article
from annales.readers import ReadFailure, article_from_row, read_inputs, read_jsonl
from annales.records import json_line
from annales.store import Store
from annales.store.ingest import ingest
from tests.conftest import ROOT, missing_dependency
from tests.hostile_corpus import FIELDS, TEXTS, build, unaccounted
from tests.test_store import db_url  # noqa: F401 - the SQLite/PostgreSQL fixture

N_ROWS = 2_000
TIME_LIMIT = "30"  # seconds per input: each of them must finish within it (no E049)
RAY_MISSING = "Ray tests: Ray is not installed (pip install -e '.[ray]'; make install does it)"
ENGINES = {"local": ["--workers", "1"], "ray": ["--engine", "ray", "--workers", "2"]}
CODED: dict[str, list[dict]] = {}  # each engine's documents of the corpus, to compare Ray's with the local engine's


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return build(tmp_path_factory.mktemp("hostile"), N_ROWS)


@pytest.fixture(scope="module")
def items(corpus):
    return list(read_inputs([str(corpus.root)], max_chars=corpus.max_chars))


def _assert_storable(article: Article) -> None:
    """An article every output and store can hold: UTF-8 encodable, no NUL, fields of the right types."""
    for name in ("id", "text", "title", "date", "url", "source", "path"):
        value = getattr(article, name)
        assert value is None or isinstance(value, str), (name, value)
    line = json_line(article.to_dict(with_text=True))
    assert "\x00" not in line and "\\u0000" not in line
    line.encode("utf-8")
    assert len(line.splitlines()) == 1


def test_hostile_corpus_every_input_accounted_for_by_the_readers(corpus, items):
    assert len(corpus.inputs) >= 2_000 and len(corpus.kinds) >= 38
    assert unaccounted(corpus, [i.path for i in items]) == []
    for item in items:
        if isinstance(item, Article):
            _assert_storable(item)
        else:
            assert _names_its_input(item), item.error.message


def _names_its_input(failure: ReadFailure) -> bool:
    """Whether an error's message names its input: the file, and for a row, its line."""
    message = failure.error.message
    if f"'{failure.path}'" in message:
        return True
    file, _, line = failure.path.rpartition(":")
    return f"'{file}' line {line}:" in message or f"line {line} of {file}:" in message


def _require_ray() -> None:
    try:
        import ray  # noqa: F401
    except ImportError:
        missing_dependency(RAY_MISSING)


def _cli(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run([sys.executable, "-m", "annales.cli", *args], capture_output=True, env=env, timeout=timeout)


@pytest.mark.parametrize("engine", list(ENGINES))
def test_hostile_corpus_through_code_gives_one_line_per_input_and_no_traceback(corpus, items, engine):
    if engine == "ray":
        _require_ray()
    run = _cli(
        "code",
        str(corpus.root),
        "--format",
        "jsonl",
        "--max-chars",
        str(corpus.max_chars),
        "--time-limit",
        TIME_LIMIT,
        *ENGINES[engine],
    )
    stderr = run.stderr.decode("utf-8")
    assert run.returncode == 0, stderr[-2000:]
    assert "Traceback" not in stderr
    lines = run.stdout.decode("utf-8").splitlines()  # splits on U+2028 too: the output must escape it
    docs = [json.loads(line) for line in lines]
    assert [d["article"]["id"] for d in docs] == [i.id for i in items]
    failed = {i.id for i in items if isinstance(i, ReadFailure)}
    assert {d["article"]["id"] for d in docs if d["error"]} >= failed
    assert sum(1 for d in docs if not d["error"]) >= 50  # the hostile rows that are valid were coded
    assert [d["input"] for d in docs if (d["error"] or {}).get("code") == "E049"] == []  # each within its limit
    CODED[engine] = docs
    if engine == "ray" and "local" in CODED:
        assert docs == CODED["local"]  # document for document, in input order


def test_hostile_rows_on_standard_input_through_code_give_one_line_each():
    rows = [
        b'{"id": "a", "text": "%s"}' % TEXTS[0].encode(),
        b"[" * 100_000,
        b'{"id": ' + b"9" * 5000 + b"}",
        b'{"text": "\xff\xfe"}',
        b'"text"',
        b'{"id": "s", "title": "\\ud800", "text": "%s"}' % TEXTS[1].encode(),
        b'{"id": "n", "text": "%s\\u0000"}' % TEXTS[2].encode(),
        b"",
        b'{"id": "z", "text": "%s"}' % TEXTS[3].encode(),
    ]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    run = subprocess.run(
        [sys.executable, "-m", "annales.cli", "code", "-", "--format", "jsonl"],
        input=b"\n".join(rows),
        capture_output=True,
        env=env,
        timeout=300,
    )
    stderr = run.stderr.decode("utf-8")
    assert run.returncode == 0 and "Traceback" not in stderr, stderr[-2000:]
    docs = [json.loads(line) for line in run.stdout.decode("utf-8").splitlines()]
    assert [(d["article"]["id"], (d["error"] or {}).get("code")) for d in docs] == [
        ("a", None),
        ("<stdin>:2", "E007"),
        ("<stdin>:3", "E007"),
        ("<stdin>:4", "E007"),
        ("<stdin>:5", "E007"),
        ("s", None),
        ("n", None),
        ("z", None),
    ]
    assert docs[5]["article"]["title"] == "\ufffd"


def test_hostile_corpus_through_ingest_on_both_stores_twice(corpus, items, db_url):  # noqa: F811
    first = ingest([str(corpus.root)], db_url, workers=1, max_chars=corpus.max_chars)
    assert first.read == len(items)
    assert first.coded + first.skipped + first.failed == first.read
    assert first.failed >= sum(isinstance(i, ReadFailure) for i in items)
    again = ingest([str(corpus.root)], db_url, workers=1, max_chars=corpus.max_chars)
    assert (again.read, again.coded, again.skipped, again.failed) == (
        first.read,
        0,
        first.coded + first.skipped,
        first.failed,
    )
    with Store.open(db_url) as store:
        assert store.count("articles") == first.coded
        assert store.count("errors") == first.failed
        paths = {r["path"] for r in store.query("SELECT path FROM errors")}
    assert {i.path for i in items if isinstance(i, ReadFailure)} <= paths


# -- hypothesis: rows and bytes no one thought of ----------------------------------------------------------

ANY_CHAR = st.characters(exclude_categories=())  # surrogates and NUL included
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(ANY_CHAR, max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=8,
)
FIELD_VALUES = st.one_of(
    JSON_VALUES,
    st.text(ANY_CHAR, max_size=80),
    st.sampled_from(TEXTS),
    st.sampled_from(["2020-12-17", "2020-12-17T10:00:00Z", "2020-12-17garbage", ""]),
)
ROWS = st.dictionaries(st.sampled_from(FIELDS + ("extra",)), FIELD_VALUES, max_size=7)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(row=st.one_of(ROWS, JSON_VALUES))
def test_hostile_any_row_is_an_article_or_an_error_naming_its_line(row):
    if isinstance(row, dict) and isinstance(row.get("html"), str) and not isinstance(row.get("text"), str):
        row = {**row, "html": None}  # the HTML extractor's cost is not what this test is about
    item = article_from_row(row, "feed.jsonl", 7, max_chars=500)
    if isinstance(item, Article):
        _assert_storable(item)
        assert item.path == "feed.jsonl:7"
    else:
        assert item.path == "feed.jsonl:7"
        assert "feed.jsonl" in item.error.message and ("line 7" in item.error.message or ":7" in item.error.message)


TEXT_ROWS = st.dictionaries(
    st.sampled_from(("id", "title", "url", "source", "date", "text", "extra")), FIELD_VALUES, max_size=7
)  # no HTML: the extractor's cost is not what these tests are about
LINES = st.lists(
    st.one_of(
        st.binary(max_size=120),
        TEXT_ROWS.map(lambda r: json.dumps(r).encode("utf-8", "surrogatepass")),
        st.integers(1, 3000).map(lambda n: b"[" * n),
    ),
    max_size=12,
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines=LINES)
def test_hostile_any_bytes_give_one_item_per_nonblank_line(lines):
    lines = [line.replace(b"\n", b" ") for line in lines]
    expected = [f"s.jsonl:{n}" for n, line in enumerate(lines, 1) if line.strip()]
    items = [i for i in read_jsonl(io.BytesIO(b"\n".join(lines)), "s.jsonl", max_chars=200)]
    assert [i.path for i in items] == expected
    for item in items:
        if isinstance(item, Article):
            _assert_storable(item)


@pytest.fixture(scope="module")
def ray_cluster():
    """A local Ray of 2 CPUs in this process, for the ingest tests below (`annales ingest` has no --max-chars,
    which the corpus is made for, so they call ingest itself); shut down after them."""
    _require_ray()
    import ray

    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
    yield
    ray.shutdown()


@pytest.mark.parametrize("where", ["whole corpus: read on the driver", "row files: read by the workers"])
def test_hostile_corpus_ingested_on_ray_gives_the_local_engines_store(
    corpus, items, postgres_url, tmp_path, where, ray_cluster
):
    """Ingest on Ray of every hostile input: the whole corpus (its folder of hostile files makes the driver read
    the inputs and the pool code them) into PostgreSQL, and the JSON Lines files alone (read by the Ray workers
    themselves, the .gz one included) into SQLite; run twice. The counts and the store's checksum equal those
    of the local engine on the same inputs (the checksum is the same on both databases)."""
    import uuid

    import psycopg

    if where.startswith("whole"):
        paths = [str(corpus.root)]
        name = "t_" + uuid.uuid4().hex[:10]
        with psycopg.connect(postgres_url, autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        on_ray = postgres_url.rsplit("/", 1)[0] + "/" + name
    else:
        paths = [str(corpus.root / "gz"), str(corpus.root / "rows")]
        on_ray = str(tmp_path / "ray.db")
    local = ingest(paths, str(tmp_path / "local.db"), workers=1, max_chars=corpus.max_chars)
    assert local.read == (len(items) if where.startswith("whole") else N_ROWS)
    first = ingest(paths, on_ray, engine="ray", workers=2, max_chars=corpus.max_chars, time_limit=float(TIME_LIMIT))
    assert (first.read, first.coded, first.skipped, first.failed) == (
        local.read,
        local.coded,
        local.skipped,
        local.failed,
    )
    again = ingest(paths, on_ray, engine="ray", workers=2, max_chars=corpus.max_chars, time_limit=float(TIME_LIMIT))
    assert (again.read, again.coded, again.skipped, again.failed) == (
        local.read,
        0,
        local.coded + local.skipped,
        local.failed,
    )
    with Store.open(str(tmp_path / "local.db")) as a, Store.open(on_ray) as b:
        assert "E049" not in {r["code"] for r in b.query("SELECT code FROM errors")}  # each within its limit
        assert b.checksum() == a.checksum()
