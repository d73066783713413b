"""The store's checksum (issue 15): `annales stats --checksum` gives the same digest for the same content
whatever order it was written in and on SQLite or PostgreSQL, and another digest when one event differs."""

from __future__ import annotations

import hashlib
import json
import random
import uuid

from typer.testing import CliRunner

from annales.cli import app
from annales.store import Store
from annales.store.checksum import store_checksum
from annales.store.clusters import update_clusters
from tests.test_store import db_url  # noqa: F401 - the SQLite/PostgreSQL fixture
from tests.test_store_clusters import _doc


def _docs():
    """Articles by hand with events, a quantity and a quote each (every content table but the coder's
    own actors, mentions, timexes and places, which ingest fills below)."""
    rng = random.Random(11)
    docs = []
    for i in range(12):
        doc = _doc(rng.randrange(1, 4), rng, f"a{i}")
        doc["quantities"] = [
            {
                "subject": None,
                "value": 4 + i,
                "unit": "killed",
                "date": "2024-05-01",
                "modality": "asserted",
                "text": "four",
                "start": 0,
                "end": 4,
            }
        ]
        doc["quotes"] = [
            {
                "text": "We shelled Gao",
                "speaker": {"actor_id": "A1", "name": "Rebels"},
                "via": None,
                "direct": True,
                "start": 1,
                "end": 15,
            }
        ]
        docs.append((f"h{i:02d}", doc))
    return docs


def _fill(url, docs):
    with Store.open(url) as store:
        for h, doc in docs:
            store.write_document(h, doc)
        store.write_error("path:x", "bad.jsonl:3", "E005", "[E005] Could not read 'bad.jsonl' line 3")
        update_clusters(store)
        return store_checksum(store)


def _pg_database(request) -> str:
    import psycopg

    base = request.getfixturevalue("postgres_url")
    name = "t_" + uuid.uuid4().hex[:10]
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return base.rsplit("/", 1)[0] + "/" + name


def test_store_checksum_same_content_any_order_either_database(tmp_path, request):
    docs = _docs()
    forward = _fill(str(tmp_path / "a.db"), docs)
    assert forward == _fill(str(tmp_path / "b.db"), docs)  # the same input twice
    assert forward == _fill(str(tmp_path / "c.db"), list(reversed(docs)))  # in another order
    shuffled = docs[:]
    random.Random(2).shuffle(shuffled)
    assert forward == _fill(_pg_database(request), shuffled)  # on PostgreSQL
    assert len(forward) == 64 and int(forward, 16) >= 0


def test_store_checksum_changes_with_one_event(db_url, tmp_path):  # noqa: F811
    docs = _docs()
    reference = _fill(str(tmp_path / "ref.db"), docs)
    changed = json.loads(json.dumps(docs))
    changed[5][1]["events"][0]["confidence"] = 0.91  # one value of one event
    assert _fill(db_url, changed) != reference
    with Store.open(db_url) as store:
        store.execute("UPDATE events SET confidence = ? WHERE uid = ?", (0.9, "h05:E0"))
        store.conn.commit()
        assert store_checksum(store) == reference  # and back: the same content again


def test_store_checksum_of_an_empty_store_is_the_documented_digest(tmp_path):
    """The format as documented in store/checksum.py, computed here by hand: a header line, then per
    table its name and column names (sorted) as JSON, then its rows (none here)."""
    from annales.store.schema import ARTICLE_TABLES

    with Store.open(str(tmp_path / "e.db")) as store:
        expected = hashlib.sha256(b"annales-store-checksum/2\n")
        for table in ("articles",) + ARTICLE_TABLES + ("clusters", "errors", "reviews"):
            expected.update(json.dumps([table, sorted(store._columns(table))]).encode() + b"\n")
        assert store_checksum(store) == expected.hexdigest()


def test_store_checksum_cli_prints_the_digest(tmp_path):
    db = str(tmp_path / "s.db")
    digest = _fill(db, _docs())
    result = CliRunner().invoke(app, ["stats", "--db", db, "--checksum"])
    assert result.exit_code == 0, result.output
    assert result.stdout == digest + "\n"
    result = CliRunner().invoke(app, ["stats", "--db", db, "--checksum", "--format", "json"])
    assert json.loads(result.stdout) == {"checksum": digest}


def test_store_checksum_ingest_order_does_not_matter(tmp_path):
    from annales.store.ingest import ingest
    from tests.test_store import OTHER_CITY, SAME_EVENT

    files = []
    for i, (text, day) in enumerate(SAME_EVENT + OTHER_CITY):
        p = tmp_path / f"in{i}.jsonl"
        p.write_text(json.dumps({"id": f"a{i}", "text": text, "date": day}) + "\n")
        files.append(str(p))
    ingest(files, str(tmp_path / "one.db"))
    for f in reversed(files):  # one by one, last first: each ingest clusters incrementally
        ingest([f], str(tmp_path / "two.db"))
    with Store.open(str(tmp_path / "one.db")) as a, Store.open(str(tmp_path / "two.db")) as b:
        assert a.query("SELECT MAX(n_reports) AS n FROM clusters")[0]["n"] == 3  # the three reports of Gao
        assert store_checksum(a) == store_checksum(b)
