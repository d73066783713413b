"""Poison rows and the store, on SQLite and PostgreSQL alike: wrong types, NUL bytes and lone surrogates
never fail an ingest, and a rerun goes past them too (issue 15, items 3 and 4)."""

from __future__ import annotations

import json

from annales.store import Store
from annales.store.ingest import ingest
from tests.test_store import db_url  # noqa: F401 - the SQLite/PostgreSQL fixture

OK = "Police arrested ten people in Paris on Monday."

POISON = [
    '{"id": "list-title", "title": ["a"], "text": "TEXT"}'.replace("TEXT", OK),
    '{"id": "object-url", "url": {"a": 1}, "text": "TEXT"}'.replace("TEXT", OK),
    '{"id": "list-source", "source": [1], "text": "TEXT"}'.replace("TEXT", OK),
    '{"id": "surrogates\\ud800", "title": "t\\udfff", "url": "u\\ud800", "source": "s\\udc00", "text": "TEXT One."}'.replace(
        "TEXT", OK
    ),
    '{"id": "nul\\u0000", "title": "t\\u0000", "url": "u\\u0000", "source": "s\\u0000", "text": "TEXT Two.\\u0000"}'.replace(
        "TEXT", OK
    ),
    '{"id": "bad-date", "date": "2020-12-17garbage", "text": "TEXT"}'.replace("TEXT", OK),
    "[" * 50_000,
]


def test_store_poison_rows_are_stored_as_errors_or_cleaned_articles(tmp_path, db_url):  # noqa: F811
    feed = tmp_path / "poison.jsonl"
    feed.write_text(
        "\n".join(POISON + [json.dumps({"id": "good", "text": OK + " Three."})]) + "\n",
        encoding="utf-8",
        errors="surrogatepass",
    )
    first = ingest([str(feed)], db_url, workers=1)
    assert (first.read, first.coded, first.failed) == (8, 3, 5)
    second = ingest([str(feed)], db_url, workers=1)  # a rerun does not die at the same row
    assert (second.read, second.skipped, second.failed) == (8, 3, 5)
    with Store.open(db_url) as store:
        articles = {r["id"]: r for r in store.query("SELECT id, title, url, source, text, warnings FROM articles")}
        errors = sorted((r["path"].rsplit(":", 1)[1], r["code"]) for r in store.query("SELECT path, code FROM errors"))
    assert sorted(articles) == ["good", "nul\ufffd", "surrogates\ufffd"]
    nul = articles["nul\ufffd"]
    assert (nul["title"], nul["url"], nul["source"]) == ("t\ufffd", "u\ufffd", "s\ufffd")
    assert nul["text"] == OK + " Two.\ufffd"
    assert [w["code"] for w in json.loads(nul["warnings"])] == ["W002", "W004"]  # undated, and cleaned
    assert errors == [("1", "E041"), ("2", "E041"), ("3", "E041"), ("6", "E035"), ("7", "E007")]


def test_store_refuses_nothing_for_nul_or_surrogates_in_any_parameter(db_url):  # noqa: F811
    with Store.open(db_url) as store:
        store.write_error("k\x00", "p\ud800", "E047", "message \x00 \udfff")
        rows = store.query("SELECT key, path, message FROM errors WHERE key = ?", ("k\x00",))
    assert rows == [{"key": "k\ufffd", "path": "p\ufffd", "message": "message \ufffd \ufffd"}]
